"""A daily run over whatever the dumps folder holds (already-loaded files are skipped)."""

import dagster as dg

from orchestration.jobs import bignoise_job

daily_schedule = dg.ScheduleDefinition(
    name="bignoise_daily",
    job=bignoise_job,
    cron_schedule="0 6 * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.STOPPED,
)
