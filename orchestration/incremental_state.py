"""When dbt's incremental models may be extended, and when they must be rebuilt from scratch.

An incremental model (stg_post_hashtags, int_comment_text_readings, int_comment_snapshots,
int_comments_latest_loaded, int_comments_behaviour_signals) keeps what earlier builds computed and
adds or updates only what is new. That is right only while the code and the pseudonym key that
computed the kept rows are this build's, and only when the last build finished: a build that fails
part-way leaves some incremental models advanced and others not (int_comments_latest_loaded reranks
only the comments the current build added snapshots of). So the record is removed before every
build and written again after a successful one: a digest of the dbt project (models, macros,
seeds, tests, dbt_project.yml, profiles.yml) and of the pseudonym key. A build whose digest
differs from the recorded one, or finds none (a new warehouse, a failed last build, `bignoise run
--rebuild`, `bignoise unload`, a `bignoise dbt` command that may write models), passes
`--full-refresh`. So every row an incremental model holds was written by the latest build or passed
the tests of the build that wrote it: the key tests check only the rows the latest build wrote
(dbt_project/tests/generic/test_key_and_not_null.sql, `written_by`).
"""

from __future__ import annotations

import hashlib

from orchestration.pseudonym import pseudonym_key
from orchestration.run_inputs import dbt_project_files, files_digest
from orchestration.settings import DBT_PROJECT_DIR, BignoiseSettings

RECORD_NAME = "dbt_project_built.sha256"


def build_digest(settings: BignoiseSettings) -> str:
    """The dbt project's files and the warehouse's pseudonym key (its digest, never the key)."""
    key, _ = pseudonym_key(settings.warehouse_path)
    digest = hashlib.sha256(files_digest(dbt_project_files(DBT_PROJECT_DIR)).encode())
    digest.update(hashlib.sha256(key.encode()).digest())
    return digest.hexdigest()


def _record(settings: BignoiseSettings):
    return settings.warehouse_path / "work" / RECORD_NAME


def full_refresh_needed(settings: BignoiseSettings) -> bool:
    record = _record(settings)
    return not record.is_file() or record.read_text().strip() != build_digest(settings)


def remember_built_project(settings: BignoiseSettings) -> None:
    """After a successful build: the incremental models now hold this project's results."""
    record = _record(settings)
    record.parent.mkdir(parents=True, exist_ok=True)
    temporary = record.with_suffix(".tmp")
    temporary.write_text(build_digest(settings) + "\n")
    temporary.replace(record)


def forget_built_project(settings: BignoiseSettings) -> None:
    """The next build rebuilds every incremental model from scratch."""
    _record(settings).unlink(missing_ok=True)
