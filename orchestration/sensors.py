"""Start a run when new dump files land: one run per distinct set of files, never twice; and
alert when a run of the job fails."""

import hashlib
from pathlib import Path

import dagster as dg

from assets.ingestion.contract import ENTITIES
from assets.ingestion.files import entity_files
from assets.ingestion.native_shapes import NATIVE_ENTITIES
from orchestration.alerts import send_alert
from orchestration.jobs import bignoise_job
from orchestration.settings import BignoiseSettings


def dump_files_fingerprint(dumps_dir: Path) -> str | None:
    """A digest of every dump file's path, size and modification time; None with no files.
    Used as the run key, so the same file set never starts a second run."""
    entries = sorted(
        {
            f"{dump_file.path}|{dump_file.path.stat().st_size}|{dump_file.path.stat().st_mtime_ns}"
            for entity in (*ENTITIES.values(), *NATIVE_ENTITIES.values())
            for dump_file in entity_files(dumps_dir, entity)
            if dump_file.format is not None
        }
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


@dg.run_failure_sensor(
    name="bignoise_run_failure_alert_sensor",
    monitored_jobs=[bignoise_job],
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Alerts (a log line, and BIGNOISE_ALERT_WEBHOOK if set) when a bignoise_job run "
    "fails.",
)
def bignoise_run_failure_alert_sensor(context: dg.RunFailureSensorContext) -> None:
    """One alert per failed run, with the steps that failed.

    On by default, unlike new_dump_files_sensor: it starts no runs and only reports, so an alert
    sensor someone has to remember to switch on would mostly stay silent when it matters. It needs
    the daemon (`dagster dev` runs one); `bignoise run` executes in process without one and relies
    on the job's step-failure hook (orchestration/jobs.py) instead."""
    run = context.dagster_run
    try:
        failed_steps = sorted({e.step_key for e in context.get_step_failure_events() if e.step_key})
    except Exception:  # the step list is a nicety; the alert goes out without it
        failed_steps = []
    message = context.failure_event.message or "the run failed"
    send_alert(
        "run_failure",
        message,
        run_id=run.run_id,
        job_name=run.job_name,
        details={"failed_steps": failed_steps, "error": message},
        log=context.log,
    )
