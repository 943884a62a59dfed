-- The posts in each creator's scoring window: posted_at in (as_of - window_days,
-- as_of - min_post_age_hours], the most recent window_posts of them (ties: post_id descending).
with run_parameters as (
    select
        window_start,
        window_end
    from {{ ref('stg_run_parameters') }}
),

eligible as (
    select
        posts.post_key,
        posts.creator_key,
        posts.platform,
        posts.post_id,
        posts.creator_id,
        posts.posted_at,
        posts.likes,
        posts.comments,
        posts.views,
        posts.engagements,
        posts.followers_at_post,
        posts.er_followers,
        posts.er_likes_comments,
        posts.er_views,
        row_number() over (
            partition by posts.creator_key
            order by posts.posted_at desc, posts.post_id desc
        ) as window_rank
    from {{ ref('int_posts_enriched') }} as posts
    inner join run_parameters
        on
            posts.posted_at > run_parameters.window_start
            and posts.posted_at <= run_parameters.window_end
)

select
    post_key,
    creator_key,
    platform,
    post_id,
    creator_id,
    posted_at,
    likes,
    comments,
    views,
    engagements,
    followers_at_post,
    er_followers,
    er_likes_comments,
    er_views,
    window_rank
from eligible
where window_rank <= {{ var('window_posts') }}
