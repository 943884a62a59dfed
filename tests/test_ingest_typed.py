"""Parquet and CSV records reach the checks as their columns, not as JSON text: typed columns
(integers, doubles, booleans, timestamps, lists, structs) get the same verdicts and load as the
same values as the same record written as a JSON line, and a quarantined record still shows its
row as JSON."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from conftest import write_text

from assets.ingestion.contract import POSTS, Entity, Field, FieldType
from assets.ingestion.field_texts import from_columns, json_type_column, text_column
from assets.ingestion.files import DumpFile
from assets.ingestion.loader import ingest_entity
from assets.ingestion.readers import (
    UnreadableFileError,
    check_staged,
    collect_raw_texts,
    create_batch_table,
    read_into_batch,
)

EPOCH = 1_790_000_000  # epoch seconds


def utc(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None)


def write_parquet(connection, path, select_sql):
    path.parent.mkdir(parents=True, exist_ok=True)
    connection.execute(f"copy ({select_sql}) to '{path}' (format parquet)")
    return path


def quarantine(connection):
    return connection.execute(
        "select regexp_extract(source_file, '[^/]+$'), source_line, reason, reason_code, raw_text"
        " from raw.quarantine order by 1, 2"
    ).fetchall()


TYPED_ROWS = """
    select 'instagram' as platform, 'p' || n as post_id, 'c1' as creator_id,
           timestamp '2026-10-01 10:00:00' as posted_at,
           timestamptz '2026-10-02 12:00:00+02' as scraped_at,
           [4000.0, 12.5, -3.0, 5, 6, 7][n]::double as likes,
           (n * 7)::integer as comments,
           case when n = 4 then 100000000000000000000::hugeint end as views,
           n % 2 = 1 as is_sponsored,
           [['#Gym', 'fit', null, ' '], [], [], [], [], null][n] as hashtags,
           ['  ', 'x', 'x', 'x', 'x #tag', 'leg day #Legs'][n] as caption,
           (1200 * n)::ubigint as creator_followers
    from range(1, 7) as t(n)
"""


def test_typed_parquet_columns_are_checked_and_loaded_like_json(connection, tmp_path):
    write_parquet(connection, tmp_path / "posts" / "typed.parquet", TYPED_ROWS)
    result = ingest_entity(connection, POSTS, tmp_path, run_id="run1")
    assert (result.records_read, result.records_loaded) == (6, 3)
    loaded = connection.execute(
        "select post_id, posted_at, scraped_at, likes, comments, views, is_sponsored, hashtags,"
        " caption, creator_followers from raw.posts order by post_id"
    ).fetchall()
    posted, scraped = datetime(2026, 10, 1, 10), datetime(2026, 10, 2, 10)
    assert loaded == [
        # 4000.0 is a whole number; a blank caption is null; the array's tags, cleaned.
        ("p1", posted, scraped, 4000, 7, None, True, ["fit", "gym"], None, 1200),
        # An empty array is taken as it is: no tags, even with one in the caption.
        ("p5", posted, scraped, 6, 35, None, True, [], "x #tag", 6000),
        # No hashtags column value: the tags come from the caption.
        ("p6", posted, scraped, 7, 42, None, False, ["legs"], "leg day #Legs", 7200),
    ]
    bad = [(line, reason, code) for _, line, reason, code, _ in quarantine(connection)]
    assert bad == [
        (2, "likes: expected an integer, got 12.5", "not_an_integer"),
        (3, "likes: negative count, got -3.0", "negative_count"),
        (4, "views: integer out of range", "integer_out_of_range"),
    ]


EPOCH_ROWS = f"""
    select 'instagram' as platform, 'e' || n as post_id, 'c1' as creator_id,
           [{EPOCH}, {EPOCH}000][n]::bigint as posted_at, {EPOCH + 3600}::bigint as scraped_at,
           [[1, 2], [3]][n] as hashtags,
           [null, {{'kind': 'reel'}}][n] as media_type,
           ['YES', 'perhaps'][n] as is_sponsored
    from range(1, 3) as t(n)
