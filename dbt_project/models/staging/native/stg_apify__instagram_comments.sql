-- Apify Instagram comments and their replies (the post is the shortCode in postUrl)
-- (raw.apify__instagram_comments) as canonical comment snapshots. Only renames and casts.
select
    'instagram' as platform,
    id as comment_id,
    {{ instagram_shortcode('post_url') }} as post_id,
    owner_id as author_id,
    owner_username as author_handle,
    text,
    timestamp as created_at,
    scraped_at,
    parent_id as parent_comment_id,
    likes_count as likes,
    _source_file,
    _source_line,
    _run_id,
    _loaded_at
from {{ source('raw', 'apify__instagram_comments') }}
