"""The contract's checks, record by record: each bad kind gets its own clear reason, and every
accepted spelling of a value (timestamps, hashtags, booleans) lands as the same typed value."""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import write_jsonl

from assets.ingestion.contract import COMMENTS, POSTS
from assets.ingestion.loader import ingest_entity

GOOD_POST = {
    "platform": "instagram",
    "post_id": "p1",
    "creator_id": "c1",
    "posted_at": "2026-10-01T10:00:00Z",
    "scraped_at": "2026-10-02T10:00:00Z",
}


def load_posts(connection, tmp_path, records):
    write_jsonl(tmp_path / "posts" / "batch.jsonl", records)
    return ingest_entity(connection, POSTS, tmp_path, run_id="test")


def quarantined(connection):
    return connection.execute(
        "select source_line, reason, reason_code from raw.quarantine order by source_line"
    ).fetchall()


@pytest.mark.parametrize(
    ("change", "expected_reason", "expected_code"),
    [
        ({"post_id": None}, "post_id: required field is missing", "missing_field"),
        ({"post_id": ""}, "post_id: required field is missing", "missing_field"),
        ({"creator_id": {"id": 1}}, "creator_id: expected a string", "not_a_string"),
        ({"likes": "many"}, "likes: expected an integer, got many", "not_an_integer"),
        ({"likes": 12.5}, "likes: expected an integer, got 12.5", "not_an_integer"),
        ({"likes": -3}, "likes: negative count, got -3", "negative_count"),
        ({"views": 99999999999999999999999}, "views: integer out of range", "integer_out_of_range"),
        (
            {"posted_at": "last tuesday"},
            "posted_at: unparsable timestamp, got last tuesday",
            "invalid_timestamp",
        ),
        (
            {"posted_at": 1790000000000},
            "posted_at: timestamp out of range",
            "timestamp_out_of_range",
        ),
        (
            {"scraped_at": "2099-01-01T00:00:00Z"},
            "scraped_at: in the future (after the run's",
            "future_timestamp",
        ),
        (
            {"likes": 2**63 - 1},
            "likes: count too large to be real (over 1,000,000,000,000)",
            "count_too_large",
        ),
        (
            {"is_sponsored": "perhaps"},
            "is_sponsored: expected a boolean, got perhaps",
            "not_a_boolean",
        ),
        ({"caption": ["a", "b"]}, "caption: expected a string", "not_a_string"),
        ({"hashtags": {"a": 1}}, "hashtags: expected an array of strings", "invalid_hashtags"),
    ],
)
def test_each_contract_breach_is_quarantined_with_its_reason_and_code(
    connection, tmp_path, change, expected_reason, expected_code
):
    result = load_posts(connection, tmp_path, [{**GOOD_POST, **change}])
    assert (result.records_loaded, result.records_quarantined) == (0, 1)
    [(line, reason, code)] = quarantined(connection)
    assert line == 1
    assert expected_reason in reason
    assert code == expected_code
    assert result.quarantine_reasons == {expected_code: 1}


def test_several_problems_are_all_named_and_the_first_one_gives_the_code(connection, tmp_path):
    load_posts(connection, tmp_path, [{**GOOD_POST, "likes": -1, "scraped_at": "soon"}])
    assert quarantined(connection) == [
        (
            1,
            "scraped_at: unparsable timestamp, got soon; likes: negative count, got -1",
            "invalid_timestamp",
        )
    ]


def test_lines_that_are_not_json_objects_are_quarantined(connection, tmp_path):
    result = load_posts(connection, tmp_path, ["{not json", "[1, 2]", '"text"'])
    assert quarantined(connection) == [
        (1, "not valid JSON", "invalid_json"),
        (2, "not a JSON object", "not_an_object"),
        (3, "not a JSON object", "not_an_object"),
    ]
    assert result.quarantine_reasons == {"not_an_object": 2, "invalid_json": 1}


def test_every_timestamp_spelling_means_the_same_instant(connection, tmp_path):
    instant = datetime(2026, 10, 2, 8, 0, 0)
    spellings = [
        "2026-10-02T08:00:00Z",
        "2026-10-02T10:00:00+02:00",
        "2026-10-02 03:00:00-05:00",
        "2026-10-02T08:00:00",  # naive means UTC
        int((instant - datetime(1970, 1, 1)).total_seconds()),  # epoch seconds
        str(int((instant - datetime(1970, 1, 1)).total_seconds())),
    ]
    records = [{**GOOD_POST, "post_id": f"p{i}", "scraped_at": s} for i, s in enumerate(spellings)]
    result = load_posts(connection, tmp_path, records)
    assert result.records_loaded == len(spellings)
    scraped = connection.execute("select distinct scraped_at from raw.posts").fetchall()
    assert scraped == [(instant,)]


def test_hashtags_from_array_string_or_caption(connection, tmp_path):
    records = [
        {**GOOD_POST, "post_id": "array", "hashtags": ["#Gym", "fitness", "gym", " "]},
        {**GOOD_POST, "post_id": "string", "hashtags": "Gym  #fitness"},
        {**GOOD_POST, "post_id": "caption", "caption": "leg day #Gym #fitness! #gym"},
        {**GOOD_POST, "post_id": "none", "caption": "no tags here"},
    ]
    load_posts(connection, tmp_path, records)
    tags = dict(connection.execute("select post_id, hashtags from raw.posts").fetchall())
    assert tags == {
        "array": ["fitness", "gym"],
        "string": ["fitness", "gym"],
        "caption": ["fitness", "gym"],
        "none": [],
    }


def test_counts_booleans_and_platform_are_typed(connection, tmp_path):
    record = {
        **GOOD_POST,
        "platform": "Instagram",
        "likes": "12",
        "comments": 4.0,  # a whole number written as a float, as pandas does
        "is_sponsored": "yes",
    }
    load_posts(connection, tmp_path, [record])
    row = connection.execute(
        "select platform, likes, comments, is_sponsored, views from raw.posts"
    ).fetchall()
    assert row == [("instagram", 12, 4, True, None)]


def test_unknown_fields_are_ignored(connection, tmp_path):
    result = load_posts(connection, tmp_path, [{**GOOD_POST, "mood": "sunny", "x": [1]}])
    assert result.records_loaded == 1


def test_comment_snapshot_without_scraped_at_is_deduplicated(connection, tmp_path):
    comment = {
        "platform": "tiktok",
        "comment_id": "k1",
        "post_id": "p1",
        "author_id": "u1",
        "created_at": "2026-10-01T10:00:00Z",
    }
    write_jsonl(tmp_path / "comments" / "a.jsonl", [comment, comment])
    result = ingest_entity(connection, COMMENTS, tmp_path, run_id="test")
    assert (result.records_loaded, result.records_quarantined) == (1, 1)
    [(line, reason, code)] = quarantined(connection)
    assert line == 2 and reason.startswith("duplicate snapshot") and code == "duplicate_in_run"
