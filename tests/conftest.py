"""Shared fixtures: a quiet, offline environment and small helpers to write dump files."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

# The hand-made dump (tests/fixtures/handmade_dump) holds bad records on purpose: 3 of its 34 are
# quarantined, over the default quarantine gate of 5% (orchestration/gates.py). Runs over it raise
# the gate to this share; the gate's own tests use the default.
HANDMADE_QUARANTINE_SHARE = 0.25

REPO = Path(__file__).resolve().parents[1]
HANDMADE = REPO / "tests" / "fixtures" / "handmade_dump"
# The window the hand-made dump's expected figures were worked out for (test_marts_handmade.py).
HANDMADE_WINDOW = {
    "as_of": "2026-10-31 00:00:00",
    "window_days": 30,
    "window_posts": 3,
    "min_post_age_hours": 24,
}


def cli_environment(**env: str) -> dict[str, str]:
    """The environment of a `bignoise` subprocess: this one's without any BIGNOISE_* setting (so
    the tests see the documented defaults), offline and quiet, plus `env`."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("BIGNOISE_")}
    return {**inherited, "PYTHONPATH": str(REPO), "GX_ANALYTICS_ENABLED": "False", **env}


def bignoise(*args: str, cwd: Path, timeout: int = 900, **env: str) -> subprocess.CompletedProcess:
    """Run the `bignoise` command line in a subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "orchestration.cli", *args],
        cwd=cwd,
        env=cli_environment(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def bignoise_on_handmade(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """`bignoise` with the quarantine gate raised for the hand-made dump's deliberate bad ones."""
    env.setdefault("BIGNOISE_MAX_QUARANTINE_SHARE", str(HANDMADE_QUARANTINE_SHARE))
    return bignoise(*args, cwd=cwd, **env)


def handmade_settings(warehouse: Path, **changes):
    """Run settings over the hand-made dump, with its window and its raised quarantine gate."""
    from orchestration.settings import BignoiseSettings

    return BignoiseSettings(
        **{
            "dumps_dir": str(HANDMADE),
            "warehouse_dir": str(warehouse),
            "max_quarantine_share": HANDMADE_QUARANTINE_SHARE,
            **HANDMADE_WINDOW,
            **changes,
        }
    )


@pytest.fixture
def connection():
    """An in-memory DuckDB configured like the working database (UTC session time zone)."""
    with duckdb.connect() as con:
        con.execute("set TimeZone = 'UTC'")
        yield con


def write_jsonl(path: Path, records: list, compress: bool = False) -> Path:
    """Write records (dicts, or raw strings written as they are) one per line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    data = ("\n".join(lines) + "\n").encode()
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def write_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path
