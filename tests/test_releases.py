"""The write-audit-publish release layout of orchestration/publish.py and the CLI over it.

No pipeline run: a small working database stands in for the dbt output (one table per served
mart, raw.ingest_log, staging.stg_run_parameters). Publish number n writes v = n into every mart
and n rows into ingest_log, under a run id starting with n on 8 digits, so the release id (which
ends with run_id[:8]) tells which publish a value must come from.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

import orchestration.publish as publish_module
from orchestration.cli import main
from orchestration.expectations import SERVED_MARTS
from orchestration.publish import (
    MANIFEST_NAME,
    STAGING_PREFIX,
    PublishedRelease,
    current_release_id,
    list_releases,
    make_current,
    prune,
    served_tables,
)

REPO = Path(__file__).resolve().parents[1]
COMPAT_PYTHON = REPO / "tests" / "compat" / "duckdb1" / ".venv" / "bin" / "python"
MART = SERVED_MARTS[0]


class Crash(Exception):
    """Raised by a patched step to stand for a publish killed at that point."""


def number_of(release_id: str) -> int:
    """The publish number a release id was made for (its run id prefix)."""
    return int(release_id.rsplit("-", 1)[1])


class Warehouse:
    """A warehouse folder with a working database shaped like the dbt output."""

    def __init__(self, root: Path):
        self.root = root
        self.serving = root / "serving"
        (root / "work").mkdir(parents=True)
        self.connection = duckdb.connect(str(root / "work" / "bignoise.duckdb"))
        self.connection.execute("set TimeZone = 'UTC'")
        for schema in ("marts", "raw", "staging"):
            self.connection.execute(f"create schema {schema}")

    def stage(self, n: int) -> None:
        """Working tables for publish number n."""
        execute = self.connection.execute
        for index, table in enumerate(SERVED_MARTS):
            execute(
                f"create or replace table marts.{table} as select {n}::integer as v,"
                f" i::integer as row_number from range({index + 1 + n}) as t(i)"
            )
            execute(f"comment on table marts.{table} is 'table {table}'")
            execute(f"comment on column marts.{table}.v is 'the publish''s number ({table})'")
        execute(
            "create or replace table raw.ingest_log as select 'run' as run_id,"
            f" 'dumps/posts-' || i || '.jsonl' as file, 'loaded' as status from range({n}) as t(i)"
        )
        execute(
            "create or replace table staging.stg_run_parameters as select"
            f" timestamp '2026-01-01 00:00:00' + to_days({n}) as as_of, 30 as window_days"
        )

    def publish(self, n: int, keep: int = 5, connection=None) -> PublishedRelease:
        self.stage(n)
        return publish_module.publish(
            connection or self.connection,
            self.serving,
            f"{n:08d}-0000-run",
            {"publish": n},
            keep,
        )

    def ids(self) -> list[str]:
        return [release["release_id"] for release in list_releases(self.serving)]


@pytest.fixture
def warehouse(tmp_path):
    created = Warehouse(tmp_path / "wh")
    yield created
    created.connection.close()


def read_served(database: Path) -> tuple[str, int, int]:
    """(release_id, mart value, ingest_log rows) read in one connection."""
    with duckdb.connect(str(database), read_only=True) as connection:
        (release_id,) = connection.execute("select release_id from release_info").fetchone()
        value, logged = connection.execute(
            f"select (select max(v) from {MART}), (select count(*) from ingest_log)"
        ).fetchone()
    return release_id, value, logged


def assert_serves(warehouse: Warehouse, release_id: str) -> None:
    """Both stable paths resolve into this release, and its values are read through them."""
    serving = warehouse.serving
    release = serving / "releases" / release_id
    assert current_release_id(serving) == release_id
    assert (serving / "marts.duckdb").resolve() == (release / "marts.duckdb").resolve()
    assert (serving / "parquet").resolve() == (release / "parquet").resolve()
    n = number_of(release_id)
    assert read_served(serving / "marts.duckdb") == (release_id, n, n)
    parquet = serving / "parquet" / "release_info.parquet"
    with duckdb.connect() as connection:
        assert connection.execute(
            "select release_id from read_parquet(?)", [str(parquet)]
        ).fetchall() == [(release_id,)]


def assert_nothing_staged_visible(warehouse: Warehouse) -> None:
    visible = sorted(warehouse.serving.glob("parquet/*.parquet"))
    assert sorted(path.name for path in visible) == sorted(f"{t}.parquet" for t in served_tables())
    assert not [path for path in visible if STAGING_PREFIX in str(path.resolve())]
    assert not list(warehouse.serving.glob("parquet/.*"))


def leftovers(warehouse: Warehouse) -> list[str]:
    """Staging folders and hidden files a publish may leave in the serving folder."""
    staged = [p.name for p in (warehouse.serving / "releases").glob(f"{STAGING_PREFIX}*")]
    hidden = [p.name for p in warehouse.serving.iterdir() if p.name.startswith(".")]
    return staged + hidden


# 1. Layout of one release


def test_one_publish_lays_out_a_release_behind_the_current_pointer(warehouse):
    release = warehouse.publish(1)
    serving = warehouse.serving
    directory = serving / "releases" / release.release_id
    assert release.directory == directory and number_of(release.release_id) == 1
    assert (serving / "current").is_symlink()
    assert os.readlink(serving / "current") == f"releases/{release.release_id}"
    assert (serving / "marts.duckdb").is_symlink() and (serving / "parquet").is_symlink()
    assert_serves(warehouse, release.release_id)
    assert sorted(p.name for p in serving.iterdir()) == [
        "current",
        "marts.duckdb",
        "parquet",
        "releases",
    ]

    manifest = json.loads((directory / MANIFEST_NAME).read_text())
    served_files = [directory / MANIFEST_NAME, *(directory / name for name in manifest["files"])]
    assert all(path.stat().st_mode & 0o777 == 0o444 for path in served_files)  # read-only
    assert manifest["release_id"] == release.release_id
    assert manifest["run_id"] == "00000001-0000-run"
    assert manifest["as_of"] == "2026-01-02 00:00:00"
    assert set(manifest["row_counts"]) == set(served_tables())
    assert manifest["row_counts"] == release.row_counts
    with duckdb.connect(str(serving / "marts.duckdb"), read_only=True) as served:
        for table, rows in manifest["row_counts"].items():
            assert served.execute(f"select count(*) from {table}").fetchone()[0] == rows
        for index, table in enumerate(SERVED_MARTS):
            assert manifest["row_counts"][table] == index + 2
    with duckdb.connect() as reader:
        for table, rows in manifest["row_counts"].items():
            parquet = str(serving / "parquet" / f"{table}.parquet")
            assert reader.execute("select count(*) from read_parquet(?)", [parquet]).fetchone()[
                0
            ] == (rows)
    expected_files = {"marts.duckdb", *(f"parquet/{t}.parquet" for t in served_tables())}
    assert set(manifest["files"]) == expected_files
    for name, facts in manifest["files"].items():
        data = (directory / name).read_bytes()
        assert facts == {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}, name

    with duckdb.connect(str(serving / "marts.duckdb"), read_only=True) as served:
        info = served.execute(
            "select run_id, release_id, as_of::varchar, window_days, run_settings from release_info"
        ).fetchall()
        assert info == [
            ("00000001-0000-run", release.release_id, "2026-01-02 00:00:00", 30, '{"publish": 1}')
        ]
        info_columns = [c[0] for c in served.execute("describe release_info").fetchall()]
        comments = dict(
            served.execute(
                "select table_name || '.' || column_name, comment from duckdb_columns()"
                " where database_name = current_database() and comment is not null"
            ).fetchall()
        )
        tables = dict(
            served.execute(
                "select table_name, comment from duckdb_tables()"
                " where database_name = current_database() and comment is not null"
            ).fetchall()
        )
    log_comments = publish_module.LOG_TABLE_COMMENTS
    present = {
        "ingest_log": ("run_id", "file", "status"),
        "release_info": tuple(info_columns),
        "quality_results": tuple(log_comments["quality_results"][1]),
        "publish_log": tuple(log_comments["publish_log"][1]),
    }
    assert comments == {
        **{f"{t}.v": f"the publish's number ({t})" for t in SERVED_MARTS},
        **{
            f"{name}.{column}": log_comments[name][1][column]
            for name, columns in present.items()
            for column in columns
            if column in log_comments[name][1]
        },
    }
    assert {"release_info.run_id", "release_info.release_id", "ingest_log.file"} <= set(comments)
    assert tables == {
        **{t: f"table {t}" for t in SERVED_MARTS},
        **{name: text for name, (text, _) in log_comments.items()},
    }


def test_a_duckdb_1_client_reads_the_release_and_its_comments(warehouse):
    if not COMPAT_PYTHON.exists():
        pytest.skip("no DuckDB 1.x reader (tests/compat/duckdb1/.venv): run `make setup`")
    release = warehouse.publish(1)
    script = (
        "import duckdb, json, sys; c = duckdb.connect(sys.argv[1], read_only=True);"
        "print(json.dumps([duckdb.__version__,"
        " c.execute('select release_id from release_info').fetchall()[0][0],"
        f" c.execute(\"select comment from duckdb_columns() where table_name = '{MART}'"
        " and column_name = 'v'\").fetchall()[0][0]]))"
    )
    opened = subprocess.run(
        [str(COMPAT_PYTHON), "-c", script, str(warehouse.serving / "marts.duckdb")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert opened.returncode == 0, opened.stderr
    version, release_id, comment = json.loads(opened.stdout)
    assert version.startswith("1.")
    assert release_id == release.release_id
    assert comment == f"the publish's number ({MART})"


# 2. Several releases, pruning


def test_a_second_publish_becomes_current_and_the_first_stays_listed(warehouse):
    first = warehouse.publish(1)
    second = warehouse.publish(2)
    found = list_releases(warehouse.serving)
    assert [r["release_id"] for r in found] == [first.release_id, second.release_id]
    assert [r["is_current"] for r in found] == [False, True]
    assert [r["row_counts"]["ingest_log"] for r in found] == [1, 2]
    assert_serves(warehouse, second.release_id)


def test_keep_prunes_the_oldest_releases(warehouse):
    first, second = warehouse.publish(1, keep=2), warehouse.publish(2, keep=2)
    assert warehouse.ids() == [first.release_id, second.release_id]
    third = warehouse.publish(3, keep=2)
    assert warehouse.ids() == [second.release_id, third.release_id]
    assert not (warehouse.serving / "releases" / first.release_id).exists()
    assert_serves(warehouse, third.release_id)


def test_prune_never_removes_the_current_release_after_a_rollback(warehouse):
    ids = [warehouse.publish(n, keep=3).release_id for n in (1, 2, 3)]
    make_current(warehouse.serving, ids[0])  # a rollback to the oldest
    assert prune(warehouse.serving, keep=2) == [ids[1]]
    assert warehouse.ids() == [ids[0], ids[2]]
    assert prune(warehouse.serving, keep=1) == [ids[2]]
    assert prune(warehouse.serving, keep=0) == []
    assert warehouse.ids() == [ids[0]]
    assert_serves(warehouse, ids[0])
    # A publish after the rollback keeps the new current release and the newest others.
    make_current(warehouse.serving, ids[0])
    fourth = warehouse.publish(4, keep=2)
    assert warehouse.ids() == [ids[0], fourth.release_id]
    fifth = warehouse.publish(5, keep=2)
    assert warehouse.ids() == [fourth.release_id, fifth.release_id]
    assert_serves(warehouse, fifth.release_id)


# 3. The command line


def test_cli_lists_releases_and_rolls_back(warehouse, capsys):
    first, second, third = (warehouse.publish(n) for n in (1, 2, 3))
    root = str(warehouse.root)
    capsys.readouterr()

    assert main(["releases", "--warehouse", root, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(r["release_id"], r["is_current"]) for r in listed] == [
        (first.release_id, False),
        (second.release_id, False),
        (third.release_id, True),
    ]
    assert listed[2]["run_id"] == "00000003-0000-run"
    assert listed[2]["row_counts"] == third.row_counts

    assert main(["rollback", "--warehouse", root]) == 0
    out = capsys.readouterr().out
    assert f"release {second.release_id} is current (was {third.release_id})" in out
    assert_serves(warehouse, second.release_id)
    assert main(["rollback", "--warehouse", root]) == 0
    assert_serves(warehouse, first.release_id)
    capsys.readouterr()

    assert main(["rollback", "--warehouse", root]) == 2
    assert f"no release before {first.release_id}" in capsys.readouterr().err
    assert_serves(warehouse, first.release_id)

    assert main(["rollback", "--warehouse", root, "20990101T000000000000Z-nosuch"]) == 2
    error = capsys.readouterr().err
    assert "20990101T000000000000Z-nosuch" in error
    assert all(r.release_id in error for r in (first, second, third))
    assert_serves(warehouse, first.release_id)

    assert main(["rollback", "--warehouse", root, third.release_id]) == 0
    assert_serves(warehouse, third.release_id)
    capsys.readouterr()
    assert main(["releases", "--warehouse", root, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [r["is_current"] for r in listed] == [False, False, True]


def test_cli_rollback_with_nothing_published_says_so(warehouse, capsys):
    assert main(["rollback", "--warehouse", str(warehouse.root)]) == 2
    error = capsys.readouterr().err
    assert "None" not in error


def test_cli_rollback_refuses_a_staging_folder(warehouse, monkeypatch, capsys):
    first = warehouse.publish(1)
    real_rename = os.rename

    def rename(source, target, *args, **kwargs):
        if Path(source).name.startswith(STAGING_PREFIX):
            raise Crash("killed before the rename")
        return real_rename(source, target, *args, **kwargs)

    monkeypatch.setattr(publish_module.os, "rename", rename)
    with pytest.raises(Crash):
        warehouse.publish(2)
    monkeypatch.undo()
    (staged,) = (warehouse.serving / "releases").glob(f"{STAGING_PREFIX}*")
    assert (staged / MANIFEST_NAME).is_file()
    assert main(["rollback", "--warehouse", str(warehouse.root), staged.name]) == 2
    assert_serves(warehouse, first.release_id)


# 4. A publish killed at any stage


class FailingCopy:
    """The working connection, except that the first Parquet COPY fails."""

    def __init__(self, connection: duckdb.DuckDBPyConnection):
        self.connection = connection

    def execute(self, sql: str, *parameters):
        if sql.lstrip().lower().startswith("copy"):
            raise Crash("killed after the database, before Parquet")
        return self.connection.execute(sql, *parameters)


def raise_once(function):
    calls = []

    def wrapper(*args, **kwargs):
        if not calls:
            calls.append(args)
            raise Crash(f"killed in {function.__name__}")
        return function(*args, **kwargs)

    return wrapper


@pytest.mark.parametrize(
    "stage", ["before_parquet", "checksums", "before_rename", "before_pointer", "before_links"]
)
def test_a_killed_publish_leaves_a_whole_release_served_and_the_next_one_recovers(
    warehouse, monkeypatch, stage
):
    first = warehouse.publish(1)
    connection = None
    if stage == "before_parquet":
        connection = FailingCopy(warehouse.connection)
    elif stage == "checksums":
        monkeypatch.setattr(publish_module, "file_sha256", raise_once(publish_module.file_sha256))
    elif stage == "before_rename":
        real_rename = os.rename

        def rename(source, target, *args, **kwargs):
            if Path(source).name.startswith(STAGING_PREFIX):
                raise Crash("killed before the rename")
            return real_rename(source, target, *args, **kwargs)

        monkeypatch.setattr(publish_module.os, "rename", rename)
    elif stage == "before_pointer":
        monkeypatch.setattr(publish_module, "make_current", raise_once(make_current))
    else:
        monkeypatch.setattr(
            publish_module,
            "_ensure_stable_paths",
            raise_once(publish_module._ensure_stable_paths),
        )
    with pytest.raises(Crash):
        warehouse.publish(2, connection=connection)
    monkeypatch.undo()

    staged = sorted((warehouse.serving / "releases").glob(f"{STAGING_PREFIX}*"))
    if stage == "before_rename":
        # Killed between staging and the rename: the staged release is left for the next run.
        assert len(staged) == 1
        assert (staged[0] / "marts.duckdb").is_file()
    else:
        # A failure while writing removes its staging folder at once; later stages left none.
        assert not staged
    # The pointer swap is the last step (the stable links are put in place before it): a crash at
    # any stage leaves the previous release served.
    assert_serves(warehouse, first.release_id)
    if stage in ("before_pointer", "before_links"):
        found = list_releases(warehouse.serving)
        assert [(number_of(r["release_id"]), r["is_current"]) for r in found] == [
            (1, True),
            (2, False),
        ]
    assert_nothing_staged_visible(warehouse)

    third = warehouse.publish(3)
    assert_serves(warehouse, third.release_id)
    assert_nothing_staged_visible(warehouse)
    assert leftovers(warehouse) == []
    assert [number_of(i) for i in warehouse.ids()] == (
        [1, 3] if stage in ("before_parquet", "checksums", "before_rename") else [1, 2, 3]
    )


# 5. Readers in another process during publishes

READER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    import duckdb

    kind, target, mart, ready, stop = sys.argv[1:6]
    ready, stop = Path(ready), Path(stop)
    reads, errors, pairs, slowest = 0, [], set(), 0.0
    started = time.monotonic()
    while True:
        elapsed = time.monotonic() - started
        if elapsed > 30 or (stop.exists() and elapsed > 3):
            break
        begin = time.monotonic()
        try:
            if kind == "database":
                with duckdb.connect(target, read_only=True) as c:
                    (release_id,) = c.execute("select release_id from release_info").fetchone()
                    value, logged = c.execute(
                        f"select (select max(v) from {mart}), (select count(*) from ingest_log)"
                    ).fetchone()
            else:
                with duckdb.connect() as c:
                    ((release_id, run_id, rows),) = c.execute(
                        "select release_id, run_id, count(*) over () from read_parquet(?)",
                        [target],
                    ).fetchall()
                    value, logged = int(run_id[:8]), rows
            pairs.add((release_id, value, logged))
            reads += 1
            ready.touch()
        except Exception as error:
            errors.append(repr(error))
        slowest = max(slowest, time.monotonic() - begin)
    print(json.dumps({"reads": reads, "errors": errors[:5], "error_count": len(errors),
                      "pairs": sorted(pairs), "slowest": slowest}))
    """
)


