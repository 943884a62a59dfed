{{ config(materialized="table") }}

-- The latest snapshot of each comment (snapshots without scraped_at rank last), with the pseudonymous
-- commenter_key and the text as the comment rules read it (normalized, and its letters and digits).
-- Materialized as a table so that the salt does not sit in a stored view definition.
with ranked as (
    select
        comment_key,
        post_key,
        parent_comment_key,
        platform,
        comment_id,
        post_id,
        parent_comment_id,
        author_id,
        text,
        has_letter_or_digit,
        created_at,
        scraped_at,
        likes,
        row_number() over (
            partition by comment_key
            order by
                case when scraped_at is null then 1 else 0 end,
                scraped_at desc,
                loaded_at desc,
                source_file desc,
                source_line desc
        ) as snapshot_rank
    from {{ ref('stg_comment_snapshots') }}
)

select
    comment_key,
    post_key,
    parent_comment_key,
    {{ commenter_key('platform', 'author_id') }} as commenter_key,
    platform,
    comment_id,
    post_id,
    parent_comment_id,
    author_id,
    text_normalized,
    {{ letters_and_digits_only('text_normalized') }} as text_letters,
    has_letter_or_digit,
    created_at,
    scraped_at,
    likes
from (
    select
        *,
        {{ tidy_comment_text('text_decoded') }} as text_normalized
    from (
        select
            *,
            {{ decode_comment_text('text') }} as text_decoded
        from ranked
        where snapshot_rank = 1
    ) as decoded
) as latest
