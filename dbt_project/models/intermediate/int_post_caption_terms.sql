-- The terms of each post's caption (latest snapshot): every word, and every run of two and three
-- consecutive words, lower-case, joined by single spaces. What niche keywords and sponsorship
-- disclosure phrases are matched against (a set-based join, not one regular expression per term).
-- starts_caption: the term is where the caption begins ("Ad | ...": disclosure labels go first).
with words as (
    select
        posts.post_key,
        caption_words.word,
        caption_words.word_position
    from {{ ref('int_posts_latest') }} as posts
    {{ split_words_with_position('posts.caption', 'caption_words') }}
    where posts.caption is not null
),

kept_words as (
    select
        post_key,
        word,
        row_number() over (partition by post_key order by word_position) as word_position
    from words
    where word <> ''
),

sequences as (
    select
        post_key,
        word_position,
        word,
        lead(word, 1) over (partition by post_key order by word_position) as next_word,
        lead(word, 2) over (partition by post_key order by word_position) as word_after_next
    from kept_words
),

terms as (
    select
        post_key,
        word_position,
        word as term
    from sequences
    union all
    select
        post_key,
        word_position,
        word || ' ' || next_word as term
    from sequences
    where next_word is not null
    union all
    select
        post_key,
        word_position,
        word || ' ' || next_word || ' ' || word_after_next as term
    from sequences
    where word_after_next is not null
)

select
    post_key,
    term,
    max(case when word_position = 1 then 1 else 0 end) = 1 as starts_caption
from terms
group by post_key, term
