-- Niches per creator (docs/metrics.md, "Niches"). A window post is "in" the niche(s) with the most
-- matched taxonomy terms (int_post_niche_matches.is_top_niche). The primary niche is the one most
-- window posts are in (ties: more profile bio/category terms, then more matched terms, then
-- alphabetical); niche_focus is the share of window posts in it. The secondary niche is the runner-up
-- when at least secondary_niche_min_share of window posts are in it. A creator without any window post
-- in a niche takes the niche their profile names most, else 'unknown'.
with window_counts as (
    select
        creator_key,
        count(*) as window_posts
    from {{ ref('int_posts_windowed') }}
    group by creator_key
),

creators as (
    select
        creators.creator_key,
        coalesce(window_counts.window_posts, 0) as window_posts
    from {{ ref('int_creators_current') }} as creators
    left join window_counts
        on creators.creator_key = window_counts.creator_key
),

post_niches as (
    select
        creator_key,
        niche,
        count(case when is_top_niche then 1 end) as niche_posts,
        sum(matched_terms) as niche_term_matches
    from {{ ref('int_post_niche_matches') }}
    group by creator_key, niche
),

niche_terms_used as (
    select
        creator_key,
        niche,
        {{ dbt.listagg('distinct matched_term', "', '", 'order by matched_term', 8) }} as niche_terms
    from {{ ref('int_post_niche_terms') }}
    group by creator_key, niche
),

-- Profile words match keywords, and hashtag forms too ("skincare" in a bio matches #skincare).
profile_matches as (
    select
        profile_terms.creator_key,
        niche_terms.niche,
        profile_terms.term
    from {{ ref('int_creator_profile_terms') }} as profile_terms
    inner join {{ ref('int_niche_terms') }} as niche_terms
        on profile_terms.term = niche_terms.term and niche_terms.match_on = 'keyword'
    union all
    select
        profile_terms.creator_key,
        niche_terms.niche,
        profile_terms.term
    from {{ ref('int_creator_profile_terms') }} as profile_terms
    inner join {{ ref('int_niche_terms') }} as niche_terms
        on profile_terms.term = niche_terms.hashtag_form
),

profile_niches as (
    select
        creator_key,
        niche,
        count(distinct term) as profile_term_matches
    from profile_matches
    group by creator_key, niche
),

candidates as (
    select
        coalesce(post_niches.creator_key, profile_niches.creator_key) as creator_key,
        coalesce(post_niches.niche, profile_niches.niche) as niche,
        coalesce(post_niches.niche_posts, 0) as niche_posts,
        coalesce(post_niches.niche_term_matches, 0) as niche_term_matches,
        coalesce(profile_niches.profile_term_matches, 0) as profile_term_matches
    from post_niches
    full outer join profile_niches
        on post_niches.creator_key = profile_niches.creator_key and post_niches.niche = profile_niches.niche
),

ranked as (
    select
        creator_key,
        niche,
        niche_posts,
        profile_term_matches,
        row_number() over (
            partition by creator_key
            order by niche_posts desc, profile_term_matches desc, niche_term_matches desc, niche asc
        ) as niche_rank
    from candidates
)

select
    creators.creator_key,
    coalesce(primary_niches.niche, 'unknown') as primary_niche,
    case
        when primary_niches.niche_posts > 0 then 'posts'
        when primary_niches.profile_term_matches > 0 then 'profile'
        else 'none'
    end as primary_niche_source,
    coalesce(primary_niches.niche_posts, 0) as primary_niche_posts,
    creators.window_posts as niche_window_posts,
    case
        when creators.window_posts > 0
            then cast(coalesce(primary_niches.niche_posts, 0) as {{ double_type() }}) / creators.window_posts
    end as niche_focus,
    primary_terms.niche_terms as primary_niche_terms,
    secondary_niches.niche as secondary_niche,
    case
        when secondary_niches.niche is not null
            then cast(secondary_niches.niche_posts as {{ double_type() }}) / creators.window_posts
    end as secondary_niche_focus
from creators
left join ranked as primary_niches
    on creators.creator_key = primary_niches.creator_key and primary_niches.niche_rank = 1
left join niche_terms_used as primary_terms
    on primary_niches.creator_key = primary_terms.creator_key and primary_niches.niche = primary_terms.niche
left join ranked as secondary_niches
    on
        creators.creator_key = secondary_niches.creator_key
        and secondary_niches.niche_rank = 2
        and secondary_niches.niche_posts > 0
        and secondary_niches.niche_posts >= {{ var('secondary_niche_min_share') }} * creators.window_posts
