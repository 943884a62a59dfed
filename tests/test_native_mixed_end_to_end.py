"""A mixed dump folder: the canonical hand-made dump beside every platform-native shape
(tests/fixtures/native_dump), through the same in-process job the CLI uses.

The native creators' figures below were worked out by hand from the fixture files (the arithmetic
is in the comments; tests/fixtures/native_dump/SOURCES.md lists the values). The canonical
creators must come out exactly as a run over the canonical dump alone gives them: the native
shapes add creators, they do not change anyone else's numbers.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime

import duckdb
import pandas as pd
import pytest
from conftest import HANDMADE, REPO, handmade_settings

from orchestration.run_pipeline import run_job

NATIVE = REPO / "tests" / "fixtures" / "native_dump"
# Wide enough to hold the native posts (May 2026) and the hand-made ones (October 2026).
WINDOW = {"as_of": "2026-10-31 00:00:00", "window_days": 200, "window_posts": 10}
# Per-creator marts compared between the two runs (tier benchmarks and percentiles in band are
# relative to every creator, so a run with more creators rightly differs there).
COMPARED = {
    "fct_posts": ["post_key"],
    "fct_comments": ["comment_key"],
    "mart_creator_engagement": ["creator_key"],
}
# commenter_key is keyed per warehouse (orchestration/pseudonym.py): two warehouses, two keys.
LEFT_OUT = {"er_percentile_in_band", "commenter_key"}


def _mixed_dumps(folder):
    shutil.copytree(HANDMADE, folder)
    shutil.copytree(NATIVE, folder, dirs_exist_ok=True)
    (folder / "SOURCES.md").unlink()
    # The one file dated by its modification time (git keeps none): 2026-05-20 12:00 UTC.
    moment = datetime(2026, 5, 20, 12, tzinfo=UTC).timestamp()
    os.utime(folder / "youtube" / "channels" / "channels_latest.json", (moment, moment))
    return folder


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("mixed")
    served = {}
    for name, dumps in (("canonical", HANDMADE), ("mixed", _mixed_dumps(root / "dumps"))):
        settings = handmade_settings(root / f"warehouse-{name}", dumps_dir=str(dumps), **WINDOW)
        summary = run_job(settings, show_progress=False)
        assert summary.success, summary.errors + summary.checks_failed
        served[name] = summary
    with (
        duckdb.connect(served["canonical"].published_database, read_only=True) as canonical,
        duckdb.connect(served["mixed"].published_database, read_only=True) as mixed,
    ):
        yield served, canonical, mixed


def test_every_native_record_is_loaded_or_quarantined(runs):
    served, _, mixed = runs
    # The hand-made dump: 34 read, 3 quarantined. The native fixtures: 63 records read (SOURCES.md
    # per file), 2 of them quarantined: the TikTok error response and the Apify item without id.
    assert served["mixed"].records_read == 34 + 63
    assert served["mixed"].records_quarantined == 3 + 2
    unbalanced = mixed.execute(
        "select file from ingest_log where records_read <> records_loaded + records_quarantined"
    ).fetchall()
    assert unbalanced == []


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing values as None whatever pandas made of them (a column typed by other rows of the
    mixed run may hold NaN where the canonical run's holds None)."""
    frame = frame.reset_index(drop=True).astype(object)
    return frame.where(frame.notna(), None)


def test_canonical_creators_are_unchanged_by_the_native_shapes(runs):
    _, canonical, mixed = runs
    for table, key in COMPARED.items():
        alone = canonical.execute(f"select * from {table}").df()
        beside = mixed.execute(f"select * from {table}").df()
        beside = beside[beside[key[0]].isin(alone[key[0]])]
        columns = [c for c in alone.columns if c not in LEFT_OUT]
        pd.testing.assert_frame_equal(
            _comparable(alone[columns].sort_values(key)),
            _comparable(beside[columns].sort_values(key)),
            check_exact=False,
            check_dtype=False,  # nullable Int64 once a native post has unknown likes
            rtol=1e-12,
        )


