-- Caption terms are runs of one to three words (int_post_caption_terms): a longer disclosure phrase
-- could never match. Returns every such phrase of seed sponsorship_disclosures.
with phrases as (
    select
        match_on,
        {{ words_joined_by_spaces('term') }} as words
    from {{ ref('sponsorship_disclosures') }}
    where match_on in ('phrase', 'caption_start')
)

select
    match_on,
    words
from phrases
where length(words) - length(replace(words, ' ', '')) > 2
