"""Load one entity's dump files into the working database, all or nothing.

For each file: skip it when the same content was loaded before (the same path, size and
modification time as a file loaded before count as the same content, without reading it: the
file ledger; any other file is hashed), otherwise read its records into a batch, checked against
the contract as they are read (readers.py, validation.py); then load the valid records that are
new snapshots, quarantine the rest with file, line, reason and reason code
(assets/ingestion/reasons.py), and log counts per file. Everything happens in one transaction,
after every file was read: a file that cannot be read raises before anything is written.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from assets.ingestion.contract import Entity
from assets.ingestion.dump_days import DayRange, dump_day
from assets.ingestion.files import DumpFile, content_hash, entity_files
from assets.ingestion.native_shapes import NativeEntity
from assets.ingestion.progress import IngestProgress
from assets.ingestion.raw_tables import ensure_raw_schema
from assets.ingestion.readers import (
    BATCH_TABLE,
    RAW_TEXTS_TABLE,
    check_staged,
    collect_raw_texts,
    create_batch_table,
    read_into_batch,
    sql_string,
)
from assets.ingestion.reasons import DUPLICATE_CODES, code_sql
from assets.ingestion.scrape_times import ScrapeTime, scrape_time

logger = logging.getLogger(__name__)


@dataclass
class IngestResult:
    entity: str
    files_found: int = 0
    files_loaded: int = 0
    files_skipped: int = 0
    # Files left for another run: they belong to days outside the run's --from/--to range.
    files_outside_days: int = 0
    records_read: int = 0
    records_loaded: int = 0
    records_quarantined: int = 0
    seconds: float = 0.0
    unsupported_files: list[str] = field(default_factory=list)
    # This run's quarantined records of the entity by reason_code, the most frequent first.
    quarantine_reasons: dict[str, int] = field(default_factory=dict)
    # "<file> line <n>: <reason>" for each quote left open this run (it changes how the rest of
    # its file reads, so the run's log names each one).
    unclosed_quotes: list[str] = field(default_factory=list)

    @property
    def records_per_second(self) -> float:
        return self.records_read / self.seconds if self.seconds else 0.0


def ingest_entity(
    connection: duckdb.DuckDBPyConnection,
    entity: Entity,
    dumps_dir: Path,
    run_id: str,
    max_line_bytes: int = 16 * 1024 * 1024,
    progress: IngestProgress | None = None,
    days: DayRange | None = None,
) -> IngestResult:
    """Load the entity's files; with `days`, only the files of those days (dump_days.py)."""
    started = time.perf_counter()
    result = IngestResult(entity=entity.name)
    ensure_raw_schema(connection)
    files = entity_files(dumps_dir, entity)
    if days is not None:
        in_range = [f for f in files if dump_day(f.path, dumps_dir) in days]
        result.files_outside_days = len(files) - len(in_range)
        files = in_range
    result.files_found = len(files)
    # Files are read into temporary tables first (outside the transaction, so each table's
    # rowids number its rows in file order); only the final inserts need to be atomic.
    create_batch_table(connection, entity)
    connection.execute(
        "create or replace temp table batch_files (file varchar, content_hash varchar,"
        " size_bytes bigint, status varchar, modified_at timestamp, scraped_at_source varchar)"
    )
    seen_hashes = _loaded_hashes(connection, entity)
    ledger = _loaded_files(connection, entity)
    if progress:
        progress.start(len(files), sum(dump_file.size_bytes for dump_file in files))
    for dump_file in files:
        scraped_at = _scrape_time(dump_file, entity, dumps_dir)
        status, digest, records = _read_file(
            connection, dump_file, entity, seen_hashes, ledger, max_line_bytes, scraped_at
        )
        if progress:
            progress.file_read(dump_file.size_bytes, records, skipped=status.startswith("skipped"))
        if status == "unsupported_format":
            result.unsupported_files.append(str(dump_file.path))
        connection.execute(
            "insert into batch_files values (?, ?, ?, ?, ?, ?)",
            [
                str(dump_file.path),
                digest,
                dump_file.size_bytes,
                status,
                dump_file.modified_at,
                scraped_at.source,
            ],
        )
    if progress:
        progress.validating()
    check_staged(connection, entity)
    connection.execute("begin transaction")
    try:
        _load_batch(connection, entity, run_id)
        _log_files(connection, entity, run_id)
        connection.execute("commit")
    except BaseException:
        connection.execute("rollback")
        raise
    _summarise(connection, result, run_id, entity)
    result.seconds = time.perf_counter() - started
    return result


