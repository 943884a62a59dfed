-- Caption and profile terms are runs of one to three words: a longer niche keyword (seed or the user's
-- file, as int_niche_terms normalizes it) could never match. Returns every such keyword.
select
    niche,
    term,
    term_source
from {{ ref('int_niche_terms') }}
where match_on = 'keyword' and length(term) - length(replace(term, ' ', '')) > 2
