-- Creators seen in posts, with their current profile attributes and followers:
-- the latest profile snapshot, else the latest non-null creator_followers of their post snapshots.
with creators as (
    select distinct
        creator_key,
        platform,
        creator_id
    from {{ ref('int_posts_latest') }}
),

latest_profiles as (
    select
        creator_key,
        handle,
        followers,
        bio,
        category,
        country,
        language,
        is_verified,
        scraped_at,
        row_number() over (
            partition by creator_key
            order by scraped_at desc, loaded_at desc, source_file desc, source_line desc
        ) as snapshot_rank
    from {{ ref('stg_profile_snapshots') }}
),

latest_post_followers as (
    select
        creator_key,
        creator_followers,
        row_number() over (
            partition by creator_key
            order by scraped_at desc, loaded_at desc, post_id desc
        ) as snapshot_rank
    from {{ ref('stg_post_snapshots') }}
    where creator_followers is not null
),

latest_post_handles as (
    select
        creator_key,
        creator_handle,
        row_number() over (
            partition by creator_key
            order by scraped_at desc, loaded_at desc, post_id desc
        ) as snapshot_rank
    from {{ ref('stg_post_snapshots') }}
    where creator_handle is not null
),

resolved as (
    select
        creators.creator_key,
        creators.platform,
        creators.creator_id,
        coalesce(latest_profiles.handle, latest_post_handles.creator_handle) as handle,
        coalesce(latest_profiles.followers, latest_post_followers.creator_followers) as followers,
        case
            when latest_profiles.followers is not null then 'profile'
            when latest_post_followers.creator_followers is not null then 'post'
        end as followers_source,
        latest_profiles.scraped_at as profile_scraped_at,
        latest_profiles.bio,
        latest_profiles.category,
        latest_profiles.country,
        latest_profiles.language,
        latest_profiles.is_verified
    from creators
    left join latest_profiles
        on creators.creator_key = latest_profiles.creator_key and latest_profiles.snapshot_rank = 1
    left join latest_post_followers
        on creators.creator_key = latest_post_followers.creator_key and latest_post_followers.snapshot_rank = 1
    left join latest_post_handles
        on creators.creator_key = latest_post_handles.creator_key and latest_post_handles.snapshot_rank = 1
)

select
    creator_key,
    platform,
    creator_id,
    handle,
    followers,
    followers_source,
    {{ follower_tier('followers') }} as follower_tier,
    {{ follower_band('followers') }} as follower_band,
    coalesce({{ follower_tier('followers') }} = 'micro', false) as is_micro_influencer,
    profile_scraped_at,
    bio,
    category,
    country,
    language,
    is_verified
from resolved
