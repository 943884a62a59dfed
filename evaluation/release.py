"""Opening a published release for reading: <warehouse>/serving/marts.duckdb, else its Parquet."""

from __future__ import annotations

from pathlib import Path

import duckdb

from evaluation import EvaluationInputError, exact_path, sql_literal

# The served tables the evaluation reads.
TABLES = ("fct_comments", "fct_posts", "mart_creator_authenticity", "release_info")
# Served tables read when present (a release published before them still opens without them).
OPTIONAL_TABLES = ("dim_creators",)


def open_release(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB in which TABLES (and those of OPTIONAL_TABLES it has) are views over
    the release published in warehouse (see has_table).

    The served database is attached read-only (the working database is never touched), so
    labels and truth can be loaded into temporary tables and joined there. A release served
    only as Parquet files is read from those. The caller closes the connection."""
    serving = Path(warehouse) / "serving"
    database = serving / "marts.duckdb"
    parquet = serving / "parquet"
    if database.is_file():
        attach = f"attach {sql_literal(database)} as release (read_only)"
        sources = {table: f"release.main.{table}" for table in (*TABLES, *OPTIONAL_TABLES)}
    elif all((parquet / f"{table}.parquet").is_file() for table in TABLES):
        attach = None
        sources = {
            table: f"read_parquet({sql_literal(exact_path(parquet / f'{table}.parquet'))})"
            for table in (*TABLES, *OPTIONAL_TABLES)
            if (parquet / f"{table}.parquet").is_file()
        }
    else:
        raise EvaluationInputError(f"no published release under {serving}")
    connection = duckdb.connect()
    try:
        connection.execute("set TimeZone = 'UTC'")
        if attach:
            connection.execute(attach)
            served = {
                row[0]
                for row in connection.execute(
                    "select table_name from information_schema.tables"
                    " where table_catalog = 'release' and table_schema = 'main'"
                ).fetchall()
            }
            sources = {t: s for t, s in sources.items() if t in TABLES or t in served}
        for table, source in sources.items():
            connection.execute(f"create temp view {table} as select * from {source}")
    except duckdb.Error as error:
        connection.close()
        raise EvaluationInputError(f"cannot read the release under {serving}: {error}") from error
    return connection


def has_table(connection: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether open_release made a view of table (always true for TABLES)."""
    return bool(
        connection.execute(
            "select count(*) from duckdb_views() where view_name = ? and temporary", [table]
        ).fetchall()[0][0]
    )


def describe_release(connection: duckdb.DuckDBPyConnection, warehouse: Path) -> dict:
    """Which release was measured: its run id, as_of and where it lies."""
    rows = connection.execute("select run_id, as_of::varchar from release_info").fetchall()
    run_id, as_of = rows[0] if rows else (None, None)
    return {
        "serving_dir": str(Path(warehouse).resolve() / "serving"),
        "run_id": run_id,
        "as_of": as_of,
    }
