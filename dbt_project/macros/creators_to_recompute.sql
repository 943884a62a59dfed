{#- The creators a creator-level comment model computes on this build, with the fingerprint of what
    it reads for each (int_creator_comment_inputs). A full build: every creator with window posts.
    An incremental build: the creators whose fingerprint differs from the one the model's row was
    computed from (`computed_from`), the creators without a row (nothing to compare), and the
    creators with a row but no window posts any more (their fingerprint is null: the row goes).
    The model emits, for each of them, its row or a row with a null `computed_from`, which its
    post_hook deletes: a creator whose rows the model would no longer have loses the old one. -#}
{% macro creators_to_recompute() -%}
    {% if is_incremental() %}
        select
            coalesce(inputs.creator_key, previous.creator_key) as creator_key,
            inputs.comment_inputs_fingerprint
        from {{ ref('int_creator_comment_inputs') }} as inputs
        full outer join {{ this }} as previous
            on inputs.creator_key = previous.creator_key
        where
            previous.creator_key is null
            or inputs.creator_key is null
            or previous.computed_from <> inputs.comment_inputs_fingerprint
    {% else %}
        select
            creator_key,
            comment_inputs_fingerprint
        from {{ ref('int_creator_comment_inputs') }}
    {% endif %}
{%- endmacro %}

{#- The config of a creator-level comment model computed by creator (see creators_to_recompute). -#}
{% macro by_creator_config() -%}
    {{ config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='creator_key',
        on_schema_change='fail',
        post_hook="delete from {{ this }} where computed_from is null"
    ) }}
{%- endmacro %}

{#- How a creator-level comment model joins its results to creators_recomputed: on an incremental
    build a left join, so that a recomputed creator without a result gets a row to delete; on a full
    build an inner join (there is no old row to delete). -#}
{% macro join_results_to_recomputed() -%}
    {% if is_incremental() %}left join{% else %}inner join{% endif %}
{%- endmacro %}
