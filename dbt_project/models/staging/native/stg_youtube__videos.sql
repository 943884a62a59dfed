-- YouTube Data API videos.list items (raw.youtube__videos) as canonical post snapshots. Only renames
-- and casts. Followers come from youtube__channels (the pipeline's join); likeCount is absent when the
-- owner hides likes: likes stay null (unknown), never 0.
select
    'youtube' as platform,
    id as post_id,
    snippet__channel_id as creator_id,
    snippet__channel_title as creator_handle,
    cast(null as bigint) as creator_followers,
    snippet__published_at as posted_at,
    scraped_at,
    concat_ws(chr(10), snippet__title, snippet__description) as caption,
    hashtags,
    'video' as media_type,
    statistics__like_count as likes,
    statistics__comment_count as comments,
    cast(null as bigint) as shares,
    cast(null as bigint) as saves,
    statistics__view_count as views,
    paid_product_placement_details__has_paid_product_placement as is_sponsored,
    'https://www.youtube.com/watch?v=' || id as url,
    -- likeCount is absent when the owner hides likes: unknown, not 0.
    statistics__like_count is null as likes_hidden,
    _source_file,
    _source_line,
    _run_id,
    _loaded_at
from {{ source('raw', 'youtube__videos') }}
