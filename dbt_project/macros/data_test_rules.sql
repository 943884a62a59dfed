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

{#- True when `value` (a column, or a qualified column) breaks the rule of test accepted_values for
    `rule` (one entry of columns_accepted_values' accepted: its values, compared as quoted text): the
    value is present and not one of them. -#}
{% macro not_accepted(value, rule) -%}
    {%- if not rule.get('values') or rule['values'] is string -%}
        {{ exceptions.raise_compiler_error("columns_accepted_values: " ~ rule['column'] ~ " needs a list of values") }}
    {%- endif -%}
    {%- set quoted = [] -%}
    {%- for accepted_value in rule['values'] -%}
        {%- do quoted.append("'" ~ (accepted_value | string | replace("'", "''")) ~ "'") -%}
    {%- endfor -%}
    {{ value }} is not null and {{ value }} not in ({{ quoted | join(', ') }})
{%- endmacro %}
