{#-
    The text rules of seeds/comment_text_patterns.csv as one SQL expression: the comma-separated
    reason codes whose patterns match (empty when none does). The seed is read when the model runs,
    so a user extends the rules by adding rows, without code; the patterns of one reason code are
    joined into one regular expression, so each comment is scanned once per reason code, not once
    per pattern. A model calling this must declare `-- depends_on: {{ ref('comment_text_patterns') }}`, so
    that the seed is built first.
-#}
{% macro comment_text_reasons(text_column, letters_column) -%}
    {%- set conditions = {} -%}
    {%- if execute -%}
        {#- The seed's table named directly, not through ref(): a dbt unit test swaps ref() for its
            fixture rows, and the rules tested must still be the real seed's. -#}
        {%- set seed_relation = api.Relation.create(
            database=target.database,
            schema=generate_schema_name('seeds', none),
            identifier='comment_text_patterns'
        ) -%}
        {%- if adapter.get_relation(seed_relation.database, seed_relation.schema, seed_relation.identifier) is none -%}
            {#- Not built yet (a model run without its seed, or a linter compiling offline): fail at query
                time with a clear message rather than silently run without rules. -#}
            {{ return(raise_sql_error("seed comment_text_patterns is not built: run dbt seed or dbt build first")) }}
        {%- endif -%}
        {%- set patterns = run_query(
            "select reason_code, match_on, pattern from " ~ seed_relation
            ~ " order by reason_code, match_on, pattern"
        ) -%}
        {%- for reason_code in patterns.columns['reason_code'].values() | unique -%}
            {%- set tests = [] -%}
            {%- for match_on, column in [('text', text_column), ('letters', letters_column)] -%}
                {%- set alternatives = [] -%}
                {%- for row in patterns.rows
                    if row['reason_code'] == reason_code and row['match_on'] == match_on -%}
                    {%- do alternatives.append('(?:' ~ row['pattern'] ~ ')') -%}
                {%- endfor -%}
                {%- if alternatives -%}
                    {%- do tests.append(regex_matches(column, alternatives | join('|'))) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- do conditions.update({reason_code: tests | join(' or ')}) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if conditions -%}
        concat_ws(
            ','
            {%- for reason_code, condition in conditions.items() %},
            case when {{ condition }} then '{{ reason_code }}' end
            {%- endfor %}
        )
    {%- else -%}
        cast('' as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}
