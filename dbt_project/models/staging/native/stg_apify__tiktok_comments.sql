-- Apify TikTok comments (the video is awemeId, else the id in videoWebUrl; the author is the username,
-- as creators are) (raw.apify__tiktok_comments) as canonical comment snapshots. Only renames and
-- casts.
select
    'tiktok' as platform,
    cid as comment_id,
    {{ tiktok_video_id('video_id_or_url') }} as post_id,
    unique_id as author_id,
    unique_id as author_handle,
    text,
    create_time as created_at,
    scraped_at,
    replies_to_id as parent_comment_id,
    digg_count as likes,
    _source_file,
    _source_line,
    _run_id,
    _loaded_at
from {{ source('raw', 'apify__tiktok_comments') }}
