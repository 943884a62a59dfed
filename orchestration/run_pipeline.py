"""Running the Dagster job in-process and summarising what it did (used by `bignoise run`)."""

from __future__ import annotations

import contextlib
from dataclasses import asdict, dataclass, field

import dagster as dg
from filelock import FileLock, Timeout

from assets.ingestion.contract import ENTITIES
from assets.ingestion.dump_days import DayRange
from assets.ingestion.native_shapes import NATIVE_ENTITIES
from orchestration.dbt_eta import latest_run_results
from orchestration.dbt_parse_ahead import parsing_ahead
from orchestration.incremental_state import forget_built_project
from orchestration.publish import DATABASE_NAME, PARQUET_DIR, current_manifest
from orchestration.run_inputs import inputs_digest, recorded_release, remember
from orchestration.settings import BignoiseSettings

ENTITY_NAMES = {*ENTITIES, *NATIVE_ENTITIES}


@dataclass
class RunSummary:
    run_id: str
    success: bool
    as_of: str | None
    log_file: str | None = None
    published_database: str | None = None
    published_parquet_dir: str | None = None
    rows_per_table: dict[str, int] = field(default_factory=dict)
    records_read: int = 0
    records_loaded: int = 0
    records_quarantined: int = 0
    quarantine_reasons: dict[str, int] = field(default_factory=dict)
    checks_passed: int = 0
    checks_failed: list[str] = field(default_factory=list)
    # Warnings (recorded, not blocking): distribution shift, freshness, new quarantine reasons.
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    release_id: str | None = None
    # False: the release is older (as_of) than the current one and was published beside it.
    release_is_current: bool | None = None
    # True: the current release was built from exactly these files, settings and code; no run.
    nothing_new: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def settings_run_config(
    settings: BignoiseSettings, show_progress: bool, total_steps: int = 0, dbt_assets: int = 0
) -> dict:
    if show_progress:
        previous = latest_run_results(settings.dbt_target_dir)  # read before this run's dbt
        progress = {
            "total_steps": total_steps,
            "dbt_assets": dbt_assets,
            "previous_dbt_results": str(previous) if previous else "",
        }
        loggers = {"progress_logger": {"config": progress}}
    else:
        loggers = {"silent_logger": {"config": {}}}
    return {"resources": {"settings": {"config": settings.model_dump()}}, "loggers": loggers}


def run_job(
    settings: BignoiseSettings,
    show_progress: bool,
    rebuild: bool = False,
    days: DayRange | None = None,
) -> RunSummary:
    """Run the job over the settings' warehouse, one run at a time: a second run while one holds
    the warehouse's lock ends at once with a failed summary saying so (nothing touched). With
    `days`, a backfill: the run is the job's partition range, and loads only those days' files."""
    lock_path = settings.warehouse_path / "work" / "run.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(lock_path)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return RunSummary(
            run_id="",
            success=False,
            as_of=settings.as_of or None,
            errors=[
                f"warehouse {settings.warehouse_path} is in use by another run (lock {lock_path}):"
                " nothing was done; run again when it has finished"
            ],
        )
    try:
        digest = inputs_digest(settings, days)
        unchanged = None if rebuild else _unchanged_release(settings, digest)
        if unchanged is not None:
            return unchanged
        if rebuild:
            forget_built_project(settings)  # a rebuild also recomputes dbt's incremental models
        current_before = _current_release_id(settings)
        try:
            with parsing_ahead(settings):
                summary = _run_locked(settings, show_progress, days)
        except KeyboardInterrupt:
            # Stopped outside the Dagster run (before it started, e.g. while dbt parses ahead, or
            # while its result is read): Dagster answers an interrupt within the run itself.
            return _interrupted(settings, current_before)
        if summary.success and summary.release_is_current:
            remember(settings, digest, summary.release_id)
        return summary
    finally:
        lock.release()


INTERRUPTED = "the run was stopped before it finished (interrupted)"


def _current_release_id(settings: BignoiseSettings) -> str | None:
    current = current_manifest(settings.serving_dir)
    return current["release_id"] if current else None


def _interrupted(settings: BignoiseSettings, current_before: str | None) -> RunSummary:
    current_now = _current_release_id(settings)
    published = (
        f"; release {current_now} had been published" if current_now != current_before else ""
    )
    return RunSummary(
        run_id="",
        success=False,
        as_of=settings.as_of or None,
        errors=[INTERRUPTED + (published or ": nothing was published")],
    )


def _unchanged_release(settings: BignoiseSettings, digest: str) -> RunSummary | None:
    """The summary of doing nothing, when the current release was published from exactly these
    inputs (orchestration/run_inputs.py); None when there is anything to do."""
    release_id = recorded_release(settings, digest)
    current = current_manifest(settings.serving_dir)
    if release_id is None or current is None or current["release_id"] != release_id:
        return None
    return RunSummary(
        run_id="",
        success=True,
        as_of=current["as_of"],
        published_database=str(settings.serving_dir / DATABASE_NAME),
        published_parquet_dir=str(settings.serving_dir / PARQUET_DIR),
        rows_per_table=current["row_counts"],
        release_id=release_id,
        release_is_current=True,
        nothing_new=True,
    )


