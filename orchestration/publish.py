"""Publishing the checked marts as a release: written aside, then made current in one step.

Layout under <warehouse>/serving/ (docs/architecture.md, "Releases"):

    releases/<id>/marts.duckdb         one whole release: the database (DuckDB 1.x storage format,
    releases/<id>/parquet/<t>.parquet  for BI drivers), the Parquet files and a manifest (run id,
    releases/<id>/manifest.json        as_of, row counts, sizes and checksums)
    current -> releases/<id>           the pointer: a symlink replaced with one rename
    marts.duckdb -> current/...        stable paths for BI tools, resolved through the pointer, so
    parquet -> current/parquet         they always name one whole release

A release is staged in releases/.staging-<release_id>/ and renamed into place only once complete, so
nothing half-written is ever visible; leftovers of a crashed publish are removed at the start of the
next one. The last `keep` releases stay on disk (rollback, and readers still holding an old one).
Served tables keep their column descriptions (COMMENT ON, from the dbt docs) so BI tools show them.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration import release_patch
from orchestration.expectations import SERVED_MARTS
from orchestration.quality_log import ensure_quality_tables

# Oldest storage format the serving file is written in: readable by DuckDB 1.0 and newer.
SERVING_STORAGE_VERSION = "v1.0.0"
# zstd at level 1 rather than DuckDB's default 3: at size M the 4.5M-row fct_comments file took
# 2.8-3.7 s against 4.0-6.3 s (three runs each, alternating), for a file 2 % bigger (260 MiB).
PARQUET_OPTIONS = "compression zstd, compression_level 1"
# Working-database relations served beside the marts: the ingestion log of every run, and
# release_info, one row describing this release (run id, resolved as_of, window, published_at).
SERVED_LOG_TABLES = {
    "ingest_log": "raw.ingest_log",
    "release_info": "temp.main.release_info",
    "quality_results": "raw.quality_results",
    "publish_log": "raw.publish_log",
}

# Descriptions of the served log tables (the marts carry theirs from the dbt docs).
LOG_TABLE_COMMENTS = {
    "ingest_log": (
        "One row per dump file and run: what ingestion did with it (docs/input-contract.md).",
        {
            "run_id": "The run that read the file.",
            "entity": (
                "posts, comments or profiles, or a platform-native shape such as youtube__videos"
                " (docs/native-dumps.md)."
            ),
            "file": "The dump file's path.",
            "content_hash": "Hash of the file's content (a file already loaded is skipped).",
            "size_bytes": "File size in bytes.",
            "status": "loaded, skipped_already_loaded or unsupported_format.",
            "records_read": "Records read from the file.",
            "records_loaded": "Records loaded (read = loaded + quarantined).",
            "records_quarantined": "Records quarantined with file, line and reason.",
            "records_duplicate": "Of those, repeats of a snapshot already loaded.",
            "ingested_at": "When the file was read (UTC).",
            "modified_at": (
                "The file's modification time (UTC). A file loaded before with the same path,"
                " size and modification time is skipped without being read again."
            ),
            "scraped_at_source": (
                "Where the file's scraped_at came from: record (its records carry it), or for a"
                " platform-native file sidecar (<file>.meta.json), file_name or mtime."
            ),
        },
    ),
    "release_info": (
        "One row describing this release: which run made it, as of when, with which settings.",
        {
            "run_id": "The Dagster run that published the release.",
            "release_id": "The release (folder under serving/releases).",
            "as_of": "The point in time the marts describe (UTC).",
            "window_start": "Start of the scoring window (exclusive).",
            "window_end": "End of the scoring window (inclusive): as_of - min_post_age_hours.",
            "window_days": "Length of the scoring window in days.",
            "window_posts": "At most this many recent posts per creator are scored.",
            "min_post_age_hours": "Posts younger than this at as_of are left out.",
            "run_settings": "The run's settings as JSON.",
            "published_at": "When the release was written (UTC).",
        },
    ),
}

LOG_TABLE_COMMENTS["quality_results"] = (
    "Every check's outcome, every run: Great Expectations expectations, dbt tests and unit tests, "
    "and the release gates.",
    {
        "run_id": "The run that checked.",
        "check_name": "The check (expectation and column, dbt test name, or gate).",
        "table_name": "The table checked.",
        "tool": "great_expectations, dbt test, dbt unit test or bignoise gate.",
        "severity": "blocking (a failure stops the publish) or warning.",
        "passed": "Whether the check passed.",
        "observed": "What was observed (failing rows, unexpected values, or the gate's window).",
        "message": "Why it failed, with examples; empty when it passed.",
        "checked_at": "When it ran (UTC).",
    },
)
LOG_TABLE_COMMENTS["publish_log"] = (
    "One row per release published, this one included.",
    {
        "run_id": "The run that published.",
        "release_id": "The release (folder under serving/releases).",
        "as_of": "The release's as_of.",
        "tables": "Tables served.",
        "published_at": "When it was published (UTC).",
    },
)

RELEASES, CURRENT, STAGING_PREFIX = "releases", "current", ".staging-"
DATABASE_NAME, PARQUET_DIR, MANIFEST_NAME = "marts.duckdb", "parquet", "manifest.json"
READ_ONLY = 0o444


class ReleaseError(Exception):
    """A release asked for does not exist, or the serving folder is not in a usable state."""


@dataclass(frozen=True)
class PublishedRelease:
    release_id: str
    directory: Path
    database: Path
    parquet_files: dict[str, Path]
    row_counts: dict[str, int]
    as_of: str = ""
    # False when the release is older than the current one and was only listed beside it.
    is_current: bool = True
    current_as_of: str | None = None

    @property
    def parquet_dir(self) -> Path:
        return self.database.parent / PARQUET_DIR


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def served_tables() -> dict[str, str]:
    """Served table name -> the working-database relation it is copied from."""
    return {**{t: f"marts.{t}" for t in SERVED_MARTS}, **SERVED_LOG_TABLES}


def releases_dir(serving_dir: Path) -> Path:
    return serving_dir / RELEASES


def new_release_id(run_id: str, now: datetime | None = None) -> str:
    """Sortable by time, unique by run: 20261202T021500Z-1a2b3c4d."""
    moment = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{moment}-{run_id[:8]}"


def clean_staged(serving_dir: Path) -> list[Path]:
    """Remove what a crashed publish left behind: staging folders, and the hidden staged files of
    the layout before releases (.marts.<run>.duckdb, parquet/.<table>.<run>.parquet)."""
    removed = []
    releases = releases_dir(serving_dir)
    if releases.is_dir():
        for leftover in releases.glob(f"{STAGING_PREFIX}*"):
            shutil.rmtree(leftover, ignore_errors=True)
            removed.append(leftover)
    for pattern in (".marts.*.duckdb", f"{PARQUET_DIR}/.*.parquet", f".{CURRENT}.*"):
        for leftover in serving_dir.glob(pattern):
            if leftover.is_symlink() or leftover.is_file():
                leftover.unlink(missing_ok=True)
                removed.append(leftover)
    return removed


def _copy_comments(connection: duckdb.DuckDBPyConnection, name: str, source: str) -> None:
    """Carry a table's and its columns' descriptions over to the release copy."""
    if name in LOG_TABLE_COMMENTS:
        table_text, column_texts = LOG_TABLE_COMMENTS[name]
        connection.execute(f"comment on table release.main.{name} is {_quote(table_text)}")
        present = {
            row[0]
            for row in connection.execute(
                "select column_name from duckdb_columns() where database_name = 'release'"
                " and table_name = ?",
                [name],
            ).fetchall()
        }
        for column, text in column_texts.items():
            if column in present:
                connection.execute(
                    f'comment on column release.main.{name}."{column}" is {_quote(text)}'
                )
        return
    schema, table = source.split(".")[-2:]
    table_comment = connection.execute(
        "select comment from duckdb_tables() where database_name = current_database()"
        " and schema_name = $schema and table_name = $name"
        " union all"  # a model built as a view (fct_comments) is served as a table all the same
        " select comment from duckdb_views() where database_name = current_database()"
        " and schema_name = $schema and view_name = $name",
        {"schema": schema, "name": table},
    ).fetchall()
    if table_comment and table_comment[0][0]:
        connection.execute(f"comment on table release.main.{name} is {_quote(table_comment[0][0])}")
    columns = connection.execute(
        "select column_name, comment from duckdb_columns() where database_name = current_database()"
        " and schema_name = ? and table_name = ? and comment is not null",
        [schema, table],
    ).fetchall()
    for column, comment in columns:
        connection.execute(f'comment on column release.main.{name}."{column}" is {_quote(comment)}')


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_release(
    connection: duckdb.DuckDBPyConnection,
    staging: Path,
    release_id: str,
    run_id: str,
    validated_suites: dict[str, str] | None = None,
    earlier_releases: list[dict] | None = None,
) -> dict[str, int]:
    """Write every served table into `staging` (database, Parquet, manifest); the row counts.
    The biggest tables are patched from a copy of the newest earlier release when it can serve
    as a base (orchestration/release_patch.py); the others are written whole."""
    tables = served_tables()
    (staging / PARQUET_DIR).mkdir(parents=True)
    database = staging / DATABASE_NAME
    base, why_whole = release_patch.find_base(connection, earlier_releases or [])
    if base is not None:
        release_patch.copy_base(base, database)
        connection.execute(f"attach {_quote(str(database))} as release")
    else:
        connection.execute(
            f"attach {_quote(str(database))} as release"
            f" (storage_version '{SERVING_STORAGE_VERSION}')"
        )
    written: dict[str, dict] = {}
    try:
        for name, source in tables.items():
            if base is not None and name in release_patch.PATCHABLE_TABLES:
                patched, why_not = release_patch.patch_table(connection, name, source, base)
                if patched is not None:
                    written[name] = patched
                    _copy_comments(connection, name, source)
                    continue
                why_whole = why_not
            connection.execute(f"drop table if exists release.main.{name}")
            connection.execute(f"create table release.main.{name} as select * from {source}")
            _copy_comments(connection, name, source)
            if name in release_patch.PATCHABLE_TABLES:
                written[name] = release_patch.written_whole(why_whole)
        if base is not None:  # a table the base served and this release does not
            for (stale,) in connection.execute(
                "select table_name from duckdb_tables() where database_name = 'release'"
            ).fetchall():
                if stale not in tables:
                    connection.execute(f"drop table release.main.{stale}")
        row_counts = {
            name: connection.execute(f"select count(*) from release.main.{name}").fetchall()[0][0]
            for name in tables
        }
        # The Parquet files are written from the release's tables, not from the working
        # database's: a served view (fct_comments) is then computed once, and both formats hold
        # the very same rows. In any row order (a table has none): DuckDB then writes with every
        # thread, about a sixth faster on fct_comments (4.5M rows at benchmark size M).
        connection.execute("set preserve_insertion_order = false")
        for name in tables:
            connection.execute(
                f"copy (select * from release.main.{name}) to "
                f"{_quote(str(staging / PARQUET_DIR / f'{name}.parquet'))} "
                f"(format parquet, {PARQUET_OPTIONS})"
            )
    finally:
        connection.execute("reset preserve_insertion_order")
        connection.execute("detach release")
    as_of = connection.execute("select as_of from temp.main.release_info").fetchall()[0][0]
    files = [database, *sorted((staging / PARQUET_DIR).iterdir())]
    manifest = {
        "release_id": release_id,
        "run_id": run_id,
        "as_of": str(as_of),
        "published_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "row_counts": row_counts,
        "validated_suites": validated_suites or {},
        # The dbt build the tables were published from, and how the biggest ones were written:
        # the next release can start from this one (orchestration/release_patch.py).
        "dbt_build": release_patch.latest_build(connection),
        "written": written,
        "files": {
            str(path.relative_to(staging)): {
                "bytes": path.stat().st_size,
                "sha256": file_sha256(path),
            }
            for path in files
        },
    }
    (staging / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    # Served files are read-only: a reader cannot change a release by accident (a BI tool that
    # opens the database read-write fails instead of writing into what others read).
    for path in [*files, staging / MANIFEST_NAME]:
        path.chmod(READ_ONLY)
    return row_counts


def _replace_symlink(link: Path, target: str) -> None:
    """Point `link` at `target` in one atomic step (a new symlink renamed over the old one)."""
    temporary = link.parent / f".{link.name}.{os.getpid()}.tmp"
    temporary.unlink(missing_ok=True)
    os.symlink(target, temporary)
    os.replace(temporary, link)


def _ensure_stable_paths(serving_dir: Path) -> None:
    """serving/marts.duckdb and serving/parquet as symlinks through `current`. A warehouse served
    before releases existed holds real files there: they are replaced (the file by one rename; the
    old Parquet folder is removed once the link is in place)."""
    _replace_symlink(serving_dir / DATABASE_NAME, f"{CURRENT}/{DATABASE_NAME}")
    parquet = serving_dir / PARQUET_DIR
    if parquet.is_dir() and not parquet.is_symlink():
        legacy = serving_dir / f".legacy-{PARQUET_DIR}-{os.getpid()}"
        os.rename(parquet, legacy)
        _replace_symlink(parquet, f"{CURRENT}/{PARQUET_DIR}")
        shutil.rmtree(legacy, ignore_errors=True)
    elif not parquet.is_symlink():
        _replace_symlink(parquet, f"{CURRENT}/{PARQUET_DIR}")


def make_current(serving_dir: Path, release_id: str) -> None:
    """Make a complete release current: one rename of the pointer, the last step (the stable paths
    are links through the pointer, put in place first, so nothing after the swap can fail)."""
    is_name = bool(release_id) and not release_id.startswith(".") and "/" not in release_id
    if not is_name or not (releases_dir(serving_dir) / release_id / MANIFEST_NAME).is_file():
        raise ReleaseError(f"no complete release {release_id} under {releases_dir(serving_dir)}")
    _ensure_stable_paths(serving_dir)
    _replace_symlink(serving_dir / CURRENT, f"{RELEASES}/{release_id}")


def current_release_id(serving_dir: Path) -> str | None:
    pointer = serving_dir / CURRENT
    if not pointer.is_symlink():
        return None
    return Path(os.readlink(pointer)).name


def list_releases(serving_dir: Path) -> list[dict]:
    """Every complete release, oldest first, with its manifest and whether it is current."""
    releases = releases_dir(serving_dir)
    if not releases.is_dir():
        return []
    current = current_release_id(serving_dir)
    found = []
    for directory in sorted(releases.iterdir()):
        manifest = directory / MANIFEST_NAME
        if directory.name.startswith(".") or not manifest.is_file():
            continue
        details = json.loads(manifest.read_text())
        found.append({**details, "is_current": directory.name == current, "path": str(directory)})
    return found


def prune(serving_dir: Path, keep: int) -> list[str]:
    """Remove the oldest releases beyond `keep`, never the current one; the ids removed."""
    current = current_release_id(serving_dir)
    removable = [r["release_id"] for r in list_releases(serving_dir) if r["release_id"] != current]
    excess = len(removable) - (keep - (1 if current else 0))
    removed = removable[: max(excess, 0)]
    for release_id in removed:
        shutil.rmtree(releases_dir(serving_dir) / release_id, ignore_errors=True)
    return removed


def publish(
    connection: duckdb.DuckDBPyConnection,
    serving_dir: Path,
    run_id: str,
    run_info: dict,
    keep: int = 5,
    audit: Callable[[dict[str, int], Path], None] | None = None,
    older_becomes_current: bool = False,
    validated_suites: dict[str, str] | None = None,
) -> PublishedRelease:
    """Write the served tables from the working database (open on `connection`) as a new release
    under serving_dir, make it current, and keep the last `keep` releases. `audit` sees the new
    release's row counts and its staged database before it becomes visible; when it raises, the
    release is dropped and the current one stays. A release whose as_of is older than the current
    one's (a backfill) is kept beside it and does not become current, unless
    `older_becomes_current`: readers never go back in time by accident. `validated_suites`:
    the digests of the Great Expectations suites the tables passed before this publish, recorded
    in the manifest (so the next run need not validate the rows this release holds again)."""
    serving_dir.mkdir(parents=True, exist_ok=True)
    clean_staged(serving_dir)
    release_id = new_release_id(run_id)
    connection.execute(
        "create or replace temp table release_info as select ? as run_id, ? as release_id,"
        " parameters.*, ? as run_settings, current_timestamp::timestamp as published_at"
        " from staging.stg_run_parameters as parameters",
        [run_id, release_id, json.dumps(run_info, sort_keys=True, default=str)],
    )
    staging = releases_dir(serving_dir) / f"{STAGING_PREFIX}{release_id}"
    ensure_quality_tables(connection)
    # The release lists itself in its publish_log; the row goes again if the publish fails.
    connection.execute(
        "insert into raw.publish_log select ?, ?, as_of, ?, current_timestamp::timestamp"
        " from temp.main.release_info",
        [run_id, release_id, len(served_tables())],
    )
    earlier_releases = list_releases(serving_dir)
    try:
        row_counts = _write_release(
            connection, staging, release_id, run_id, validated_suites, earlier_releases
        )
        if audit is not None:
            audit(row_counts, staging / DATABASE_NAME)
    except Exception:
        shutil.rmtree(staging, ignore_errors=True)
        connection.execute("delete from raw.publish_log where release_id = ?", [release_id])
        raise
    final = releases_dir(serving_dir) / release_id
    os.rename(staging, final)  # complete: now a release, not yet current
    as_of = json.loads((final / MANIFEST_NAME).read_text())["as_of"]
    current = current_manifest(serving_dir)
    current_as_of = current["as_of"] if current else None
    is_older = current_as_of is not None and _as_time(as_of) < _as_time(current_as_of)
    becomes_current = older_becomes_current or not is_older
    if becomes_current:
        make_current(serving_dir, release_id)
    prune(serving_dir, keep)
    if becomes_current:
        database = serving_dir / DATABASE_NAME
        parquet_files = {name: serving_dir / PARQUET_DIR / f"{name}.parquet" for name in row_counts}
    else:
        database = final / DATABASE_NAME
        parquet_files = {name: final / PARQUET_DIR / f"{name}.parquet" for name in row_counts}
    return PublishedRelease(
        release_id,
        final,
        database,
        parquet_files,
        row_counts,
        as_of=as_of,
        is_current=becomes_current,
        current_as_of=current_as_of,
    )


def current_manifest(serving_dir: Path) -> dict | None:
    """The current release's manifest; None before the first publish."""
    manifest = serving_dir / CURRENT / MANIFEST_NAME
    return json.loads(manifest.read_text()) if manifest.is_file() else None


def _as_time(text: str) -> datetime:
    return datetime.fromisoformat(text)
