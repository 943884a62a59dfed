-- YouTube Data API commentThreads.list comments, top-level and replies (raw.youtube__comment_threads)
-- as canonical comment snapshots. Only renames and casts.
select
    'youtube' as platform,
    id as comment_id,
    snippet__video_id as post_id,
    snippet__author_channel_id as author_id,
    snippet__author_display_name as author_handle,
    snippet__text_original as text,
    snippet__published_at as created_at,
    scraped_at,
    snippet__parent_id as parent_comment_id,
    snippet__like_count as likes,
    _source_file,
    _source_line,
    _run_id,
    _loaded_at
from {{ source('raw', 'youtube__comment_threads') }}
