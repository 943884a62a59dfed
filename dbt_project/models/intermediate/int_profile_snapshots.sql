-- One row per creator and profile snapshot time (several rows scraped at the same instant: the one
-- loaded last), with the change since the creator's previous snapshot. The follower history behind
-- growth (int_creator_growth) and the served fct_profile_snapshots.
with ranked as (
    select
        creator_key,
        platform,
        creator_id,
        handle,
        followers,
        following,
        media_count,
        scraped_at,
        source_file,
        source_line,
        row_number() over (
            partition by creator_key, scraped_at
            order by loaded_at desc, source_file desc, source_line desc
        ) as snapshot_rank
    from {{ ref('stg_profile_snapshots') }}
),

snapshots as (
    select
        creator_key,
        platform,
        creator_id,
        handle,
        followers,
        following,
        media_count,
        scraped_at,
        source_file,
        source_line,
        lag(scraped_at) over (partition by creator_key order by scraped_at) as previous_scraped_at,
        lag(followers) over (partition by creator_key order by scraped_at) as previous_followers
    from ranked
    where snapshot_rank = 1
)

select
    creator_key,
    platform,
    creator_id,
    handle,
    scraped_at,
    followers,
    following,
    media_count,
    previous_scraped_at,
    previous_followers,
    followers - previous_followers as follower_change,
    cast(followers - previous_followers as {{ double_type() }}) / nullif(previous_followers, 0)
        as follower_change_share,
    {{ dbt.datediff('previous_scraped_at', 'scraped_at', 'minute') }}
    / 1440.0 as days_since_previous,
    source_file,
    source_line
from snapshots
