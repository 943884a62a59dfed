"""dagster-dbt's dbt resource, without the ~4 s it spends on every run before dbt starts.

On each `dbt.cli(...)`, `DbtCliResource` first runs `dbt --version` in a subprocess (a full
dbt import, ~2.5 s on this machine) to learn which engine it drives, then builds a dbt adapter
in this process (another dbt import and a profile load, ~1.6 s). The adapter serves only the
optional `fetch_row_counts()` / `fetch_column_metadata()` post-processing, which bignoise does not
use (row counts come from the release manifest, column docs from the dbt docs).

So this resource answers the version from the installed dbt-core package (the executable is the
one installed beside this Python, orchestration/dbt_project.py) and builds no adapter. Both are
private hooks of dagster-dbt: tests/test_dbt_resource.py fails when an upgrade renames them, and
checks the version against `dbt --version`.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from importlib.metadata import version as installed_version

from dagster_dbt import DbtCliResource
from packaging import version


class BignoiseDbtCliResource(DbtCliResource):
    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(installed_version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:  # type: ignore[override]
        # None is dagster-dbt's own "no adapter" (it is what the Fusion engine gets): metadata
        # fetches then do nothing instead of connecting to the working database.
        return None
