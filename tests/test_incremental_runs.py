"""An incremental run gives the marts a full rebuild gives (issue 8).

One synthetic dump set, laid out in two days' folders, is loaded into one warehouse in two runs (a
backfill of the first day, `bignoise run --from D --to D`, then a run over everything, which
loads only the second day's files and extends dbt's incremental models), and into a fresh
warehouse in one run. The second day also re-scrapes some of the first day's comments (a later
snapshot with another text), so the latest snapshot of a comment already built must be replaced.
Every served mart must be the same, row for row. The second run must really have taken the
incremental path: a marker row put into an incremental model between the runs survives it, the
comment snapshots, the behaviour signals and the comment flags carry the two builds that wrote
them, and a `--rebuild` (a full refresh) removes the marker.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import HANDMADE, HANDMADE_WINDOW, bignoise_on_handmade

from assets.ingestion.dump_days import DayRange
from orchestration.expectations import SUITES
from orchestration.run_pipeline import run_job
from orchestration.settings import BignoiseSettings
from synthetic.pipeline import generate_dumps

READINGS = "intermediate.int_comment_text_readings"
SNAPSHOTS = "intermediate.int_comment_snapshots"
HASHTAGS = "staging.stg_post_hashtags"
BEHAVIOUR = "intermediate.int_comments_behaviour_signals"
FLAGGED = "intermediate.int_comments_flagged"
RESCRAPED = 25  # first-day comments scraped again on the second day
MARKER = "bignoise test: a text no dump holds"
HASHTAG_MARKER = "bignoisetestmarker"  # a hashtag no dump holds
# Served tables that describe the run itself (ids, times), not the data.
RUN_TABLES = {"ingest_log", "release_info", "quality_results", "publish_log"}


FIRST_DAY, SECOND_DAY = date(2026, 10, 31), date(2026, 11, 1)


@pytest.fixture(scope="module")
def dumps(tmp_path_factory) -> Path:
    """A generated dump set laid out by day: the earlier months of posts, all profiles and TikTok's
    comments under <entity>/2026-10-31/, the rest under <entity>/2026-11-01/."""
    root = tmp_path_factory.mktemp("generated")
    generate_dumps(root / "generated", creators=6, seed=11, truth_dir=root / "truth")
    for path in sorted((root / "generated").rglob("*")):
        if path.is_file():
            entity, *rest = path.relative_to(root / "generated").parts
            day = FIRST_DAY if first_day(entity, rest) else SECOND_DAY
            target = root / "dumps" / entity / day.isoformat() / Path(*rest)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    rescrape_first_day_comments(root / "dumps")
    return root / "dumps"


def rescrape_first_day_comments(dumps: Path) -> None:
    """A second-day file holding later snapshots of some first-day comments, with edited texts."""
    first_day = dumps / "comments" / FIRST_DAY.isoformat()
    target = dumps / "comments" / SECOND_DAY.isoformat() / "rescraped.jsonl"
    with duckdb.connect() as connection:
        connection.execute("set TimeZone = 'UTC'")
        connection.execute(
            f"""
            copy (
                select * replace (
                    text || ' (edited)' as text,
                    coalesce(scraped_at, created_at) + 60 as scraped_at  -- epoch seconds
                )
                from read_parquet('{first_day}/**/*.parquet')
                order by comment_id
                limit {RESCRAPED}
            ) to '{target}' (format json)
            """
        )


def first_day(entity: str, rest: list[str]) -> bool:
    if entity == "comments":
        return rest[0] == "tiktok"
    if entity == "posts":
        return rest[-1][:7] <= "2026-08"
    return True


def run(dumps: Path, warehouse: Path, rebuild: bool = False, days: DayRange | None = None):
    settings = BignoiseSettings(dumps_dir=str(dumps), warehouse_dir=str(warehouse))
    if days is not None:  # as `bignoise run --from --to` does: as of the end of the last day
        settings = settings.model_copy(
            update={"as_of": f"{days.last + timedelta(days=1)} 00:00:00"}
        )
    summary = run_job(settings, show_progress=False, rebuild=rebuild, days=days)
    assert summary.success, summary.errors + summary.checks_failed
    assert not summary.nothing_new
    return summary, settings


def readings(settings: BignoiseSettings, sql: str):
    with duckdb.connect(str(settings.work_database), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def test_an_incremental_run_gives_the_marts_of_a_full_rebuild(dumps, tmp_path, monkeypatch):
    monkeypatch.setenv("BIGNOISE_PSEUDONYM_KEY", "incremental-test-key")  # same commenter keys
    incremental_warehouse = tmp_path / "incremental"

    # First a backfill of the first day: only that day's files, marts as of the day's end.
    backfill, settings = run(dumps, incremental_warehouse, days=DayRange(FIRST_DAY, FIRST_DAY))
    assert backfill.as_of == "2026-11-01 00:00:00"
    with duckdb.connect(str(settings.work_database), read_only=True) as connection:
        loaded_days = connection.execute(
            "select distinct regexp_extract(file, '/(2026-1[01]-[0-9]{2})/', 1) from raw.ingest_log"
        ).fetchall()
    assert loaded_days == [(FIRST_DAY.isoformat(),)]
    first_texts = readings(settings, f"select count(*) from {READINGS}")[0][0]
    assert first_texts > 0
    with duckdb.connect(str(settings.work_database)) as connection:
        connection.execute(
            f"insert into {READINGS} select * replace ('{MARKER}' as text) from {READINGS} limit 1"
        )
        connection.execute(
            f"insert into {HASHTAGS} select * replace ('{HASHTAG_MARKER}' as hashtag)"
            f" from {HASHTAGS} limit 1"
        )

    # Then a run over every file: it loads the second day's files and extends the models.
    incremental, _ = run(dumps, incremental_warehouse)
    assert incremental.records_loaded > 0
    # Extended, not rebuilt: the marker is still there, and the new texts were added.
    assert readings(settings, f"select count(*) from {READINGS} where text = '{MARKER}'") == [(1,)]
    texts_after = readings(settings, f"select count(*) from {READINGS} where text <> '{MARKER}'")
    assert texts_after[0][0] > first_texts
    assert_only_changed_comments_were_validated(incremental_warehouse, backfill, incremental)

    # The snapshots of the second day's files were added by the second build, not rebuilt.
    builds = readings(
        settings,
        f"select count(distinct added_by_invocation) from {SNAPSHOTS}",
    )
    assert builds == [(2,)]
    edited = readings(
        settings,
        "select count(*) from intermediate.int_comments_latest_loaded where text like '% (edited)'",
    )
    assert edited == [(RESCRAPED,)]

    # The post hashtags were extended too, not rebuilt: the marker survived, and the second
    # build added the hashtags of the second day's snapshots.
    marked = f"select count(*) from {HASHTAGS} where hashtag = '{HASHTAG_MARKER}'"
    assert readings(settings, marked) == [(1,)]
    assert readings(settings, f"select count(distinct run_id) from {HASHTAGS}") == [(2,)]

    # The behaviour signals kept the rows the second day could not change (computed by the first
    # build) and recomputed the others: the same reasons as a full rebuild, row for row.
    writers = f"select count(distinct computed_by_invocation) from {BEHAVIOUR}"
    assert readings(settings, writers) == [(2,)]
    # So did the comment flags (fct_comments reads them; the served marts are compared below).
    flag_writers = f"select count(distinct computed_by_invocation) from {FLAGGED}"
    assert readings(settings, flag_writers) == [(2,)]

    full, full_settings = run(dumps, tmp_path / "full")
    assert readings(full_settings, f"select count(*) from {READINGS}") == texts_after
    behaviour = f"select comment_key, behaviour_reasons, is_farm_text_repeat from {BEHAVIOUR}"
    incremental_behaviour = readings(settings, behaviour + " order by all")
    assert incremental_behaviour == readings(full_settings, behaviour + " order by all")
    assert any(reasons for _, reasons, _ in incremental_behaviour)
    flags = f"select * exclude (computed_by_invocation) from {FLAGGED} order by comment_key"
    incremental_flags = readings(settings, flags)
    assert incremental_flags == readings(full_settings, flags)
    assert len(incremental_flags) > 0
    hashtags = (
        f"select post_key, scraped_at, hashtag from {HASHTAGS} where hashtag <> '{HASHTAG_MARKER}'"
    )
    assert readings(settings, hashtags + " order by all") == readings(
        full_settings, hashtags + " order by all"
    )
    data_rows = {t: n for t, n in full.rows_per_table.items() if t not in RUN_TABLES}
    assert {t: incremental.rows_per_table[t] for t in data_rows} == data_rows
    with duckdb.connect() as connection:
        connection.execute(f"attach '{incremental.published_database}' as incr (read_only)")
        connection.execute(f"attach '{full.published_database}' as full_run (read_only)")
        tables = [
            row[0]
            for row in connection.execute(
                "select table_name from duckdb_tables() where database_name = 'full_run'"
            ).fetchall()
            if row[0] not in RUN_TABLES
        ]
        assert {"fct_comments", "mart_creator_scorecard"} <= set(tables)
        for table in tables:
            assert_same_rows(
                connection.execute(f"select * from incr.{table}").df(),
                connection.execute(f"select * from full_run.{table}").df(),
                table,
            )

    # The incremental run's release patched fct_comments from the backfill's release (compared
    # above with the full rebuild's, row for row); the full rebuild wrote it whole.
    assert written(incremental_warehouse, incremental)["how"] == "patched"
    assert written(incremental_warehouse, incremental)["base_release"] == backfill.release_id
    assert written(tmp_path / "full", full)["why"] == "no earlier release"

    # --rebuild is a full refresh: the incremental model starts again, without the marker.
    rebuilt, _ = run(dumps, incremental_warehouse, rebuild=True)
    assert "is not in the build log" in written(incremental_warehouse, rebuilt)["why"]
    assert readings(settings, f"select count(*) from {READINGS} where text = '{MARKER}'") == [(0,)]
    assert readings(settings, marked) == [(0,)]


CREATOR_MODELS = [
    "intermediate.int_creator_comment_signals",
    "intermediate.int_creator_reply_rate",
    "intermediate.int_creator_reply_latency",
]


def test_the_creator_comment_models_recompute_only_the_creators_whose_inputs_changed(
    dumps, tmp_path, monkeypatch
):
    """One new comment, on one creator's window post, in a third day's file: the next build computes
    that creator's comment signals, reply rate and latency again and keeps the other creators' rows
    (macros/creators_to_recompute.sql), and the result equals a full build over the three days."""
    monkeypatch.setenv("BIGNOISE_PSEUDONYM_KEY", "incremental-test-key")
    shutil.copytree(dumps, tmp_path / "dumps")
    _, settings = run(tmp_path / "dumps", tmp_path / "incremental")
    computed_from = {
        model: dict(readings(settings, f"select creator_key, computed_from from {model}"))
        for model in CREATOR_MODELS
    }
    [(platform, post_id, creator_key, created_at, scraped_at)] = readings(
        settings,
        """
        select posts.platform, posts.post_id, posts.creator_key,
            strftime(max(comments.created_at), '%Y-%m-%dT%H:%M:%SZ'),
            strftime(max(comments.scraped_at), '%Y-%m-%dT%H:%M:%SZ')
        from intermediate.int_posts_windowed as windowed
        inner join intermediate.int_posts_latest as posts on windowed.post_key = posts.post_key
        inner join intermediate.int_comments_latest as comments
            on comments.post_key = posts.post_key
        group by all
        order by posts.creator_key, posts.post_id
        limit 1
        """,
    )
    third_day = tmp_path / "dumps" / "comments" / (SECOND_DAY + timedelta(days=1)).isoformat()
    third_day.mkdir()
    (third_day / "one-more.jsonl").write_text(
        json.dumps(
            {
                "platform": platform,
                "comment_id": "one-more-comment",
                "post_id": post_id,
                "author_id": "a-new-fan",
                "text": "what a lovely thought, thank you for sharing it",
                "created_at": created_at,
                "scraped_at": scraped_at,
            }
        )
        + "\n"
    )

    incremental, _ = run(tmp_path / "dumps", tmp_path / "incremental")
    assert incremental.records_loaded == 1
    for model in CREATOR_MODELS:
        after = dict(readings(settings, f"select creator_key, computed_from from {model}"))
        kept = {key for key, value in after.items() if computed_from[model].get(key) == value}
        # The creator with the new comment was computed again; others were kept as they were.
        assert creator_key not in kept, model
        assert kept, (model, len(after))

    _, full_settings = run(tmp_path / "dumps", tmp_path / "full")
    for model in CREATOR_MODELS:
        rows = f"select * exclude (computed_from) from {model}"
        with duckdb.connect(str(settings.work_database), read_only=True) as connection:
            incremental_rows = connection.execute(rows).df()
        with duckdb.connect(str(full_settings.work_database), read_only=True) as connection:
            full_rows = connection.execute(rows).df()
        assert_same_rows(incremental_rows, full_rows, model)


def written(warehouse: Path, summary) -> dict:
    """How a run's release wrote fct_comments (its manifest; orchestration/release_patch.py)."""
    manifest = warehouse / "serving" / "releases" / summary.release_id / "manifest.json"
    return json.loads(manifest.read_text())["written"]["fct_comments"]


