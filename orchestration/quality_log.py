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
# (column, row), with failing_column and failing_value (tests/generic/test_columns_*.sql).
COLUMN_TESTS = ("columns_not_null", "columns_between")


def dbt_test_results(
    run_results: Path, manifest: Path, connection: duckdb.DuckDBPyConnection | None = None
) -> list[tuple]:
    """One row per dbt test or unit test of a `dbt build`, from its run_results.json. With the
    working database's connection, a failed test whose rows name their column (columns_not_null,
    columns_between: one test per model for many columns) says which columns failed."""
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
    """Which columns a failed columns_* test found, by running its compiled SQL again: each column
    with its count of failing rows and one offending value, "likes (2 rows, e.g. -5), post_key
    (1 row, e.g. null)"."""
    try:
        failing = connection.execute(
            "select failing_column, count(*), min(failing_value)"
            f" from ({compiled_sql}) as failing_rows group by failing_column order by 1"
        ).fetchall()
    except duckdb.Error as error:  # the note must not hide the failure itself
        return f"unknown ({str(error).splitlines()[0]})"
    described = []
    for column, count, value in failing:
        rows = "1 row" if count == 1 else f"{count} rows"
        described.append(f"{column} ({rows}, e.g. {'null' if value is None else value})")
    return ", ".join(described)
