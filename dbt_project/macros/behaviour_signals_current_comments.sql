{#-
    For int_comments_behaviour_signals' incremental builds: the comments now, of the authors or pairs
    that `join` (SQL joining the alias current_comments) selects, without reading every comment again.
    A comment unchanged since the last build is that model's own row ({{ this }}: it keeps what its
    reasons were computed from, and the reasons, as previous_*); a new or changed one is its row in the
    model's `changes` CTE (no previous reasons: it is always merged). Comments gone are in neither.
-#}
{% macro behaviour_signals_current_comments(join) -%}
    {%- set columns = [
        'comment_key', 'post_key', 'platform', 'author_id', 'text_letters', 'text_fingerprint',
        'created_at', 'post_creator_id'
    ] -%}
    select
        {% for column in columns %}current_comments.{{ column }},
        {% endfor -%}
        current_comments.behaviour_reasons as previous_behaviour_reasons,
        current_comments.is_farm_text_repeat as previous_is_farm_text_repeat
    from {{ this }} as current_comments
    {{ join }}
    left join changes
        on current_comments.comment_key = changes.comment_key
    where changes.comment_key is null
    union all
    select
        {% for column in columns %}current_comments.{{ column }},
        {% endfor -%}
        cast(null as {{ dbt.type_string() }}) as previous_behaviour_reasons,
        cast(null as boolean) as previous_is_farm_text_repeat
    from changes as current_comments
    {{ join }}
    where not current_comments.is_gone
{%- endmacro %}
