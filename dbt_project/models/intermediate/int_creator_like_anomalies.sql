-- Like anomalies per scored creator (docs/metrics.md, "Creator authenticity"): likes per comment as
-- a robust z-score (on the log scale) against peers of the same platform and follower band, and the
-- share of the creator's window posts whose likes per comment, or views per like, stand far above the
-- creator's own lower quartile (likes or views bought for some posts; a viral post lifts likes,
-- comments and views together, so its ratios stay normal).
with creators as (
    select
        creator_key,
        platform,
        follower_band,
        likes_per_comment_median
    from {{ ref('int_creator_engagement') }}
    where is_scored
),

logged as (
    select
        creator_key,
        platform,
        follower_band,
        likes_per_comment_median,
        case when likes_per_comment_median > 0 then ln(likes_per_comment_median) end as log_likes_per_comment
    from creators
),

peer_medians as (
    select
        platform,
        follower_band,
        count(log_likes_per_comment) as peers,
        percentile_cont(0.5) within group (order by log_likes_per_comment) as peer_log_median
    from logged
    group by platform, follower_band
),

peer_spread as (
    select
        logged.platform,
        logged.follower_band,
        percentile_cont(0.5) within group (
            order by abs(logged.log_likes_per_comment - peer_medians.peer_log_median)
        ) as peer_log_mad
    from logged
    inner join peer_medians
        on
            logged.platform = peer_medians.platform
            and logged.follower_band = peer_medians.follower_band
    group by logged.platform, logged.follower_band
),

window_posts as (
    select
        creator_key,
        cast(likes as {{ double_type() }}) / nullif(comments, 0) as likes_per_comment,
        cast(views as {{ double_type() }}) / nullif(likes, 0) as views_per_like
    from {{ ref('int_posts_windowed') }}
),

-- The creator's own baseline: the lower quartile, so that likes bought for most (not all) posts do not
-- become the creator's "normal".
own_baselines as (
    select
        creator_key,
        percentile_cont(0.25) within group (order by likes_per_comment) as likes_per_comment_p25,
        percentile_cont(0.25) within group (order by views_per_like) as views_per_like_p25
    from window_posts
    group by creator_key
),

own_outliers as (
    select
        window_posts.creator_key,
        {{ share_where(
            'window_posts.likes_per_comment > ' ~ var('like_outlier_factor') ~ ' * own_baselines.likes_per_comment_p25'
            ~ ' or window_posts.views_per_like > ' ~ var('like_outlier_factor') ~ ' * own_baselines.views_per_like_p25'
        ) }} as like_outlier_post_share
    from window_posts
    inner join own_baselines
        on window_posts.creator_key = own_baselines.creator_key
    group by window_posts.creator_key
)

select
    logged.creator_key,
    logged.likes_per_comment_median,
    peer_medians.peers as likes_per_comment_peers,
    exp(peer_medians.peer_log_median) as peer_likes_per_comment_median,
    case
        when peer_medians.peers >= {{ var('min_peers') }}
            then
                (logged.log_likes_per_comment - peer_medians.peer_log_median)
                / greatest(1.4826 * peer_spread.peer_log_mad, {{ var('likes_per_comment_log_noise_floor') }})
    end as likes_per_comment_peer_z,
    own_outliers.like_outlier_post_share
from logged
inner join peer_medians
    on
        logged.platform = peer_medians.platform
        and logged.follower_band = peer_medians.follower_band
inner join peer_spread
    on
        logged.platform = peer_spread.platform
        and logged.follower_band = peer_spread.follower_band
left join own_outliers
    on logged.creator_key = own_outliers.creator_key
