{#- Portable helpers for the authenticity score (docs/metrics.md, "Creator authenticity"). -#}

{#- The share of rows where a boolean holds (null where there are no rows). -#}
{% macro share_where(condition) -%}
    cast(sum(case when {{ condition }} then 1 else 0 end) as {{ double_type() }}) / nullif(count(*), 0)
{%- endmacro %}

{#- 0 at or below `start`, 1 at or above `full`, linear between: how far a signal has gone from
    "normal" to "certainly abnormal". Null signals give 0, so missing data never deducts. -#}
{% macro ramp(signal, start, full) -%}
    coalesce(least(1.0, greatest(0.0, (cast({{ signal }} as {{ double_type() }}) - ({{ start }})) / (({{ full }}) - ({{ start }})))), 0.0)
{%- endmacro %}

{#- A fraction as a whole percent, as text ("0.384" -> "38"). -#}
{% macro percent_text(fraction) -%}
    cast(cast(round(100 * {{ fraction }}) as integer) as {{ dbt.type_string() }})
{%- endmacro %}

{#- A number rounded to one decimal, as text. -#}
{% macro decimal_text(number) -%}
    cast(round({{ number }}, 1) as {{ dbt.type_string() }})
{%- endmacro %}

{#- "<n>% <what>" when the share rounds to at least 1%, else null (left out by concat_ws). -#}
{% macro share_phrase(share, what) -%}
    case when round(100 * {{ share }}) >= 1 then {{ percent_text(share) }} || '% {{ what }}' end
{%- endmacro %}
