"""DDL of the working database's `raw` schema: one table per entity plus the bookkeeping tables."""

from __future__ import annotations

import duckdb

from assets.ingestion.contract import ENTITIES, Entity, FieldType
from assets.ingestion.native_shapes import NATIVE_ENTITIES, NativeEntity

SQL_TYPES = {
    FieldType.STRING: "varchar",
    FieldType.INTEGER: "bigint",
    FieldType.TIMESTAMP: "timestamp",  # UTC
    FieldType.BOOLEAN: "boolean",
    FieldType.HASHTAGS: "varchar[]",
}
# Lineage columns on every loaded record: where it came from and which run loaded it.
LINEAGE_COLUMNS = (
    "_source_file varchar",
    "_source_line bigint",
    "_run_id varchar",
    "_loaded_at timestamp",
)

BOOKKEEPING_DDL = """
create table if not exists raw.quarantine (
    entity varchar, source_file varchar, source_line bigint, raw_text varchar, reason varchar,
    run_id varchar, quarantined_at timestamp, reason_code varchar
);
-- Added after the first warehouses were built: theirs gain the column in place, with NULL for
-- the rows quarantined before (their `reason` text is kept; nothing is parsed back out of it).
-- Kept last in the table above too, so old and new warehouses have the same column order.
alter table raw.quarantine add column if not exists reason_code varchar;
create table if not exists raw.ingest_log (
    run_id varchar, entity varchar, file varchar, content_hash varchar, size_bytes bigint,
    status varchar, records_read bigint, records_loaded bigint, records_quarantined bigint,
    records_duplicate bigint, ingested_at timestamp
);
-- Added later, like reason_code above: the file's modification time, so a file already loaded with
-- the same path, size and time is skipped without reading it again (assets/ingestion/loader.py).
alter table raw.ingest_log add column if not exists modified_at timestamp;
-- Where each file's scraped_at came from: record (the records carry it), or, for platform-native
-- files, sidecar, file_name or mtime (assets/ingestion/scrape_times.py).
alter table raw.ingest_log add column if not exists scraped_at_source varchar;
-- Where a platform-native record was in its file, e.g. $.items[2].replies.comments[0].
alter table raw.quarantine add column if not exists source_path varchar;
"""


def lineage_columns(entity: Entity) -> tuple[str, ...]:
    """A native record also keeps its place in its file (native_reader.py)."""
    if isinstance(entity, NativeEntity):
        return (*LINEAGE_COLUMNS, "_source_path varchar")
    return LINEAGE_COLUMNS


def entity_table_ddl(entity: Entity) -> str:
    columns = [f"{field.name} {SQL_TYPES[field.type]}" for field in entity.fields]
    all_columns = ", ".join(columns + list(lineage_columns(entity)))
    return f"create table if not exists {entity.raw_table} ({all_columns})"


def ensure_raw_schema(connection: duckdb.DuckDBPyConnection) -> None:
    """Create the raw schema and every raw table if missing (all of them, so dbt sources exist
    even for an entity whose dump folder is absent)."""
    connection.execute("create schema if not exists raw")
    for entity in (*ENTITIES.values(), *NATIVE_ENTITIES.values()):
        connection.execute(entity_table_ddl(entity))
    connection.execute(BOOKKEEPING_DDL)
