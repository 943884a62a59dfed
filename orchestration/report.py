"""The `bignoise top` table: the best recommended creators of one follower tier, per niche.

Read from the served database (`<warehouse>/serving/marts.duckdb`, opened read-only). The text is
built here and only printed by the CLI, so it can be tested as a plain string. The small number
formatters are shared with the creator dossier (orchestration/dossier.py).
"""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path

import duckdb

from orchestration.project_vars import follower_tiers, recommendation_rules

# Tiers and recommendation thresholds come from the dbt vars that define them (project_vars).
TIERS = tuple(segment.name for segment in follower_tiers())
TIER_LABELS = {segment.name: segment.label for segment in follower_tiers()}
RULES = recommendation_rules()
RECOMMENDATIONS = ("recommend", "review", "avoid", "insufficient_data")
NOT_AVAILABLE = "n/a"

# rank_in_niche_tier counts the recommended creators of one primary_niche x follower_tier over all
# platforms (1, 2, 3 ... with no gaps); ranked_in_niche_tier is how many there are. Without a
# platform filter the first N ranks are the top N; with one, the rank still counts all platforms,
# so the row_number over the filtered rows picks that platform's best N.
TOP_QUERY = """
select primary_niche as niche, rank_in_niche_tier as rank, ranked_in_niche_tier as ranked,
       platform, handle, followers, er_median, authenticity_score,
       est_cost_per_authentic_engagement, cost_currency, overall_score
from mart_creator_scorecard
where follower_tier = ? and recommendation = 'recommend' and rank_in_niche_tier is not null
  {platform_filter}
qualify row_number() over (partition by primary_niche order by rank_in_niche_tier) <= ?
order by primary_niche = 'unknown', primary_niche, rank_in_niche_tier
"""

# Why nothing qualified: the creators of the tier (and platform) by recommendation.
TIER_COUNTS_QUERY = """
select recommendation, count(*) as creators
from mart_creator_scorecard
where follower_tier = ? {platform_filter}
group by recommendation
"""

RELEASE_QUERY = "select as_of, window_start, window_end, window_posts from release_info"

COLUMNS = [
    "niche",
    "rank",
    "platform",
    "handle",
    "followers",
    "ER %",
    "authenticity",
    "cost/auth. eng.",
    "score",
]
RIGHT_ALIGNED = {"rank", "followers", "ER %", "authenticity", "cost/auth. eng.", "score"}


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_percent(fraction, decimals: int = 1, signed: bool = False) -> str:
    """A fraction as a percent (0.043 -> '4.3%'), 'n/a' when unknown."""
    if is_missing(fraction):
        return NOT_AVAILABLE
    return f"{100 * fraction:{'+' if signed else ''}.{decimals}f}%"


def format_number(value, decimals: int = 0) -> str:
    """Thousands separators (3291 -> '3,291'), 'n/a' when unknown."""
    if is_missing(value):
        return NOT_AVAILABLE
    return f"{value:,.{decimals}f}"


def format_money(amount, currency) -> str:
    """An amount with its currency ('0.37 USD'); three decimals below one cent (not '0.00')."""
    if is_missing(amount):
        return NOT_AVAILABLE
    decimals = 3 if 0 < abs(amount) < 0.01 else 2
    return f"{amount:,.{decimals}f} {currency or ''}".rstrip()


def format_time(moment) -> str:
    """A naive UTC timestamp as 'YYYY-MM-DD HH:MM UTC'."""
    if is_missing(moment):
        return NOT_AVAILABLE
    if isinstance(moment, datetime):
        return moment.strftime("%Y-%m-%d %H:%M UTC")
    return str(moment)


def format_date(moment) -> str:
    if is_missing(moment):
        return NOT_AVAILABLE
    return moment.strftime("%Y-%m-%d") if isinstance(moment, datetime) else str(moment)


def release_line(connection: duckdb.DuckDBPyConnection) -> str:
    """'Release as of ...' with the scoring window, from release_info."""
    row = connection.execute(RELEASE_QUERY).fetchone()
    if row is None:
        return "Release: n/a (release_info is empty)"
    as_of, window_start, window_end, window_posts = row
    return (
        f"Release as of {format_time(as_of)} (window: the latest {window_posts} posts per creator"
        f" published {format_date(window_start)} to {format_date(window_end)})"
    )


def _platform_filter(platform: str | None) -> tuple[str, list]:
    if platform is None:
        return "", []
    return "and lower(platform) = lower(?)", [platform]


