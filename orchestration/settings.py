"""Run settings: where the dumps and the warehouse are, the scoring window, the gates.

Every setting is declared once, in `SETTINGS`: its environment variable, the `BignoiseSettings`
field it fills (if any), its default, a one-line description and its unit and bounds. The field
defaults, descriptions and bounds, `from_env()`, `DEFAULTS` and `env()` are all derived from that
declaration, so the CLI, `dagster dev`, the schedule and the sensor read the same values. dbt
cannot import Python: the copies in dbt_project/profiles.yml and dbt_project.yml's `vars:`, and the
table in docs/architecture.md, are compared with the declaration by tests/test_settings.py.

Relative paths resolve against the current working directory; the defaults live under the repo's
`data/`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import dagster as dg
from pydantic import Field, field_validator

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
# Where a warehouse keeps its working database: the ingestion writes it, dbt builds in it.
WORK_DATABASE_IN_WAREHOUSE = Path("work") / "bignoise.duckdb"
_DEFAULT_WAREHOUSE = PROJECT_ROOT / "data" / "warehouse"


@dataclass(frozen=True)
class Setting:
    """One setting, declared once. Its type is its default's: str, int or float (so a float
    setting's default is written 0.5 or 1.0, never 1)."""

    env_var: str
    default: str | int | float
    description: str
    # The BignoiseSettings field it fills; None: read from the environment only (by dbt, say).
    field: str | None = None
    unit: str = ""
    ge: int | float | None = None
    le: int | float | None = None
    choices: tuple[str, ...] = ()
    # What an empty default stands for (the CLI help and the docs say it).
    empty_means: str = ""
    # The field has no default: code that builds settings names its folders; from_env() still
    # falls back to the default.
    field_required: bool = False

    @property
    def type(self) -> type:
        return type(self.default)

    @property
    def default_text(self) -> str:
        """The default as an environment variable would spell it (DEFAULTS)."""
        return str(self.default)

    @property
    def shown_default(self) -> str:
        """The default as the docs show it: paths inside the repository start with `<repo>`."""
        return self.default_text.replace(str(PROJECT_ROOT), "<repo>")

    @property
    def bounds(self) -> str:
        if self.ge is not None and self.le is not None:
            return f"{self.ge}..{self.le}"
        if self.ge is not None:
            return f">= {self.ge}"
        return f"<= {self.le}" if self.le is not None else ""

    @property
    def summary(self) -> str:
        """One line: the description, the empty default's meaning, unit, bounds and variable."""
        empty = f" Empty: {self.empty_means}." if self.empty_means else ""
        details = ", ".join(part for part in (self.unit, self.bounds, self.env_var) if part)
        return f"{self.description}.{empty} [{details}]"

    def read(self) -> str | int | float:
        """The value in the environment, else the default; a value of the wrong type raises a
        ValueError naming the variable."""
        if self.type is int:
            return env_int(self.env_var)
        if self.type is float:
            return env_float(self.env_var)
        return env(self.env_var)


