"""Great Expectations suites for every served table: what a BI reader may rely on.

Written as plain data (expectation name -> keyword arguments) so this module imports instantly;
Great Expectations itself (slow to import) is loaded only when a suite runs.
"""

from __future__ import annotations

TIERS = ["sub_1k", "micro", "macro", "mega"]
BANDS = ["<1k", "1k-10k", "10k-50k", "50k-100k", "100k-500k", "500k-1M", "1M+"]
RECOMMENDATIONS = ["recommend", "review", "avoid", "insufficient_data"]

# Large fact tables are checked on a repeatable sample (dbt tests cover every row).
SAMPLE_ROWS = 200_000


def _not_null(*columns: str) -> list[tuple[str, dict]]:
    return [("ExpectColumnValuesToNotBeNull", {"column": c}) for c in columns]


def _between(column: str, low: float | None, high: float | None) -> tuple[str, dict]:
    arguments = {"column": column, "min_value": low, "max_value": high}
    return ("ExpectColumnValuesToBeBetween", arguments)


def _unique(column: str) -> tuple[str, dict]:
    return ("ExpectColumnValuesToBeUnique", {"column": column})


def _in_set(column: str, values: list[str]) -> tuple[str, dict]:
    return ("ExpectColumnValuesToBeInSet", {"column": column, "value_set": values})


SUITES: dict[str, list[tuple[str, dict]]] = {
    "dim_creators": [
        _unique("creator_key"),
        *_not_null("creator_key", "platform", "creator_id", "primary_niche"),
        _between("followers", 0, None),
        _in_set("follower_tier", TIERS),
        _in_set("follower_band", BANDS),
    ],
    "fct_posts": [
        _unique("post_key"),
        *_not_null("post_key", "creator_key", "posted_at", "engagements"),
        _between("engagements", 0, None),
        _between("er_followers", 0, None),
        _between("er_views", 0, None),
    ],
    "fct_comments": [
        _unique("comment_key"),
        *_not_null("comment_key", "post_key", "creator_key", "commenter_key", "created_at"),
        ("ExpectColumnValueLengthsToEqual", {"column": "commenter_key", "value": 32}),
    ],
    "mart_creator_engagement": [
        _unique("creator_key"),
        *_not_null("creator_key", "platform", "posts_in_window", "is_scored"),
        _between("posts_in_window", 0, None),
        _between("er_median", 0, None),
        _between("reply_rate", 0, 1),
        _between("er_percentile_in_band", 0, 1),
    ],
    "mart_creator_authenticity": [
        _unique("creator_key"),
        *_not_null("creator_key", "is_scored", "explanation"),
        _between("authenticity_score", 0, 100),
        _between("suspicious_comment_share", 0, 1),
        _between("pod_comment_share", 0, 1),
        _between("top10_commenter_share", 0, 1),
    ],
    "mart_creator_scorecard": [
        _unique("creator_key"),
        *_not_null("creator_key", "recommendation"),
        _between("overall_score", 0, 100),
        _between("authenticity_score", 0, 100),
        _between("rank_in_niche_tier", 1, None),
        _in_set("recommendation", RECOMMENDATIONS),
    ],
    "mart_tier_benchmarks": [
        ("ExpectCompoundColumnsToBeUnique", {"column_list": ["platform", "follower_band"]}),
        _between("creators", 0, None),
        (
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {"column_A": "er_median_p50", "column_B": "er_median_p25", "or_equal": True},
        ),
        (
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {"column_A": "er_median_p75", "column_B": "er_median_p50", "or_equal": True},
        ),
        _between("authenticity_median", 0, 100),
    ],
}
SERVED_MARTS = tuple(SUITES)
