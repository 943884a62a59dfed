-- Authenticity per creator (docs/metrics.md, "Creator authenticity"): every component, the deduction
-- each one makes, the 0-100 authenticity_score (higher = more authentic), the reason codes naming
-- every deduction and a plain-language explanation. Weights and thresholds are the `authenticity`
-- var in dbt_project.yml; every deduction grows monotonically with its signal (macro ramp).
-- Creators with too little data are not scored: no score, and not_scored_reason says why.
{%- set rules = var('authenticity') %}
{%- set concentration = rules.concentrated_commenters %}
{%- set engagement_fell = rules.engagement_fell_after_spike %}
with creators as (
    select
        engagement.creator_key,
        engagement.platform,
        engagement.follower_band,
        engagement.followers,
        engagement.posts_in_window,
        engagement.reply_rate,
        engagement.is_scored as has_engagement_data,
        comment_signals.comments_by_others,
        comment_signals.suspicious_comment_share,
        comment_signals.spam_text_comment_share,
        comment_signals.copy_paste_comment_share,
        comment_signals.burst_comment_share,
        comment_signals.prolific_commenter_comment_share,
        comment_signals.pod_comment_share,
        comment_signals.low_effort_comment_share,
        comment_signals.distinct_commenters,
        comment_signals.unique_commenter_ratio,
        comment_signals.top10_commenter_share,
        comment_signals.median_comment_words,
        comment_signals.lexical_diversity,
        comment_signals.creator_address_share,
        reply_latency.median_reply_latency_minutes,
        followers.spike_at as follower_spike_at,
        followers.spike_relative_change as follower_spike_change,
        followers.spike_growth_z as follower_spike_z,
        followers.is_round_follower_jump,
        followers.spike_follows_viral_post,
        followers.er_change_after_spike,
        likes.likes_per_comment_median,
        likes.peer_likes_per_comment_median,
        likes.likes_per_comment_peer_z,
        likes.like_outlier_post_share
    from {{ ref('int_creator_engagement') }} as engagement
    left join {{ ref('int_creator_comment_signals') }} as comment_signals
        on engagement.creator_key = comment_signals.creator_key
    left join {{ ref('int_creator_reply_latency') }} as reply_latency
        on engagement.creator_key = reply_latency.creator_key
    left join {{ ref('int_creator_follower_anomalies') }} as followers
        on engagement.creator_key = followers.creator_key
    left join {{ ref('int_creator_like_anomalies') }} as likes
        on engagement.creator_key = likes.creator_key
),

gated as (
    select
        *,
        -- A follower spike counts only when large and not explained by a viral post just before it.
        coalesce(
            follower_spike_change >= {{ rules.follower_spike.min_relative_change }}
            and not spike_follows_viral_post,
            false
        ) as is_unexplained_spike
    from creators
),

