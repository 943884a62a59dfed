-- Apify Instagram profile items (raw.apify__instagram_profiles) as canonical profile snapshots. Only
-- renames and casts.
select
    'instagram' as platform,
    id as creator_id,
    username as handle,
    followers_count as followers,
    follows_count as following,
    posts_count as media_count,
    biography as bio,
    business_category_name as category,
    cast(null as varchar) as country,
    cast(null as varchar) as language,
    verified as is_verified,
    scraped_at,
    _source_file,
    _source_line,
    _run_id,
    _loaded_at
from {{ source('raw', 'apify__instagram_profiles') }}
