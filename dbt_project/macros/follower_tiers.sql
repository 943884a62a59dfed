{#-
    Follower tiers and bands (docs/metrics.md). Lower bounds are inclusive; unknown followers give null.
    Plain CASE expressions: portable across engines.
-#}
{% macro follower_tier(followers_column) -%}
    case
        when {{ followers_column }} is null then null
        when {{ followers_column }} < 1000 then 'sub_1k'
        when {{ followers_column }} < 100000 then 'micro'
        when {{ followers_column }} < 1000000 then 'macro'
        else 'mega'
    end
{%- endmacro %}

{% macro follower_band(followers_column) -%}
    case
        when {{ followers_column }} is null then null
        when {{ followers_column }} < 1000 then '<1k'
        when {{ followers_column }} < 10000 then '1k-10k'
        when {{ followers_column }} < 50000 then '10k-50k'
        when {{ followers_column }} < 100000 then '50k-100k'
        when {{ followers_column }} < 500000 then '100k-500k'
        when {{ followers_column }} < 1000000 then '500k-1M'
        else '1M+'
    end
{%- endmacro %}

{#- Sort keys, so that tiers and bands sort by size (as text, '100k-500k' sorts before '1k-10k'). -#}
{% macro follower_tier_order(tier_column) -%}
    case {{ tier_column }}
        when 'sub_1k' then 1
        when 'micro' then 2
        when 'macro' then 3
        when 'mega' then 4
    end
{%- endmacro %}

{% macro follower_band_order(band_column) -%}
    case {{ band_column }}
        when '<1k' then 1
        when '1k-10k' then 2
        when '10k-50k' then 3
        when '50k-100k' then 4
        when '100k-500k' then 5
        when '500k-1M' then 6
        when '1M+' then 7
    end
{%- endmacro %}
