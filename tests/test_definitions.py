"""The Dagster definitions `dagster dev` loads: the asset graph, checks, job, schedule, sensor."""

from __future__ import annotations

import dagster as dg

from orchestration.definitions import defs
from orchestration.expectations import SERVED_MARTS


def asset_keys() -> set[str]:
    graph = defs.resolve_asset_graph()
    return {key.to_user_string() for key in graph.get_all_asset_keys()}


def test_the_graph_runs_from_raw_dumps_through_dbt_to_the_served_release():
    keys = asset_keys()
    assert {"raw/posts", "raw/comments", "raw/profiles"} <= keys
    assert {f"marts/{table}" for table in SERVED_MARTS} <= keys
    assert {"staging/stg_post_snapshots", "serving/published_release"} <= keys
    graph = defs.resolve_asset_graph()
    upstream = graph.get(dg.AssetKey(["staging", "stg_post_snapshots"])).parent_keys
    assert dg.AssetKey(["raw", "posts"]) in upstream  # dbt sources meet the ingestion assets
    publish_parents = graph.get(dg.AssetKey(["serving", "published_release"])).parent_keys
    assert {dg.AssetKey(["marts", table]) for table in SERVED_MARTS} <= publish_parents


def test_every_served_mart_has_a_blocking_great_expectations_check_and_dbt_tests():
    graph = defs.resolve_asset_graph()
    checks = {(c.asset_key.to_user_string(), c.name) for c in graph.asset_check_keys}
    for table in SERVED_MARTS:
        assert (f"marts/{table}", "great_expectations") in checks
        assert any(key == f"marts/{table}" and name != "great_expectations" for key, name in checks)
    blocking = [
        spec
        for checks_def in defs.asset_checks or []
        for spec in checks_def.check_specs
        if spec.name == "great_expectations"
    ]
    assert len(blocking) == len(SERVED_MARTS) and all(spec.blocking for spec in blocking)


def test_every_asset_is_described():
    graph = defs.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        if node.is_materializable:
            assert node.description, key


def test_job_schedule_and_sensor_are_defined():
    assert defs.resolve_job_def("bignoise_job") is not None
    assert defs.resolve_schedule_def("bignoise_daily").cron_schedule == "0 6 * * *"
    assert defs.resolve_sensor_def("new_dump_files_sensor") is not None


def test_the_sensor_requests_one_run_per_file_set(tmp_path):
    from conftest import write_jsonl

    from orchestration.sensors import new_dump_files_sensor
    from orchestration.settings import BignoiseSettings

    settings = BignoiseSettings(dumps_dir=str(tmp_path), warehouse_dir=str(tmp_path / "wh"))
    context = dg.build_sensor_context(resources={"settings": settings})
    assert isinstance(new_dump_files_sensor(context), dg.SkipReason)
    write_jsonl(tmp_path / "posts" / "a.jsonl", [{"a": 1}])
    first = new_dump_files_sensor(context)
    assert isinstance(first, dg.RunRequest) and first.run_key.startswith("dumps-")
    assert new_dump_files_sensor(context).run_key == first.run_key


def test_dbt_source_tests_are_blocking_checks_on_the_ingestion_assets():
    graph = defs.resolve_asset_graph()
    source_checks = {
        key.asset_key.to_user_string()
        for key in graph.asset_check_keys
        if key.name.startswith("source_")
    }
    assert {"raw/posts", "raw/comments", "raw/profiles"} <= source_checks
    specs = [
        spec
        for assets_def in defs.assets or []
        for spec in getattr(assets_def, "check_specs", [])
        if spec.name == "source_columns_not_null_raw_posts"
    ]
    assert [spec.asset_key.to_user_string() for spec in specs] == ["raw/posts"]
    assert all(spec.blocking for spec in specs)
