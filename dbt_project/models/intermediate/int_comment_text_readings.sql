{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail') }}

-- depends_on: {{ ref('comment_text_patterns') }}
-- One reading per distinct raw comment text (null text included, as one row): the text as the comment
-- rules read it (normalized, and its letters and digits) and what it says read alone (docs/metrics.md,
-- "Comment signals"): the suspicious text reasons (the rules of seeds/comment_text_patterns.csv, plus
-- symbol_art), whether it is low effort (a stock phrase of seeds/low_effort_phrases.csv, emoji or
-- symbols only, a lone mention), its length in words and whether it speaks to the creator ("you", a
-- question).
-- Incremental (append), because normalizing and reading texts is the costly part of the comment models
-- and a reading is a pure function of the text and of the project's rules (macros, seeds, vars): a run
-- reads only the texts that no earlier run has read. Kept rows are right only while the project's code
-- is the code that computed them, so the pipeline passes --full-refresh when the dbt project changed
-- since the warehouse's last successful build (orchestration/incremental_state.py).
with new_texts as (
    select distinct snapshots.text
    from {{ ref('stg_comment_snapshots') }} as snapshots
    {% if is_incremental() %}
        where not exists (
            select 1
            from {{ this }} as seen
            where seen.text is not distinct from snapshots.text
        )
    {% endif %}
),

normalized as (
    select
        text,
        coalesce({{ has_letter_or_digit('text') }}, false) as has_letter_or_digit,
        {{ tidy_comment_text('text_decoded') }} as text_normalized
    from (
        select
            *,
            {{ decode_comment_text('text') }} as text_decoded
        from new_texts
    ) as decoded
),

texts as (
    select
        text,
        has_letter_or_digit,
        text_normalized,
        {{ letters_and_digits_only('text_normalized') }} as text_letters,
        {{ strip_trailing_symbols('text_normalized') }} as text_phrase
    from normalized
),

low_effort_phrases as (
    select distinct phrase from {{ ref('low_effort_phrases') }}
),

read_alone as (
    select
        texts.text,
        texts.has_letter_or_digit,
        texts.text_normalized,
        texts.text_letters,
        {{ comment_text_reasons('texts.text_normalized', 'texts.text_letters') }} as pattern_reasons,
        not texts.has_letter_or_digit
        and length(texts.text_normalized) >= {{ var('symbol_art_min_characters') }} as is_symbol_art,
        case
            when texts.text_normalized is null or texts.text_normalized = '' then null
            when not texts.has_letter_or_digit then 'emoji_only'
            when {{ regex_matches('texts.text_normalized', '^(@[^ ]+ ?)+$') }} then 'lone_mention'
            when low_effort_phrases.phrase is not null then 'stock_phrase'
        end as low_effort_reason,
        case
            when texts.text_normalized is null or texts.text_normalized = '' then 0
            else length(texts.text_normalized) - length(replace(texts.text_normalized, ' ', '')) + 1
        end as word_count,
        coalesce(
            {{ regex_matches('texts.text_normalized', var('addresses_creator_pattern')) }}, false
        ) as addresses_creator
    from texts
    left join low_effort_phrases
        on texts.text_phrase = low_effort_phrases.phrase
)

select
    text,
    has_letter_or_digit,
    text_normalized,
    text_letters,
    concat_ws(
        ',',
        nullif(pattern_reasons, ''),
        case when is_symbol_art then 'symbol_art' end
    ) as text_reasons,
    low_effort_reason is not null and not is_symbol_art as is_low_effort,
    case when not is_symbol_art then low_effort_reason end as low_effort_reason,
    word_count,
    addresses_creator
from read_alone
