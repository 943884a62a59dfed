-- Growth per creator (docs/metrics.md, "Growth"), relative to as_of:
-- follower_growth_30d = followers of the latest profile snapshot at or before as_of / followers of the
-- latest at or before as_of - 30 days, minus 1 (0.05 = +5%); null without both snapshots, or when the
-- latest snapshot is itself that old (no newer reading). _90d likewise.
-- engagement_growth_90d = median engagements per post of posts published in the last 90 days / the
-- median of the 90 days before, minus 1 (posts younger than min_post_age_hours left out).
-- posts_per_week = posts published in the last 90 days / (90 / 7).
with run_parameters as (
    select
        as_of,
        window_end
    from {{ ref('stg_run_parameters') }}
),

snapshots as (
    select
        snapshots.creator_key,
        snapshots.scraped_at,
        snapshots.followers,
        row_number() over (
            partition by snapshots.creator_key order by snapshots.scraped_at desc
        ) as latest_rank,
        row_number() over (
            partition by
                snapshots.creator_key,
                snapshots.scraped_at <= {{ dbt.dateadd('day', -30, 'run_parameters.as_of') }}
            order by snapshots.scraped_at desc
        ) as rank_in_30d_split,
        row_number() over (
            partition by
                snapshots.creator_key,
                snapshots.scraped_at <= {{ dbt.dateadd('day', -90, 'run_parameters.as_of') }}
            order by snapshots.scraped_at desc
        ) as rank_in_90d_split,
        snapshots.scraped_at <= {{ dbt.dateadd('day', -30, 'run_parameters.as_of') }} as is_30d_old,
        snapshots.scraped_at <= {{ dbt.dateadd('day', -90, 'run_parameters.as_of') }} as is_90d_old
    from {{ ref('int_profile_snapshots') }} as snapshots
    cross join run_parameters
    where snapshots.followers is not null
),

follower_readings as (
    select
        creator_key,
        max(case when latest_rank = 1 then followers end) as followers_now,
        max(case when latest_rank = 1 then scraped_at end) as followers_now_at,
        max(case when is_30d_old and rank_in_30d_split = 1 then followers end) as followers_30d_ago,
        max(case when is_30d_old and rank_in_30d_split = 1 then scraped_at end) as followers_30d_ago_at,
        max(case when is_90d_old and rank_in_90d_split = 1 then followers end) as followers_90d_ago,
        max(case when is_90d_old and rank_in_90d_split = 1 then scraped_at end) as followers_90d_ago_at
    from snapshots
    group by creator_key
),

posts as (
    select
        posts.creator_key,
        posts.engagements,
        posts.posted_at > {{ dbt.dateadd('day', -90, 'run_parameters.as_of') }}
        and posts.posted_at <= run_parameters.as_of as is_last_90d,
        posts.posted_at > {{ dbt.dateadd('day', -90, 'run_parameters.as_of') }}
        and posts.posted_at <= run_parameters.window_end as is_last_90d_mature,
        posts.posted_at > {{ dbt.dateadd('day', -180, 'run_parameters.as_of') }}
        and posts.posted_at <= {{ dbt.dateadd('day', -90, 'run_parameters.as_of') }} as is_previous_90d
    from {{ ref('int_posts_enriched') }} as posts
    cross join run_parameters
    where posts.posted_at <= run_parameters.as_of
),

post_periods as (
    select
        creator_key,
        count(case when is_last_90d then 1 end) as posts_last_90d,
        percentile_cont(0.5) within group (
            order by case when is_last_90d_mature then engagements end
        ) as median_engagements_last_90d,
        percentile_cont(0.5) within group (
            order by case when is_previous_90d then engagements end
        ) as median_engagements_previous_90d
    from posts
    group by creator_key
)

select
    creators.creator_key,
    follower_readings.followers_now,
    follower_readings.followers_now_at,
    follower_readings.followers_30d_ago,
    follower_readings.followers_30d_ago_at,
    follower_readings.followers_90d_ago,
    follower_readings.followers_90d_ago_at,
    case
        when follower_readings.followers_now_at > follower_readings.followers_30d_ago_at
            then
                cast(follower_readings.followers_now as {{ double_type() }})
                / nullif(follower_readings.followers_30d_ago, 0) - 1
    end as follower_growth_30d,
    case
        when follower_readings.followers_now_at > follower_readings.followers_90d_ago_at
            then
                cast(follower_readings.followers_now as {{ double_type() }})
                / nullif(follower_readings.followers_90d_ago, 0) - 1
    end as follower_growth_90d,
    coalesce(post_periods.posts_last_90d, 0) as posts_last_90d,
    coalesce(post_periods.posts_last_90d, 0) / (90.0 / 7) as posts_per_week,
    post_periods.median_engagements_last_90d,
    post_periods.median_engagements_previous_90d,
    post_periods.median_engagements_last_90d / nullif(post_periods.median_engagements_previous_90d, 0) - 1
        as engagement_growth_90d
from {{ ref('int_creators_current') }} as creators
left join follower_readings
    on creators.creator_key = follower_readings.creator_key
left join post_periods
    on creators.creator_key = post_periods.creator_key
