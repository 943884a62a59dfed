-- TikTok Research API user info, for the user its file is named by (raw.tiktok_research__users) as
-- canonical profile snapshots. Only renames and casts.
select
    'tiktok' as platform,
    username as creator_id,
    username as handle,
    follower_count as followers,
    following_count as following,
    video_count as media_count,
    bio_description as bio,
    cast(null as varchar) as category,
    cast(null as varchar) as country,
    cast(null as varchar) as language,
    is_verified,
    scraped_at,
    _source_file,
    _source_line,
    _run_id,
    _loaded_at
from {{ source('raw', 'tiktok_research__users') }}
