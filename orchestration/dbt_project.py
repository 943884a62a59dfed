"""The dbt project handle, alone in its module so `dagster-dbt project prepare-and-package`
and the CLI can prepare the manifest without importing the asset definitions."""

from dagster_dbt import DbtProject

from orchestration.settings import DBT_PROJECT_DIR

bignoise_dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR)


def ensure_manifest() -> None:
    """Parse the dbt project when its manifest is missing (a fresh clone, a cleaned target/):
    the dbt assets read the manifest when their module is imported."""
    if not bignoise_dbt_project.manifest_path.exists():
        bignoise_dbt_project.preparer.prepare(bignoise_dbt_project)
