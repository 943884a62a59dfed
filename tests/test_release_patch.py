"""A release patches fct_comments from the last release's copy (orchestration/release_patch.py).

No pipeline run: a small working database stands in for the dbt output, with the two relations
the patch reads (intermediate.int_comments_flagged with computed_by_invocation, and
intermediate.int_dbt_builds) and marts.fct_comments as a view projecting the flags, as the dbt
model does. Each test compares the served table with the working view, read here, and checks
which way the manifest says the table was written. The pipeline's own patched releases are
compared with a full rebuild in tests/test_incremental_runs.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

import orchestration.release_patch as release_patch
from orchestration.expectations import SERVED_MARTS
from orchestration.publish import MANIFEST_NAME, PublishedRelease, publish

FLAGS = "intermediate.int_comments_flagged"
BUILDS = "intermediate.int_dbt_builds"


class Warehouse:
    def __init__(self, root: Path):
        self.serving = root / "serving"
        (root / "work").mkdir(parents=True)
        self.connection = duckdb.connect(str(root / "work" / "bignoise.duckdb"))
        execute = self.connection.execute
        execute("set TimeZone = 'UTC'")
        for schema in ("marts", "raw", "staging", "intermediate"):
            execute(f"create schema {schema}")
        execute(
            "create table staging.stg_run_parameters as"
            " select timestamp '2026-01-02 00:00:00' as as_of, 30 as window_days"
        )
        execute("create table raw.ingest_log as select 'run' as run_id, 'a.jsonl' as file")
        for table in SERVED_MARTS:
            if table != "fct_comments":
                execute(f"create table marts.{table} as select 1 as v")
        execute(f"create table {BUILDS} (invocation_id varchar, built_at timestamp)")
        execute(
            f"create table {FLAGS} (comment_key varchar, is_suspicious boolean,"
            " text_normalized varchar, computed_by_invocation varchar)"
        )
        # The served projection: no text, as the dbt model leaves it out.
        execute(f"create view marts.fct_comments as select comment_key, is_suspicious from {FLAGS}")
        self.builds = 0

    def build(self, sql: str = "") -> str:
        """One 'dbt build': log it, then run `sql` (with {build} for its invocation id)."""
        self.builds += 1
        build = f"build-{self.builds}"
        self.connection.execute(
            f"insert into {BUILDS} values (?, timestamp '2026-12-01 00:00:00' + to_hours(?))",
            [build, self.builds],
        )
        if sql:
            self.connection.execute(sql.format(build=build))
        return build

    def publish(self) -> tuple[PublishedRelease, dict]:
        release = publish(self.connection, self.serving, f"{self.builds:08d}-run", {})
        manifest = json.loads((release.directory / MANIFEST_NAME).read_text())
        return release, manifest

    def working_rows(self) -> list[tuple]:
        return self.connection.execute("select * from marts.fct_comments order by all").fetchall()


def served_rows(release: PublishedRelease) -> list[tuple]:
    with duckdb.connect(str(release.directory / "marts.duckdb"), read_only=True) as served:
        rows = served.execute("select * from fct_comments order by all").fetchall()
    with duckdb.connect() as reader:
        parquet = str(release.directory / "parquet" / "fct_comments.parquet")
        assert (
            reader.execute("select * from read_parquet(?) order by all", [parquet]).fetchall()
            == rows
        )
    return rows


@pytest.fixture
def warehouse(tmp_path):
    created = Warehouse(tmp_path / "wh")
    yield created
    created.connection.close()


FIRST_BUILD = (
    f"insert into {FLAGS} select 'c' || lpad(i::varchar, 3, '0'), i % 7 = 0, 'text ' || i,"
    " '{build}' from range(100) as t(i)"
)


def test_the_second_release_applies_only_what_changed_since_the_first(warehouse):
    warehouse.build(FIRST_BUILD)
    first, first_manifest = warehouse.publish()
    assert first_manifest["dbt_build"] == "build-1"
    assert first_manifest["written"]["fct_comments"] == {
        "how": "whole",
        "why": "no earlier release",
        "deleted_rows_since_whole_write": 0,
    }
    before = served_rows(first)
    assert len(before) == 100

    # Build 2 changes 5 rows, leaves 3 comments out (no longer visible) and adds 4.
    warehouse.build(
        f"update {FLAGS} set is_suspicious = not is_suspicious,"
        " computed_by_invocation = '{build}'"
        " where comment_key in ('c001', 'c002', 'c003', 'c004', 'c005');"
        f" delete from {FLAGS} where comment_key in ('c010', 'c011', 'c012');"
        f" insert into {FLAGS} select 'n' || i, true, 'new', '{{build}}' from range(4) as t(i)"
    )
    # Build 3 touches nothing fct_comments shows, but rewrites a row with the same values.
    warehouse.build(
        f"update {FLAGS} set computed_by_invocation = '{{build}}' where comment_key = 'c020'"
    )
    second, manifest = warehouse.publish()

    assert served_rows(second) == warehouse.working_rows()
    assert len(served_rows(second)) == 100 - 3 + 4
    assert manifest["written"]["fct_comments"] == {
        "how": "patched",
        "base_release": first.release_id,
        "base_dbt_build": "build-1",
        "rows_deleted": 5 + 3 + 1,  # the changed, the gone, and the rewritten one
        "rows_inserted": 5 + 4 + 1,
        "deleted_rows_since_whole_write": 9,
    }
    assert manifest["dbt_build"] == "build-3"
    assert manifest["row_counts"]["fct_comments"] == 101
    assert served_rows(first) == before  # the base release itself is untouched
    # The other tables are written whole, from this run's working tables.
    with duckdb.connect(str(second.directory / "marts.duckdb"), read_only=True) as served:
        assert served.execute("select release_id from release_info").fetchall() == [
            (second.release_id,)
        ]

    # A third release patches from the second, and counts the deletions since the whole write.
    warehouse.build(f"delete from {FLAGS} where comment_key = 'c030'")
    third, third_manifest = warehouse.publish()
    assert served_rows(third) == warehouse.working_rows()
    assert third_manifest["written"]["fct_comments"]["base_release"] == second.release_id
    assert third_manifest["written"]["fct_comments"]["deleted_rows_since_whole_write"] == 10


def test_a_full_refresh_since_the_last_release_means_a_whole_write(warehouse):
    warehouse.build(FIRST_BUILD)
    warehouse.publish()
    # A full refresh starts the build log and the flags again: the base's build is not there.
    warehouse.connection.execute(f"delete from {BUILDS}; delete from {FLAGS}")
    warehouse.build(FIRST_BUILD.replace("i % 7 = 0", "i % 5 = 0"))
    second, manifest = warehouse.publish()
    assert served_rows(second) == warehouse.working_rows()
    written = manifest["written"]["fct_comments"]
    assert written["how"] == "whole"
    assert "is not in the build log" in written["why"]


def test_other_columns_mean_a_whole_write(warehouse):
    warehouse.build(FIRST_BUILD)
    warehouse.publish()
    warehouse.connection.execute(
        "create or replace view marts.fct_comments as"
        f" select comment_key, is_suspicious, length(text_normalized) as text_length from {FLAGS}"
    )
    warehouse.build()
    second, manifest = warehouse.publish()
    assert served_rows(second) == warehouse.working_rows()
    assert manifest["written"]["fct_comments"]["how"] == "whole"
    assert "other columns" in manifest["written"]["fct_comments"]["why"]


def test_a_base_with_many_deleted_rows_is_compacted_by_a_whole_write(warehouse, monkeypatch):
    monkeypatch.setattr(release_patch, "MAX_DELETED_SHARE", 0.05)
    warehouse.build(FIRST_BUILD)
    warehouse.publish()
    warehouse.build(f"delete from {FLAGS} where comment_key < 'c006'")  # 6 of 100
    _, patched = warehouse.publish()
    assert patched["written"]["fct_comments"]["how"] == "patched"
    warehouse.build(
        f"update {FLAGS} set computed_by_invocation = '{{build}}' where comment_key = 'c050'"
    )
    third, manifest = warehouse.publish()
    assert served_rows(third) == warehouse.working_rows()
    assert manifest["written"]["fct_comments"]["how"] == "whole"
    assert "6 of 94 rows deleted by patches" in manifest["written"]["fct_comments"]["why"]
    assert manifest["written"]["fct_comments"]["deleted_rows_since_whole_write"] == 0


def test_a_warehouse_without_a_build_log_writes_whole(tmp_path):
    warehouse = Warehouse(tmp_path / "wh")
    warehouse.connection.execute(f"drop table {BUILDS}")
    warehouse.connection.execute(f"insert into {FLAGS} values ('c1', false, 'a', null)")
    warehouse.publish()
    second, manifest = warehouse.publish()
    assert manifest["dbt_build"] is None
    assert "does not record its dbt build" in manifest["written"]["fct_comments"]["why"]
    assert served_rows(second) == warehouse.working_rows()
    warehouse.connection.close()
