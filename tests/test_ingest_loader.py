"""Loading whole folders: nothing lost, nothing twice, all or nothing."""

from __future__ import annotations

import os

import pytest
from conftest import write_jsonl, write_text

from assets.ingestion.contract import POSTS, PROFILES
from assets.ingestion.dumps import DumpsFolderError, check_dumps_folder
from assets.ingestion.loader import ingest_entity
from assets.ingestion.readers import UnreadableFileError


def post(post_id, scraped_at="2026-10-02T10:00:00Z", **extra):
    return {
        "platform": "youtube",
        "post_id": post_id,
        "creator_id": "c1",
        "posted_at": "2026-10-01T10:00:00Z",
        "scraped_at": scraped_at,
        **extra,
    }


@pytest.fixture
def mixed_posts_dump(tmp_path, connection):
    """Three files in three formats, each with good, bad and repeated records."""
    posts = tmp_path / "posts"
    write_jsonl(posts / "2026" / "a.jsonl.gz", [post("p1"), post("p2", likes=-1), "oops"], True)
    write_text(
        posts / "b.csv",
        "platform,post_id,creator_id,posted_at,scraped_at,likes\n"
        "youtube,p3,c1,2026-10-01,2026-10-02,5\n"
        "youtube,p1,c1,2026-10-01T10:00:00Z,2026-10-02T10:00:00Z,\n"  # repeats a.jsonl.gz line 1
        "youtube,p4\n",
    )
    connection.execute(
        f"""copy (select 'youtube' as platform, 'p5' as post_id, 'c1' as creator_id,
                   timestamp '2026-10-01 10:00:00' as posted_at,
                   timestamp '2026-10-03 10:00:00' as scraped_at, 7 as likes
                 union all select 'youtube', 'p6', null, timestamp '2026-10-01', timestamp
                   '2026-10-03', 1)
            to '{posts / "c.parquet"}' (format parquet)"""
    )
    return tmp_path


def per_file_counts(connection, run_id):
    rows = connection.execute(
        "select regexp_extract(file, '[^/]+$'), status, records_read, records_loaded,"
        " records_quarantined from raw.ingest_log where run_id = ? order by file",
        [run_id],
    ).fetchall()
    return {name: tuple(counts) for name, *counts in rows}


def test_every_record_is_loaded_or_quarantined_per_file(connection, mixed_posts_dump):
    result = ingest_entity(connection, POSTS, mixed_posts_dump, run_id="run1")
    assert per_file_counts(connection, "run1") == {
        "a.jsonl.gz": ("loaded", 3, 1, 2),
        "b.csv": ("loaded", 3, 1, 2),
        "c.parquet": ("loaded", 2, 1, 1),
    }
    assert (result.records_read, result.records_loaded, result.records_quarantined) == (8, 3, 5)
    loaded = connection.execute("select post_id from raw.posts order by 1").fetchall()
    assert loaded == [("p1",), ("p3",), ("p5",)]
    reasons = connection.execute(
        "select regexp_extract(source_file, '[^/]+$'), source_line, reason_code, reason"
        " from raw.quarantine order by 1, 2"
    ).fetchall()
    assert [(f, line, code) for f, line, code, _ in reasons] == [
        ("a.jsonl.gz", 2, "negative_count"),
        ("a.jsonl.gz", 3, "invalid_json"),
        ("b.csv", 3, "duplicate_in_run"),
        ("b.csv", 4, "missing_columns"),
        ("c.parquet", 2, "missing_field"),
    ]
    assert "a.jsonl.gz:1" in reasons[2][3]  # the repeat names the copy that was loaded
    assert reasons[4][3] == "creator_id: required field is missing"
    assert result.quarantine_reasons == {
        "duplicate_in_run": 1,
        "invalid_json": 1,
        "missing_columns": 1,
        "missing_field": 1,
        "negative_count": 1,
    }


def test_a_second_run_skips_files_already_loaded(connection, mixed_posts_dump):
    ingest_entity(connection, POSTS, mixed_posts_dump, run_id="run1")
    before = connection.execute("select count(*) from raw.posts").fetchall()
    result = ingest_entity(connection, POSTS, mixed_posts_dump, run_id="run2")
    assert (result.files_loaded, result.files_skipped, result.records_read) == (0, 3, 0)
    assert connection.execute("select count(*) from raw.posts").fetchall() == before
    assert set(per_file_counts(connection, "run2").values()) == {
        ("skipped_already_loaded", 0, 0, 0)
    }


