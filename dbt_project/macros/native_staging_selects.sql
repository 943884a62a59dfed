{#- Select lists shared by platform-native staging models (models/staging/native) that read the same
    object from different places: each model names only its source (and what else differs). -#}

{#- IG Graph media objects as canonical post snapshots, from `relation`: the media edge
    (raw.instagram_graph__media) and business_discovery's media{data[]}
    (raw.instagram_graph__business_discovery_media) hold the same IG Media fields. Only renames
    and casts. -#}
{% macro instagram_graph_media_post_snapshots(relation) -%}
select
    'instagram' as platform,
    id as post_id,
    owner__id as creator_id,
    username as creator_handle,
    cast(null as bigint) as creator_followers,
    timestamp as posted_at,
    scraped_at,
    caption,
    hashtags,
    lower(media_type) as media_type,
    like_count as likes,
    comments_count as comments,
    cast(null as bigint) as shares,
    cast(null as bigint) as saves,
    cast(null as bigint) as views,
    cast(null as boolean) as is_sponsored,
    permalink as url,
    -- like_count is absent when the owner hides likes: unknown, not 0.
    like_count is null as likes_hidden,
    _source_file,
    _source_line,
    _run_id,
    _loaded_at
from {{ relation }}
{%- endmacro %}

{#- The canonical comment columns of a YouTube Data API comment resource (commentThreads.list and
    comments.list give the same snippet), with the video id taken from `video_id_column`: a
    comments.list reply may not name its video and takes its thread's. -#}
{% macro youtube_comment_snapshot_columns(video_id_column) -%}
    'youtube' as platform,
    id as comment_id,
    {{ video_id_column }} as post_id,
    snippet__author_channel_id as author_id,
    snippet__author_display_name as author_handle,
    snippet__text_original as text,
    snippet__published_at as created_at,
    scraped_at,
    snippet__parent_id as parent_comment_id,
    snippet__like_count as likes,
    _source_file,
    _source_line,
    _run_id,
    _loaded_at
{%- endmacro %}
