"""A release's biggest table written as a patch of the last release's copy, not rewritten whole.

`fct_comments` holds one row per comment (4.5M at benchmark size M) and changes by about 1 % a day.
Writing it whole into every release costs seconds of compute and disk for rows that did not change.
Instead, when the last release can serve as a base, the new release starts as a copy of the base's
database file and gets only what changed since:

- rows whose `int_comments_flagged` row was computed by a dbt build after the one the base was
  published from (the model stamps each row with `computed_by_invocation`; `int_dbt_builds` orders
  the builds) are deleted and inserted again from the working database;
- rows whose comment is no longer in `int_comments_flagged` are deleted.

This holds because `fct_comments` is a projection of `int_comments_flagged`, row for row (the
incremental-runs test compares a patched release with a full rebuild's). Any doubt means a whole
write, with the reason in the manifest: no earlier release, no build log (a fresh warehouse), the
base's build is not in the log (a full refresh since), other columns, or a base that already
deleted more than `MAX_DELETED_SHARE` of its rows in patches since the table was last written
whole (a DuckDB file may keep deleted rows' space; a whole write compacts it).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

# Served table -> (its key, the working-database table whose rows it projects one for one).
PATCHABLE_TABLES = {"fct_comments": ("comment_key", "intermediate.int_comments_flagged")}
BUILD_LOG = "intermediate.int_dbt_builds"
# A table whose patches deleted more than this share of its rows since its last whole write is
# written whole.
MAX_DELETED_SHARE = 0.25


@dataclass(frozen=True)
class PatchBase:
    """The release a new one can start from, and the dbt build that release was published from."""

    release_id: str
    database: Path
    manifest: dict
    dbt_build: str


def latest_build(connection: duckdb.DuckDBPyConnection) -> str | None:
    """The dbt build whose models the working database holds now (the newest in the build log)."""
    if not _relation_exists(connection, BUILD_LOG):
        return None
    rows = connection.execute(
        f"select invocation_id from {BUILD_LOG} order by built_at desc limit 1"
    ).fetchall()
    return rows[0][0] if rows else None


def find_base(
    connection: duckdb.DuckDBPyConnection, releases: list[dict]
) -> tuple[PatchBase | None, str]:
    """The newest complete release (the last one published, current or not) if its dbt build is
    still in the build log; otherwise None and why."""
    if not releases:
        return None, "no earlier release"
    newest = releases[-1]
    build = newest.get("dbt_build")
    if not build:
        return None, f"release {newest['release_id']} does not record its dbt build"
    if not _relation_exists(connection, BUILD_LOG):
        return None, "no dbt build log in the working database"
    known = connection.execute(
        f"select count(*) from {BUILD_LOG} where invocation_id = ?", [build]
    ).fetchall()[0][0]
    if not known:
        return None, (
            f"the dbt build of release {newest['release_id']} is not in the build log"
            " (a full refresh since)"
        )
    path = Path(newest["path"])
    return PatchBase(newest["release_id"], path / "marts.duckdb", newest, build), ""


def copy_base(base: PatchBase, database: Path) -> None:
    """Start the staged release database as a writable copy of the base's."""
    shutil.copyfile(base.database, database)
    database.chmod(0o644)


def patch_table(
    connection: duckdb.DuckDBPyConnection, name: str, source: str, base: PatchBase
) -> tuple[dict | None, str]:
    """Bring release.main.<name> (copied from the base) up to date with `source`; what was done,
    for the manifest, or None and why the table must be written whole instead."""
    key, rows_table = PATCHABLE_TABLES[name]
    if not _relation_exists(connection, rows_table):
        return None, f"no {rows_table} in the working database"
    if _columns(connection, f"release.main.{name}") != _columns(connection, source):
        return None, f"{name} has other columns than in release {base.release_id}"
    row_count = connection.execute(f"select count(*) from release.main.{name}").fetchall()[0][0]
    earlier = base.manifest.get("written", {}).get(name, {})
    deleted_before = earlier.get("deleted_rows_since_whole_write", 0)
    if deleted_before > MAX_DELETED_SHARE * row_count:
        return None, (
            f"{deleted_before:,} of {row_count:,} rows deleted by patches since {name} was last"
            " written whole: written whole again (compacts the file)"
        )

    # Rows computed by a build the base had not seen (or by none: treated as new).
    connection.execute(
        f"""
        create or replace temp table release_patch_keys as
        select rows_table.{key}
        from {rows_table} as rows_table
        where rows_table.computed_by_invocation is null
            or rows_table.computed_by_invocation not in (
                select invocation_id from {BUILD_LOG}
                where built_at <= (select built_at from {BUILD_LOG} where invocation_id = $build)
            )
        """,
        {"build": base.dbt_build},
    )
    deleted = connection.execute(
        f"""
        delete from release.main.{name} as served
        where served.{key} in (select {key} from temp.main.release_patch_keys)
            or not exists (
                select 1 from {rows_table} as rows_table where rows_table.{key} = served.{key}
            )
        """
    ).fetchall()[0][0]
    inserted = connection.execute(
        f"""
        insert into release.main.{name}
        select * from {source}
        where {key} in (select {key} from temp.main.release_patch_keys)
        """
    ).fetchall()[0][0]
    connection.execute("drop table temp.main.release_patch_keys")
    return {
        "how": "patched",
        "base_release": base.release_id,
        "base_dbt_build": base.dbt_build,
        "rows_deleted": deleted,
        "rows_inserted": inserted,
        "deleted_rows_since_whole_write": deleted_before + deleted,
    }, ""


def written_whole(why: str) -> dict:
    return {"how": "whole", "why": why, "deleted_rows_since_whole_write": 0}


def _relation_exists(connection: duckdb.DuckDBPyConnection, relation: str) -> bool:
    schema, name = relation.split(".")[-2:]
    return bool(
        connection.execute(
            "select count(*) from duckdb_tables() where database_name = current_database()"
            " and schema_name = ? and table_name = ?",
            [schema, name],
        ).fetchall()[0][0]
    )


def _columns(connection: duckdb.DuckDBPyConnection, relation: str) -> list[tuple[str, str]]:
    return [(row[0], row[1]) for row in connection.execute(f"describe {relation}").fetchall()]
