-- One row per window post, niche and taxonomy term (int_niche_terms) the post carries: a hashtag of
-- its latest snapshot (shown as '#' || hashtag; a keyword matches a hashtag equal to its words run
-- together) or a caption word or phrase.
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
        caption_terms.term as matched_term
    from window_posts
    inner join {{ ref('int_post_caption_terms') }} as caption_terms
        on window_posts.post_key = caption_terms.post_key
    inner join {{ ref('int_niche_terms') }} as niche_terms
        on niche_terms.match_on = 'keyword' and caption_terms.term = niche_terms.term
)

select distinct
    post_key,
    creator_key,
    niche,
    matched_term
from (
    select * from hashtag_matches
    union all
    select * from caption_matches
) as all_matches
