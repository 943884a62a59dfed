"""When dbt's incremental models may be extended, and when they must be rebuilt from scratch.

An incremental model (e.g. int_comment_text_readings, one reading per distinct comment text)
keeps what earlier runs computed and adds only what is new. That is right only while the code
that computed the kept rows is the code of this run. So every successful dbt build records a
digest of the dbt project (models, macros, seeds, tests, dbt_project.yml, profiles.yml) in the
warehouse; a run whose project digest differs from the recorded one, or finds none (a new
warehouse, a failed last build, `bignoise run --rebuild`), passes `--full-refresh`.
"""

from __future__ import annotations

from orchestration.run_inputs import dbt_project_files, files_digest
from orchestration.settings import DBT_PROJECT_DIR, BignoiseSettings

RECORD_NAME = "dbt_project_built.sha256"


def dbt_project_digest() -> str:
    return files_digest(dbt_project_files(DBT_PROJECT_DIR))


def _record(settings: BignoiseSettings):
    return settings.warehouse_path / "work" / RECORD_NAME


def full_refresh_needed(settings: BignoiseSettings) -> bool:
    record = _record(settings)
    return not record.is_file() or record.read_text().strip() != dbt_project_digest()


def remember_built_project(settings: BignoiseSettings) -> None:
    """After a successful build: the incremental models now hold this project's results."""
    record = _record(settings)
    record.parent.mkdir(parents=True, exist_ok=True)
    temporary = record.with_suffix(".tmp")
    temporary.write_text(dbt_project_digest() + "\n")
    temporary.replace(record)


def forget_built_project(settings: BignoiseSettings) -> None:
    """The next build rebuilds every incremental model from scratch."""
    _record(settings).unlink(missing_ok=True)
