"""Warnings: recorded in quality_results and shown in Dagster, never blocking a publish.

- Distribution shift: a score or rate whose distribution moved far from the current release's
  (the Kolmogorov-Smirnov distance: the largest gap between the two cumulative distributions,
  0 = the same, 1 = no overlap), above BIGNOISE_MAX_DISTRIBUTION_SHIFT.
- Freshness: an entity whose latest snapshot is older than BIGNOISE_MAX_DATA_AGE_DAYS at as_of
  (scores computed as of a date the data no longer describes).
- New quarantine reasons: a kind of bad record this run quarantined that no earlier run did (a
  scraper or export that changed shape).
"""

from __future__ import annotations

from dataclasses import dataclass

import dagster as dg
import duckdb

from assets.ingestion.contract import ENTITIES
from orchestration.publish import CURRENT, DATABASE_NAME
from orchestration.quality_log import record_results
from orchestration.settings import BignoiseSettings
from orchestration.warehouse import working_connection

# (served table, column) pairs compared with the current release.
SHIFT_MEASURES = (
    ("mart_creator_scorecard", "overall_score"),
    ("mart_creator_scorecard", "authenticity_score"),
    ("mart_creator_scorecard", "authentic_er_median"),
    ("mart_creator_engagement", "er_median"),
)
# Fewer values than this on either side: too few for a distance to mean anything.
SHIFT_MIN_VALUES = 20

# Entity -> (staging model, the time its freshness is read from, at or before as_of).
FRESHNESS_SOURCES = {
    "posts": ("stg_post_snapshots", "scraped_at"),
    "comments": ("stg_comment_snapshots", "coalesce(scraped_at, created_at)"),
    "profiles": ("stg_profile_snapshots", "scraped_at"),
}

TOOL = "bignoise warning"


@dataclass(frozen=True)
class Finding:
    name: str
    table: str
    passed: bool
    observed: str
    message: str


def ks_distance(connection: duckdb.DuckDBPyConnection, new: str, old: str) -> tuple:
    """(distance, values new, values old, median new, median old) of two single-column queries."""
    return connection.execute(
        f"""
        with pooled as (
            select v, 1 as is_new from ({new}) as n(v) where v is not null
            union all
            select v, 0 as is_new from ({old}) as o(v) where v is not null
        ),
        sizes as (
            select sum(is_new) as n_new, count(*) - sum(is_new) as n_old,
                   median(v) filter (where is_new = 1) as median_new,
                   median(v) filter (where is_new = 0) as median_old
            from pooled
        ),
        steps as (
            select
                sum(is_new) over up_to_v as new_below,
                sum(1 - is_new) over up_to_v as old_below
            from pooled
            window up_to_v as (order by v range between unbounded preceding and current row)
        )
        select
            max(abs(new_below / nullif(n_new, 0) - old_below / nullif(n_old, 0))),
            any_value(n_new), any_value(n_old), any_value(median_new), any_value(median_old)
        from steps cross join sizes
        """
    ).fetchall()[0]


def distribution_shifts(
    connection: duckdb.DuckDBPyConnection, current_database: str | None, max_shift: float
) -> list[Finding]:
    """Each SHIFT_MEASURES column of the working marts against the current release."""
    findings = []
    if current_database is None:
        return [
            Finding(f"distribution_shift({t}.{c})", t, True, "no release to compare with", "")
            for t, c in SHIFT_MEASURES
        ]
    connection.execute(f"attach '{current_database}' as last_release (read_only)")
    try:
        served = {
            (row[0], row[1])
            for row in connection.execute(
                "select table_name, column_name from information_schema.columns"
                " where table_catalog = 'last_release'"
            ).fetchall()
        }
        for table, column in SHIFT_MEASURES:
            name = f"distribution_shift({table}.{column})"
            if (table, column) not in served:
                findings.append(Finding(name, table, True, "not in the current release", ""))
                continue
            distance, n_new, n_old, median_new, median_old = ks_distance(
                connection,
                f"select {column} from marts.{table}",
                f"select {column} from last_release.main.{table}",
            )
            n_new, n_old = n_new or 0, n_old or 0
            if min(n_new, n_old) < SHIFT_MIN_VALUES:
                observed = f"too few values to compare ({n_new} now, {n_old} in the release)"
                findings.append(Finding(name, table, True, observed, ""))
                continue
            observed = (
                f"KS distance {distance:.3f}; median {median_new:.4g} now vs {median_old:.4g} "
                f"in the current release ({n_new:,} vs {n_old:,} values)"
            )
            shifted = distance > max_shift
            message = (
                f"{table}.{column} moved: {observed}, above BIGNOISE_MAX_DISTRIBUTION_SHIFT = "
                f"{max_shift}; check what changed in the data or the rules before relying on it"
                if shifted
                else ""
            )
            findings.append(Finding(name, table, not shifted, observed, message))
    finally:
        connection.execute("detach last_release")
    return findings


