-- Comment snapshots scraped at or before as_of (or, when scraped_at is null, created at or before it),
-- with keys. The normalized text the comment rules read and the pseudonymous commenter_key are made in
-- int_comments_latest, on the latest snapshots only (normalizing is the costly part of comment staging),
-- and in a table: a view's stored SQL would reveal the salt.
with source as (
    select * from {{ source('raw', 'comments') }}
),

run_parameters as (
    select as_of from {{ ref('stg_run_parameters') }}
)

select
    source.platform || ':' || source.comment_id as comment_key,
    source.platform || ':' || source.post_id as post_key,
    source.platform || ':' || source.parent_comment_id as parent_comment_key,
    source.platform,
    source.comment_id,
    source.post_id,
    source.parent_comment_id,
    source.author_id,
    source.author_handle,
    source.text,
    coalesce({{ has_letter_or_digit('source.text') }}, false) as has_letter_or_digit,
    source.created_at,
    source.scraped_at,
    source.likes,
    source._source_file as source_file,
    source._source_line as source_line,
    source._run_id as run_id,
    source._loaded_at as loaded_at
from source
inner join run_parameters
    on coalesce(source.scraped_at, source.created_at) <= run_parameters.as_of
