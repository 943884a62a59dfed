"""Ground truth of the injected fraud, written next to (never inside) the dumps folder."""

from __future__ import annotations

from pathlib import Path

import duckdb

from synthetic.config import GenerationConfig

README = """# Ground truth of a generated dump set

Written by `bignoise generate` (synthetic/) next to the dumps, never inside them, so
ingestion cannot see it. Seed {seed}, {creators} creators, end date {end_date}.

## creators.csv
One row per creator (including creators without profile snapshots).
- `platform`, `creator_id`: as in the dumps; `creator_key` = platform || ':' || creator_id.
- `niche`: the creator's one niche (fitness, beauty, food, ...).
- `follower_tier`: sub_1k (< 1k), micro (1k-100k), macro (100k-1M), mega (>= 1M), from the
  creator's organic followers at the end date; bought followers are not counted, so a bought-
  follower creator can look one tier higher in the dumps.
- `bought_followers`: one profile snapshot to the next (<= 7 days apart) jumps followers by
  +65% to +290%; engagement stays at the organic level, so the engagement rate drops.
- `bot_comments`: 30-70% of the creator's comments come from a shared pool of bot accounts
  (see bot_accounts.csv) posting generic short texts within {bot_minutes} minutes of posting.
- `engagement_pod`: the creator belongs to a pod of 6-10 creators on the same platform who
  comment on each other's posts within the first hour (25-50% of the member's comments).
- `bought_likes`: likes inflated 4-10x, comments not: likes per comment far above normal.
- `pod_id`: the pod (platform-pod-N) when engagement_pod, else empty.
Each pattern is drawn on about {fraud_pct}% of creators, independently (they may overlap).

## bot_accounts.csv
One row per bot account that commented: `platform`, `author_id`, `author_handle`.
"""


def write_truth(
    connection: duckdb.DuckDBPyConnection, truth_dir: Path, config: GenerationConfig
) -> list[Path]:
    truth_dir.mkdir(parents=True, exist_ok=True)
    creators_path = truth_dir / "creators.csv"
    bots_path = truth_dir / "bot_accounts.csv"
    readme_path = truth_dir / "README.md"
    connection.execute(
        f"""
        copy (
            select platform, creator_id, platform || ':' || creator_id as creator_key, niche,
                   follower_tier, bought_followers, bot_comments, engagement_pod, bought_likes,
                   pod_id
            from creators order by creator_idx
        ) to '{_escaped(creators_path)}' (format csv, header)
        """
    )
    connection.execute(
        f"""
        copy (
            select distinct platform, author_id, author_handle
            from comments where kind = 'bot' order by all
        ) to '{_escaped(bots_path)}' (format csv, header)
        """
    )
    readme_path.write_text(
        README.format(
            seed=config.seed,
            creators=config.creators,
            end_date=config.end_date,
            bot_minutes=config.bot_comment_minutes,
            fraud_pct=round(config.fraud_share * 100),
        )
    )
    return [creators_path, bots_path, readme_path]


def _escaped(path: Path) -> str:
    return str(path).replace("'", "''")