SHARE = "share"  # a fraction: 0.05 = 5%

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "BIGNOISE_DUMPS_DIR",
        str(PROJECT_ROOT / "data" / "dumps"),
        "Folder holding posts/, comments/ and profiles/",
        field="dumps_dir",
        unit="path",
        field_required=True,
    ),
    Setting(
        "BIGNOISE_WAREHOUSE_DIR",
        str(_DEFAULT_WAREHOUSE),
        "Folder for the working (work/) and serving (serving/) databases",
        field="warehouse_dir",
        unit="path",
        field_required=True,
    ),
    Setting(
        "BIGNOISE_AS_OF",
        "",
        "ISO 8601 time the run is 'as of'; snapshots scraped later are ignored",
        field="as_of",
        empty_means="the latest scraped_at among post snapshots",
    ),
    Setting(
        "BIGNOISE_WINDOW_DAYS",
        180,
        "How far a creator's scoring window reaches back before as_of",
        field="window_days",
        unit="days",
        ge=1,
    ),
    Setting(
        "BIGNOISE_WINDOW_POSTS",
        30,
        "At most this many of a creator's most recent posts in the window",
        field="window_posts",
        unit="posts",
        ge=1,
    ),
    Setting(
        "BIGNOISE_MIN_POST_AGE_HOURS",
        24,
        "Posts younger than this at as_of are not scored yet (engagement still growing)",
        field="min_post_age_hours",
        unit="hours",
        ge=0,
    ),
    Setting(
        "BIGNOISE_DUCKDB_MEMORY_LIMIT",
        "2GB",
        "DuckDB memory_limit, for the ingestion and dbt",
        field="duckdb_memory_limit",
    ),
    Setting(
        "BIGNOISE_DUCKDB_THREADS",
        2,
        "DuckDB threads, and dbt threads",
        field="duckdb_threads",
        unit="threads",
        ge=1,
    ),
    Setting(
        "BIGNOISE_MAX_LINE_BYTES",
        16 * 1024 * 1024,
        "Longest accepted line of a dump file; a longer one fails its file",
        field="max_line_bytes",
        unit="bytes",
        ge=1024,
    ),
    Setting(
        "BIGNOISE_RATE_CARD",
        "",
        "Your rate card CSV (docs/rate-card.md)",
        field="rate_card_file",
        unit="path",
        empty_means="the seed rate_card alone",
    ),
    Setting(
        "BIGNOISE_NICHE_TAXONOMY",
        "",
        "Your niche taxonomy CSV: niche,match_on,term[,language] (docs/metrics.md)",
        field="niche_taxonomy_file",
        unit="path",
        empty_means="the seed niche_taxonomy alone",
    ),
    Setting(
        "BIGNOISE_NICHE_TAXONOMY_MODE",
        "extend",
        "extend: the seed niche_taxonomy plus your file (your row wins for the same term); "
        "replace: your file alone",
        field="niche_taxonomy_mode",
        choices=("extend", "replace"),
    ),
    Setting(
        "BIGNOISE_DBT_UNIT_TESTS",
        "skip",
        "dbt unit tests (models' logic on fixed inputs) in `bignoise run`: skip (the test suite "
        "runs them on every change of code, and they cannot change with the data) or run",
        field="dbt_unit_tests",
        choices=("skip", "run"),
    ),
    Setting(
        "BIGNOISE_VALIDATE_ROWS",
        "changed",
        "Which rows of a served mart Great Expectations validates: changed (the rows that differ "
        "from the current release, which passed the same suite; every row when the suite "
        "changed) or all (every row, every run)",
        field="validate_rows",
        choices=("changed", "all"),
    ),
    Setting(
        "BIGNOISE_OLDER_RELEASE",
        "keep_current",
        "What a run whose as_of is older than the current release's does with its release "
        "(a backfill, a run --as-of a past date): keep_current lists it and leaves the newer "
        "one current; make_current makes it current",
        field="older_release",
        choices=("keep_current", "make_current"),
    ),
    Setting(
        "BIGNOISE_KEEP_RELEASES",
        5,
        "Releases kept under serving/releases, the current one included",
        field="keep_releases",
        unit="releases",
        ge=1,
    ),
    Setting(
        "BIGNOISE_MAX_QUARANTINE_SHARE",
        0.05,
        "Quarantine gate: largest share of the records read since the current release that may "
        "be quarantined before publishing stops",
        field="max_quarantine_share",
        unit=SHARE,
        ge=0,
        le=1,
    ),
    Setting(
        "BIGNOISE_MAX_FILE_QUARANTINE_SHARE",
        0.5,
        "Quarantine gate: largest share of one file's records that may be quarantined",
        field="max_file_quarantine_share",
        unit=SHARE,
        ge=0,
        le=1,
    ),
    Setting(
        "BIGNOISE_MAX_ROW_DROP_SHARE",
        0.5,
        "Row-count gate: largest share of rows a mart may lose against the current release",
        field="max_row_drop_share",
        unit=SHARE,
        ge=0,
        le=1,
    ),
    Setting(
        "BIGNOISE_MAX_DISTRIBUTION_SHIFT",
        0.2,
        "Warning above this Kolmogorov-Smirnov distance of a score from the current release's",
        field="max_distribution_shift",
        unit="KS distance",
        ge=0,
        le=1,
    ),
    Setting(
        "BIGNOISE_MAX_DATA_AGE_DAYS",
        7,
        "Warning when an entity's latest snapshot is older than this at as_of",
        field="max_data_age_days",
        unit="days",
        ge=0,
    ),
    # Read from the environment only, when assets/ingestion_asset.py builds the daily partitions:
    # Dagster needs them when it loads the definitions, before any resource exists.
    Setting(
        "BIGNOISE_FIRST_DUMP_DAY",
        "2024-01-01",
        "First day of the daily partitions a backfill selects (YYYY-MM-DD); older dump files still"
        " load in every run over all files",
        unit="day",
    ),
    # Read from the environment only, by orchestration/alerts.py: never a field, so a URL that
    # carries a token never shows in Dagster's run config.
    Setting(
        "BIGNOISE_ALERT_WEBHOOK",
        "",
        "URL that failure alerts are also POSTed to as JSON (orchestration/alerts.py)",
        unit="http(s) URL",
        empty_means="alerts are log lines only",
    ),
    # Read from the environment only, by orchestration/pseudonym.py: never a field, so the secret
    # never shows in Dagster's resource config.
    Setting(
        "BIGNOISE_PSEUDONYM_KEY",
        "",
        "Secret key of commenter_key (a keyed SHA-256); set one to share keys across warehouses",
        empty_means="the warehouse's own random key, generated once in work/pseudonym.key",
    ),
    # Read by dbt's profile only: the pipeline sets it to the run's working database; set it to
    # run dbt by hand (dbt_project/README.md). Its default is the default warehouse's.
    Setting(
        "BIGNOISE_WORK_DATABASE",
        str(_DEFAULT_WAREHOUSE / WORK_DATABASE_IN_WAREHOUSE),
        "The DuckDB file dbt's profile opens (set by the pipeline; for running dbt by hand)",
        unit="path",
    ),
)

