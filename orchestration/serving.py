"""The publish asset: runs last, only when every mart and every blocking check upstream passed."""

from pathlib import Path

import dagster as dg

from assets.ingestion.contract import ENTITIES
from assets.ingestion.native_shapes import NATIVE_ENTITIES
from orchestration.checks import (
    mart_asset_key,
    result_rows,
    results_dir,
    validate_log_tables,
    validated_suites,
)
from orchestration.dbt_args import dbt_vars
from orchestration.expectations import SERVED_MARTS
from orchestration.gates import GateError, check_row_counts
from orchestration.publish import LOG_TABLE_COMMENTS, current_manifest, publish
from orchestration.quality_log import record_results
from orchestration.settings import BignoiseSettings
from orchestration.warehouse import working_connection


def audit_release(
    connection, settings: BignoiseSettings, run_id: str, row_counts: dict, staged: Path
) -> None:
    """What must hold before a staged release becomes visible: the row-count gate, and Great
    Expectations on the served log tables (no dbt test sees those). Raises GateError."""
    check_row_counts(
        row_counts,
        current_manifest(settings.serving_dir),
        SERVED_MARTS,
        settings.max_row_drop_share,
    )
    documented = {table: list(columns) for table, (_, columns) in LOG_TABLE_COMMENTS.items()}
    validations = validate_log_tables(staged, documented, results_dir(settings, run_id))
    failed = []
    for table, validation in validations:
        record_results(connection, run_id, result_rows(validation, table))
        failed += [f"{table}: {o.name}: {o.observed} ({o.why})" for o in validation.failed]
    if failed:
        raise GateError("nothing published: " + "; ".join(failed))


@dg.asset(
    key=dg.AssetKey(["serving", "published_release"]),
    group_name="serving",
    kinds={"duckdb", "parquet"},
    # The raw entities too, so their blocking gates block the publish: the dbt step does not wait
    # for them (it runs the dbt source tests on those tables, and Dagster exempts an asset that
    # checks its upstream from that upstream's other blocking checks).
    deps=[
        *(mart_asset_key(table) for table in SERVED_MARTS),
        *(dg.AssetKey(["raw", entity]) for entity in ENTITIES),
        *(dg.AssetKey(["raw", entity]) for entity in NATIVE_ENTITIES),
    ],
    description="The served release: written aside under <warehouse>/serving/releases/<id>/ "
    "(database in DuckDB 1.x storage format, Parquet, manifest), audited (row-count gate, "
    "Great Expectations on the log tables) and made current in one step, only after all checks "
    "passed; <warehouse>/serving/marts.duckdb and serving/parquet/<table>.parquet always resolve "
    "to the current release.",
)
def published_release(
    context: dg.AssetExecutionContext, settings: BignoiseSettings
) -> dg.MaterializeResult:
    run_info = {"dumps_dir": str(settings.dumps_path), **dbt_vars(settings)}
    with working_connection(settings) as connection:
        release = publish(
            connection,
            settings.serving_dir,
            context.run_id,
            run_info,
            settings.keep_releases,
            audit=lambda counts, staged: audit_release(
                connection, settings, context.run_id, counts, staged
            ),
            older_becomes_current=settings.older_release == "make_current",
            # Every mart's blocking Great Expectations check passed before this step ran.
            validated_suites=validated_suites(),
        )
    if release.is_current:
        context.log.info(
            f"published release {release.release_id} ({len(release.row_counts)} tables) "
            f"to {release.directory}, now current"
        )
    else:
        context.log.warning(
            f"published release {release.release_id} beside the current one, which stays current:"
            f" its as_of {release.as_of} is older than the current release's "
            f"{release.current_as_of} (a backfill). Make it current with `bignoise rollback "
            f"--warehouse {settings.warehouse_path} {release.release_id}`, or run with "
            "--older-release make_current"
        )
    return dg.MaterializeResult(
        metadata={
            "release_id": release.release_id,
            "release_dir": dg.MetadataValue.path(str(release.directory)),
            "database": dg.MetadataValue.path(str(release.database)),
            "parquet_dir": dg.MetadataValue.path(str(release.parquet_dir)),
            "row_counts": release.row_counts,
            "as_of": release.as_of,
            "is_current": release.is_current,
        }
    )
