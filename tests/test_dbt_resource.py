"""The dbt resource skips dagster-dbt's `dbt --version` subprocess and in-process adapter
(orchestration/dbt_resource.py): it must still name the version that subprocess would, and the
hooks it replaces must still exist in the dagster-dbt we run (an upgrade that renames them would
quietly bring the ~4 s back)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from dagster_dbt import DbtCliResource

from orchestration.dbt_project import DBT_EXECUTABLE, bignoise_dbt_project
from orchestration.dbt_resource import BignoiseDbtCliResource
from orchestration.definitions import defs


def test_the_hooks_replaced_are_dagster_dbts_own():
    for name in ("_cli_version", "_initialize_dbt_core_adapter"):
        assert name in vars(DbtCliResource), f"dagster-dbt no longer has {name}"
        assert name in vars(BignoiseDbtCliResource)


def test_the_version_is_that_of_the_dbt_the_executable_runs():
    """Asked of the Python in the executable's shebang, as dbt itself reports it (`dbt --version`
    would also look up the latest release online)."""
    resource = BignoiseDbtCliResource(
        project_dir=bignoise_dbt_project, dbt_executable=DBT_EXECUTABLE
    )
    interpreter = Path(DBT_EXECUTABLE).read_text().splitlines()[0].removeprefix("#!").strip()
    reported = subprocess.run(
        [interpreter, "-c", "import dbt.version; print(dbt.version.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert str(resource._cli_version) == reported
    assert resource._initialize_dbt_core_adapter(["build"]) is None


def test_the_definitions_use_it():
    assert isinstance(defs.resources["dbt"], BignoiseDbtCliResource)
