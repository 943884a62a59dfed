-- The media{data[]} of IG Graph business_discovery responses
-- (raw.instagram_graph__business_discovery_media) as canonical post snapshots. Only renames and casts.
-- like_count is absent when the owner hides likes: likes stay null (unknown), never 0.
select
    'instagram' as platform,
    id as post_id,
    owner__id as creator_id,
    username as creator_handle,
    cast(null as bigint) as creator_followers,
    timestamp as posted_at,
    scraped_at,
    caption,
    hashtags,
    lower(media_type) as media_type,
    like_count as likes,
    comments_count as comments,
    cast(null as bigint) as shares,
    cast(null as bigint) as saves,
    cast(null as bigint) as views,
    cast(null as boolean) as is_sponsored,
    permalink as url,
    -- like_count is absent when the owner hides likes: unknown, not 0.
    like_count is null as likes_hidden,
    _source_file,
    _source_line,
    _run_id,
    _loaded_at
from {{ source('raw', 'instagram_graph__business_discovery_media') }}
