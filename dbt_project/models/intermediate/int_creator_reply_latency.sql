-- How fast each creator answers: the median minutes between a top-level comment by someone else on a
-- window post and the creator's first reply to it. Creators who never replied have no row.
-- Incremental, by creator: a build computes only the creators whose inputs changed
-- (macros/creators_to_recompute.sql) and keeps the other rows.
{{ by_creator_config() }}
with creators_recomputed as (
    {{ creators_to_recompute() }}
),

window_comments as (
    select
        flagged.comment_key,
        flagged.parent_comment_key,
        flagged.creator_key,
        flagged.created_at,
        flagged.is_reply,
        flagged.is_by_creator,
        flagged.is_creator_reply
    from {{ ref('int_comments_flagged') }} as flagged
    inner join {{ ref('int_posts_windowed') }} as window_posts
        on flagged.post_key = window_posts.post_key
    inner join creators_recomputed
        on window_posts.creator_key = creators_recomputed.creator_key
),

first_replies as (
    select
        parent_comment_key,
        min(created_at) as first_reply_at
    from window_comments
    where is_creator_reply
    group by parent_comment_key
),

latencies as (
    select
        questions.creator_key,
        count(*) as replied_comments,
        percentile_cont(0.5) within group (
            order by {{ dbt.datediff('questions.created_at', 'first_replies.first_reply_at', 'minute') }}
        ) as median_reply_latency_minutes
    from window_comments as questions
    inner join first_replies
        on questions.comment_key = first_replies.parent_comment_key
    where not questions.is_reply and not questions.is_by_creator
    group by questions.creator_key
)

select
    creators_recomputed.creator_key,
    latencies.replied_comments,
    latencies.median_reply_latency_minutes,
    -- Null (incremental builds): the creator has no row now; the post_hook deletes it.
    case
        when latencies.creator_key is not null then creators_recomputed.comment_inputs_fingerprint
    end as computed_from
from creators_recomputed
{{ join_results_to_recomputed() }} latencies
    on creators_recomputed.creator_key = latencies.creator_key
