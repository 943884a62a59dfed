-- Apify TikTok scraper videos (raw.apify__tiktok_videos) as canonical post snapshots. Only renames and
-- casts. The creator is the username (authorMeta.name), as for the TikTok Research API; the follower
-- count shown with the video (authorMeta.fans) is kept.
select
    'tiktok' as platform,
    id as post_id,
    author_meta__name as creator_id,
    author_meta__name as creator_handle,
    author_meta__fans as creator_followers,
    create_time as posted_at,
    scraped_at,
    text as caption,
    hashtags,
    'video' as media_type,
    digg_count as likes,
    comment_count as comments,
    share_count as shares,
    collect_count as saves,
    play_count as views,
    is_sponsored,
    web_video_url as url,
    -- TikTok does not hide like counts: unknown, not 0.
    false as likes_hidden,
    _source_file,
    _source_line,
    _run_id,
    _loaded_at
from {{ source('raw', 'apify__tiktok_videos') }}
