"""The merged column tests (tests/generic/test_columns_not_null.sql, test_columns_between.sql,
test_columns_accepted_values.sql, test_key_and_not_null.sql): one dbt test per model checks many
columns, and a failure still names the column that broke.

A warehouse is built once from the hand-made dump; each test then breaks values on purpose, as a
bad model or a bad load would.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from conftest import HANDMADE_WINDOW, bignoise, handmade_settings

from orchestration.quality_log import dbt_test_results
from orchestration.run_pipeline import run_job


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    warehouse = tmp_path_factory.mktemp("column_tests") / "wh"
    summary = run_job(handmade_settings(warehouse), show_progress=False)
    assert summary.success, summary.errors + summary.checks_failed
    return warehouse


def working_database(warehouse: Path) -> Path:
    return warehouse / "work" / "bignoise.duckdb"


def dbt_by_hand(warehouse: Path, *dbt_args: str):
    """`bignoise dbt` over the warehouse with the hand-made window, as a user would run it."""
    window = [
        "--as-of",
        HANDMADE_WINDOW["as_of"].replace(" ", "T"),
        "--window-days",
        str(HANDMADE_WINDOW["window_days"]),
        "--window-posts",
        str(HANDMADE_WINDOW["window_posts"]),
    ]
    return bignoise("dbt", "--warehouse", str(warehouse), *window, "--", *dbt_args, cwd=warehouse)


def latest(warehouse: Path, name: str) -> Path:
    return max((warehouse / "work").rglob(name), key=lambda path: path.stat().st_mtime)


def test_a_null_and_an_out_of_range_value_fail_their_model_tests_naming_the_column(warehouse):
    with duckdb.connect(str(working_database(warehouse))) as connection:
        connection.execute("update marts.fct_posts set creator_key = null where post_id = 'a1'")
        connection.execute("update marts.fct_posts set engagements = -7 where post_id = 'a2'")
        connection.execute("update marts.fct_posts set er_views = -0.5 where post_id = 'b1'")
    result = dbt_by_hand(warehouse, "test", "--select", "fct_posts")
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-2000:]

    run_results = latest(warehouse, "run_results.json")
    outcomes = {
        r["unique_id"].split(".")[2]: r for r in json.loads(run_results.read_text())["results"]
    }
    assert outcomes["key_and_not_null_fct_posts"]["status"] == "fail"
    assert outcomes["key_and_not_null_fct_posts"]["failures"] == 1
    assert outcomes["columns_between_fct_posts"]["status"] == "fail"
    assert outcomes["columns_between_fct_posts"]["failures"] == 2
    # The other tests on fct_posts (relationships, accepted values) still pass.
    failed = {"key_and_not_null_fct_posts", "columns_between_fct_posts"}
    assert {name: r["status"] for name, r in outcomes.items() if name not in failed} == {
        name: "pass" for name in outcomes if name not in failed
    }

    with duckdb.connect(str(working_database(warehouse))) as connection:
        # The failing rows themselves: one per (column, row), naming the column and the value.
        failing = {
            name: sorted(connection.execute(outcomes[name]["compiled_code"]).fetchall())
            for name in ("key_and_not_null_fct_posts", "columns_between_fct_posts")
        }
        # What quality_results serves for them (the rows the pipeline's dbt step records).
        served = {
            row[0].split(".")[0]: row
            for row in dbt_test_results(
                run_results, run_results.parent / "manifest.json", connection
            )
        }
    assert failing == {
        "key_and_not_null_fct_posts": [("creator_key", None, None)],
        "columns_between_fct_posts": [("engagements", "-7"), ("er_views", "-0.5")],
    }
    _, table, tool, severity, passed, observed, message = served["columns_between_fct_posts"]
    assert (table, tool, severity, passed) == ("fct_posts", "dbt test", "blocking", False)
    assert observed == "2"
    assert message.endswith(
        "; failing columns: engagements (1 row, e.g. -7), er_views (1 row, e.g. -0.5)"
    ), message
    assert served["key_and_not_null_fct_posts"][6].endswith(
        "; failing columns: creator_key (1 row, e.g. null)"
    )
    assert served["columns_accepted_values_fct_posts"][6] == ""  # a passing test has no message


def test_a_failing_merged_test_fails_the_run_and_names_the_column_in_quality_results(warehouse):
    """A bad value that got into raw.posts (here written there directly, bypassing ingestion's
    checks) fails stg_post_snapshots' columns_between: the dbt step fails, nothing is published,
    and the recorded outcome says which column."""
    current = (warehouse / "serving" / "current").resolve()
    with duckdb.connect(str(working_database(warehouse))) as connection:
        connection.execute("update raw.posts set likes = -likes where post_id = 'a3'")  # was 300
    try:
        summary = run_job(handmade_settings(warehouse), show_progress=False, rebuild=True)
        assert not summary.success
        assert "staging/stg_post_snapshots:columns_between_stg_post_snapshots" in (
            summary.checks_failed
        ), summary.checks_failed
        assert summary.published_database is None
        assert (warehouse / "serving" / "current").resolve() == current
        with duckdb.connect(str(working_database(warehouse)), read_only=True) as connection:
            [(severity, passed, observed, message)] = connection.execute(
                "select severity, passed, observed, message from raw.quality_results"
                " where run_id = ? and check_name like 'columns_between_stg_post_snapshots.%'",
                [summary.run_id],
            ).fetchall()
        assert (severity, passed, observed) == ("blocking", False, "1")
        assert message.endswith("; failing columns: likes (1 row, e.g. -300)"), message
    finally:
        with duckdb.connect(str(working_database(warehouse))) as connection:
            connection.execute("update raw.posts set likes = -likes where post_id = 'a3'")


def test_a_duplicated_or_null_key_and_values_not_accepted_fail_naming_the_column(warehouse):
    """key_and_not_null (the key unique and present, the other required columns present) and
    columns_accepted_values (every column's accepted values): one test each for the whole model."""
    database = working_database(warehouse)
    with duckdb.connect(str(database)) as connection:
        connection.execute(
            "create table marts.scorecard_as_built as select * from marts.mart_creator_scorecard"
        )
        # A second row for instagram:a; two rows without a key (nulls are not duplicates).
        connection.execute(
            "insert into marts.mart_creator_scorecard"
            " select * from marts.mart_creator_scorecard where creator_key = 'instagram:a'"
        )
        connection.execute(
            "update marts.mart_creator_scorecard set creator_key = null"
            " where creator_key in ('instagram:b', 'instagram:c')"
        )
        connection.execute(
            "update marts.mart_creator_scorecard set recommendation = 'maybe',"
            " cost_source = 'guess' where creator_key = 'youtube:d'"
        )
    try:
        result = dbt_by_hand(warehouse, "test", "--select", "mart_creator_scorecard")
        assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-2000:]
        run_results = latest(warehouse, "run_results.json")
        outcomes = {
            r["unique_id"].split(".")[2]: r for r in json.loads(run_results.read_text())["results"]
        }
        key_test = "key_and_not_null_mart_creator_scorecard"
        values_test = "columns_accepted_values_mart_creator_scorecard"
        assert {name for name, r in outcomes.items() if r["status"] != "pass"} == {
            key_test,
            values_test,
        }
        # Two null keys (one row each) and one duplicated key value, as not_null and unique count.
        assert outcomes[key_test]["failures"] == 3
        assert outcomes[values_test]["failures"] == 2
        with duckdb.connect(str(database)) as connection:
            failing = {
                name: sorted(
                    connection.execute(outcomes[name]["compiled_code"]).fetchall(), key=str
                )
                for name in (key_test, values_test)
            }
            served = {
                row[0].split(".")[0]: row
                for row in dbt_test_results(
                    run_results, run_results.parent / "manifest.json", connection
                )
            }
    finally:
        with duckdb.connect(str(database)) as connection:
            connection.execute(
                "create or replace table marts.mart_creator_scorecard as"
                " select * from marts.scorecard_as_built"
            )
            connection.execute("drop table marts.scorecard_as_built")
    assert failing == {
        key_test: sorted(
            [
                ("creator_key", None, None),
                ("creator_key", None, None),
                ("creator_key", "instagram:a", "duplicated"),
            ],
            key=str,
        ),
        values_test: [("cost_source", "guess"), ("recommendation", "maybe")],
    }
    assert served[key_test][1:6] == ("mart_creator_scorecard", "dbt test", "blocking", False, "3")
    assert served[key_test][6].endswith(
        "; failing columns: creator_key (2 rows, e.g. null),"
        " creator_key (1 duplicated value, e.g. instagram:a)"
    ), served[key_test][6]
    assert served[values_test][6].endswith(
        "; failing columns: cost_source (1 row, e.g. guess), recommendation (1 row, e.g. maybe)"
    ), served[values_test][6]


