{#-
    A model's key is unique and not null, and its other required columns are not null: one test per
    model for what `unique` on the key and columns_not_null checked in two (dbt's cost is per test).

        - key_and_not_null:
            name: key_and_not_null_<model>
            arguments:
              key: post_key
              columns: [post_key, platform]

    The key is checked for nulls whether or not `columns` lists it. Fails once for each (column, row)
    with a null, as columns_not_null does (its rows: failing_column, a null failing_value), and once
    for each key value found on more than one row, as `unique` does (failing_column the key,
    failing_value the duplicated value as text). failing_rule tells them apart: null for a null,
    'duplicated' for a duplicated key value. Nulls in the key are not duplicates (as in `unique`).
-#}
{% test key_and_not_null(model, key, columns=[]) %}
{%- set not_null_columns = [key] + (columns | reject('equalto', key) | list) -%}
with duplicated_keys as (
    select {{ key }} as key_value
    from {{ model }}
    where {{ key }} is not null
    group by {{ key }}
    having count(*) > 1
)

select
    null_rows.failing_column,
    null_rows.failing_value,
    cast(null as {{ dbt.type_string() }}) as failing_rule
from ({{ test_columns_not_null(model, not_null_columns) }}) as null_rows
union all
select
    '{{ key }}' as failing_column,
    cast(key_value as {{ dbt.type_string() }}) as failing_value,
    'duplicated' as failing_rule
from duplicated_keys
{% endtest %}