def _run_locked(
    settings: BignoiseSettings, show_progress: bool, days: DayRange | None
) -> RunSummary:
    from orchestration.dbt import bignoise_dbt_models
    from orchestration.definitions import defs  # imported late: it loads the dbt manifest

    job = defs.resolve_job_def("bignoise_job")
    log_file = settings.warehouse_path / "work" / "logs" / "last_run.log"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    # dagster-dbt echoes dbt's output on stdout: keep it in a log file, so stdout stays ours.
    with (
        dg.DagsterInstance.ephemeral() as instance,
        log_file.open("w") as log,
        contextlib.redirect_stdout(log),
    ):
        result = job.execute_in_process(
            run_config=settings_run_config(
                settings,
                show_progress,
                total_steps=len(job.graph.nodes),  # one step per op: no dynamic steps
                dbt_assets=len(bignoise_dbt_models.keys),
            ),
            instance=instance,
            raise_on_error=False,
            tags=_partition_range_tags(days),
        )
    summary = RunSummary(
        run_id=result.run_id,
        success=result.success,
        as_of=settings.as_of or None,
        log_file=str(log_file),
    )
    for evaluation in result.get_asset_check_evaluations():
        key = "/".join(evaluation.asset_key.path)
        if evaluation.passed:
            summary.checks_passed += 1
        elif evaluation.severity == dg.AssetCheckSeverity.WARN:
            summary.warnings.append(f"{key}:{evaluation.check_name}: {evaluation.description}")
        else:
            summary.checks_failed.append(f"{key}:{evaluation.check_name}")
            if evaluation.description:  # the gates say why in plain words
                summary.errors.append(f"{key}:{evaluation.check_name}: {evaluation.description}")
    for failure in result.get_step_failure_events():
        if _is_check_failure(failure.step_failure_data.error):
            continue  # a blocking check failed: already said above, with its reason
        summary.errors.append(f"{failure.step_key}: {_explain(failure.step_failure_data.error)}")
    run_failure = result.get_run_failure_event() if not result.success else None
    if run_failure is not None and not summary.errors:
        # A failure outside any step, e.g. a resource whose settings are invalid.
        summary.errors.append(run_failure.message or "the run failed")
    _add_reported_metadata(summary, result)
    summary.success = result.success and not summary.checks_failed
    return summary


def _partition_range_tags(days: DayRange | None) -> dict[str, str]:
    """The tags Dagster gives a single-run backfill of a range of daily partitions."""
    if days is None:
        return {}
    return {
        "dagster/asset_partition_range_start": days.first.isoformat(),
        "dagster/asset_partition_range_end": days.last.isoformat(),
    }


def _add_reported_metadata(summary: RunSummary, result) -> None:
    """Ingestion counts and the release, as the run's own assets reported them (their
    materialization metadata), rather than read back from the databases."""
    for event in result.all_events:
        if not event.is_step_materialization:
            continue
        materialization = event.event_specific_data.materialization
        path = materialization.asset_key.path
        metadata = {name: value.value for name, value in materialization.metadata.items()}
        if path[0] == "raw" and path[1] in ENTITY_NAMES:
            summary.records_read += metadata.get("records_read", 0)
            summary.records_loaded += metadata.get("records_loaded", 0)
            summary.records_quarantined += metadata.get("records_quarantined", 0)
            for code, count in (metadata.get("quarantine_reasons") or {}).items():
                summary.quarantine_reasons[code] = summary.quarantine_reasons.get(code, 0) + count
        elif path == ["serving", "published_release"]:
            summary.published_database = metadata["database"]
            summary.published_parquet_dir = metadata["parquet_dir"]
            summary.rows_per_table = dict(metadata["row_counts"])
            summary.as_of = metadata.get("as_of") or summary.as_of
            summary.release_id = metadata["release_id"]
            summary.release_is_current = metadata.get("is_current", True)
    summary.quarantine_reasons = dict(
        sorted(summary.quarantine_reasons.items(), key=lambda item: (-item[1], item[0]))
    )


# Our own errors say what went wrong in the user's terms (naming the file): prefer them to
# Dagster's wrappers and to the library errors they wrap.
OWN_ERRORS = ("UnreadableFileError", "DumpsFolderError", "ReferenceFileError", "GateError")


def _is_check_failure(error) -> bool:
    while error is not None:
        if error.cls_name == "DagsterAssetCheckFailedError":
            return True
        error = error.cause
    return False


def _explain(error) -> str:
    chain = []
    while error is not None:
        chain.append(error)
        error = error.cause
    if not chain:
        return "unknown error"
    if any(e.cls_name == "DagsterExecutionInterruptedError" for e in chain):
        return f"{INTERRUPTED}: nothing was published"
    chosen = next((e for e in chain if e.cls_name in OWN_ERRORS), chain[-1])
    lines = chosen.message.strip().splitlines()
    return lines[0] if lines else chosen.cls_name or "unknown error"
