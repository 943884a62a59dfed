"""The platform-native dumps (tests/fixtures/native_dump), end to end through the real CLI.

The expected staging rows in tests/fixtures/native_dump_expected/stg_<shape>.csv were worked out
by hand from the fixture JSON files (SOURCES.md lists every item) and the renames in
dbt_project/models/staging/native/stg_<shape>.sql, not read from a run. Timestamps there are
naive UTC; a date-only file or folder name is that day's midnight; an empty cell is null.

One `bignoise run` on a copy of the fixture folder, as of 2026-05-21 00:00 UTC. The copy's
youtube/channels/channels_latest.json (no date in its name, no sidecar) gets the mtime
2026-05-20T12:00:00Z, which is then its scraped_at.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from conftest import REPO, bignoise

NATIVE_DUMP = REPO / "tests" / "fixtures" / "native_dump"
EXPECTED = REPO / "tests" / "fixtures" / "native_dump_expected"
CHANNELS_FILE = Path("youtube/channels/channels_latest.json")
CHANNELS_MTIME = datetime(2026, 5, 20, 12, 0, 0, tzinfo=UTC)

POST_COLUMNS = (
    "platform, post_id, creator_id, posted_at, scraped_at, likes, comments, shares, saves, views,"
    " is_sponsored, likes_hidden"
)
COMMENT_COLUMNS = (
    "platform, comment_id, post_id, author_id, parent_comment_id, created_at, scraped_at, likes"
)
PROFILE_COLUMNS = (
    "platform, creator_id, handle, followers, following, media_count, is_verified, scraped_at"
)
# shape -> (the CSV's columns, the key the rows are ordered by)
SHAPES = {
    "youtube__videos": (POST_COLUMNS, "post_id"),
    "youtube__comment_threads": (COMMENT_COLUMNS, "comment_id"),
    "youtube__comments": (COMMENT_COLUMNS, "comment_id"),
    "youtube__channels": (PROFILE_COLUMNS, "creator_id"),
    "instagram_graph__media": (POST_COLUMNS, "post_id"),
    "instagram_graph__comments": (COMMENT_COLUMNS, "comment_id"),
    "instagram_graph__business_discovery": (PROFILE_COLUMNS, "creator_id"),
    "instagram_graph__business_discovery_media": (POST_COLUMNS, "post_id"),
    "tiktok_research__videos": (POST_COLUMNS, "post_id"),
    "tiktok_research__comments": (COMMENT_COLUMNS, "comment_id"),
    "tiktok_research__users": (PROFILE_COLUMNS, "creator_id"),
    "apify__instagram_posts": (POST_COLUMNS, "post_id"),
    "apify__instagram_comments": (COMMENT_COLUMNS, "comment_id"),
    "apify__instagram_profiles": (PROFILE_COLUMNS, "creator_id"),
    "apify__tiktok_videos": (POST_COLUMNS, "post_id"),
    "apify__tiktok_comments": (COMMENT_COLUMNS, "comment_id"),
    "ytdlp__videos": (POST_COLUMNS, "post_id"),
    "ytdlp__comments": (COMMENT_COLUMNS, "comment_id"),
}

# Where each file's scraped_at comes from (SOURCES.md, "scraped_at of each file"); every other
# dump file has a date or timestamp in its name or its folder's name.
SCRAPED_AT_SOURCES = {
    "youtube/comment_threads/threads_Qm3xT7bLp2A.json": "sidecar",
    str(CHANNELS_FILE): "mtime",
    "ytdlp/ytdlp_20260520.jsonl": "record",
}

BIG_VIDEO_ID = "7359876543210987654"  # > 2**53: a double would make it ...987520
BIG_VIDEO_COMMENTS = {"7360011223344556677", "7360099887766554433", "7360123456789012345"}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """(dumps copy, working DB connection, served DB connection) after one `bignoise run`."""
    root = tmp_path_factory.mktemp("native")
    dumps = root / "dumps"
    shutil.copytree(NATIVE_DUMP, dumps)
    stamp = CHANNELS_MTIME.timestamp()
    os.utime(dumps / CHANNELS_FILE, (stamp, stamp))
    warehouse = root / "warehouse"
    result = bignoise(
        "run",
        "--dumps", str(dumps),
        "--warehouse", str(warehouse),
        "--as-of", "2026-05-21T00:00:00",
        "--window-days", "30",
        "--window-posts", "10",
        "--json",
        cwd=root,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr + result.stdout
    summary = json.loads(result.stdout)
    assert summary["success"], summary
    with (
        duckdb.connect(str(warehouse / "work" / "bignoise.duckdb"), read_only=True) as work,
        duckdb.connect(str(warehouse / "serving" / "marts.duckdb"), read_only=True) as served,
    ):
        work.execute("set TimeZone = 'UTC'")
        served.execute("set TimeZone = 'UTC'")
        yield dumps, work, served


def as_text(value) -> str:
    """A value as the expected CSVs write it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_staging_rows_match_the_hand_computed_ones(run, shape):
    _, work, _ = run
    columns, key = SHAPES[shape]
    with (EXPECTED / f"stg_{shape}.csv").open(newline="", encoding="utf-8") as file:
        reader = csv.reader(file)
        header = next(reader)
        expected = [tuple(row) for row in reader]
    assert header == [c.strip() for c in columns.split(",")]
    actual = [
        tuple(as_text(v) for v in row)
        for row in work.execute(
            f"select {columns} from staging.stg_{shape} order by {key}, scraped_at"
        ).fetchall()
    ]
    assert actual == expected


