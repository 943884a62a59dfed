"""The one job: ingest, build and test the models, check and publish everything."""

import dagster as dg

from orchestration.alerts import send_alert

# Raised by Dagster when a blocking asset check fails; not exported by `dagster`, so matched by
# name (as orchestration/run_pipeline.py does) rather than imported from a private module.
CHECK_FAILED_ERROR = "DagsterAssetCheckFailedError"


@dg.failure_hook(name="alert_on_step_failure")
def alert_on_step_failure(context: dg.HookContext) -> None:
    """Alert on every failed step of the run. A blocking asset check that fails fails its step,
    so this is also how a failed check alerts; and unlike the run-failure sensor, it needs no
    daemon, so `bignoise run` (which executes in process) alerts too."""
    error = context.op_exception
    error_text = str(error) if error is not None else "no exception was captured"
    if type(error).__name__ == CHECK_FAILED_ERROR:
        kind, what = "check_failure", "check failed"
        reasons = _failed_check_reasons(context)
        summary = f"check failed in step {context.step_key}: {'; '.join(reasons) or error_text}"
    else:
        kind, what = "step_failure", "step failed"
        summary = f"step {context.step_key} failed: {error_text}"
    send_alert(
        kind,
        summary,
        run_id=context.run_id,
        job_name=context.job_name,
        details={
            "step_key": context.step_key,
            "what": what,
            "error_type": type(error).__name__ if error is not None else None,
            "error": error_text,
        },
        log=context.log,
    )


def _failed_check_reasons(context: dg.HookContext) -> list[str]:
    """'asset:check: description' for each blocking check of this step that failed (the ones that
    failed the step, exactly as Dagster decides it in execute_step.py), read back from the
    run's events; the gates describe their failures in plain words. Empty if that lookup fails:
    the alert then falls back to Dagster's own message, which names the checks."""
    try:
        records = context.instance.get_records_for_run(
            run_id=context.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
        ).records
        evaluations = [
            record.event_log_entry.dagster_event.event_specific_data
            for record in records
            if record.event_log_entry.step_key == context.step_key
        ]
        return [
            f"{e.asset_key.to_user_string()}:{e.check_name}"
            + (f": {e.description}" if e.description else "")
            for e in evaluations
            if not e.passed and e.blocking and e.severity == dg.AssetCheckSeverity.ERROR
        ]
    except Exception:  # never let a lookup keep the alert from going out
        return []


bignoise_job = dg.define_asset_job(
    name="bignoise_job",
    selection=dg.AssetSelection.all(),
    description="Ingest the dumps, build and test the dbt models, run the Great Expectations "
    "checks and publish the marts.",
    hooks={alert_on_step_failure},
)
