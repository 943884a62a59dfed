"""Read one dump file into the batch table as (source_file, source_line, raw_text) rows.

Every format is turned into one JSON object text per record, so one set of SQL checks validates
them all. Records keep the position a person would look up in the file:
- JSON lines: the physical line number (blank lines are not records and are skipped);
- CSV: the record number counting the header as 1 (the physical line unless a quoted field
  spans lines), so the first data row is 2;
- Parquet: the row number, starting at 1.
A file that cannot be read as a whole (corrupt, truncated, not UTF-8, a line over the size limit)
raises UnreadableFileError naming the file: loading nothing from it is better than loading part.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from assets.ingestion.files import DumpFile

BATCH_TABLE = "ingest_batch"
# CSV rows DuckDB rejects for their shape are quarantined; these error types mean the file itself
# is unreadable, which the contract treats as a failed run.
FILE_LEVEL_CSV_ERRORS = ("INVALID ENCODING", "LINE SIZE OVER MAXIMUM")


class UnreadableFileError(Exception):
    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def create_batch_table(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute(
        f"""
        create or replace temp table {BATCH_TABLE} (
            source_file varchar, source_line bigint, raw_text varchar, reader_error varchar
        )
        """
    )


def read_into_batch(
    connection: duckdb.DuckDBPyConnection, dump_file: DumpFile, max_line_bytes: int
) -> int:
    """Append the file's records to the batch table; returns how many records were read."""
    readers = {"jsonl": _read_json_lines, "csv": _read_csv, "parquet": _read_parquet}
    path = str(dump_file.path)
    try:
        with _literal_path(dump_file.path) as source:
            return readers[dump_file.format](connection, path, source, max_line_bytes)
    except duckdb.Error as error:
        raise UnreadableFileError(path, _first_line(str(error))) from error


# DuckDB's readers expand these as a glob: part[1].jsonl would read part1.jsonl instead.
GLOB_CHARACTERS = set("*?[]{}")


@contextmanager
def _literal_path(path: Path) -> Iterator[str]:
    """A path DuckDB reads as exactly this file: the path itself, or, when its name holds glob
    characters, a symlink to it with a plain name (same endings, so compression is detected).
    Records keep the real path as their source file."""
    if not GLOB_CHARACTERS & set(str(path)):
        yield str(path)
        return
    endings = "".join(path.suffixes[-2:]) if path.suffixes else ""
    with tempfile.TemporaryDirectory(prefix="bignoise-read-") as folder:
        link = Path(folder) / f"dump{endings}"
        link.symlink_to(path.resolve())
        yield str(link)


def _first_line(message: str) -> str:
    """DuckDB's error, shortened to what names the problem (its hints about reader options
    and the echoed line are left out: the line may be huge)."""
    skipped = ("Original Line", "Possible Solution", "file=", "LINE ")
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    kept = [line for line in lines if not line.startswith(skipped)][:2]
    # Every text format goes through DuckDB's CSV reader: its "CSV Error" would mislead.
    text = ": ".join(kept).replace("CSV Error on Line", "error on line")
    return text[:500] or message[:500]


def _read_json_lines(
    connection: duckdb.DuckDBPyConnection, path: str, source: str, max_line_bytes: int
) -> int:
    # Read each physical line whole: no delimiter or quote can split it (\x01 never appears in
    # valid JSON text, which must escape control characters).
    connection.execute(
        f"""
        create or replace temp table file_lines as
        select raw from read_csv(
            {sql_string(source)}, columns = {{'raw': 'VARCHAR'}}, header = false,
            delim = e'\\x01', quote = '', escape = '', auto_detect = false, strict_mode = false,
            compression = 'auto', max_line_size = {max_line_bytes}
        )
        """
    )
    # The table keeps the file's order, so rowid + 1 is the line number.
    return _append(
        connection,
        f"""
        select {sql_string(path)}, rowid + 1, raw, null from file_lines
        where raw is not null and trim(raw) <> ''
        """,
    )


def _read_csv(
    connection: duckdb.DuckDBPyConnection, path: str, source: str, max_line_bytes: int
) -> int:
    connection.execute("drop table if exists csv_rejects")
    connection.execute("drop table if exists csv_reject_scans")
    connection.execute(
        f"""
        create or replace temp table file_rows as
        select * from read_csv(
            {sql_string(source)}, header = true, all_varchar = true, delim = ',', quote = '"',
            escape = '"', compression = 'auto', max_line_size = {max_line_bytes},
            store_rejects = true, rejects_table = 'csv_rejects', rejects_scan = 'csv_reject_scans'
        )
        """
    )
    fatal = connection.execute(
        f"""
        select line, error_message from csv_rejects
        where error_type in {FILE_LEVEL_CSV_ERRORS} order by line limit 1
        """
    ).fetchall()
    if fatal:
        line, message = fatal[0]
        raise UnreadableFileError(path, f"line {line}: {message}")
    # Rejected rows keep their record number; the accepted rows fill the other numbers in order.
    return _append(
        connection,
        f"""
        with rejected as (
            select line, any_value(csv_line) as csv_line,
                   arg_min(error_type || ': ' || error_message, column_idx) as reason
            from csv_rejects group by line
        ),
        record_numbers as (
            select range as line
            from range(2, 2 + (select count(*) from file_rows) + (select count(*) from rejected))
        ),
        accepted_numbers as (
            select line, row_number() over (order by line) as ordinal
            from record_numbers where line not in (select line from rejected)
        ),
        accepted as (
            select rowid + 1 as ordinal, cast(to_json(file_rows) as varchar) as raw_text
            from file_rows
        )
        select {sql_string(path)}, accepted_numbers.line, accepted.raw_text, null
        from accepted join accepted_numbers using (ordinal)
        union all
        select {sql_string(path)}, line, csv_line, 'malformed CSV row (' || reason || ')'
        from rejected
        """,
    )


def _read_parquet(
    connection: duckdb.DuckDBPyConnection, path: str, source: str, max_line_bytes: int
) -> int:
    columns = [
        row[0]
        for row in connection.execute(
            f"describe select * from read_parquet({sql_string(source)})"
        ).fetchall()
    ]
    if "file_row_number" in columns:
        # The file has a column of that name: number the rows in file order instead (a single
        # file is scanned in order) and keep the file's own column as it is.
        return _append(
            connection,
            f"""
            select {sql_string(path)}, row_number() over (), to_json(file_rows), null
            from read_parquet({sql_string(source)}) as file_rows
            """,
        )
    return _append(
        connection,
        f"""
        select {sql_string(path)}, file_row_number + 1,
               json_merge_patch(to_json(file_rows), '{{"file_row_number": null}}'), null
        from read_parquet({sql_string(source)}, file_row_number = true) as file_rows
        """,
    )


def _append(connection: duckdb.DuckDBPyConnection, select_sql: str) -> int:
    before = connection.execute(f"select count(*) from {BATCH_TABLE}").fetchall()[0][0]
    connection.execute(f"insert into {BATCH_TABLE} {select_sql}")
    return connection.execute(f"select count(*) from {BATCH_TABLE}").fetchall()[0][0] - before
