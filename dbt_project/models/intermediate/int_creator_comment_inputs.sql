-- What the creator-level comment models (int_creator_comment_signals, int_creator_reply_rate,
-- int_creator_reply_latency) read for each creator, as one fingerprint: the creator's window posts
-- and, of the comments on them, each comment's key and the dbt build that computed its flags
-- (int_comments_flagged recomputes a comment, with a new computed_by_invocation, whenever anything
-- its flags read changed). Equal fingerprints: equal inputs, so those models keep the creator's row
-- from the last build instead of computing it again (macros/creators_to_recompute.sql). A reply is
-- taken to sit on its parent's post, so a reply to a window comment is among the comments read.
with window_posts as (
    select
        post_key,
        creator_key
    from {{ ref('int_posts_windowed') }}
),

posts_read as (
    select
        creator_key,
        count(*) as window_posts,
        {{ set_fingerprint('post_key') }} as posts_fingerprint
    from window_posts
    group by creator_key
),

comments_read as (
    select
        window_posts.creator_key,
        count(*) as window_comments,
        {{ set_fingerprint("flagged.comment_key || '|' || coalesce(flagged.computed_by_invocation, '')") }}
            as comments_fingerprint
    from {{ ref('int_comments_flagged') }} as flagged
    inner join window_posts
        on flagged.post_key = window_posts.post_key
    group by window_posts.creator_key
)

select
    posts_read.creator_key,
    posts_read.window_posts,
    coalesce(comments_read.window_comments, 0) as window_comments,
    cast(posts_read.window_posts as {{ dbt.type_string() }}) || ':'
    || cast(posts_read.posts_fingerprint as {{ dbt.type_string() }}) || ':'
    || cast(coalesce(comments_read.window_comments, 0) as {{ dbt.type_string() }}) || ':'
    || coalesce(cast(comments_read.comments_fingerprint as {{ dbt.type_string() }}), '') as comment_inputs_fingerprint
from posts_read
left join comments_read
    on posts_read.creator_key = comments_read.creator_key
