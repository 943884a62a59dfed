-- Reply rate per creator: the share of top-level comments by others (named authors) on the creator's
-- window posts that have at least one reply by the creator. Creators without such comments have no row.
-- Incremental, by creator: a build computes only the creators whose inputs changed
-- (macros/creators_to_recompute.sql) and keeps the other rows.
{{ by_creator_config() }}
with creators_recomputed as (
    {{ creators_to_recompute() }}
),

window_posts as (
    select window_posts.post_key
    from {{ ref('int_posts_windowed') }} as window_posts
    inner join creators_recomputed
        on window_posts.creator_key = creators_recomputed.creator_key
),

-- Only the columns used: a relation read twice may be materialized once (DuckDB does), so it is kept
-- narrow (int_comments_flagged carries the comment texts).
comments as (
    select
        comment_key,
        creator_key,
        post_key,
        parent_comment_key,
        author_id,
        is_reply,
        is_by_creator,
        is_creator_reply
    from {{ ref('int_comments_flagged') }}
),

top_level_comments as (
    select
        comments.comment_key,
        comments.creator_key
    from comments
    inner join window_posts
        on comments.post_key = window_posts.post_key
    -- A comment whose author the dump does not name (TikTok Research API) cannot be told a fan's from
    -- the creator's: it counts in neither the numerator nor the denominator.
    where not comments.is_reply and not comments.is_by_creator and comments.author_id is not null
),

replied_comments as (
    select distinct parent_comment_key
    from comments
    where is_creator_reply
),

rates as (
    select
        top_level_comments.creator_key,
        count(*) as top_level_comments,
        count(replied_comments.parent_comment_key) as replied_top_level_comments,
        cast(count(replied_comments.parent_comment_key) as {{ double_type() }}) / count(*) as reply_rate
    from top_level_comments
    left join replied_comments
        on top_level_comments.comment_key = replied_comments.parent_comment_key
    group by top_level_comments.creator_key
)

select
    creators_recomputed.creator_key,
    rates.top_level_comments,
    rates.replied_top_level_comments,
    rates.reply_rate,
    -- Null (incremental builds): the creator has no row now; the post_hook deletes it.
    case
        when rates.creator_key is not null then creators_recomputed.comment_inputs_fingerprint
    end as computed_from
from creators_recomputed
{{ join_results_to_recomputed() }} rates
    on creators_recomputed.creator_key = rates.creator_key
