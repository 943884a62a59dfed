"""The dbt parse started ahead on a new warehouse (orchestration/dbt_parse_ahead.py): when it runs,
that it is stopped or discarded when it cannot serve, and that a real one is what the build uses.
"""

from __future__ import annotations

import json
import sys

import orchestration.dbt_parse_ahead as parse_ahead
from orchestration.dbt_args import dbt_build_args
from orchestration.settings import BignoiseSettings


def settings_in(tmp_path) -> BignoiseSettings:
    return BignoiseSettings(dumps_dir=str(tmp_path / "dumps"), warehouse_dir=str(tmp_path / "wh"))


def python_command(code: str):
    return lambda settings, target: [sys.executable, "-c", code, str(target)]


def test_no_parse_ahead_where_an_earlier_build_left_parse_state(tmp_path, monkeypatch):
    settings = settings_in(tmp_path)
    earlier = settings.dbt_target_dir / "an-earlier-run"
    earlier.mkdir(parents=True)
    (earlier / parse_ahead.PARSE_STATE_FILE).write_bytes(b"state")
    monkeypatch.setattr(parse_ahead, "parse_ahead_command", python_command("raise SystemExit(3)"))
    with parse_ahead.parsing_ahead(settings):
        assert parse_ahead._running is None
        assert parse_ahead.wait_for_parse_ahead(settings.dbt_target_dir) == ""


def test_a_parse_still_running_when_the_run_ends_is_stopped(tmp_path, monkeypatch):
    settings = settings_in(tmp_path)
    monkeypatch.setattr(
        parse_ahead, "parse_ahead_command", python_command("import time; time.sleep(60)")
    )
    with parse_ahead.parsing_ahead(settings):
        process = parse_ahead._running
        assert process is not None and process.poll() is None
    assert process.returncode is not None and parse_ahead._running is None


def test_the_state_of_a_failed_parse_is_not_used(tmp_path, monkeypatch):
    settings = settings_in(tmp_path)
    write_then_fail = (
        "import pathlib, sys; "
        f"(pathlib.Path(sys.argv[1]) / '{parse_ahead.PARSE_STATE_FILE}').write_bytes(b'half'); "
        "sys.exit(2)"
    )
    monkeypatch.setattr(parse_ahead, "parse_ahead_command", python_command(write_then_fail))
    with parse_ahead.parsing_ahead(settings):
        said = parse_ahead.wait_for_parse_ahead(settings.dbt_target_dir)
    assert "exit 2" in said
    assert not parse_ahead.has_parse_state(settings.dbt_target_dir)


def test_the_parse_ahead_gets_the_vars_of_the_build(tmp_path):
    settings = settings_in(tmp_path).model_copy(update={"as_of": "2026-11-30", "window_days": 90})
    parse = parse_ahead.parse_ahead_command(settings, tmp_path)
    build = dbt_build_args(settings)
    parse_vars = json.loads(parse[parse.index("--vars") + 1])
    assert parse_vars == json.loads(build[build.index("--vars") + 1])
    assert parse_vars["as_of"] == "2026-11-30" and parse_vars["window_days"] == 90
