-- Post snapshots scraped at or before as_of, with keys. Only renames and casts.
-- raw.posts and the platform-native shapes' staging models (models/staging/native), one relation.
with source as (
    {{ canonical_and_native_rows('posts') }}
),

run_parameters as (
    select as_of from {{ ref('stg_run_parameters') }}
)

select
    source.platform || ':' || source.post_id as post_key,
    source.platform || ':' || source.creator_id as creator_key,
    source.platform,
    source.post_id,
    source.creator_id,
    source.creator_handle,
    source.creator_followers,
    source.posted_at,
    source.scraped_at,
    source.caption,
    source.hashtags,
    source.media_type,
    source.likes,
    source.comments,
    source.shares,
    source.saves,
    source.views,
    source.is_sponsored,
    source.url,
    source.likes_hidden,
    source._source_file as source_file,
    source._source_line as source_line,
    source._run_id as run_id,
    source._loaded_at as loaded_at
from source
inner join run_parameters
    on source.scraped_at <= run_parameters.as_of
