with creators as (
    select
        engagement.platform,
        engagement.follower_band,
        engagement.is_scored,
        case when engagement.is_scored then engagement.er_median end as scored_er_median,
        case when engagement.is_scored then authenticity.authenticity_score end as scored_authenticity_score
    from {{ ref('int_creator_engagement') }} as engagement
    inner join {{ ref('int_creator_authenticity') }} as authenticity
        on engagement.creator_key = authenticity.creator_key
    where engagement.follower_band is not null
)

select
    platform,
    follower_band,
    count(case when is_scored then 1 end) as creators,
    count(*) as creators_total,
    percentile_cont(0.25) within group (order by scored_er_median) as er_median_p25,
    percentile_cont(0.5) within group (order by scored_er_median) as er_median_p50,
    percentile_cont(0.75) within group (order by scored_er_median) as er_median_p75,
    percentile_cont(0.5) within group (order by scored_authenticity_score) as authenticity_median
from creators
group by platform, follower_band
