select
    creators.creator_key,
    creators.platform,
    creators.creator_id,
    creators.handle,
    creators.followers,
    creators.followers_source,
    creators.follower_tier,
    creators.follower_band,
    creators.is_micro_influencer,
    niches.primary_niche,
    niches.primary_niche_source,
    creators.category,
    creators.country,
    creators.language,
    creators.is_verified
from {{ ref('int_creators_current') }} as creators
left join {{ ref('int_creator_niches') }} as niches
    on creators.creator_key = niches.creator_key
