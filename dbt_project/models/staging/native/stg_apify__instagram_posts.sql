-- Apify Instagram scraper posts (raw.apify__instagram_posts) as canonical post snapshots. Only renames
-- and casts. A post is named by its shortCode (as in its URL), which is how Apify's comment items name
-- it too.
select
    'instagram' as platform,
    short_code as post_id,
    owner_id as creator_id,
    owner_username as creator_handle,
    cast(null as bigint) as creator_followers,
    timestamp as posted_at,
    scraped_at,
    caption,
    hashtags,
    lower(type) as media_type,
    likes_count as likes,
    comments_count as comments,
    cast(null as bigint) as shares,
    cast(null as bigint) as saves,
    video_view_count as views,
    is_sponsored,
    url,
    -- likesCount is missing when the owner hides likes: unknown, not 0.
    likes_count is null as likes_hidden,
    _source_file,
    _source_line,
    _run_id,
    _loaded_at
from {{ source('raw', 'apify__instagram_posts') }}
