"""Blocking Great Expectations checks on every served table, every row.

Every row is checked, though not every run: a row the current release holds unchanged passed the
same suite when that release was published (its manifest records each suite's digest), so with
`BIGNOISE_VALIDATE_ROWS=changed` (the default) a row-local suite runs on the rows that differ
from the current release only (orchestration/quality.py); `all` validates every row every run.

Each mart gets an `@asset_check` that validates the working table before the publish step (a
failure stops the run, so BI readers keep the last good release); the served log tables are
validated on the staged release, before it becomes visible (`validate_log_tables`). The rules are
in orchestration/expectations.py; what each run found is in quality_results, in the check's
metadata (observed values, a sample of failing rows) and in the JSON validation results under
<warehouse>/quality/great_expectations/<run id>/.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.dbt_project import bignoise_dbt_project
from orchestration.expectations import LOG_SUITES, SERVED_MARTS, SUITES
from orchestration.publish import CURRENT, PARQUET_DIR, current_manifest, file_sha256
from orchestration.quality import TableValidation, validate_relation
from orchestration.quality_log import record_results
from orchestration.settings import BignoiseSettings
from orchestration.warehouse import working_connection


def mart_asset_key(table: str) -> dg.AssetKey:
    return dg.AssetKey(["marts", table])


@cache
def documented_mart_columns() -> dict[str, list[str]]:
    """Each served mart's documented columns, from the dbt docs (the parsed manifest)."""
    manifest = json.loads(Path(bignoise_dbt_project.manifest_path).read_text())
    return {
        node["name"]: list(node["columns"])
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["name"] in SERVED_MARTS
    }


def results_dir(settings: BignoiseSettings, run_id: str) -> Path:
    return settings.warehouse_path / "quality" / "great_expectations" / run_id


def validated_in_current_release(settings: BignoiseSettings, table: str) -> tuple[str, str] | None:
    """(relation, label) of the current release's copy of `table`, when that release passed the
    table's suite as it is now (same digest), its Parquet file is still the one it published (same
    SHA-256 as in its manifest), and the settings let unchanged rows be skipped."""
    if settings.validate_rows != "changed":
        return None
    manifest = current_manifest(settings.serving_dir)
    if manifest is None:
        return None
    if manifest.get("validated_suites", {}).get(table) != SUITES[table].digest:
        return None
    parquet = (settings.serving_dir / CURRENT / PARQUET_DIR / f"{table}.parquet").resolve()
    published = manifest.get("files", {}).get(f"{PARQUET_DIR}/{table}.parquet", {})
    if not parquet.is_file() or file_sha256(parquet) != published.get("sha256"):
        return None
    path = "'" + str(parquet).replace("'", "''") + "'"
    return f"read_parquet({path})", f"release {manifest['release_id']}"


def validated_suites() -> dict[str, str]:
    """The digests of the mart suites a release passed: written into its manifest by the publish
    step, which runs only after every blocking check passed."""
    return {table: SUITES[table].digest for table in SERVED_MARTS}


def result_rows(validation: TableValidation, table: str) -> list[tuple]:
    """quality_results rows of one table's validation."""
    return [
        (
            outcome.name,
            table,
            "great_expectations",
            "blocking",
            outcome.success,
            outcome.observed,
            "" if outcome.success else f"{outcome.why}; failing rows e.g. {outcome.failing_rows}",
        )
        for outcome in validation.outcomes
    ]


def check_metadata(validation: TableValidation) -> dict:
    metadata = {
        "rows_validated": validation.rows,
        "rows_unchanged_since_release": validation.rows_unchanged,
        "expectations": len(validation.outcomes),
        "observed": {o.name: o.observed for o in validation.outcomes},
        "failed": [f"{o.name}: {o.observed} ({o.why})" for o in validation.failed],
        "failing_rows_sample": dg.MetadataValue.json(
            {o.name: o.failing_rows for o in validation.failed}
        ),
    }
    if validation.results_file is not None:
        metadata["validation_results"] = dg.MetadataValue.path(str(validation.results_file))
    return metadata


def build_expectations_check(table: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=mart_asset_key(table),
        name="great_expectations",
        blocking=True,
        description=f"Great Expectations on every row of {table}: exactly the documented "
        "columns, and the cross-column rules dbt tests do not cover "
        "(orchestration/expectations.py). Rows the current release holds unchanged passed the "
        "same rules then and are not validated again (BIGNOISE_VALIDATE_ROWS).",
    )
    def expectations_check(context, settings: BignoiseSettings) -> dg.AssetCheckResult:
        with working_connection(settings) as connection:
            validation = validate_relation(
                connection,
                f"marts.{table}",
                table,
                SUITES[table],
                documented_mart_columns().get(table, []),
                results_dir(settings, context.run.run_id),
                validated_before=validated_in_current_release(settings, table),
            )
            record_results(connection, context.run.run_id, result_rows(validation, table))
        return dg.AssetCheckResult(
            passed=not validation.failed,
            description="; ".join(f"{o.name}: {o.observed}" for o in validation.failed) or None,
            metadata=check_metadata(validation),
        )

    expectations_check.__name__ = f"{table}_great_expectations"
    return expectations_check


mart_expectation_checks = [build_expectations_check(table) for table in SERVED_MARTS]


def validate_log_tables(
    release_database: Path, documented: dict[str, list[str]], results: Path | None
) -> list[tuple[str, TableValidation]]:
    """Validate the served log tables of a staged release (read-only)."""
    with duckdb.connect(str(release_database), read_only=True) as connection:
        return [
            (
                table,
                validate_relation(
                    connection, f'main."{table}"', table, suite, documented[table], results
                ),
            )
            for table, suite in LOG_SUITES.items()
        ]
