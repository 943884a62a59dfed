"""The dbt side of the platform-native shapes says what assets/ingestion/native_shapes.py says.

`models/staging/native/_native__sources.yml` was written from NATIVE_ENTITIES once, the staging
models and the list of them in `macros/native_shapes.sql` (native_staging_models, whose models are
unioned into stg_<entity>_snapshots) by hand: nothing else keeps them in step. Read from the dbt
manifest (parsed again when stale), so what is checked is what dbt runs.
"""

from __future__ import annotations

import json

import jinja2
import pytest

from assets.ingestion.native_shapes import NATIVE_ENTITIES, NativeField
from assets.ingestion.raw_tables import lineage_columns
from orchestration.dbt_project import bignoise_dbt_project, ensure_manifest

NATIVE_SOURCES_FILE = "models/staging/native/_native__sources.yml"
NATIVE_MODELS_FOLDER = "staging/native/"
CANONICAL_ENTITIES = ("posts", "comments", "profiles")


@pytest.fixture(scope="module")
def manifest() -> dict:
    ensure_manifest()
    return json.loads(bignoise_dbt_project.manifest_path.read_text())


def _native_sources(manifest: dict) -> dict[str, dict]:
    return {
        source["name"]: source
        for source in manifest["sources"].values()
        if source["original_file_path"] == NATIVE_SOURCES_FILE
    }


def _native_models(manifest: dict) -> dict[str, dict]:
    return {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["path"].startswith(NATIVE_MODELS_FOLDER)
    }


def test_every_shape_has_a_source_table_and_every_source_table_a_shape(manifest):
    assert sorted(_native_sources(manifest)) == sorted(NATIVE_ENTITIES)


def test_each_source_names_the_shapes_raw_table(manifest):
    for name, source in _native_sources(manifest).items():
        relation = f"{source['schema']}.{source['identifier']}"
        assert (source["source_name"], relation) == ("raw", NATIVE_ENTITIES[name].raw_table)


def _expected_column_description(field: NativeField) -> str:
    """What the generated yml says of a field: its type, where it is read from, if required."""
    if field.path:
        where = "from " + field.path.replace(" | ", " or ")
    else:
        where = f"parsed from {field.tags_from}"
    return f"{field.type.value}, {where}{'; required' if field.required else ''}."


def test_each_source_has_the_shapes_columns_in_its_order(manifest):
    for name, source in _native_sources(manifest).items():
        entity = NATIVE_ENTITIES[name]
        expected = [field.name for field in entity.fields]
        expected += [column.split()[0] for column in lineage_columns(entity)]
        assert list(source["columns"]) == expected, name
        described = {c: source["columns"][c]["description"] for c in source["columns"]}
        for field in entity.fields:
            assert described[field.name] == _expected_column_description(field), (name, field)


def test_each_source_description_names_the_folder_and_snapshot_key(manifest):
    for name, source in _native_sources(manifest).items():
        entity = NATIVE_ENTITIES[name]
        assert source["description"].startswith(f"{entity.folder_path}/ files: "), name
        assert f"one row per snapshot ({', '.join(entity.snapshot_key)})" in source["description"]


def test_every_shape_has_a_staging_model_reading_its_source_and_nothing_else_is_there(manifest):
    models = _native_models(manifest)
    assert sorted(models) == sorted(f"stg_{name}" for name in NATIVE_ENTITIES)
    for name in NATIVE_ENTITIES:
        sources = models[f"stg_{name}"]["depends_on"]["nodes"]
        assert f"source.{manifest['metadata']['project_name']}.raw.{name}" in sources, name


class _Returned(Exception):
    """dbt's return() inside a macro, caught to read the value."""


def _raise_returned(value):
    raise _Returned(value)


def _native_staging_models_macro(manifest: dict, entity: str) -> list[str]:
    """macros/native_shapes.sql's native_staging_models(entity), rendered from its own text."""
    project = manifest["metadata"]["project_name"]
    macro = manifest["macros"][f"macro.{project}.native_staging_models"]
    template = jinja2.Environment().from_string(
        macro["macro_sql"], globals={"return": _raise_returned}
    )
    with pytest.raises(_Returned) as returned:
        template.module.native_staging_models(entity)
    return returned.value.args[0]


def _feeding(entity: str) -> list[str]:
    """The staging models of the shapes whose rows are the entity's (NativeEntity.feeds)."""
    return sorted(f"stg_{name}" for name, shape in NATIVE_ENTITIES.items() if shape.feeds == entity)


@pytest.mark.parametrize("entity", CANONICAL_ENTITIES)
def test_the_macro_lists_the_staging_model_of_each_shape_feeding_the_entity(manifest, entity):
    listed = _native_staging_models_macro(manifest, entity)
    assert sorted(listed) == _feeding(entity)
    assert len(listed) == len(set(listed))


@pytest.mark.parametrize("entity", CANONICAL_ENTITIES)
def test_the_entitys_snapshots_union_those_staging_models(manifest, entity):
    project = manifest["metadata"]["project_name"]
    snapshots = manifest["nodes"][f"model.{project}.stg_{entity.removesuffix('s')}_snapshots"]
    reads = set(snapshots["depends_on"]["nodes"])
    assert {f"model.{project}.{model}" for model in _feeding(entity)} <= reads
    assert f"source.{project}.raw.{entity}" in reads


def test_every_shape_feeds_a_canonical_entity():
    assert {shape.feeds for shape in NATIVE_ENTITIES.values()} <= set(CANONICAL_ENTITIES)
