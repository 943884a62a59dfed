-- depends_on: {{ ref('comment_text_patterns') }}
-- What each comment's text says, read alone (docs/metrics.md, "Comment signals"): the suspicious
-- text reasons (the rules of seeds/comment_text_patterns.csv, plus symbol_art), whether it is low
-- effort (a stock phrase of seeds/low_effort_phrases.csv, emoji or symbols only, a lone mention),
-- its length in words and whether it speaks to the creator ("you", a question).
with comments as (
    select
        comment_key,
        text_normalized,
        text_letters,
        has_letter_or_digit,
        {{ strip_trailing_symbols('text_normalized') }} as text_phrase
    from {{ ref('int_comments_latest') }}
),

low_effort_phrases as (
    select distinct phrase from {{ ref('low_effort_phrases') }}
),

read_alone as (
    select
        comments.comment_key,
        {{ comment_text_reasons('comments.text_normalized', 'comments.text_letters') }} as pattern_reasons,
        not comments.has_letter_or_digit
        and length(comments.text_normalized) >= {{ var('symbol_art_min_characters') }} as is_symbol_art,
        case
            when comments.text_normalized is null or comments.text_normalized = '' then null
            when not comments.has_letter_or_digit then 'emoji_only'
            when {{ regex_matches('comments.text_normalized', '^(@[^ ]+ ?)+$') }} then 'lone_mention'
            when low_effort_phrases.phrase is not null then 'stock_phrase'
        end as low_effort_reason,
        case
            when comments.text_normalized is null or comments.text_normalized = '' then 0
            else length(comments.text_normalized) - length(replace(comments.text_normalized, ' ', '')) + 1
        end as word_count,
        coalesce(
            {{ regex_matches('comments.text_normalized', var('addresses_creator_pattern')) }}, false
        ) as addresses_creator
    from comments
    left join low_effort_phrases
        on comments.text_phrase = low_effort_phrases.phrase
)

select
    comment_key,
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
