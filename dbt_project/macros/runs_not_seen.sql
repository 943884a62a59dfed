{#- The filter of an append-only model that extends itself by ingestion run (int_comment_snapshots,
    stg_post_hashtags): on an incremental build, only the rows of `alias` whose run_id no row of the
    model holds yet; on a full build, nothing (every row). -#}
{% macro where_run_not_seen(alias) -%}
    {%- if is_incremental() %}
        where not exists (
            select 1
            from (select distinct run_id from {{ this }}) as seen
            where seen.run_id = {{ alias }}.run_id
        )
    {%- endif %}
{%- endmacro %}
