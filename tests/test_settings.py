"""Settings declared once (orchestration/settings.py), and `bignoise dbt`.

The Dagster resource, `from_env()`, `DEFAULTS` and the CLI's help derive from `SETTINGS`; what
cannot import Python (dbt's profile and vars, the docs) repeats the defaults, and these tests fail
the moment a copy differs. Then `bignoise dbt`: dbt run by hand against a warehouse the pipeline
built, with the pipeline's environment and vars.
"""

from __future__ import annotations

import json
import re
import typing
from pathlib import Path

import pytest
import yaml
from conftest import HANDMADE, HANDMADE_WINDOW, REPO, bignoise, bignoise_on_handmade
from pydantic import ValidationError

from orchestration.dbt_args import dbt_environment, dbt_vars
from orchestration.dbt_by_hand import (
    DbtByHandError,
    dbt_command,
    dbt_process_environment,
    may_write_models,
)
from orchestration.incremental_state import full_refresh_needed
from orchestration.settings import (
    DBT_PROJECT_DIR,
    DEFAULTS,
    SETTINGS,
    SETTINGS_BY_ENV_VAR,
    SETTINGS_BY_FIELD,
    BignoiseSettings,
    env,
)

ENV_VAR_CALL = re.compile(r"env_var\(\s*'(\w+)'\s*(?:,\s*'([^']*)')?")


def default_settings() -> BignoiseSettings:
    return BignoiseSettings(
        dumps_dir=DEFAULTS["BIGNOISE_DUMPS_DIR"], warehouse_dir=DEFAULTS["BIGNOISE_WAREHOUSE_DIR"]
    )


def markdown_table(text: str, heading: str) -> dict[str, list[str]]:
    """The first table under `heading`: first column's `code` -> the row's other cells."""
    section = text.split(heading, 1)[1]
    rows = {}
    for line in section.splitlines():
        if rows and not line.startswith("|"):
            break
        match = re.match(r"\|\s*`([A-Z_]+)`\s*\|(.*)\|\s*$", line)
        if match:
            rows[match[1]] = [cell.strip() for cell in match[2].split("|")]
    return rows


# The declaration drives the resource, from_env and DEFAULTS


def test_every_field_is_declared_with_its_type():
    fields = BignoiseSettings.model_fields
    assert set(fields) == set(SETTINGS_BY_FIELD)
    for name, setting in SETTINGS_BY_FIELD.items():
        annotation = fields[name].annotation
        if setting.choices:
            assert typing.get_origin(annotation) is typing.Literal, name
            assert typing.get_args(annotation) == setting.choices, name
        else:
            assert annotation is setting.type, name


def test_field_defaults_bounds_and_descriptions_come_from_the_declaration():
    for name, field in BignoiseSettings.model_fields.items():
        setting = SETTINGS_BY_FIELD[name]
        assert field.is_required() == setting.field_required, name
        if not setting.field_required:
            assert field.default == setting.default, name
        bounds = {type(rule).__name__.lower(): rule for rule in field.metadata}
        assert getattr(bounds.get("ge"), "ge", None) == setting.ge, name
        assert getattr(bounds.get("le"), "le", None) == setting.le, name
        assert field.description == setting.summary and setting.env_var in field.description


def test_the_new_warning_and_alert_settings_are_fields():
    settings = default_settings()
    assert (settings.max_distribution_shift, settings.max_data_age_days) == (0.2, 7)
    assert not hasattr(settings, "alert_webhook")  # env-only: a token never reaches run config


def test_env_only_settings_are_declared_and_marked():
    env_only = {setting.env_var for setting in SETTINGS if setting.field is None}
    assert env_only == {
        "BIGNOISE_FIRST_DUMP_DAY",
        "BIGNOISE_PSEUDONYM_KEY",
        "BIGNOISE_WORK_DATABASE",
        "BIGNOISE_ALERT_WEBHOOK",
    }
    assert set(DEFAULTS) == set(SETTINGS_BY_ENV_VAR)
    assert Path(DEFAULTS["BIGNOISE_WORK_DATABASE"]) == default_settings().work_database


def test_from_env_reads_every_declared_variable(monkeypatch):
    """Each field's variable, set to a value other than its default, reaches its field."""
    expected = {}
    for name, setting in SETTINGS_BY_FIELD.items():
        if setting.choices:
            value = next(choice for choice in setting.choices if choice != setting.default)
        elif name == "as_of":
            value = "2026-05-01 00:00:00"
        elif setting.type is str:
            value = f"/somewhere/{name}"
        else:
            value = setting.default / 2 if setting.type is float else setting.default + 1
        monkeypatch.setenv(setting.env_var, str(value))
        expected[name] = value
    assert BignoiseSettings.from_env().model_dump() == expected


