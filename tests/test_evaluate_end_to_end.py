"""The real development set through the real commands: convert, then `bignoise evaluate`.

One pipeline run (module fixture). The evaluation's counts are recomputed here with pandas from
the served database and the labels file, and the comment flags must reach the quality gate:
F1 >= 0.90 overall and on each video.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[1]
DEV_SET = REPO.parent / "shared" / "data" / "youtube-spam-dev" / "comments.csv"
VIDEOS = {"NPoHPNeU9fc": (199, 40), "x7QhUL8NUK4": (200, 20), "gRyPjRrjS34": (296, 148)}
QUALITY_GATE_F1 = 0.90


def python_module(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(REPO), "GX_ANALYTICS_ENABLED": "False"}
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=cwd, env=environment, capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("dev_set")
    converted = python_module(
        "evaluation.youtube_spam_dev", "--csv", str(DEV_SET), "--out", "dev", cwd=workdir
    )
    assert converted.returncode == 0, converted.stderr
    result = python_module(
        "orchestration.cli", "evaluate", "--dumps", "dev/dumps", "--warehouse", "wh",
        "--labels", "dev/labels.csv", "--json", cwd=workdir,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr + result.stdout
    return workdir, json.loads(result.stdout)


def test_every_comment_is_loaded_and_found(evaluated):
    _, result = evaluated
    pipeline, labels = result["pipeline"], result["labels"]
    assert pipeline["success"] and pipeline["records_quarantined"] == 0
    assert pipeline["records_loaded"] == 3 + 695
    assert result["release"]["run_id"] == pipeline["run_id"]
    assert result["truth"] is None
    assert labels["overall"]["labelled"] == 695 and labels["overall"]["not_found"] == 0
    assert labels["notes"] == []


def test_the_json_structure_and_counts_per_video(evaluated):
    _, result = evaluated
    labels = result["labels"]
    assert set(labels) == {"labels_file", "overall", "per_post", "by_reason", "notes"}
    assert set(labels["per_post"]) == set(VIDEOS)
    groups = {"overall": labels["overall"], **labels["per_post"]}
    for scores in groups.values():
        assert set(scores) >= {"tp", "fp", "fn", "tn", "precision", "recall", "f1", "not_found"}
    for video, (comments, spam) in VIDEOS.items():
        scores = labels["per_post"][video]
        assert scores["tp"] + scores["fp"] + scores["fn"] + scores["tn"] == comments
        assert scores["tp"] + scores["fn"] == spam
    flagged = labels["overall"]["tp"] + labels["overall"]["fp"]
    reasons = {row["reason"]: row for row in labels["by_reason"]}
    not_flagged = reasons.pop("(not flagged)")
    assert not_flagged["positive"] + not_flagged["negative"] == 695 - flagged
    assert sum(r["positive"] + r["negative"] for r in reasons.values()) >= flagged


def test_the_counts_match_a_recomputation_from_the_served_tables(evaluated):
    workdir, result = evaluated
    with duckdb.connect(str(workdir / "wh/serving/marts.duckdb"), read_only=True) as connection:
        served = connection.execute(
            "select comment_id, is_suspicious, post_key from fct_comments"
        ).df()
    labels = pd.read_csv(workdir / "dev/labels.csv", dtype={"comment_id": str})
    joined = labels.merge(served, on="comment_id", how="left", validate="one_to_one")
    assert joined["is_suspicious"].notna().all()
    assert (joined["post_key"] == "youtube:" + joined["video_id"]).all()
    spam, flagged = joined["label"] == 1, joined["is_suspicious"].astype(bool)
    overall = result["labels"]["overall"]
    assert overall["tp"] == (spam & flagged).sum() and overall["fp"] == (~spam & flagged).sum()
    assert overall["fn"] == (spam & ~flagged).sum() and overall["tn"] == (~spam & ~flagged).sum()


def test_quality_gate_f1_overall(evaluated):
    _, result = evaluated
    overall = result["labels"]["overall"]
    assert overall["f1"] is not None and overall["f1"] >= QUALITY_GATE_F1, f"overall {overall}"


@pytest.mark.parametrize("video", sorted(VIDEOS))
def test_quality_gate_f1_per_video(evaluated, video):
    _, result = evaluated
    scores = result["labels"]["per_post"][video]
    assert scores["f1"] is not None and scores["f1"] >= QUALITY_GATE_F1, f"{video}: {scores}"
