"""Building the dbt command line from the run settings: small pure functions, unit-tested."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from orchestration.pseudonym import pseudonym_key
from orchestration.settings import BignoiseSettings

# The dbt installed beside this Python, so it is found without an activated virtualenv.
_beside_python = Path(sys.executable).parent / "dbt"
DBT_EXECUTABLE = str(_beside_python) if _beside_python.exists() else (shutil.which("dbt") or "dbt")


def dbt_vars(settings: BignoiseSettings) -> dict[str, object]:
    """The dbt vars of a run. `as_of` stays null when unset so that dbt resolves it from the
    data (the latest scraped_at among post snapshots), in one place: the `as_of_timestamp` macro."""
    return {
        "as_of": settings.as_of or None,
        "window_days": settings.window_days,
        "window_posts": settings.window_posts,
        "min_post_age_hours": settings.min_post_age_hours,
        "niche_taxonomy_mode": settings.niche_taxonomy_mode,
    }


def dbt_build_args(settings: BignoiseSettings, full_refresh: bool = False) -> list[str]:
    arguments = ["build", "--vars", json.dumps(dbt_vars(settings), sort_keys=True)]
    if full_refresh:
        # orchestration/incremental_state.py decides: incremental models start again from scratch.
        arguments.append("--full-refresh")
    if settings.dbt_unit_tests == "skip":
        # Unit tests check the models' logic on fixed inputs: the same on every run of the same
        # code, so the test suite runs them; a run pays for them only when asked (~5 s).
        arguments += ["--exclude-resource-type", "unit_test"]
    return arguments


def dbt_environment(settings: BignoiseSettings) -> dict[str, str]:
    """Environment the dbt profile and models read: the same database path the ingestion writes
    to, and the pseudonym key (orchestration/pseudonym.py)."""
    key, _ = pseudonym_key(settings.warehouse_path)
    return {
        # Not BIGNOISE_PSEUDONYM_KEY itself: this environment is set in the run's process, and the
        # user's variable must keep meaning "the user set it" for the next warehouse.
        "BIGNOISE_RUN_PSEUDONYM_KEY": key,
        "BIGNOISE_WORK_DATABASE": str(settings.work_database),
        "BIGNOISE_DUCKDB_MEMORY_LIMIT": settings.duckdb_memory_limit,
        "BIGNOISE_DBT_THREADS": str(settings.duckdb_threads),
    }
