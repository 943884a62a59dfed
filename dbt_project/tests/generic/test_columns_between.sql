{#-
    Fails once for each (column, row) whose value lies outside that column's [min_value, max_value]
    (bounds inclusive; either may be omitted; a bound may be an expression, such as
    "{{ var('window_posts') }}"). Nulls pass: combine with columns_not_null when needed. Each failing
    row names its column and the offending value (failing_column, failing_value as text), so a failure
    still says which column broke.

        - columns_between:
            name: columns_between_<model>
            arguments:
              ranges:
                - {column: likes, min_value: 0}
                - {column: share, min_value: 0, max_value: 1}

    One test per model instead of one `between` per column, with the query shape of columns_not_null
    (see there why): the rows out of range in any column are kept first, then paired with each column
    out of range in them. The rule per column is outside_bounds (macros/data_test_rules.sql).
-#}
{% test columns_between(model, ranges) %}
with rows_out_of_range as (
    select
        {{ ranges | map(attribute='column') | join(',\n        ') }}
    from {{ model }}
    where
        {% for bounds in ranges -%}
            {% if not loop.first %}or {% endif %}({{ outside_bounds(bounds['column'], bounds) }})
        {% endfor %}
),

checked_columns as (
    {% for bounds in ranges -%}
    {% if not loop.first %}union all
    {% endif %}select '{{ bounds["column"] }}' as failing_column
    {% endfor %}
)

select
    checked_columns.failing_column,
    case checked_columns.failing_column
        {% for bounds in ranges -%}
            when '{{ bounds["column"] }}'
                then cast(rows_out_of_range.{{ bounds['column'] }} as {{ dbt.type_string() }})
        {% endfor -%}
    end as failing_value
from rows_out_of_range
cross join checked_columns
where
    case checked_columns.failing_column
        {% for bounds in ranges -%}
            when '{{ bounds["column"] }}'
                then {{ outside_bounds('rows_out_of_range.' ~ bounds['column'], bounds) }}
        {% endfor -%}
    end
{% endtest %}
