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

    written_by (optional): the column in which an incremental model stamps each row with the dbt build
    that wrote it (its invocation_id). Then only the rows the latest build in int_dbt_builds wrote
    (or with no stamp) are checked for nulls, and only their keys for duplicates, every row of those
    keys counted: a row an earlier build wrote passed this test in that build, and a duplicate pair
    has at least one row written since. That holds because a build whose tests fail is followed by a
    full refresh (orchestration/incremental_state.py: the record of a finished build is removed
    before every build, and by `bignoise dbt` commands that may write models), which stamps every
    row again. On a 4.5M-row table changed by 1 % it reads two columns instead of grouping every key.
    After a failed build a `dbt test` by hand reads only what that build wrote (maybe nothing): the
    next pipeline build, a full refresh, checks every row.
-#}
{% test key_and_not_null(model, key, columns=[], written_by=none) %}
{%- set not_null_columns = [key] + (columns | reject('equalto', key) | list) -%}
{%- if written_by %}
{%- set not_null_columns = not_null_columns + ([written_by] if written_by not in not_null_columns else []) -%}
{%- set checked_rows -%}
    (
        select *
        from {{ model }}
        where {{ written_by }} is null
            or {{ written_by }} in (
                select builds.invocation_id
                from {{ ref('int_dbt_builds') }} as builds
                where builds.built_at = (select max(all_builds.built_at) from {{ ref('int_dbt_builds') }} as all_builds)
            )
    ) as written_rows
{%- endset %}
{%- endif %}
with duplicated_keys as (
    select {{ key }} as key_value
    from {{ model }}
    where {{ key }} is not null
    {%- if written_by %}
        and {{ key }} in (select written_rows.{{ key }} from {{ checked_rows }})
    {%- endif %}
    group by {{ key }}
    having count(*) > 1
)

select
    null_rows.failing_column,
    null_rows.failing_value,
    cast(null as {{ dbt.type_string() }}) as failing_rule
from ({{ test_columns_not_null(checked_rows if written_by else model, not_null_columns) }}) as null_rows
union all
select
    '{{ key }}' as failing_column,
    cast(key_value as {{ dbt.type_string() }}) as failing_value,
    'duplicated' as failing_rule
from duplicated_keys
{% endtest %}
