-- The latest snapshot of each post: its current counts, caption and creator.
-- Ties on scraped_at (not expected: snapshots are unique per scraped_at) fall to the latest load.
with ranked as (
    select
        post_key,
        creator_key,
        platform,
        post_id,
        creator_id,
        creator_handle,
        creator_followers,
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
        row_number() over (
            partition by post_key
            order by scraped_at desc, loaded_at desc, source_file desc, source_line desc
        ) as snapshot_rank
    from {{ ref('stg_post_snapshots') }}
)

select
    post_key,
    creator_key,
    platform,
    post_id,
    creator_id,
    creator_handle,
    creator_followers,
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
    coalesce(likes_hidden, false) as likes_hidden
from ranked
where snapshot_rank = 1
