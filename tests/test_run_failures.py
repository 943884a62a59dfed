"""Bad input and failed checks: a clear message, a non-zero exit, the served release untouched."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from conftest import HANDMADE_QUARANTINE_SHARE
from conftest import bignoise_on_handmade as bignoise

from orchestration import expectations
from orchestration.run_pipeline import run_job
from orchestration.settings import BignoiseSettings

REPO = Path(__file__).resolve().parents[1]
HANDMADE = REPO / "tests" / "fixtures" / "handmade_dump"


def serving_fingerprint(warehouse: Path) -> dict[str, str]:
    serving = warehouse / "serving"
    return {
        str(path.relative_to(serving)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(serving.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A warehouse holding one good release of the hand-written dump."""
    workdir = tmp_path_factory.mktemp("failures")
    shutil.copytree(HANDMADE, workdir / "dumps")
    result = bignoise("run", "--dumps", "dumps", "--warehouse", "wh", "--json", cwd=workdir)
    assert result.returncode == 0, result.stderr
    return workdir


def test_a_missing_dumps_folder_exits_2_naming_it(tmp_path):
    result = bignoise("run", "--dumps", "nowhere", "--warehouse", "wh", cwd=tmp_path)
    assert result.returncode == 2
    assert f"dumps folder {tmp_path / 'nowhere'} does not exist" in result.stderr
    assert not (tmp_path / "wh").exists()


def test_an_empty_dumps_folder_exits_2(tmp_path):
    (tmp_path / "dumps" / "posts").mkdir(parents=True)
    result = bignoise("run", "--dumps", "dumps", "--warehouse", "wh", cwd=tmp_path)
    assert result.returncode == 2
    assert "holds no files" in result.stderr


@pytest.mark.parametrize(
    ("flags", "env", "message"),
    [
        (["--window-posts", "0"], {}, "must be >= 1"),
        (["--window-days", "-3"], {}, "must be >= 1"),
        ([], {"BIGNOISE_AS_OF": "yesterday"}, "not an ISO 8601 time"),
        ([], {"BIGNOISE_WINDOW_POSTS": "0"}, "window_posts"),
        ([], {"BIGNOISE_WINDOW_DAYS": "abc"}, "BIGNOISE_WINDOW_DAYS='abc' is not a whole number"),
        ([], {"BIGNOISE_KEEP_RELEASES": "0"}, "keep_releases"),
    ],
)
def test_invalid_settings_are_refused_with_exit_2(tmp_path, flags, env, message):
    result = bignoise("run", "--dumps", "d", "--warehouse", "wh", *flags, cwd=tmp_path, **env)
    assert result.returncode == 2
    assert message in result.stderr


def test_a_warehouse_path_that_is_a_file_exits_2_naming_it(tmp_path):
    (tmp_path / "dumps" / "posts").mkdir(parents=True)
    (tmp_path / "dumps" / "posts" / "p.jsonl").write_text("{}\n")
    (tmp_path / "wh").write_text("not a folder")
    result = bignoise("run", "--dumps", "dumps", "--warehouse", "wh", cwd=tmp_path)
    assert result.returncode == 2
    assert f"warehouse {tmp_path / 'wh'} is a file, not a folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_version_is_printed(tmp_path):
    result = bignoise("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("bignoise ")


def test_a_bad_as_of_is_refused_before_anything_runs(tmp_path):
    result = bignoise("run", "--dumps", "d", "--warehouse", "wh", "--as-of", "soon", cwd=tmp_path)
    assert result.returncode == 2
    assert "not an ISO 8601 time" in result.stderr


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("truncated.jsonl.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03+I-.\x01\x00", "gzip"),
        ("latin1.csv", "platform,post_id\ninstagram,café\n".encode("latin-1"), "unicode"),
        ("latin1.jsonl", '{"platform": "café"}\n'.encode("latin-1"), "unicode"),
        ("huge.jsonl", b'{"caption": "' + b"x" * 5000 + b'"}\n', "line"),
        ("broken.parquet", b"PAR1 not really parquet PAR1", "parquet"),
    ],
)
def test_a_corrupt_file_fails_the_run_and_leaves_the_release_untouched(
    published, name, content, problem
):
    before = serving_fingerprint(published / "wh")
    bad = published / "dumps" / "posts" / name
    bad.write_bytes(content)
    try:
        result = bignoise(
            "run",
            "--dumps",
            "dumps",
            "--warehouse",
            "wh",
            "--json",
            cwd=published,
            BIGNOISE_MAX_LINE_BYTES="2048",
        )
    finally:
        bad.unlink()
    assert result.returncode == 1
    [message] = [line for line in result.stderr.splitlines() if line.startswith("bignoise: error")]
    assert str(bad) in message and problem in message.lower(), message
    assert "CSV" not in message or name.endswith(".csv")
    assert json.loads(result.stdout)["success"] is False
    assert serving_fingerprint(published / "wh") == before


def test_a_failed_great_expectations_check_blocks_publishing(published, monkeypatch):
    before = serving_fingerprint(published / "wh")
    # An expectation the data cannot meet: every creator would need 10 million followers.
    impossible = expectations.Rule(
        "ExpectColumnValuesToBeBetween",
        {"column": "followers", "min_value": 10**7},
        "a rule the data cannot meet",
    )
    suite = expectations.Suite([impossible], key_columns=["creator_key"])
    monkeypatch.setitem(expectations.SUITES, "dim_creators", suite)
    settings = BignoiseSettings(
        max_quarantine_share=HANDMADE_QUARANTINE_SHARE,
        dumps_dir=str(published / "dumps"),
        warehouse_dir=str(published / "wh"),
    )
    # The rule changed in memory only, not in any file: --rebuild, or the run would do nothing.
    summary = run_job(settings, show_progress=False, rebuild=True)
    assert not summary.success
    assert "marts/dim_creators:great_expectations" in summary.checks_failed
    [reason] = [e for e in summary.errors if e.startswith("marts/dim_creators:great_expectations")]
    assert "followers" in reason and "rows unexpected" in reason, reason
    assert summary.published_database is None
    assert serving_fingerprint(published / "wh") == before
