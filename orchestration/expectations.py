"""Great Expectations suites for every served table: the rules dbt tests do not already check.

One home for each rule. dbt tests (dbt_project/models/**/_*.yml) own what a row must hold on its
own: keys unique and present, relationships, accepted values, ranges. Great Expectations owns what
a BI reader relies on across columns and across the served contract:
- the schema contract: a served table has exactly its documented columns (added to every suite
  from the dbt docs or the log tables' descriptions, see orchestration/quality.py);
- consistency between columns of a row: a flag and its reasons agree, a rate that counts fewer
  interactions is not the larger one, a rank exists exactly for recommended creators;
- formats dbt does not test: a commenter key is a 64-hex keyed hash, never a raw id.
tests/test_expectations.py fails when a rule here repeats a dbt test on the same column.

Written as plain data so this module imports instantly; Great Expectations itself (slow to import)
is loaded only when a suite runs. Every rule is validated on every row (orchestration/quality.py);
a suite of row-local rules alone skips the rows the current release holds unchanged, which passed
the same suite when it was published (orchestration/checks.py, `BIGNOISE_VALIDATE_ROWS`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from importlib.metadata import version

# Great Expectations' column map and column pair map expectations: a row's outcome depends on that
# row's values alone, so a row equal (in the columns a rule reads) to one that passed the same rule
# passes again. Table-level expectations (unique values, means, row counts) are not in this list,
# nor is a map expectation with `mostly` (its outcome is a share of all rows).
ROW_LOCAL_EXPECTATIONS = frozenset(
    {
        "ExpectColumnPairValuesAToBeGreaterThanB",
        "ExpectColumnValueLengthsToBeBetween",
        "ExpectColumnValuesToBeBetween",
        "ExpectColumnValuesToBeInSet",
        "ExpectColumnValuesToBeNull",
        "ExpectColumnValuesToMatchRegex",
        "ExpectColumnValuesToNotBeInSet",
        "ExpectColumnValuesToNotBeNull",
    }
)


@dataclass(frozen=True)
class Rule:
    """One expectation: its Great Expectations class name, arguments, and why it holds."""

    expectation: str
    arguments: dict
    why: str

    @property
    def columns(self) -> list[str]:
        """The columns the rule reads (so a chunk of a large table carries only those)."""
        arguments = self.arguments
        named = [arguments.get(k) for k in ("column", "column_A", "column_B")]
        named += list(arguments.get("column_list") or [])
        named += CONDITION_COLUMNS.get(arguments.get("row_condition", ""), [])
        return [c for c in named if c]


@dataclass(frozen=True)
class Suite:
    rules: list[Rule]
    # Columns naming a row in a failing-rows sample.
    key_columns: list[str] = field(default_factory=list)

    @property
    def is_row_local(self) -> bool:
        """Every rule judges each row on its own values (ROW_LOCAL_EXPECTATIONS)."""
        return all(
            rule.expectation in ROW_LOCAL_EXPECTATIONS and "mostly" not in rule.arguments
            for rule in self.rules
        )

    @property
    def digest(self) -> str:
        """What the suite's outcomes depend on: its rules and the Great Expectations version. A
        release records the digests of the suites its tables passed (orchestration/serving.py)."""
        rules = [[rule.expectation, rule.arguments] for rule in self.rules]
        text = json.dumps([version("great_expectations"), rules], sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


# Row conditions (pandas query syntax) used below, with the columns each reads.
CONDITION_COLUMNS = {
    'follower_tier == "micro"': ["follower_tier"],
    'follower_tier != "micro"': ["follower_tier"],
    "is_sponsored_resolved == True": ["is_sponsored_resolved"],
    "is_sponsored_resolved == False": ["is_sponsored_resolved"],
    "is_suspicious == True": ["is_suspicious"],
    "is_suspicious == False": ["is_suspicious"],
    "is_creator_reply == True": ["is_creator_reply"],
    "is_scored == True": ["is_scored"],
    "is_scored == False": ["is_scored"],
    'recommendation == "recommend"': ["recommendation"],
    'recommendation != "recommend"': ["recommendation"],
    'verdict in ["flagged", "credited"]': ["verdict"],
}


def _when(condition: str) -> dict:
    if condition not in CONDITION_COLUMNS:
        raise KeyError(f"declare the columns of row condition {condition!r} in CONDITION_COLUMNS")
    return {"row_condition": condition, "condition_parser": "pandas"}


def _at_least(column_a: str, column_b: str, why: str) -> Rule:
    """column_a >= column_b on every row where both are known."""
    arguments = {
        "column_A": column_a,
        "column_B": column_b,
        "or_equal": True,
        "ignore_row_if": "either_value_is_missing",
    }
    return Rule("ExpectColumnPairValuesAToBeGreaterThanB", arguments, why)


def _in_set_when(column: str, values: list, condition: str, why: str) -> Rule:
    arguments = {"column": column, "value_set": values, **_when(condition)}
    return Rule("ExpectColumnValuesToBeInSet", arguments, why)


def _present_when(column: str, condition: str, why: str) -> Rule:
    return Rule("ExpectColumnValuesToNotBeNull", {"column": column, **_when(condition)}, why)


def _absent_when(column: str, condition: str, why: str) -> Rule:
    return Rule("ExpectColumnValuesToBeNull", {"column": column, **_when(condition)}, why)


SUITES: dict[str, Suite] = {
    "dim_creators": Suite(
        [
            _in_set_when(
                "is_micro_influencer",
                [True],
                'follower_tier == "micro"',
                "the micro tier is what is_micro_influencer names",
            ),
            _in_set_when(
                "is_micro_influencer",
                [False],
                'follower_tier != "micro"',
                "no creator outside the micro tier is called a micro-influencer",
            ),
            _at_least(
                "niche_focus",
                "secondary_niche_focus",
                "the primary niche holds at least the secondary niche's share of posts",
            ),
        ],
        key_columns=["creator_key"],
    ),
    "fct_posts": Suite(
        [
            _at_least("engagements", "likes", "engagements count the likes and more"),
            _at_least(
                "er_followers",
                "er_likes_comments",
                "the rate over all interactions is at least the likes-and-comments rate",
            ),
            _present_when(
                "sponsored_source",
                "is_sponsored_resolved == True",
                "a sponsored post says how it was known",
            ),
            _absent_when(
                "sponsored_source",
                "is_sponsored_resolved == False",
                "an organic post has no sponsorship source",
            ),
        ],
        key_columns=["post_key"],
    ),
    "fct_comments": Suite(
        [
            Rule(
                "ExpectColumnValuesToMatchRegex",
                {"column": "commenter_key", "regex": "^[0-9a-f]{64}$"},
                "commenter keys are keyed SHA-256 digests, never an author id or handle",
            ),
            Rule(
                "ExpectColumnValuesToNotBeInSet",
                {
                    "column": "suspicion_reasons",
                    "value_set": [""],
                    **_when("is_suspicious == True"),
                },
                "a suspicious comment says why",
            ),
            _in_set_when(
                "suspicion_reasons",
                [""],
                "is_suspicious == False",
                "a comment with reasons is suspicious",
            ),
            _in_set_when(
                "is_reply", [True], "is_creator_reply == True", "a creator reply is a reply"
            ),
        ],
        key_columns=["comment_key"],
    ),
    "fct_profile_snapshots": Suite(
        [
            _at_least(
                "scraped_at",
                "previous_scraped_at",
                "the previous snapshot is not later than this one",
            ),
        ],
        key_columns=["creator_key", "scraped_at"],
    ),
    "mart_creator_engagement": Suite(
        [
            _at_least(
                "er_median",
                "er_likes_comments_median",
                "over the same posts, the all-interactions median is at least the "
                "likes-and-comments median",
            ),
            _present_when("er_median", "is_scored == True", "a scored creator has a rate"),
        ],
        key_columns=["creator_key"],
    ),
    "mart_creator_authenticity": Suite(
        [
            _present_when(
                "authenticity_score", "is_scored == True", "a scored creator has a score"
            ),
            _absent_when(
                "authenticity_score",
                "is_scored == False",
                "an unscored creator gets no score (never a default)",
            ),
            _present_when(
                "not_scored_reason", "is_scored == False", "an unscored creator says why"
            ),
        ],
        key_columns=["creator_key"],
    ),
    "mart_creator_scorecard": Suite(
        [
            _at_least(
                "est_cost_per_authentic_engagement",
                "est_cost_per_engagement",
                "fewer authentic engagements cost at least as much each",
            ),
            _present_when(
                "rank_in_niche_tier",
                'recommendation == "recommend"',
                "every recommended creator is ranked",
            ),
            _absent_when(
                "rank_in_niche_tier",
                'recommendation != "recommend"',
                "only recommended creators are ranked",
            ),
            _at_least(
                "ranked_in_niche_tier",
                "rank_in_niche_tier",
                "a rank is within the number ranked",
            ),
        ],
        key_columns=["creator_key"],
    ),
    "mart_tier_benchmarks": Suite(
        [
            _at_least("er_median_p50", "er_median_p25", "quartiles are ordered"),
            _at_least("er_median_p75", "er_median_p50", "quartiles are ordered"),
            _at_least("authenticity_p75", "authenticity_p25", "quartiles are ordered"),
            _at_least(
                "cost_per_authentic_engagement_p75",
                "cost_per_authentic_engagement_p25",
                "quartiles are ordered",
            ),
            _at_least("creators_total", "creators", "a segment's scored creators are among all"),
        ],
        key_columns=["platform", "segment_type", "segment"],
    ),
    "mart_creator_evidence": Suite(
        [
            Rule(
                "ExpectColumnValuesToBeBetween",
                {
                    "column": "points",
                    "min_value": 0,
                    "strict_min": True,
                    **_when('verdict in ["flagged", "credited"]'),
                },
                "a flagged or credited signal moved the score",
            ),
            _at_least("max_points", "points", "a signal takes at most its weight"),
        ],
        key_columns=["creator_key", "signal"],
    ),
    "dim_reason_codes": Suite(
        [
            Rule(
                "ExpectColumnValueLengthsToBeBetween",
                {"column": "meaning", "min_value": 10},
                "every code is explained in words",
            ),
        ],
        key_columns=["reason_code"],
    ),
}
SERVED_MARTS = tuple(SUITES)

# The working-database log tables served beside the marts (orchestration/publish.py), validated
# on the staged release before it becomes visible: no dbt test sees them.
LOG_SUITES: dict[str, Suite] = {
    "ingest_log": Suite(
        [
            _at_least("records_read", "records_loaded", "a file loads at most what was read"),
            _at_least(
                "records_quarantined",
                "records_duplicate",
                "duplicates are counted among the quarantined",
            ),
            Rule(
                "ExpectColumnValuesToBeInSet",
                {
                    "column": "status",
                    "value_set": [
                        "loaded",
                        "skipped_already_loaded",
                        "unsupported_format",
                        "unloaded",
                    ],
                },
                "every file's status is one the docs explain",
            ),
        ],
        key_columns=["run_id", "file"],
    ),
    "release_info": Suite(
        [_at_least("window_end", "window_start", "the scoring window is not reversed")],
        key_columns=["release_id"],
    ),
    "quality_results": Suite(
        [
            Rule(
                "ExpectColumnValuesToBeInSet",
                {"column": "severity", "value_set": ["blocking", "warning"]},
                "every check is blocking or a warning",
            ),
            Rule(
                "ExpectColumnValuesToNotBeNull",
                {"column": "passed"},
                "every recorded check has an outcome",
            ),
        ],
        key_columns=["run_id", "check_name"],
    ),
    "publish_log": Suite(
        [
            Rule(
                "ExpectColumnValuesToNotBeNull",
                {"column": "release_id"},
                "every publish names its release",
            )
        ],
        key_columns=["release_id"],
    ),
}
