"""The terminal progress of `bignoise run`: steps named for people, counted, dbt model by model."""

from __future__ import annotations

import io
import logging
import time
from types import SimpleNamespace

import dagster as dg

from orchestration.progress import DBT_STEP, ProgressHandler, step_label


def test_steps_are_named_for_people():
    assert step_label("raw__comments") == "ingest comments"
    assert step_label("raw__user_rate_card") == "load your rate card"
    assert step_label(DBT_STEP) == "dbt: build the models and run their tests"
    assert step_label("serving__published_release") == "publish the release"
    assert step_label("marts__fct_posts_great_expectations") == "Great Expectations on fct_posts"
    assert step_label("raw__posts_quarantine_gate") == "quarantine gate on posts"
    assert step_label("marts__dim_creators_freshness") == (
        "freshness of the data behind dim_creators (warning)"
    )


def run_with_progress(total_steps: int, dbt_assets: int) -> str:
    """A two-step job shaped like ours (a dbt-like multi-asset, then a warning check), run with
    the progress handler writing to a string."""

    @dg.multi_asset(
        name=DBT_STEP,
        specs=[dg.AssetSpec(["staging", "stg_a"]), dg.AssetSpec(["marts", "mart_b"])],
    )
    def models():
        yield dg.MaterializeResult(
            asset_key=["staging", "stg_a"], metadata={"Execution Duration": 0.25}
        )
        yield dg.MaterializeResult(
            asset_key=["marts", "mart_b"], metadata={"Execution Duration": 2.5}
        )

    @dg.asset_check(asset=dg.AssetKey(["marts", "mart_b"]), name="freshness")
    def stale():
        return dg.AssetCheckResult(
            passed=False, severity=dg.AssetCheckSeverity.WARN, description="posts are stale"
        )

    stream = io.StringIO()

    @dg.logger
    def to_string(init_context):
        progress = logging.Logger("test_progress", level=logging.DEBUG)
        progress.addHandler(ProgressHandler(stream, total_steps, dbt_assets))
        return progress

    definitions = dg.Definitions(
        assets=[models],
        asset_checks=[stale],
        jobs=[dg.define_asset_job("progress_job")],
        loggers={"to_string": to_string},
    )
    result = definitions.resolve_job_def("progress_job").execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), run_config={"loggers": {"to_string": {}}}
    )
    assert result.success
    return stream.getvalue()


def test_dbt_models_are_counted_timed_and_the_slowest_named():
    text = run_with_progress(total_steps=2, dbt_assets=2)
    lines = text.splitlines()
    assert lines[0] == f"==> step 1 of 2: {step_label(DBT_STEP)}"
    assert "    [1/2] staging/stg_a  0.2 s" in lines  # 0.25 rounds to even
    assert "    [2/2] marts/mart_b  2.5 s" in lines
    done = next(line for line in lines if line.startswith("    done in"))
    assert "2 assets materialized (the models 2.8 s of it" in done
    assert done.endswith("slowest: marts/mart_b 2.5 s, staging/stg_a 0.2 s")
    assert "==> step 2 of 2: freshness of the data behind mart_b (warning)" in lines
    assert "    warning: marts/mart_b freshness: posts are stale" in lines


def test_ingestion_progress_counts_records_and_estimates_the_time_left_from_bytes():
    from assets.ingestion.progress import IngestProgress

    said = []
    progress = IngestProgress("comments", say=said.append, every_seconds=0)
    progress.start(files_total=4, bytes_total=400)
    progress.started -= 10  # as if reading began 10 s ago
    progress.file_read(size_bytes=100, records=5_000)
    # 100 of 400 bytes in 10 s: 30 s left for the other 300.
    assert said[-1] == (
        "comments: 1 of 4 files, 5,000 records read (500 records/s), about 30 s left to read"
    )
    # A file skipped as already loaded is not read: its bytes leave the estimate (200 left).
    progress.file_read(size_bytes=100, records=0, skipped=True)
    assert said[-1] == (
        "comments: 2 of 4 files (1 already loaded, skipped), 5,000 records read"
        " (500 records/s), about 20 s left to read"
    )
    progress.every_seconds = 3600  # throttled: nothing more until the last file
    progress.file_read(size_bytes=100, records=1)
    assert len(said) == 2
    progress.file_read(size_bytes=100, records=2)
    assert said[-1].startswith("comments: 4 of 4 files (1 already loaded, skipped), 5,003 records")
    assert "left" not in said[-1]
    progress.validating()
    assert said[-1] == "comments: checking and loading 5,003 records"


def write_run_results(path, spans: dict[str, tuple[int, int]]) -> None:
    """A run_results.json whose nodes ran over the given (start, end) seconds of a minute."""
    import json

    def at(second: int) -> str:
        return f"2026-12-01T10:00:{second:02d}.000000Z"

    results = [
        {
            "unique_id": f"model.bignoise.{name}",
            "timing": [
                {"name": "compile", "started_at": at(start), "completed_at": at(start)},
                {"name": "execute", "started_at": at(start), "completed_at": at(end)},
            ],
        }
        for name, (start, end) in spans.items()
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"results": results}))


def test_the_time_left_in_dbt_scales_the_previous_build(tmp_path):
    from orchestration.dbt_eta import completion_shares, latest_run_results, seconds_left

    assert latest_run_results(tmp_path / "dbt_target") is None
    assert completion_shares(None) == {}
    results = tmp_path / "dbt_target" / "run-1" / "run_results.json"
    # The last build: 40 s; stg_a ended 2 s in, int_b 10 s in, mart_c at the end.
    write_run_results(results, {"stg_a": (0, 2), "int_b": (2, 10), "mart_c": (10, 40)})
    assert latest_run_results(tmp_path / "dbt_target") == results
    shares = completion_shares(results)
    assert shares == {"stg_a": 0.05, "int_b": 0.25, "mart_c": 1.0}
    # This build reached int_b after 20 s, twice the last one's pace: 80 s in all, 60 s left.
    assert seconds_left(shares, "int_b", elapsed=20.0) == 60.0
    assert seconds_left(shares, "mart_c", elapsed=70.0) == 0.0
    assert seconds_left(shares, "stg_a", elapsed=1.0) is None  # 5 % in: too early to say
    assert seconds_left(shares, "new_model", elapsed=5.0) is None  # not in the last build
    (tmp_path / "broken.json").write_text("{not json")
    assert completion_shares(tmp_path / "broken.json") == {}


def test_dbt_model_lines_say_the_time_left_when_a_previous_build_is_known():
    stream = io.StringIO()
    handler = ProgressHandler(stream, dbt_shares={"mart_b": 0.5})
    record = logging.LogRecord("x", logging.INFO, "", 0, "", None, None)

    materialization = dg.AssetMaterialization(
        asset_key=["marts", "mart_b"], metadata={"Execution Duration": 2.5}
    )
    # The parts of a Dagster event the handler reads.
    event = SimpleNamespace(
        event_type_value="ASSET_MATERIALIZATION",
        event_specific_data=SimpleNamespace(materialization=materialization),
    )

    handler.started[DBT_STEP] = time.perf_counter() - 10  # dbt began 10 s ago
    record.dagster_meta = {"dagster_event": event, "step_key": DBT_STEP}
    handler.emit(record)
    assert stream.getvalue() == "    [1] marts/mart_b  2.5 s, about 10 s left\n"