def _scrape_time(dump_file: DumpFile, entity: Entity, dumps_dir: Path) -> ScrapeTime:
    """Canonical records carry their scraped_at; a platform-native file's comes from a sidecar,
    its name or its mtime, unless its records carry it (scrape_times.py)."""
    if not isinstance(entity, NativeEntity):
        return ScrapeTime(None, "record")
    return scrape_time(dump_file, dumps_dir, in_record=entity.scraped_at_in_record)


def _loaded_hashes(connection: duckdb.DuckDBPyConnection, entity: Entity) -> set[str]:
    rows = connection.execute(
        "select distinct content_hash from raw.ingest_log where entity = ? and status = 'loaded'",
        [entity.name],
    ).fetchall()
    return {row[0] for row in rows}


def _loaded_files(
    connection: duckdb.DuckDBPyConnection, entity: Entity
) -> dict[tuple[str, int, object], str]:
    """The file ledger: (path, size, modification time) -> content hash, of loaded files."""
    rows = connection.execute(
        "select distinct file, size_bytes, modified_at, content_hash from raw.ingest_log"
        " where entity = ? and status in ('loaded', 'skipped_already_loaded')"
        " and modified_at is not null and content_hash is not null",
        [entity.name],
    ).fetchall()
    return {(file, size, modified): digest for file, size, modified, digest in rows}


def _read_file(
    connection: duckdb.DuckDBPyConnection,
    dump_file: DumpFile,
    entity: Entity,
    seen_hashes: set[str],
    ledger: dict[tuple[str, int, object], str],
    max_line_bytes: int,
    scraped_at: ScrapeTime,
) -> tuple[str, str | None, int]:
    """(status, content hash, records read) of one file."""
    if dump_file.format is None:
        logger.warning("ignoring %s: not a supported dump file type", dump_file.path)
        return "unsupported_format", None, 0
    known = ledger.get((str(dump_file.path), dump_file.size_bytes, dump_file.modified_at))
    if known in seen_hashes:  # unchanged since it was loaded: no need to read it to know
        return "skipped_already_loaded", known, 0
    digest = content_hash(dump_file.path)
    if scraped_at.text is not None:
        # A native file's scrape time is not in its bytes: a re-scrape with the same counts has
        # the same content but is another snapshot, so the time is part of what is "the same".
        digest = hashlib.sha256(f"{digest}|{scraped_at.text}".encode()).hexdigest()
    if digest in seen_hashes:
        return "skipped_already_loaded", digest, 0
    records = read_into_batch(connection, dump_file, entity, max_line_bytes, scraped_at)
    seen_hashes.add(digest)
    return "loaded", digest, records


