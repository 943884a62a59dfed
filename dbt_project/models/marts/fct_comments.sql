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