def test_tiktok_posts_take_the_latest_snapshot_and_the_users_followers(runs):
    _, _, mixed = runs
    posts = mixed.execute(
        """
        select post_key, likes, comments, shares, saves, engagements, followers_at_post,
               followers_at_post_source, er_followers
        from fct_posts where creator_key = 'tiktok:juno.dances' order by post_key
        """
    ).fetchall()
    # 7359876543210987654: Research (10:15) and Apify (11:00) snapshots; Apify's is the latest:
    # 45390 likes + 943 comments + 1214 shares + 8840 saves = 56387 engagements. Juno's user info
    # (2026-05-20, after both posts) says 284000 followers: 56387 / 284000.
    # 7363344556677889900: Research only (its Apify item has no id and is quarantined):
    # 30100 + 512 + 700 + 5100 = 36412; 36412 / 284000.
    assert posts == [
        (
            "tiktok:7359876543210987654",
            45390,
            943,
            1214,
            8840,
            56387,
            284000,
            "profile_after",
            pytest.approx(56387 / 284000, rel=1e-12),
        ),
        (
            "tiktok:7363344556677889900",
            30100,
            512,
            700,
            5100,
            36412,
            284000,
            "profile_after",
            pytest.approx(36412 / 284000, rel=1e-12),
        ),
    ]
    engagement = mixed.execute(
        "select followers, posts_in_window, er_median from mart_creator_engagement"
        " where creator_key = 'tiktok:juno.dances'"
    ).fetchall()
    # The median of two rates is their mean.
    expected_median = (56387 / 284000 + 36412 / 284000) / 2
    assert engagement == [(284000, 2, pytest.approx(expected_median, rel=1e-12))]


def test_a_64_bit_tiktok_id_stays_exact_to_the_served_marts(runs):
    _, _, mixed = runs
    # 7359876543210987654 > 2^53: through a double it would read 7359876543210987520.
    posts = mixed.execute(
        "select post_id from fct_posts where post_id like '735987654321098%'"
    ).fetchall()
    assert posts == [("7359876543210987654",)]
    comments = mixed.execute(
        "select count(*) from fct_comments where post_key = 'tiktok:7359876543210987654'"
    ).fetchall()
    # Three comments on it (SOURCES.md), the same ids from Research and Apify: three comments.
    assert comments == [(3,)]


def test_hidden_likes_stay_unknown_and_drop_out_of_the_rates(runs):
    _, _, mixed = runs
    hidden = mixed.execute(
        """
        select post_key, likes, likes_hidden, engagements, er_followers, er_likes_comments, er_views
        from fct_posts where post_key in ('youtube:Ty4pV9cJs1M', 'instagram:18199876543210987')
        order by post_key
        """
    ).fetchall()
    # YouTube Ty4pV9cJs1M has no statistics.likeCount; IG media 18199876543210987 no like_count.
    assert hidden == [
        ("instagram:18199876543210987", None, True, None, None, None, None),
        ("youtube:Ty4pV9cJs1M", None, True, None, None, None, None),
    ]


def test_a_creator_reply_is_recognised_across_native_shapes(runs):
    _, _, mixed = runs
    replies = mixed.execute(
        "select comment_key from fct_comments where is_creator_reply order by comment_key"
    ).df()["comment_key"]
    native = [key for key in replies if not key.startswith(("youtube:k", "instagram:k"))]
    # Mira's reply in commentThreads, Tomas's in comments.list (its video found through the
    # thread), Mira's in yt-dlp (author_is_uploader), Juno's in Apify TikTok comments (uniqueId).
    assert {
        "youtube:UgwE11aR1dg3Wh3r3Qz4AaABAg.9yT0masAltaV1aStage3Ok",
        "tiktok:7360123456789012345",
    } <= set(native)
