-- How each comment's author behaves across the data set (docs/metrics.md, "Comment signals"): one
-- row per comment by someone other than the post's creator, on a known post, with the behaviour
-- reasons copy_paste, burst, prolific_commenter and pod. All set-based: groups and window counts.
with comments as (
    select
        latest_comments.comment_key,
        latest_comments.post_key,
        latest_comments.platform,
        latest_comments.author_id,
        latest_comments.text_letters,
        -- What "the same comment" means: its letters and digits, or for a text without any (emoji),
        -- the normalized text itself.
        case
            when latest_comments.text_letters <> '' then latest_comments.text_letters
            else latest_comments.text_normalized
        end as text_fingerprint,
        latest_comments.created_at,
        posts.creator_id as post_creator_id
    from {{ ref('int_comments_latest') }} as latest_comments
    inner join {{ ref('int_posts_latest') }} as posts
        on latest_comments.post_key = posts.post_key
    where latest_comments.author_id <> posts.creator_id
),

-- One account posting the same comment again and again: a text (at least copy_paste_min_letters
-- letters and digits) under posts of several creators, or any text, emoji included, under many posts.
texts_repeated_by_author as (
    select
        platform,
        author_id,
        text_fingerprint
    from comments
    where text_fingerprint <> ''
    group by platform, author_id, text_fingerprint
    having
        (
            count(distinct post_creator_id) >= {{ var('copy_paste_min_creators') }}
            and max(length(text_letters)) >= {{ var('copy_paste_min_letters') }}
        )
        or count(distinct post_key) >= {{ var('copy_paste_min_posts') }}
),

-- Bot farms: a longer text that several accounts each posted under two or more posts, accounts
-- that comment under more than one creator. Only those accounts are flagged: a fan who wrote the same
-- words once, or a super-fan repeating a phrase under one favourite creator's posts, is no farm.
-- (author, creator commented on) with the number of the creator's posts the author commented on.
commenting_pairs as (
    select
        platform,
        author_id,
        post_creator_id,
        count(distinct post_key) as posts_commented
    from comments
    group by platform, author_id, post_creator_id
),

-- How many creators each author commented on (one pass over the pairs, not over every comment).
authors as (
    select
        platform,
        author_id,
        count(*) as creators_commented
    from commenting_pairs
    group by platform, author_id
),

accounts_across_creators as (
    select
        platform,
        author_id
    from authors
    where creators_commented >= 2
),

farm_repeaters as (
    select
        repeated.platform,
        repeated.author_id,
        repeated.text_letters,
        count(*) over (partition by repeated.platform, repeated.text_letters) as repeating_authors
    from (
        select
            platform,
            author_id,
            text_letters
        from comments
        where length(text_letters) >= {{ var('farm_text_min_letters') }}
        group by platform, author_id, text_letters
        having count(distinct post_key) >= 2
    ) as repeated
    inner join accounts_across_creators
        on
            repeated.platform = accounts_across_creators.platform
            and repeated.author_id = accounts_across_creators.author_id
),

farm_texts as (
    select
        platform,
        author_id,
        text_letters
    from farm_repeaters
    where repeating_authors >= {{ var('farm_min_authors') }}
),

authors_on_many_creators as (
    select
        platform,
        author_id
    from authors
    where creators_commented >= {{ var('prolific_commenter_min_creators') }}
),

-- Creators who each commented on at least pod_min_posts of the other's posts: an engagement pod.
reciprocal_pairs as (
    select
        pairs.platform,
        pairs.author_id,
        pairs.post_creator_id
    from commenting_pairs as pairs
    inner join commenting_pairs as reverse_pairs
        on
            pairs.platform = reverse_pairs.platform
            and pairs.author_id = reverse_pairs.post_creator_id
            and pairs.post_creator_id = reverse_pairs.author_id
    where
        pairs.posts_commented >= {{ var('pod_min_posts') }}
        and reverse_pairs.posts_commented >= {{ var('pod_min_posts') }}
),

bursts as (
    select
        comment_key,
        count(*) over (
            partition by platform, author_id
            order by created_at
            range between interval '{{ var("burst_seconds") }}' second preceding
            and interval '{{ var("burst_seconds") }}' second following
        ) as comments_in_burst_window
    from comments
)

select
    comments.comment_key,
    concat_ws(
        ',',
        case
            when farm_texts.text_letters is not null or texts_repeated_by_author.text_fingerprint is not null
                then 'copy_paste'
        end,
        case when bursts.comments_in_burst_window >= {{ var('burst_min_comments') }} then 'burst' end,
        case when authors_on_many_creators.author_id is not null then 'prolific_commenter' end,
        case when reciprocal_pairs.author_id is not null then 'pod' end
    ) as behaviour_reasons
from comments
left join farm_texts
    on
        comments.platform = farm_texts.platform
        and comments.author_id = farm_texts.author_id
        and comments.text_letters = farm_texts.text_letters
left join texts_repeated_by_author
    on
        comments.platform = texts_repeated_by_author.platform
        and comments.author_id = texts_repeated_by_author.author_id
        and comments.text_fingerprint = texts_repeated_by_author.text_fingerprint
left join authors_on_many_creators
    on
        comments.platform = authors_on_many_creators.platform
        and comments.author_id = authors_on_many_creators.author_id
left join reciprocal_pairs
    on
        comments.platform = reciprocal_pairs.platform
        and comments.author_id = reciprocal_pairs.author_id
        and comments.post_creator_id = reciprocal_pairs.post_creator_id
left join bursts
    on comments.comment_key = bursts.comment_key
