{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail') }}

-- One row per post snapshot and distinct hashtag (lower-case, without '#').
-- Kept per snapshot so intermediate models can pick the hashtags of a post's latest snapshot.
-- Incremental (append), as int_comment_snapshots: a build unnests only the snapshots of ingestion
-- runs whose rows it has not seen, and adds the (post_key, scraped_at, hashtag) it does not hold yet
-- (the same snapshot can come in two files), so the table is the distinct set a full build gives.
-- A table, not a view: as a view, its two tests and two readers unnested every snapshot's list four
-- times a build (19.9 s for one test at 4.4M comments, while the behaviour signals next to it waited
-- for memory). --full-refresh (orchestration/incremental_state.py) rebuilds it.
with post_snapshots as (
    select
        snapshots.post_key,
        snapshots.scraped_at,
        snapshots.hashtags,
        snapshots.run_id
    from {{ ref('stg_post_snapshots') }} as snapshots
    {{ where_run_not_seen('snapshots') }}
),

exploded as (
    select
        post_snapshots.post_key,
        post_snapshots.scraped_at,
        lower(trim(ltrim(unnested_list.hashtag, '#'))) as hashtag,
        post_snapshots.run_id
    from post_snapshots
    {{ unnest_list('post_snapshots.hashtags', 'hashtag') }}
),

-- A snapshot loaded by several runs (or files) counts once. run_id only lets the next build skip the
-- runs it has seen: which of several runs is kept (the least id) may differ from a full build's.
distinct_hashtags as (
    select
        post_key,
        scraped_at,
        hashtag,
        min(run_id) as run_id
    from exploded
    where hashtag is not null and hashtag <> ''
    group by post_key, scraped_at, hashtag
)

select
    new_hashtags.post_key,
    new_hashtags.scraped_at,
    new_hashtags.hashtag,
    new_hashtags.run_id
from distinct_hashtags as new_hashtags
{% if is_incremental() %}
    where not exists (
        select 1
        from {{ this }} as held
        where
            held.post_key = new_hashtags.post_key
            and held.scraped_at = new_hashtags.scraped_at
            and held.hashtag = new_hashtags.hashtag
    )
{% endif %}