def assert_only_changed_comments_were_validated(warehouse: Path, first, second) -> None:
    """Great Expectations saw only the fct_comments rows that are new or changed (in a column its
    suite reads) since the first release, which passed the same suite; counted here by comment."""
    read = ", ".join(
        dict.fromkeys(column for rule in SUITES["fct_comments"].rules for column in rule.columns)
    )
    releases = warehouse / "serving" / "releases"
    manifest = json.loads((releases / first.release_id / "manifest.json").read_text())
    assert manifest["validated_suites"]["fct_comments"] == SUITES["fct_comments"].digest
    with duckdb.connect() as connection:
        connection.execute(f"attach '{releases / first.release_id / 'marts.duckdb'}' as r1")
        connection.execute(f"attach '{releases / second.release_id / 'marts.duckdb'}' as r2")
        same = " and ".join(f"now.{c} is not distinct from before.{c}" for c in read.split(", "))
        changed, total = connection.execute(
            f"""
            select count(*) filter (where before.comment_key is null), count(*)
            from r2.fct_comments as now
            left join r1.fct_comments as before on now.comment_key = before.comment_key and {same}
            """
        ).fetchall()[0]
        [(observed,)] = connection.execute(
            "select observed from r2.quality_results where run_id = ? and table_name ="
            " 'fct_comments' and check_name = 'ExpectColumnValuesToMatchRegex(commenter_key)'",
            [second.run_id],
        ).fetchall()
    assert 0 < changed < total
    assert observed == (
        f"0 of {changed:,} rows unexpected (changed rows; {total - changed:,} unchanged rows"
        f" passed in release {first.release_id})"
    )


