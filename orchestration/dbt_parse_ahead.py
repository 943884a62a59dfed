"""Parsing the dbt project ahead, in a process of its own, while a run on a new warehouse ingests.

dbt reuses an earlier parse (partial parsing) only when the profile, the vars and the env vars the
project reads are those of the saved parse. The profile holds the warehouse's DuckDB path and the
models read the warehouse's pseudonym key, so the first build of a warehouse always paid a full
parse: ~3 s of a ~30 s run on tiny data (docs/performance.md). `dbt parse` opens no database, so
it can run beside ingestion (on two cores, the run's Python imports and the small ingestions leave
one mostly idle). The dbt step waits for it and starts from its state (orchestration/dbt.py,
`_reuse_parse_state`); dbt checks that state as always, so a parse ahead that does not match (or
failed) costs only the full parse the build would have done anyway.

Warehouses with a parse state from an earlier build need none: the build reuses that one.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

from orchestration.dbt_args import DBT_EXECUTABLE, dbt_environment, dbt_vars
from orchestration.settings import DBT_PROJECT_DIR, BignoiseSettings

PARSE_STATE_FILE = "partial_parse.msgpack"
# Under the warehouse's dbt targets: a folder like a build's, so the build finds its state.
PARSE_AHEAD_FOLDER = "parse-ahead"
# The longest the dbt step waits for it; a full parse takes ~4 s here.
WAIT_SECONDS = 120

_running: subprocess.Popen | None = None


def has_parse_state(targets_dir: Path) -> bool:
    return any(targets_dir.glob(f"*/{PARSE_STATE_FILE}"))


def parse_ahead_command(settings: BignoiseSettings, target: Path) -> list[str]:
    """`dbt parse` with the vars the run's `dbt build` gets (orchestration/dbt_args.py)."""
    return [
        DBT_EXECUTABLE,
        "parse",
        "--vars",
        json.dumps(dbt_vars(settings), sort_keys=True),
        "--target-path",
        str(target),
        "--log-path",
        str(target),
        "--quiet",
    ]


@contextlib.contextmanager
def parsing_ahead(settings: BignoiseSettings) -> Iterator[None]:
    """Within: a `dbt parse` runs in the background when the warehouse has no parse state yet.
    On leaving (the run ended, or failed before its dbt step), a parse still running is stopped."""
    global _running
    targets_dir = settings.dbt_target_dir
    if not has_parse_state(targets_dir):
        target = targets_dir / PARSE_AHEAD_FOLDER
        target.mkdir(parents=True, exist_ok=True)
        _running = subprocess.Popen(
            parse_ahead_command(settings, target),
            cwd=DBT_PROJECT_DIR,
            env={**os.environ, **dbt_environment(settings)},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    try:
        yield
    finally:
        process, _running = _running, None
        if process is not None and process.poll() is None:
            process.terminate()
            process.wait()
            (targets_dir / PARSE_AHEAD_FOLDER / PARSE_STATE_FILE).unlink(missing_ok=True)


def wait_for_parse_ahead(targets_dir: Path) -> str:
    """Called by the dbt step before it picks its parse state: let a parse started ahead finish,
    so that its state is complete. What happened, for the step's log."""
    global _running
    process = _running
    if process is None:
        return ""
    try:
        exit_code = process.wait(timeout=WAIT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        exit_code = None
    _running = None
    if exit_code != 0:
        # A failed parse writes no state, a killed one may have left part of it: dbt would notice
        # a broken file, but a full parse it is either way.
        (targets_dir / PARSE_AHEAD_FOLDER / PARSE_STATE_FILE).unlink(missing_ok=True)
        return f"dbt: the parse started ahead did not finish (exit {exit_code}); dbt parses in full"
    return "dbt: starting from the parse made during ingestion"