"""


def test_epoch_integers_lists_and_structs_in_parquet(connection, tmp_path):
    write_parquet(connection, tmp_path / "posts" / "epochs.parquet", EPOCH_ROWS)
    ingest_entity(connection, POSTS, tmp_path, run_id="run1")
    assert connection.execute(
        "select post_id, posted_at, scraped_at, hashtags, media_type, is_sponsored from raw.posts"
    ).fetchall() == [("e1", utc(EPOCH), utc(EPOCH + 3600), ["1", "2"], None, True)]
    [(name, line, reason, code, raw_text)] = quarantine(connection)
    assert (name, line, code) == ("epochs.parquet", 2, "timestamp_out_of_range")
    assert reason == (
        "posted_at: timestamp out of range [1970-01-01, 2100-01-01); media_type: expected a"
        " string; is_sponsored: expected a boolean, got perhaps"
    )
    # The row as the file has it, without the reader's own row number.
    assert json.loads(raw_text) == {
        "platform": "instagram",
        "post_id": "e2",
        "creator_id": "c1",
        "posted_at": EPOCH * 1000,
        "scraped_at": EPOCH + 3600,
        "hashtags": [3],
        "media_type": {"kind": "reel"},
        "is_sponsored": "perhaps",
    }


def test_a_column_matches_a_field_of_exactly_its_name(connection, tmp_path):
    # JSON keys are case sensitive; so are the columns standing for them.
    write_parquet(
        connection,
        tmp_path / "posts" / "case.parquet",
        "select 'youtube' as Platform, 'p1' as post_id, 'c1' as creator_id,"
        " '2026-10-01' as posted_at, '2026-10-02' as scraped_at",
    )
    result = ingest_entity(connection, POSTS, tmp_path, run_id="run1")
    assert result.quarantine_reasons == {"missing_field": 1}
    assert quarantine(connection)[0][2] == "platform: required field is missing"


def test_csv_columns_are_checked_as_text_and_a_quarantined_row_shows_as_json(connection, tmp_path):
    write_text(
        tmp_path / "posts" / "typed.csv",
        "platform,post_id,creator_id,posted_at,scraped_at,likes,is_sponsored,hashtags,caption\n"
        f"youtube,v1,c1,{EPOCH},2026-10-02T10:00:00+02:00,4000.0,yes,Gym  #fit,\n"
        'youtube,v2,c1,2026-10-01,2026-10-02,"  ",no,,leg day #Legs\n'
        "youtube,v3,c1,2026-10-01,2026-10-02,1e3,maybe,,\n",
    )
    ingest_entity(connection, POSTS, tmp_path, run_id="run1")
    assert connection.execute(
        "select post_id, posted_at, scraped_at, likes, is_sponsored, hashtags, caption"
        " from raw.posts order by post_id"
    ).fetchall() == [
        ("v1", utc(EPOCH), datetime(2026, 10, 2, 8), 4000, True, ["fit", "gym"], None),
        (
            "v2",
            datetime(2026, 10, 1),
            datetime(2026, 10, 2),
            None,
            False,
            ["legs"],
            "leg day #Legs",
        ),
    ]
    [(_, line, reason, code, raw_text)] = quarantine(connection)
    assert (line, code) == (4, "not_an_integer")
    assert (
        reason == "likes: expected an integer, got 1e3; is_sponsored: expected a boolean, got maybe"
    )
    assert json.loads(raw_text) == {
        "platform": "youtube",
        "post_id": "v3",
        "creator_id": "c1",
        "posted_at": "2026-10-01",
        "scraped_at": "2026-10-02",
        "likes": "1e3",
        "is_sponsored": "maybe",
        "hashtags": None,
        "caption": None,
    }


def test_repeats_in_parquet_and_csv_are_quarantined_with_their_rows(connection, tmp_path):
    """Repeats are known only after every file was read: their text is made then."""
    row = "'youtube' as platform, 'p1' as post_id, 'c1' as creator_id"
    row += ", '2026-10-01' as posted_at, '2026-10-02' as scraped_at"
    write_parquet(connection, tmp_path / "posts" / "a.parquet", f"select {row}")
    write_parquet(connection, tmp_path / "posts" / "b.parquet", f"select {row}, 1 as likes")
    write_text(
        tmp_path / "posts" / "c.csv",
        "platform,post_id,creator_id,posted_at,scraped_at\nyoutube,p1,c1,2026-10-01,2026-10-02\n",
    )
    ingest_entity(connection, POSTS, tmp_path, run_id="run1")
    repeats = [
        (name, line, code, json.loads(text)) for name, line, _, code, text in quarantine(connection)
    ]
    first = {
        "platform": "youtube",
        "post_id": "p1",
        "creator_id": "c1",
        "posted_at": "2026-10-01",
        "scraped_at": "2026-10-02",
    }
    assert repeats == [
        ("b.parquet", 1, "duplicate_in_run", {**first, "likes": 1}),
        ("c.csv", 2, "duplicate_in_run", first),
    ]


def test_a_parquet_file_changed_before_its_raw_text_is_made_is_refused(connection, tmp_path):
    path = write_parquet(connection, tmp_path / "p.parquet", "select 'x' as caption")
    create_batch_table(connection, POSTS)
    read_into_batch(connection, DumpFile(path, "parquet"), POSTS, 1 << 20)
    check_staged(connection, POSTS)
    write_parquet(connection, path, "select 'something else entirely' as caption, 1 as n")
    with pytest.raises(UnreadableFileError, match="changed while it was being loaded"):
        collect_raw_texts(connection, "select source_file, source_line from ingest_batch")


# One column per type the readers spell without to_json, and a few that go through it.
TYPED_VALUES = """
    select * from (values
        (true, -5::tinyint, 7::smallint, -8::integer, 9::bigint, 10::hugeint, 11::utinyint,
         12::usmallint, 13::uinteger, 14::ubigint, 15::uhugeint, date '2026-10-01',
         timestamp '2026-10-01 10:00:00.123456', timestamp_s '2026-10-01 10:00:00',
         timestamp_ms '2026-10-01 10:00:00.5', timestamp_ns '2026-10-01 10:00:00.123456789',
         timestamptz '2026-10-01 10:00:00+02', ' a "b" \\ é ', 4000.0::double, 12.50::decimal(5,2),
         ['a', null], [1, 2], {'k': 1}),
        (null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
         null, null, '', 'nan'::double, null, [], null, null)
    ) as t(c_boolean, c_tinyint, c_smallint, c_integer, c_bigint, c_hugeint, c_utinyint,
           c_usmallint, c_uinteger, c_ubigint, c_uhugeint, c_date, c_timestamp, c_timestamp_s,
           c_timestamp_ms, c_timestamp_ns, c_timestamptz, c_varchar, c_double, c_decimal,
           c_list, c_int_list, c_struct)
