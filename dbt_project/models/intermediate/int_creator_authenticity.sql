-- Authenticity v1 per creator: flags from the signals, the 0-100 score and the reason codes
-- (docs/metrics.md). Thresholds are vars in dbt_project.yml.
with signals as (
    select * from {{ ref('int_creator_authenticity_signals') }}
),

platform_likes_per_comment as (
    select
        platform,
        percentile_cont(0.5) within group (order by likes_per_comment_median) as platform_likes_per_comment_median
    from signals
    where is_scored
    group by platform
),

flagged as (
    select
        signals.creator_key,
        signals.platform,
        signals.is_scored,
        signals.comments_by_others,
        signals.suspicious_text_comments,
        signals.pod_comments,
        signals.suspicious_comment_share,
        signals.pod_comment_share,
        signals.max_follower_jump,
        signals.likes_per_comment_median,
        platform_likes_per_comment.platform_likes_per_comment_median,
        coalesce(signals.suspicious_comment_share > {{ var('bot_comment_share_threshold') }}, false)
            as has_bot_comments,
        coalesce(signals.pod_comment_share > {{ var('pod_comment_share_threshold') }}, false)
            as has_engagement_pod,
        coalesce(signals.max_follower_jump > {{ var('follower_spike_threshold') }}, false)
            as has_follower_spike,
        coalesce(
            signals.likes_per_comment_median
            > {{ var('like_comment_imbalance_factor') }} * platform_likes_per_comment.platform_likes_per_comment_median,
            false
        ) as has_like_comment_imbalance
    from signals
    left join platform_likes_per_comment
        on signals.platform = platform_likes_per_comment.platform
)

select
    creator_key,
    platform,
    is_scored,
    comments_by_others,
    suspicious_text_comments,
    pod_comments,
    suspicious_comment_share,
    pod_comment_share,
    max_follower_jump,
    likes_per_comment_median,
    platform_likes_per_comment_median,
    has_bot_comments,
    has_engagement_pod,
    has_follower_spike,
    has_like_comment_imbalance,
    round(
        greatest(
            0,
            least(
                100,
                100
                - least(40, 80 * coalesce(suspicious_comment_share, 0))
                - least(30, 100 * coalesce(pod_comment_share, 0))
                - case when has_follower_spike then 25 else 0 end
                - case when has_like_comment_imbalance then 25 else 0 end
            )
        ),
        1
    ) as authenticity_score,
    concat_ws(
        ',',
        case when has_bot_comments then 'BOT_COMMENTS' end,
        case when has_engagement_pod then 'ENGAGEMENT_POD' end,
        case when has_follower_spike then 'FOLLOWER_SPIKE' end,
        case when has_like_comment_imbalance then 'LIKE_COMMENT_IMBALANCE' end
    ) as reason_codes
from flagged
