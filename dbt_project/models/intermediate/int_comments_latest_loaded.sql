{{ config(
    materialized='incremental',
    incremental_strategy='merge',
    unique_key='comment_key',
    on_schema_change='fail'
) }}

-- The latest snapshot of each comment among every snapshot loaded, whatever the run's as_of
-- (int_comments_latest applies as_of). Snapshots without scraped_at rank last; ties go to the latest
-- load, then the last source file and line. Incremental (merge on comment_key): a run reranks only the
-- comments that int_comment_snapshots added snapshots of in this dbt build, and replaces their rows.
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
        *,
        row_number() over (
            partition by comment_key
            order by
                case when scraped_at is null then 1 else 0 end,
                scraped_at desc,
                loaded_at desc,
                source_file desc,
                source_line desc
        ) as snapshot_rank
    from candidates
)

select
    comment_key,
    post_key,
    parent_comment_key,
    commenter_key,
    platform,
    comment_id,
    post_id,
    parent_comment_id,
    author_id,
    text,
    has_letter_or_digit,
    text_normalized,
    text_letters,
    text_reasons,
    is_low_effort,
    low_effort_reason,
    word_count,
    addresses_creator,
    created_at,
    scraped_at,
    likes
from ranked
where snapshot_rank = 1
