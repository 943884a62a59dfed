"""Small pure pieces of the orchestration: dbt arguments, the sensor's run key, settings."""

from __future__ import annotations

import json
import os

from conftest import write_jsonl, write_text

from orchestration.dbt_args import dbt_build_args, dbt_environment
from orchestration.sensors import dump_files_fingerprint
from orchestration.settings import BignoiseSettings


def settings(**changes) -> BignoiseSettings:
    return BignoiseSettings(dumps_dir="d", warehouse_dir="/tmp/wh", **changes)


def test_dbt_build_args_pass_the_window_and_leave_as_of_to_the_data():
    args = dbt_build_args(settings(window_days=90))
    assert args[:2] == ["build", "--vars"]
    assert json.loads(args[2]) == {
        "as_of": None,
        "window_days": 90,
        "window_posts": 30,
        "min_post_age_hours": 24,
        "niche_taxonomy_mode": "extend",
    }
    replacing = dbt_build_args(settings(niche_taxonomy_mode="replace"))
    assert json.loads(replacing[2])["niche_taxonomy_mode"] == "replace"
    assert json.loads(dbt_build_args(settings(as_of="2026-01-02 03:04:05"))[2])["as_of"] == (
        "2026-01-02 03:04:05"
    )


def test_unit_tests_run_in_a_pipeline_run_only_when_asked():
    assert dbt_build_args(settings())[3:] == ["--exclude-resource-type", "unit_test"]
    assert dbt_build_args(settings(dbt_unit_tests="run"))[3:] == []


def test_dbt_reads_the_same_database_the_ingestion_writes():
    environment = dbt_environment(settings())
    assert environment["BIGNOISE_WORK_DATABASE"] == "/tmp/wh/work/bignoise.duckdb"


def test_relative_paths_resolve_against_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert settings().dumps_path == tmp_path / "d"


def test_settings_come_from_environment_variables(monkeypatch):
    monkeypatch.setenv("BIGNOISE_WINDOW_POSTS", "12")
    monkeypatch.setenv("BIGNOISE_AS_OF", "2026-05-01T02:00:00+02:00")
    monkeypatch.delenv("BIGNOISE_DUMPS_DIR", raising=False)
    from_env = BignoiseSettings.from_env()
    assert (from_env.window_posts, from_env.as_of) == (12, "2026-05-01 00:00:00")
    assert from_env.dumps_path.parts[-2:] == ("data", "dumps")


def test_the_sensor_run_key_follows_file_paths_sizes_and_times(tmp_path):
    assert dump_files_fingerprint(tmp_path) is None
    write_jsonl(tmp_path / "posts" / "a.jsonl", [{"a": 1}])
    write_text(tmp_path / "posts" / "notes.txt", "not a dump file")
    first = dump_files_fingerprint(tmp_path)
    assert first is not None and dump_files_fingerprint(tmp_path) == first
    write_jsonl(tmp_path / "comments" / "b.jsonl", [{"b": 1}])
    second = dump_files_fingerprint(tmp_path)
    assert second != first
    later = os.stat(tmp_path / "comments" / "b.jsonl").st_mtime_ns + 10**9
    os.utime(tmp_path / "comments" / "b.jsonl", ns=(later, later))
    assert dump_files_fingerprint(tmp_path) != second


def test_unset_flags_fall_back_to_the_environment(monkeypatch):
    from orchestration.cli import build_parser, settings_from_args

    monkeypatch.setenv("BIGNOISE_WINDOW_POSTS", "5")
    args = build_parser().parse_args(["run", "--dumps", "d", "--warehouse", "w"])
    assert (settings_from_args(args).window_posts, settings_from_args(args).window_days) == (5, 180)
    flagged = build_parser().parse_args(
        ["run", "--dumps", "d", "--warehouse", "w", "--window-posts", "9"]
    )
    assert settings_from_args(flagged).window_posts == 9


def test_as_of_on_the_command_line_is_normalised_to_utc():
    import argparse

    import pytest

    from orchestration.cli import _iso_timestamp

    assert _iso_timestamp("2026-10-31T02:00:00+02:00") == "2026-10-31 00:00:00"
    assert _iso_timestamp("2026-10-31T00:00:00Z") == "2026-10-31 00:00:00"
    assert _iso_timestamp("2026-10-31") == "2026-10-31 00:00:00"
    with pytest.raises(argparse.ArgumentTypeError):
        _iso_timestamp("last week")


def test_each_warehouse_keeps_its_own_pseudonym_key(tmp_path, monkeypatch):
    monkeypatch.delenv("BIGNOISE_PSEUDONYM_KEY", raising=False)
    first = dbt_environment(settings_for(tmp_path / "one"))
    monkeypatch.setattr(os, "environ", {**os.environ, **first})  # as the dbt asset does
    second = dbt_environment(settings_for(tmp_path / "two"))
    assert first["BIGNOISE_RUN_PSEUDONYM_KEY"] != second["BIGNOISE_RUN_PSEUDONYM_KEY"]
    assert (tmp_path / "two" / "work" / "pseudonym.key").read_text().strip() == (
        second["BIGNOISE_RUN_PSEUDONYM_KEY"]
    )
    monkeypatch.setenv("BIGNOISE_PSEUDONYM_KEY", "shared-secret")
    assert dbt_environment(settings_for(tmp_path / "three"))["BIGNOISE_RUN_PSEUDONYM_KEY"] == (
        "shared-secret"
    )


def settings_for(warehouse) -> BignoiseSettings:
    return BignoiseSettings(dumps_dir="d", warehouse_dir=str(warehouse))


def test_full_refresh_only_when_the_dbt_project_changed_since_the_last_build(tmp_path, monkeypatch):
    from orchestration import incremental_state

    project = tmp_path / "dbt_project"
    (project / "models").mkdir(parents=True)
    (project / "models" / "a.sql").write_text("select 1 as a\n")
    from orchestration.run_inputs import DBT_CODE_FILES

    for name in DBT_CODE_FILES:
        (project / name).write_text("name: x\n")
    monkeypatch.setattr(incremental_state, "DBT_PROJECT_DIR", project)
    run_settings = BignoiseSettings(dumps_dir="d", warehouse_dir=str(tmp_path / "warehouse"))

    assert incremental_state.full_refresh_needed(run_settings)  # a new warehouse
    incremental_state.remember_built_project(run_settings)
    assert not incremental_state.full_refresh_needed(run_settings)
    (project / "models" / "a.sql").write_text("select 2 as a\n")  # a model changed
    assert incremental_state.full_refresh_needed(run_settings)
    incremental_state.remember_built_project(run_settings)
    (project / "models" / "notes.txt").write_text("not dbt code\n")  # not part of the project
    assert not incremental_state.full_refresh_needed(run_settings)
    incremental_state.forget_built_project(run_settings)  # `bignoise run --rebuild`
    assert incremental_state.full_refresh_needed(run_settings)
    assert dbt_build_args(run_settings, full_refresh=True)[3] == "--full-refresh"
