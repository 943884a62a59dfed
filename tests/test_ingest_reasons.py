"""Quarantine reason codes: every code the SQL can write is listed with its meaning and
documented, each one is produced by the input it names, and the ingestion asset reports the
run's counts by code."""

from __future__ import annotations

import re
from pathlib import Path

import dagster as dg
import pytest
from conftest import write_jsonl, write_text
from test_ingest_loader import post

from assets.ingestion.contract import ENTITIES, POSTS
from assets.ingestion.loader import ingest_entity
from assets.ingestion.raw_tables import ensure_raw_schema
from assets.ingestion.reasons import REASON_CODES, code_sql
from assets.ingestion.validation import typed_records_sql

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "input-contract.md"
# DuckDB's CSV reader, reading every column as text, has no other per-row error left to give
# (CAST needs a typed column; encoding and line-size errors refuse the whole file).
NOT_PRODUCIBLE = {"malformed_csv_row"}


def documented_codes() -> dict[str, str]:
    """The rows of the doc's reason code table: {code: meaning}."""
    table = DOC.read_text().split("| reason_code | meaning | reason text |", 1)[1]
    table = table.split("\n\n", 1)[0]
    return dict(re.findall(r"^\| `(\w+)` \| (.+?) \| .+ \|$", table, flags=re.M))


def test_the_documented_codes_are_the_listed_codes_with_the_same_meanings():
    assert documented_codes() == REASON_CODES


def test_a_code_missing_from_the_list_fails_when_the_sql_is_built():
    assert code_sql("missing_field") == "'missing_field'"
    with pytest.raises(KeyError, match="not listed"):
        code_sql("something_new")


def test_the_sql_names_exactly_the_listed_codes():
    """Every code a query can write: the field checks' codes in the generated validation SQL,
    and the codes spelled out in the ingestion modules' SQL. None missing, none unused."""
    generated = " ".join(typed_records_sql(entity, "records") for entity in ENTITIES.values())
    sources = " ".join(path.read_text() for path in (REPO / "assets" / "ingestion").glob("*.py"))
    named = set(re.findall(r"'code': '(\w+)'", generated))
    named |= set(re.findall(r'code_sql\(\s*"(\w+)"\s*\)', sources))
    assert named == set(REASON_CODES)


BAD_POSTS = [
    ({}, None),  # line 1: loaded
    ("{not json", "invalid_json"),
    ("[1, 2]", "not_an_object"),
    ({"post_id": None}, "missing_field"),
    ({"creator_id": {"id": 1}}, "not_a_string"),
    ({"likes": "many"}, "not_an_integer"),
    ({"views": 99999999999999999999999}, "integer_out_of_range"),
    ({"likes": -1}, "negative_count"),
    ({"likes": 2**63 - 1}, "count_too_large"),
    ({"posted_at": "last tuesday"}, "invalid_timestamp"),
    ({"posted_at": 1790000000000}, "timestamp_out_of_range"),
    ({"scraped_at": "2099-01-01T00:00:00Z"}, "future_timestamp"),
    ({"is_sponsored": "perhaps"}, "not_a_boolean"),
    ({"hashtags": {"a": 1}}, "invalid_hashtags"),
    ({}, "duplicate_in_run"),  # the same snapshot as line 1
]
BAD_CSV = (
    "platform,post_id,creator_id,posted_at,scraped_at\n"
    "youtube,c2\n"  # line 2
    "youtube,c3,c1,2026-10-01,2026-10-02,extra\n"
    'youtube,c4,c1,"2026"-10-01,2026-10-02\n'
    'youtube,c5,"c1,2026-10-01,2026-10-02\n'
    "youtube,c6,c1,2026-10-01,2026-10-02\n"  # loaded
)
CSV_CODES = {
    2: "missing_columns",
    3: "too_many_columns",
    4: "misplaced_quote",
    5: "unterminated_quote",
}


def test_every_code_is_produced_by_its_input_and_counted(connection, tmp_path):
    records = [r if isinstance(r, str) else {**post("p1"), **r} for r, _ in BAD_POSTS]
    write_jsonl(tmp_path / "posts" / "a.jsonl", records)
    write_text(tmp_path / "posts" / "b.csv", BAD_CSV)
    first = ingest_entity(connection, POSTS, tmp_path, run_id="run1")
    write_jsonl(tmp_path / "posts" / "c.jsonl", [post("p1")])
    second = ingest_entity(connection, POSTS, tmp_path, run_id="run2")

    coded = connection.execute(
        "select regexp_extract(source_file, '[^/]+$'), source_line, reason_code"
        " from raw.quarantine order by 1, 2"
    ).fetchall()
    expected = [("a.jsonl", line, code) for line, (_, code) in enumerate(BAD_POSTS, 1) if code]
    expected += [("b.csv", line, code) for line, code in CSV_CODES.items()]
    expected += [("c.jsonl", 1, "already_loaded")]
    assert coded == expected
    # api_error comes only from platform-native files: tests/test_native_staging.py drives it.
    assert {code for *_, code in coded} == set(REASON_CODES) - NOT_PRODUCIBLE - {"api_error"}
    # One code per quarantined record: the counts add up to the records quarantined.
    assert sum(first.quarantine_reasons.values()) == first.records_quarantined == 18
    assert first.quarantine_reasons["unterminated_quote"] == 1
    assert second.quarantine_reasons == {"already_loaded": 1}


def test_an_existing_quarantine_table_gains_the_column_with_null_for_its_rows(connection, tmp_path):
    connection.execute("create schema raw")
    connection.execute(
        "create table raw.quarantine (entity varchar, source_file varchar, source_line bigint,"
        " raw_text varchar, reason varchar, run_id varchar, quarantined_at timestamp)"
    )
    connection.execute(
        "insert into raw.quarantine values ('posts', 'old.jsonl', 1, '{}',"
        " 'post_id: required field is missing', 'old', now()::timestamp)"
    )
    write_jsonl(tmp_path / "posts" / "a.jsonl", [post("p1", likes=-1)])
    ingest_entity(connection, POSTS, tmp_path, run_id="new")
    ensure_raw_schema(connection)  # again: nothing changes
    assert connection.execute(
        "select run_id, reason_code from raw.quarantine order by run_id"
    ).fetchall() == [("new", "negative_count"), ("old", None)]


def test_the_ingestion_asset_reports_the_runs_counts_by_code(tmp_path):
    from assets.posts import raw_posts
    from orchestration.settings import BignoiseSettings

    write_jsonl(
        tmp_path / "dumps" / "posts" / "a.jsonl",
        [post("p1"), post("p1"), post("p2", likes=-1), post("p3", likes=-2), "oops"],
    )
    settings = BignoiseSettings(
        dumps_dir=str(tmp_path / "dumps"), warehouse_dir=str(tmp_path / "warehouse")
    )
    result = raw_posts(dg.build_asset_context(), settings=settings)
    assert result.metadata["quarantine_reasons"] == dg.MetadataValue.json(
        {"negative_count": 2, "duplicate_in_run": 1, "invalid_json": 1}
    )
    assert (result.metadata["records_read"], result.metadata["records_quarantined"]) == (5, 4)