@pytest.mark.parametrize("kind", ["database", "parquet"])
def test_a_reader_never_blocks_nor_sees_half_a_release(warehouse, tmp_path, kind):
    published = [warehouse.publish(1).release_id]
    target = warehouse.serving / (
        "marts.duckdb" if kind == "database" else "parquet/release_info.parquet"
    )
    ready, stop = tmp_path / "ready", tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, kind, str(target), MART, str(ready), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while not ready.exists() and reader.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert ready.exists(), "the reader never read the first release"
        for n in range(2, 7):
            published.append(warehouse.publish(n).release_id)
            time.sleep(0.15)
        stop.touch()
        out, err = reader.communicate(timeout=60)
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.communicate()
    assert reader.returncode == 0, err
    report = json.loads(out)
    assert report["error_count"] == 0, report["errors"]
    assert report["reads"] > 10
    assert report["slowest"] < 2.0
    seen = {release_id for release_id, _, _ in report["pairs"]}
    assert len(seen) > 1
    assert seen <= set(published)
    expected_rows = (lambda n: n) if kind == "database" else (lambda n: 1)
    for release_id, value, logged in report["pairs"]:
        n = number_of(release_id)
        assert (value, logged) == (n, expected_rows(n)), release_id


# 6. Migration from the layout before releases


