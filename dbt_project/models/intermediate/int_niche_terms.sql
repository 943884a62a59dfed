-- The niche taxonomy in force: the seed niche_taxonomy plus the user's file (var niche_taxonomy_mode
-- = 'extend': a user row wins over a seed row for the same match_on and term), or the user's file
-- alone ('replace'). Terms are normalized as captions are: keywords to their words joined by single
-- spaces, hashtags lower-case without '#'. hashtag_form is the hashtag a term matches: the hashtag
-- itself, or a keyword's words run together ("home decor" matches #homedecor).
with user_terms as (
    select
        lower(trim(niche)) as niche,
        match_on,
        term,
        language,
        'user' as term_source
    from {{ ref('stg_user_niche_taxonomy') }}
),

seed_terms as (
    select
        lower(trim(niche)) as niche,
        match_on,
        term,
        language,
        'seed' as term_source
    from {{ ref('niche_taxonomy') }}
    {%- if var('niche_taxonomy_mode', 'extend') == 'replace' %}
        where false
    {%- endif %}
),

normalized as (
    select
        niche,
        match_on,
        case
            when match_on = 'keyword' then {{ words_joined_by_spaces('term') }}
            else lower(trim(ltrim(trim(term), '#')))
        end as term,
        language,
        term_source
    from (
        select * from user_terms
        union all
        select * from seed_terms
    ) as all_terms
),

ranked as (
    select
        niche,
        match_on,
        term,
        language,
        term_source,
        row_number() over (
            partition by match_on, term
            order by case when term_source = 'user' then 0 else 1 end, niche
        ) as term_rank
    from normalized
    where term <> ''
)

select
    niche,
    match_on,
    term,
    replace(term, ' ', '') as hashtag_form,
    language,
    term_source
from ranked
where term_rank = 1
