{#-
    Pseudonymous key of a commenter: a keyed SHA-256, sha256(key || sha256(key || platform || ':' ||
    author_id)), hex. The secret key comes from BIGNOISE_PSEUDONYM_KEY (the pipeline sets it: the
    variable, else the warehouse's own generated key, orchestration/pseudonym.py), so keys cannot be
    recomputed from public author ids. Hashing twice with the key keeps the construction safe from
    length extension, as HMAC does. Without a key the query fails (never a silent default).
-#}
{% macro pseudonym_key() -%}
    {#- The pipeline passes the run's key as BIGNOISE_RUN_PSEUDONYM_KEY; run by hand, set either. -#}
    {{- env_var('BIGNOISE_RUN_PSEUDONYM_KEY', env_var('BIGNOISE_PSEUDONYM_KEY', '')) | replace("'", "''") -}}
{%- endmacro %}

{% macro commenter_key(platform_column, author_id_column) -%}
    {%- if pseudonym_key() == '' -%}
        {{ raise_sql_error('BIGNOISE_PSEUDONYM_KEY is not set: run through bignoise, or set it') }}
    {%- else -%}
        {{ sha256_hex("'" ~ pseudonym_key() ~ "' || " ~ sha256_hex(
            "'" ~ pseudonym_key() ~ "' || " ~ platform_column ~ " || ':' || " ~ author_id_column
        )) }}
    {%- endif -%}
{%- endmacro %}
