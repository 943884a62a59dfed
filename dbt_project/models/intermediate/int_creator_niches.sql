-- Primary niche per creator: the niche (seed niche_hashtags) with the most hashtag uses across the
-- latest snapshots of the creator's posts (ties: alphabetical); else the profile category when it
-- names a niche; else 'unknown'.
with creators as (
    select
        creator_key,
        lower(trim(category)) as category
    from {{ ref('int_creators_current') }}
),

niches as (
    select distinct niche from {{ ref('niche_hashtags') }}
),

niche_uses as (
    select
        posts.creator_key,
        niche_hashtags.niche,
        count(*) as hashtag_uses
    from {{ ref('stg_post_hashtags') }} as post_hashtags
    inner join {{ ref('int_posts_latest') }} as posts
        on post_hashtags.post_key = posts.post_key and post_hashtags.scraped_at = posts.scraped_at
    inner join {{ ref('niche_hashtags') }} as niche_hashtags
        on post_hashtags.hashtag = niche_hashtags.hashtag
    group by posts.creator_key, niche_hashtags.niche
),

ranked_niches as (
    select
        creator_key,
        niche,
        hashtag_uses,
        row_number() over (partition by creator_key order by hashtag_uses desc, niche asc) as niche_rank
    from niche_uses
)

select
    creators.creator_key,
    coalesce(ranked_niches.niche, niches.niche, 'unknown') as primary_niche,
    case
        when ranked_niches.niche is not null then 'hashtags'
        when niches.niche is not null then 'profile_category'
        else 'none'
    end as primary_niche_source,
    coalesce(ranked_niches.hashtag_uses, 0) as primary_niche_hashtag_uses
from creators
left join ranked_niches
    on creators.creator_key = ranked_niches.creator_key and ranked_niches.niche_rank = 1
left join niches
    on creators.category = niches.niche
