"""The dbt project handle, alone in its module so `dagster-dbt project prepare-and-package`
and the CLI can prepare the manifest without importing the asset definitions."""

import subprocess

from dagster_dbt import DbtProject

from orchestration.dbt_args import DBT_EXECUTABLE
from orchestration.settings import DBT_PROJECT_DIR

bignoise_dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR)


PROJECT_FILE_PATTERNS = ("*.sql", "*.yml", "*.csv")


def manifest_is_stale() -> bool:
    """True when the manifest is missing or older than any model, macro, seed or yml file."""
    manifest = bignoise_dbt_project.manifest_path
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    target = bignoise_dbt_project.project_dir / "target"
    return any(
        path.stat().st_mtime > built
        for pattern in PROJECT_FILE_PATTERNS
        for path in bignoise_dbt_project.project_dir.rglob(pattern)
        if target not in path.parents
    )


def ensure_manifest() -> None:
    """Parse the dbt project when its manifest is missing or stale (a fresh clone, an edited
    model): the dbt assets read the manifest when their module is imported, and a manifest that
    disagrees with the project makes dagster-dbt fail on nodes it does not know."""
    if manifest_is_stale():
        subprocess.run(
            [DBT_EXECUTABLE, "parse", "--quiet"],
            cwd=bignoise_dbt_project.project_dir,
            check=True,
            stdout=subprocess.DEVNULL,
        )
