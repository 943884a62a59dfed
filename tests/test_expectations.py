"""The Great Expectations suites: one home for each rule, every row checked, failures explained."""

from __future__ import annotations

import hashlib
import json

import duckdb
import pytest

import orchestration.quality as quality
from orchestration.checks import check_metadata, documented_mart_columns
from orchestration.dbt_project import bignoise_dbt_project
from orchestration.expectations import LOG_SUITES, SUITES
from orchestration.publish import LOG_TABLE_COMMENTS, served_tables

# dbt's generic tests and the Great Expectations class checking the same thing on one column.
SAME_RULE = {
    "not_null": "ExpectColumnValuesToNotBeNull",
    "unique": "ExpectColumnValuesToBeUnique",
    "accepted_values": "ExpectColumnValuesToBeInSet",
    "between": "ExpectColumnValuesToBeBetween",
}


def dbt_tests_by_model() -> set[tuple[str, str, str]]:
    """(model, column, dbt test name) of every generic dbt test on a column. A model's
    columns_not_null, columns_between and columns_accepted_values (one test for many columns) count
    as not_null, between and accepted_values on each of their columns; key_and_not_null as unique on
    its key and not_null on the key and each of its columns."""
    manifest = json.loads(bignoise_dbt_project.manifest_path.read_text())
    found = set()
    for node in manifest["nodes"].values():
        metadata = node.get("test_metadata") or {}
        if node["resource_type"] != "test" or not metadata:
            continue
        model = (node.get("attached_node") or "").split(".")[-1]
        arguments = metadata.get("kwargs") or {}
        if node.get("column_name"):
            found.add((model, node["column_name"], metadata["name"]))
        elif metadata["name"] == "columns_not_null":
            found.update((model, column, "not_null") for column in arguments["columns"])
        elif metadata["name"] == "columns_between":
            found.update((model, bounds["column"], "between") for bounds in arguments["ranges"])
        elif metadata["name"] == "columns_accepted_values":
            found.update(
                (model, rule["column"], "accepted_values") for rule in arguments["accepted"]
            )
        elif metadata["name"] == "key_and_not_null":
            found.add((model, arguments["key"], "unique"))
            found.add((model, arguments["key"], "not_null"))
            found.update((model, column, "not_null") for column in arguments.get("columns", []))
    return found


def test_no_expectation_repeats_a_dbt_test():
    dbt_tests = dbt_tests_by_model()
    assert len(dbt_tests) > 100  # the manifest was read
    repeated = [
        (table, rule.expectation, rule.arguments["column"])
        for table, suite in SUITES.items()
        for rule in suite.rules
        if "column" in rule.arguments and "row_condition" not in rule.arguments
        for test_name, expectation in SAME_RULE.items()
        if rule.expectation == expectation
        and (table, rule.arguments["column"], test_name) in dbt_tests
    ]
    assert repeated == []


def test_every_served_table_has_a_suite_over_documented_columns():
    assert set(served_tables()) == set(SUITES) | set(LOG_SUITES)
    documented = {
        **documented_mart_columns(),
        **{table: list(columns) for table, (_, columns) in LOG_TABLE_COMMENTS.items()},
    }
    for table, suite in {**SUITES, **LOG_SUITES}.items():
        assert suite.rules, table
        used = {column for rule in suite.rules for column in rule.columns} | set(suite.key_columns)
        assert used <= set(documented[table]), (table, used - set(documented[table]))


def comments_table(connection: duckdb.DuckDBPyConnection, rows: int) -> list[str]:
    """A fct_comments-shaped table of valid rows; its documented columns."""
    columns = documented_mart_columns()["fct_comments"]
    flags = {"is_reply", "is_creator_reply", "is_suspicious", "is_low_effort", "addresses_creator"}
    definitions = ", ".join(
        f"{c} boolean" if c in flags else f"{c} varchar" for c in columns if c != "word_count"
    )
    connection.execute(f"create table fct_comments ({definitions}, word_count integer)")
    values = {
        "comment_key": "'c' || i",
        "commenter_key": "sha256('author' || i)",
        "is_reply": "i % 3 = 0",
        "is_creator_reply": "i % 6 = 0",
        "is_suspicious": "i % 5 = 0",
        "suspicion_reasons": "case when i % 5 = 0 then 'link' else '' end",
        "is_low_effort": "false",
        "addresses_creator": "false",
        "word_count": "3",
    }
    connection.execute(
        f"insert into fct_comments ({', '.join(values)}) "
        f"select {', '.join(values.values())} from range({rows}) as r(i)"
    )
    return columns


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(quality, "CHUNK_VECTORS", 1)  # 2,048 rows per chunk


