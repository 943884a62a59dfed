-- Every comment snapshot loaded, with keys. Not filtered by as_of: int_comment_snapshots keeps each
-- snapshot once it is loaded (incrementally), whatever the run's as_of, and int_comments_latest applies
-- as_of. The text's reading and the pseudonymous commenter_key are made in the intermediate layer (a
-- view's stored SQL must not hold the salt). raw.comments and the platform-native shapes' staging
-- models (models/staging/native) are one relation.
with source as (
    {{ canonical_and_native_rows('comments') }}
)

select
    platform || ':' || comment_id as comment_key,
    platform || ':' || post_id as post_key,
    platform || ':' || parent_comment_id as parent_comment_key,
    platform,
    comment_id,
    post_id,
    parent_comment_id,
    author_id,
    author_handle,
    text,
    created_at,
    scraped_at,
    likes,
    _source_file as source_file,
    _source_line as source_line,
    _run_id as run_id,
    _loaded_at as loaded_at
from source