def test_an_unchanged_file_is_skipped_without_being_read_again(
    connection, mixed_posts_dump, monkeypatch
):
    """The file ledger: same path, size and modification time as a loaded file."""
    from assets.ingestion import loader

    ingest_entity(connection, POSTS, mixed_posts_dump, run_id="run1")
    hashed = []
    real_hash = loader.content_hash
    monkeypatch.setattr(loader, "content_hash", lambda path: hashed.append(path) or real_hash(path))
    result = ingest_entity(connection, POSTS, mixed_posts_dump, run_id="run2")
    assert (result.files_skipped, hashed) == (3, [])
    logged = connection.execute(
        "select count(*) from raw.ingest_log as log where run_id = 'run2' and content_hash ="
        " (select content_hash from raw.ingest_log where run_id = 'run1' and file = log.file)"
    ).fetchall()
    assert logged == [(3,)]  # the skip names the content it stands for

    # Touched (same content, new time): read to hash, and skipped as the same content.
    touched = mixed_posts_dump / "posts" / "2026" / "a.jsonl.gz"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    result = ingest_entity(connection, POSTS, mixed_posts_dump, run_id="run3")
    assert (result.files_skipped, hashed) == (3, [touched])

    # Changed content (same size, a new time): read, hashed and loaded.
    changed = mixed_posts_dump / "posts" / "b.csv"
    stat = changed.stat()
    changed.write_text(changed.read_text().replace("p3", "p9"))
    os.utime(changed, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    result = ingest_entity(connection, POSTS, mixed_posts_dump, run_id="run4")
    assert result.files_loaded == 1


def test_new_snapshots_are_kept_as_history_and_repeats_quarantined(connection, tmp_path):
    write_jsonl(tmp_path / "posts" / "day1.jsonl", [post("p1", likes=1)])
    ingest_entity(connection, POSTS, tmp_path, run_id="run1")
    write_jsonl(
        tmp_path / "posts" / "day2.jsonl",
        [post("p1", likes=1), post("p1", "2026-10-03T10:00:00Z", likes=9)],
    )
    result = ingest_entity(connection, POSTS, tmp_path, run_id="run2")
    assert (result.records_loaded, result.records_quarantined) == (1, 1)
    logged = connection.execute(
        "select records_quarantined, records_duplicate from raw.ingest_log"
        " where run_id = 'run2' and status = 'loaded'"
    ).fetchall()
    assert logged == [(1, 1)]
    assert result.quarantine_reasons == {"already_loaded": 1}
    history = connection.execute(
        "select scraped_at::varchar, likes from raw.posts order by scraped_at"
    ).fetchall()
    assert history == [("2026-10-02 10:00:00", 1), ("2026-10-03 10:00:00", 9)]


def test_an_unreadable_file_loads_nothing_of_its_entity(connection, tmp_path):
    write_jsonl(tmp_path / "posts" / "a_good.jsonl", [post("p1")])
    ingest_entity(connection, POSTS, tmp_path, run_id="run1")
    write_jsonl(tmp_path / "posts" / "b_good.jsonl", [post("p2")])
    (tmp_path / "posts" / "c_bad.jsonl").write_bytes(b'{"a": "\xff"}\n')
    with pytest.raises(UnreadableFileError, match=r"c_bad\.jsonl"):
        ingest_entity(connection, POSTS, tmp_path, run_id="run2")
    assert connection.execute("select post_id from raw.posts").fetchall() == [("p1",)]
    assert per_file_counts(connection, "run2") == {}


def test_an_absent_entity_folder_loads_nothing(connection, tmp_path):
    write_jsonl(tmp_path / "posts" / "a.jsonl", [post("p1")])
    result = ingest_entity(connection, PROFILES, tmp_path, run_id="run1")
    assert (result.files_found, result.records_read) == (0, 0)
    assert connection.execute("select count(*) from raw.profiles").fetchall() == [(0,)]


def test_unsupported_files_are_logged_not_loaded(connection, tmp_path):
    write_jsonl(tmp_path / "posts" / "a.jsonl", [post("p1")])
    write_text(tmp_path / "posts" / "README.md", "about this dump")
    result = ingest_entity(connection, POSTS, tmp_path, run_id="run1")
    assert [p.rsplit("/", 1)[1] for p in result.unsupported_files] == ["README.md"]
    assert per_file_counts(connection, "run1")["README.md"] == ("unsupported_format", 0, 0, 0)


@pytest.mark.parametrize(
    ("layout", "message"),
    [
        (None, "does not exist"),
        ([], "holds none of posts/, comments/, profiles/"),
        (["posts/", "comments/"], "holds no files"),
    ],
)
def test_dumps_folder_errors_are_clear(tmp_path, layout, message):
    dumps = tmp_path / "dumps"
    if layout is not None:
        dumps.mkdir()
        for folder in layout:
            (dumps / folder).mkdir()
    with pytest.raises(DumpsFolderError, match=message):
        check_dumps_folder(dumps)


def test_a_posts_only_dumps_folder_is_fine(tmp_path):
    write_jsonl(tmp_path / "posts" / "a.jsonl", [post("p1")])
    check_dumps_folder(tmp_path)


def test_glob_characters_in_a_file_name_read_that_file_alone(tmp_path, connection):
    # part[1].jsonl would be a glob matching part1.jsonl: each file must be read as itself.
    posts = tmp_path / "posts"
    write_jsonl(posts / "part[1].jsonl", [post("bracket")])
    write_jsonl(posts / "part1.jsonl", [post("plain")])
    write_jsonl(posts / "star*.jsonl.gz", [post("star")], True)
    ingest_entity(connection, POSTS, tmp_path, run_id="run1")
    assert connection.execute(
        "select post_id, regexp_extract(_source_file, '[^/]+$') from raw.posts order by post_id"
    ).fetchall() == [
        ("bracket", "part[1].jsonl"),
        ("plain", "part1.jsonl"),
        ("star", "star*.jsonl.gz"),
    ]


def test_files_under_a_symlinked_folder_are_read_once(tmp_path, connection):
    elsewhere = tmp_path / "elsewhere"
    write_jsonl(elsewhere / "linked.jsonl", [post("linked")])
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "batch").symlink_to(elsewhere, target_is_directory=True)
    (elsewhere / "loop").symlink_to(elsewhere, target_is_directory=True)  # a cycle ends
    ingest_entity(connection, POSTS, tmp_path, run_id="run1")
    assert connection.execute("select post_id from raw.posts").fetchall() == [("linked",)]


