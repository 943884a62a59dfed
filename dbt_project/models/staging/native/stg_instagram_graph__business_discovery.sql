-- Instagram Graph API business_discovery accounts (raw.instagram_graph__business_discovery) as
-- canonical profile snapshots. Only renames and casts.
select
    'instagram' as platform,
    id as creator_id,
    username as handle,
    followers_count as followers,
    follows_count as following,
    media_count,
    biography as bio,
    cast(null as varchar) as category,
    cast(null as varchar) as country,
    cast(null as varchar) as language,
    cast(null as boolean) as is_verified,
    scraped_at,
    _source_file,
    _source_line,
    _run_id,
    _loaded_at
from {{ source('raw', 'instagram_graph__business_discovery') }}
