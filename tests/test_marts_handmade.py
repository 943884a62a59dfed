"""The metric definitions, checked on the hand-written dump in tests/fixtures/handmade_dump.

Every expected number below was worked out on paper from the fixture files (the arithmetic is in
the comments), not read from a previous run. The pipeline runs once, through the same in-process
Dagster job the CLI uses, with as_of 2026-10-31 00:00 UTC, a 30-day window of at most 3 posts,
and a minimum post age of 24 hours: the window is (2026-10-01 00:00, 2026-10-30 00:00].
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import HANDMADE, handmade_settings

from assets.ingestion.native_shapes import NATIVE_ENTITIES
from orchestration.expectations import LOG_SUITES, SERVED_MARTS
from orchestration.run_pipeline import run_job


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    settings = handmade_settings(tmp_path_factory.mktemp("warehouse"))
    summary = run_job(settings, show_progress=False)
    assert summary.success, summary.errors + summary.checks_failed
    with duckdb.connect(summary.published_database, read_only=True) as connection:
        yield summary, connection


def rows(connection, sql):
    frame = connection.execute(sql).df()
    return {
        row[0]: dict(zip(frame.columns[1:], row[1:], strict=True))
        for row in frame.itertuples(index=False)
    }


def test_every_record_is_accounted_for(served):
    summary, _ = served
    # posts: 15 JSON lines + 3 CSV rows; comments: 12 lines; profiles: 4 rows.
    # Quarantined: bad1 (scraped_at "sometime"), bad2 (likes -5), k11 (no author_id).
    counts = (summary.records_read, summary.records_loaded, summary.records_quarantined)
    assert counts == (34, 31, 3)


def test_the_ingest_log_accounts_for_every_file(served):
    _, connection = served
    per_file = connection.execute(
        "select regexp_extract(file, '[^/]+$'), records_read, records_loaded, records_quarantined"
        " from ingest_log order by 1"
    ).fetchall()
    assert per_file == [
        ("2026-10.jsonl", 15, 13, 2),
        ("comments.jsonl", 12, 11, 1),
        ("snapshots.csv", 4, 4, 0),
        ("videos.csv", 3, 3, 0),
    ]


def test_post_counts_come_from_the_latest_snapshot_as_of(served):
    _, connection = served
    posts = rows(
        connection, "select post_id, likes, comments, shares, saves, engagements from fct_posts"
    )
    # a6 was only scraped after as_of: unknown then. bad1/bad2 were quarantined.
    assert sorted(posts) == (
        ["a0", "a1", "a2", "a3", "a4", "a7", "b1", "b2", "c1", "c2", "c3", "d1", "d2", "d3"]
    )
    # a2's second snapshot (scraped 10-25): 150 + 10 + 10 + 30.
    assert posts["a2"] == {
        "likes": 150,
        "comments": 10,
        "shares": 10,
        "saves": 30,
        "engagements": 200,
    }
    # nulls and absent counts count as 0: a1 = 100 + 10 + null + 0.
    assert posts["a1"]["engagements"] == 110


def test_followers_at_post_and_engagement_rates(served):
    _, connection = served
    posts = rows(
        connection, "select post_id, followers_at_post, er_followers, er_views from fct_posts"
    )
    # Profile snapshots of a: 1,000 on 09-01, 2,000 on 10-15.
    assert posts["a0"]["followers_at_post"] == 1000  # posted 08-20: none before, earliest after
    assert posts["a7"]["followers_at_post"] == 1000  # posted 10-05: latest before is 09-01
    assert posts["a3"]["followers_at_post"] == 2000
    assert posts["a3"]["er_followers"] == pytest.approx(300 / 2000)
    # b has no profile: the post's own creator_followers.
    assert posts["b1"]["followers_at_post"] == 9999
    assert posts["b1"]["er_followers"] == pytest.approx(99 / 9999)
    # Views: d1 = (1000 + 100 + 0) / 10,000; d3 reports 0 views -> no er_views.
    assert posts["d1"]["er_views"] == pytest.approx(1100 / 10000)
    assert pd.isna(posts["d3"]["er_views"])


def test_creator_tiers_bands_and_followers(served):
    _, connection = served
    creators = rows(
        connection,
        "select creator_key, followers, follower_tier, follower_band, is_micro_influencer,"
        " primary_niche from dim_creators",
    )
    assert creators["instagram:a"] == {
        "followers": 2000,  # latest profile snapshot
        "follower_tier": "micro",
        "follower_band": "1k-10k",
        "is_micro_influencer": True,
        "primary_niche": "fitness",
    }
    # No profile: latest creator_followers of its post snapshots (b2, scraped 10-13) = 10,000.
    assert creators["instagram:b"]["followers"] == 10000
    assert creators["instagram:b"]["follower_band"] == "10k-50k"  # lower bound inclusive
    assert creators["youtube:d"]["follower_tier"] == "macro"
    assert creators["youtube:d"]["follower_band"] == "100k-500k"
    assert creators["youtube:d"]["primary_niche"] == "tech"


def test_window_medians_reply_rate_and_percentiles(served):
    _, connection = served
    engagement = rows(
        connection,
        "select creator_key, posts_in_window, er_median, er_mean, er_views_median, reply_rate,"
        " er_percentile_in_band, is_scored from mart_creator_engagement",
    )
    a = engagement["instagram:a"]
    # Candidates a1 (10-01), a7 (10-05), a2 (10-20), a3 (10-25); a4 is under 24 h old, a0 too old.
    # The 3 most recent: a3 0.15, a2 0.10, a7 0.02.
    assert a["posts_in_window"] == 3
    assert a["er_median"] == pytest.approx(0.10)
    assert a["er_mean"] == pytest.approx((0.15 + 0.10 + 0.02) / 3)
    # Top-level comments by others on a3/a2/a7: k1 (answered by a in k2), k3 (answered by a fan
    # only), k5 -> 1 of 3. k6 is a's own, k7/k8 sit on a1, outside the window.
    assert a["reply_rate"] == pytest.approx(1 / 3)
    assert a["is_scored"]
    # b has 2 posts in the window: not scored.
    assert not engagement["instagram:b"]["is_scored"]
    assert pd.isna(engagement["instagram:b"]["er_percentile_in_band"])
    # Scored instagram 1k-10k creators: a (0.10) and c (0.20, each post 1,000 / 5,000).
    assert engagement["instagram:c"]["er_median"] == pytest.approx(0.20)
    assert a["er_percentile_in_band"] == pytest.approx(0.0)
    assert engagement["instagram:c"]["er_percentile_in_band"] == pytest.approx(1.0)
    assert engagement["instagram:c"]["reply_rate"] == pytest.approx(0.0)
    # d: er 0.0055, 0.0055, 0.011; er_views 0.11, 0.055 (d3 has 0 views).
    assert engagement["youtube:d"]["er_median"] == pytest.approx(0.0055)
    assert engagement["youtube:d"]["er_views_median"] == pytest.approx((0.11 + 0.055) / 2)


def test_tier_benchmarks(served):
    _, connection = served
    [row] = connection.execute(
        "select creators, er_median_p25, er_median_p50, er_median_p75 from mart_tier_benchmarks"
        " where platform = 'instagram' and follower_band = '1k-10k'"
    ).fetchall()
    # Scored er_medians 0.10 and 0.20, interpolated.
    assert row == pytest.approx((2, 0.125, 0.15, 0.175))


def test_comments_are_pseudonymous_and_flag_creator_replies(served):
    _, connection = served
    comments = rows(
        connection,
        "select comment_id, commenter_key, is_reply, is_creator_reply from fct_comments",
    )
    # k10 sits on a post nobody scraped; k11 was quarantined; k1's two snapshots are one comment.
    assert sorted(comments) == [f"k{n}" for n in range(1, 10)]
    assert {c for c, v in comments.items() if v["is_creator_reply"]} == {"k2", "k8"}
    assert {c for c, v in comments.items() if v["is_reply"]} == {"k2", "k4", "k8"}
    keys = {v["commenter_key"] for v in comments.values()}
    assert len(keys) == 5  # u1, u2, u3, u4 and the creator a
    assert not keys & {"u1", "u2", "u3", "u4", "a", "fan.one", "anna.lifts"}


def test_comment_signals_spare_the_creator_and_read_the_audience(served):
    _, connection = served
    comments = rows(
        connection,
        "select comment_id, is_suspicious, suspicion_reasons, is_low_effort, word_count,"
        " addresses_creator from fct_comments",
    )
    # k2 is anna's own reply "a 5x5 block, link in bio": a plug, but the creator's own comment.
    assert comments["k2"]["is_suspicious"] is False
    assert not any(v["is_suspicious"] for v in comments.values())
    assert not any(v["is_low_effort"] for v in comments.values())
    # "what program are you following for squats?": 7 words, speaks to the creator.
    assert comments["k1"]["word_count"] == 7
    assert comments["k1"]["addresses_creator"] is True
    # "saving this recipe for sunday dinner": no "you", no question.
    assert comments["k9"]["addresses_creator"] is False


def test_creators_with_too_few_comments_get_no_authenticity_score(served):
    _, connection = served
    authenticity = rows(
        connection,
        "select creator_key, is_scored, not_scored_reason, authenticity_score, comments_by_others,"
        " explanation from mart_creator_authenticity",
    )
    # a: 4 comments by others on window posts (k1, k3, k4 on a2; k7 on a1); c: 1 (k9 on c1).
    # Both are below min_scored_comments (10): no score is made up for them.
    assert authenticity["instagram:a"]["comments_by_others"] == 4
    assert authenticity["instagram:c"]["comments_by_others"] == 1
    for creator in ("instagram:a", "instagram:c"):
        assert authenticity[creator]["is_scored"] is False
        assert authenticity[creator]["not_scored_reason"] == "too_few_comments"
        assert pd.isna(authenticity[creator]["authenticity_score"])
        assert authenticity[creator]["explanation"].startswith("Not scored: fewer than 10 comments")
    # b has 2 window posts (fewer than 3).
    assert authenticity["instagram:b"]["not_scored_reason"] == "too_few_posts"

    scorecard = rows(
        connection,
        "select creator_key, overall_score, rank_in_niche_tier, recommendation"
        " from mart_creator_scorecard",
    )
    # Without an authenticity score there is no overall score, no rank, no recommendation.
    assert pd.isna(scorecard["instagram:a"]["overall_score"])
    assert pd.isna(scorecard["instagram:a"]["rank_in_niche_tier"])
    assert {v["recommendation"] for v in scorecard.values()} == {"insufficient_data"}


def test_every_served_column_is_documented(served):
    """Each mart's yml describes exactly the columns the served table has."""
    import json

    from orchestration.dbt_project import bignoise_dbt_project
    from orchestration.expectations import SERVED_MARTS

    _, connection = served
    manifest = json.loads(bignoise_dbt_project.manifest_path.read_text())
    models = {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
    }
    for table in SERVED_MARTS:
        served_columns = {
            row[0]
            for row in connection.execute(
                "select column_name from information_schema.columns where table_name = ?",
                [table],
            ).fetchall()
        }
        documented = {
            name: column["description"].strip() for name, column in models[table]["columns"].items()
        }
        assert set(documented) == served_columns, table
        assert all(documented.values()), table
        assert models[table]["description"].strip(), table


