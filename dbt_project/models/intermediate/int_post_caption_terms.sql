{{ config(
    materialized='incremental',
    incremental_strategy='merge',
    unique_key=['post_key', 'term'],
    on_schema_change='fail',
    post_hook="delete from {{ this }} where computed_from is null"
) }}

-- The terms of each post's caption (latest snapshot): every word, and every run of two and three
-- consecutive words, lower-case, joined by single spaces. What niche keywords and sponsorship
-- disclosure phrases are matched against (a set-based join, not one regular expression per term).
-- starts_caption: the term is where the caption begins ("Ad | ...": disclosure labels go first).
-- Incremental (merge on post_key and term): each row keeps the hash of the caption it was read from
-- (computed_from); a build reads again only the captions whose hash differs, new posts and posts gone
-- or without a caption now. Their stored terms the caption no longer has are sent with a null
-- computed_from, which the post_hook deletes. Captions rarely change: a day of new snapshots reads
-- almost none again.
with posts as (
    select
        posts.post_key,
        posts.caption,
        {{ text_hash('posts.caption') }} as computed_from
    from {{ ref('int_posts_latest') }} as posts
    where posts.caption is not null
),

{% if is_incremental() %}
    stored_captions as (
        select distinct
            stored.post_key,
            stored.computed_from
        from {{ this }} as stored
    ),

    -- Posts whose caption terms are read again (a caption without any word has no stored row: it is
    -- read every time, which costs nothing).
    recomputed_posts as (
        select coalesce(posts.post_key, stored_captions.post_key) as post_key
        from posts
        full outer join stored_captions
            on posts.post_key = stored_captions.post_key
        where
            posts.post_key is null
            or stored_captions.post_key is null
            or posts.computed_from <> stored_captions.computed_from
    ),
{% endif %}

words as (
    select
        posts.post_key,
        posts.computed_from,
        caption_words.word,
        caption_words.word_position
    from posts
    {{ split_words_with_position('posts.caption', 'caption_words') }}
    {% if is_incremental() %}
        where posts.post_key in (select recomputed_posts.post_key from recomputed_posts)
    {% endif %}
),

kept_words as (
    select
        post_key,
        computed_from,
        word,
        row_number() over (partition by post_key order by word_position) as word_position
    from words
    where word <> ''
),

sequences as (
    select
        post_key,
        computed_from,
        word_position,
        word,
        lead(word, 1) over (partition by post_key order by word_position) as next_word,
        lead(word, 2) over (partition by post_key order by word_position) as word_after_next
    from kept_words
),

terms as (
    select
        post_key,
        computed_from,
        word_position,
        word as term
    from sequences
    union all
    select
        post_key,
        computed_from,
        word_position,
        word || ' ' || next_word as term
    from sequences
    where next_word is not null
    union all
    select
        post_key,
        computed_from,
        word_position,
        word || ' ' || next_word || ' ' || word_after_next as term
    from sequences
    where word_after_next is not null
),

caption_terms as (
    select
        post_key,
        term,
        max(case when word_position = 1 then 1 else 0 end) = 1 as starts_caption,
        computed_from
    from terms
    group by post_key, term, computed_from
)

select
    caption_terms.post_key,
    caption_terms.term,
    caption_terms.starts_caption,
    caption_terms.computed_from
from caption_terms
{% if is_incremental() %}
    union all
    select
        stored.post_key,
        stored.term,
        stored.starts_caption,
        cast(null as {{ dbt.type_bigint() }}) as computed_from
    from {{ this }} as stored
    where
        stored.post_key in (select recomputed_posts.post_key from recomputed_posts)
        and not exists (
            select 1
            from caption_terms
            where caption_terms.post_key = stored.post_key and caption_terms.term = stored.term
        )
{% endif %}
