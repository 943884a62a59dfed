{#-
    The only home of engine-specific SQL outside staging. Each macro dispatches on the adapter:
    default__ is the DuckDB form (tested); spark__ is the Spark SQL form (written for the port, not yet
    run here). Add an implementation here rather than writing engine-specific SQL in a model.
-#}

{#- Comment text as compared with seeds/generic_comments.csv: lower-case, trimmed, inner whitespace
    collapsed, trailing punctuation / emoji / symbols stripped. -#}
{% macro normalize_comment_text(text_column) -%}
    {{ return(adapter.dispatch('normalize_comment_text', 'bignoise')(text_column)) }}
{%- endmacro %}

{% macro default__normalize_comment_text(text_column) -%}
    trim(regexp_replace(regexp_replace(lower(trim({{ text_column }})), '\s+', ' ', 'g'), '[^\pL\pN]+$', ''))
{%- endmacro %}

{% macro spark__normalize_comment_text(text_column) -%}
    trim(regexp_replace(regexp_replace(lower(trim({{ text_column }})), '\\s+', ' '), '[^\\p{L}\\p{N}]+$', ''))
{%- endmacro %}

{#- True when the text has at least one letter or digit (any script). -#}
{% macro has_letter_or_digit(text_column) -%}
    {{ return(adapter.dispatch('has_letter_or_digit', 'bignoise')(text_column)) }}
{%- endmacro %}

{% macro default__has_letter_or_digit(text_column) -%}
    regexp_matches({{ text_column }}, '[\pL\pN]')
{%- endmacro %}

{% macro spark__has_letter_or_digit(text_column) -%}
    ({{ text_column }} rlike '[\\p{L}\\p{N}]')
{%- endmacro %}

{#- One row per element of a list column: `from <relation> as <alias>` followed by this macro's
    output gives the element column `element_name`. -#}
{% macro unnest_list(list_column, element_name) -%}
    {{ return(adapter.dispatch('unnest_list', 'bignoise')(list_column, element_name)) }}
{%- endmacro %}

{% macro default__unnest_list(list_column, element_name) -%}
    cross join unnest({{ list_column }}) as unnested_list({{ element_name }})
{%- endmacro %}

{% macro spark__unnest_list(list_column, element_name) -%}
    lateral view explode({{ list_column }}) unnested_list as {{ element_name }}
{%- endmacro %}

{#- A 64-bit floating-point type, for ratios. dbt.type_float() is 32-bit on DuckDB (FLOAT = REAL),
    which turned scores like 99.7 into 99.699997. -#}
{% macro double_type() -%}
    {{ return(adapter.dispatch('double_type', 'bignoise')()) }}
{%- endmacro %}

{% macro default__double_type() -%}
    double
{%- endmacro %}

{% macro postgres__double_type() -%}
    double precision
{%- endmacro %}