"""


def test_each_column_type_gives_the_text_and_json_type_its_json_would(connection):
    """The text and JSON type from a column equal those read back from to_json of its row (a
    number's JSON type may be UBIGINT there: the checks do not tell it from BIGINT)."""
    connection.execute(f"create table typed as {TYPED_VALUES}")
    columns = dict(
        connection.execute("select column_name, column_type from (describe typed)").fetchall()
    )
    entity = Entity("any", tuple(Field(name, FieldType.STRING) for name in columns), ())
    from_json = ", ".join(
        f"nullif(trim(doc.{name} ->> '$'), '') as {name}__text,"
        f" replace(json_type(doc.{name}), 'UBIGINT', 'BIGINT') as {name}__json"
        for name in columns
    )
    spec = json.dumps(dict.fromkeys(columns, "JSON"))
    expected = connection.execute(
        f"select {from_json} from (select json_transform(to_json(typed), '{spec}') as doc"
        " from typed)"
    ).fetchall()
    pieces = [
        f"{text_column(field)}, replace({json_type_column(field)}, 'UBIGINT', 'BIGINT')"
        for field in entity.fields
    ]
    fields = ", ".join(from_columns(entity, columns, "typed"))
    actual = connection.execute(
        f"select {', '.join(pieces)} from (select {fields} from typed)"
    ).fetchall()
    assert actual == expected