def test_an_unset_or_empty_variable_means_the_default(monkeypatch):
    monkeypatch.setenv("BIGNOISE_MAX_DATA_AGE_DAYS", "")
    monkeypatch.delenv("BIGNOISE_MAX_DISTRIBUTION_SHIFT", raising=False)
    assert env("BIGNOISE_MAX_DATA_AGE_DAYS") == "7"
    assert BignoiseSettings.from_env().max_distribution_shift == 0.2


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "BIGNOISE_MAX_DATA_AGE_DAYS",
            "a week",
            "BIGNOISE_MAX_DATA_AGE_DAYS='a week' is not a whole",
        ),
        (
            "BIGNOISE_MAX_DISTRIBUTION_SHIFT",
            "high",
            "BIGNOISE_MAX_DISTRIBUTION_SHIFT='high' is not a",
        ),
        ("BIGNOISE_MAX_DISTRIBUTION_SHIFT", "1.5", "max_distribution_shift"),
        ("BIGNOISE_MAX_DATA_AGE_DAYS", "-1", "max_data_age_days"),
    ],
)
def test_a_bad_variable_is_refused_naming_it(monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises((ValueError, ValidationError), match=re.escape(message)):
        BignoiseSettings.from_env()


def test_cli_help_shows_the_declared_defaults():
    from orchestration.cli import build_parser

    commands = next(a for a in build_parser()._actions if a.dest == "command").choices
    field_of = {"rate_card": "rate_card_file", "niche_taxonomy": "niche_taxonomy_file"}
    for command in ("run", "dbt"):
        for action in commands[command]._actions:
            setting = SETTINGS_BY_FIELD.get(field_of.get(action.dest, action.dest))
            if setting is None or setting.field in ("dumps_dir", "warehouse_dir"):
                continue
            shown = setting.shown_default if setting.default != "" else setting.empty_means
            assert f"default: {shown}; {setting.env_var}" in " ".join(action.help.split())


# dbt's copies of the defaults


def test_the_dbt_profile_defaults_are_the_pipelines(monkeypatch):
    """Every variable the profile reads is one the pipeline sets, and its fallback is what the
    pipeline sets it to with the default settings."""
    monkeypatch.setenv("BIGNOISE_PSEUDONYM_KEY", "test-key")  # no key file in the repo's data/
    pipeline = dbt_environment(default_settings())
    profile = yaml.safe_load((DBT_PROJECT_DIR / "profiles.yml").read_text())
    dev = json.dumps(profile["bignoise"]["outputs"]["dev"])
    fallbacks = dict(ENV_VAR_CALL.findall(dev))
    assert set(fallbacks) <= set(pipeline)
    database = fallbacks.pop("BIGNOISE_WORK_DATABASE")
    assert (DBT_PROJECT_DIR / database).resolve() == Path(pipeline["BIGNOISE_WORK_DATABASE"])
    assert fallbacks == {name: pipeline[name] for name in fallbacks}


def test_the_dbt_project_reads_only_variables_the_pipeline_sets_or_declares(monkeypatch):
    monkeypatch.setenv("BIGNOISE_PSEUDONYM_KEY", "test-key")
    known = set(dbt_environment(default_settings())) | set(SETTINGS_BY_ENV_VAR)
    read = {
        name
        for folder in ("macros", "models", "tests", ".")
        for path in (DBT_PROJECT_DIR / folder).glob("**/*" if folder != "." else "*")
        if path.suffix in (".sql", ".yml")
        for name, _ in ENV_VAR_CALL.findall(path.read_text())
    }
    assert read and read <= known


def test_the_dbt_project_var_defaults_are_the_declared_ones():
    project_vars = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text())["vars"]
    run_vars = dbt_vars(default_settings())
    assert {"window_days", "window_posts", "min_post_age_hours", "niche_taxonomy_mode"} <= set(
        run_vars
    )
    assert {name: project_vars[name] for name in run_vars} == run_vars


# The docs' copies


def test_the_docs_settings_table_lists_every_variable_with_its_default():
    table = markdown_table((REPO / "docs" / "architecture.md").read_text(), "## Configuration")
    assert set(table) == set(SETTINGS_BY_ENV_VAR)
    for name, (default, _meaning) in table.items():
        setting = SETTINGS_BY_ENV_VAR[name]
        if setting.default == "":
            assert default.startswith("empty"), name
        else:
            assert default == f"`{setting.shown_default}`", name


def test_the_dbt_readme_lists_the_profiles_variables_with_their_defaults():
    table = markdown_table((DBT_PROJECT_DIR / "README.md").read_text(), "## Environment")
    profile = (DBT_PROJECT_DIR / "profiles.yml").read_text()
    for name, fallback in ENV_VAR_CALL.findall(profile):
        assert table[name][0] == f"`{fallback}`", name
    assert "BIGNOISE_RUN_PSEUDONYM_KEY" in table


# bignoise dbt: the command line dbt gets


def test_dbt_gets_the_runs_vars_and_the_users_own_override_them_one_by_one():
    settings = BignoiseSettings(dumps_dir="d", warehouse_dir="/tmp/wh", window_days=30)
    command = dbt_command(settings, ["build", "--vars", "{window_posts: 3, extra: x}", "-s", "m"])
    assert command[1:5] == ["build", "-s", "m", "--vars"]
    assert json.loads(command[5]) == {
        **dbt_vars(settings),
        "window_days": 30,
        "window_posts": 3,
        "extra": "x",
    }
    assert json.loads(dbt_command(settings, ["ls", "--vars={as_of: null}"])[-1])["as_of"] is None
    assert dbt_command(settings, ["--version"])[1:] == ["--version"]
    with pytest.raises(DbtByHandError, match="--vars must be a YAML mapping"):
        dbt_command(settings, ["build", "--vars", "[1, 2]"])


