"""Blocking Great Expectations checks on every mart that gets published.

A failed check stops the run before the publish step, so BI readers keep the last good release.
"""

import dagster as dg

from orchestration.expectations import SAMPLE_ROWS, SERVED_MARTS
from orchestration.quality import validate_table
from orchestration.quality_log import record_results
from orchestration.settings import BignoiseSettings
from orchestration.warehouse import working_connection


def mart_asset_key(table: str) -> dg.AssetKey:
    return dg.AssetKey(["marts", table])


def _read_for_validation(settings: BignoiseSettings, table: str):
    with working_connection(settings) as connection:
        return connection.execute(
            f"select * from marts.{table} using sample reservoir({SAMPLE_ROWS} rows) repeatable (7)"
        ).df()


def build_expectations_check(table: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=mart_asset_key(table),
        name="great_expectations",
        blocking=True,
        description=f"Great Expectations suite for the served table {table}: keys unique and "
        "present, scores and rates in range, categories from their documented sets.",
    )
    def expectations_check(context, settings: BignoiseSettings) -> dg.AssetCheckResult:
        frame = _read_for_validation(settings, table)
        outcomes = validate_table(table, frame)
        failed = [o for o in outcomes if not o.success]
        with working_connection(settings) as connection:
            record_results(
                connection,
                context.run.run_id,
                [
                    (
                        f"{o.expectation}({o.column})",
                        table,
                        "great_expectations",
                        "blocking",
                        o.success,
                        str(o.unexpected_count),
                        "" if o.success else f"e.g. {o.unexpected_sample}",
                    )
                    for o in outcomes
                ],
            )
        return dg.AssetCheckResult(
            passed=not failed,
            metadata={
                "rows_validated": len(frame),
                "expectations": len(outcomes),
                "failed": [
                    f"{o.expectation}({o.column}): {o.unexpected_count} unexpected, "
                    f"e.g. {o.unexpected_sample}"
                    for o in failed
                ],
            },
        )

    expectations_check.__name__ = f"{table}_great_expectations"
    return expectations_check


mart_expectation_checks = [build_expectations_check(table) for table in SERVED_MARTS]
