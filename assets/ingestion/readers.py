"""Read one dump file into the batch table: one row per record, its contract fields checked and
typed (validation.py), with the position and raw text the quarantine needs.

Each reader hands the checks every contract field as its text and JSON type
(assets/ingestion/field_texts.py). JSON lines are parsed once into their fields; Parquet and CSV
records go from their columns straight to the field texts, never written out as JSON and parsed
back. A Parquet file is checked as it is read; JSON lines and CSV records are staged and checked
for all files at once (`check_staged`), since planning the checks per small file cost more than
checking it.

The raw text the quarantine shows is the line itself for JSON lines and for a CSV row DuckDB
rejected. For the other Parquet and CSV records it is made only for those quarantined
(`collect_raw_texts`): to_json of the row, from the CSV file's rows (kept until the next batch) or
from the Parquet file read again.

Records keep the position a person would look up in the file:
- JSON lines: the physical line number (blank lines are not records and are skipped);
- CSV: the record number counting the header as 1 (the physical line unless a quoted field
  spans lines), so the first data row is 2;
- Parquet: the row number, starting at 1.
A file that cannot be read as a whole (corrupt, truncated, not UTF-8, a line over the size limit)
raises UnreadableFileError naming the file: loading nothing from it is better than loading part.

A record that cannot be checked field by field keeps the reader's reason and code
(assets/ingestion/reasons.py): a JSON line that is not valid JSON or not an object, a CSV row
DuckDB rejects for its shape. A quote left open in a CSV row would swallow the lines after it:
that line is set aside and the file read again (see `_read_csv`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from assets.ingestion.contract import Entity
from assets.ingestion.field_texts import (
    fields_spec,
    from_columns,
    from_json_document,
    quote_name,
)
from assets.ingestion.files import DumpFile
from assets.ingestion.native_reader import (
    STAGED_DOCUMENTS,
    STAGED_DOCUMENTS_COLUMNS,
    stage_documents,
)
from assets.ingestion.native_reader import records_sql as native_records_sql
from assets.ingestion.native_shapes import NativeEntity, native_stem
from assets.ingestion.raw_tables import SQL_TYPES
from assets.ingestion.reasons import code_sql
from assets.ingestion.scrape_times import ScrapeTime
from assets.ingestion.validation import typed_records_sql

BATCH_TABLE = "ingest_batch"
# Records read but not checked yet (check_staged): JSON lines as their text, CSV rows as their
# contract columns (text, as read). The checks' SQL is large, and planning it once per file cost
# more than checking a small file (posts: 21 files, 0.9 s more), so these are checked in one
# statement for all files. A Parquet file (many rows) is checked as it is read.
STAGED_LINES = "staged_json_lines"
STAGED_RECORDS = "staged_records"
# The batch's one clock, for the check against timestamps from the future.
CLOCK_TABLE = "batch_clock"
# Where each file of the batch came from, and for a CSV file the table its rows are kept in.
SOURCES_TABLE = "batch_sources"
# The raw texts of the records asked for by collect_raw_texts.
RAW_TEXTS_TABLE = "batch_raw_texts"
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


def create_batch_table(connection: duckdb.DuckDBPyConnection, entity: Entity) -> None:
    """An empty batch for the entity's records, checked and typed as validation.py says, and
    empty staging tables (the previous batch's kept CSV rows dropped). Every file of the batch is
    checked against the same clock, taken now, as one statement over the whole batch would be."""
    _drop_kept_rows(connection)
    fields = ", ".join(f"{field.name} {SQL_TYPES[field.type]}" for field in entity.fields)
    position = "source_file varchar, source_line bigint, source_row bigint, raw_text varchar"
    connection.execute(
        f"create or replace temp table {BATCH_TABLE}"
        f" ({position}, source_path varchar, {fields}, reason varchar, reason_code varchar)"
    )
    connection.execute(
        f"create or replace temp table {STAGED_LINES}"
        " (source_file varchar, source_line bigint, raw_text varchar)"
    )
    connection.execute(
        f"create or replace temp table {STAGED_DOCUMENTS} ({STAGED_DOCUMENTS_COLUMNS})"
    )
    csv_columns = ", ".join(f"{field.name} varchar" for field in entity.fields)
    connection.execute(
        f"create or replace temp table {STAGED_RECORDS} ({position}, reader_error varchar,"
        f" reader_error_code varchar, {csv_columns})"
    )
    connection.execute(
        f"create or replace temp table {CLOCK_TABLE} as"
        " select current_timestamp at time zone 'UTC' as checked_at"
    )
    connection.execute(
        f"""
        create or replace temp table {SOURCES_TABLE} (
            source_file varchar, format varchar, rows_table varchar, size_bytes bigint,
            modified_at timestamp
        )
        """
    )


def _drop_kept_rows(connection: duckdb.DuckDBPyConnection) -> None:
    """Drop the CSV rows the previous batch kept for raw texts (see `_keep_csv_rows`)."""
    exists = (
        f"select count(*) from duckdb_tables() where table_name = '{SOURCES_TABLE}' and temporary"
    )
    if not connection.execute(exists).fetchall()[0][0]:
        return
    kept = f"select rows_table from {SOURCES_TABLE} where rows_table is not null"
    for (table,) in connection.execute(kept).fetchall():
        connection.execute(f"drop table if exists {table}")


def read_into_batch(
    connection: duckdb.DuckDBPyConnection,
    dump_file: DumpFile,
    entity: Entity,
    max_line_bytes: int,
    scraped_at: ScrapeTime | None = None,
) -> int:
    """Append the file's records to the batch table, or stage them for check_staged; returns how
    many records were read. `scraped_at`: a platform-native file's scrape time (scrape_times.py)."""
    readers = {"jsonl": _read_json_lines, "csv": _read_csv, "parquet": _read_parquet}
    path = str(dump_file.path)
    # Taken before reading: a file changed after this is noticed if it is read again.
    size_bytes, modified_at = dump_file.size_bytes, dump_file.modified_at
    try:
        with _literal_path(dump_file.path) as source:
            if isinstance(entity, NativeEntity):
                assert scraped_at is not None, "a native file is read with its scrape time"
                records = _read_native(
                    connection, entity, dump_file, path, source, max_line_bytes, scraped_at
                )
                rows_table = None
            else:
                records, rows_table = readers[dump_file.format](
                    connection, entity, path, source, max_line_bytes
                )
    except duckdb.Error as error:
        raise UnreadableFileError(path, _first_line(str(error))) from error
    connection.execute(
        f"insert into {SOURCES_TABLE} values (?, ?, ?, ?, ?)",
        [path, dump_file.format, rows_table, size_bytes, modified_at],
    )
    return records


def _read_native(
    connection: duckdb.DuckDBPyConnection,
    entity: NativeEntity,
    dump_file: DumpFile,
    path: str,
    source: str,
    max_line_bytes: int,
    scraped_at: ScrapeTime,
) -> int:
    """A platform-native file's documents, staged; they are unwrapped into records and checked
    for all files at once (check_staged, native_reader.py). Returns the documents staged (a
    document holds many records: their count is known after the checks)."""
    _read_whole_lines(connection, source, max_line_bytes)
    stem = native_stem(dump_file.path)
    return stage_documents(connection, LINES_TABLE, path, dump_file.format, stem, scraped_at)


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


# One file's physical lines, in file order (rowid + 1 is the line number).
LINES_TABLE = "file_lines"


def _read_whole_lines(
    connection: duckdb.DuckDBPyConnection, source: str, max_line_bytes: int
) -> None:
    """Read each physical line of a JSON file whole into LINES_TABLE(raw): no delimiter or quote
    can split it (\x01 never appears in valid JSON text, which must escape control characters)."""
    connection.execute(
        f"""
        create or replace temp table {LINES_TABLE} as
        select raw from read_csv(
            {sql_string(source)}, columns = {{'raw': 'VARCHAR'}}, header = false,
            delim = e'\\x01', quote = '', escape = '', auto_detect = false, strict_mode = false,
            compression = 'auto', max_line_size = {max_line_bytes}
        )
        """
    )


def _read_json_lines(
    connection: duckdb.DuckDBPyConnection,
    entity: Entity,
    path: str,
    source: str,
    max_line_bytes: int,
) -> tuple[int, None]:
    _read_whole_lines(connection, source, max_line_bytes)
    # The table keeps the file's order, so rowid + 1 is the line number.
    lines = f"""
        select {sql_string(path)} as source_file, rowid + 1 as source_line, raw as raw_text
        from {LINES_TABLE} where raw is not null and trim(raw) <> ''
    """
    return _append(connection, STAGED_LINES, lines), None


def check_staged(connection: duckdb.DuckDBPyConnection, entity: Entity) -> None:
    """Check the records staged so far into the batch, in one statement for all files."""
    if isinstance(entity, NativeEntity):
        _check_staged_native(connection, entity)
        return
    staged = connection.execute(
        f"select (select count(*) from {STAGED_LINES}) + (select count(*) from {STAGED_RECORDS})"
    ).fetchall()[0][0]
    if not staged:
        return
    records = f"{_json_records_sql(entity)} union all by name {_csv_staged_sql(entity)}"
    _append(connection, BATCH_TABLE, _checked(entity, records))
    for table in (STAGED_LINES, STAGED_RECORDS):
        connection.execute(f"delete from {table}")


def _check_staged_native(connection: duckdb.DuckDBPyConnection, entity: NativeEntity) -> None:
    """The staged native documents of every file, unwrapped and checked in one statement."""
    if not connection.execute(f"select count(*) from {STAGED_DOCUMENTS}").fetchall()[0][0]:
        return
    checked = typed_records_sql(
        entity,
        native_records_sql(entity),
        f"(select checked_at from {CLOCK_TABLE})",
        passthrough=("source_path",),
    )
    _append(connection, BATCH_TABLE, checked)
    connection.execute(f"delete from {STAGED_DOCUMENTS}")


def _csv_staged_sql(entity: Entity) -> str:
    """The staged CSV records with their field texts (every CSV column is read as text)."""
    as_text = dict.fromkeys((field.name for field in entity.fields), "VARCHAR")
    fields = ",\n               ".join(from_columns(entity, as_text, "staged"))
    return f"""
        select source_file, source_line, source_row, raw_text, reader_error, reader_error_code,
               {fields}
        from {STAGED_RECORDS} as staged
    """


def _json_records_sql(entity: Entity) -> str:
    """Each staged line parsed once into the entity's fields (json_transform); a line that is
    not a JSON object gets its reason instead."""
    fields = ",\n            ".join(from_json_document(entity, "objects.fields"))
    return f"""
        with documents as (
            select source_file, source_line, raw_text as raw,
                   case when json_valid(raw_text) then raw_text::json end as doc
            from {STAGED_LINES}
        ),
        objects as (
            select *,
                   case when json_type(doc) = 'OBJECT'
                        then json_transform(doc, {sql_string(fields_spec(entity))}) end as fields
            from documents
        )
        select source_file, source_line, raw as raw_text,
            case when doc is null then 'not valid JSON'
                 when json_type(doc) <> 'OBJECT' then 'not a JSON object' end as reader_error,
            case when doc is null then {code_sql("invalid_json")}
                 when json_type(doc) <> 'OBJECT' then {code_sql("not_an_object")}
            end as reader_error_code,
            null::bigint as source_row,
            {fields}
        from objects
    """


# Each pass over a CSV file sets aside the lines whose quote never closes; a file needing more
# passes than this is refused rather than read again and again.
MAX_UNCLOSED_QUOTE_PASSES = 10
# First field of the stand-in row for a set-aside line, followed by that line's number: it holds
# a control character, which no real value has.
STAND_IN = "\x02bignoise: unclosed quote on line "
# Splits nothing: physical lines are read whole (a 1-byte separator would cut a line holding it).
WHOLE_LINE_DELIMITER = "e'\\x01\\x02\\x03\\x04'"
FIX_A_QUOTE = 'close the quote, or write a quote that is part of the text as two quotes ("")'


def _read_csv(
    connection: duckdb.DuckDBPyConnection,
    entity: Entity,
    path: str,
    source: str,
    max_line_bytes: int,
) -> tuple[int, str]:
    """Read a CSV file; a row DuckDB rejects for its shape is kept as a record with a reason.
    Returns the records read and the table its accepted rows are kept in (their raw text is
    made from it for those quarantined).

    A quoted value left open is the one shape problem a CSV reader cannot recover from by itself:
    by RFC 4180 every line after the quote belongs to that value, so DuckDB reports the rest of
    the file (or up to the next quote) as one rejected row. Each pass finds such rows, replaces
    the line where the quote opened with a stand-in row (in a temporary copy of the file) and
    reads again: the good lines after it are read as the records they are, and the opening line
    is quarantined as `unterminated_quote`. Record numbers stay those of the original file, since
    the stand-in takes exactly the place of that line's record.
    """
    connection.execute("drop table if exists csv_lines")
    connection.execute(
        "create or replace temp table csv_unclosed_quotes (line bigint, column_name varchar,"
        " last_line bigint, to_end boolean, raw_text varchar)"
    )
    with tempfile.TemporaryDirectory(prefix="bignoise-csv-") as folder:
        scanned = source
        for attempt in range(MAX_UNCLOSED_QUOTE_PASSES + 1):
            _scan_csv(connection, path, source, scanned, max_line_bytes)
            _raise_if_unreadable_csv(connection, path)
            if not _swallowed_rows(connection):
                break
            if attempt == MAX_UNCLOSED_QUOTE_PASSES:
                raise UnreadableFileError(
                    path,
                    "quoted values left open line after line (still after"
                    f" {MAX_UNCLOSED_QUOTE_PASSES} rounds of setting such lines aside; each"
                    " would swallow the lines after it): is it a comma-separated file with"
                    ' " quotes? Nothing from it was loaded',
                )
            _set_aside_unclosed_quotes(connection, path, source, max_line_bytes)
            scanned = _copy_with_stand_ins(connection, Path(folder) / "repaired.csv")
        records = _append(connection, STAGED_RECORDS, _csv_records_sql(connection, entity, path))
    return records, _keep_csv_rows(connection)


def _keep_csv_rows(connection: duckdb.DuckDBPyConnection) -> str:
    """Keep the file's accepted rows under a name of their own (a rename, not a copy): the
    batch's `source_row` is their rowid + 1."""
    kept = connection.execute(f"select count(*) from {SOURCES_TABLE}").fetchall()[0][0]
    table = f"batch_rows_{kept + 1}"
    connection.execute(f"drop table if exists {table}")
    connection.execute(f"alter table file_rows rename to {table}")
    return table


def _csv_options(max_line_bytes: int) -> str:
    return (
        "header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"',"
        f" compression = 'auto', max_line_size = {max_line_bytes}, store_rejects = true,"
        " rejects_table = 'csv_rejects', rejects_scan = 'csv_reject_scans'"
    )


def _scan_csv(
    connection: duckdb.DuckDBPyConnection,
    path: str,
    source: str,
    scanned: str,
    max_line_bytes: int,
) -> None:
    """Read `scanned` into file_rows, its rejected rows into csv_rejects.

    DuckDB's sniffer gives up on a file whose first rows hold a quote problem, with a message
    about "the CSV parsing dialect" that names neither the line nor the quote. The dialect is
    fixed by the contract anyway, so the file is then read again with the header's column names
    given, which makes the reader report each bad row instead."""
    for table in ("csv_rejects", "csv_reject_scans"):
        connection.execute(f"drop table if exists {table}")
    read = f"read_csv({sql_string(scanned)}, {_csv_options(max_line_bytes)}"
    try:
        connection.execute(f"create or replace temp table file_rows as select * from {read})")
    except duckdb.InvalidInputException as error:
        if "Error when sniffing file" not in str(error):
            raise
        for table in ("csv_rejects", "csv_reject_scans"):
            connection.execute(f"drop table if exists {table}")
        columns = _header_columns(connection, path, source, max_line_bytes)
        connection.execute(
            f"create or replace temp table file_rows as select * from {read},"
            f" auto_detect = false, columns = {columns})"
        )


def _physical_lines(connection: duckdb.DuckDBPyConnection, source: str, max_line_bytes: int):
    """csv_lines(line, raw): the file's physical lines, numbered from 1, read once per file."""
    if connection.execute(
        "select count(*) from duckdb_tables() where table_name = 'csv_lines' and temporary"
    ).fetchall()[0][0]:
        return
    connection.execute(
        f"""
        create or replace temp table csv_line_texts as
        select raw from read_csv(
            {sql_string(source)}, columns = {{'raw': 'VARCHAR'}}, header = false,
            delim = {WHOLE_LINE_DELIMITER}, quote = '', escape = '', auto_detect = false,
            strict_mode = false, compression = 'auto', max_line_size = {max_line_bytes}
        )
        """
    )
    # The table keeps the file's order, so rowid + 1 is the line number (as for JSON lines).
    connection.execute(
        "create temp table csv_lines as select rowid + 1 as line, raw from csv_line_texts"
    )


def _header_columns(
    connection: duckdb.DuckDBPyConnection, path: str, source: str, max_line_bytes: int
) -> str:
    """The header's column names as a read_csv `columns` struct, all VARCHAR (a byte-order mark
    and the quotes around a name are dropped, as the sniffer does). A header with a quote left
    open refuses the file: its columns are unknown, and the reader would skip the whole file as
    the header, reading nothing without a word."""
    _physical_lines(connection, source, max_line_bytes)
    rows = connection.execute(
        """
        select list_transform(string_split(ltrim(raw, chr(65279)), ','),
               lambda name: replace(regexp_replace(name, '^"(.*)"$', '\\1'), '""', '"')),
               (length(raw) - length(replace(raw, '"', ''))) % 2 = 1
        from csv_lines where line = 1
        """
    ).fetchall()
    if rows and rows[0][1]:
        raise UnreadableFileError(
            path,
            "line 1, the header: a quoted column name opens and is never closed, so the whole"
            f" file would be read as the header; nothing from the file was loaded: {FIX_A_QUOTE}",
        )
    names = rows[0][0] if rows and rows[0][0] else ["column0"]
    return "{" + ", ".join(f"{sql_string(name)}: 'VARCHAR'" for name in names) + "}"


def _raise_if_unreadable_csv(connection: duckdb.DuckDBPyConnection, path: str) -> None:
    fatal = connection.execute(
        f"""
        select line, error_message from csv_rejects
        where error_type in {FILE_LEVEL_CSV_ERRORS} order by line limit 1
        """
    ).fetchall()
    if fatal:
        line, message = fatal[0]
        raise UnreadableFileError(path, f"line {line}: {message}")


# A rejected row that runs over several lines because a quote opened in it was not closed on
# its line (DuckDB reports both "never closed" and "closed lines later, then more text" so).
# (Its newlines at either end do not count: DuckDB's csv_line may start with the previous line's.)
SWALLOWED_ROWS = (
    "error_type = 'UNQUOTED VALUE' and contains(trim(csv_line, chr(13) || chr(10)), chr(10))"
)


def _swallowed_rows(connection: duckdb.DuckDBPyConnection) -> int:
    return connection.execute(
        f"select count(*) from csv_rejects where {SWALLOWED_ROWS}"
    ).fetchall()[0][0]


def _set_aside_unclosed_quotes(
    connection: duckdb.DuckDBPyConnection, path: str, source: str, max_line_bytes: int
) -> None:
    """Record the physical line where each swallowing row starts: the first line at or after the
    row's record number (a record spans at least one line) with the row's first line as its text
    and not set aside yet. A row whose line cannot be found refuses the file: reading on would
    load lines that belong to a value as records of their own, or lose them."""
    _physical_lines(connection, source, max_line_bytes)
    connection.execute(
        f"""
        create or replace temp table csv_swallowed as
        with rejected as (
            select line as record, column_name, trim(csv_line, chr(13) || chr(10)) as text
            from csv_rejects where {SWALLOWED_ROWS}
        ),
        swallowed as (
            select record, column_name,
                   rtrim(split_part(text, chr(10), 1), chr(13)) as first_line,
                   length(text) - length(replace(text, chr(10), '')) as lines_after
            from rejected
        ),
        candidates as (
            select line, raw from csv_lines
            where line not in (select line from csv_unclosed_quotes)
        )
        select swallowed.record, any_value(swallowed.column_name) as column_name,
               any_value(swallowed.lines_after) as lines_after, min(candidates.line) as line
        from swallowed
        left join candidates
          on candidates.raw = swallowed.first_line and candidates.line >= swallowed.record
        group by swallowed.record
        """
    )
    lost = connection.execute(
        "select record from csv_swallowed where line is null order by record limit 1"
    ).fetchall()
    if lost:
        raise UnreadableFileError(
            path,
            f"line {lost[0][0]}: a quoted value opens and is not closed on its line, so every"
            " line after it would be read into that one value; nothing from the file was"
            f" loaded: {FIX_A_QUOTE}",
        )
    connection.execute(
        """
        insert into csv_unclosed_quotes
        select line, any_value(column_name), line + any_value(lines_after),
               line + any_value(lines_after)
               >= (select max(line) from csv_lines where trim(raw) <> ''),
               any_value(raw)
        from csv_swallowed join csv_lines using (line)
        group by line
        """
    )


def _copy_with_stand_ins(connection: duckdb.DuckDBPyConnection, target: Path) -> str:
    """Write the file's lines to `target` with each set-aside line replaced by a stand-in row of
    as many (empty) fields as the header, so every other line keeps its record number."""
    fields = connection.execute("select count(*) from (describe file_rows)").fetchall()[0][0]
    connection.execute(
        f"""
        copy (
            select case when aside.line is null then lines.raw
                        else {sql_string(STAND_IN)} || lines.line || repeat(',', {fields - 1})
                   end
            from csv_lines as lines left join csv_unclosed_quotes as aside using (line)
            order by lines.line
        ) to {sql_string(str(target))}
        (format csv, header false, delimiter {WHOLE_LINE_DELIMITER}, quote '', escape '')
        """
    )
    return str(target)


def _csv_records_sql(connection: duckdb.DuckDBPyConnection, entity: Entity, path: str) -> str:
    """The records of the last scan, to stage: accepted rows as their contract columns (a field
    is the column of exactly its name, as a JSON key would be), rejected rows and set-aside lines
    as their raw text with a reason and its code. Rejected rows keep their record number; the
    accepted rows (stand-ins included) fill the other numbers in order."""
    columns = [row[0] for row in connection.execute("describe file_rows").fetchall()]
    first = quote_name(columns[0])
    present = [field.name for field in entity.fields if field.name in columns]
    fields = "".join(f", file_rows.{quote_name(name)} as {name}" for name in present)
    return f"""
        with rejected as (
            select line, trim(any_value(csv_line), chr(13) || chr(10)) as csv_line,
                   arg_min({{'type': error_type, 'message': error_message,
                             'column': coalesce(column_name, 'column ' || column_idx)}},
                           column_idx) as error
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
            select rowid + 1 as ordinal,
                   case when starts_with(file_rows.{first}, {sql_string(STAND_IN)})
                        then cast(substr(file_rows.{first}, {len(STAND_IN) + 1}) as bigint)
                   end as set_aside_line{fields}
            from file_rows
        ),
        numbered as (
            select accepted_numbers.line, accepted.*
            from accepted join accepted_numbers using (ordinal)
        )
        select {sql_string(path)} as source_file, line as source_line, ordinal as source_row
               {"".join(f", {name}" for name in present)}
        from numbered where set_aside_line is null
        union all by name
        select {sql_string(path)} as source_file, numbered.line as source_line,
               aside.raw_text, {_set_aside_reason_sql()} as reader_error,
               {code_sql("unterminated_quote")} as reader_error_code
        from numbered join csv_unclosed_quotes as aside on aside.line = numbered.set_aside_line
        union all by name
        select {sql_string(path)} as source_file, line as source_line, csv_line as raw_text,
               {_rejected_reason_sql()}
        from rejected
    """


def _set_aside_reason_sql() -> str:
    """What happened to a set-aside line, in the user's terms: where the quote opened, what it
    would have swallowed, what was done and what to do."""
    swallowed = """case when aside.to_end
            then 'every line after it, to the end of the file,'
            else 'lines ' || (aside.line + 1) || ' to ' || aside.last_line end"""
    where = """case when aside.line = numbered.line then 'line ' || aside.line
            else 'line ' || aside.line || ' of the file (record ' || numbered.line || ')' end"""
    return f"""'unterminated quote: the quoted value of ' || aside.column_name
        || ' opens on ' || {where} || ' and is not closed on that line, so '
        || {swallowed} || ' would have been read into that one value. The line is quarantined'
        || ' and the lines after it were read as records of their own: '
        || {sql_string(FIX_A_QUOTE)}"""


def _rejected_reason_sql() -> str:
    """Reason text and code of a row DuckDB rejected. Its own word for a quote problem is
    "Value with unterminated quote found", even for a quote that was closed and followed by
    more text: an odd number of quotes in the row tells the two apart."""
    quotes = "(length(csv_line) - length(replace(csv_line, '\"', '')))"
    column = "error.column"
    unterminated = (
        f"'unterminated quote: the quoted value of ' || {column} || ' opens on line ' || line"
        f" || ' and is never closed (the file ends inside it): ' || {sql_string(FIX_A_QUOTE)}"
    )
    misplaced = (
        f"'misplaced quote: the value of ' || {column} || ' has more text after its closing"
        ' quote (as in "abc"def): quote the whole value, and write a quote that is part of'
        ' the text as two quotes ("")\''
    )
    shape = "'malformed CSV row (' || error.type || ': ' || error.message || ')'"
    return f"""case
            when error.type = 'UNQUOTED VALUE' and {quotes} % 2 = 1 then {unterminated}
            when error.type = 'UNQUOTED VALUE' then {misplaced}
            else {shape} end as reader_error,
        case error.type
            when 'UNQUOTED VALUE' then
                case when {quotes} % 2 = 1 then {code_sql("unterminated_quote")}
                     else {code_sql("misplaced_quote")} end
            when 'MISSING COLUMNS' then {code_sql("missing_columns")}
            when 'TOO MANY COLUMNS' then {code_sql("too_many_columns")}
            else {code_sql("malformed_csv_row")} end as reader_error_code"""


# What a record the reader kept whole, with nothing to say about it, has for these columns.
NOTHING_FROM_THE_READER = (
    "null::varchar as raw_text, null::varchar as reader_error,"
    " null::varchar as reader_error_code, null::bigint as source_row"
)


def _read_parquet(
    connection: duckdb.DuckDBPyConnection,
    entity: Entity,
    path: str,
    source: str,
    max_line_bytes: int,
) -> tuple[int, None]:
    """Each row's fields straight from its typed columns."""
    columns = _parquet_columns(connection, source)
    fields = ",\n               ".join(from_columns(entity, columns, "file_rows"))
    records = f"""
        select {sql_string(path)} as source_file, {_parquet_line(columns)} as source_line,
               {NOTHING_FROM_THE_READER},
               {fields}
        {_parquet_scan(source, columns)}
    """
    return _append(connection, BATCH_TABLE, _checked(entity, records)), None


def _parquet_columns(connection: duckdb.DuckDBPyConnection, source: str) -> dict[str, str]:
    """The file's column names and DuckDB types."""
    return dict(
        connection.execute(
            f"select column_name, column_type from (describe select * from read_parquet("
            f"{sql_string(source)}))"
        ).fetchall()
    )


def _parquet_line(columns: dict[str, str]) -> str:
    """The row number from 1. A file with a column named file_row_number is numbered in file
    order instead (a single file is scanned in order), keeping the file's own column as it is."""
    if "file_row_number" in columns:
        return "row_number() over ()"
    return "file_rows.file_row_number + 1"


def _parquet_scan(source: str, columns: dict[str, str]) -> str:
    numbered = "" if "file_row_number" in columns else ", file_row_number = true"
    return f"from read_parquet({sql_string(source)}{numbered}) as file_rows"


def _parquet_raw_text(columns: dict[str, str], record: str) -> str:
    """to_json of the row as the file has it (without the reader's own row number)."""
    if "file_row_number" in columns:
        return f"to_json({record})"
    return f"""json_merge_patch(to_json({record}), '{{"file_row_number": null}}')"""


def collect_raw_texts(connection: duckdb.DuckDBPyConnection, wanted_sql: str) -> None:
    """batch_raw_texts(source_file, source_line, raw_text): the raw text of each record that
    `wanted_sql` (source_file, source_line) names and the batch holds no text for, made only for
    those: from the kept rows of a CSV file, or by reading the Parquet file again. A Parquet file
    that changed since it was read (size or modification time) raises UnreadableFileError: the
    quarantine would show another record's text."""
    connection.execute(
        f"""
        create or replace temp table batch_wanted as
        select batch.source_file, batch.source_line, batch.source_row
        from ({wanted_sql}) as wanted join {BATCH_TABLE} as batch using (source_file, source_line)
        where batch.raw_text is null
        """
    )
    connection.execute(
        f"create or replace temp table {RAW_TEXTS_TABLE}"
        " (source_file varchar, source_line bigint, raw_text varchar)"
    )
    sources = connection.execute(
        f"""
        select source_file, format, rows_table, size_bytes, modified_at from {SOURCES_TABLE}
        where source_file in (select source_file from batch_wanted) order by source_file
        """
    ).fetchall()
    for path, file_format, rows_table, size_bytes, modified_at in sources:
        if file_format == "csv":
            _kept_csv_raw_texts(connection, path, rows_table)
        else:
            _unchanged_or_raise(DumpFile(Path(path), file_format), size_bytes, modified_at)
            _parquet_raw_texts(connection, path)


def _kept_csv_raw_texts(connection: duckdb.DuckDBPyConnection, path: str, rows_table: str) -> None:
    connection.execute(
        f"""
        insert into {RAW_TEXTS_TABLE}
        select wanted.source_file, wanted.source_line, cast(to_json(kept.record) as varchar)
        from batch_wanted as wanted
        join (select rowid + 1 as source_row, file_rows as record from {rows_table} as file_rows
              where rowid + 1 in (select source_row from batch_wanted
                                  where source_file = {sql_string(path)})) as kept
          using (source_row)
        where wanted.source_file = {sql_string(path)}
        """
    )


def _unchanged_or_raise(dump_file: DumpFile, size_bytes: int, modified_at: object) -> None:
    if (dump_file.size_bytes, dump_file.modified_at) != (size_bytes, modified_at):
        raise UnreadableFileError(
            str(dump_file.path),
            "the file changed while it was being loaded (its size or modification time is not"
            " what it was when it was read), so its quarantined records' text cannot be shown;"
            " nothing from this run was loaded: run again once it is complete",
        )


def _parquet_raw_texts(connection: duckdb.DuckDBPyConnection, path: str) -> None:
    """Read the file again, making the JSON text only of the rows asked for."""
    try:
        with _literal_path(Path(path)) as source:
            columns = _parquet_columns(connection, source)
            line = _parquet_line(columns)
            connection.execute(
                f"""
                insert into {RAW_TEXTS_TABLE}
                select {sql_string(path)}, line, {_parquet_raw_text(columns, "record")}
                from (select {line} as line, file_rows as record {_parquet_scan(source, columns)})
                where line in (select source_line from batch_wanted
                               where source_file = {sql_string(path)})
                """
            )
    except duckdb.Error as error:
        raise UnreadableFileError(path, _first_line(str(error))) from error


def _checked(entity: Entity, records_sql: str) -> str:
    """The reader's records (source_file, source_line, source_row, raw_text, reader_error,
    reader_error_code and the field columns of field_texts.py) checked and typed: the batch's
    rows. The field texts stream through the checks, never stored."""
    return typed_records_sql(entity, records_sql, f"(select checked_at from {CLOCK_TABLE})")


def _append(connection: duckdb.DuckDBPyConnection, table: str, select_sql: str) -> int:
    """Insert the select's rows by column name (a column it leaves out is null); returns how
    many."""
    before = connection.execute(f"select count(*) from {table}").fetchall()[0][0]
    connection.execute(f"insert into {table} by name {select_sql}")
    return connection.execute(f"select count(*) from {table}").fetchall()[0][0] - before
