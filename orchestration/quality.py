"""Running a Great Expectations suite on a small DataFrame (a mart, or a fact table's sample).

Great Expectations 1.x has no DuckDB data source that works here (see shared STACK_NOTES), so the
table is read into pandas and validated there: creator-level marts are small by construction.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pandas as pd

from orchestration.expectations import SUITES


@dataclass(frozen=True)
class ExpectationOutcome:
    expectation: str
    column: str
    success: bool
    unexpected_count: int | None
    unexpected_sample: list


def validate_table(table: str, frame: pd.DataFrame) -> list[ExpectationOutcome]:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx  # imported here: it costs seconds
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batch_definition = (
        context.data_sources.add_pandas(f"bignoise_{table}")
        .add_dataframe_asset(table)
        .add_batch_definition_whole_dataframe("whole_table")
    )
    suite = gx.ExpectationSuite(
        name=f"{table}_served",
        expectations=[getattr(gx.expectations, name)(**kwargs) for name, kwargs in SUITES[table]],
    )
    result = batch_definition.get_batch(batch_parameters={"dataframe": frame}).validate(suite)
    return [
        ExpectationOutcome(
            expectation=item.expectation_config.type,
            column=str(
                item.expectation_config.kwargs.get("column")
                or item.expectation_config.kwargs.get("column_list")
                or f"{item.expectation_config.kwargs.get('column_A')}"
                f" >= {item.expectation_config.kwargs.get('column_B')}"
            ),
            success=bool(item.success),
            unexpected_count=item.result.get("unexpected_count"),
            unexpected_sample=list(item.result.get("partial_unexpected_list") or [])[:5],
        )
        for item in result.results
    ]
