{#-
    Pseudonymous key of a commenter: md5(salt || platform || ':' || author_id).
    The salt comes from BIGNOISE_PSEUDONYM_SALT (a local-development default otherwise); set a
    secret salt in production so keys cannot be recomputed from public author ids.
-#}
{% macro pseudonym_salt() -%}
    {{- env_var('BIGNOISE_PSEUDONYM_SALT', 'bignoise-local-dev-salt') | replace("'", "''") -}}
{%- endmacro %}

{% macro commenter_key(platform_column, author_id_column) -%}
    md5('{{ pseudonym_salt() }}' || {{ platform_column }} || ':' || {{ author_id_column }})
{%- endmacro %}
