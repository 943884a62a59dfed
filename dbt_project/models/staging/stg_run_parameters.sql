-- The resolved run parameters: as_of and the bounds of the scoring window.
-- Downstream models read as_of from here, so it is resolved in one place (macro as_of_timestamp).
with resolved as (
    select {{ as_of_timestamp() }} as as_of
)

select
    as_of,
    as_of - interval ({{ var('window_days') }}) day as window_start,
    as_of - interval ({{ var('min_post_age_hours') }}) hour as window_end,
    cast({{ var('window_days') }} as integer) as window_days,
    cast({{ var('window_posts') }} as integer) as window_posts,
    cast({{ var('min_post_age_hours') }} as integer) as min_post_age_hours
from resolved