def assert_same_rows(incremental: pd.DataFrame, full: pd.DataFrame, table: str) -> None:
    """The same rows in any order; floating-point values equal to 1e-12 relative, since a sum
    over rows met in another order can differ in its last bit."""
    assert list(incremental.columns) == list(full.columns), table
    assert len(incremental) == len(full), table
    floats = [c for c in full.columns if pd.api.types.is_float_dtype(full[c])]
    order = [c for c in full.columns if c not in floats] + floats
    pd.testing.assert_frame_equal(
        sort_rows(incremental, order),
        sort_rows(full, order),
        check_exact=False,
        rtol=1e-12,
        obj=table,
    )


def sort_rows(frame: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Rows in the order of their values shown as text (columns of any type sort that way)."""
    keys = frame.astype(str)
    return frame.loc[keys.sort_values(order).index].reset_index(drop=True)


def test_an_unloaded_file_leaves_the_incremental_comment_models(tmp_path):
    """`bignoise unload` deletes a file's raw records; the comment snapshots the incremental models
    kept from it must go too, so the next build is a full refresh and the served comments lose
    the file's comments."""
    shutil.copytree(HANDMADE, tmp_path / "dumps")
    extra = tmp_path / "dumps" / "comments" / "extra.jsonl"
    extra.write_text(
        "".join(
            f'{{"platform": "instagram", "comment_id": "extra{i}", "post_id": "a2",'
            f' "author_id": "extra-fan{i}", "text": "late comment {i}",'
            ' "created_at": "2026-10-22T11:00:00Z", "scraped_at": "2026-10-23T10:00:00Z"}\n'
            for i in range(5)
        )
    )
    run = ("run", "--dumps", "dumps", "--warehouse", "wh", "--as-of", HANDMADE_WINDOW["as_of"])
    served = tmp_path / "wh" / "serving" / "marts.duckdb"
    first = bignoise_on_handmade(*run, "--json", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    extra_comments = "select count(*) from fct_comments where comment_id like 'extra%'"
    with duckdb.connect(str(served), read_only=True) as connection:
        assert connection.execute(extra_comments).fetchall() == [(5,)]

    extra.unlink()
    unloaded = bignoise_on_handmade(
        "unload", "--warehouse", "wh", "--file", str(extra), cwd=tmp_path
    )
    assert unloaded.returncode == 0, unloaded.stderr
    again = bignoise_on_handmade(*run, "--json", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    with duckdb.connect(str(served), read_only=True) as connection:
        assert connection.execute(extra_comments).fetchall() == [(0,)]
