-- A view: the columns of int_comments_flagged a reader may see (no author id, no text). The flags are
-- already a table, and publishing copies this view into the release as a table, so storing the same
-- rows twice in the working database would only cost a write of every comment per build.
{{ config(materialized='view') }}

select
    comment_key,
    platform,
    comment_id,
    post_key,
    creator_key,
    commenter_key,
    created_at,
    minutes_after_post,
    word_count,
    addresses_creator,
    is_reply,
    is_creator_reply,
    is_suspicious,
    suspicion_reasons,
    is_low_effort,
    low_effort_reason
from {{ ref('int_comments_flagged') }}
