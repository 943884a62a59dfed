-- Every row of seeds/comment_text_patterns.csv documents itself with an example text; the example,
-- normalized like comment text, must match its own pattern. A rule that cannot fire on its own
-- example is a typo. Rows returned fail the test.
with decoded as (
    select
        reason_code,
        match_on,
        pattern,
        example,
        {{ decode_comment_text('example') }} as example_decoded
    from {{ ref('comment_text_patterns') }}
),

patterns as (
    select
        reason_code,
        match_on,
        pattern,
        example,
        {{ tidy_comment_text('example_decoded') }} as example_normalized
    from decoded
)

select
    reason_code,
    match_on,
    pattern,
    example
from patterns
where not coalesce(
    case match_on
        when 'letters' then {{ regex_matches_column(letters_and_digits_only('example_normalized'), 'pattern') }}
        else {{ regex_matches_column('example_normalized', 'pattern') }}
    end,
    false
)
