"""Release gates: conditions that stop a run before anything is published, with a clear message.

- The quarantine gate (a blocking asset check on each raw entity): of the records ingested since the
  current release was published, too large a share was quarantined, or more than half of one file's.
  It looks at everything since the last release, not only this run, so re-running does not publish
  around a broken batch: the batch has to be fixed, unloaded, or the threshold raised.
- The row-count gate (in the publish step): a mart with no rows, or far fewer than the current
  release holds.
"""

from __future__ import annotations

import dagster as dg
import duckdb

from assets.ingestion.contract import ENTITIES
from assets.ingestion.native_shapes import NATIVE_ASSET_NAME, NATIVE_ENTITIES
from orchestration.publish import current_manifest
from orchestration.quality_log import record_results
from orchestration.settings import BignoiseSettings
from orchestration.warehouse import working_connection


class GateError(Exception):
    """A release gate failed; the message says which and why."""


def quarantine_problems(
    connection: duckdb.DuckDBPyConnection,
    entity: str | list[str],
    since: str | None,
    max_share: float,
    max_file_share: float,
) -> list[str]:
    """What breaks the quarantine gate for one entity (or several: the native shapes), over files
    read since `since` (ISO time; None: every file ever read)."""
    entities = [entity] if isinstance(entity, str) else entity
    label = entity if isinstance(entity, str) else "native dumps"
    rows = [row[1:] for row in file_quarantine_counts(connection, entities, since)]
    return problems_in(label, rows, max_share, max_file_share)


def file_quarantine_counts(
    connection: duckdb.DuckDBPyConnection, entities: list[str], since: str | None
) -> list[tuple[str, str, int, int]]:
    """(entity, file, records read, records quarantined) of each file of `entities` loaded since
    `since`, repeated snapshots and API error responses left out of both counts."""
    # A saved API error response (reason api_error) holds no data: like a repeated snapshot, it is
    # quarantined for the record but is no sign of a broken dump, so neither counts here.
    has_quarantine = connection.execute(
        "select count(*) from duckdb_tables()"
        " where schema_name = 'raw' and table_name = 'quarantine'"
    ).fetchall()[0][0]
    errors_source = (
        "select source_file, entity, run_id, count(*) as records from raw.quarantine"
        " where reason_code = 'api_error' group by all"
        if has_quarantine
        else "select null::varchar as source_file, null::varchar as entity,"
        " null::varchar as run_id, 0 as records where false"
    )
    return connection.execute(
        f"""
        with api_errors as ({errors_source})
        select log.entity, log.file,
               sum(log.records_read) - sum(coalesce(api_errors.records, 0)),
               sum(log.records_quarantined) - sum(log.records_duplicate)
               - sum(coalesce(api_errors.records, 0))
        from raw.ingest_log as log
        left join api_errors
          on api_errors.source_file = log.file and api_errors.entity = log.entity
         and api_errors.run_id = log.run_id
        where list_contains(?, log.entity) and log.status = 'loaded'
          and (? is null or log.ingested_at > cast(? as timestamptz) at time zone 'UTC')
        group by log.entity, log.file order by log.file
        """,
        [entities, since, since],
    ).fetchall()


def problems_in(
    label: str, rows: list[tuple[str, int, int]], max_share: float, max_file_share: float
) -> list[str]:
    """The gate's problems for (file, read, quarantined) rows: the share over all of them, then
    each file's."""
    read = sum(r[1] for r in rows)
    bad = sum(r[2] for r in rows)
    problems = []
    if read and bad / read > max_share:
        problems.append(
            f"{label}: {bad:,} of {read:,} records read since the last release were quarantined "
            f"({bad / read:.1%}, more than BIGNOISE_MAX_QUARANTINE_SHARE = {max_share:.0%})"
        )
    for file, file_read, file_bad in rows:
        if file_read and file_bad / file_read > max_file_share:
            problems.append(
                f"{label}: {file_bad:,} of {file_read:,} records of {file} were quarantined "
                f"(more than BIGNOISE_MAX_FILE_QUARANTINE_SHARE = {max_file_share:.0%} of the "
                "file; fix it and `bignoise unload` it, or raise the share)"
            )
    return problems


