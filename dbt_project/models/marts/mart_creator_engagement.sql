select
    creator_key,
    platform,
    followers,
    follower_tier,
    follower_band,
    posts_in_window,
    er_median,
    er_mean,
    er_views_median,
    likes_per_comment_median,
    top_level_comments,
    replied_top_level_comments,
    reply_rate,
    er_percentile_in_band,
    is_scored
from {{ ref('int_creator_engagement') }}