def test_the_ingest_log_accounts_for_every_file_and_its_scrape_time(run):
    dumps, work, _ = run
    log = work.execute(
        "select entity, file, records_read, records_loaded, records_quarantined,"
        " scraped_at_source from raw.ingest_log"
    ).fetchall()
    dump_files = {
        str(p.relative_to(dumps))
        for p in dumps.rglob("*")
        if p.is_file() and p.name != "SOURCES.md" and not p.name.endswith(".meta.json")
    }
    assert {str(Path(row[1]).relative_to(dumps)) for row in log} == dump_files
    # The yt-dlp file gives videos and comments, a business_discovery file accounts and media.
    assert len(log) == len(dump_files) + 1 + 2
    for entity, file, read, loaded, quarantined, source in log:
        relative = str(Path(file).relative_to(dumps))
        assert read == loaded + quarantined, (entity, relative)
        assert source == SCRAPED_AT_SOURCES.get(relative, "file_name"), (entity, relative)
    assert sum(row[4] for row in log) == 2


def test_only_the_api_error_and_the_apify_item_without_id_are_quarantined(run):
    dumps, work, _ = run
    rows = work.execute(
        "select entity, source_file, reason_code, reason, source_path from raw.quarantine"
        " order by entity"
    ).fetchall()
    error_file = "tiktok_research/videos/videos_error_2026-05-20T101712.json"
    message = json.loads((dumps / error_file).read_text())["error"]["message"]
    assert len(rows) == 2
    apify, research = rows
    assert apify[0] == "apify__tiktok_videos"
    assert Path(apify[1]).relative_to(dumps) == Path(
        "apify/tiktok_videos/tiktok_videos_2026-05-20T110000.json"
    )
    assert apify[2] == "missing_field"
    assert apify[4] == "$[2]"
    assert research[0] == "tiktok_research__videos"
    assert Path(research[1]).relative_to(dumps) == Path(error_file)
    assert research[2] == "api_error"
    assert message and message in research[3]


def test_a_tiktok_id_above_2_53_keeps_its_exact_digits(run):
    _, work, served = run
    assert int(BIG_VIDEO_ID) > 2**53
    assert work.execute(
        "select id from raw.tiktok_research__videos where id = ?", [BIG_VIDEO_ID]
    ).fetchall() == [(BIG_VIDEO_ID,)]
    assert sorted(
        work.execute(
            "select id from raw.tiktok_research__comments where video_id = ?", [BIG_VIDEO_ID]
        ).fetchall()
    ) == sorted((c,) for c in BIG_VIDEO_COMMENTS)
    assert work.execute(
        "select post_id from staging.stg_tiktok_research__videos where post_id = ?",
        [BIG_VIDEO_ID],
    ).fetchall() == [(BIG_VIDEO_ID,)]
    assert served.execute(
        "select post_key, post_id from fct_posts where post_id = ?", [BIG_VIDEO_ID]
    ).fetchall() == [(f"tiktok:{BIG_VIDEO_ID}", BIG_VIDEO_ID)]
    comments = served.execute(
        "select comment_id from fct_comments where post_key = ?", [f"tiktok:{BIG_VIDEO_ID}"]
    ).fetchall()
    assert {c for (c,) in comments} == BIG_VIDEO_COMMENTS
    # ...and nothing anywhere was rounded through a double.
    rounded = str(int(float(BIG_VIDEO_ID)))
    assert rounded != BIG_VIDEO_ID
    assert not served.execute(
        "select 1 from fct_posts where post_id = ? union all"
        " select 1 from fct_comments where post_key like ?",
        [rounded, f"%{rounded}"],
    ).fetchall()


def test_hidden_likes_and_hidden_subscribers_stay_unknown(run):
    _, _, served = run
    columns = [r[0] for r in served.execute("describe fct_posts").fetchall()]
    rates = [c for c in columns if c.startswith("er_")]
    assert rates  # er_followers, er_likes_comments, er_views
    hidden = served.execute(
        f"select likes, likes_hidden, engagements, {', '.join(rates)} from fct_posts"
        " where post_key = 'instagram:18199876543210987'"
    ).fetchall()
    assert hidden == [(None, True, None, *[None] * len(rates))]
    followers = served.execute(
        "select creator_id, followers from fct_profile_snapshots where platform = 'youtube'"
        " order by creator_id"
    ).fetchall()
    assert followers == [("UCm1r4B4k3sQx7Lp2ZtW9v0A", 152000), ("UCt0m4sTr41lsK9wQ2eR7yUb", None)]
