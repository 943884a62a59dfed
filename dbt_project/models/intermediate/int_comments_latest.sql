{{ config(materialized="table") }}

-- The latest snapshot of each comment (snapshots without scraped_at rank last), with the pseudonymous
-- commenter_key, the raw text and the text as the comment rules read it (normalized, and its letters
-- and digits), taken from int_comment_text_readings (one reading per distinct text, built incrementally).
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
    latest.comment_key,
    latest.post_key,
    latest.parent_comment_key,
    {{ commenter_key('latest.platform', 'latest.author_id') }} as commenter_key,
    latest.platform,
    latest.comment_id,
    latest.post_id,
    latest.parent_comment_id,
    latest.author_id,
    latest.text,
    readings.text_normalized,
    readings.text_letters,
    latest.has_letter_or_digit,
    latest.created_at,
    latest.scraped_at,
    latest.likes
from ranked as latest
left join {{ ref('int_comment_text_readings') }} as readings
    on latest.text is not distinct from readings.text
where latest.snapshot_rank = 1
