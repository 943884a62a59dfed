-- What a creator's engagement costs (docs/metrics.md, "Value"): median engagements per window post,
-- the authentic share of engagements (int_posts_authentic_engagement, summed over window posts), and
-- est_cost_per_engagement = est_cost_per_post / median engagements;
-- est_cost_per_authentic_engagement = est_cost_per_post / (median engagements x authentic share).
with engagement as (
    select
        creator_key,
        percentile_cont(0.5) within group (order by engagements) as median_engagements,
        sum(engagements) as window_engagements,
        sum(authentic_engagements) as window_authentic_engagements
    from {{ ref('int_posts_authentic_engagement') }}
    group by creator_key
),

shares as (
    select
        creator_key,
        median_engagements,
        window_engagements,
        window_authentic_engagements,
        least(1.0, window_authentic_engagements / nullif(window_engagements, 0)) as authentic_engagement_share
    from engagement
)

select
    creator_costs.creator_key,
    creator_costs.est_cost_per_post,
    creator_costs.cost_currency,
    creator_costs.cost_source,
    creator_costs.cost_reference,
    shares.median_engagements,
    shares.window_engagements,
    shares.window_authentic_engagements,
    shares.authentic_engagement_share,
    creator_costs.est_cost_per_post / nullif(shares.median_engagements, 0) as est_cost_per_engagement,
    creator_costs.est_cost_per_post / nullif(shares.median_engagements * shares.authentic_engagement_share, 0)
        as est_cost_per_authentic_engagement
from {{ ref('int_creator_costs') }} as creator_costs
left join shares
    on creator_costs.creator_key = shares.creator_key
