-- Engagement metrics per creator (window statistics, reply rate), whether the creator is scored, and
-- the percentile of er_median among scored creators of the same platform and follower band.
with creators as (
    select
        creators.creator_key,
        creators.platform,
        creators.followers,
        creators.follower_tier,
        creators.follower_band,
        coalesce(window_stats.posts_in_window, 0) as posts_in_window,
        window_stats.er_median,
        window_stats.er_mean,
        window_stats.er_likes_comments_median,
        window_stats.er_views_median,
        window_stats.likes_per_comment_median,
        reply_rates.top_level_comments,
        reply_rates.replied_top_level_comments,
        reply_rates.reply_rate,
        coalesce(window_stats.posts_in_window, 0) >= {{ var('min_scored_posts') }}
        and creators.followers is not null as is_scored
    from {{ ref('int_creators_current') }} as creators
    left join {{ ref('int_creator_window_stats') }} as window_stats
        on creators.creator_key = window_stats.creator_key
    left join {{ ref('int_creator_reply_rate') }} as reply_rates
        on creators.creator_key = reply_rates.creator_key
),

band_percentiles as (
    select
        creator_key,
        percent_rank() over (partition by platform, follower_band order by er_median) as er_percentile_in_band
    from creators
    where is_scored and er_median is not null
)

select
    creators.creator_key,
    creators.platform,
    creators.followers,
    creators.follower_tier,
    creators.follower_band,
    creators.posts_in_window,
    creators.er_median,
    creators.er_mean,
    creators.er_likes_comments_median,
    creators.er_views_median,
    creators.likes_per_comment_median,
    coalesce(creators.top_level_comments, 0) as top_level_comments,
    coalesce(creators.replied_top_level_comments, 0) as replied_top_level_comments,
    creators.reply_rate,
    band_percentiles.er_percentile_in_band,
    creators.is_scored
from creators
left join band_percentiles
    on creators.creator_key = band_percentiles.creator_key
