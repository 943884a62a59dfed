{{ config(materialized='view') }}

-- The latest snapshot of each comment scraped at or before as_of (snapshots without scraped_at: created
-- at or before it), with the pseudonymous commenter_key and its text's reading. Snapshots without
-- scraped_at rank last; ties go to the latest load, then the last source file and line.
-- A comment's latest loaded snapshot (int_comments_latest_loaded) is also its latest as of as_of when
-- it is not after as_of. Only comments whose latest loaded snapshot is after as_of (a run as of a past
-- date, or snapshots scraped after the latest post) are ranked again among their earlier snapshots.
-- A view: its SQL holds no salt (commenter_key is computed in int_comment_snapshots).
{% set columns = [
    'comment_key', 'post_key', 'parent_comment_key', 'commenter_key', 'platform', 'comment_id',
    'post_id', 'parent_comment_id', 'author_id', 'text', 'has_letter_or_digit', 'text_normalized',
    'text_letters', 'text_reasons', 'is_low_effort', 'low_effort_reason', 'word_count',
    'addresses_creator', 'created_at', 'scraped_at', 'likes'
] %}

with run_parameters as (
    select as_of from {{ ref('stg_run_parameters') }}
),

loaded as (
    select
        latest.*,
        coalesce(latest.scraped_at, latest.created_at) <= run_parameters.as_of as is_at_or_before_as_of
    from {{ ref('int_comments_latest_loaded') }} as latest
    cross join run_parameters
),

earlier_snapshots as (
    select
        snapshots.comment_key,
        snapshots.post_key,
        snapshots.parent_comment_key,
        snapshots.commenter_key,
        snapshots.platform,
        snapshots.comment_id,
        snapshots.post_id,
        snapshots.parent_comment_id,
        snapshots.author_id,
        snapshots.text,
        snapshots.created_at,
        snapshots.scraped_at,
        snapshots.likes,
        row_number() over (
            partition by snapshots.comment_key
            order by
                case when snapshots.scraped_at is null then 1 else 0 end,
                snapshots.scraped_at desc,
                snapshots.loaded_at desc,
                snapshots.source_file desc,
                snapshots.source_line desc
        ) as snapshot_rank
    from {{ ref('int_comment_snapshots') }} as snapshots
    inner join loaded
        on snapshots.comment_key = loaded.comment_key
    cross join run_parameters
    where
        not loaded.is_at_or_before_as_of
        and coalesce(snapshots.scraped_at, snapshots.created_at) <= run_parameters.as_of
),

earlier_latest as (
    select
        earlier.*,
        readings.has_letter_or_digit,
        readings.text_normalized,
        readings.text_letters,
        readings.text_reasons,
        readings.is_low_effort,
        readings.low_effort_reason,
        readings.word_count,
        readings.addresses_creator
    from earlier_snapshots as earlier
    left join {{ ref('int_comment_text_readings') }} as readings
        on earlier.text is not distinct from readings.text
    where earlier.snapshot_rank = 1
),

latest as (
    select {{ columns | join(', ') }}
    from loaded
    where is_at_or_before_as_of
    union all
    select {{ columns | join(', ') }}
    from earlier_latest
)

select * from latest