deductions as (
    select
        *,
        {{ rules.suspicious_comments.weight }}
        * {{ ramp('suspicious_comment_share', rules.suspicious_comments.start, rules.suspicious_comments.full) }}
            as suspicious_comments_deduction,
        {{ rules.engagement_pod.weight }}
        * {{ ramp('pod_comment_share', rules.engagement_pod.start, rules.engagement_pod.full) }}
            as engagement_pod_deduction,
        case
            when comments_by_others >= {{ rules.concentrated_commenters.min_comments }}
                then
                    {{ rules.concentrated_commenters.weight }}
                    * {{ ramp('top10_commenter_share', concentration.start, concentration.full) }}
            else 0.0
        end as concentrated_commenters_deduction,
        case
            when is_unexplained_spike
                then
                    {{ rules.follower_spike.weight }}
                    * {{ ramp('follower_spike_z', rules.follower_spike.start, rules.follower_spike.full) }}
            else 0.0
        end as follower_spike_deduction,
        case when
            is_unexplained_spike and is_round_follower_jump
            and follower_spike_z >= {{ rules.follower_spike.start }}
            then
                {{ rules.round_follower_jump.weight }}
        else 0.0 end as round_follower_jump_deduction,
        case
            when is_unexplained_spike and follower_spike_z >= {{ rules.follower_spike.start }}
                then
                    {{ rules.engagement_fell_after_spike.weight }}
                    * {{ ramp('-er_change_after_spike', engagement_fell.start, engagement_fell.full) }}
            else 0.0
        end as engagement_fell_after_spike_deduction,
        {{ rules.likes_above_peers.weight }}
        * {{ ramp('likes_per_comment_peer_z', rules.likes_above_peers.start, rules.likes_above_peers.full) }}
            as likes_above_peers_deduction,
        {{ rules.like_outlier_posts.weight }}
        * {{ ramp('like_outlier_post_share', rules.like_outlier_posts.start, rules.like_outlier_posts.full) }}
            as like_outlier_posts_deduction,
        {{ rules.low_effort_comments.weight }}
        * {{ ramp('low_effort_comment_share', rules.low_effort_comments.start, rules.low_effort_comments.full) }}
            as low_effort_comments_deduction,
        {{ rules.creator_replies.weight }}
        * {{ ramp('reply_rate', rules.creator_replies.start, rules.creator_replies.full) }}
            as creator_replies_credit,
        case
            when not has_engagement_data and followers is null then 'followers_unknown'
            when not has_engagement_data then 'too_few_posts'
            when coalesce(comments_by_others, 0) < {{ var('min_scored_comments') }} then 'too_few_comments'
        end as not_scored_reason
    from gated
),

scored as (
    select
        *,
        not_scored_reason is null as is_scored,
        case
            when not_scored_reason is null then
                round(
                    greatest(0.0, least(
                        100.0,
                        100
                        - suspicious_comments_deduction
                        - engagement_pod_deduction
                        - concentrated_commenters_deduction
                        - follower_spike_deduction
                        - round_follower_jump_deduction
                        - engagement_fell_after_spike_deduction
                        - likes_above_peers_deduction
                        - like_outlier_posts_deduction
                        - low_effort_comments_deduction
                        + creator_replies_credit
                    )),
                    1
                )
        end as authenticity_score
    from deductions
)

