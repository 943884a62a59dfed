"""Stage-by-stage progress on a terminal, as a Dagster logger the CLI switches on.

Prints each step as it starts and ends, the ingestion assets' own messages (records and
records/s), and every failed check; everything else Dagster logs stays out of the way.
"""

import logging
import sys
import time

import dagster as dg

SHOWN_EVENTS = {"STEP_START", "STEP_SUCCESS", "STEP_FAILURE", "ASSET_CHECK_EVALUATION"}
# Steps whose own log messages are progress worth showing (records read, records/s, paths).
TALKATIVE_STEP_PREFIXES = ("raw__", "serving__")


class ProgressHandler(logging.Handler):
    def __init__(self, stream=None):
        # Dagster logs step starts and ends at DEBUG: take everything, show only what matters.
        super().__init__(level=logging.DEBUG)
        self.stream = stream or sys.stderr
        self.started: dict[str, float] = {}
        self.materialized: dict[str, int] = {}

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
        elif event.event_type_value in SHOWN_EVENTS:
            line = self._event_line(event, step)
        if line:
            self.stream.write(line + "\n")
            self.stream.flush()

    def _event_line(self, event, step: str) -> str | None:
        kind = event.event_type_value
        if kind == "STEP_START":
            self.started[step] = time.perf_counter()
            return f"==> {step}"
        elapsed = time.perf_counter() - self.started.get(step, time.perf_counter())
        if kind == "STEP_SUCCESS":
            assets = self.materialized.get(step, 0)
            built = f", {assets} assets materialized" if assets > 1 else ""
            return f"    done in {elapsed:.1f} s{built}"
        if kind == "STEP_FAILURE":
            return f"    FAILED after {elapsed:.1f} s: {event.message or ''}".rstrip()
        evaluation = event.event_specific_data
        if not evaluation.passed:
            key = "/".join(evaluation.asset_key.path)
            return f"    check failed: {key} {evaluation.check_name}"
        return None


@dg.logger(description="Human-readable stage progress for terminals (used by `bignoise run`).")
def progress_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    progress = logging.Logger("bignoise_progress", level=logging.DEBUG)
    progress.addHandler(ProgressHandler())
    return progress


@dg.logger(description="Discards everything: the CLI prints its own summary when piped.")
def silent_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    silent = logging.Logger("bignoise_silent", level=logging.CRITICAL + 1)
    silent.addHandler(logging.NullHandler())
    return silent
