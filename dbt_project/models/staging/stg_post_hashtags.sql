-- One row per post snapshot and distinct hashtag (lower-case, without '#').
-- Kept per snapshot so intermediate models can pick the hashtags of a post's latest snapshot.
with post_snapshots as (
    select
        post_key,
        scraped_at,
        hashtags
    from {{ ref('stg_post_snapshots') }}
),

exploded as (
    select
        post_snapshots.post_key,
        post_snapshots.scraped_at,
        lower(trim(ltrim(unnested_list.hashtag, '#'))) as hashtag
    from post_snapshots
    {{ unnest_list('post_snapshots.hashtags', 'hashtag') }}
)

select distinct
    post_key,
    scraped_at,
    hashtag
from exploded
where hashtag is not null and hashtag <> ''