def _table(rows: list[dict]) -> list[str]:
    """Aligned text lines: a header, then the rows; a niche is named on its first row only."""
    widths = {column: max(len(column), *(len(row[column]) for row in rows)) for column in COLUMNS}

    def line(cells: dict) -> str:
        return "  ".join(
            cells[c].rjust(widths[c]) if c in RIGHT_ALIGNED else cells[c].ljust(widths[c])
            for c in COLUMNS
        ).rstrip()

    lines = [line({c: c for c in COLUMNS})]
    previous = None
    for row in rows:
        shown = {**row, "niche": row["niche"] if row["niche"] != previous else ""}
        previous = row["niche"]
        lines.append(line(shown))
    return lines


def _legend(tier: str, platform: str | None) -> list[str]:
    """One line per column (the platform filter adds one about skipped ranks)."""
    explained = [
        (
            "rank",
            "2/7 = 2nd of 7 recommended creators of this niche and tier, all platforms, by score",
        ),
        ("followers", "followers at the latest profile reading"),
        ("ER %", "engagement rate as a percent: median per post of engagements / followers"),
        ("authenticity", "0-100; 100 = no sign of bought followers, likes or comments"),
        (
            "cost/auth. eng.",
            "estimated price of one sponsored post / its median authentic engagements",
        ),
        (
            "score",
            "0-100: half the percentile of the authentic ER (bought likes and bot comments taken "
            "out) within platform and follower band, half authenticity",
        ),
        (
            tier,
            f"{TIER_LABELS[tier]}; recommended = authenticity {RULES['review_below']:g}+, "
            f"no signal taking {RULES['review_min_deduction']:g}+ points",
        ),
    ]
    lines = ["What the columns mean (engagements = likes + comments + shares + saves):"]
    lines += [f"  {name:<16} {text}" for name, text in explained]
    if platform:
        lines.insert(2, f"  {'':<16} (only {platform} creators are listed, so ranks can skip)")
    return lines


def top_by_niche(
    database: Path, per_niche: int = 3, tier: str = "micro", platform: str | None = None
) -> str:
    """The top `per_niche` recommended creators of `tier` in each niche, with a legend, as text."""
    if tier not in TIERS:
        raise ValueError(f"unknown tier {tier!r}: one of {', '.join(TIERS)}")
    platform_sql, platform_args = _platform_filter(platform)
    with duckdb.connect(str(database), read_only=True) as connection:
        cursor = connection.execute(
            TOP_QUERY.format(platform_filter=platform_sql), [tier, *platform_args, per_niche]
        )
        names = [d[0] for d in cursor.description]
        found = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        release = release_line(connection)
        counts = {}
        platforms = []
        if not found:
            counts = dict(
                connection.execute(
                    TIER_COUNTS_QUERY.format(platform_filter=platform_sql),
                    [tier, *platform_args],
                ).fetchall()
            )
            platforms = [
                p
                for (p,) in connection.execute(
                    "select distinct platform from dim_creators order by 1"
                ).fetchall()
            ]

    scope = f"{tier} creators" + (f" on {platform}" if platform else "")
    title = f"Top {per_niche} recommended {scope} per niche ({TIER_LABELS[tier]})"
    if not found:
        return "\n".join(
            [title, "", *_nothing_qualifies(scope, counts, platform, platforms), "", release]
        )

    cells = [
        {
            "niche": row["niche"] or "unknown",
            "rank": f"{row['rank']}/{row['ranked']}",
            "platform": row["platform"],
            "handle": row["handle"] or NOT_AVAILABLE,
            "followers": format_number(row["followers"]),
            "ER %": format_number(
                None if is_missing(row["er_median"]) else 100 * row["er_median"], 2
            ),
            "authenticity": format_number(row["authenticity_score"], 1),
            "cost/auth. eng.": format_money(
                row["est_cost_per_authentic_engagement"], row["cost_currency"]
            ),
            "score": format_number(row["overall_score"], 1),
        }
        for row in found
    ]
    return "\n".join([title, "", *_table(cells), "", *_legend(tier, platform), "", release])


def _nothing_qualifies(
    scope: str, counts: dict, platform: str | None, platforms: list[str]
) -> list[str]:
    total = sum(counts.values())
    if total == 0:
        known = ", ".join(platforms) or "none"
        where = f" (platforms in this release: {known})" if platform else ""
        return [f"No recommended {scope}: this release has no {scope} at all{where}."]
    by_recommendation = ", ".join(f"{counts.get(name, 0)} {name}" for name in RECOMMENDATIONS)
    return [
        f"No recommended {scope} in this release.",
        f"Of its {total} {scope}: {by_recommendation}.",
        f"Only 'recommend' creators are ranked. review = authenticity under "
        f"{RULES['review_below']:g} or one signal taking",
        f"{RULES['review_min_deduction']:g} points or more; avoid = authenticity under "
        f"{RULES['avoid_below']:g}; insufficient_data = too few posts or",
        "comments to score.",
        "Use `bignoise explain --warehouse W HANDLE` to see why a creator got its verdict.",
    ]
