"""The served record of every check and every publish: quality_results and publish_log.

Each check writes its outcome as it runs (Great Expectations expectations, the release gates, and
every dbt test and unit test from dbt's run_results.json), into raw.quality_results of the working
database; each publish adds a row to raw.publish_log. Both are served with every release, so a BI
tool can chart check outcomes and releases over time.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

DDL = """
create schema if not exists raw;
create table if not exists raw.quality_results (
    run_id varchar, check_name varchar, table_name varchar, tool varchar, severity varchar,
    passed boolean, observed varchar, message varchar, checked_at timestamp
);
create table if not exists raw.publish_log (
    run_id varchar, release_id varchar, as_of timestamp, tables integer, published_at timestamp
);
"""


def ensure_quality_tables(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute(DDL)


def record_results(connection: duckdb.DuckDBPyConnection, run_id: str, rows: list[tuple]) -> None:
    """Append (check_name, table_name, tool, severity, passed, observed, message) rows."""
    ensure_quality_tables(connection)
    if rows:
        connection.executemany(
            "insert into raw.quality_results values"
            " (?, ?, ?, ?, ?, ?, ?, ?, current_timestamp::timestamp)",
            [(run_id, *row) for row in rows],
        )


# The project's generic tests that check many columns of a model at once: one row per failing
# (column, row), with failing_column and failing_value (tests/generic/test_columns_*.sql);
# key_and_not_null adds failing_rule, 'duplicated' for a key value found on more than one row.
COLUMN_TESTS = (
    "columns_not_null",
    "columns_between",
    "columns_accepted_values",
    "key_and_not_null",
)


def dbt_test_results(
    run_results: Path, manifest: Path, connection: duckdb.DuckDBPyConnection | None = None
) -> list[tuple]:
    """One row per dbt test or unit test of a `dbt build`, from its run_results.json. With the
    working database's connection, a failed test whose rows name their column (COLUMN_TESTS: one
    test per model for many columns) says which columns failed."""
    if not run_results.is_file():
        return []
    nodes = json.loads(manifest.read_text())
    known = {**nodes.get("nodes", {}), **nodes.get("unit_tests", {})}
    rows = []
    for result in json.loads(run_results.read_text()).get("results", []):
        unique_id = result["unique_id"]
        kind = unique_id.split(".")[0]
        if kind not in ("test", "unit_test"):
            continue
        node = known.get(unique_id, {})
        table = node.get("attached_node") or node.get("model") or ""
        table = table.split(".")[-1] if table else ""
        if not table and node.get("sources"):  # a test on a source: raw.<table>
            table = ".".join(node["sources"][0])
        severity = (node.get("config") or {}).get("severity", "error").lower()
        status = result.get("status")
        message = result.get("message") or ""
        test_kind = (node.get("test_metadata") or {}).get("name")
        if connection is not None and status in ("fail", "warn") and test_kind in COLUMN_TESTS:
            columns = failing_columns(connection, result.get("compiled_code") or "")
            message = f"{message}; failing columns: {columns}"
        rows.append(
            (
                unique_id.split(".", 2)[-1],
                table,
                "dbt unit test" if kind == "unit_test" else "dbt test",
                "blocking" if severity == "error" else "warning",
                status == "pass",
                str(result.get("failures")) if result.get("failures") is not None else status,
                message[:500],
            )
        )
    return rows


def failing_columns(connection: duckdb.DuckDBPyConnection, compiled_sql: str) -> str:
    """Which columns a failed columns_* or key_and_not_null test found, by running its compiled SQL
    again: each column with its count of failing rows and one offending value, "likes (2 rows,
    e.g. -5), post_key (1 row, e.g. null)"; a duplicated key says so: "post_key (1 duplicated
    value, e.g. a1)"."""
    failing_rows = f"({compiled_sql}) as failing_rows"
    try:
        names = [
            column[0]
            for column in connection.execute(f"select * from {failing_rows} limit 0").description
        ]
        rule = "failing_rule" if "failing_rule" in names else "cast(null as varchar)"
        failing = connection.execute(
            f"select failing_column, {rule}, count(*), min(failing_value) from {failing_rows}"
            " group by 1, 2 order by 1, 2 nulls first"
        ).fetchall()
    except duckdb.Error as error:  # the note must not hide the failure itself
        return f"unknown ({str(error).splitlines()[0]})"
    described = []
    for column, rule, count, value in failing:
        noun = "duplicated value" if rule == "duplicated" else "row"
        counted = f"1 {noun}" if count == 1 else f"{count} {noun}s"
        described.append(f"{column} ({counted}, e.g. {'null' if value is None else value})")
    return ", ".join(described)
