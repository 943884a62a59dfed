{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail') }}

-- Every comment snapshot loaded, each with what is costly to work out per row and never changes: the
-- pseudonymous commenter_key (two SHA-256) and its text's reading (a join on the text). Incremental
-- (append): a run adds the snapshots of ingestion runs not seen yet, so each snapshot is worked out
-- once. The pipeline passes --full-refresh when the dbt project or the pseudonym key changed since the
-- warehouse's last successful build, or when that build failed (orchestration/incremental_state.py).
-- added_by_invocation names the dbt build that added the row: int_comments_latest_loaded reranks only
-- the comments that build touched. A table, so the salt does not sit in a stored view definition.
with new_snapshots as (
    select snapshots.*
    from {{ ref('stg_comment_snapshots') }} as snapshots
    {% if is_incremental() %}
        where not exists (
            select 1
            from (select distinct run_id from {{ this }}) as seen
            where seen.run_id = snapshots.run_id
        )
    {% endif %}
)

select
    snapshots.comment_key,
    snapshots.post_key,
    snapshots.parent_comment_key,
    {{ commenter_key('snapshots.platform', 'snapshots.author_id') }} as commenter_key,
    snapshots.platform,
    snapshots.comment_id,
    snapshots.post_id,
    snapshots.parent_comment_id,
    snapshots.author_id,
    snapshots.text,
    readings.has_letter_or_digit,
    readings.text_normalized,
    readings.text_letters,
    readings.text_reasons,
    readings.is_low_effort,
    readings.low_effort_reason,
    readings.word_count,
    readings.addresses_creator,
    snapshots.created_at,
    snapshots.scraped_at,
    snapshots.likes,
    snapshots.source_file,
    snapshots.source_line,
    snapshots.run_id,
    snapshots.loaded_at,
    '{{ invocation_id }}' as added_by_invocation
from new_snapshots as snapshots
left join {{ ref('int_comment_text_readings') }} as readings
    on snapshots.text is not distinct from readings.text
