with joined as (
    select
        creators.creator_key,
        creators.platform,
        creators.handle,
        niches.primary_niche,
        creators.follower_tier,
        creators.follower_band,
        creators.followers,
        engagement.posts_in_window,
        engagement.er_median,
        engagement.er_percentile_in_band,
        engagement.reply_rate,
        authenticity.authenticity_score,
        authenticity.reason_codes,
        engagement.is_scored,
        case
            when engagement.is_scored
                then round(0.5 * 100 * engagement.er_percentile_in_band + 0.5 * authenticity.authenticity_score, 1)
        end as overall_score
    from {{ ref('int_creators_current') }} as creators
    inner join {{ ref('int_creator_niches') }} as niches
        on creators.creator_key = niches.creator_key
    inner join {{ ref('int_creator_engagement') }} as engagement
        on creators.creator_key = engagement.creator_key
    inner join {{ ref('int_creator_authenticity') }} as authenticity
        on creators.creator_key = authenticity.creator_key
),

ranked as (
    select
        creator_key,
        rank() over (
            partition by primary_niche, follower_tier
            order by overall_score desc, creator_key asc
        ) as rank_in_niche_tier
    from joined
    -- A scored creator can still lack an engagement rate (every post at 0 followers).
    where is_scored and overall_score is not null
)

select
    joined.creator_key,
    joined.platform,
    joined.handle,
    joined.primary_niche,
    joined.follower_tier,
    joined.follower_band,
    joined.followers,
    joined.posts_in_window,
    joined.er_median,
    joined.er_percentile_in_band,
    joined.reply_rate,
    joined.authenticity_score,
    joined.reason_codes,
    joined.overall_score,
    ranked.rank_in_niche_tier,
    case
        when not joined.is_scored or joined.overall_score is null then 'insufficient_data'
        when joined.authenticity_score < 50 then 'avoid'
        when joined.authenticity_score < 75 then 'review'
        -- Any red flag calls for a human look, however small its penalty.
        when coalesce(joined.reason_codes, '') <> '' then 'review'
        else 'recommend'
    end as recommendation,
    joined.is_scored
from joined
left join ranked
    on joined.creator_key = ranked.creator_key
