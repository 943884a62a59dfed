-- YouTube Data API channels.list items; subscriber counts are rounded by YouTube, and a hidden count
-- is unknown (null), never 0 (raw.youtube__channels) as canonical profile snapshots. Only renames and
-- casts.
select
    'youtube' as platform,
    id as creator_id,
    snippet__custom_url as handle,
    case when statistics__hidden_subscriber_count then cast(null as bigint) else statistics__subscriber_count end
        as followers,
    cast(null as bigint) as following,
    statistics__video_count as media_count,
    snippet__description as bio,
    cast(null as varchar) as category,
    snippet__country as country,
    snippet__default_language as language,
    cast(null as boolean) as is_verified,
    scraped_at,
    _source_file,
    _source_line,
    _run_id,
    _loaded_at
from {{ source('raw', 'youtube__channels') }}
