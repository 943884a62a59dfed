-- TikTok Research API video comments: no author is given, so they feed no commenter signal; a
-- parent_comment_id equal to the video_id means top-level (raw.tiktok_research__comments) as canonical
-- comment snapshots. Only renames and casts.
select
    'tiktok' as platform,
    id as comment_id,
    video_id as post_id,
    cast(null as varchar) as author_id,
    cast(null as varchar) as author_handle,
    text,
    create_time as created_at,
    scraped_at,
    case when parent_comment_id = video_id then null else parent_comment_id end as parent_comment_id,
    like_count as likes,
    _source_file,
    _source_line,
    _run_id,
    _loaded_at
from {{ source('raw', 'tiktok_research__comments') }}
