select
    creator_key,
    platform,
    authenticity_score,
    reason_codes,
    is_scored,
    comments_by_others,
    suspicious_comment_share,
    pod_comment_share,
    max_follower_jump,
    likes_per_comment_median,
    platform_likes_per_comment_median,
    has_bot_comments,
    has_engagement_pod,
    has_follower_spike,
    has_like_comment_imbalance
from {{ ref('int_creator_authenticity') }}