SETTINGS_BY_ENV_VAR = {setting.env_var: setting for setting in SETTINGS}
SETTINGS_BY_FIELD = {setting.field: setting for setting in SETTINGS if setting.field}
# Environment variable -> its default, as text.
DEFAULTS = {setting.env_var: setting.default_text for setting in SETTINGS}


def env(name: str) -> str:
    """A declared setting's value: the environment variable when set and not empty, else the
    default (KeyError for an undeclared name)."""
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


def _declared(field: str) -> Any:
    """The pydantic Field of a declared setting: its default, bounds and description."""
    setting = SETTINGS_BY_FIELD[field]
    default = {} if setting.field_required else {"default": setting.default}
    return Field(**default, ge=setting.ge, le=setting.le, description=setting.summary)


class BignoiseSettings(dg.ConfigurableResource):
    """Paths and scoring parameters of one pipeline run. Each field is declared in `SETTINGS`
    (default, bounds, description); only its name and type are repeated here, so that code
    reading `settings.window_days` stays plain Python (tests/test_settings.py checks the two
    agree)."""

    dumps_dir: str = _declared("dumps_dir")
    warehouse_dir: str = _declared("warehouse_dir")
    as_of: str = _declared("as_of")
    window_days: int = _declared("window_days")
    window_posts: int = _declared("window_posts")
    min_post_age_hours: int = _declared("min_post_age_hours")
    duckdb_memory_limit: str = _declared("duckdb_memory_limit")
    duckdb_threads: int = _declared("duckdb_threads")
    max_line_bytes: int = _declared("max_line_bytes")
    max_quarantine_share: float = _declared("max_quarantine_share")
    max_file_quarantine_share: float = _declared("max_file_quarantine_share")
    max_row_drop_share: float = _declared("max_row_drop_share")
    max_distribution_shift: float = _declared("max_distribution_shift")
    max_data_age_days: int = _declared("max_data_age_days")
    keep_releases: int = _declared("keep_releases")
    rate_card_file: str = _declared("rate_card_file")
    niche_taxonomy_file: str = _declared("niche_taxonomy_file")
    niche_taxonomy_mode: Literal["extend", "replace"] = _declared("niche_taxonomy_mode")
    older_release: Literal["keep_current", "make_current"] = _declared("older_release")
    dbt_unit_tests: Literal["skip", "run"] = _declared("dbt_unit_tests")
    validate_rows: Literal["changed", "all"] = _declared("validate_rows")

    @field_validator("as_of")
    @classmethod
    def _as_of_in_utc(cls, value: str) -> str:
        # dbt casts as_of to a naive timestamp, which would silently drop an offset.
        return normalise_as_of(value)

    @classmethod
    def from_env(cls) -> BignoiseSettings:
        """Every field from its BIGNOISE_* variable, else its default. A variable of the wrong
        type names itself (ValueError); one out of bounds fails pydantic's validation."""
        return cls(**{field: setting.read() for field, setting in SETTINGS_BY_FIELD.items()})

    @property
    def dumps_path(self) -> Path:
        return Path(self.dumps_dir).expanduser().resolve()

    @property
    def warehouse_path(self) -> Path:
        return Path(self.warehouse_dir).expanduser().resolve()

    @property
    def work_database(self) -> Path:
        """The working database: raw tables, quarantine and every dbt model. Never served."""
        return self.warehouse_path / WORK_DATABASE_IN_WAREHOUSE

    @property
    def serving_dir(self) -> Path:
        return self.warehouse_path / "serving"

    @property
    def dbt_target_dir(self) -> Path:
        return self.warehouse_path / "work" / "dbt_target"
