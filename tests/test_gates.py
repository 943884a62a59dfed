"""Release gates: a broken batch, or a mart that emptied or shrank, stops the run before anything is
published, says why, and leaves what readers see untouched; `bignoise unload` takes the batch back.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import bignoise_on_handmade as bignoise

from assets.ingestion.native_shapes import NATIVE_ENTITIES
from orchestration.gates import GateError, check_row_counts, quarantine_problems

REPO = Path(__file__).resolve().parents[1]
HANDMADE = REPO / "tests" / "fixtures" / "handmade_dump"


def ingest_log(connection, rows):
    connection.execute(
        "create table raw.ingest_log (run_id varchar, entity varchar, file varchar,"
        " content_hash varchar, size_bytes bigint, status varchar, records_read bigint,"
        " records_loaded bigint, records_quarantined bigint, records_duplicate bigint,"
        " ingested_at timestamp)"
    )
    for file, status, read, quarantined, duplicate, at in rows:
        connection.execute(
            "insert into raw.ingest_log values ('r', 'posts', ?, 'h', 1, ?, ?, ?, ?, ?, ?)",
            [file, status, read, read - quarantined, quarantined, duplicate, at],
        )


def test_the_quarantine_gate_counts_what_came_since_the_last_release(connection):
    connection.execute("create schema raw")
    ingest_log(
        connection,
        [
            ("old.jsonl", "loaded", 100, 90, 0, "2026-01-01 00:00:00"),  # before the release
            ("a.jsonl", "loaded", 100, 2, 0, "2026-02-01 00:00:00"),
            ("b.jsonl", "loaded", 100, 60, 60, "2026-02-01 00:00:00"),  # re-delivered, not bad
            ("c.jsonl", "loaded", 10, 6, 0, "2026-02-01 00:00:00"),  # 60% of the file
            ("gone.jsonl", "unloaded", 100, 100, 0, "2026-02-01 00:00:00"),  # taken back
        ],
    )
    since = "2026-01-15T00:00:00+00:00"
    problems = quarantine_problems(connection, "posts", since, 0.05, 0.5)
    # Since the release: a, b, c = 210 read, 2 + 0 + 6 = 8 bad (3.8%): under 5%; c alone is 60%.
    assert problems == [
        "posts: 6 of 10 records of c.jsonl were quarantined (more than "
        "BIGNOISE_MAX_FILE_QUARANTINE_SHARE = 50% of the file; fix it and `bignoise unload` it, "
        "or raise the share)"
    ]
    # With no release yet every file counts: 310 read, 98 bad (31.6%), and old.jsonl is 90% bad.
    everything = quarantine_problems(connection, "posts", None, 0.05, 0.95)
    assert everything == [
        "posts: 98 of 310 records read since the last release were quarantined (31.6%, more "
        "than BIGNOISE_MAX_QUARANTINE_SHARE = 5%)"
    ]


def test_the_row_count_gate():
    marts = ("dim_creators", "mart_creator_scorecard", "fct_comments")
    release = {
        "row_counts": {"dim_creators": 100, "mart_creator_scorecard": 100, "fct_comments": 9}
    }
    fine = {"dim_creators": 60, "mart_creator_scorecard": 60, "fct_comments": 0}
    check_row_counts(fine, release, marts, 0.5)  # 40% fewer; fct_comments may be empty
    with pytest.raises(GateError, match="dim_creators fell from 100 to 40 rows"):
        check_row_counts({**fine, "dim_creators": 40}, release, marts, 0.5)
    with pytest.raises(GateError, match="mart_creator_scorecard has no rows"):
        check_row_counts({**fine, "mart_creator_scorecard": 0}, None, marts, 0.5)


def served_bytes(warehouse: Path) -> dict[str, str]:
    """What a reader of the stable paths gets: each file's digest, resolved through the pointer."""
    serving = warehouse / "serving"
    files = [serving / "marts.duckdb", *sorted((serving / "parquet").glob("*.parquet"))]
    return {str(f.resolve()): hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


def test_a_broken_batch_blocks_publishing_until_it_is_taken_back(tmp_path):
    shutil.copytree(HANDMADE, tmp_path / "dumps")
    run = ("run", "--dumps", "dumps", "--warehouse", "wh", "--as-of", "2026-10-31T00:00:00")
    first = bignoise(*run, "--json", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    before = served_bytes(tmp_path / "wh")

    broken = tmp_path / "dumps" / "posts" / "broken.jsonl"
    broken.write_text(
        "".join(f'{{"platform": "instagram", "post_id": "x{i}"}}\n' for i in range(40))
    )
    blocked = bignoise(*run, "--json", cwd=tmp_path)
    assert blocked.returncode == 1
    summary = json.loads(blocked.stdout)
    assert summary["checks_failed"] == ["raw/posts:quarantine_gate"]
    assert any(f"40 of 40 records of {broken}" in error for error in summary["errors"])
    assert served_bytes(tmp_path / "wh") == before

    # Running again does not publish around it: the gate looks at everything since the release.
    again = bignoise(*run, "--json", cwd=tmp_path)
    assert again.returncode == 1
    assert served_bytes(tmp_path / "wh") == before

    broken.unlink()
    unloaded = bignoise("unload", "--warehouse", "wh", "--file", str(broken), cwd=tmp_path)
    assert unloaded.returncode == 0, unloaded.stderr
    assert "40 quarantined ones removed" in unloaded.stdout
    with duckdb.connect(str(tmp_path / "wh" / "work" / "bignoise.duckdb"), read_only=True) as db:
        assert db.execute(
            "select count(*) from raw.quarantine where source_file = ?", [str(broken)]
        ).fetchall() == [(0,)]
    published = bignoise(*run, "--json", cwd=tmp_path)
    assert published.returncode == 0, published.stderr
    assert served_bytes(tmp_path / "wh") != before  # a new release is current
    # Same project, vars and warehouse as the run before: dbt reused its parse state.
    dbt_log = "".join(
        path.read_text() for path in newest_dbt_target(tmp_path / "wh").glob("dbt.log*")
    )
    assert "Nothing changed, skipping partial parsing" in dbt_log
    assert "Unable to do partial parsing" not in dbt_log

    # A backfill (an older as_of) publishes beside the current release and leaves it current.
    current = served_bytes(tmp_path / "wh")
    backfill = bignoise(*run[:-1], "2026-10-25T00:00:00", "--json", cwd=tmp_path)
    assert backfill.returncode == 0, backfill.stderr
    summary = json.loads(backfill.stdout)
    assert summary["release_is_current"] is False and summary["as_of"] == "2026-10-25 00:00:00"
    assert summary["published_database"].endswith(f"releases/{summary['release_id']}/marts.duckdb")
    assert served_bytes(tmp_path / "wh") == current  # readers still get the newer release

    unknown = bignoise("unload", "--warehouse", "wh", "--file", str(broken), cwd=tmp_path)
    assert unknown.returncode == 2
    assert "no loaded file" in unknown.stderr


def newest_dbt_target(warehouse):
    targets = (warehouse / "work" / "dbt_target").iterdir()
    return max(targets, key=lambda path: path.stat().st_mtime)


def test_the_native_gate_judges_each_file_under_its_own_shape(tmp_path):
    """One query counts every native file; a file over the per-file share fails its own shape's
    check only, naming the file, and every other shape's check passes."""
    import dagster as dg

    from assets.native import raw_native_dumps
    from orchestration.gates import native_quarantine_gate
    from orchestration.settings import BignoiseSettings

    dumps = tmp_path / "dumps"
    shutil.copytree(Path(__file__).parent / "fixtures" / "native_dump", dumps)
    # The Apify TikTok videos file holds one item without an id among its items; the rest load.
    settings = BignoiseSettings(
        dumps_dir=str(dumps),
        warehouse_dir=str(tmp_path / "warehouse"),
        max_quarantine_share=0.99,
        max_file_quarantine_share=0.01,
    )
    result = dg.materialize(
        [raw_native_dumps, native_quarantine_gate],
        resources={"settings": settings},
        raise_on_error=False,
    )
    evaluations = {e.asset_key.path[1]: e for e in result.get_asset_check_evaluations()}
    assert set(evaluations) == set(NATIVE_ENTITIES)
    failed = {name: e for name, e in evaluations.items() if not e.passed}
    assert set(failed) == {"apify__tiktok_videos"}
    [problem] = failed["apify__tiktok_videos"].metadata["problems"].value
    assert problem.startswith("apify__tiktok_videos: 1 of ")
    assert "tiktok_videos_2026-05-20T110000.json were quarantined" in problem
