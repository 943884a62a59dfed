"""Great Expectations suites for every served table: what a BI reader may rely on.

Written as plain data (expectation name -> keyword arguments) so this module imports instantly;
Great Expectations itself (slow to import) is loaded only when a suite runs.
"""

from __future__ import annotations

TIERS = ["sub_1k", "micro", "macro", "mega"]
BANDS = ["<1k", "1k-10k", "10k-50k", "50k-100k", "100k-500k", "500k-1M", "1M+"]
RECOMMENDATIONS = ["recommend", "review", "avoid", "insufficient_data"]
VERDICTS = ["flagged", "credited", "clear", "not_measured", "not_scored"]

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
        _between("niche_focus", 0, 1),
        _between("secondary_niche_focus", 0, 1),
    ],
    "fct_posts": [
        _unique("post_key"),
        *_not_null("post_key", "creator_key", "posted_at", "engagements"),
        _between("engagements", 0, None),
        _between("er_followers", 0, None),
        _between("er_views", 0, None),
        _between("er_likes_comments", 0, None),
        *_not_null("is_sponsored_resolved"),
    ],
    "fct_comments": [
        _unique("comment_key"),
        *_not_null("comment_key", "post_key", "creator_key", "commenter_key", "created_at"),
        ("ExpectColumnValueLengthsToEqual", {"column": "commenter_key", "value": 64}),
    ],
    "mart_creator_engagement": [
        _unique("creator_key"),
        *_not_null("creator_key", "platform", "posts_in_window", "is_scored"),
        _between("posts_in_window", 0, None),
        _between("er_median", 0, None),
        _between("reply_rate", 0, 1),
        _between("er_percentile_in_band", 0, 1),
        _between("er_likes_comments_median", 0, None),
        _between("sponsored_er_lift", 0, None),
        _between("follower_growth_30d", -1, None),
        _between("follower_growth_90d", -1, None),
        _between("posts_per_week", 0, None),
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
        *_not_null("recommendation_reasons"),
        _between("authentic_engagement_share", 0, 1),
        _between("est_cost_per_post", 0, None),
        (
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {
                "column_A": "est_cost_per_authentic_engagement",
                "column_B": "est_cost_per_engagement",
                "or_equal": True,
                "ignore_row_if": "either_value_is_missing",
            },
        ),
    ],
    "mart_tier_benchmarks": [
        (
            "ExpectCompoundColumnsToBeUnique",
            {"column_list": ["platform", "segment_type", "segment"]},
        ),
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
        (
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {
                "column_A": "cost_per_authentic_engagement_p75",
                "column_B": "cost_per_authentic_engagement_p25",
                "or_equal": True,
                "ignore_row_if": "either_value_is_missing",
            },
        ),
    ],
    "fct_profile_snapshots": [
        ("ExpectCompoundColumnsToBeUnique", {"column_list": ["creator_key", "scraped_at"]}),
        *_not_null("creator_key", "scraped_at", "is_flagged_follower_spike"),
        _between("followers", 0, None),
    ],
    "mart_creator_evidence": [
        ("ExpectCompoundColumnsToBeUnique", {"column_list": ["creator_key", "signal"]}),
        *_not_null("creator_key", "signal", "verdict"),
        _in_set("verdict", VERDICTS),
        _between("points", 0, None),
    ],
    "dim_reason_codes": [
        _unique("reason_code"),
        *_not_null("reason_code", "meaning", "how_computed"),
        _in_set("applies_to", ["creator", "comment"]),
    ],
}
SERVED_MARTS = tuple(SUITES)
