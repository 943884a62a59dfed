"""Taking a delivery back: remove one dump file's records from the working database.

Its loaded records leave raw.<entity>, its quarantined ones leave raw.quarantine, and its ingest_log
rows are marked `unloaded` (kept as history; the quarantine gate and the "already loaded" skip read
only `loaded` rows). The next run rebuilds the marts without the file, dbt's incremental models
from scratch (the command forgets the build record: they still hold the file's snapshots); if the
file is still in the dumps folder it is read again, so fix or remove it first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from assets.ingestion.contract import ENTITIES
from assets.ingestion.native_shapes import NATIVE_ENTITIES


@dataclass(frozen=True)
class UnloadResult:
    file: str
    records_removed: int
    quarantined_removed: int


def unload_file(connection: duckdb.DuckDBPyConnection, file: Path) -> UnloadResult:
    """Remove every record loaded from `file` (its path as ingestion logged it), in one
    transaction. Raises LookupError when no run ever loaded that file."""
    path = str(file)
    logged = connection.execute(
        "select count(*) from raw.ingest_log where file = ? and status = 'loaded'", [path]
    ).fetchall()[0][0]
    if not logged:
        known = connection.execute(
            "select distinct file from raw.ingest_log where status = 'loaded'"
            " and file like '%' || ? order by file limit 5",
            [file.name],
        ).fetchall()
        hint = f"; files with that name: {', '.join(r[0] for r in known)}" if known else ""
        raise LookupError(f"no loaded file {path} in the ingest log{hint}")
    removed = 0
    connection.execute("begin")
    try:
        for entity in (*ENTITIES.values(), *NATIVE_ENTITIES.values()):
            removed += connection.execute(
                f"delete from {entity.raw_table} where _source_file = ?", [path]
            ).fetchall()[0][0]
        quarantined = connection.execute(
            "delete from raw.quarantine where source_file = ?", [path]
        ).fetchall()[0][0]
        connection.execute(
            "update raw.ingest_log set status = 'unloaded' where file = ? and status = 'loaded'",
            [path],
        )
        connection.execute("commit")
    except Exception:
        connection.execute("rollback")
        raise
    return UnloadResult(path, removed, quarantined)
