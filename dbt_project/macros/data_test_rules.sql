{#- Rules shared by the project's generic tests (tests/generic/). -#}

{#- True when `value` (a column, or a qualified column) breaks the rule of test between for `bounds`
    (one entry of columns_between's ranges: min_value and/or max_value, both inclusive): the value is
    present, and below min_value or above max_value. -#}
{% macro outside_bounds(value, bounds) -%}
    {%- set conditions = [] -%}
    {%- if bounds.get('min_value') is not none -%}
        {%- do conditions.append(value ~ ' < ' ~ bounds['min_value']) -%}
    {%- endif -%}
    {%- if bounds.get('max_value') is not none -%}
        {%- do conditions.append(value ~ ' > ' ~ bounds['max_value']) -%}
    {%- endif -%}
    {%- if not conditions -%}
        {{ exceptions.raise_compiler_error("columns_between: " ~ bounds['column'] ~ " has neither min_value nor max_value") }}
    {%- endif -%}
    {{ value }} is not null and ({{ conditions | join(' or ') }})
{%- endmacro %}
