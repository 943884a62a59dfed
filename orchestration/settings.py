"""Run settings: where the dumps and the warehouse are, and the scoring window.

Every setting has an environment variable and a documented default (docs/architecture.md), so
the CLI, `dagster dev`, the schedule and the sensor all read the same values. Relative paths
resolve against the current working directory; the defaults live under the repo's `data/`.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import dagster as dg
from pydantic import Field, field_validator

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"

DEFAULTS = {
    "BIGNOISE_DUMPS_DIR": str(PROJECT_ROOT / "data" / "dumps"),
    "BIGNOISE_WAREHOUSE_DIR": str(PROJECT_ROOT / "data" / "warehouse"),
    "BIGNOISE_AS_OF": "",  # empty: the latest scraped_at among post snapshots
    "BIGNOISE_WINDOW_DAYS": "180",
    "BIGNOISE_WINDOW_POSTS": "30",
    "BIGNOISE_MIN_POST_AGE_HOURS": "24",
    "BIGNOISE_DUCKDB_MEMORY_LIMIT": "4GB",
    "BIGNOISE_DUCKDB_THREADS": "2",
    "BIGNOISE_MAX_LINE_BYTES": str(16 * 1024 * 1024),
    "BIGNOISE_RATE_CARD": "",  # empty: the seed rate_card alone (docs/rate-card.md)
    "BIGNOISE_NICHE_TAXONOMY": "",  # empty: the seed niche_taxonomy alone
    "BIGNOISE_NICHE_TAXONOMY_MODE": "extend",  # extend: the seed plus the file; replace: the file
    "BIGNOISE_KEEP_RELEASES": "5",  # releases kept under serving/releases (rollback targets)
    "BIGNOISE_MAX_QUARANTINE_SHARE": "0.05",  # of records since the last release; above: no publish
    "BIGNOISE_MAX_FILE_QUARANTINE_SHARE": "0.5",  # of one file's records; above: no publish
    "BIGNOISE_MAX_ROW_DROP_SHARE": "0.5",  # a mart shrinking more than this since the last release
    "BIGNOISE_MAX_DISTRIBUTION_SHIFT": "0.2",  # warning: KS distance of a score vs the last release
    "BIGNOISE_MAX_DATA_AGE_DAYS": "7",  # warning: an entity's latest snapshot older than this at as_of
    "BIGNOISE_ALERT_WEBHOOK": "",  # empty: alerts are log lines only; else also POSTed as JSON here
}


def env(name: str) -> str:
    return os.environ.get(name) or DEFAULTS[name]


def env_int(name: str) -> int:
    """An integer setting; a value that is not one names its variable (ValueError)."""
    value = env(name)
    try:
        return int(value.strip())
    except ValueError:
        raise ValueError(f"{name}={value!r} is not a whole number") from None


def env_float(name: str) -> float:
    """A numeric setting; a value that is not a number names its variable (ValueError)."""
    value = env(name)
    try:
        return float(value.strip())
    except ValueError:
        raise ValueError(f"{name}={value!r} is not a number") from None


def normalise_as_of(text: str) -> str:
    """An ISO 8601 time ('Z', an offset, or naive = UTC) as a naive UTC timestamp string; ''
    stays '' (as_of then comes from the data). Raises ValueError for anything else."""
    if not text.strip():
        return ""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError as error:
        raise ValueError(f"not an ISO 8601 time: {text!r}") from error
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(sep=" ")


class BignoiseSettings(dg.ConfigurableResource):
    """Paths and scoring parameters of one pipeline run."""

    dumps_dir: str = Field(description="Folder holding posts/, comments/ and profiles/.")
    warehouse_dir: str = Field(description="Folder for the working and serving databases.")
    as_of: str = Field(
        default="",
        description="ISO 8601 time the run is 'as of'; snapshots scraped later are ignored. "
        "Empty: the latest scraped_at among post snapshots.",
    )
    window_days: int = Field(default=180, ge=1)
    window_posts: int = Field(default=30, ge=1)
    min_post_age_hours: int = Field(default=24, ge=0)
    duckdb_memory_limit: str = "4GB"
    duckdb_threads: int = Field(default=2, ge=1)
    max_line_bytes: int = Field(default=16 * 1024 * 1024, ge=1024)
    max_quarantine_share: float = Field(
        default=0.05,
        ge=0,
        le=1,
        description="Largest share of the records ingested since the current release that may be "
        "quarantined before publishing stops (orchestration/gates.py).",
    )
    max_file_quarantine_share: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Largest share of one file's records that may be quarantined before "
        "publishing stops.",
    )
    max_row_drop_share: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Largest share of rows a mart may lose against the current release.",
    )
    keep_releases: int = Field(
        default=5, ge=1, description="Releases kept under serving/releases, the current included."
    )
    rate_card_file: str = Field(
        default="", description="The user's rate card CSV (docs/rate-card.md); empty: the seed's."
    )
    niche_taxonomy_file: str = Field(
        default="", description="The user's niche taxonomy CSV (docs/metrics.md); empty: none."
    )
    niche_taxonomy_mode: Literal["extend", "replace"] = Field(
        default="extend",
        description="extend: the seed niche_taxonomy plus the user's file (a user row wins for "
        "the same term); replace: the user's file alone.",
    )

    @field_validator("as_of")
    @classmethod
    def _as_of_in_utc(cls, value: str) -> str:
        # dbt casts as_of to a naive timestamp, which would silently drop an offset.
        return normalise_as_of(value)

    @classmethod
    def from_env(cls) -> BignoiseSettings:
        return cls(
            dumps_dir=env("BIGNOISE_DUMPS_DIR"),
            warehouse_dir=env("BIGNOISE_WAREHOUSE_DIR"),
            as_of=env("BIGNOISE_AS_OF"),
            window_days=env_int("BIGNOISE_WINDOW_DAYS"),
            window_posts=env_int("BIGNOISE_WINDOW_POSTS"),
            min_post_age_hours=env_int("BIGNOISE_MIN_POST_AGE_HOURS"),
            duckdb_memory_limit=env("BIGNOISE_DUCKDB_MEMORY_LIMIT"),
            duckdb_threads=env_int("BIGNOISE_DUCKDB_THREADS"),
            max_line_bytes=env_int("BIGNOISE_MAX_LINE_BYTES"),
            keep_releases=env_int("BIGNOISE_KEEP_RELEASES"),
            max_quarantine_share=env_float("BIGNOISE_MAX_QUARANTINE_SHARE"),
            max_file_quarantine_share=env_float("BIGNOISE_MAX_FILE_QUARANTINE_SHARE"),
            max_row_drop_share=env_float("BIGNOISE_MAX_ROW_DROP_SHARE"),
            rate_card_file=env("BIGNOISE_RATE_CARD"),
            niche_taxonomy_file=env("BIGNOISE_NICHE_TAXONOMY"),
            niche_taxonomy_mode=env("BIGNOISE_NICHE_TAXONOMY_MODE"),
        )

    @property
    def dumps_path(self) -> Path:
        return Path(self.dumps_dir).expanduser().resolve()

    @property
    def warehouse_path(self) -> Path:
        return Path(self.warehouse_dir).expanduser().resolve()

    @property
    def work_database(self) -> Path:
        """The working database: raw tables, quarantine and every dbt model. Never served."""
        return self.warehouse_path / "work" / "bignoise.duckdb"

    @property
    def serving_dir(self) -> Path:
        return self.warehouse_path / "serving"

    @property
    def dbt_target_dir(self) -> Path:
        return self.warehouse_path / "work" / "dbt_target"