select
    creator_key,
    platform,
    is_scored,
    not_scored_reason,
    authenticity_score,
    case
        when is_scored
            then
                concat_ws(
                    ',',
                    case when suspicious_comments_deduction > 0 then 'SUSPICIOUS_COMMENTS' end,
                    case when engagement_pod_deduction > 0 then 'ENGAGEMENT_POD' end,
                    case when concentrated_commenters_deduction > 0 then 'CONCENTRATED_COMMENTERS' end,
                    case when follower_spike_deduction > 0 then 'FOLLOWER_SPIKE' end,
                    case when round_follower_jump_deduction > 0 then 'ROUND_FOLLOWER_JUMP' end,
                    case when engagement_fell_after_spike_deduction > 0 then 'ENGAGEMENT_FELL_AFTER_SPIKE' end,
                    case when likes_above_peers_deduction > 0 then 'LIKES_ABOVE_PEERS' end,
                    case when like_outlier_posts_deduction > 0 then 'LIKE_OUTLIER_POSTS' end,
                    case when low_effort_comments_deduction > 0 then 'LOW_EFFORT_COMMENTS' end
                )
        else ''
    end as reason_codes,
    case
        when not is_scored
            then
                case not_scored_reason
                    when 'followers_unknown' then 'Not scored: the follower count is unknown.'
                    when
                        'too_few_posts'
                        then 'Not scored: fewer than {{ var("min_scored_posts") }} posts in the window.'
                    else 'Not scored: fewer than {{ var("min_scored_comments") }} comments by others on window posts.'
                end
        else coalesce(nullif(concat_ws(
            '; ',
            case
                when suspicious_comments_deduction > 0 then
                    {{ percent_text('suspicious_comment_share') }} || '% of comments by others look inauthentic ('
                    || concat_ws(
                        ', ',
                        {{ share_phrase('spam_text_comment_share', 'spam or self-promotion') }},
                        {{ share_phrase('copy_paste_comment_share', 'text copied under other creators or posts') }},
                        {{ share_phrase(
                            'prolific_commenter_comment_share',
                            'from accounts commenting on ' ~ var('prolific_commenter_min_creators') ~ '+ creators'
                        ) }},
                        {{ share_phrase('burst_comment_share', 'posted in bursts') }}
                    )
                    || ')'
            end,
            case
                when engagement_pod_deduction > 0 then
                    {{ percent_text('pod_comment_share') }}
                    || '% of comments come from creators who trade comments with this creator (an engagement pod)'
            end,
            case
                when concentrated_commenters_deduction > 0 then
                    {{ percent_text('top10_commenter_share') }}
                    || '% of comments come from the 10 most active commenters'
            end,
            case
                when follower_spike_deduction > 0 then
                    'followers rose ' || {{ percent_text('follower_spike_change') }} || '% in one step on '
                    || cast(cast(follower_spike_at as date) as {{ dbt.type_string() }})
                    || ' ('
                    || {{ decimal_text('follower_spike_z') }}
                    || ' robust z against the usual growth) without a viral post before it'
            end,
            case when round_follower_jump_deduction > 0 then 'the jump was a round number of followers' end,
            case
                when engagement_fell_after_spike_deduction > 0 then
                    'the engagement rate fell ' || {{ percent_text('-er_change_after_spike') }} || '% after the spike'
            end,
            case
                when likes_above_peers_deduction > 0 then
                    'likes per comment are '
                    || {{ decimal_text('likes_per_comment_median / nullif(peer_likes_per_comment_median, 0)') }}
                    || 'x the median of peers on the same platform and follower band'
            end,
            case
                when like_outlier_posts_deduction > 0 then
                    {{ percent_text('like_outlier_post_share') }}
                    || '% of window posts have likes per comment or views per like far above this creator''s usual'
            end,
            case
                when low_effort_comments_deduction > 0 then
                    {{ percent_text('low_effort_comment_share') }}
                    || '% of comments are stock phrases, emoji or lone mentions'
            end
        ), ''), 'No deductions: no signal of inauthentic engagement.')
    end as explanation,
    comments_by_others,
    suspicious_comment_share,
    spam_text_comment_share,
    copy_paste_comment_share,
    burst_comment_share,
    prolific_commenter_comment_share,
    pod_comment_share,
    low_effort_comment_share,
    distinct_commenters,
    unique_commenter_ratio,
    top10_commenter_share,
    median_comment_words,
    lexical_diversity,
    creator_address_share,
    reply_rate,
    median_reply_latency_minutes,
    follower_spike_at,
    follower_spike_change,
    follower_spike_z,
    is_round_follower_jump,
    spike_follows_viral_post,
    er_change_after_spike,
    likes_per_comment_median,
    peer_likes_per_comment_median,
    likes_per_comment_peer_z,
    like_outlier_post_share,
    round(suspicious_comments_deduction, 2) as suspicious_comments_deduction,
    round(engagement_pod_deduction, 2) as engagement_pod_deduction,
    round(concentrated_commenters_deduction, 2) as concentrated_commenters_deduction,
    round(follower_spike_deduction, 2) as follower_spike_deduction,
    round(round_follower_jump_deduction, 2) as round_follower_jump_deduction,
    round(engagement_fell_after_spike_deduction, 2) as engagement_fell_after_spike_deduction,
    round(likes_above_peers_deduction, 2) as likes_above_peers_deduction,
    round(like_outlier_posts_deduction, 2) as like_outlier_posts_deduction,
    round(low_effort_comments_deduction, 2) as low_effort_comments_deduction,
    round(creator_replies_credit, 2) as creator_replies_credit
from scored
