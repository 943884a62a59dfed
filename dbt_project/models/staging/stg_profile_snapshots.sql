-- Profile snapshots scraped at or before as_of, with keys. Only renames and casts.
-- raw.profiles and the platform-native shapes' staging models (models/staging/native), one relation.
with source as (
    {{ canonical_and_native_rows('profiles') }}
),

run_parameters as (
    select as_of from {{ ref('stg_run_parameters') }}
)

select
    source.platform || ':' || source.creator_id as creator_key,
    source.platform,
    source.creator_id,
    source.handle,
    source.followers,
    source.following,
    source.media_count,
    source.bio,
    source.category,
    source.country,
    source.language,
    source.is_verified,
    source.scraped_at,
    source._source_file as source_file,
    source._source_line as source_line,
    source._run_id as run_id,
    source._loaded_at as loaded_at
from source
inner join run_parameters
    on source.scraped_at <= run_parameters.as_of
