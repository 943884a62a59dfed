-- Instagram Graph API IG Comments and their replies (a comment's post is media.id, else the file's
-- name) (raw.instagram_graph__comments) as canonical comment snapshots. Only renames and casts.
select
    'instagram' as platform,
    id as comment_id,
    media__id as post_id,
    from__id as author_id,
    from__username as author_handle,
    text,
    timestamp as created_at,
    scraped_at,
    parent_id as parent_comment_id,
    like_count as likes,
    _source_file,
    _source_line,
    _run_id,
    _loaded_at
from {{ source('raw', 'instagram_graph__comments') }}
