"""Publishing the checked marts to the serving folder, where BI tools read them.

The serving database is built beside its final path and moved into place with one rename, so a
reader sees either the previous release or the new one, never a half-written file; each Parquet
file is replaced the same way. The serving database is written in DuckDB's 1.x storage format
because most BI drivers still embed DuckDB 1.x.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.expectations import SERVED_MARTS

# Oldest storage format the serving file is written in: readable by DuckDB 1.0 and newer.
SERVING_STORAGE_VERSION = "v1.0.0"
# Working-database relations served beside the marts: the ingestion log of every run, and
# release_info, one row describing this release (run id, resolved as_of, window, published_at).
SERVED_LOG_TABLES = {"ingest_log": "raw.ingest_log", "release_info": "temp.main.release_info"}


@dataclass(frozen=True)
class PublishedRelease:
    database: Path
    parquet_files: dict[str, Path]
    row_counts: dict[str, int]


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def served_tables() -> dict[str, str]:
    """Served table name -> the working-database relation it is copied from."""
    return {**{t: f"marts.{t}" for t in SERVED_MARTS}, **SERVED_LOG_TABLES}


def publish(
    connection: duckdb.DuckDBPyConnection, serving_dir: Path, run_id: str, run_info: dict
) -> PublishedRelease:
    """Copy the served tables from the working database (open on `connection`) to serving_dir."""
    parquet_dir = serving_dir / "parquet"
    parquet_dir.mkdir(parents=True, exist_ok=True)
    final_database = serving_dir / "marts.duckdb"
    staged_database = serving_dir / f".marts.{run_id}.duckdb"
    staged_database.unlink(missing_ok=True)

    tables = served_tables()
    connection.execute(
        "create or replace temp table release_info as select ? as run_id, parameters.*,"
        " ? as run_settings, current_timestamp::timestamp as published_at"
        " from staging.stg_run_parameters as parameters",
        [run_id, json.dumps(run_info, sort_keys=True, default=str)],
    )
    connection.execute(
        f"attach {_quote(str(staged_database))} as release "
        f"(storage_version '{SERVING_STORAGE_VERSION}')"
    )
    try:
        for name, source in tables.items():
            connection.execute(f"create table release.main.{name} as select * from {source}")
        row_counts = {
            name: connection.execute(f"select count(*) from release.main.{name}").fetchall()[0][0]
            for name in tables
        }
    finally:
        connection.execute("detach release")

    parquet_files = {}
    for name, source in tables.items():
        final_parquet = parquet_dir / f"{name}.parquet"
        staged_parquet = parquet_dir / f".{name}.{run_id}.parquet"
        connection.execute(
            f"copy (select * from {source}) to {_quote(str(staged_parquet))} "
            "(format parquet, compression zstd)"
        )
        parquet_files[name] = final_parquet
    # Everything is written: now swap the new release in, file by file, each swap atomic.
    os.replace(staged_database, final_database)
    for name, final_parquet in parquet_files.items():
        os.replace(parquet_dir / f".{name}.{run_id}.parquet", final_parquet)
    return PublishedRelease(final_database, parquet_files, row_counts)