def test_a_parquet_column_named_file_row_number_is_no_problem(tmp_path, connection):
    (tmp_path / "posts").mkdir()
    target = tmp_path / "posts" / "own_numbers.parquet"
    connection.execute(
        f"""copy (select 'youtube' as platform, 'p' || i as post_id, 'c1' as creator_id,
                   timestamp '2026-10-01 10:00:00' as posted_at,
                   timestamp '2026-10-03 10:00:00' as scraped_at, 100 - i as file_row_number
                 from range(3) as t(i)) to '{target}' (format parquet)"""
    )
    ingest_entity(connection, POSTS, tmp_path, run_id="run1")
    assert connection.execute(
        "select post_id, _source_line from raw.posts order by _source_line"
    ).fetchall() == [("p0", 1), ("p1", 2), ("p2", 3)]


# A stray quote in a CSV row (here opening creator_id's value on line 3). By RFC 4180 the value
# runs on to the next quote: without care, every line after it is lost in one "row".
STRAY_QUOTE_HEADER = "platform,post_id,creator_id,posted_at,scraped_at,caption\n"
STRAY_QUOTE_ROWS = (
    'youtube,p2,"c1,2026-10-01,2026-10-02,Hello world\n'
    "youtube,p3,c1,2026-10-01,2026-10-02,after\n"
    'youtube,p4,c1,2026-10-01,2026-10-02,"quoted, ok"\n'
)


@pytest.mark.parametrize(
    "good_lines_before",
    # 1: the quote is among the rows DuckDB's sniffer samples (which then gave up with a message
    # about "the CSV parsing dialect"); 25,000: it is past the sample (the rest of the file was
    # one quarantined row).
    [1, 25_000],
)
def test_a_stray_csv_quote_quarantines_its_line_and_the_lines_after_it_load(
    connection, tmp_path, good_lines_before
):
    before = "".join(
        f"youtube,g{n},c1,2026-10-01,2026-10-02,fine\n" for n in range(good_lines_before)
    )
    path = write_text(
        tmp_path / "posts" / "stray.csv", STRAY_QUOTE_HEADER + before + STRAY_QUOTE_ROWS
    )
    result = ingest_entity(connection, POSTS, tmp_path, run_id="run1")
    line = good_lines_before + 2  # the header is line 1
    assert per_file_counts(connection, "run1") == {
        "stray.csv": ("loaded", good_lines_before + 3, good_lines_before + 2, 1)
    }
    assert result.quarantine_reasons == {"unterminated_quote": 1}
    loaded = connection.execute(
        "select post_id, _source_line from raw.posts where post_id not like 'g%' order by 2"
    ).fetchall()
    assert loaded == [("p3", line + 1), ("p4", line + 2)]
    [(source_file, source_line, code, raw_text, reason)] = connection.execute(
        "select source_file, source_line, reason_code, raw_text, reason from raw.quarantine"
    ).fetchall()
    assert (source_file, source_line, code) == (str(path), line, "unterminated_quote")
    assert raw_text == 'youtube,p2,"c1,2026-10-01,2026-10-02,Hello world'
    assert reason == (
        f"unterminated quote: the quoted value of creator_id opens on line {line} and is not"
        " closed on that line, so every line after it, to the end of the file, would have been"
        " read into that one value. The line is quarantined and the lines after it were read"
        " as records of their own: close the quote, or write a quote that is part of the text"
        ' as two quotes ("")'
    )
    assert result.unclosed_quotes == [f"{path} line {line}: {reason}"]