def test_every_row_is_checked_and_failing_rows_are_named_across_chunks(small_chunks, tmp_path):
    connection = duckdb.connect()
    columns = comments_table(connection, 5_000)
    raw_id = hashlib.md5(b"x").hexdigest()  # 32 hex: not a keyed SHA-256
    connection.execute(
        "update fct_comments set commenter_key = 'instagram:12345' where comment_key = 'c10'"
    )
    connection.execute(
        "update fct_comments set commenter_key = ? where comment_key = 'c4500'", [raw_id]
    )
    connection.execute("update fct_comments set suspicion_reasons = '' where comment_key = 'c3000'")

    validation = quality.validate_relation(
        connection, "fct_comments", "fct_comments", SUITES["fct_comments"], columns, tmp_path
    )

    outcomes = {o.name: o for o in validation.outcomes}
    keys = outcomes["ExpectColumnValuesToMatchRegex(commenter_key)"]
    assert (keys.success, keys.rows_checked, keys.unexpected_count) == (False, 5_000, 2)
    assert {row["comment_key"] for row in keys.failing_rows} == {"c10", "c4500"}
    reasons = outcomes[
        "ExpectColumnValuesToNotBeInSet(suspicion_reasons where is_suspicious == True)"
    ]
    assert (reasons.success, reasons.rows_checked, reasons.unexpected_count) == (False, 1_000, 1)
    assert [row["comment_key"] for row in reasons.failing_rows] == ["c3000"]
    # ... and the rule for the other direction sees the other 4,000 rows, all fine.
    assert outcomes[
        "ExpectColumnValuesToBeInSet(suspicion_reasons where is_suspicious == False)"
    ].success
    assert outcomes["ExpectTableColumnsToMatchSet(columns)"].success
    assert {o.name for o in validation.failed} == {keys.name, reasons.name}
    # Three chunks were validated; every one is in the results file, with the contract's.
    document = json.loads(validation.results_file.read_text())
    assert document["rows_validated"] == 5_000 and len(document["validations"]) == 1 + 3
    metadata = check_metadata(validation)
    assert metadata["rows_validated"] == 5_000
    assert {r["comment_key"] for r in metadata["failing_rows_sample"].data[keys.name]} == {
        "c10",
        "c4500",
    }


def test_validation_does_not_fingerprint_the_rows(monkeypatch):
    """GE hashes every pandas batch for a marker bignoise never reads (half the validation time
    of fct_comments); quality._new_context turns that off. This fails if an upgrade of GE
    brings the hashing back under another name of its threshold."""
    import pandas as pd

    def no_hashing(*args, **kwargs):
        raise AssertionError("Great Expectations hashed a batch")

    monkeypatch.setattr(pd.util, "hash_pandas_object", no_hashing)
    connection = duckdb.connect()
    columns = comments_table(connection, 100)
    validation = quality.validate_relation(
        connection, "fct_comments", "fct_comments", SUITES["fct_comments"], columns, None
    )
    assert validation.rows == 100 and not validation.failed


def test_an_undocumented_served_column_fails_the_contract(tmp_path):
    connection = duckdb.connect()
    columns = comments_table(connection, 10)
    connection.execute("alter table fct_comments add column author_handle varchar")
    validation = quality.validate_relation(
        connection, "fct_comments", "fct_comments", SUITES["fct_comments"], columns, None
    )
    [failed] = validation.failed
    assert failed.name == "ExpectTableColumnsToMatchSet(columns)"
    assert "author_handle" in failed.observed


