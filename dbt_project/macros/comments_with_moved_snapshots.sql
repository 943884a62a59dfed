{#- For the incremental comment models (int_comments_behaviour_signals, int_comments_flagged): the
    comments whose visible snapshot may differ from the last build's. Those int_comment_snapshots
    added snapshots of in this build, and those with a snapshot between the last build's as_of and
    this one's (int_dbt_builds: the visible snapshot moved with as_of). Without a last build on
    record, every snapshot counts as between. A comment may be listed more than once. The model
    declares `-- depends_on:` int_comment_snapshots, int_dbt_builds and stg_run_parameters (refs
    read only on an incremental build are not seen when dbt orders the build). -#}
{% macro comments_with_new_or_moved_snapshots() -%}
    select snapshots.comment_key
    from {{ ref('int_comment_snapshots') }} as snapshots
    cross join (
        select
            least(
                coalesce(previous_build.as_of, cast('0001-01-01' as {{ dbt.type_timestamp() }})),
                run_parameters.as_of
            ) as moved_after,
            greatest(
                coalesce(previous_build.as_of, cast('9999-12-31' as {{ dbt.type_timestamp() }})),
                run_parameters.as_of
            ) as moved_up_to
        from {{ ref('stg_run_parameters') }} as run_parameters
        left join (
            select builds.as_of
            from {{ ref('int_dbt_builds') }} as builds
            where builds.invocation_id <> '{{ invocation_id }}'
            order by builds.built_at desc
            limit 1
        ) as previous_build on true
    ) as as_of_moves
    where
        snapshots.added_by_invocation = '{{ invocation_id }}'
        or (
            coalesce(snapshots.scraped_at, snapshots.created_at) > as_of_moves.moved_after
            and coalesce(snapshots.scraped_at, snapshots.created_at) <= as_of_moves.moved_up_to
        )
{%- endmacro %}
