{#- The order that makes a comment's latest snapshot rank first, for row_number() over
    (partition by comment_key order by ...): snapshots without scraped_at last, then the latest
    scrape, the latest load, the last source file and line. One definition for the two models
    that rank snapshots (int_comments_latest_loaded, and int_comments_latest for a past as_of). -#}
{% macro latest_comment_snapshot_first(alias) -%}
    case when {{ alias }}.scraped_at is null then 1 else 0 end,
    {{ alias }}.scraped_at desc,
    {{ alias }}.loaded_at desc,
    {{ alias }}.source_file desc,
    {{ alias }}.source_line desc
{%- endmacro %}