def test_a_missing_column_is_reported_not_crashed_on():
    connection = duckdb.connect()
    columns = comments_table(connection, 10)
    connection.execute("alter table fct_comments drop column suspicion_reasons")
    validation = quality.validate_relation(
        connection, "fct_comments", "fct_comments", SUITES["fct_comments"], columns, None
    )
    failed = {o.name: o.observed for o in validation.failed}
    assert "ExpectTableColumnsToMatchSet(columns)" in failed
    assert "column missing" in failed.values()
    passed = {o.name for o in validation.outcomes if o.success}
    assert "ExpectColumnValuesToMatchRegex(commenter_key)" in passed


def test_rows_a_release_validated_are_not_validated_again(tmp_path):
    """Only rows that differ (in a column the suite reads) from a release's copy are validated;
    a changed row that breaks a rule still fails, and the outcome counts both kinds of row."""
    connection = duckdb.connect()
    columns = comments_table(connection, 1_000)
    connection.execute(f"copy fct_comments to '{tmp_path / 'release.parquet'}' (format parquet)")
    before = (f"read_parquet('{tmp_path / 'release.parquet'}')", "release R1")
    # 10 new comments, one edited in a column a rule reads, one in a column none reads.
    connection.execute(
        "insert into fct_comments select * replace ('new' || comment_key as comment_key)"
        " from fct_comments where comment_key in (select 'c' || i from range(10) as r(i))"
    )
    connection.execute(
        "update fct_comments set commenter_key = 'instagram:1' where comment_key = 'c500'"
    )
    connection.execute("update fct_comments set word_count = 9 where comment_key = 'c501'")

    validation = quality.validate_relation(
        connection,
        "fct_comments",
        "fct_comments",
        SUITES["fct_comments"],
        columns,
        tmp_path,
        validated_before=before,
    )

    assert (validation.rows, validation.rows_unchanged) == (11, 999)
    keys = {o.name: o for o in validation.outcomes}["ExpectColumnValuesToMatchRegex(commenter_key)"]
    assert (keys.success, keys.rows_checked, keys.unexpected_count) == (False, 11, 1)
    assert [row["comment_key"] for row in keys.failing_rows] == ["c500"]
    assert keys.observed == (
        "1 of 11 rows unexpected (changed rows; 999 unchanged rows passed in release R1)"
    )
    document = json.loads(validation.results_file.read_text())
    assert (document["rows_validated"], document["rows_unchanged"]) == (11, 999)
    assert check_metadata(validation)["rows_unchanged_since_release"] == 999


def test_every_row_is_validated_when_the_release_copy_cannot_be_compared(tmp_path):
    connection = duckdb.connect()
    columns = comments_table(connection, 100)
    connection.execute(
        f"copy (select * exclude (is_reply) from fct_comments) to '{tmp_path / 'old.parquet'}'"
    )
    before = (f"read_parquet('{tmp_path / 'old.parquet'}')", "release R0")
    validation = quality.validate_relation(
        connection,
        "fct_comments",
        "fct_comments",
        SUITES["fct_comments"],
        columns,
        None,
        validated_before=before,
    )
    assert (validation.rows, validation.rows_unchanged, validation.unchanged_since) == (100, 0, "")


def test_a_suite_with_a_table_level_rule_validates_every_row(tmp_path):
    connection = duckdb.connect()
    columns = comments_table(connection, 100)
    connection.execute(f"copy fct_comments to '{tmp_path / 'release.parquet'}' (format parquet)")
    unique = quality.Rule("ExpectColumnValuesToBeUnique", {"column": "comment_key"}, "keys")
    suite = quality.Suite([*SUITES["fct_comments"].rules, unique], ["comment_key"])
    assert not suite.is_row_local and SUITES["fct_comments"].is_row_local
    validation = quality.validate_relation(
        connection,
        "fct_comments",
        "fct_comments",
        suite,
        columns,
        None,
        validated_before=(f"read_parquet('{tmp_path / 'release.parquet'}')", "release R1"),
    )
    assert (validation.rows, validation.rows_unchanged) == (100, 0)


def test_a_suite_digest_changes_with_its_rules():
    suite = SUITES["fct_comments"]
    changed = quality.Suite(suite.rules[:-1], suite.key_columns)
    assert suite.digest != changed.digest
    assert suite.digest == quality.Suite(list(suite.rules), []).digest  # keys only name rows
