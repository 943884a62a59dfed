{#-
    Fails once for each (column, row) whose value is not in that column's accepted values, as dbt's
    accepted_values does for one column (values are compared as quoted text; nulls pass). Each
    failing row names its column and the value (failing_column, failing_value as text), so a
    failure still says which column broke.

        - columns_accepted_values:
            name: columns_accepted_values_<model>
            arguments:
              accepted:
                - {column: followers_source, values: [profile, post]}
                - {column: follower_tier, values: "{{ var('follower_tiers') | map(attribute='name') | list }}"}

    One test per model instead of one accepted_values per column, with the query shape of
    columns_between: the rows with a value not accepted in any column are kept first, then paired
    with each column whose value is not accepted in them. The rule per column is not_accepted
    (macros/data_test_rules.sql).
-#}
{% test columns_accepted_values(model, accepted) %}
with rows_not_accepted as (
    select
        {{ accepted | map(attribute='column') | join(',\n        ') }}
    from {{ model }}
    where
        {% for rule in accepted -%}
            {% if not loop.first %}or {% endif %}({{ not_accepted(rule['column'], rule) }})
        {% endfor %}
),

checked_columns as (
    {% for rule in accepted -%}
    {% if not loop.first %}union all
    {% endif %}select '{{ rule["column"] }}' as failing_column
    {% endfor %}
)

select
    checked_columns.failing_column,
    case checked_columns.failing_column
        {% for rule in accepted -%}
            when '{{ rule["column"] }}'
                then cast(rows_not_accepted.{{ rule['column'] }} as {{ dbt.type_string() }})
        {% endfor -%}
    end as failing_value
from rows_not_accepted
cross join checked_columns
where
    case checked_columns.failing_column
        {% for rule in accepted -%}
            when '{{ rule["column"] }}'
                then {{ not_accepted('rows_not_accepted.' ~ rule['column'], rule) }}
        {% endfor -%}
    end
{% endtest %}