def _load_batch(connection: duckdb.DuckDBPyConnection, entity: Entity, run_id: str) -> None:
    """Drop repeated snapshots, then split the checked batch into loaded and quarantined."""
    key = entity.snapshot_key
    key_list = ", ".join(key)
    same_key = " and ".join(f"loaded.{c} is not distinct from records.{c}" for c in key)
    connection.execute(
        f"""
        create or replace temp table batch_typed as
        with records as (select * from {BATCH_TABLE}),
        numbered as (
            select records.*,
                   row_number() over (
                       partition by {key_list} order by source_file, source_line
                   ) as copy_number,
                   first_value(source_file || ':' || source_line) over (
                       partition by {key_list} order by source_file, source_line
                   ) as first_copy
            from records where reason is null
        )
        select records.*,
               case
                   when records.reason is not null then records.reason
                   when numbered.copy_number > 1
                   then 'duplicate snapshot ({key_list}) of ' || numbered.first_copy
                   when loaded._source_file is not null
                   then 'duplicate snapshot ({key_list}) already loaded from '
                        || loaded._source_file || ':' || coalesce(loaded._source_line::varchar, '?')
               end as final_reason,
               case
                   when records.reason is not null then records.reason_code
                   when numbered.copy_number > 1 then {code_sql("duplicate_in_run")}
                   when loaded._source_file is not null then {code_sql("already_loaded")}
               end as final_reason_code
        from records
        left join {entity.raw_table} as loaded on {same_key}
        left join numbered using (source_file, source_line)
        """
    )
    columns = ", ".join(f.name for f in entity.fields)
    place = ", source_path" if isinstance(entity, NativeEntity) else ""
    connection.execute(
        f"""
        insert into {entity.raw_table}
        select {columns}, source_file, source_line, {sql_string(run_id)}, now()::timestamp{place}
        from batch_typed where final_reason is null
        """
    )
    # Parquet and CSV records carry no raw text through the checks: made for the quarantined only.
    quarantined = "select source_file, source_line from batch_typed where final_reason is not null"
    collect_raw_texts(connection, quarantined)
    connection.execute(
        f"""
        insert into raw.quarantine (entity, source_file, source_line, raw_text, reason,
                                    reason_code, run_id, quarantined_at, source_path)
        select {sql_string(entity.name)}, source_file, source_line,
               coalesce(typed.raw_text, texts.raw_text), final_reason, final_reason_code,
               {sql_string(run_id)}, now()::timestamp, typed.source_path
        from batch_typed as typed left join {RAW_TEXTS_TABLE} as texts
          using (source_file, source_line)
        where final_reason is not null
        """
    )


def _log_files(connection: duckdb.DuckDBPyConnection, entity: Entity, run_id: str) -> None:
    connection.execute(
        f"""
        insert into raw.ingest_log
        select {sql_string(run_id)}, {sql_string(entity.name)}, files.file, files.content_hash,
               files.size_bytes, files.status,
               count(typed.source_line),
               count(typed.source_line) filter (where typed.final_reason is null),
               count(typed.source_line) filter (where typed.final_reason is not null),
               count(typed.source_line) filter (where typed.final_reason_code in {DUPLICATE_CODES}),
               now()::timestamp, files.modified_at, files.scraped_at_source
        from batch_files as files
        left join batch_typed as typed on typed.source_file = files.file
        group by all
        """
    )


def _summarise(
    connection: duckdb.DuckDBPyConnection, result: IngestResult, run_id: str, entity: Entity
) -> None:
    row = connection.execute(
        """
        select count(*) filter (where status = 'loaded'),
               count(*) filter (where status = 'skipped_already_loaded'),
               coalesce(sum(records_read), 0), coalesce(sum(records_loaded), 0),
               coalesce(sum(records_quarantined), 0)
        from raw.ingest_log where run_id = ? and entity = ?
        """,
        [run_id, entity.name],
    ).fetchall()[0]
    (
        result.files_loaded,
        result.files_skipped,
        result.records_read,
        result.records_loaded,
        result.records_quarantined,
    ) = row
    reasons = connection.execute(
        """
        select reason_code, count(*) from raw.quarantine
        where run_id = ? and entity = ? group by reason_code order by count(*) desc, reason_code
        """,
        [run_id, entity.name],
    ).fetchall()
    result.quarantine_reasons = {str(code): count for code, count in reasons}
    unclosed = connection.execute(
        f"""
        select source_file || ' line ' || source_line || ': ' || reason from raw.quarantine
        where run_id = ? and entity = ? and reason_code = {code_sql("unterminated_quote")}
        order by source_file, source_line
        """,
        [run_id, entity.name],
    ).fetchall()
    result.unclosed_quotes = [row[0] for row in unclosed]