def test_dbt_by_hand_writes_its_target_and_logs_inside_the_warehouse(tmp_path):
    settings = BignoiseSettings(dumps_dir="d", warehouse_dir=str(tmp_path))
    environment = dbt_process_environment(settings)
    assert environment.items() >= dbt_environment(settings).items()
    assert environment["DBT_PROFILES_DIR"] == environment["DBT_PROJECT_DIR"] == str(DBT_PROJECT_DIR)
    for variable in ("DBT_TARGET_PATH", "DBT_LOG_PATH"):
        assert Path(environment[variable]).is_relative_to(tmp_path / "work")


# bignoise dbt, as a user runs it


def test_a_warehouse_without_a_working_database_is_refused_in_one_line(tmp_path):
    (tmp_path / "wh").mkdir()
    result = bignoise("dbt", "--warehouse", "wh", "--", "build", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"bignoise: error: no working database at {tmp_path / 'wh' / 'work' / 'bignoise.duckdb'}: "
        f"run `bignoise run --dumps DIR --warehouse {tmp_path / 'wh'}` first"
    ]
    assert list((tmp_path / "wh").iterdir()) == []  # not even a pseudonym key


@pytest.fixture(scope="module")
def handmade_warehouse(tmp_path_factory) -> Path:
    """One pipeline run over the hand-made dump, shared by this module's `bignoise dbt` tests."""
    workdir = tmp_path_factory.mktemp("dbt_by_hand")
    result = bignoise_on_handmade(
        "run", "--dumps", str(HANDMADE), "--warehouse", "wh", "--json",
        "--as-of", HANDMADE_WINDOW["as_of"],
        "--window-days", str(HANDMADE_WINDOW["window_days"]),
        "--window-posts", str(HANDMADE_WINDOW["window_posts"]),
        cwd=workdir,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return workdir / "wh"


def dbt_by_hand(warehouse: Path, *dbt_args: str):
    """`bignoise dbt` with the window the warehouse was built with. The same vars every time let
    dbt parse the project partially after the first call (a change of vars means a full parse)."""
    return bignoise(
        "dbt", "--warehouse", str(warehouse),
        "--as-of", HANDMADE_WINDOW["as_of"], "--window-days", "30",
        "--", *dbt_args, "--quiet",
        cwd=warehouse.parent,
    )  # fmt: skip


def test_dbt_by_hand_reads_the_pipelines_database_key_and_vars(handmade_warehouse):
    """`dbt show` on the working database: the vars given as flags reach dbt, and commenter_key
    recomputed with the key dbt gets equals the one the pipeline stored."""
    query = (
        "select {{ var('window_days') }} as window_days, '{{ var('as_of') }}' as as_of, "
        "count(*) as comments, count(*) filter (where commenter_key = "
        "{{ commenter_key('platform', 'author_id') }}) as same_key "
        "from {{ ref('int_comments_latest') }}"
    )
    result = dbt_by_hand(handmade_warehouse, "show", "--inline", query, "--output", "json")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (row,) = json.loads(result.stdout)["show"]
    assert (row["window_days"], row["as_of"]) == (30, HANDMADE_WINDOW["as_of"])
    assert row["comments"] > 0 and row["same_key"] == row["comments"]
    assert (handmade_warehouse / "work" / "dbt_by_hand" / "target" / "manifest.json").is_file()


def test_dbt_by_hand_passes_dbts_exit_code_through(handmade_warehouse):
    result = dbt_by_hand(handmade_warehouse, "show", "--inline", "select * from no_such_table")
    assert result.returncode == 2  # dbt's own code for a failed command
    assert "no_such_table" in result.stdout + result.stderr


def test_only_dbt_commands_that_may_write_models_count_as_writing():
    assert not any(
        may_write_models(args)
        for args in (["test", "--select", "x"], ["show", "--inline", "select 1"], ["ls"], [])
    )
    assert not may_write_models(["--version"])
    assert all(
        may_write_models(args)
        for args in (["run", "--select", "x"], ["build"], ["seed"], ["run-operation", "m"])
    )


def test_a_dbt_command_by_hand_that_may_write_models_makes_the_next_run_rebuild(
    handmade_warehouse,
):
    """Rows a by-hand `dbt run` writes pass no pipeline build's tests, and the key tests of the
    incremental models check only the rows the latest build wrote: the record of the last finished
    build goes, so the next run is a full refresh. Reading commands keep it."""
    settings = BignoiseSettings(dumps_dir="", warehouse_dir=str(handmade_warehouse))
    assert not full_refresh_needed(settings)  # as the pipeline run left it
    result = dbt_by_hand(handmade_warehouse, "test", "--select", "dim_reason_codes")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert not full_refresh_needed(settings)
    result = dbt_by_hand(handmade_warehouse, "run", "--select", "dim_reason_codes")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert full_refresh_needed(settings)
