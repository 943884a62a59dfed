"""Ingestion of the platform-native dump folders (youtube/, instagram_graph/, tiktok_research/,
apify/, ytdlp/) into their raw tables: one asset per shape (raw/youtube__videos, ...), all made
by one step, raw_native_dumps.

One step, not one per shape: the eighteen shapes of assets/ingestion/native_shapes.py are read
the same way, most dump folders hold a few of them, and one step keeps a run's fixed cost down.
Each shape's file is still loaded or quarantined with its file, record and reason, all or nothing
per shape, and logged per file in raw.ingest_log under the shape's name.
"""

import warnings

import dagster as dg

from assets.ingestion.dumps import check_dumps_folder
from assets.ingestion.files import entity_files
from assets.ingestion.loader import IngestResult
from assets.ingestion.native_shapes import NATIVE_ASSET_NAME, NATIVE_ENTITIES
from assets.ingestion_asset import DUMP_DAYS, ingest_one_entity, ingestion_metadata
from orchestration.settings import BignoiseSettings
from orchestration.warehouse import working_connection


def _native_key(entity_name: str) -> dg.AssetKey:
    return dg.AssetKey(["raw", entity_name])


with warnings.catch_warnings():
    warnings.simplefilter("ignore", dg.BetaWarning)  # backfill_policy, as in ingestion_asset.py

    @dg.multi_asset(
        name=f"raw_{NATIVE_ASSET_NAME}",
        specs=[
            dg.AssetSpec(
                _native_key(entity.name),
                group_name="raw",
                kinds={"duckdb"},
                description=(
                    f"{entity.folder}/ files ({entity.description}) unwrapped and checked into "
                    f"{entity.raw_table}; dbt's stg_{entity.name} renames them into the "
                    "canonical columns (docs/native-dumps.md). Invalid records go to "
                    "raw.quarantine with file, record number, JSON path and reason; per file, "
                    "records read = loaded + quarantined."
                ),
            )
            for entity in NATIVE_ENTITIES.values()
        ],
        partitions_def=DUMP_DAYS,
        backfill_policy=dg.BackfillPolicy.single_run(),
    )
    def raw_native_dumps(context: dg.AssetExecutionContext, settings: BignoiseSettings):
        """Every platform-native shape, one after another in one step."""
        check_dumps_folder(settings.dumps_path)
        with working_connection(settings) as connection:
            for entity in NATIVE_ENTITIES.values():
                if entity_files(settings.dumps_path, entity):
                    result, metadata = ingest_one_entity(context, connection, entity, settings)
                    context.log.info(
                        f"{entity.name}: {result.records_read:,} records read from "
                        f"{result.files_loaded} files ({result.files_skipped} already loaded), "
                        f"{result.records_loaded:,} loaded, "
                        f"{result.records_quarantined:,} quarantined"
                    )
                else:
                    metadata = ingestion_metadata(
                        connection, entity, IngestResult(entity=entity.name)
                    )
                yield dg.MaterializeResult(asset_key=_native_key(entity.name), metadata=metadata)
