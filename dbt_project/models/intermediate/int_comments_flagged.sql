-- Each comment (latest snapshot) on a known post, with its post's creator and the flags of
-- docs/metrics.md: is_reply, is_creator_reply and the suspicion reasons
-- generic_text, repeated_text and pod_member. Comments by the post's creator are never suspicious.
-- Comments whose post is unknown (not in int_posts_latest) are left out.
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
        latest_comments.has_letter_or_digit,
        latest_comments.created_at,
        posts.creator_key,
        posts.creator_id as post_creator_id,
        latest_comments.parent_comment_key is not null as is_reply,
        latest_comments.author_id = posts.creator_id as is_by_creator
    from {{ ref('int_comments_latest') }} as latest_comments
    inner join {{ ref('int_posts_latest') }} as posts
        on latest_comments.post_key = posts.post_key
),

generic_phrases as (
    select distinct phrase from {{ ref('generic_comments') }}
),

repeated_texts as (
    select
        platform,
        author_id,
        text_normalized
    from comments
    where text_normalized is not null
    group by platform, author_id, text_normalized
    having count(distinct post_key) >= {{ var('repeated_text_min_posts') }}
),

-- (commenter, creator commented on): who comments on whose posts, creators' own posts excluded.
commenting_pairs as (
    select distinct
        platform,
        author_id,
        post_creator_id
    from comments
    where not is_by_creator
),

flagged as (
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
        comments.is_reply,
        comments.is_by_creator,
        comments.is_reply and comments.is_by_creator as is_creator_reply,
        not comments.is_by_creator
        and comments.text_normalized is not null
        and (generic_phrases.phrase is not null or not comments.has_letter_or_digit) as is_generic_text,
        not comments.is_by_creator and repeated_texts.author_id is not null as is_repeated_text,
        -- the author has posts (is a creator) on which the post's creator commented: reciprocal
        not comments.is_by_creator and reciprocal.author_id is not null as is_pod_member
    from comments
    left join generic_phrases
        on comments.text_normalized = generic_phrases.phrase
    left join repeated_texts
        on
            comments.platform = repeated_texts.platform
            and comments.author_id = repeated_texts.author_id
            and comments.text_normalized = repeated_texts.text_normalized
    left join commenting_pairs as reciprocal
        on
            comments.platform = reciprocal.platform
            and comments.post_creator_id = reciprocal.author_id
            and comments.author_id = reciprocal.post_creator_id
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
    is_reply,
    is_by_creator,
    is_creator_reply,
    is_generic_text,
    is_repeated_text,
    is_pod_member,
    is_generic_text or is_repeated_text or is_pod_member as is_suspicious,
    concat_ws(
        ',',
        case when is_generic_text then 'generic_text' end,
        case when is_repeated_text then 'repeated_text' end,
        case when is_pod_member then 'pod_member' end
    ) as suspicion_reasons
from flagged
