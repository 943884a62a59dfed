"""Platform-native files at the ingestion level: what counts as the same file, and where a file's
scrape time comes from (assets/ingestion/scrape_times.py)."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime

from assets.ingestion.loader import ingest_entity
from assets.ingestion.native_shapes import NATIVE_ENTITIES

VIDEOS = NATIVE_ENTITIES["youtube__videos"]


def _response(likes: str) -> str:
    video = {
        "id": "vid1",
        "snippet": {"channelId": "UC1", "publishedAt": "2026-05-01T10:00:00Z"},
        "statistics": {"viewCount": "1000", "likeCount": likes},
    }
    return json.dumps({"kind": "youtube#videoListResponse", "items": [video]})


def _write(path, text, mtime=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def test_a_re_scrape_with_the_same_bytes_is_another_snapshot(connection, tmp_path):
    # The same response saved on two days: the bytes match, the scrape times do not.
    _write(tmp_path / "youtube" / "videos" / "2026-05-20.json", _response("50"))
    _write(tmp_path / "youtube" / "videos" / "2026-05-21.json", _response("50"))
    result = ingest_entity(connection, VIDEOS, tmp_path, run_id="run1")
    assert (result.records_read, result.records_loaded) == (2, 2)
    snapshots = connection.execute(
        "select scraped_at::varchar from raw.youtube__videos order by 1"
    ).fetchall()
    assert snapshots == [("2026-05-20 00:00:00",), ("2026-05-21 00:00:00",)]
    again = ingest_entity(connection, VIDEOS, tmp_path, run_id="run2")
    assert (again.files_skipped, again.records_read) == (2, 0)


def test_the_scrape_time_comes_from_sidecar_then_name_then_folder_then_mtime(connection, tmp_path):
    may_22 = datetime(2026, 5, 22, 8, 30, tzinfo=UTC).timestamp()
    folder = tmp_path / "youtube" / "videos"
    _write(folder / "a_2026-05-20.json", _response("1"))
    _write(folder / "a_2026-05-20.json.meta.json", json.dumps({"scraped_at": "2026-05-19T07:00Z"}))
    _write(folder / "b_20260520T101500.json", _response("2"))
    _write(folder / "2026-05-18" / "c_user12345678.json", _response("3"))
    _write(folder / "d_latest.json", _response("4"), mtime=may_22)
    ingest_entity(connection, VIDEOS, tmp_path, run_id="run1")
    rows = connection.execute(
        """
        select regexp_extract(log.file, '[^/]+$'), log.scraped_at_source, videos.scraped_at::varchar
        from raw.ingest_log as log
        join raw.youtube__videos as videos on videos._source_file = log.file
        order by 1
        """
    ).fetchall()
    assert rows == [
        ("a_2026-05-20.json", "sidecar", "2026-05-19 07:00:00"),
        ("b_20260520T101500.json", "file_name", "2026-05-20 10:15:00"),
        # 12345678 is no date: the folder's name is the next place looked at.
        ("c_user12345678.json", "file_name", "2026-05-18 00:00:00"),
        ("d_latest.json", "mtime", "2026-05-22 08:30:00"),
    ]
    # The sidecar itself is not read as a dump.
    files = connection.execute("select count(distinct file) from raw.ingest_log").fetchall()
    assert files == [(4,)]


def test_an_array_of_responses_is_read_as_each_response(connection, tmp_path):
    # Two business_discovery responses saved in one .json file, as a JSON array.
    responses = [
        {
            "business_discovery": {"id": f"178{n}", "username": f"acct{n}", "followers_count": n},
            "id": "999",
        }
        for n in (1200, 3400)
    ]
    _write(
        tmp_path / "instagram_graph" / "business_discovery" / "2026-05-20.json",
        json.dumps(responses),
    )
    profiles = NATIVE_ENTITIES["instagram_graph__business_discovery"]
    result = ingest_entity(connection, profiles, tmp_path, run_id="run1")
    assert (result.records_read, result.records_quarantined) == (2, 0)
    rows = connection.execute(
        "select id, username, followers_count, _source_path"
        " from raw.instagram_graph__business_discovery order by id"
    ).fetchall()
    assert rows == [
        ("1781200", "acct1200", 1200, "$[0].business_discovery"),
        ("1783400", "acct3400", 3400, "$[1].business_discovery"),
    ]


def test_the_native_step_reports_each_shape_as_the_canonical_assets_do(tmp_path):
    # One function builds the metadata of both (assets/ingestion_asset.py): the same keys, but
    # for the canonical assets' records_per_second; a shape without files reports zero counts.
    import dagster as dg

    from assets.native import raw_native_dumps
    from assets.posts import raw_posts
    from orchestration.settings import BignoiseSettings

    dumps = tmp_path / "dumps"
    _write(dumps / "youtube" / "videos" / "2026-05-20.json", _response("50"))
    settings = BignoiseSettings(dumps_dir=str(dumps), warehouse_dir=str(tmp_path / "warehouse"))
    reported = {
        result.asset_key.path[1]: result.metadata
        for result in raw_native_dumps(dg.build_asset_context(), settings=settings)
    }
    assert set(reported) == set(NATIVE_ENTITIES)
    videos = reported["youtube__videos"]
    assert (videos["files_loaded"], videos["records_loaded"], videos["dagster/row_count"]) == (
        1,
        1,
        1,
    )
    assert reported["youtube__channels"]["records_read"] == 0
    (dumps / "posts").mkdir()
    canonical = raw_posts(dg.build_asset_context(), settings=settings).metadata
    assert set(canonical) - set(videos) == {"records_per_second"}
    assert set(videos) < set(canonical)