def test_the_next_publish_migrates_a_pre_release_serving_folder(warehouse):
    serving = warehouse.serving
    (serving / "parquet").mkdir(parents=True)
    with duckdb.connect(str(serving / "marts.duckdb")) as old:
        old.execute("create table release_info as select 'old' as release_id")
        old.execute(f"copy release_info to '{serving / 'parquet' / 'release_info.parquet'}'")
        old.execute(f"copy release_info to '{serving / 'parquet' / 'retired.parquet'}'")
    (serving / ".marts.x.duckdb").write_bytes(b"half written")
    (serving / "parquet" / ".t.x.parquet").write_bytes(b"half written")

    release = warehouse.publish(1)

    assert (serving / "marts.duckdb").is_symlink()
    assert os.readlink(serving / "marts.duckdb") == "current/marts.duckdb"
    assert (serving / "parquet").is_symlink()
    assert os.readlink(serving / "parquet") == "current/parquet"
    assert_serves(warehouse, release.release_id)
    assert not (serving / ".marts.x.duckdb").exists()
    assert not (serving / "parquet" / "retired.parquet").exists()
    assert_nothing_staged_visible(warehouse)
    assert leftovers(warehouse) == []
    assert sorted(p.name for p in serving.iterdir()) == [
        "current",
        "marts.duckdb",
        "parquet",
        "releases",
    ]
    second = warehouse.publish(2)
    assert_serves(warehouse, second.release_id)


