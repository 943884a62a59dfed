"""The real command line, end to end, on a generated dump set.

`bignoise generate` then `bignoise run` as subprocesses, with relative paths from another working
directory; the published marts are then checked against values recomputed here, independently
of the dbt models, with pandas over the working database's raw tables and the dump files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[1]
BIGNOISE = [sys.executable, "-m", "orchestration.cli"]
COMPAT_PYTHON = REPO / "tests" / "compat" / "duckdb1" / ".venv" / "bin" / "python"
CREATORS = 60
TIERS = ["sub_1k", "micro", "macro", "mega"]


def bignoise(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(REPO), "GX_ANALYTICS_ENABLED": "False"}
    return subprocess.run(
        [*BIGNOISE, *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("e2e")
    generated = bignoise(
        "generate", "--out", "dumps", "--creators", str(CREATORS), "--seed", "11", cwd=workdir
    )
    assert generated.returncode == 0, generated.stderr
    first = bignoise("run", "--dumps", "dumps", "--warehouse", "wh", cwd=workdir)
    assert first.returncode == 0, first.stderr + first.stdout
    return workdir, json.loads(first.stdout)


def served(workdir: Path, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(workdir / "wh/serving/marts.duckdb"), read_only=True) as connection:
        return connection.execute(sql).df()


def working(workdir: Path, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(workdir / "wh/work/bignoise.duckdb"), read_only=True) as connection:
        connection.execute("set TimeZone = 'UTC'")
        return connection.execute(sql).df()


def test_the_summary_is_json_when_piped_and_counts_every_file_record(pipeline):
    workdir, summary = pipeline
    assert summary["success"] and not summary["checks_failed"] and summary["checks_passed"] > 50
    # Count the records in the files directly, with DuckDB's own readers.
    dumps = workdir / "dumps"
    with duckdb.connect() as connection:
        in_files = sum(
            connection.execute(f"select count(*) from {reader}").fetchall()[0][0]
            for reader in [
                f"read_json('{dumps}/posts/*/*.jsonl.gz', format='newline_delimited')",
                f"read_csv('{dumps}/posts/*/*.csv.gz')",
                f"read_parquet('{dumps}/comments/*/*.parquet')",
                f"read_csv('{dumps}/profiles/*/*.csv')",
                f"read_json('{dumps}/profiles/*/*.ndjson', format='newline_delimited')",
            ]
        )
    assert summary["records_read"] == in_files
    assert summary["records_loaded"] + summary["records_quarantined"] == in_files
    assert summary["records_quarantined"] == 0  # the generator writes to the contract
    assert Path(summary["published_database"]) == workdir / "wh/serving/marts.duckdb"
    for table in ["dim_creators", "fct_posts", "mart_creator_scorecard", "ingest_log"]:
        assert (workdir / "wh/serving/parquet" / f"{table}.parquet").exists()


def recompute_posts(workdir: Path, as_of: pd.Timestamp) -> pd.DataFrame:
    """fct_posts, recomputed in pandas from the raw snapshots."""
    snapshots = working(workdir, "select * from raw.posts")
    snapshots = snapshots[snapshots.scraped_at <= as_of]
    latest = snapshots.sort_values("scraped_at").groupby(["platform", "post_id"]).tail(1).copy()
    counts = ["likes", "comments", "shares", "saves"]
    latest["engagements"] = latest[counts].fillna(0).sum(axis=1)
    profiles = working(
        workdir, "select platform, creator_id, followers, scraped_at from raw.profiles"
    )
    profiles = profiles[profiles.scraped_at <= as_of]

    def followers_at(post) -> float:
        own = profiles[
            (profiles.platform == post.platform) & (profiles.creator_id == post.creator_id)
        ]
        if own.empty:
            return post.creator_followers
        before = own[own.scraped_at <= post.posted_at]
        chosen = (
            before.loc[before.scraped_at.idxmax()]
            if not before.empty
            else own.loc[own.scraped_at.idxmin()]
        )
        return chosen.followers

    latest["followers_at_post"] = [followers_at(p) for p in latest.itertuples()]
    latest["er_followers"] = latest.engagements / latest.followers_at_post.replace(0, np.nan)
    latest["creator_key"] = latest.platform + ":" + latest.creator_id
    latest["post_key"] = latest.platform + ":" + latest.post_id
    return latest.set_index("post_key")


def test_fct_posts_matches_an_independent_recomputation(pipeline):
    workdir, summary = pipeline
    as_of = pd.Timestamp(summary["as_of"])
    expected = recompute_posts(workdir, as_of)
    actual = served(workdir, "select * from fct_posts").set_index("post_key")
    assert sorted(actual.index) == sorted(expected.index)
    actual = actual.loc[expected.index]
    assert (actual.engagements.to_numpy() == expected.engagements.to_numpy()).all()
    assert np.allclose(
        actual.followers_at_post.astype(float), expected.followers_at_post.astype(float)
    )
    assert np.allclose(
        actual.er_followers.astype(float), expected.er_followers.astype(float), equal_nan=True
    )


def test_creator_engagement_matches_an_independent_recomputation(pipeline):
    workdir, summary = pipeline
    as_of = pd.Timestamp(summary["as_of"])
    posts = recompute_posts(workdir, as_of)
    in_window = posts[
        (posts.posted_at > as_of - pd.Timedelta(days=180))
        & (posts.posted_at <= as_of - pd.Timedelta(hours=24))
    ].sort_values(["posted_at", "post_id"], ascending=False)
    window = in_window.groupby("creator_key").head(30)
    expected = window.groupby("creator_key").agg(
        posts_in_window=("post_id", "size"), er_median=("er_followers", "median")
    )
    actual = served(
        workdir,
        "select creator_key, posts_in_window, er_median, is_scored from mart_creator_engagement",
    ).set_index("creator_key")
    assert len(actual) == posts.creator_key.nunique()
    with_posts = actual.loc[expected.index]
    assert (with_posts.posts_in_window.to_numpy() == expected.posts_in_window.to_numpy()).all()
    assert np.allclose(
        with_posts.er_median.astype(float), expected.er_median.astype(float), equal_nan=True
    )
    assert (actual.drop(expected.index).posts_in_window == 0).all()
    assert not actual.drop(expected.index).is_scored.any()


def test_creator_followers_and_tiers_match(pipeline):
    workdir, summary = pipeline
    as_of = pd.Timestamp(summary["as_of"])
    profiles = working(workdir, "select * from raw.profiles")
    profiles = profiles[profiles.scraped_at <= as_of].sort_values("scraped_at")
    latest = profiles.groupby(["platform", "creator_id"]).tail(1)
    followers = dict(zip(latest.platform + ":" + latest.creator_id, latest.followers, strict=True))
    posts = working(workdir, "select * from raw.posts where creator_followers is not null")
    posts = posts[posts.scraped_at <= as_of].sort_values("scraped_at")
    for post in posts.groupby(["platform", "creator_id"]).tail(1).itertuples():
        followers.setdefault(f"{post.platform}:{post.creator_id}", post.creator_followers)
    bins = [0, 1_000, 10_000, 50_000, 100_000, 500_000, 1_000_000, np.inf]
    labels = ["<1k", "1k-10k", "10k-50k", "50k-100k", "100k-500k", "500k-1M", "1M+"]
    creators = served(workdir, "select * from dim_creators").set_index("creator_key")
    expected = pd.Series(followers).loc[creators.index]
    assert (creators.followers.to_numpy() == expected.to_numpy()).all()
    bands = pd.cut(expected, bins=bins, labels=labels, right=False).astype(str)
    assert (creators.follower_band.to_numpy() == bands.to_numpy()).all()
    assert (creators.is_micro_influencer == expected.between(1_000, 99_999)).all()
    tiers = pd.cut(
        expected, bins=[0, 1_000, 100_000, 1_000_000, np.inf], labels=TIERS, right=False
    ).astype(str)
    assert (creators.follower_tier.to_numpy() == tiers.to_numpy()).all()


def test_fraud_the_generator_injected_lowers_authenticity(pipeline):
    workdir, _ = pipeline
    truth = pd.read_csv(workdir / "truth" / "creators.csv").set_index("creator_key")
    scores = served(
        workdir, "select creator_key, authenticity_score, is_scored from mart_creator_authenticity"
    ).set_index("creator_key")
    scored = scores[scores.is_scored].join(truth)
    fraud_columns = ["bought_followers", "bot_comments", "engagement_pod", "bought_likes"]
    is_fraud = scored[fraud_columns].astype(bool).any(axis=1)
    assert is_fraud.any() and (~is_fraud).any()
    assert scored[is_fraud].authenticity_score.mean() < scored[~is_fraud].authenticity_score.mean()


def test_the_first_build_of_a_warehouse_reuses_the_parse_made_during_ingestion(pipeline):
    """dbt parsed the project while the run ingested (orchestration/dbt_parse_ahead.py); the build
    then parsed nothing in full: dbt says so in its log when it cannot reuse a parse."""
    workdir, summary = pipeline
    targets = workdir / "wh/work/dbt_target"
    build_log = (targets / summary["run_id"] / "dbt.log").read_text()
    assert "Found " in build_log  # the build loaded the project
    assert "Unable to do partial parsing" not in build_log
    assert "Unable to do partial parsing" in (targets / "parse-ahead" / "dbt.log").read_text()


def test_a_second_run_is_idempotent(pipeline):
    workdir, _ = pipeline
    parquet = workdir / "wh/serving/parquet"
    tables = ["dim_creators", "fct_posts", "fct_comments", "mart_creator_scorecard"]
    before = {t: served(workdir, f"select * from {t} order by all") for t in tables}
    run = ("run", "--dumps", "dumps", "--warehouse", "wh", "--json")
    second = bignoise(*run, "--rebuild", cwd=workdir)  # run everything, though nothing is new
    assert second.returncode == 0, second.stderr
    summary = json.loads(second.stdout)
    assert (summary["records_read"], summary["records_loaded"]) == (0, 0)
    for table in tables:
        pd.testing.assert_frame_equal(
            served(workdir, f"select * from {table} order by all"), before[table]
        )
    run_id = summary["run_id"]
    log = served(workdir, f"select distinct status from ingest_log where run_id = '{run_id}'")
    assert log.status.tolist() == ["skipped_already_loaded"]
    for table, key in [
        ("posts", "platform, post_id, scraped_at"),
        ("comments", "platform, comment_id, scraped_at"),
        ("profiles", "platform, creator_id, scraped_at"),
    ]:
        repeats = working(workdir, f"select count(*) - count(distinct ({key})) n from raw.{table}")
        assert repeats.n[0] == 0, table
    # The Parquet copy holds the same rows as the served database.
    pd.testing.assert_frame_equal(
        served(workdir, f"select * from '{parquet}/fct_posts.parquet' order by all"),
        before["fct_posts"],
    )

    # Without --rebuild, the same files, settings and code do nothing: no run, same release.
    third = bignoise(*run, cwd=workdir)
    assert third.returncode == 0, third.stderr
    unchanged = json.loads(third.stdout)
    assert unchanged["nothing_new"] and unchanged["run_id"] == ""
    assert unchanged["release_id"] == summary["release_id"]
    assert unchanged["rows_per_table"] == summary["rows_per_table"]
    runs = served(workdir, "select count(distinct run_id) as n from ingest_log")
    assert runs.n[0] == 2  # the first run and the rebuild


def test_a_changed_input_makes_the_next_run_rebuild(tmp_path, monkeypatch):
    """Every input the digest covers changes it (orchestration/run_inputs.py)."""
    from orchestration import run_inputs
    from orchestration.settings import BignoiseSettings

    (tmp_path / "dumps" / "posts").mkdir(parents=True)
    dump = tmp_path / "dumps" / "posts" / "a.jsonl"
    dump.write_text("{}\n")
    project = tmp_path / "dbt_project"
    code = project / "models"
    code.mkdir(parents=True)
    (code / "m.sql").write_text("select 1")
    for name in run_inputs.DBT_CODE_FILES:
        (project / name).write_text("name: x\n")
    monkeypatch.setattr(run_inputs, "DBT_PROJECT_DIR", project)
    settings = BignoiseSettings(
        dumps_dir=str(tmp_path / "dumps"), warehouse_dir=str(tmp_path / "w")
    )
    (tmp_path / "w" / "work").mkdir(parents=True)
    digest = run_inputs.inputs_digest(settings)
    assert run_inputs.inputs_digest(settings) == digest  # stable
    run_inputs.remember(settings, digest, "r1")
    assert run_inputs.recorded_release(settings, digest) == "r1"

    (code / "m.sql").write_text("select 2")
    changed_code = run_inputs.inputs_digest(settings)
    dump.write_text("{}\n{}\n")
    changed_dump = run_inputs.inputs_digest(settings)
    other_window = run_inputs.inputs_digest(settings.model_copy(update={"window_days": 7}))
    assert len({digest, changed_code, changed_dump, other_window}) == 4
    assert run_inputs.recorded_release(settings, changed_dump) is None
    run_inputs.forget(settings)
    assert run_inputs.recorded_release(settings, digest) is None


def test_the_served_database_opens_with_duckdb_1x(pipeline):
    _, summary = pipeline
    assert COMPAT_PYTHON.exists(), "run `make setup`: it installs the DuckDB 1.x reader"
    script = (
        "import duckdb, json, sys; c = duckdb.connect(sys.argv[1], read_only=True);"
        "print(json.dumps([duckdb.__version__,"
        " c.execute('select count(*) from mart_creator_scorecard').fetchall()[0][0]]))"
    )
    opened = subprocess.run(
        [str(COMPAT_PYTHON), "-c", script, summary["published_database"]],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert opened.returncode == 0, opened.stderr
    version, rows = json.loads(opened.stdout)
    assert version.startswith("1.")
    assert rows == summary["rows_per_table"]["mart_creator_scorecard"] == CREATORS
