"""Which day a dump file belongs to (assets/ingestion/dump_days.py), and a backfill's ingestion
reading only the files of its days."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from conftest import write_jsonl

from assets.ingestion.contract import POSTS
from assets.ingestion.dump_days import DayRange, date_in_path, dump_day, first_dump_day
from assets.ingestion.loader import ingest_entity
from orchestration import cli


@pytest.mark.parametrize(
    ("relative", "day"),
    [
        ("comments/2026-11-01/part-1.parquet", date(2026, 11, 1)),  # a folder
        ("posts/tiktok/2026-11-01.jsonl.gz", date(2026, 11, 1)),  # a file name
        ("profiles/snapshots-20261101.csv", date(2026, 11, 1)),  # compact
        ("posts/2026_10_31/x.csv", date(2026, 10, 31)),
        ("posts/2026-10-30/2026-11-01.csv", date(2026, 10, 30)),  # the folder comes first
        ("posts/instagram/2026-10.jsonl", None),  # a month is not a day
        ("comments/part-00001.parquet", None),
        ("posts/video_123420261101.jsonl", None),  # inside a longer number: an id
        ("posts/2026-13-45.jsonl", None),  # digits, not a date
    ],
)
def test_the_first_full_date_in_the_path_names_the_day(relative, day):
    assert date_in_path(Path(relative)) == day


def test_a_file_without_a_date_belongs_to_the_day_it_arrived(tmp_path):
    path = tmp_path / "posts" / "part-00001.jsonl"
    path.parent.mkdir(parents=True)
    path.write_text("{}\n")
    arrived = datetime(2026, 9, 14, 23, 30, tzinfo=UTC).timestamp()
    os.utime(path, (arrived, arrived))
    assert dump_day(path, tmp_path) == date(2026, 9, 14)


def post(post_id: str) -> dict:
    return {
        "platform": "youtube",
        "post_id": post_id,
        "creator_id": "c1",
        "posted_at": "2026-10-01T10:00:00Z",
        "scraped_at": "2026-10-02T10:00:00Z",
    }


def test_a_backfill_reads_only_the_files_of_its_days(connection, tmp_path):
    for day in ("2026-10-30", "2026-10-31", "2026-11-01"):
        write_jsonl(tmp_path / "posts" / day / "posts.jsonl", [post(f"p-{day}")])
    days = DayRange(date(2026, 10, 31), date(2026, 11, 1))
    result = ingest_entity(connection, POSTS, tmp_path, run_id="backfill", days=days)
    assert (result.files_found, result.files_outside_days, result.records_loaded) == (2, 1, 2)
    loaded = connection.execute("select post_id from raw.posts order by 1").fetchall()
    assert loaded == [("p-2026-10-31",), ("p-2026-11-01",)]
    # The day left out is read by the next run over every file.
    result = ingest_entity(connection, POSTS, tmp_path, run_id="all")
    assert (result.files_loaded, result.files_skipped, result.records_loaded) == (1, 2, 1)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--from", "2026-11-01"], "--from and --to go together"),
        (["--to", "2026-11-01"], "--from and --to go together"),
        (["--from", "2026-11-02", "--to", "2026-11-01"], "--from 2026-11-02 is after --to"),
        (
            ["--from", "2023-12-31", "--to", "2024-01-02"],
            "--from 2023-12-31 is before the first day of the daily partitions, 2024-01-01",
        ),
    ],
)
def test_a_backfill_needs_both_days_in_order(arguments, message, tmp_path, capsys):
    dumps = tmp_path / "dumps"
    write_jsonl(dumps / "posts" / "2026-11-01" / "a.jsonl", [])
    code = cli.main(["run", "--dumps", str(dumps), "--warehouse", str(tmp_path / "w"), *arguments])
    assert code == cli.EXIT_BAD_INPUT
    assert message in capsys.readouterr().err
    assert not (tmp_path / "w").exists()  # nothing ran, nothing was created


def test_the_first_dump_day_must_be_a_date(monkeypatch):
    monkeypatch.setenv("BIGNOISE_FIRST_DUMP_DAY", "2024-02-30")
    with pytest.raises(ValueError, match="BIGNOISE_FIRST_DUMP_DAY is not a day as YYYY-MM-DD"):
        first_dump_day()
    monkeypatch.setenv("BIGNOISE_FIRST_DUMP_DAY", "2019-06-01")
    assert first_dump_day().isoformat() == "2019-06-01"


def test_a_bad_first_dump_day_is_a_clear_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("BIGNOISE_FIRST_DUMP_DAY", "2024-13-01")
    write_jsonl(tmp_path / "dumps" / "posts" / "a.jsonl", [])
    code = cli.main(["run", "--dumps", str(tmp_path / "dumps"), "--warehouse", str(tmp_path / "w")])
    assert code == cli.EXIT_BAD_INPUT
    assert "invalid settings: BIGNOISE_FIRST_DUMP_DAY is not a day as YYYY-MM-DD: '2024-13-01'" in (
        capsys.readouterr().err
    )


def test_a_backfill_day_must_be_a_date(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["run", "--dumps", str(tmp_path), "--warehouse", str(tmp_path), "--from", "Nov 1"])
    assert exit_info.value.code == cli.EXIT_BAD_INPUT
    assert "not a day as YYYY-MM-DD: 'Nov 1'" in capsys.readouterr().err
