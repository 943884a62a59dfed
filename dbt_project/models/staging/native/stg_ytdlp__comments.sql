-- yt-dlp --write-comments comments (parent 'root' = top-level) (raw.ytdlp__comments) as canonical
-- comment snapshots. Only renames and casts.
select
    'youtube' as platform,
    id as comment_id,
    video_id as post_id,
    author_id,
    author as author_handle,
    text,
    timestamp as created_at,
    scraped_at,
    case when parent = 'root' then null else parent end as parent_comment_id,
    like_count as likes,
    _source_file,
    _source_line,
    _run_id,
    _loaded_at
from {{ source('raw', 'ytdlp__comments') }}
