-- Follower anomalies per creator, from the profile snapshots (docs/metrics.md, "Creator
-- authenticity"): one row per creator with at least one pair of consecutive snapshots at most
-- follower_spike_max_gap_days apart. The largest step's daily growth is scored as a robust z-score
-- against the creator's own steps (median and MAD), with its date, size, whether it is a round number
-- (not judged on YouTube, whose API rounds subscriber counts to three significant figures),
-- whether a post with outsized engagement came just before it (a viral moment: followers and
-- engagement rising together), and the median engagement rate of posts before and after it.
with snapshots as (
    select
        creator_key,
        platform,
        scraped_at,
        max(followers) as followers
    from {{ ref('stg_profile_snapshots') }}
    group by creator_key, platform, scraped_at
),

paired as (
    select
        creator_key,
        platform,
        scraped_at,
        followers,
        lag(scraped_at) over (partition by creator_key order by scraped_at) as previous_scraped_at,
        lag(followers) over (partition by creator_key order by scraped_at) as previous_followers
    from snapshots
),

-- Consecutive snapshots close enough to read growth from.
close_pairs as (
    select
        creator_key,
        platform,
        scraped_at,
        followers,
        previous_followers,
        {{ dbt.datediff('previous_scraped_at', 'scraped_at', 'hour') }}
            as hours_since_previous
    from paired
    where
        previous_scraped_at is not null
        and scraped_at
        <= {{ dbt.dateadd('day', var('follower_spike_max_gap_days'), 'previous_scraped_at') }}
),

steps as (
    select
        creator_key,
        platform,
        scraped_at,
        followers,
        previous_followers,
        followers - previous_followers as follower_change,
        cast(followers - previous_followers as {{ double_type() }}) / nullif(previous_followers, 0)
            as relative_change,
        -- Growth per day, so that snapshots a week apart compare with daily ones.
        cast(followers - previous_followers as {{ double_type() }}) / nullif(previous_followers, 0)
        / greatest(cast(hours_since_previous as {{ double_type() }}) / 24, 1)
            as daily_growth
    from close_pairs
),

growth_medians as (
    select
        creator_key,
        count(*) as follower_steps,
        percentile_cont(0.5) within group (order by daily_growth) as median_daily_growth
    from steps
    group by creator_key
),

growth_spread as (
    select
        steps.creator_key,
        percentile_cont(0.5) within group (
            order by abs(steps.daily_growth - growth_medians.median_daily_growth)
        ) as mad_daily_growth
    from steps
    inner join growth_medians
        on steps.creator_key = growth_medians.creator_key
    group by steps.creator_key
),

largest_steps as (
    select
        creator_key,
        platform,
        scraped_at as spike_at,
        follower_change as spike_follower_change,
        relative_change as spike_relative_change,
        daily_growth as spike_daily_growth
    from (
        select
            creator_key,
            platform,
            scraped_at,
            follower_change,
            relative_change,
            daily_growth,
            row_number() over (partition by creator_key order by daily_growth desc, scraped_at asc) as growth_rank
        from steps
    ) as ranked
    where growth_rank = 1
),

posts as (
    select
        creator_key,
        posted_at,
        engagements,
        er_followers
    from {{ ref('int_posts_enriched') }}
),

creator_engagement_medians as (
    select
        creator_key,
        percentile_cont(0.5) within group (order by engagements) as median_engagements
    from posts
    group by creator_key
),

around_spike as (
    select
        largest_steps.creator_key,
        max(
            case
                when
                    posts.posted_at <= largest_steps.spike_at
                    and posts.posted_at
                    > {{ dbt.dateadd('day', -var('viral_lookback_days'), 'largest_steps.spike_at') }}
                    then posts.engagements
            end
        ) as max_engagements_before_spike,
        percentile_cont(0.5) within group (
            order by case
                when
                    posts.posted_at <= largest_steps.spike_at
                    and posts.posted_at > {{ dbt.dateadd('day', -var('spike_er_days'), 'largest_steps.spike_at') }}
                    then posts.er_followers
            end
        ) as er_median_before_spike,
        percentile_cont(0.5) within group (
            order by case
                when
                    posts.posted_at > largest_steps.spike_at
                    and posts.posted_at <= {{ dbt.dateadd('day', var('spike_er_days'), 'largest_steps.spike_at') }}
                    then posts.er_followers
            end
        ) as er_median_after_spike
    from largest_steps
    inner join posts
        on largest_steps.creator_key = posts.creator_key
    group by largest_steps.creator_key
)

select
    largest_steps.creator_key,
    growth_medians.follower_steps,
    growth_medians.median_daily_growth,
    growth_spread.mad_daily_growth,
    largest_steps.spike_at,
    largest_steps.spike_follower_change,
    largest_steps.spike_relative_change,
    largest_steps.spike_daily_growth,
    -- Robust z-score: 1.4826 * MAD estimates the standard deviation of normal noise; the floor keeps a
    -- perfectly steady history from turning any wobble into an infinite score.
    case
        when growth_medians.follower_steps >= {{ var('follower_min_steps') }}
            then
                (largest_steps.spike_daily_growth - growth_medians.median_daily_growth)
                / greatest(1.4826 * growth_spread.mad_daily_growth, {{ var('follower_growth_noise_floor') }})
    end as spike_growth_z,
    -- YouTube's API rounds subscriber counts down to three significant figures: from 100,000 every
    -- step is a multiple of 1,000, so a round step there says nothing (null: not judged).
    case
        when largest_steps.platform <> 'youtube'
            then largest_steps.spike_follower_change >= 1000 and largest_steps.spike_follower_change % 1000 = 0
    end as is_round_follower_jump,
    coalesce(
        around_spike.max_engagements_before_spike
        >= {{ var('viral_engagement_factor') }} * creator_engagement_medians.median_engagements,
        false
    ) as spike_follows_viral_post,
    around_spike.er_median_before_spike,
    around_spike.er_median_after_spike,
    around_spike.er_median_after_spike / nullif(around_spike.er_median_before_spike, 0) - 1
        as er_change_after_spike
from largest_steps
inner join growth_medians
    on largest_steps.creator_key = growth_medians.creator_key
inner join growth_spread
    on largest_steps.creator_key = growth_spread.creator_key
left join creator_engagement_medians
    on largest_steps.creator_key = creator_engagement_medians.creator_key
left join around_spike
    on largest_steps.creator_key = around_spike.creator_key
