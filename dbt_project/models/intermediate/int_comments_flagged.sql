-- Each comment (latest snapshot) on a known post, with its post's creator, the reply flags and the
-- two verdicts of docs/metrics.md ("Comment signals"), kept apart:
-- is_suspicious (likely inauthentic: the text and behaviour reasons in suspicion_reasons) and
-- is_low_effort (shallow but often genuine: never suspicious on its own).
-- Comments by the post's creator are never suspicious nor low effort. Comments whose post is unknown
-- (not in int_posts_latest) are left out.
with comments as (
    select
        latest_comments.comment_key,
        latest_comments.post_key,
        latest_comments.parent_comment_key,
        latest_comments.commenter_key,
        latest_comments.platform,
        latest_comments.comment_id,
        latest_comments.author_id,
        latest_comments.text_normalized,
        latest_comments.text_reasons,
        latest_comments.is_low_effort,
        latest_comments.low_effort_reason,
        latest_comments.word_count,
        latest_comments.addresses_creator,
        latest_comments.created_at,
        posts.creator_key,
        posts.creator_id as post_creator_id,
        posts.posted_at as post_posted_at,
        latest_comments.parent_comment_key is not null as is_reply,
        -- A comment without a named author (TikTok Research API) is not the creator's.
        coalesce(latest_comments.author_id = posts.creator_id, false) as is_by_creator
    from {{ ref('int_comments_latest') }} as latest_comments
    inner join {{ ref('int_posts_latest') }} as posts
        on latest_comments.post_key = posts.post_key
),

with_signals as (
    select
        comments.comment_key,
        comments.post_key,
        comments.parent_comment_key,
        comments.commenter_key,
        comments.platform,
        comments.comment_id,
        comments.author_id,
        comments.creator_key,
        comments.post_creator_id,
        comments.created_at,
        comments.text_normalized,
        comments.is_reply,
        comments.is_by_creator,
        {{ dbt.datediff('comments.post_posted_at', 'comments.created_at', 'minute') }}
            as minutes_after_post,
        comments.word_count,
        comments.addresses_creator,
        case when not comments.is_by_creator then comments.is_low_effort else false end as is_low_effort,
        case when not comments.is_by_creator then comments.low_effort_reason end as low_effort_reason,
        not comments.is_by_creator and coalesce(comments.text_reasons, '') <> '' as has_text_reason,
        case
            when not comments.is_by_creator
                then concat_ws(',', nullif(comments.text_reasons, ''), nullif(behaviour.behaviour_reasons, ''))
            else ''
        end as suspicion_reasons
    from comments
    left join {{ ref('int_comments_behaviour_signals') }} as behaviour
        on comments.comment_key = behaviour.comment_key
)

select
    comment_key,
    post_key,
    parent_comment_key,
    commenter_key,
    platform,
    comment_id,
    author_id,
    creator_key,
    post_creator_id,
    created_at,
    text_normalized,
    minutes_after_post,
    word_count,
    addresses_creator,
    is_reply,
    is_by_creator,
    is_reply and is_by_creator as is_creator_reply,
    coalesce(is_low_effort, false) as is_low_effort,
    low_effort_reason,
    coalesce(suspicion_reasons, '') <> '' as is_suspicious,
    has_text_reason,
    coalesce(suspicion_reasons, '') as suspicion_reasons
from with_signals
