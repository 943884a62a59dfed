{#-
    Fails once for each (column, row) where one of `columns` is null. Each failing row names its column
    (failing_column; failing_value is the null), so a failure still says which column broke. One test
    per model instead of one not_null per column: dbt's cost is per test (tens of milliseconds each,
    whatever the data), and the model is scanned once for all its columns.

        - columns_not_null:
            name: columns_not_null_<model>
            arguments:
              columns: [post_key, platform]

    The query: the rows with a null in any of the columns are kept first (none when the test passes),
    then paired with each column that is null in them. Measured on DuckDB (15 columns, 3M rows): as
    cheap as a single filter when nothing fails, and half the time of a `union all` of per-column
    filters over one CTE when some rows fail. Portable SQL (a cross join and `case`).
-#}
{% test columns_not_null(model, columns) %}
with rows_with_a_null as (
    select
        {{ columns | join(',\n        ') }}
    from {{ model }}
    where
        {{ columns | join(' is null\n        or ') }} is null
),

checked_columns as (
    {% for column in columns -%}
    {% if not loop.first %}union all
    {% endif %}select '{{ column }}' as failing_column
    {% endfor %}
)

select
    checked_columns.failing_column,
    cast(null as {{ dbt.type_string() }}) as failing_value
from rows_with_a_null
cross join checked_columns
where
    case checked_columns.failing_column
        {% for column in columns -%}
            when '{{ column }}' then rows_with_a_null.{{ column }} is null
        {% endfor -%}
    end
{% endtest %}
