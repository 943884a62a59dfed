"""The one job: ingest, build and test the models, check and publish everything."""

import dagster as dg

bignoise_job = dg.define_asset_job(
    name="bignoise_job",
    selection=dg.AssetSelection.all(),
    description="Ingest the dumps, build and test the dbt models, run the Great Expectations "
    "checks and publish the marts.",
)