def test_an_audit_that_fails_leaves_the_current_release_and_no_staging(warehouse):
    first = warehouse.publish(1)

    def refuse(row_counts, staged_database):
        assert row_counts  # the audit sees the new release's counts before it is visible
        assert staged_database.is_file() and publish_module.STAGING_PREFIX in str(staged_database)
        raise RuntimeError("row count gate")

    warehouse.stage(2)
    with pytest.raises(RuntimeError, match="row count gate"):
        publish_module.publish(
            warehouse.connection, warehouse.serving, "00000002-0000-run", {}, audit=refuse
        )
    assert_serves(warehouse, first.release_id)
    assert leftovers(warehouse) == []
    assert warehouse.ids() == [first.release_id]


# 7. A backfill never takes readers back in time by accident


def test_an_older_release_is_listed_beside_the_current_one_unless_asked(warehouse):
    newer = warehouse.publish(3)
    warehouse.stage(2)  # as_of one day earlier than the current release's
    older = publish_module.publish(warehouse.connection, warehouse.serving, "00000002-0000-run", {})
    assert not older.is_current and older.current_as_of == "2026-01-04 00:00:00"
    assert older.as_of == "2026-01-03 00:00:00"
    assert older.database == older.directory / "marts.duckdb"  # readable by its own path
    assert_serves(warehouse, newer.release_id)
    assert warehouse.ids() == [newer.release_id, older.release_id]

    warehouse.stage(1)
    asked = publish_module.publish(
        warehouse.connection,
        warehouse.serving,
        "00000001-0000-run",
        {},
        older_becomes_current=True,
    )
    assert asked.is_current and asked.database == warehouse.serving / "marts.duckdb"
    assert_serves(warehouse, asked.release_id)
