"""Each reader turns a file into records with positions a person can look up in the file, and
the raw text the quarantine shows for each."""

from __future__ import annotations

import gzip
import json

import pytest
from conftest import write_jsonl, write_text

from assets.ingestion import readers
from assets.ingestion.contract import Entity, Field, FieldType
from assets.ingestion.files import DumpFile, discover_files, file_format
from assets.ingestion.readers import (
    UnreadableFileError,
    check_staged,
    collect_raw_texts,
    create_batch_table,
    read_into_batch,
)

MAX_LINE = 1 << 20
NUMBERED_LINES = "".join(f'{{"n": {n * 7919 % 100_003}}}\n' for n in range(50_000)).encode()


# Every record fits it (one optional text field), so a reason is the reader's own.
ANY_RECORD = Entity("records", (Field("caption", FieldType.STRING),), snapshot_key=("caption",))


def read(connection, path, entity=ANY_RECORD):
    """(line, raw text, reason, reason code) of every record, with the raw text the quarantine
    would show (made for every record here)."""
    create_batch_table(connection, entity)
    read_into_batch(connection, DumpFile(path, file_format(path)), entity, MAX_LINE)
    check_staged(connection, entity)
    collect_raw_texts(connection, "select source_file, source_line from ingest_batch")
    return connection.execute(
        "select source_line, coalesce(batch.raw_text, texts.raw_text), reason, reason_code"
        " from ingest_batch as batch"
        " left join batch_raw_texts as texts using (source_file, source_line)"
        " order by source_line"
    ).fetchall()


def test_json_lines_keep_physical_line_numbers_and_skip_blank_lines(connection, tmp_path):
    path = write_jsonl(tmp_path / "p.jsonl", ['{"a": 1}', "", "   ", '{"a": 2}', "garbage"])
    rows = read(connection, path)
    assert [(line, text) for line, text, *_ in rows] == [
        (1, '{"a": 1}'),
        (4, '{"a": 2}'),
        (5, "garbage"),
    ]


def test_gzip_json_lines_number_every_line_in_order(connection, tmp_path):
    # Large enough for DuckDB to read in parallel: numbering must still follow the file.
    records = [{"n": n} for n in range(1, 60_001)]
    path = write_jsonl(tmp_path / "big.ndjson.gz", records, compress=True)
    mismatches = (
        read(connection, path)
        and connection.execute(
            "select count(*) from ingest_batch where (raw_text::json->>'n')::bigint <> source_line"
        ).fetchall()[0][0]
    )
    assert connection.execute("select count(*) from ingest_batch").fetchall()[0][0] == 60_000
    assert mismatches == 0


def test_csv_rows_are_numbered_with_the_header_as_record_one(connection, tmp_path):
    path = write_text(
        tmp_path / "c.csv",
        'platform,post_id,caption\nyoutube,1,"two\nlines"\nyoutube,2\nyoutube,3,ok\n',
    )
    rows = read(connection, path)
    assert rows[0][0] == 2 and json.loads(rows[0][1]) == {
        "platform": "youtube",
        "post_id": "1",
        "caption": "two\nlines",
    }
    assert rows[1][0] == 3 and rows[1][1] == "youtube,2"
    assert rows[1][2].startswith("malformed CSV row (MISSING COLUMNS")
    assert rows[1][3] == "missing_columns"
    assert rows[2][0] == 4 and json.loads(rows[2][1])["caption"] == "ok"


def test_parquet_rows_are_numbered_from_one(connection, tmp_path):
    path = tmp_path / "p.parquet"
    connection.execute(
        f"copy (select range as n, 'x' || range as s from range(1, 4)) to '{path}' (format parquet)"
    )
    rows = read(connection, path)
    assert [(line, json.loads(text)) for line, text, *_ in rows] == [
        (1, {"n": 1, "s": "x1"}),
        (2, {"n": 2, "s": "x2"}),
        (3, {"n": 3, "s": "x3"}),
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "t.jsonl.gz",
            gzip.compress(NUMBERED_LINES)[: len(gzip.compress(NUMBERED_LINES)) // 2],
            "GZIP",
        ),
        ("u.jsonl", b'{"a": 1}\n{"a": "\xff\xfe"}\n', "unicode"),
        ("u.csv", b"a,b\n1,\xff\xfe\n", "unicode"),
        ("h.jsonl", b'{"a": "' + b"x" * (MAX_LINE + 10) + b'"}\n', "line"),
        ("broken.parquet", b"PAR1 this is not parquet", "parquet"),
    ],
)
def test_unreadable_files_raise_an_error_naming_the_file(
    connection, tmp_path, name, content, message
):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableFileError) as raised:
        read(connection, path)
    assert str(path) in str(raised.value)
    assert message.lower() in str(raised.value).lower()


