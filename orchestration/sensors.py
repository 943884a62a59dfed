"""Start a run when new dump files land: one run per distinct set of files, never twice."""

import hashlib
from pathlib import Path

import dagster as dg

from assets.ingestion.contract import ENTITIES
from assets.ingestion.files import discover_files
from orchestration.jobs import bignoise_job
from orchestration.settings import BignoiseSettings


def dump_files_fingerprint(dumps_dir: Path) -> str | None:
    """A digest of every dump file's path, size and modification time; None with no files.
    Used as the run key, so the same file set never starts a second run."""
    entries = sorted(
        f"{dump_file.path}|{dump_file.path.stat().st_size}|{dump_file.path.stat().st_mtime_ns}"
        for entity in ENTITIES.values()
        for dump_file in discover_files(dumps_dir / entity.folder)
        if dump_file.format is not None
    )
    if not entries:
        return None
    return hashlib.sha256("\n".join(entries).encode()).hexdigest()[:32]


@dg.sensor(
    job=bignoise_job,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Starts bignoise_job when the set of files in the dumps folder changes.",
)
def new_dump_files_sensor(context: dg.SensorEvaluationContext, settings: BignoiseSettings):
    fingerprint = dump_files_fingerprint(settings.dumps_path)
    if fingerprint is None:
        return dg.SkipReason(f"no dump files under {settings.dumps_path}")
    return dg.RunRequest(run_key=f"dumps-{fingerprint}")
