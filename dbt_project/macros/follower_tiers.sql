{#-
    Follower tiers and bands, from the vars follower_tiers and follower_bands (dbt_project.yml: the one
    place they are defined; the CLI reads the same vars). Each segment starts at its min_followers
    (inclusive) and ends where the next one starts; unknown followers give null.
    Plain CASE expressions: portable across engines.
-#}
{% macro follower_segment(followers_column, segments) -%}
    case
        when {{ followers_column }} is null then null
        {%- for segment in segments[:-1] %}
        when {{ followers_column }} < {{ segments[loop.index].min_followers }} then '{{ segment.name }}'
        {%- endfor %}
        else '{{ segments[-1].name }}'
    end
{%- endmacro %}

{% macro follower_tier(followers_column) -%}
    {{ follower_segment(followers_column, var('follower_tiers')) }}
{%- endmacro %}

{% macro follower_band(followers_column) -%}
    {{ follower_segment(followers_column, var('follower_bands')) }}
{%- endmacro %}

{#- Sort keys, so that tiers and bands sort by size (as text, '100k-500k' sorts before '1k-10k'). -#}
{% macro follower_segment_order(segment_column, segments) -%}
    case {{ segment_column }}
        {%- for segment in segments %}
        when '{{ segment.name }}' then {{ loop.index }}
        {%- endfor %}
    end
{%- endmacro %}

{% macro follower_tier_order(tier_column) -%}
    {{ follower_segment_order(tier_column, var('follower_tiers')) }}
{%- endmacro %}

{% macro follower_band_order(band_column) -%}
    {{ follower_segment_order(band_column, var('follower_bands')) }}
{%- endmacro %}
