{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail') }}

-- One row per dbt build of this warehouse since its last full refresh: the build's invocation id and the
-- as_of it was built as of. An incremental model reads the previous build's as_of here to find what
-- moved with as_of (int_comments_flagged: the comments whose visible snapshot may have changed).
select
    '{{ invocation_id }}' as invocation_id,
    run_parameters.as_of,
    {{ dbt.current_timestamp() }} as built_at
from {{ ref('stg_run_parameters') }} as run_parameters
