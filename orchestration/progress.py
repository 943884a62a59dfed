"""Stage-by-stage progress on a terminal, as a Dagster logger the CLI switches on.

Prints each step as it starts ("step 3 of 25: ingest comments") and ends, the ingestion assets'
own messages (records and records/s), dbt model by model ("[12/55] intermediate/int_comments_flagged
3.1 s, about 14 s left") with the slowest named at the end, and every failed check; everything
else Dagster logs stays out of the way. The step and model totals come from the job, the dbt time
left from the warehouse's previous build (orchestration/dbt_eta.py), both through logger config.
"""

import logging
import sys
import time
from pathlib import Path

import dagster as dg

from orchestration.dbt_eta import completion_shares, seconds_left

SHOWN_EVENTS = {"STEP_START", "STEP_SUCCESS", "STEP_FAILURE", "ASSET_CHECK_EVALUATION"}
# Steps whose own log messages are progress worth showing (records read, records/s, paths).
TALKATIVE_STEP_PREFIXES = ("raw__", "serving__")
DBT_STEP = "bignoise_dbt_models"
SLOWEST_SHOWN = 3

# Check steps end with the check's name: what a person reads instead.
CHECK_LABELS = {
    "_great_expectations": "Great Expectations on {}",
    "_quarantine_gate": "quarantine gate on {}",
    "_new_quarantine_reasons": "new quarantine reasons in {} (warning)",
    "_distribution_shift": "score distribution of {} against the last release (warning)",
    "_freshness": "freshness of the data behind {} (warning)",
}


def step_label(step: str) -> str:
    """A step key as words: raw__comments -> 'ingest comments'."""
    if step == DBT_STEP:
        return "dbt: build the models and run their tests"
    if step == "serving__published_release":
        return "publish the release"
    for suffix, label in CHECK_LABELS.items():
        if step.endswith(suffix):
            return label.format(step.removesuffix(suffix).split("__", 1)[-1])
    if step.startswith("raw__user_"):
        return f"load your {step.removeprefix('raw__user_').replace('_', ' ')}"
    if step.startswith("raw__"):
        return f"ingest {step.removeprefix('raw__')}"
    return step


class ProgressHandler(logging.Handler):
    def __init__(
        self,
        stream=None,
        total_steps: int = 0,
        dbt_assets: int = 0,
        dbt_shares: dict[str, float] | None = None,
    ):
        # Dagster logs step starts and ends at DEBUG: take everything, show only what matters.
        super().__init__(level=logging.DEBUG)
        self.stream = stream or sys.stderr
        self.total_steps, self.dbt_assets = total_steps, dbt_assets
        self.dbt_shares = dbt_shares or {}
        self.started: dict[str, float] = {}
        self.materialized: dict[str, int] = {}
        self.dbt_durations: list[tuple[float, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        step = meta.get("step_key") or ""
        line = None
        if event is None:
            talkative = step.startswith(TALKATIVE_STEP_PREFIXES) and record.levelno >= logging.INFO
            if talkative and meta.get("orig_message"):
                line = f"    {meta['orig_message']}"
        elif event.event_type_value == "ASSET_MATERIALIZATION":
            self.materialized[step] = self.materialized.get(step, 0) + 1
            if step == DBT_STEP:
                line = self._dbt_model_line(event, self.materialized[step])
        elif event.event_type_value in SHOWN_EVENTS:
            line = self._event_line(event, step)
        if line:
            self.stream.write(line + "\n")
            self.stream.flush()

    def _event_line(self, event, step: str) -> str | None:
        kind = event.event_type_value
        if kind == "STEP_START":
            self.started[step] = time.perf_counter()
            of = f" of {self.total_steps}" if self.total_steps else ""
            return f"==> step {len(self.started)}{of}: {step_label(step)}"
        elapsed = time.perf_counter() - self.started.get(step, time.perf_counter())
        if kind == "STEP_SUCCESS":
            assets = self.materialized.get(step, 0)
            built = f", {assets} assets materialized" if assets > 1 else ""
            slowest = ""
            if step == DBT_STEP and self.dbt_durations:
                top = sorted(self.dbt_durations, reverse=True)[:SLOWEST_SHOWN]
                total = sum(sec for sec, _ in self.dbt_durations)
                slowest = f" (the models {total:.1f} s of it, the rest tests and dbt itself)"
                slowest += "; slowest: " + ", ".join(f"{name} {sec:.1f} s" for sec, name in top)
            return f"    done in {elapsed:.1f} s{built}{slowest}"
        if kind == "STEP_FAILURE":
            return f"    FAILED after {elapsed:.1f} s: {event.message or ''}".rstrip()
        evaluation = event.event_specific_data
        if step == DBT_STEP:
            return None  # dbt's tests: about two hundred; a failure fails the step, which says so
        if not evaluation.passed:
            key = "/".join(evaluation.asset_key.path)
            is_warning = evaluation.severity == dg.AssetCheckSeverity.WARN
            kind = "warning" if is_warning else "check failed"
            why = f": {evaluation.description}" if evaluation.description else ""
            return f"    {kind}: {key} {evaluation.check_name}{why}"
        return None

    def _dbt_model_line(self, event, done: int) -> str:
        materialization = event.event_specific_data.materialization
        name = "/".join(materialization.asset_key.path)
        duration = materialization.metadata.get("Execution Duration")
        seconds = float(duration.value) if duration is not None else None
        if seconds is not None:
            self.dbt_durations.append((seconds, name))
        of = f"/{self.dbt_assets}" if self.dbt_assets else ""
        took = f"  {seconds:.1f} s" if seconds is not None else ""
        elapsed = time.perf_counter() - self.started.get(DBT_STEP, time.perf_counter())
        left = seconds_left(self.dbt_shares, materialization.asset_key.path[-1], elapsed)
        eta = f", about {left:.0f} s left" if left is not None else ""
        return f"    [{done}{of}] {name}{took}{eta}"


@dg.logger(
    config_schema={
        "total_steps": dg.Field(int, default_value=0, description="Steps in the run (0: unknown)"),
        "dbt_assets": dg.Field(int, default_value=0, description="Models and seeds dbt builds"),
        "previous_dbt_results": dg.Field(
            str,
            default_value="",
            description="run_results.json of the warehouse's previous dbt build ('' for none):"
            " what the time left in the dbt step is estimated from",
        ),
    },
    description="Human-readable stage progress for terminals (used by `bignoise run`).",
)
def progress_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    progress = logging.Logger("bignoise_progress", level=logging.DEBUG)
    config = init_context.logger_config or {}
    previous = config.get("previous_dbt_results") or None
    progress.addHandler(
        ProgressHandler(
            total_steps=config.get("total_steps", 0),
            dbt_assets=config.get("dbt_assets", 0),
            dbt_shares=completion_shares(Path(previous) if previous else None),
        )
    )
    return progress


@dg.logger(description="Discards everything: the CLI prints its own summary when piped.")
def silent_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    silent = logging.Logger("bignoise_silent", level=logging.CRITICAL + 1)
    silent.addHandler(logging.NullHandler())
    return silent
