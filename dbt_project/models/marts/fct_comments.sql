select
    comment_key,
    platform,
    comment_id,
    post_key,
    creator_key,
    commenter_key,
    created_at,
    is_reply,
    is_creator_reply,
    is_suspicious,
    suspicion_reasons
from {{ ref('int_comments_flagged') }}
