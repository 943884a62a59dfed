-- TikTok Research API videos (raw.tiktok_research__videos) as canonical post snapshots. Only renames
-- and casts. The creator is the username (the API gives videos no user id); ids are exact text.
select
    'tiktok' as platform,
    id as post_id,
    username as creator_id,
    username as creator_handle,
    cast(null as bigint) as creator_followers,
    create_time as posted_at,
    scraped_at,
    video_description as caption,
    hashtag_names as hashtags,
    'video' as media_type,
    like_count as likes,
    comment_count as comments,
    share_count as shares,
    favorites_count as saves,
    view_count as views,
    cast(null as boolean) as is_sponsored,
    'https://www.tiktok.com/@' || username || '/video/' || id as url,
    -- TikTok does not hide like counts: unknown, not 0.
    false as likes_hidden,
    _source_file,
    _source_line,
    _run_id,
    _loaded_at
from {{ source('raw', 'tiktok_research__videos') }}
