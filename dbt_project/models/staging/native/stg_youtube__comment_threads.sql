-- YouTube Data API commentThreads.list comments, top-level and replies (raw.youtube__comment_threads)
-- as canonical comment snapshots. Only renames and casts; the columns are those of stg_youtube__comments
-- (macros/native_staging_selects.sql).
select
    {{ youtube_comment_snapshot_columns('snippet__video_id') }}
from {{ source('raw', 'youtube__comment_threads') }}