def test_a_null_in_a_source_fails_its_one_source_test_naming_the_column(warehouse):
    """The source tests on raw.* are one columns_not_null per table too (the asset checks of the
    raw/* assets)."""
    database = working_database(warehouse)
    with duckdb.connect(str(database)) as connection:
        [(posted_at,)] = connection.execute(
            "select posted_at from raw.posts where post_id = 'a3'"
        ).fetchall()
        connection.execute("update raw.posts set posted_at = null where post_id = 'a3'")
    try:
        result = dbt_by_hand(warehouse, "test", "--select", "source:raw.posts")
        assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-2000:]
        run_results = latest(warehouse, "run_results.json")
        with duckdb.connect(str(database)) as connection:
            served = {
                row[0].split(".")[0]: row
                for row in dbt_test_results(
                    run_results, run_results.parent / "manifest.json", connection
                )
            }
    finally:
        with duckdb.connect(str(database)) as connection:
            connection.execute(
                "update raw.posts set posted_at = ? where post_id = 'a3'", [posted_at]
            )
    name = "source_columns_not_null_raw_posts"
    assert served[name][1:6] == ("raw.posts", "dbt test", "blocking", False, "1"), served[name]
    assert served[name][6].endswith("; failing columns: posted_at (1 row, e.g. null)")
    assert set(served) == {name}  # one test for the five required columns of raw.posts


