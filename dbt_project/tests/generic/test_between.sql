{#-
    Fails for each row whose value lies outside [min_value, max_value] (bounds inclusive; either may be
    omitted). Nulls pass: combine with not_null when needed.
-#}
{% test between(model, column_name, min_value=none, max_value=none) %}
select {{ column_name }} as out_of_range_value
from {{ model }}
where
    {{ column_name }} is not null
    and (
        false
        {%- if min_value is not none %} or {{ column_name }} < {{ min_value }}{% endif %}
        {%- if max_value is not none %} or {{ column_name }} > {{ max_value }}{% endif %}
    )
{% endtest %}
