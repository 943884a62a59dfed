"""The user's own rate card and niche taxonomy: refused whole when any row is bad (every bad row
named), and, when good, overriding the seeds in the served scorecard and niches.

The pipeline runs once on the hand-made dump (tests/fixtures/handmade_dump, as in
test_marts_handmade.py: as_of 2026-10-31, 30-day window of at most 3 posts) with a rate card and a
replacing taxonomy; the expected figures are worked out from the fixture files in the comments.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
from conftest import HANDMADE, handmade_settings

from assets.ingestion.reference_files import (
    NICHE_TAXONOMY,
    RATE_CARD,
    ReferenceFileError,
    load_reference_file,
)
from orchestration.cli import main
from orchestration.run_pipeline import run_job

SEED_RATE_CARD = Path(__file__).parents[1] / "dbt_project" / "seeds" / "rate_card.csv"

RATE_CARD_CSV = """platform,creator_id,follower_band,cost_per_post,currency
instagram,,1k-10k,120,
instagram,c,,300,EUR
"""
# Replaces the seed: only "powerlifting" (anna's bio and captions say it) names a niche.
TAXONOMY_CSV = """niche,match_on,term
strength,keyword,powerlifting
strength,hashtag,#PowerLifting
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_rate_card_with_bad_rows_is_refused_whole_and_names_every_row(connection, tmp_path):
    good = write(tmp_path, "good.csv", RATE_CARD_CSV)
    assert load_reference_file(connection, RATE_CARD, good) == 2
    bad = write(
        tmp_path,
        "bad.csv",
        "platform,creator_id,follower_band,cost_per_post\n"
        "instagram,,1k-10k,100\n"  # row 1: fine
        "instagram,x,1k-10k,100\n"  # row 2: both a creator and a band
        "tiktok,,10k,50\n"  # row 3: no such band
        "tiktok,,<1k,cheap\n"  # row 4: not a number
        "instagram,,1k-10k,90\n",  # row 5: row 1 again
    )
    with pytest.raises(ReferenceFileError) as raised:
        load_reference_file(connection, RATE_CARD, bad)
    message = str(raised.value)
    assert "4 bad row(s)" in message
    for expected in (
        "row 2: give either creator_id",
        "row 3: follower_band is not one of",
        "row 4: cost_per_post is not a number",
        "row 5: the same platform and creator_id (or follower_band) as row 1",
    ):
        assert expected in message
    # Nothing of the bad file was loaded: the good file's rows are still there.
    assert connection.execute("select count(*) from raw.user_rate_card").fetchall() == [(2,)]


def test_a_file_without_its_required_columns_says_which_are_missing(connection, tmp_path):
    path = write(tmp_path, "taxonomy.csv", "niche,term\nstrength,powerlifting\n")
    with pytest.raises(ReferenceFileError, match="missing column\\(s\\) match_on"):
        load_reference_file(connection, NICHE_TAXONOMY, path)


def test_a_taxonomy_term_is_lower_cased_and_loses_its_hash(connection, tmp_path):
    load_reference_file(connection, NICHE_TAXONOMY, write(tmp_path, "t.csv", TAXONOMY_CSV))
    assert connection.execute(
        "select niche, match_on, term, language from raw.user_niche_taxonomy"
        " order by term, match_on"
    ).fetchall() == [
        ("strength", "hashtag", "powerlifting", "any"),
        ("strength", "keyword", "powerlifting", "any"),
    ]


def test_the_cli_refuses_a_bad_rate_card_before_running(tmp_path, capsys):
    bad = write(tmp_path, "bad.csv", "platform,cost_per_post\ninstagram,12\n")
    code = main(
        [
            "run",
            "--dumps",
            str(HANDMADE),
            "--warehouse",
            str(tmp_path / "wh"),
            "--rate-card",
            str(bad),
            "--json",
        ]
    )
    assert code == 2
    assert "row 1: give either creator_id" in capsys.readouterr().err
    assert not (tmp_path / "wh" / "serving").exists()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    files = tmp_path_factory.mktemp("reference")
    settings = handmade_settings(
        tmp_path_factory.mktemp("warehouse"),
        rate_card_file=str(write(files, "rate_card.csv", RATE_CARD_CSV)),
        niche_taxonomy_file=str(write(files, "taxonomy.csv", TAXONOMY_CSV)),
        niche_taxonomy_mode="replace",
    )
    summary = run_job(settings, show_progress=False)
    assert summary.success, summary.errors + summary.checks_failed
    with duckdb.connect(summary.published_database, read_only=True) as connection:
        yield connection


def seed_cost(platform: str, band: str) -> float:
    with SEED_RATE_CARD.open() as seed:
        for row in csv.DictReader(seed):
            if (row["platform"], row["follower_band"]) == (platform, band):
                return float(row["est_cost_per_post_usd"])
    raise AssertionError(f"no seed row for {platform} {band}")


def test_the_users_prices_override_the_seed(served):
    costs = {
        key: (cost, currency, source, per_engagement)
        for key, cost, currency, source, per_engagement in served.execute(
            "select creator_key, est_cost_per_post, cost_currency, cost_source,"
            " est_cost_per_engagement from mart_creator_scorecard"
        ).fetchall()
    }
    # a: 2,000 followers, instagram 1k-10k: the user's band price. Window posts a3, a2, a7 have
    # 300, 200 and 20 engagements (er 0.15, 0.10 at 2,000 followers; 0.02 at 1,000): median 200.
    assert costs["instagram:a"] == pytest.approx((120.0, "USD", "user_band", 120 / 200))
    # c: the user's own price for c beats the band price; each window post has 1,000 engagements.
    assert costs["instagram:c"] == pytest.approx((300.0, "EUR", "user_creator", 300 / 1000))
    # d: 200,000 followers on youtube, no user row: the seed's 100k-500k price; window posts have
    # 1,100, 1,100 and 2,200 engagements (er 0.0055, 0.0055, 0.011 at 200,000): median 1,100.
    youtube = seed_cost("youtube", "100k-500k")
    assert costs["youtube:d"] == pytest.approx((youtube, "USD", "rate_card_seed", youtube / 1100))
    # b: 10,000 followers (from its posts): no user row for 10k-50k, the seed's price.
    assert costs["instagram:b"][:3] == (seed_cost("instagram", "10k-50k"), "USD", "rate_card_seed")


def test_a_replacing_taxonomy_is_the_only_one_used(served):
    niches = dict(served.execute("select creator_key, primary_niche from dim_creators").fetchall())
    # anna's bio "Powerlifting every day" names the user's niche; the seed's fitness terms
    # (#fitness, #workout on her posts) are gone with the seed, and nobody else matches anything.
    assert niches["instagram:a"] == "strength"
    assert niches["instagram:c"] == "unknown"
    assert niches["youtube:d"] == "unknown"
