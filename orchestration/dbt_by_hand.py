"""`bignoise dbt`: the project's dbt, run by hand against a warehouse the pipeline built.

A bare `dbt build` in dbt_project/ lacks what a pipeline run hands dbt: the path of the warehouse's
working database, the warehouse's pseudonym key, and the run's vars. Without them dbt opens a
database that does not exist, or builds with other vars. This module gives dbt exactly what a
pipeline run with the same settings gives it (orchestration/dbt_args.py), and also:

- writes dbt's target and logs inside the warehouse's `work/` (compiled SQL holds the pseudonym
  key, so it must land neither in the repository nor in `serving/`);
- holds the warehouse's run lock, as `bignoise unload` does, so a scheduled run cannot start
  writing the same DuckDB file under it (DuckDB allows one writer);
- passes dbt's exit code through, so scripts can rely on it;
- before a command that may write models (anything but the read-only commands below), forgets the
  record of the last finished pipeline build, so the next `bignoise run` rebuilds dbt's incremental
  models from scratch: rows written by hand have not passed a pipeline build's tests, and the key
  tests of incremental models check only the rows the latest build wrote
  (dbt_project/tests/generic/test_key_and_not_null.sql).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import yaml
from filelock import FileLock, Timeout

from orchestration.dbt_args import DBT_EXECUTABLE, dbt_environment, dbt_vars
from orchestration.incremental_state import forget_built_project
from orchestration.settings import DBT_PROJECT_DIR, BignoiseSettings

# Under the warehouse: dbt's target (manifest, compiled SQL, run results) and logs of runs by hand.
BY_HAND_DIR = Path("work") / "dbt_by_hand"
# dbt commands that write no model (`test --store-failures` writes only its own audit tables).
READ_ONLY_COMMANDS = frozenset(
    {"clean", "compile", "debug", "deps", "docs", "list", "ls", "parse", "show", "source", "test"}
)


class DbtByHandError(Exception):
    """dbt was not started; the message is one line for the user, `exit_code` the CLI's."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def by_hand_dir(settings: BignoiseSettings) -> Path:
    return settings.warehouse_path / BY_HAND_DIR


def dbt_command(settings: BignoiseSettings, dbt_args: list[str]) -> list[str]:
    """dbt's command line: the user's arguments, then `--vars` with the run's vars. Vars the user
    passes with their own `--vars` override the run's one by one (dbt itself would keep only the
    last `--vars`, dropping the run's as_of and window). Arguments without a dbt command
    (`--version`, `--help`) get no vars: dbt accepts them only after a command."""
    args, own_vars = _split_vars(dbt_args)
    if not args or args[0].startswith("-"):
        return [DBT_EXECUTABLE, *dbt_args]
    run_vars = {**dbt_vars(settings), **own_vars}
    return [DBT_EXECUTABLE, *args, "--vars", json.dumps(run_vars, sort_keys=True)]


def _split_vars(dbt_args: list[str]) -> tuple[list[str], dict]:
    """The arguments without `--vars VALUE` / `--vars=VALUE`, and the vars those gave."""
    rest: list[str] = []
    own: dict = {}
    remaining = iter(dbt_args)
    for arg in remaining:
        if arg == "--vars" or arg.startswith("--vars="):
            text = arg.partition("=")[2] if "=" in arg else next(remaining, "")
            given = yaml.safe_load(text) if text.strip() else {}
            if not isinstance(given, dict):
                raise DbtByHandError(f"--vars must be a YAML mapping, got {text!r}", exit_code=2)
            own.update(given)
        else:
            rest.append(arg)
    return rest, own


def dbt_process_environment(settings: BignoiseSettings) -> dict[str, str]:
    """This process's environment plus what the pipeline gives dbt, the project and its profile
    (whatever DBT_PROFILES_DIR the shell has), and the by-hand target and log folders. The user's
    own --target-path or --log-path still win: dbt prefers flags to these variables."""
    folder = by_hand_dir(settings)
    return {
        **os.environ,
        **dbt_environment(settings),
        "DBT_PROJECT_DIR": str(DBT_PROJECT_DIR),
        "DBT_PROFILES_DIR": str(DBT_PROJECT_DIR),
        "DBT_TARGET_PATH": str(folder / "target"),
        "DBT_LOG_PATH": str(folder / "logs"),
    }


def run_dbt_by_hand(settings: BignoiseSettings, dbt_args: list[str]) -> int:
    """Run dbt with `dbt_args` against the settings' warehouse; dbt's exit code. Raises
    DbtByHandError, before starting dbt, for a warehouse without a working database (exit 2)
    or one a run is using (exit 1)."""
    database = settings.work_database
    if not database.is_file():
        raise DbtByHandError(
            f"no working database at {database}: run `bignoise run --dumps DIR --warehouse "
            f"{settings.warehouse_path}` first",
            exit_code=2,
        )
    command = dbt_command(settings, dbt_args)
    lock = FileLock(database.parent / "run.lock")
    try:
        with lock.acquire(timeout=0):
            # Only now: reading the pseudonym key creates the warehouse's key file when missing.
            environment = dbt_process_environment(settings)
            if may_write_models(dbt_args):
                forget_built_project(settings)
            # On stderr: dbt's stdout stays exactly dbt's (`ls --output json | jq`).
            print(
                f"bignoise: dbt against {database}, target {environment['DBT_TARGET_PATH']}, "
                f"vars {_vars_of(command) or 'none'}",
                file=sys.stderr,
                flush=True,
            )
            return _run_forwarding_stop(command, environment)
    except Timeout:
        raise DbtByHandError(
            f"warehouse {settings.warehouse_path} is in use by a run", exit_code=1
        ) from None


def may_write_models(dbt_args: list[str]) -> bool:
    """Whether the dbt command may write models: any command not known to be read-only (the
    first argument that is not an option; none, as in `--version`, writes nothing)."""
    command = next((arg for arg in dbt_args if not arg.startswith("-")), None)
    return command is not None and command not in READ_ONLY_COMMANDS


def _vars_of(command: list[str]) -> str:
    return command[command.index("--vars") + 1] if "--vars" in command else ""


def _run_forwarding_stop(command: list[str], environment: dict[str, str]) -> int:
    """Run dbt and wait for it. Ctrl-C in a terminal reaches dbt itself (same process group), so
    it is not repeated; SIGTERM, which stops only this process, is passed on as dbt's Ctrl-C so
    dbt cancels its queries and exits rather than being left running on the warehouse."""
    process = subprocess.Popen(command, cwd=DBT_PROJECT_DIR, env=environment)

    def stop_dbt(signum, frame):
        if signum == signal.SIGTERM:
            process.send_signal(signal.SIGINT)

    previous = {name: signal.signal(name, stop_dbt) for name in (signal.SIGINT, signal.SIGTERM)}
    try:
        code = process.wait()
    finally:
        for name, handler in previous.items():
            signal.signal(name, handler)
    # A dbt ended by a signal: the shell's convention, 128 + the signal number.
    return code if code >= 0 else 128 - code
