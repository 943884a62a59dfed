{#-
    The point in time the marts describe, as a SQL timestamp expression.
    var('as_of') is an ISO timestamp string (a trailing 'Z' is dropped: all timestamps are naive UTC);
    when it is null, the latest scraped_at among raw.posts is used.
    This is the only place that resolves as_of; downstream models read it from stg_run_parameters.
-#}
{% macro as_of_timestamp() -%}
    {%- set as_of = var('as_of', none) -%}
    {%- if as_of is none or (as_of | string | trim) in ('', 'None', 'null') -%}
        (select max(scraped_at) from {{ source('raw', 'posts') }})
    {%- else -%}
        cast('{{ as_of | string | trim | replace("Z", "") | replace("'", "") }}' as timestamp)
    {%- endif -%}
{%- endmacro %}
