-- One row per window post, niche and taxonomy term (int_niche_terms) the post carries: a hashtag of
-- its latest snapshot (shown as '#' || hashtag; a keyword matches a hashtag equal to its words run
-- together) or a caption word or phrase. A term found both ways (#receta and the caption word
-- receta: captions hold their hashtags) counts once, shown as the hashtag.
with window_posts as (
    select
        post_key,
        creator_key
    from {{ ref('int_posts_windowed') }}
),

post_hashtags as (
    select
        window_posts.post_key,
        window_posts.creator_key,
        hashtags.hashtag
    from window_posts
    inner join {{ ref('int_posts_latest') }} as posts
        on window_posts.post_key = posts.post_key
    inner join {{ ref('stg_post_hashtags') }} as hashtags
        on posts.post_key = hashtags.post_key and posts.scraped_at = hashtags.scraped_at
),

hashtag_matches as (
    select
        post_hashtags.post_key,
        post_hashtags.creator_key,
        niche_terms.niche,
        niche_terms.match_on,
        niche_terms.term,
        '#' || post_hashtags.hashtag as matched_term
    from post_hashtags
    inner join {{ ref('int_niche_terms') }} as niche_terms
        on post_hashtags.hashtag = niche_terms.hashtag_form
),

caption_matches as (
    select
        window_posts.post_key,
        window_posts.creator_key,
        niche_terms.niche,
        niche_terms.match_on,
        niche_terms.term,
        caption_terms.term as matched_term
    from window_posts
    inner join {{ ref('int_post_caption_terms') }} as caption_terms
        on window_posts.post_key = caption_terms.post_key
    inner join {{ ref('int_niche_terms') }} as niche_terms
        on niche_terms.match_on = 'keyword' and caption_terms.term = niche_terms.term
)

-- '#' sorts before letters and digits: min() shows the hashtag when a term matched both ways.
select
    post_key,
    creator_key,
    niche,
    min(matched_term) as matched_term
from (
    select * from hashtag_matches
    union all
    select * from caption_matches
) as all_matches
group by post_key, creator_key, niche, match_on, term
