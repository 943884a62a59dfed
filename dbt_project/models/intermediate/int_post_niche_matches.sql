-- One row per window post and niche it matches: how many distinct taxonomy terms of the niche the
-- post carries (int_post_niche_terms), and which. is_top_niche: the niche has the most matched terms of
-- the post's niches (ties: each tied niche), so the post counts as being "in" it.
with matches as (
    select
        post_key,
        creator_key,
        niche,
        count(*) as matched_terms,
        {{ dbt.listagg('matched_term', "', '", 'order by matched_term') }} as terms
    from {{ ref('int_post_niche_terms') }}
    group by post_key, creator_key, niche
)

select
    post_key,
    creator_key,
    niche,
    matched_terms,
    terms,
    rank() over (partition by post_key order by matched_terms desc) = 1 as is_top_niche
from matches