def stale_entities(connection: duckdb.DuckDBPyConnection, max_age_days: int) -> list[Finding]:
    """Each entity's latest snapshot at or before as_of, against as_of."""
    findings = []
    for entity, (model, moment) in FRESHNESS_SOURCES.items():
        latest, as_of, age_days = connection.execute(
            f"select max({moment}), any_value(parameters.as_of),"
            f" date_diff('second', max({moment}), any_value(parameters.as_of)) / 86400.0"
            f" from staging.{model} cross join staging.stg_run_parameters as parameters"
            # Comment staging keeps every snapshot loaded (as_of is applied later on).
            f" where {moment} <= parameters.as_of"
        ).fetchall()[0]
        name = f"freshness({entity})"
        if latest is None:
            findings.append(Finding(name, model, True, f"no {entity} at as_of {as_of}", ""))
            continue
        observed = f"latest {entity} snapshot {latest}, {age_days:.1f} days before as_of {as_of}"
        stale = age_days > max_age_days
        message = (
            f"{entity} are stale: {observed} (more than BIGNOISE_MAX_DATA_AGE_DAYS = "
            f"{max_age_days}); scores describe {as_of} with older {entity}"
            if stale
            else ""
        )
        findings.append(Finding(name, model, not stale, observed, message))
    return findings


def new_quarantine_reasons(
    connection: duckdb.DuckDBPyConnection, entity: str, run_id: str
) -> Finding:
    """Reason codes this run quarantined records of `entity` for, that no earlier run did. The
    first run has nothing to compare with (every reason would be new): it passes and says so."""
    earlier_runs = connection.execute(
        "select count(*) from raw.ingest_log where entity = ? and run_id <> ?", [entity, run_id]
    ).fetchall()[0][0]
    if not earlier_runs:
        return Finding(
            "new_quarantine_reasons", f"raw.{entity}", True, "first run: nothing to compare", ""
        )
    rows = connection.execute(
        "select reason_code, count(*) from raw.quarantine"
        " where entity = ? and run_id = ? and reason_code not in ("
        "   select reason_code from raw.quarantine"
        "   where entity = ? and run_id <> ? and reason_code is not null)"
        " group by reason_code order by count(*) desc, reason_code",
        [entity, run_id, entity, run_id],
    ).fetchall()
    observed = ", ".join(f"{code} ({count:,})" for code, count in rows) or "none"
    message = (
        f"{entity}: records were quarantined for reasons no earlier run saw: {observed}; "
        "a dump's shape may have changed (raw.quarantine has file, line and reason)"
        if rows
        else ""
    )
    return Finding("new_quarantine_reasons", f"raw.{entity}", not rows, observed, message)


def _result(findings: list[Finding], run_id: str, settings: BignoiseSettings):
    with working_connection(settings) as connection:
        record_results(
            connection,
            run_id,
            [(f.name, f.table, TOOL, "warning", f.passed, f.observed, f.message) for f in findings],
        )
    failed = [f for f in findings if not f.passed]
    return dg.AssetCheckResult(
        passed=not failed,
        severity=dg.AssetCheckSeverity.WARN,
        description="; ".join(f.message for f in failed) or None,
        metadata={f.name: f.observed for f in findings},
    )


def _current_database(settings: BignoiseSettings) -> str | None:
    database = settings.serving_dir / CURRENT / DATABASE_NAME
    return str(database.resolve()) if database.is_file() else None


@dg.asset_check(
    asset=dg.AssetKey(["marts", "mart_creator_scorecard"]),
    name="distribution_shift",
    blocking=False,
    additional_deps=[dg.AssetKey(["marts", "mart_creator_engagement"])],
    description="Warns when overall, authenticity and engagement scores moved far from the "
    "current release's (Kolmogorov-Smirnov distance above BIGNOISE_MAX_DISTRIBUTION_SHIFT).",
)
def distribution_shift_warning(context, settings: BignoiseSettings) -> dg.AssetCheckResult:
    with working_connection(settings) as connection:
        findings = distribution_shifts(
            connection, _current_database(settings), settings.max_distribution_shift
        )
    return _result(findings, context.run.run_id, settings)


@dg.asset_check(
    asset=dg.AssetKey(["marts", "dim_creators"]),
    name="freshness",
    blocking=False,
    description="Warns when posts, comments or profiles are older than "
    "BIGNOISE_MAX_DATA_AGE_DAYS at as_of.",
)
def freshness_warning(context, settings: BignoiseSettings) -> dg.AssetCheckResult:
    with working_connection(settings) as connection:
        findings = stale_entities(connection, settings.max_data_age_days)
    return _result(findings, context.run.run_id, settings)


def build_new_reasons_warning(entity: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["raw", entity]),
        name="new_quarantine_reasons",
        blocking=False,
        description=f"Warns when {entity} records were quarantined for a reason no earlier run "
        "saw.",
    )
    def warning(context, settings: BignoiseSettings) -> dg.AssetCheckResult:
        with working_connection(settings) as connection:
            finding = new_quarantine_reasons(connection, entity, context.run.run_id)
        return _result([finding], context.run.run_id, settings)

    warning.__name__ = f"{entity}_new_quarantine_reasons"
    return warning


release_warnings = [
    distribution_shift_warning,
    freshness_warning,
    *(build_new_reasons_warning(entity.name) for entity in ENTITIES.values()),
]