def test_discovery_finds_every_format_at_any_depth_and_ignores_hidden_files(tmp_path):
    for name in ["a.jsonl", "x/b.ndjson.gz", "x/y/c.CSV", "d.csv.gz", "e.parquet", "notes.txt"]:
        write_text(tmp_path / name, "")
    write_text(tmp_path / ".hidden" / "f.jsonl", "")
    found = {str(f.path.relative_to(tmp_path)): f.format for f in discover_files(tmp_path)}
    assert found == {
        "a.jsonl": "jsonl",
        "d.csv.gz": "csv",
        "e.parquet": "parquet",
        "notes.txt": None,
        "x/b.ndjson.gz": "jsonl",
        "x/y/c.CSV": "csv",
    }


HEADER = "platform,post_id,caption\n"


def test_a_misplaced_quote_in_the_sampled_rows_quarantines_that_row_only(connection, tmp_path):
    # DuckDB's sniffer gave up on this file ("not possible to detect the CSV parsing dialect"),
    # and its own word for the row is "unterminated quote" though the quote is closed.
    path = write_text(tmp_path / "q.csv", HEADER + 'youtube,1,"abc"def\nyoutube,2,ok\n')
    rows = read(connection, path)
    assert [(line, text) for line, text, *_ in rows] == [
        (2, 'youtube,1,"abc"def'),
        (3, '{"platform":"youtube","post_id":"2","caption":"ok"}'),
    ]
    assert rows[0][2].startswith("misplaced quote: the value of caption has more text after")
    assert [code for *_, code in rows] == ["misplaced_quote", None]


def test_a_quote_left_open_on_the_last_line_is_never_closed(connection, tmp_path):
    path = write_text(tmp_path / "q.csv", HEADER + 'youtube,1,ok\nyoutube,2,"oops\n')
    [good, broken] = read(connection, path)
    assert good[2:] == (None, None)
    assert broken[:2] == (3, 'youtube,2,"oops')
    assert broken[2] == (
        "unterminated quote: the quoted value of caption opens on line 3 and is never closed"
        " (the file ends inside it): close the quote, or write a quote that is part of the text"
        ' as two quotes ("")'
    )
    assert broken[3] == "unterminated_quote"


def test_an_open_quote_after_a_multi_line_value_names_the_line_and_the_record(connection, tmp_path):
    # Windows line ends, gzip, and a quoted value over two lines before the stray quote: the
    # record number (what source_line holds for CSV) is then one less than the line number.
    text = HEADER + 'youtube,1,"two\nlines"\nyoutube,2,"stray\nyoutube,3,after\n'
    path = tmp_path / "q.csv.gz"
    path.write_bytes(gzip.compress(text.replace("\n", "\r\n").encode()))
    rows = read(connection, path)
    assert [(line, code) for line, _, _, code in rows] == [
        (2, None),
        (3, "unterminated_quote"),
        (4, None),
    ]
    assert rows[1][1] == 'youtube,2,"stray'
    assert "opens on line 4 of the file (record 3) and is not closed on that line" in rows[1][2]
    assert json.loads(rows[2][1])["post_id"] == "3"


def test_lines_read_again_after_an_open_quote_keep_every_character(connection, tmp_path):
    # The file is read again line by line: a control character must not cut a line there.
    path = write_text(
        tmp_path / "q.csv", HEADER + 'youtube,1,"stray\nyoutube,2,a\x01b\x02c, ok\nyoutube,3,x\n'
    )
    rows = read(connection, path)
    assert [code for *_, code in rows] == ["unterminated_quote", "too_many_columns", None]
    assert rows[1][1] == "youtube,2,a\x01b\x02c, ok"
    assert json.loads(rows[2][1])["caption"] == "x"


def test_a_header_with_an_open_quote_refuses_the_file(connection, tmp_path):
    path = write_text(tmp_path / "q.csv", 'platform,"post_id,caption\nyoutube,1,ok\n')
    with pytest.raises(UnreadableFileError) as raised:
        read(connection, path)
    assert str(raised.value) == (
        f"{path}: line 1, the header: a quoted column name opens and is never closed, so the"
        " whole file would be read as the header; nothing from the file was loaded: close the"
        ' quote, or write a quote that is part of the text as two quotes ("")'
    )


def test_a_file_that_keeps_swallowing_lines_is_refused(connection, tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_UNCLOSED_QUOTE_PASSES", 0)
    path = write_text(tmp_path / "q.csv", HEADER + 'youtube,1,"stray\nyoutube,2,ok\n')
    with pytest.raises(UnreadableFileError, match="still after 0 rounds"):
        read(connection, path)
