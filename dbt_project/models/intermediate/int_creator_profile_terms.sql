-- The terms of each creator's current profile bio and category (as int_post_caption_terms does for
-- captions): words and runs of two and three words, lower-case.
with profile_texts as (
    select
        creator_key,
        'bio' as profile_field,
        bio as profile_text
    from {{ ref('int_creators_current') }}
    where bio is not null
    union all
    select
        creator_key,
        'category' as profile_field,
        category as profile_text
    from {{ ref('int_creators_current') }}
    where category is not null
),

words as (
    select
        profile_texts.creator_key,
        profile_texts.profile_field,
        profile_words.word,
        profile_words.word_position
    from profile_texts
    {{ split_words_with_position('profile_texts.profile_text', 'profile_words') }}
),

sequences as (
    select
        creator_key,
        word,
        lead(word, 1) over (partition by creator_key, profile_field order by word_position) as next_word,
        lead(word, 2) over (partition by creator_key, profile_field order by word_position) as word_after_next
    from (
        select
            creator_key,
            profile_field,
            word,
            row_number() over (partition by creator_key, profile_field order by word_position) as word_position
        from words
        where word <> ''
    ) as kept_words
),

terms as (
    select
        creator_key,
        word as term
    from sequences
    union all
    select
        creator_key,
        word || ' ' || next_word as term
    from sequences
    where next_word is not null
    union all
    select
        creator_key,
        word || ' ' || next_word || ' ' || word_after_next as term
    from sequences
    where word_after_next is not null
)

select distinct
    creator_key,
    term
from terms
