-- The user's rate card rows (empty without a file). Only renames.
select
    platform,
    creator_id,
    platform || ':' || creator_id as creator_key,
    follower_band,
    cost_per_post,
    currency,
    _source_file as source_file,
    _source_row as source_row
from {{ source('raw', 'user_rate_card') }}
