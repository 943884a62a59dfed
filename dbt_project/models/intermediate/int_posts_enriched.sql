-- Each post (latest snapshot) with engagements, the creator's followers when it was posted and its
-- engagement rates. followers_at_post: the profile snapshot latest at or before posted_at, else the
-- earliest after it; with no profile snapshot, the post's own creator_followers.
with posts as (
    select * from {{ ref('int_posts_latest') }}
),

profile_candidates as (
    select
        posts.post_key,
        profiles.followers,
        case when profiles.scraped_at <= posts.posted_at then 'profile_before' else 'profile_after' end
            as followers_source,
        row_number() over (
            partition by posts.post_key
            order by
                case when profiles.scraped_at <= posts.posted_at then 0 else 1 end,
                case when profiles.scraped_at <= posts.posted_at then profiles.scraped_at end desc,
                profiles.scraped_at asc,
                profiles.loaded_at desc,
                profiles.source_line desc
        ) as candidate_rank
    from posts
    inner join {{ ref('stg_profile_snapshots') }} as profiles
        on posts.creator_key = profiles.creator_key
),

with_followers as (
    select
        posts.post_key,
        posts.creator_key,
        posts.platform,
        posts.post_id,
        posts.creator_id,
        posts.posted_at,
        posts.scraped_at,
        posts.media_type,
        posts.likes,
        posts.comments,
        posts.shares,
        posts.saves,
        posts.views,
        posts.is_sponsored,
        posts.caption,
        posts.url,
        coalesce(posts.likes_hidden, false) as likes_hidden,
        -- Hidden likes are unknown: the post's engagements, and so its rates, are too.
        case
            when not coalesce(posts.likes_hidden, false) then
                coalesce(posts.likes, 0) + coalesce(posts.comments, 0) + coalesce(posts.shares, 0)
                + coalesce(posts.saves, 0)
        end as engagements,
        coalesce(profile_candidates.followers, posts.creator_followers) as followers_at_post,
        case
            when profile_candidates.followers is not null then profile_candidates.followers_source
            when posts.creator_followers is not null then 'post'
        end as followers_at_post_source
    from posts
    left join profile_candidates
        on posts.post_key = profile_candidates.post_key and profile_candidates.candidate_rank = 1
)

select
    post_key,
    creator_key,
    platform,
    post_id,
    creator_id,
    posted_at,
    scraped_at,
    media_type,
    likes,
    comments,
    shares,
    saves,
    views,
    is_sponsored,
    caption,
    url,
    likes_hidden,
    engagements,
    followers_at_post,
    followers_at_post_source,
    -- Float division on every engine (integer division truncates on some).
    cast(engagements as {{ double_type() }}) / nullif(followers_at_post, 0) as er_followers,
    case
        when not likes_hidden then
            cast(coalesce(likes, 0) + coalesce(comments, 0) as {{ double_type() }}) / nullif(followers_at_post, 0)
    end as er_likes_comments,
    case when views > 0 then cast(engagements as {{ double_type() }}) / views end as er_views
from with_followers
