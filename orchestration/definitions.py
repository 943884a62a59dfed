"""The one Definitions object of bignoise; workspace.yaml points here."""

import dagster as dg

from assets.comments import raw_comments
from assets.native import raw_native_dumps
from assets.posts import raw_posts
from assets.profiles import raw_profiles
from assets.reference import user_niche_taxonomy, user_rate_card
from orchestration.checks import mart_expectation_checks
from orchestration.dbt import bignoise_dbt_models
from orchestration.dbt_project import DBT_EXECUTABLE, bignoise_dbt_project
from orchestration.dbt_resource import BignoiseDbtCliResource
from orchestration.gates import quarantine_gates
from orchestration.jobs import bignoise_job
from orchestration.progress import progress_logger, silent_logger
from orchestration.release_warnings import release_warnings
from orchestration.schedules import daily_schedule
from orchestration.sensors import bignoise_run_failure_alert_sensor, new_dump_files_sensor
from orchestration.serving import published_release
from orchestration.settings import BignoiseSettings

defs = dg.Definitions(
    assets=[
        raw_posts,
        raw_comments,
        raw_profiles,
        raw_native_dumps,
        user_rate_card,
        user_niche_taxonomy,
        bignoise_dbt_models,
        published_release,
    ],
    asset_checks=[*mart_expectation_checks, *quarantine_gates, *release_warnings],
    jobs=[bignoise_job],
    schedules=[daily_schedule],
    sensors=[new_dump_files_sensor, bignoise_run_failure_alert_sensor],
    resources={
        "settings": BignoiseSettings.from_env(),
        "dbt": BignoiseDbtCliResource(
            project_dir=bignoise_dbt_project, dbt_executable=DBT_EXECUTABLE
        ),
    },
    # Chosen by the CLI through run config; with none configured, Dagster's console logger.
    loggers={
        "console": dg.colored_console_logger,
        "progress_logger": progress_logger,
        "silent_logger": silent_logger,
    },
    # One DuckDB file has one writer at a time: steps run one after another in the run process.
    executor=dg.in_process_executor,
)
