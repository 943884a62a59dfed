{{ config(materialized='view') }}

-- The latest snapshot of each comment scraped at or before as_of (snapshots without scraped_at: created
-- at or before it), with the pseudonymous commenter_key and its text's reading. Snapshots without
-- scraped_at rank last; ties go to the latest load, then the last source file and line.
-- A comment's latest loaded snapshot (int_comments_latest_loaded) is also its latest as of as_of when
-- it is not after as_of. Only comments whose latest loaded snapshot is after as_of (a run as of a past
-- date, or snapshots scraped after the latest post) are ranked again among their earlier snapshots.
-- A view: its SQL holds no salt (commenter_key is computed in int_comment_snapshots).
with run_parameters as (
    select as_of from {{ ref('stg_run_parameters') }}
),

-- Comments whose latest loaded snapshot is after as_of: usually none or few, so the comments are not
-- read twice in full (each half below reads int_comments_latest_loaded once).
after_as_of as (
    select latest.comment_key
    from {{ ref('int_comments_latest_loaded') }} as latest
    cross join run_parameters
    where coalesce(latest.scraped_at, latest.created_at) > run_parameters.as_of
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
            order by {{ latest_comment_snapshot_first('snapshots') }}
        ) as snapshot_rank
    from {{ ref('int_comment_snapshots') }} as snapshots
    cross join run_parameters
    where
        snapshots.comment_key in (select after_as_of.comment_key from after_as_of)
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
    select
        latest.comment_key,
        latest.post_key,
        latest.parent_comment_key,
        latest.commenter_key,
        latest.platform,
        latest.comment_id,
        latest.post_id,
        latest.parent_comment_id,
        latest.author_id,
        latest.text,
        latest.has_letter_or_digit,
        latest.text_normalized,
        latest.text_letters,
        latest.text_reasons,
        latest.is_low_effort,
        latest.low_effort_reason,
        latest.word_count,
        latest.addresses_creator,
        latest.created_at,
        latest.scraped_at,
        latest.likes
    from {{ ref('int_comments_latest_loaded') }} as latest
    cross join run_parameters
    where coalesce(latest.scraped_at, latest.created_at) <= run_parameters.as_of
    union all
    select
        earlier_latest.comment_key,
        earlier_latest.post_key,
        earlier_latest.parent_comment_key,
        earlier_latest.commenter_key,
        earlier_latest.platform,
        earlier_latest.comment_id,
        earlier_latest.post_id,
        earlier_latest.parent_comment_id,
        earlier_latest.author_id,
        earlier_latest.text,
        earlier_latest.has_letter_or_digit,
        earlier_latest.text_normalized,
        earlier_latest.text_letters,
        earlier_latest.text_reasons,
        earlier_latest.is_low_effort,
        earlier_latest.low_effort_reason,
        earlier_latest.word_count,
        earlier_latest.addresses_creator,
        earlier_latest.created_at,
        earlier_latest.scraped_at,
        earlier_latest.likes
    from earlier_latest
)

select * from latest
