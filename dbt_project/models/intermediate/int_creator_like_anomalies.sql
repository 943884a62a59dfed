-- Like anomalies per scored creator (docs/metrics.md, "Creator authenticity"): likes per comment as
-- a robust z-score (on the log scale) against peers of the same platform and follower band, and the
-- share of the creator's window posts out of line with the creator's own usual ratios
-- (int_posts_like_outliers: likes or views bought for some posts).
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

own_outliers as (
    select
        creator_key,
        {{ share_where('is_like_outlier') }} as like_outlier_post_share
    from {{ ref('int_posts_like_outliers') }}
    group by creator_key
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