def test_commenters_appear_only_as_keyed_pseudonyms(served):
    summary, connection = served
    key = (Path(summary.published_database).parents[1] / "work" / "pseudonym.key").read_text()
    key = key.strip()
    lines = (HANDMADE / "comments" / "comments.jsonl").read_text().splitlines()
    comments = [json.loads(line) for line in lines if line.strip().startswith("{")]
    creators = {
        value
        for row in connection.execute("select creator_id, handle from dim_creators").fetchall()
        for value in row
        if value
    }
    private = {
        value
        for comment in comments
        for value in (comment.get("author_id"), comment.get("author_handle"))
        if value and value not in creators
    }
    assert private  # the fixture has commenters who are not creators
    # No served text column of any table holds a commenter's raw id or handle.
    tables = [row[0] for row in connection.execute("show tables").fetchall()]
    for table in tables:
        text_columns = [
            name
            for name, kind, *_ in connection.execute(f'describe "{table}"').fetchall()
            if kind == "VARCHAR"
        ]
        for column in text_columns:
            found = connection.execute(
                f'select distinct "{column}" from "{table}" where "{column}" in '
                f"({', '.join('?' for _ in private)})",
                sorted(private),
            ).fetchall()
            assert not found, f"{table}.{column} holds {found}"
    # The key is the keyed hash of the definition, with this warehouse's own key (never md5).
    by_id = {c["comment_id"]: c for c in comments if c.get("comment_id") and c.get("author_id")}
    for comment_id, commenter_key in connection.execute(
        "select comment_id, commenter_key from fct_comments"
    ).fetchall():
        author = f"{by_id[comment_id]['platform']}:{by_id[comment_id]['author_id']}"
        inner = hashlib.sha256((key + author).encode()).hexdigest()
        assert commenter_key == hashlib.sha256((key + inner).encode()).hexdigest()


