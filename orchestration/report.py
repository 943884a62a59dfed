"""A short text table of the best micro-influencers per niche, read from the served database."""

from __future__ import annotations

from pathlib import Path

import duckdb

# The best recommended micro-influencers of each niche; rank_in_niche_tier also counts creators
# flagged for review, so the list can skip ranks.
TOP_QUERY = """
select primary_niche as niche, rank_in_niche_tier as rank, platform, handle, followers,
       round(100 * er_median, 2) as er_pct, authenticity_score as authenticity,
       overall_score as score
from mart_creator_scorecard
where follower_tier = 'micro' and recommendation = 'recommend'
qualify row_number() over (partition by primary_niche order by rank_in_niche_tier) <= ?
order by niche, rank
"""


def top_micro_influencers(database: Path, per_niche: int) -> str:
    with duckdb.connect(str(database), read_only=True) as connection:
        frame = connection.execute(TOP_QUERY, [per_niche]).df()
    if frame.empty:
        return "no scored micro-influencers"
    return frame.to_string(index=False)
