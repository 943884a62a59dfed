{{ config(
    materialized='incremental',
    incremental_strategy='merge',
    unique_key='comment_key',
    on_schema_change='fail',
    post_hook="delete from {{ this }} where post_key is null"
) }}
{%- set compared_columns = [
    'post_key', 'parent_comment_key', 'commenter_key', 'platform', 'comment_id', 'author_id', 'creator_key',
    'post_creator_id', 'post_posted_at', 'created_at', 'text_normalized', 'minutes_after_post', 'word_count',
    'addresses_creator', 'is_reply', 'is_by_creator', 'is_creator_reply', 'is_low_effort', 'low_effort_reason',
    'is_suspicious', 'has_text_reason', 'behaviour_reasons', 'suspicion_reasons'
] %}
-- The incremental path's inputs, declared so dbt orders the build by them on every path:
-- depends_on: {{ ref('stg_run_parameters') }}, {{ ref('int_dbt_builds') }}, {{ ref('int_comment_snapshots') }}

-- Each comment (latest snapshot) on a known post, with its post's creator, the reply flags and the
-- two verdicts of docs/metrics.md ("Comment signals"), kept apart:
-- is_suspicious (likely inauthentic: the text and behaviour reasons in suspicion_reasons) and
-- is_low_effort (shallow but often genuine: never suspicious on its own).
-- Comments by the post's creator are never suspicious nor low effort. Comments whose post is unknown
-- (not in int_posts_latest) are left out.
-- Incremental (merge on comment_key): a row reads its comment's visible snapshot, its post's creator and
-- time, and its behaviour reasons. A build recomputes only the comments where one of them may have
-- changed: comments int_comment_snapshots added snapshots of in this build, comments with a snapshot
-- between the last build's as_of and this one's (int_dbt_builds: the visible snapshot moved with as_of),
-- comments whose behaviour reasons differ from the stored ones, and the comments of posts whose creator
-- or time differ from the stored ones or that are new or gone. Of those, only rows that differ are
-- merged; a comment no longer visible is sent without a post_key, which the post_hook deletes.
with
{% if is_incremental() %}
    stored_posts as (
        select distinct
            stored.post_key,
            stored.creator_key,
            stored.post_creator_id,
            stored.post_posted_at
        from {{ this }} as stored
    ),

    -- Posts new, gone or with another creator or time than the stored rows read (posts without
    -- comments count as new: looking up their comments costs little).
    changed_posts as (
        select coalesce(posts.post_key, stored_posts.post_key) as post_key
        from {{ ref('int_posts_latest') }} as posts
        full outer join stored_posts
            on posts.post_key = stored_posts.post_key
        where
            posts.post_key is null
            or stored_posts.post_key is null
            or posts.creator_key is distinct from stored_posts.creator_key
            or posts.creator_id is distinct from stored_posts.post_creator_id
            or posts.posted_at is distinct from stored_posts.post_posted_at
    ),

    touched_comments as (
        {{ comments_with_new_or_moved_snapshots() }}
        union
        -- Behaviour reasons that differ from the stored ones ('' and none are the same: no reason).
        select coalesce(behaviour.comment_key, stored.comment_key) as comment_key
        from (
            select
                signals.comment_key,
                signals.behaviour_reasons
            from {{ ref('int_comments_behaviour_signals') }} as signals
            where signals.behaviour_reasons <> ''
        ) as behaviour
        full outer join (
            select
                flagged.comment_key,
                flagged.behaviour_reasons
            from {{ this }} as flagged
            where flagged.behaviour_reasons <> ''
        ) as stored
            on behaviour.comment_key = stored.comment_key
        where behaviour.behaviour_reasons is distinct from stored.behaviour_reasons
        union
        select stored.comment_key
        from {{ this }} as stored
        where stored.post_key in (select changed_posts.post_key from changed_posts)
    ),
{% endif %}

-- The comments read: on an incremental build only those that may have changed (above), before the join.
candidate_comments as (
    select latest_comments.*
    from {{ ref('int_comments_latest') }} as latest_comments
    {% if is_incremental() %}
        where
            latest_comments.comment_key in (select touched_comments.comment_key from touched_comments)
            or latest_comments.post_key in (select changed_posts.post_key from changed_posts)
    {% endif %}
),

