"""One factory for the three ingestion assets: they differ only in the entity they load."""

import warnings
from datetime import date

import dagster as dg
import duckdb

from assets.ingestion.contract import Entity
from assets.ingestion.dump_days import DayRange, first_dump_day
from assets.ingestion.dumps import check_dumps_folder
from assets.ingestion.loader import IngestResult, ingest_entity
from assets.ingestion.progress import IngestProgress
from orchestration.settings import BignoiseSettings
from orchestration.warehouse import working_connection

# One partition per day of dumps (assets/ingestion/dump_days.py says which day a file belongs to).
# A run without a partition (bignoise run, the schedule, the sensor) loads every new file; a
# backfill of a range of days, from the UI or `bignoise run --from D1 --to D2`, loads the new files
# of those days only, in one run (BackfillPolicy.single_run: one DuckDB writer, one dbt build).
# The first day is a setting (BIGNOISE_FIRST_DUMP_DAY), not a far-back constant: for each
# partitioned dependency of an unpartitioned step (dbt, the publish, each check on a raw table;
# 66 per run) Dagster lists every partition key only to learn that there are more than 100
# (dagster/_core/execution/context/data_version_cache.py). From 2010 that was 6,182 keys, 0.27 s
# each time on a slow day here: 18 s of a 97 s tiny run.
DUMP_DAYS_START = first_dump_day()
DUMP_DAYS = dg.DailyPartitionsDefinition(start_date=DUMP_DAYS_START.isoformat(), end_offset=1)


def run_days(context: dg.AssetExecutionContext) -> DayRange | None:
    """The days a run covers: its partition range, or None for a run over every file."""
    if not context.has_partition_key_range:
        return None
    keys = context.partition_key_range
    return DayRange(date.fromisoformat(keys.start), date.fromisoformat(keys.end))


def ingest_one_entity(
    context: dg.AssetExecutionContext,
    connection: duckdb.DuckDBPyConnection,
    entity: Entity,
    settings: BignoiseSettings,
) -> tuple[IngestResult, dict[str, object]]:
    """Load one entity's new files (those of the run's days, for a partitioned run) and return
    the result with the materialization metadata every ingestion asset reports, canonical or
    platform-native (assets/native.py): one place for the call and for the metadata keys the
    CLI summary reads back (orchestration/run_pipeline.py)."""
    result = ingest_entity(
        connection,
        entity,
        settings.dumps_path,
        run_id=context.run_id,
        max_line_bytes=settings.max_line_bytes,
        progress=IngestProgress(entity.name, say=context.log.info),
        days=run_days(context),
    )
    return result, ingestion_metadata(connection, entity, result)


def ingestion_metadata(
    connection: duckdb.DuckDBPyConnection, entity: Entity, result: IngestResult
) -> dict[str, object]:
    """This run's counts for the entity, and the rows its raw table holds now."""
    total_rows = connection.execute(f"select count(*) from {entity.raw_table}").fetchall()[0][0]
    return {
        "files_loaded": result.files_loaded,
        "files_skipped_already_loaded": result.files_skipped,
        "records_read": result.records_read,
        "records_loaded": result.records_loaded,
        "records_quarantined": result.records_quarantined,
        # {reason_code: count} of this run's quarantined records (codes and their meaning:
        # assets/ingestion/reasons.py): what the CLI summarises, no text parsed.
        "quarantine_reasons": dg.MetadataValue.json(result.quarantine_reasons),
        "dagster/row_count": total_rows,
    }


def build_ingestion_asset(entity: Entity) -> dg.AssetsDefinition:
    # backfill_policy is marked beta by Dagster 1.13; said once here, not on every import.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dg.BetaWarning)
        return _build_ingestion_asset(entity)


def _build_ingestion_asset(entity: Entity) -> dg.AssetsDefinition:
    @dg.asset(
        key=dg.AssetKey(["raw", entity.name]),
        group_name="raw",
        kinds={"duckdb"},
        partitions_def=DUMP_DAYS,
        backfill_policy=dg.BackfillPolicy.single_run(),
        description=(
            f"Every {entity.name} snapshot from the dumps folder's {entity.folder}/ files, "
            f"validated against the input contract, in the working table {entity.raw_table}. "
            "Invalid or repeated records go to raw.quarantine with file, line, reason and "
            "reason_code (metadata quarantine_reasons counts this run's by code); "
            "files already loaded (same content) are skipped, so re-running is idempotent. "
            "Guarantee: per file, records read = records loaded + records quarantined."
        ),
    )
    def ingest(context: dg.AssetExecutionContext, settings: BignoiseSettings):
        check_dumps_folder(settings.dumps_path)
        with working_connection(settings) as connection:
            result, metadata = ingest_one_entity(context, connection, entity, settings)
        _warn_about_unclosed_quotes(context, entity, result.unclosed_quotes)
        if result.files_outside_days:
            context.log.info(
                f"{entity.name}: {result.files_outside_days} files of other days left for"
                " another run"
            )
        for path in result.unsupported_files:
            context.log.warning(f"{entity.name}: ignored {path}: not a supported dump file type")
        context.log.info(
            f"{entity.name}: {result.records_read:,} records read from {result.files_loaded} "
            f"files ({result.files_skipped} already loaded), {result.records_loaded:,} loaded, "
            f"{result.records_quarantined:,} quarantined "
            f"({result.records_per_second:,.0f} records/s)"
        )
        return dg.MaterializeResult(
            metadata={**metadata, "records_per_second": round(result.records_per_second)}
        )

    ingest.__name__ = f"raw_{entity.name}"
    return ingest


def _warn_about_unclosed_quotes(
    context: dg.AssetExecutionContext, entity: Entity, unclosed: list[str]
) -> None:
    """Say it in the run's log too: a quote left open changes how the rest of the file reads, so
    the person fixing the dump should hear of it without querying raw.quarantine."""
    for where_and_why in unclosed:
        context.log.warning(f"{entity.name}: {where_and_why}")
