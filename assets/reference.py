"""The user's reference files as assets: their own rate card and niche taxonomy (both optional)."""

from pathlib import Path

import dagster as dg

from assets.ingestion.reference_files import (
    NICHE_TAXONOMY,
    RATE_CARD,
    ReferenceFile,
    load_reference_file,
)
from orchestration.settings import BignoiseSettings
from orchestration.warehouse import working_connection


def build_reference_asset(
    kind: ReferenceFile, setting: str, environment_variable: str, purpose: str
) -> dg.AssetsDefinition:
    table = kind.table.split(".")[1]

    @dg.asset(
        key=dg.AssetKey(["raw", table]),
        group_name="raw",
        kinds={"duckdb", "csv"},
        description=(
            f"The user's own {kind.name} (the CSV named by {environment_variable}, or empty when "
            f"unset) in {kind.table}: {purpose} A file with any bad row is refused whole, with "
            "every bad row named, and the run stops before the marts change."
        ),
    )
    def load(context: dg.AssetExecutionContext, settings: BignoiseSettings):
        configured = getattr(settings, setting)
        path = Path(configured).expanduser().resolve() if configured else None
        with working_connection(settings) as connection:
            rows = load_reference_file(connection, kind, path)
        context.log.info(f"{kind.name}: {rows} rows from {path}" if path else f"no {kind.name}")
        return dg.MaterializeResult(
            metadata={"file": str(path) if path else "", "dagster/row_count": rows}
        )

    load.__name__ = table
    return load


user_rate_card = build_reference_asset(
    RATE_CARD,
    "rate_card_file",
    "BIGNOISE_RATE_CARD",
    "per-creator or per-band prices that override the seed rate_card.",
)
user_niche_taxonomy = build_reference_asset(
    NICHE_TAXONOMY,
    "niche_taxonomy_file",
    "BIGNOISE_NICHE_TAXONOMY",
    "niche terms that extend (or, with BIGNOISE_NICHE_TAXONOMY_MODE=replace, replace) the seed "
    "niche_taxonomy.",
)
