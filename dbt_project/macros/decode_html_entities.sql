{#- The HTML entities that scraped comment text carries ("&amp;", "&lt;", "&#39;" ...) decoded.
    Plain replace() calls: the same on every engine. -#}
{% macro decode_html_entities(text_column) -%}
    {%- set ns = namespace(text=text_column) -%}
    {%- for entity, character in [
        ('&lt;', '<'), ('&gt;', '>'), ('&quot;', '"'), ('&#34;', '"'), ('&#39;', "''"),
        ('&#x27;', "''"), ('&apos;', "''"), ('&nbsp;', ' '), ('&amp;', '&')
    ] -%}
        {%- set ns.text = "replace(" ~ ns.text ~ ", '" ~ entity ~ "', '" ~ character ~ "')" -%}
    {%- endfor -%}
    {{ ns.text }}
{%- endmacro %}
