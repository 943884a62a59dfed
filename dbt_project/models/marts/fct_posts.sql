select
    posts.post_key,
    posts.platform,
    posts.post_id,
    posts.creator_key,
    posts.posted_at,
    posts.scraped_at,
    posts.media_type,
    posts.likes,
    posts.comments,
    posts.shares,
    posts.saves,
    posts.views,
    posts.likes_hidden,
    posts.engagements,
    posts.followers_at_post,
    posts.followers_at_post_source,
    posts.er_followers,
    posts.er_likes_comments,
    posts.er_views,
    posts.is_sponsored,
    sponsorship.is_sponsored_resolved,
    sponsorship.sponsored_source,
    sponsorship.disclosure_terms
from {{ ref('int_posts_enriched') }} as posts
left join {{ ref('int_posts_sponsorship') }} as sponsorship
    on posts.post_key = sponsorship.post_key
