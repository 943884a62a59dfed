"""The YouTube spam development set converted to a dumps folder: every row, texts unchanged.

The CSV is read back independently with Python's csv module and the JSON lines with json, so
the checks do not share DuckDB's reader with the conversion.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from assets.ingestion.contract import COMMENTS, POSTS
from assets.ingestion.loader import ingest_entity
from evaluation import youtube_spam_dev
from evaluation.youtube_spam_dev import convert

REPO = Path(__file__).resolve().parents[1]
DEV_SET = REPO.parent / "shared" / "data" / "youtube-spam-dev" / "comments.csv"

# Two videos: v1 without authors or times (like two of the three real videos), v2 with both.
# A quoted newline, a CRLF inside quotes, HTML entities, doubled quotes, a BOM-like character,
# and spaces around a text, all of which must come through as they are.
TINY_CSV = (
    "video_id,comment_id,author,published_at,text,label\r\n"
    'v1,c1,,,"Check out my channel!\nLink below &gt;&gt; www.example.com",1\r\n'
    'v1,c2,,,"  I love this  ",0\r\n'
    'v1,c3,,,"She said ""wow"" &amp; left\r\nthen came back\ufeff",0\r\n'
    'v2,c4,Jane Doe,2014-03-02T10:00:00,"subscribe to me 😀",1\r\n'
    "v2,c5,Jane Doe,2014-03-01T09:30:00,great video,0\r\n"
)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def read_csv_rows(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


@pytest.fixture
def tiny(tmp_path):
    source = tmp_path / "comments.csv"
    source.write_bytes(TINY_CSV.encode("utf-8"))
    return source, convert(source, tmp_path / "out")


def test_tiny_set_every_comment_with_its_text_unchanged(tiny):
    source, result = tiny
    comments = {
        c["comment_id"]: c
        for c in read_jsonl(result.dumps_dir / "comments" / "youtube_spam_dev_comments.jsonl")
    }
    originals = {row["comment_id"]: row for row in read_csv_rows(source)}
    assert (result.posts, result.comments) == (2, 5)
    assert set(comments) == set(originals) == {"c1", "c2", "c3", "c4", "c5"}
    for comment_id, original in originals.items():
        assert comments[comment_id]["text"].encode() == original["text"].encode()
    assert comments["c1"]["text"] == "Check out my channel!\nLink below &gt;&gt; www.example.com"
    assert comments["c2"]["text"] == "  I love this  "
    assert comments["c3"]["text"] == 'She said "wow" &amp; left\r\nthen came back\ufeff'


def test_tiny_set_placeholders_where_the_set_says_nothing(tiny):
    _, result = tiny
    comments = {
        c["comment_id"]: c
        for c in read_jsonl(result.dumps_dir / "comments" / "youtube_spam_dev_comments.jsonl")
    }
    posts = {
        p["post_id"]: p
        for p in read_jsonl(result.dumps_dir / "posts" / "youtube_spam_dev_posts.jsonl")
    }
    # v1 has no comment times: the fixed 2014 placeholder; v2: its earliest comment (c5).
    assert (
        posts["v1"]["posted_at"] == youtube_spam_dev.POSTED_AT_PLACEHOLDER == "2014-01-01T00:00:00Z"
    )
    assert posts["v2"]["posted_at"] == "2014-03-01T09:30:00Z"
    assert {p["creator_id"] for p in posts.values()} == {
        "unknown-channel-of:v1",
        "unknown-channel-of:v2",
    }
    assert {p["platform"] for p in posts.values()} == {"youtube"}
    assert {p["scraped_at"] for p in posts.values()} == {"2015-01-01T00:00:00Z"}
    # Unknown authors: one distinct placeholder per comment; known ones: the display name.
    assert comments["c1"]["author_id"] == "anonymous:c1"
    assert comments["c2"]["author_id"] == "anonymous:c2"
    assert comments["c4"]["author_id"] == comments["c5"]["author_id"] == "Jane Doe"
    assert comments["c1"]["created_at"] == "2014-01-01T00:00:00Z"
    assert comments["c4"]["created_at"] == "2014-03-02T10:00:00"  # as written: naive = UTC
    assert {c["post_id"] for c in comments.values()} == {"v1", "v2"}
    assert {c["scraped_at"] for c in comments.values()} == {"2015-01-01T00:00:00Z"}


def test_tiny_set_labels_beside_the_dumps_not_inside(tiny):
    _, result = tiny
    assert result.labels_file == result.dumps_dir.parent / "labels.csv"
    assert not list(result.dumps_dir.rglob("labels*"))
    labels = read_csv_rows(result.labels_file)
    assert list(labels[0]) == ["comment_id", "label", "video_id"]
    assert {(r["comment_id"], r["label"], r["video_id"]) for r in labels} == {
        ("c1", "1", "v1"),
        ("c2", "0", "v1"),
        ("c3", "0", "v1"),
        ("c4", "1", "v2"),
        ("c5", "0", "v2"),
    }
    assert "anonymous:<comment_id>" in (result.dumps_dir.parent / "README.md").read_text()


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("v1,c1,,,again,0", "1 repeated comment_ids"),
        ("v1,c9,,,text,spam", "1 labels other than 0 or 1"),
        ("v1,c9,,yesterday,text,0", "1 unparsable published_at values"),
        ("v1,c9,,2015-06-01T00:00:00,text,0", "after the placeholder scrape time"),
    ],
)
def test_bad_rows_are_refused(tmp_path, row, problem):
    source = tmp_path / "comments.csv"
    source.write_text(TINY_CSV + row + "\r\n", encoding="utf-8")
    with pytest.raises(ValueError, match=problem):
        convert(source, tmp_path / "out")


def test_the_command_line_writes_the_folder(tmp_path, capsys):
    source = tmp_path / "comments.csv"
    source.write_bytes(TINY_CSV.encode("utf-8"))
    assert youtube_spam_dev.main(["--csv", str(source), "--out", str(tmp_path / "out")]) == 0
    assert "2 posts and 5 comments" in capsys.readouterr().out
    assert youtube_spam_dev.main(["--csv", str(tmp_path / "none.csv"), "--out", "x"]) == 2


def test_the_real_development_set_converts_every_row_unchanged(tmp_path):
    assert DEV_SET.is_file(), f"the development set is expected at {DEV_SET}"
    result = convert(DEV_SET, tmp_path / "out")
    originals = read_csv_rows(DEV_SET)
    comments = read_jsonl(result.dumps_dir / "comments" / "youtube_spam_dev_comments.jsonl")
    labels = read_csv_rows(result.labels_file)
    assert len(originals) == len(comments) == len(labels) == result.comments == 695
    assert result.posts == 3
    by_id = {c["comment_id"]: c for c in comments}
    for original in originals:
        converted = by_id[original["comment_id"]]
        assert converted["text"].encode() == original["text"].encode()
        assert converted["post_id"] == original["video_id"]
        assert converted["author_id"] == (
            original["author"] or f"anonymous:{original['comment_id']}"
        )
    assert {(r["comment_id"], r["label"], r["video_id"]) for r in labels} == {
        (r["comment_id"], r["label"], r["video_id"]) for r in originals
    }


def test_the_ingestion_loads_every_converted_record(tmp_path, connection):
    """The dumps meet the input contract: nothing is quarantined (the real set, ingestion only)."""
    result = convert(DEV_SET, tmp_path / "out")
    loaded = {
        entity.name: ingest_entity(connection, entity, result.dumps_dir, run_id="run1")
        for entity in (POSTS, COMMENTS)
    }
    assert (loaded["posts"].records_loaded, loaded["posts"].records_quarantined) == (3, 0)
    assert (loaded["comments"].records_loaded, loaded["comments"].records_quarantined) == (695, 0)
