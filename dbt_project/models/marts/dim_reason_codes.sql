-- Every reason code bignoise writes, what it means and how it is computed: creator reason codes (in
-- mart_creator_authenticity.reason_codes and mart_creator_evidence) with the points they can take, and
-- comment reason codes (in fct_comments.suspicion_reasons).
{%- set rules = var('authenticity') %}
select
    reason_code,
    'creator' as applies_to,
    signal,
    meaning,
    how_computed,
    case signal
        {%- for signal, rule in rules.items() if signal != 'creator_replies' %}
            when '{{ signal }}' then cast({{ rule.weight }} as {{ double_type() }})
        {%- endfor %}
    end as max_points
from {{ ref('creator_reason_codes') }}
union all
select
    reason_code,
    'comment' as applies_to,
    signal,
    meaning,
    case signal
        when 'text' then 'A text rule (seed comment_text_patterns) matches the normalized comment text.'
        else 'A behaviour rule over all loaded comments (docs/metrics.md, "Behaviour reasons").'
    end as how_computed,
    cast(null as {{ double_type() }}) as max_points
from {{ ref('comment_reason_codes') }}
