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


def dbt_test_results(run_results: Path, manifest: Path) -> list[tuple]:
    """One row per dbt test or unit test of a `dbt build`, from its run_results.json."""
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
        rows.append(
            (
                unique_id.split(".", 2)[-1],
                table,
                "dbt unit test" if kind == "unit_test" else "dbt test",
                "blocking" if severity == "error" else "warning",
                status == "pass",
                str(result.get("failures")) if result.get("failures") is not None else status,
                (result.get("message") or "")[:500],
            )
        )
    return rows
