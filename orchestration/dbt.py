"""dbt models as Dagster assets: `dbt build`, so every dbt test shows up as an asset check, the
tests on sources (raw/posts, raw/comments, ...) included: they check the ingested tables."""

import os
import shutil
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    dbt_assets,
)

from orchestration.dbt_args import dbt_build_args, dbt_environment
from orchestration.dbt_parse_ahead import wait_for_parse_ahead
from orchestration.dbt_project import bignoise_dbt_project, ensure_manifest
from orchestration.incremental_state import (
    forget_built_project,
    full_refresh_needed,
    remember_built_project,
)
from orchestration.quality import prepare_in_background
from orchestration.quality_log import dbt_test_results, record_results
from orchestration.settings import BignoiseSettings
from orchestration.warehouse import working_connection

# The manifest is read right below: parse the project first if it changed (cheap when it did
# not). Used instead of DbtProject.prepare_if_dev, which needs `dbt` on PATH and acts only under
# `dagster dev`.
ensure_manifest()

# dbt writes one target folder per invocation; keep the latest few for debugging.
KEPT_DBT_TARGETS = 5


class BignoiseTranslator(DagsterDbtTranslator):
    """Asset keys follow dbt's folders: sources meet the ingestion assets that produce them
    (source raw.posts -> raw/posts), models are <layer>/<model>, seeds are seeds/<seed>."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey([dbt_resource_props["source_name"], dbt_resource_props["name"]])
        return dg.AssetKey([self._layer(dbt_resource_props), dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return self._layer(dbt_resource_props)

    @staticmethod
    def _layer(dbt_resource_props: Mapping[str, Any]) -> str:
        if dbt_resource_props["resource_type"] == "seed":
            return "seeds"
        fqn = dbt_resource_props["fqn"]
        return fqn[1] if len(fqn) > 2 else "dbt"


@dbt_assets(
    manifest=bignoise_dbt_project.manifest_path,
    project=bignoise_dbt_project,
    dagster_dbt_translator=BignoiseTranslator(
        settings=DagsterDbtTranslatorSettings(enable_source_tests_as_checks=True)
    ),
)
def bignoise_dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, settings: BignoiseSettings
):
    """Staging, intermediate and mart models with their dbt tests, built over the working
    database; a failing test fails the step, so nothing downstream (publishing) runs."""
    prepare_in_background()  # the Great Expectations checks come next: import GE meanwhile
    os.environ.update(dbt_environment(settings))
    settings.dbt_target_dir.mkdir(parents=True, exist_ok=True)
    target_path = settings.dbt_target_dir / context.run_id
    if waited := wait_for_parse_ahead(settings.dbt_target_dir):
        context.log.info(waited)
    _reuse_parse_state(settings.dbt_target_dir, target_path)
    full_refresh = full_refresh_needed(settings)
    if full_refresh:
        context.log.info(
            "dbt: full refresh (the dbt project or the pseudonym key changed since this"
            " warehouse's last successful build, or there was none): the incremental models are"
            " rebuilt from scratch"
        )
    arguments = dbt_build_args(settings, full_refresh=full_refresh)
    # Until this build succeeds, the incremental models may be part-way: the next build starts over.
    forget_built_project(settings)
    invocation = dbt.cli(arguments, context=context, target_path=target_path)
    try:
        yield from invocation.stream()
    finally:
        # Every dbt test's outcome, passed or not, goes to the served quality_results.
        with working_connection(settings) as connection:
            rows = dbt_test_results(
                target_path / "run_results.json", target_path / "manifest.json", connection
            )
            record_results(connection, context.run_id, rows)
    remember_built_project(settings)  # reached only when the build succeeded
    _prune_old_targets(settings)


PARTIAL_PARSE_FILE = "partial_parse.msgpack"


def _reuse_parse_state(targets_dir, target_path) -> None:
    """Start the run's target folder with the previous run's parse state, so dbt re-parses only
    what changed (a new folder each run would cost a full parse, ~4 s on this project). dbt itself
    checks the state: any changed file, var, env var or profile still triggers a full parse."""
    previous = sorted(
        (path for path in targets_dir.glob(f"*/{PARTIAL_PARSE_FILE}")),
        key=lambda path: path.stat().st_mtime,
    )
    if previous:
        target_path.mkdir(parents=True, exist_ok=True)
        shutil.copy2(previous[-1], target_path / PARTIAL_PARSE_FILE)


def _prune_old_targets(settings: BignoiseSettings) -> None:
    targets = sorted(settings.dbt_target_dir.iterdir(), key=lambda path: path.stat().st_mtime)
    for old in targets[:-KEPT_DBT_TARGETS]:
        shutil.rmtree(old, ignore_errors=True)