def test_every_check_of_the_run_and_the_release_itself_are_served(served):
    summary, connection = served
    tools = dict(
        connection.execute(
            "select tool, count(*) from quality_results where run_id = ? and passed group by tool",
            [summary.run_id],
        ).fetchall()
    )
    assert set(tools) == {
        "great_expectations",
        "dbt test",
        "bignoise gate",
        "bignoise warning",
    }
    # The fixture's latest profile snapshot is 16 days before as_of: a warning, not a failure.
    warned = connection.execute(
        "select check_name, severity from quality_results where run_id = ? and not passed",
        [summary.run_id],
    ).fetchall()
    assert warned == [("freshness(profiles)", "warning")]
    assert summary.success and len(summary.warnings) == 1
    # posts, comments, profiles, and one per platform-native shape (native_shapes.py)
    assert tools["bignoise gate"] == 3 + len(NATIVE_ENTITIES)
    assert summary.checks_passed >= tools["bignoise gate"]
    # Great Expectations results name every served mart.
    checked = {
        row[0]
        for row in connection.execute(
            "select distinct table_name from quality_results where tool = 'great_expectations'"
        ).fetchall()
    }
    assert checked == set(SERVED_MARTS)
    # The served log tables were validated on the staged release, before it became visible (their
    # results are in the working database, served with the next release).
    work = Path(summary.published_database).parents[1] / "work" / "bignoise.duckdb"
    with duckdb.connect(str(work), read_only=True) as working:
        logs_checked = working.execute(
            "select distinct table_name from raw.quality_results"
            " where tool = 'great_expectations' and run_id = ? and passed",
            [summary.run_id],
        ).fetchall()
    assert {row[0] for row in logs_checked} == set(SERVED_MARTS) | set(LOG_SUITES)
    [(release_id,)] = connection.execute("select release_id from release_info").fetchall()
    assert connection.execute("select release_id from publish_log").fetchall() == [(release_id,)]


def test_every_dbt_unit_test_passes(served):
    """The models' logic on fixed inputs (models/**/_*unit_tests.yml): run here, on every change
    of code, rather than in every pipeline run (BIGNOISE_DBT_UNIT_TESTS=skip)."""
    from conftest import bignoise

    from orchestration.dbt_project import bignoise_dbt_project

    summary, _ = served
    warehouse = Path(summary.published_database).parents[1]
    result = bignoise(
        "dbt",
        "--warehouse",
        str(warehouse),
        "--",
        "test",
        "--select",
        "test_type:unit",
        cwd=warehouse,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    declared = json.loads(bignoise_dbt_project.manifest_path.read_text())["unit_tests"]
    run_results = max(
        (warehouse / "work").rglob("run_results.json"), key=lambda path: path.stat().st_mtime
    )
    outcomes = [r["status"] for r in json.loads(run_results.read_text())["results"]]
    assert len(declared) >= 38 and outcomes == ["pass"] * len(declared)
