-- Benchmarks per platform, at two levels: one row per follower band (segment_type = 'band') and one per
-- follower tier (segment_type = 'tier', follower_band null), so an analyst can see whether micro creators
-- beat macro ones on this data. Engagement quartiles are over creators whose engagement is scored,
-- authenticity over those whose authenticity is scored, value over those scored on both (the scorecard's
-- is_scored); sort with the *_order columns.
with creators as (
    select
        scorecard.platform,
        scorecard.follower_tier,
        scorecard.follower_band,
        engagement.is_scored,
        scorecard.recommendation,
        case when engagement.is_scored then scorecard.er_median end as scored_er_median,
        case when authenticity.is_scored then scorecard.authenticity_score end as scored_authenticity_score,
        -- Costs compare only in one currency: the seed's (USD); prices in other currencies are left out.
        case
            when scorecard.is_scored and scorecard.cost_currency = 'USD' then scorecard.est_cost_per_engagement
        end as scored_cost_per_engagement,
        case
            when scorecard.is_scored and scorecard.cost_currency = 'USD'
                then scorecard.est_cost_per_authentic_engagement
        end as scored_cost_per_authentic_engagement,
        case when scorecard.is_scored then scorecard.authentic_engagement_share end
            as scored_authentic_engagement_share
    from {{ ref('mart_creator_scorecard') }} as scorecard
    inner join {{ ref('int_creator_engagement') }} as engagement
        on scorecard.creator_key = engagement.creator_key
    inner join {{ ref('int_creator_authenticity') }} as authenticity
        on scorecard.creator_key = authenticity.creator_key
    where scorecard.follower_band is not null
),

benchmarks as (
    {%- for level in ['band', 'tier'] %}
        select
            platform,
            '{{ level }}' as segment_type,
            follower_tier,
            {{ 'follower_band' if level == 'band' else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as follower_band,
            count(case when is_scored then 1 end) as creators,
            count(*) as creators_total,
            count(case when recommendation = 'recommend' then 1 end) as recommended_creators,
            percentile_cont(0.25) within group (order by scored_er_median) as er_median_p25,
            percentile_cont(0.5) within group (order by scored_er_median) as er_median_p50,
            percentile_cont(0.75) within group (order by scored_er_median) as er_median_p75,
            percentile_cont(0.25) within group (order by scored_authenticity_score) as authenticity_p25,
            percentile_cont(0.5) within group (order by scored_authenticity_score) as authenticity_median,
            percentile_cont(0.75) within group (order by scored_authenticity_score) as authenticity_p75,
            percentile_cont(0.5) within group (order by scored_authentic_engagement_share)
                as authentic_engagement_share_p50,
            percentile_cont(0.5) within group (order by scored_cost_per_engagement) as cost_per_engagement_p50,
            percentile_cont(0.25) within group (order by scored_cost_per_authentic_engagement)
                as cost_per_authentic_engagement_p25,
            percentile_cont(0.5) within group (order by scored_cost_per_authentic_engagement)
                as cost_per_authentic_engagement_p50,
            percentile_cont(0.75) within group (order by scored_cost_per_authentic_engagement)
                as cost_per_authentic_engagement_p75
        from creators
        group by platform, follower_tier{{ ', follower_band' if level == 'band' }}
        {{ 'union all' if not loop.last }}
    {%- endfor %}
)

select
    platform,
    segment_type,
    coalesce(follower_band, follower_tier) as segment,
    follower_tier,
    {{ follower_tier_order('follower_tier') }} as follower_tier_order,
    follower_band,
    {{ follower_band_order('follower_band') }} as follower_band_order,
    creators,
    creators_total,
    recommended_creators,
    er_median_p25,
    er_median_p50,
    er_median_p75,
    authenticity_p25,
    authenticity_median,
    authenticity_p75,
    authentic_engagement_share_p50,
    cost_per_engagement_p50,
    cost_per_authentic_engagement_p25,
    cost_per_authentic_engagement_p50,
    cost_per_authentic_engagement_p75
from benchmarks
