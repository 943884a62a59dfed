select
    engagement.creator_key,
    engagement.platform,
    engagement.followers,
    engagement.follower_tier,
    {{ follower_tier_order('engagement.follower_tier') }} as follower_tier_order,
    engagement.follower_band,
    {{ follower_band_order('engagement.follower_band') }} as follower_band_order,
    engagement.posts_in_window,
    engagement.er_median,
    engagement.er_mean,
    engagement.er_likes_comments_median,
    engagement.er_views_median,
    engagement.likes_per_comment_median,
    engagement.er_percentile_in_band,
    lift.sponsored_window_posts,
    lift.organic_window_posts,
    lift.sponsored_er_median,
    lift.organic_er_median,
    lift.sponsored_er_lift,
    lift.sponsored_source,
    growth.followers_30d_ago,
    growth.followers_30d_ago_at,
    growth.follower_growth_30d,
    growth.followers_90d_ago,
    growth.followers_90d_ago_at,
    growth.follower_growth_90d,
    growth.median_engagements_last_90d,
    growth.median_engagements_previous_90d,
    growth.engagement_growth_90d,
    growth.posts_last_90d,
    growth.posts_per_week,
    engagement.top_level_comments,
    engagement.replied_top_level_comments,
    engagement.reply_rate,
    reply_latency.median_reply_latency_minutes,
    engagement.is_scored
from {{ ref('int_creator_engagement') }} as engagement
left join {{ ref('int_creator_sponsored_lift') }} as lift
    on engagement.creator_key = lift.creator_key
left join {{ ref('int_creator_growth') }} as growth
    on engagement.creator_key = growth.creator_key
left join {{ ref('int_creator_reply_latency') }} as reply_latency
    on engagement.creator_key = reply_latency.creator_key
