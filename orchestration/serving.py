"""The publish asset: runs last, only when every mart and every blocking check upstream passed."""

import dagster as dg

from orchestration.checks import mart_asset_key
from orchestration.dbt_args import dbt_vars
from orchestration.expectations import SERVED_MARTS
from orchestration.publish import publish
from orchestration.settings import BignoiseSettings
from orchestration.warehouse import working_connection


@dg.asset(
    key=dg.AssetKey(["serving", "published_release"]),
    group_name="serving",
    kinds={"duckdb", "parquet"},
    deps=[mart_asset_key(table) for table in SERVED_MARTS],
    description="The served release: <warehouse>/serving/marts.duckdb (DuckDB 1.x storage "
    "format) and <warehouse>/serving/parquet/<table>.parquet, holding every mart plus "
    "ingest_log and release_info. Replaced atomically, and only after all checks passed.",
)
def published_release(
    context: dg.AssetExecutionContext, settings: BignoiseSettings
) -> dg.MaterializeResult:
    run_info = {"dumps_dir": str(settings.dumps_path), **dbt_vars(settings)}
    with working_connection(settings) as connection:
        release = publish(connection, settings.serving_dir, context.run_id, run_info)
    context.log.info(f"published {len(release.row_counts)} tables to {settings.serving_dir}")
    return dg.MaterializeResult(
        metadata={
            "database": dg.MetadataValue.path(str(release.database)),
            "parquet_dir": dg.MetadataValue.path(str(settings.serving_dir / "parquet")),
            "row_counts": release.row_counts,
        }
    )
