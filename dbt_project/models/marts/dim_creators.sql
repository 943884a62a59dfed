select
    creators.creator_key,
    creators.platform,
    creators.creator_id,
    creators.handle,
    creators.followers,
    creators.followers_source,
    creators.follower_tier,
    {{ follower_tier_order('creators.follower_tier') }} as follower_tier_order,
    creators.follower_band,
    {{ follower_band_order('creators.follower_band') }} as follower_band_order,
    creators.is_micro_influencer,
    niches.primary_niche,
    niches.primary_niche_source,
    niches.niche_focus,
    niches.primary_niche_posts,
    niches.niche_window_posts,
    niches.primary_niche_terms,
    niches.secondary_niche,
    niches.secondary_niche_focus,
    creators.category,
    creators.bio,
    creators.country,
    creators.language,
    creators.is_verified
from {{ ref('int_creators_current') }} as creators
left join {{ ref('int_creator_niches') }} as niches
    on creators.creator_key = niches.creator_key
