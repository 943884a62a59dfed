{#-
    The point in time the marts describe, as a SQL timestamp expression.
    var('as_of') is an ISO timestamp string (a trailing 'Z' is dropped: all timestamps are naive UTC);
    when it is null, the latest scraped_at among the posts (raw.posts and the platform-native shapes'
    posts, macros/native_shapes.sql) is used.
    This is the only place that resolves as_of; downstream models read it from stg_run_parameters.
-#}
{% macro as_of_timestamp() -%}
    {%- set as_of = var('as_of', none) -%}
    {#- Rendered whatever as_of is, so the model's refs (its place in the DAG) do not change with it. -#}
    {%- set latest_scraped -%}
        (select max(all_posts.scraped_at) from ({{ canonical_and_native_rows('posts') }}) as all_posts)
    {%- endset -%}
    {%- if as_of is none or (as_of | string | trim) in ('', 'None', 'null') -%}
        {{ latest_scraped }}
    {%- else -%}
        cast('{{ as_of | string | trim | replace("Z", "") | replace("'", "") }}' as timestamp)
    {%- endif -%}
{%- endmacro %}
