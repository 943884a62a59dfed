-- What each comment's text says, read alone (docs/metrics.md, "Comment signals"): the suspicious
-- text reasons (the rules of seeds/comment_text_patterns.csv, plus symbol_art), whether it is low
-- effort (a stock phrase of seeds/low_effort_phrases.csv, emoji or symbols only, a lone mention),
-- its length in words and whether it speaks to the creator ("you", a question). The text is read once
-- per distinct text, in int_comment_text_readings; this model gives each comment its text's reading.
select
    comments.comment_key,
    readings.text_reasons,
    readings.is_low_effort,
    readings.low_effort_reason,
    readings.word_count,
    readings.addresses_creator
from {{ ref('int_comments_latest') }} as comments
left join {{ ref('int_comment_text_readings') }} as readings
    on comments.text is not distinct from readings.text
