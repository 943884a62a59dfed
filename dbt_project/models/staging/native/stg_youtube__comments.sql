-- YouTube Data API comments.list replies (raw.youtube__comments) as canonical comment snapshots. Only
-- renames and casts, but for the video: a reply that does not name it takes its thread's (its
-- parentId is the thread's top-level comment, in raw.youtube__comment_threads). A reply whose
-- thread is not loaded yet stays out until it is (it is kept in raw.youtube__comments).
with replies as (
    select * from {{ source('raw', 'youtube__comments') }}
),

threads as (
    select distinct
        id as comment_id,
        snippet__video_id as video_id
    from {{ source('raw', 'youtube__comment_threads') }}
),

resolved as (
    select
        replies.*,
        coalesce(replies.snippet__video_id, threads.video_id) as video_id
    from replies
    left join threads
        on replies.snippet__parent_id = threads.comment_id
)

select
    'youtube' as platform,
    id as comment_id,
    video_id as post_id,
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
from resolved
where video_id is not null
