{{ config(
    materialized='incremental',
    incremental_strategy='merge',
    unique_key='comment_key',
    on_schema_change='fail'
) }}

-- The latest snapshot of each comment among every snapshot loaded, whatever the run's as_of
-- (int_comments_latest applies as_of), with its text's reading (int_comment_text_readings). Snapshots
-- without scraped_at rank last; ties go to the latest load, then the last source file and line.
-- Incremental (merge on comment_key): a run reranks only the comments that int_comment_snapshots added
-- snapshots of in this dbt build, joins their texts' readings, and replaces their rows.
with candidates as (
    select snapshots.*
    from {{ ref('int_comment_snapshots') }} as snapshots
    {% if is_incremental() %}
        where snapshots.comment_key in (
            select added.comment_key
            from {{ ref('int_comment_snapshots') }} as added
            where added.added_by_invocation = '{{ invocation_id }}'
        )
    {% endif %}
),

ranked as (
    select
        candidates.*,
        row_number() over (
            partition by candidates.comment_key
            order by {{ latest_comment_snapshot_first('candidates') }}
        ) as snapshot_rank
    from candidates
)

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
    readings.has_letter_or_digit,
    readings.text_normalized,
    readings.text_letters,
    readings.text_reasons,
    readings.is_low_effort,
    readings.low_effort_reason,
    readings.word_count,
    readings.addresses_creator,
    latest.created_at,
    latest.scraped_at,
    latest.likes,
    '{{ invocation_id }}' as computed_by_invocation
from ranked as latest
left join {{ ref('int_comment_text_readings') }} as readings
    on latest.text is not distinct from readings.text
where latest.snapshot_rank = 1
