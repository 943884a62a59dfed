"""Warnings that are recorded but never block: distribution shift, freshness, new quarantine
reasons (orchestration/release_warnings.py)."""

from __future__ import annotations

import duckdb
import numpy as np
import pytest
from scipy.stats import ks_2samp  # installed with Great Expectations

from orchestration.release_warnings import (
    SHIFT_MEASURES,
    distribution_shifts,
    ks_distance,
    new_quarantine_reasons,
    stale_entities,
)


@pytest.mark.parametrize("shift", [0.0, 0.3, 2.0])
def test_ks_distance_matches_scipy(shift):
    generator = np.random.default_rng(7)
    new = np.round(generator.normal(shift, 1, 400), 1)  # rounded: ties on both sides
    old = np.round(generator.normal(0, 1, 300), 1)
    connection = duckdb.connect()
    connection.execute("create table new as select unnest(?) as v", [new.tolist()])
    connection.execute("create table old as select unnest(?) as v", [old.tolist()])
    distance, n_new, n_old, median_new, median_old = ks_distance(
        connection, "select v from new", "select v from old"
    )
    assert distance == pytest.approx(ks_2samp(new, old).statistic, abs=1e-12)
    assert (n_new, n_old) == (400, 300)
    assert (median_new, median_old) == (np.median(new), np.median(old))


def release_with_scores(path, scores: list[float]) -> None:
    with duckdb.connect(str(path)) as release:
        for table, column in SHIFT_MEASURES:
            release.execute(f"create table if not exists {table} (creator_key varchar)")
            release.execute(f"alter table {table} add column {column} double")
        release.execute(
            "insert into mart_creator_scorecard (overall_score) select unnest(?)", [scores]
        )


def working_with_scores(scores: list[float]) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute("create schema marts")
    for table, column in SHIFT_MEASURES:
        connection.execute(f"create table if not exists marts.{table} (creator_key varchar)")
        connection.execute(f"alter table marts.{table} add column {column} double")
    connection.execute(
        "insert into marts.mart_creator_scorecard (overall_score) select unnest(?)", [scores]
    )
    return connection


def test_a_shifted_score_warns_and_a_steady_one_does_not(tmp_path):
    release = tmp_path / "marts.duckdb"
    release_with_scores(release, [float(v) for v in range(40, 90)])
    steady = distribution_shifts(
        working_with_scores([float(v) + 0.5 for v in range(40, 90)]), str(release), 0.2
    )
    by_name = {f.name: f for f in steady}
    assert by_name["distribution_shift(mart_creator_scorecard.overall_score)"].passed
    # Columns with no values on either side cannot be compared: passed, and it says why.
    assert (
        "too few values"
        in by_name["distribution_shift(mart_creator_engagement.er_median)"].observed
    )

    shifted = distribution_shifts(
        working_with_scores([float(v) for v in range(60, 110)]), str(release), 0.2
    )
    [warning] = [f for f in shifted if not f.passed]
    assert warning.name == "distribution_shift(mart_creator_scorecard.overall_score)"
    assert "KS distance 0.400" in warning.observed  # 20 of the 50 values moved past the others
    assert "median 84.5 now vs 64.5" in warning.observed
    assert "BIGNOISE_MAX_DISTRIBUTION_SHIFT" in warning.message


def test_the_first_release_has_nothing_to_compare_with():
    findings = distribution_shifts(working_with_scores([1.0]), None, 0.2)
    assert all(f.passed and f.observed == "no release to compare with" for f in findings)


def test_stale_entities_are_measured_against_as_of():
    connection = duckdb.connect()
    connection.execute("create schema staging")
    connection.execute(
        "create view staging.stg_run_parameters as select timestamp '2026-10-31' as as_of"
    )
    connection.execute(
        "create table staging.stg_post_snapshots as"
        " select timestamp '2026-10-30 12:00' as scraped_at"
    )
    connection.execute(
        "create table staging.stg_comment_snapshots as"
        " select null::timestamp as scraped_at, timestamp '2026-10-01' as created_at"
    )
    connection.execute(
        "create table staging.stg_profile_snapshots as select null::timestamp as scraped_at limit 0"
    )
    findings = {f.name: f for f in stale_entities(connection, max_age_days=7)}
    assert findings["freshness(posts)"].passed
    assert "0.5 days before as_of" in findings["freshness(posts)"].observed
    comments = findings["freshness(comments)"]
    assert not comments.passed and "30.0 days before as_of" in comments.observed
    assert "BIGNOISE_MAX_DATA_AGE_DAYS = 7" in comments.message
    assert findings["freshness(profiles)"].passed  # none at all: nothing stale to warn about


def test_only_reasons_no_earlier_run_saw_are_new():
    connection = duckdb.connect()
    connection.execute("create schema raw")
    connection.execute(
        "create table raw.quarantine (entity varchar, run_id varchar, reason_code varchar)"
    )
    connection.execute(
        "insert into raw.quarantine values"
        " ('posts', 'old', 'missing_field'), ('posts', 'new', 'missing_field'),"
        " ('posts', 'new', 'future_timestamp'), ('posts', 'new', 'future_timestamp'),"
        " ('comments', 'old', 'future_timestamp')"
    )
    connection.execute("create table raw.ingest_log (entity varchar, run_id varchar)")
    first = new_quarantine_reasons(connection, "posts", "old")
    assert first.passed and first.observed == "first run: nothing to compare"
    connection.execute(
        "insert into raw.ingest_log values ('posts', 'old'), ('posts', 'new'), ('comments', 'old')"
    )
    finding = new_quarantine_reasons(connection, "posts", "new")
    assert not finding.passed and finding.observed == "future_timestamp (2)"
    assert new_quarantine_reasons(connection, "comments", "new").passed
