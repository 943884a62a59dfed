{#- Helpers of the platform-native staging models (models/staging/native): which models feed each
    canonical entity, and the few values a shape gives only inside a URL. Staging is where
    engine-specific SQL may live; these dispatch so a port can override them. -#}

{#- The native staging models whose rows are unioned into stg_<entity>_snapshots. One list, kept in
    step with assets/ingestion/native_shapes.py (each shape's `feeds`) by
    tests/test_native_sources_in_step.py. -#}
{% macro native_staging_models(entity) -%}
    {%- set models = {
        'posts': [
            'stg_youtube__videos', 'stg_ytdlp__videos', 'stg_instagram_graph__media',
            'stg_instagram_graph__business_discovery_media', 'stg_tiktok_research__videos',
            'stg_apify__instagram_posts', 'stg_apify__tiktok_videos'
        ],
        'comments': [
            'stg_youtube__comment_threads', 'stg_youtube__comments', 'stg_ytdlp__comments',
            'stg_instagram_graph__comments', 'stg_tiktok_research__comments',
            'stg_apify__instagram_comments', 'stg_apify__tiktok_comments'
        ],
        'profiles': [
            'stg_youtube__channels', 'stg_instagram_graph__business_discovery',
            'stg_tiktok_research__users', 'stg_apify__instagram_profiles'
        ]
    } -%}
    {{ return(models[entity]) }}
{%- endmacro %}

{#- The columns of raw.<entity>, in its order: what the canonical table and every native staging
    model of the entity give, so they union by position. -#}
{% macro canonical_raw_columns(entity) -%}
    {%- set columns = {
        'posts': [
            'platform', 'post_id', 'creator_id', 'creator_handle', 'creator_followers', 'posted_at',
            'scraped_at', 'caption', 'hashtags', 'media_type', 'likes', 'comments', 'shares', 'saves',
            'views', 'is_sponsored', 'url'
        ],
        'comments': [
            'platform', 'comment_id', 'post_id', 'author_id', 'author_handle', 'text', 'created_at',
            'scraped_at', 'parent_comment_id', 'likes'
        ],
        'profiles': [
            'platform', 'creator_id', 'handle', 'followers', 'following', 'media_count', 'bio',
            'category', 'country', 'language', 'is_verified', 'scraped_at'
        ]
    } -%}
    {{ return(columns[entity] + ['_source_file', '_source_line', '_run_id', '_loaded_at']) }}
{%- endmacro %}

{#- raw.<entity> and every native staging model of it, as one relation's rows. Posts also get
    likes_hidden: true where the platform says the owner hid the like count (native shapes only; a
    canonical dump's null likes are "not reported" and count as 0, docs/metrics.md). -#}
{% macro canonical_and_native_rows(entity) -%}
    {%- set columns = canonical_raw_columns(entity) | join(', ') -%}
    {%- set hidden = ', likes_hidden' if entity == 'posts' else '' -%}
    select {{ columns }}{{ ', false as likes_hidden' if entity == 'posts' else '' }}
    from {{ source('raw', entity) }}
    {%- for model in native_staging_models(entity) %}
    union all
    select {{ columns }}{{ hidden }} from {{ ref(model) }}
    {%- endfor %}
{%- endmacro %}

{#- The shortCode of an Instagram post URL (https://www.instagram.com/p/<shortCode>/), else the text. -#}
{% macro instagram_shortcode(url) -%}
    {{ return(adapter.dispatch('instagram_shortcode', 'bignoise')(url)) }}
{%- endmacro %}

{% macro default__instagram_shortcode(url) -%}
    coalesce(nullif(regexp_extract({{ url }}, '/(?:p|reel|reels|tv)/([A-Za-z0-9_-]+)', 1), ''), {{ url }})
{%- endmacro %}

{#- The video id of a TikTok video URL (https://www.tiktok.com/@user/video/<id>), else the text. -#}
{% macro tiktok_video_id(text) -%}
    {{ return(adapter.dispatch('tiktok_video_id', 'bignoise')(text)) }}
{%- endmacro %}

{% macro default__tiktok_video_id(text) -%}
    coalesce(nullif(regexp_extract({{ text }}, '/video/([0-9]+)', 1), ''), {{ text }})
{%- endmacro %}