comments as (
    select
        latest_comments.comment_key,
        latest_comments.post_key,
        latest_comments.parent_comment_key,
        latest_comments.commenter_key,
        latest_comments.platform,
        latest_comments.comment_id,
        latest_comments.author_id,
        latest_comments.text_normalized,
        latest_comments.text_reasons,
        latest_comments.is_low_effort,
        latest_comments.low_effort_reason,
        latest_comments.word_count,
        latest_comments.addresses_creator,
        latest_comments.created_at,
        posts.creator_key,
        posts.creator_id as post_creator_id,
        posts.posted_at as post_posted_at,
        latest_comments.parent_comment_key is not null as is_reply,
        -- A comment without a named author (TikTok Research API) is not the creator's.
        coalesce(latest_comments.author_id = posts.creator_id, false) as is_by_creator
    from candidate_comments as latest_comments
    inner join {{ ref('int_posts_latest') }} as posts
        on latest_comments.post_key = posts.post_key
),

with_signals as (
    select
        comments.comment_key,
        comments.post_key,
        comments.parent_comment_key,
        comments.commenter_key,
        comments.platform,
        comments.comment_id,
        comments.author_id,
        comments.creator_key,
        comments.post_creator_id,
        comments.post_posted_at,
        comments.created_at,
        comments.text_normalized,
        comments.is_reply,
        comments.is_by_creator,
        {{ dbt.datediff('comments.post_posted_at', 'comments.created_at', 'minute') }}
            as minutes_after_post,
        comments.word_count,
        comments.addresses_creator,
        case when not comments.is_by_creator then comments.is_low_effort else false end as is_low_effort,
        case when not comments.is_by_creator then comments.low_effort_reason end as low_effort_reason,
        not comments.is_by_creator and coalesce(comments.text_reasons, '') <> '' as has_text_reason,
        coalesce(behaviour.behaviour_reasons, '') as behaviour_reasons,
        case
            when not comments.is_by_creator
                then concat_ws(',', nullif(comments.text_reasons, ''), nullif(behaviour.behaviour_reasons, ''))
            else ''
        end as suspicion_reasons
    from comments
    left join {{ ref('int_comments_behaviour_signals') }} as behaviour
        on comments.comment_key = behaviour.comment_key
),

flagged as (
    select
        comment_key,
        post_key,
        parent_comment_key,
        commenter_key,
        platform,
        comment_id,
        author_id,
        creator_key,
        post_creator_id,
        post_posted_at,
        created_at,
        text_normalized,
        minutes_after_post,
        word_count,
        addresses_creator,
        is_reply,
        is_by_creator,
        is_reply and is_by_creator as is_creator_reply,
        coalesce(is_low_effort, false) as is_low_effort,
        low_effort_reason,
        coalesce(suspicion_reasons, '') <> '' as is_suspicious,
        has_text_reason,
        behaviour_reasons,
        coalesce(suspicion_reasons, '') as suspicion_reasons,
        '{{ invocation_id }}' as computed_by_invocation
    from with_signals
)

{% if is_incremental() %}
    -- Only the recomputed rows that differ from the stored ones are merged.
    select flagged.*
    from flagged
    left join {{ this }} as stored
        on flagged.comment_key = stored.comment_key
    where
        stored.comment_key is null
        {%- for column in compared_columns %}
            or flagged.{{ column }} is distinct from stored.{{ column }}
        {%- endfor %}
    union all
    -- Comments no longer visible (their post unknown now, or scraped after as_of): sent without a
    -- post_key, so the post_hook deletes their rows.
    select
        stored.comment_key,
        {%- for column in compared_columns %}
            {%- if column == 'post_key' %}
                cast(null as {{ dbt.type_string() }}) as post_key,
            {%- else %}
                stored.{{ column }},
            {%- endif %}
        {%- endfor %}
        '{{ invocation_id }}' as computed_by_invocation
    from {{ this }} as stored
    where
        stored.comment_key in (select touched_comments.comment_key from touched_comments)
        and stored.comment_key not in (select flagged.comment_key from flagged)
{% else %}
    select * from flagged
{% endif %}
