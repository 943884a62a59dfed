-- yt-dlp info dicts (raw.ytdlp__videos) as canonical post snapshots. Only renames and casts.
-- scraped_at is the dict's own `epoch`; the channel's follower count comes with the video.
select
    'youtube' as platform,
    id as post_id,
    channel_id as creator_id,
    channel as creator_handle,
    channel_follower_count as creator_followers,
    timestamp as posted_at,
    scraped_at,
    concat_ws(chr(10), title, description) as caption,
    hashtags,
    'video' as media_type,
    like_count as likes,
    comment_count as comments,
    cast(null as bigint) as shares,
    cast(null as bigint) as saves,
    view_count as views,
    cast(null as boolean) as is_sponsored,
    webpage_url as url,
    -- like_count is absent when the owner hides likes: unknown, not 0.
    like_count is null as likes_hidden,
    _source_file,
    _source_line,
    _run_id,
    _loaded_at
from {{ source('raw', 'ytdlp__videos') }}