def test_an_incremental_models_key_test_reads_the_rows_the_latest_build_wrote(warehouse):
    """key_and_not_null with `written_by` (int_comments_flagged): a duplicate pair with one row the
    latest build wrote fails it, and so does a null in a row that build wrote; two rows of one key
    that an earlier build wrote are not read again (they passed that build's test, and a build
    whose tests fail is followed by a full refresh)."""
    database = working_database(warehouse)
    table = "intermediate.int_comments_flagged"
    with duckdb.connect(str(database)) as connection:
        connection.execute(f"create table intermediate.flagged_as_built as select * from {table}")
        (latest_build,) = connection.execute(
            "select invocation_id from intermediate.int_dbt_builds order by built_at desc limit 1"
        ).fetchone()
        first, second, third = [
            key
            for (key,) in connection.execute(
                f"select comment_key from {table} order by comment_key limit 3"
            ).fetchall()
        ]
        # Rows the latest build wrote (an earlier test of this module may have left a failed
        # build last, whose rows these are not).
        connection.execute(
            f"update {table} set computed_by_invocation = ? where comment_key in (?, ?)",
            [latest_build, first, third],
        )
        earlier = "replace ('an-earlier-build' as computed_by_invocation)"
        # A copy of a row the latest build wrote, stamped by an earlier build.
        connection.execute(
            f"insert into {table} select * {earlier} from {table} where comment_key = ?", [first]
        )
        # Two rows of a new key, both written by an earlier build.
        connection.execute(
            f"insert into {table} select * replace ('an-earlier-build' as computed_by_invocation,"
            f" 'old:twice' as comment_key) from {table} where comment_key in (?, ?)",
            [second, third],
        )
        # A null in a row the latest build wrote.
        connection.execute(f"update {table} set creator_key = null where comment_key = ?", [third])
        (everywhere,) = connection.execute(
            f"select count(*) from (select comment_key from {table}"
            " group by comment_key having count(*) > 1)"
        ).fetchone()
    try:
        assert everywhere == 2  # what a test of every row would count as duplicated
        result = dbt_by_hand(warehouse, "test", "--select", "int_comments_flagged")
        assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-2000:]
        outcomes = {
            r["unique_id"].split(".")[2]: r
            for r in json.loads(latest(warehouse, "run_results.json").read_text())["results"]
        }
        key_test = outcomes["key_and_not_null_int_comments_flagged"]
        with duckdb.connect(str(database)) as connection:
            failing = sorted(connection.execute(key_test["compiled_code"]).fetchall(), key=str)
    finally:
        with duckdb.connect(str(database)) as connection:
            connection.execute(
                f"create or replace table {table} as select * from intermediate.flagged_as_built"
            )
            connection.execute("drop table intermediate.flagged_as_built")
    assert key_test["status"] == "fail"
    assert failing == sorted(
        [("comment_key", first, "duplicated"), ("creator_key", None, None)], key=str
    )
