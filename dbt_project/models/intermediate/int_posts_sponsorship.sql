-- Whether each post (latest snapshot) is sponsored (docs/metrics.md, "Sponsored posts"): the dump's
-- is_sponsored flag when true, else a paid-partnership disclosure (seed sponsorship_disclosures) in its
-- hashtags or caption: a phrase anywhere, or a caption_start label ("Ad | ...") where the caption
-- begins. sponsored_source says which; disclosure_terms lists what was found. A caption
-- phrase right after a negation (a word of var disclosure_negations, then at most one word) does not
-- count.
with disclosures as (
    select
        match_on,
        case
            when match_on in ('phrase', 'caption_start') then {{ words_joined_by_spaces('term') }}
            else lower(trim(ltrim(trim(term), '#')))
        end as term
    from {{ ref('sponsorship_disclosures') }}
),

posts as (
    select
        post_key,
        scraped_at,
        is_sponsored,
        caption
    from {{ ref('int_posts_enriched') }}
),

hashtag_disclosures as (
    select
        posts.post_key,
        '#' || hashtags.hashtag as disclosure_term
    from posts
    inner join {{ ref('stg_post_hashtags') }} as hashtags
        on posts.post_key = hashtags.post_key and posts.scraped_at = hashtags.scraped_at
    inner join disclosures
        on hashtags.hashtag = disclosures.term and disclosures.match_on = 'hashtag'
),

caption_phrases as (
    select
        caption_terms.post_key,
        caption_terms.term as disclosure_term
    from {{ ref('int_post_caption_terms') }} as caption_terms
    inner join disclosures
        on
            caption_terms.term = disclosures.term
            and (
                disclosures.match_on = 'phrase'
                or (disclosures.match_on = 'caption_start' and caption_terms.starts_caption)
            )
),

-- A phrase right after a negation word (and at most one more word) does not count: "not sponsored",
-- "not a paid partnership", "keine Werbung", "no es publicidad".
negated_phrases as (
    select distinct
        caption_phrases.post_key,
        caption_phrases.disclosure_term
    from caption_phrases
    inner join posts
        on caption_phrases.post_key = posts.post_key
    where
        {{ regex_matches_column(
            words_joined_by_spaces('posts.caption'),
            "'(^| )(" ~ var('disclosure_negations') | join('|') ~ ")( [^ ]+)? ' || caption_phrases.disclosure_term || '( |$)'"
        ) }}
),

caption_disclosures as (
    select
        caption_phrases.post_key,
        caption_phrases.disclosure_term
    from caption_phrases
    left join negated_phrases
        on
            caption_phrases.post_key = negated_phrases.post_key
            and caption_phrases.disclosure_term = negated_phrases.disclosure_term
    where negated_phrases.post_key is null
),

found as (
    select
        post_key,
        max(case when kind = 'hashtag' then 1 else 0 end) = 1 as has_disclosure_hashtag,
        {{ dbt.listagg('distinct disclosure_term', "', '", 'order by disclosure_term') }} as disclosure_terms
    from (
        select
            post_key,
            disclosure_term,
            'hashtag' as kind
        from hashtag_disclosures
        union all
        select
            post_key,
            disclosure_term,
            'caption' as kind
        from caption_disclosures
    ) as all_disclosures
    group by post_key
)

select
    posts.post_key,
    posts.is_sponsored,
    coalesce(posts.is_sponsored, false) or found.post_key is not null as is_sponsored_resolved,
    case
        when posts.is_sponsored then 'is_sponsored'
        when found.has_disclosure_hashtag then 'disclosure_hashtag'
        when found.post_key is not null then 'disclosure_caption'
    end as sponsored_source,
    found.disclosure_terms
from posts
left join found
    on posts.post_key = found.post_key
