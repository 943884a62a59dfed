-- One row per creator: engagement, authenticity and value side by side, the overall score, the
-- recommendation with its reasons in plain words, and the rank among recommended creators of the same
-- primary niche and follower tier (docs/metrics.md, "Scorecard").
{%- set rules = var('recommendation') %}
{%- set deduction_codes = {
    'suspicious_comments_deduction': 'SUSPICIOUS_COMMENTS',
    'engagement_pod_deduction': 'ENGAGEMENT_POD',
    'concentrated_commenters_deduction': 'CONCENTRATED_COMMENTERS',
    'follower_spike_deduction': 'FOLLOWER_SPIKE',
    'round_follower_jump_deduction': 'ROUND_FOLLOWER_JUMP',
    'engagement_fell_after_spike_deduction': 'ENGAGEMENT_FELL_AFTER_SPIKE',
    'likes_above_peers_deduction': 'LIKES_ABOVE_PEERS',
    'like_outlier_posts_deduction': 'LIKE_OUTLIER_POSTS',
    'low_effort_comments_deduction': 'LOW_EFFORT_COMMENTS',
} %}
with joined as (
    select
        creators.creator_key,
        creators.platform,
        creators.handle,
        niches.primary_niche,
        niches.niche_focus,
        creators.follower_tier,
        creators.follower_band,
        creators.followers,
        engagement.posts_in_window,
        engagement.er_median,
        engagement.er_percentile_in_band,
        engagement.reply_rate,
        authenticity.authenticity_score,
        authenticity.reason_codes,
        authenticity.explanation,
        creator_value.median_engagements,
        creator_value.authentic_engagement_share,
        creator_value.est_cost_per_post,
        creator_value.cost_currency,
        creator_value.cost_source,
        creator_value.est_cost_per_engagement,
        creator_value.est_cost_per_authentic_engagement,
        greatest(
            {%- for column in deduction_codes %}
                authenticity.{{ column }}{{ ',' if not loop.last }}
            {%- endfor %}
        ) as largest_deduction,
        case
            {%- for column, code in deduction_codes.items() %}
                when authenticity.{{ column }} = greatest(
                    {%- for other in deduction_codes %}
                        authenticity.{{ other }}{{ ',' if not loop.last }}
                    {%- endfor %}
                ) then '{{ code }}'
            {%- endfor %}
        end as largest_deduction_code,
        engagement.er_median * creator_value.authentic_engagement_share as authentic_er_median,
        engagement.is_scored and authenticity.is_scored as is_scored
    from {{ ref('int_creators_current') }} as creators
    inner join {{ ref('int_creator_niches') }} as niches
        on creators.creator_key = niches.creator_key
    inner join {{ ref('int_creator_engagement') }} as engagement
        on creators.creator_key = engagement.creator_key
    inner join {{ ref('int_creator_authenticity') }} as authenticity
        on creators.creator_key = authenticity.creator_key
    inner join {{ ref('int_creator_value') }} as creator_value
        on creators.creator_key = creator_value.creator_key
),

-- Engagement counts in the overall score as it is once measured inauthentic engagement is taken out:
-- bought likes must not buy a high score.
authentic_percentiles as (
    select
        creator_key,
        percent_rank() over (partition by platform, follower_band order by authentic_er_median)
            as authentic_er_percentile_in_band
    from joined
    where is_scored and authentic_er_median is not null
),

scored as (
    select
        joined.*,
        authentic_percentiles.authentic_er_percentile_in_band,
        round(
            0.5 * 100 * authentic_percentiles.authentic_er_percentile_in_band + 0.5 * joined.authenticity_score, 1
        ) as overall_score
    from joined
    left join authentic_percentiles
        on joined.creator_key = authentic_percentiles.creator_key
),

recommended as (
    select
        *,
        case
            when not is_scored or overall_score is null then 'insufficient_data'
            when authenticity_score < {{ rules.avoid_below }} then 'avoid'
            when authenticity_score < {{ rules.review_below }} then 'review'
            when largest_deduction >= {{ rules.review_min_deduction }} then 'review'
            else 'recommend'
        end as recommendation
    from scored
),

ranked as (
    select
        creator_key,
        row_number() over (
            partition by primary_niche, follower_tier
            order by overall_score desc, creator_key asc
        ) as rank_in_niche_tier,
        count(*) over (partition by primary_niche, follower_tier) as ranked_in_niche_tier
    from recommended
    where recommendation = 'recommend'
)

select
    recommended.creator_key,
    recommended.platform,
    recommended.handle,
    recommended.primary_niche,
    recommended.niche_focus,
    recommended.follower_tier,
    {{ follower_tier_order('recommended.follower_tier') }} as follower_tier_order,
    recommended.follower_band,
    {{ follower_band_order('recommended.follower_band') }} as follower_band_order,
    recommended.followers,
    recommended.posts_in_window,
    recommended.er_median,
    recommended.er_percentile_in_band,
    recommended.authentic_er_median,
    recommended.authentic_er_percentile_in_band,
    recommended.reply_rate,
    recommended.authenticity_score,
    recommended.reason_codes,
    recommended.median_engagements,
    recommended.authentic_engagement_share,
    recommended.est_cost_per_post,
    recommended.cost_currency,
    recommended.cost_source,
    recommended.est_cost_per_engagement,
    recommended.est_cost_per_authentic_engagement,
    recommended.overall_score,
    recommended.recommendation,
    case recommended.recommendation
        when 'insufficient_data'
            then
                case
                    when recommended.is_scored
                        then
                            'Insufficient data: no engagement rate '
                            || '(followers at posting unknown or 0, or no engagement at all).'
                    else 'Insufficient data. ' || recommended.explanation
                end
        when 'avoid'
            then
                'Avoid: authenticity ' || {{ decimal_text('recommended.authenticity_score') }}
                || '/100 is below {{ rules.avoid_below }}. ' || recommended.explanation || '.'
        when 'review'
            then
                case
                    when recommended.authenticity_score < {{ rules.review_below }}
                        then
                            'Review: authenticity ' || {{ decimal_text('recommended.authenticity_score') }}
                            || '/100 is below {{ rules.review_below }}. '
                    else
                        'Review: one signal (' || recommended.largest_deduction_code || ') takes '
                        || {{ decimal_text('recommended.largest_deduction') }}
                        || ' points, at least {{ rules.review_min_deduction }}. '
                end
                || recommended.explanation || '.'
        else
            'Recommend: authenticity ' || {{ decimal_text('recommended.authenticity_score') }}
            || '/100 with no signal taking {{ rules.review_min_deduction }} points or more'
            || case
                when coalesce(recommended.reason_codes, '') <> ''
                    then '; minor signals: ' || recommended.explanation
                else ''
            end
            || '.'
    end as recommendation_reasons,
    ranked.rank_in_niche_tier,
    ranked.ranked_in_niche_tier,
    recommended.is_scored
from recommended
left join ranked
    on recommended.creator_key = ranked.creator_key
