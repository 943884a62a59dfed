{#-
    The model has exactly as many rows as `source`: a guard for a model that is a projection of
    another row for row (fct_comments of int_comments_flagged), so that the key and not-null tests on
    the source also hold for it. A join that repeats rows or a filter that drops some fails it.
    Cheaper than testing the key again on millions of rows: two counts.

        - as_many_rows_as:
            arguments:
              source: ref('int_comments_flagged')

    Fails with one row (the two counts) when they differ.
-#}
{% test as_many_rows_as(model, source) %}
with counts as (
    select
        (select count(*) from {{ model }}) as model_rows,
        (select count(*) from {{ source }}) as source_rows
)

select
    counts.model_rows,
    counts.source_rows
from counts
where counts.model_rows <> counts.source_rows
{% endtest %}
