-- YouTube Data API comments.list replies (raw.youtube__comments) as canonical comment snapshots. Only
-- renames and casts, but for the video: a reply that does not name it takes its thread's (its
-- parentId is the thread's top-level comment, in raw.youtube__comment_threads). A reply whose
-- thread is not loaded yet stays out until it is (it is kept in raw.youtube__comments). The columns are
-- those of stg_youtube__comment_threads (macros/native_staging_selects.sql).
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
    {{ youtube_comment_snapshot_columns('video_id') }}
from resolved
where video_id is not null
