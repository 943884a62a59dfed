"""Shared fixtures: a quiet, offline environment and small helpers to write dump files."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import duckdb
import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

# The hand-made dump (tests/fixtures/handmade_dump) holds bad records on purpose: 3 of its 34 are
# quarantined, over the default quarantine gate of 5% (orchestration/gates.py). Runs over it raise
# the gate to this share; the gate's own tests use the default.
HANDMADE_QUARANTINE_SHARE = 0.25


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