def build_quarantine_gate(entity: str, shapes: list[str] | None = None) -> dg.AssetChecksDefinition:
    """The gate on raw/<entity>; `shapes`: the ingest_log entities it covers (the native shapes of
    raw/native_dumps), else the entity itself."""

    @dg.asset_check(
        asset=dg.AssetKey(["raw", entity]),
        name="quarantine_gate",
        blocking=True,
        description=f"Blocks publishing when too many {entity} records ingested since the current "
        "release were quarantined (BIGNOISE_MAX_QUARANTINE_SHARE), or too many of one file's "
        "(BIGNOISE_MAX_FILE_QUARANTINE_SHARE).",
    )
    def gate(context, settings: BignoiseSettings) -> dg.AssetCheckResult:
        manifest = current_manifest(settings.serving_dir)
        since = manifest["published_at"] if manifest else None
        with working_connection(settings) as connection:
            problems = quarantine_problems(
                connection,
                entity,
                since,
                settings.max_quarantine_share,
                settings.max_file_quarantine_share,
            )
            record_results(
                connection,
                context.run.run_id,
                [
                    (
                        "quarantine_gate",
                        f"raw.{entity}",
                        "bignoise gate",
                        "blocking",
                        not problems,
                        f"since {since or 'the first run'}",
                        "; ".join(problems),
                    )
                ],
            )
        return dg.AssetCheckResult(
            passed=not problems,
            description="; ".join(problems) or None,
            metadata={"since": since or "the first run", "problems": problems},
        )

    gate.__name__ = f"{entity}_quarantine_gate"
    return gate


@dg.multi_asset_check(
    name=f"{NATIVE_ASSET_NAME}_quarantine_gate",
    specs=[
        dg.AssetCheckSpec(
            "quarantine_gate",
            asset=dg.AssetKey(["raw", name]),
            blocking=True,
            description="The quarantine gate of the canonical entities, for this native shape "
            "(BIGNOISE_MAX_QUARANTINE_SHARE over all native shapes' records since the current "
            "release, BIGNOISE_MAX_FILE_QUARANTINE_SHARE per file and shape).",
        )
        for name in NATIVE_ENTITIES
    ],
)
def native_quarantine_gate(context, settings: BignoiseSettings):
    """One step for the eighteen native shapes: the share over all of them (a shape may have a
    handful of records), and each file's share per shape; the files are counted in one query."""
    manifest = current_manifest(settings.serving_dir)
    since = manifest["published_at"] if manifest else None
    with working_connection(settings) as connection:
        counts = file_quarantine_counts(connection, list(NATIVE_ENTITIES), since)
        # Only the share over all shapes here: each file is judged once, under its own shape.
        overall = problems_in(
            "native dumps", [row[1:] for row in counts], settings.max_quarantine_share, 1.0
        )
        problems_by_shape = {
            name: overall
            + problems_in(
                name,
                [row[1:] for row in counts if row[0] == name],
                1.0,
                settings.max_file_quarantine_share,
            )
            for name in NATIVE_ENTITIES
        }
        record_results(
            connection,
            context.run.run_id,
            [
                (
                    "quarantine_gate",
                    f"raw.{name}",
                    "bignoise gate",
                    "blocking",
                    not problems,
                    f"since {since or 'the first run'}",
                    "; ".join(problems),
                )
                for name, problems in problems_by_shape.items()
            ],
        )
    for name, problems in problems_by_shape.items():
        yield dg.AssetCheckResult(
            asset_key=dg.AssetKey(["raw", name]),
            check_name="quarantine_gate",
            passed=not problems,
            description="; ".join(problems) or None,
            metadata={"since": since or "the first run", "problems": problems},
        )


quarantine_gates = [
    *(build_quarantine_gate(entity.name) for entity in ENTITIES.values()),
    native_quarantine_gate,
]


# Without a creator nothing is usable; other marts may be empty (a posts-only dump has no comments).
MUST_HAVE_ROWS = ("dim_creators", "mart_creator_scorecard")


def check_row_counts(
    new_counts: dict[str, int], manifest: dict | None, marts: tuple[str, ...], max_drop: float
) -> None:
    """Raise GateError when a creator mart is empty, or a mart holds less than (1 - max_drop) of
    its rows in the current release."""
    problems = [f"{table} has no rows" for table in MUST_HAVE_ROWS if not new_counts.get(table)]
    if manifest:
        for table in marts:
            old, new = manifest["row_counts"].get(table, 0), new_counts.get(table, 0)
            if old and new and new < (1 - max_drop) * old:
                problems.append(
                    f"{table} fell from {old:,} to {new:,} rows (more than "
                    f"BIGNOISE_MAX_ROW_DROP_SHARE = {max_drop:.0%} fewer than the current release)"
                )
    if problems:
        raise GateError("nothing published: " + "; ".join(problems))
