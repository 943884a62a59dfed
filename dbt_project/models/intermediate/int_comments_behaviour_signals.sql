{{ config(
    materialized='incremental',
    incremental_strategy='merge',
    unique_key='comment_key',
    on_schema_change='fail',
    post_hook="delete from {{ this }} where behaviour_reasons is null"
) }}
{%- set stored_columns = [
    'comment_key', 'post_key', 'platform', 'author_id', 'text_letters', 'text_fingerprint', 'created_at',
    'post_creator_id', 'is_farm_text_repeat', 'behaviour_reasons', 'computed_by_invocation'
] %}

-- How each comment's author behaves across the data set (docs/metrics.md, "Comment signals"): one
-- row per comment by someone other than the post's creator, on a known post, with the behaviour
-- reasons copy_paste, burst, prolific_commenter and pod. All set-based: groups and window counts.
-- Each row also keeps what its reasons were computed from (the comment's author, post, creator, text
-- and time), so that the next build can tell what changed.
-- Incremental (merge on comment_key): a build compares the comments with what the last build
-- computed from, and recomputes every comment of the authors whose reasons may differ: the authors
-- of comments new, changed or gone (a later snapshot, as_of moved, a post now known); the creators
-- those comments are under (a pod is two accounts commenting on each other); and the accounts that
-- repeated a long text those authors write or wrote (a farm text is counted across accounts, from
-- what the last build kept for the accounts not recomputed). A comment gone since the last build is
-- sent as a row without reasons, which the post_hook deletes. Of the recomputed rows only those that
-- differ from the last build's are merged. Every other row is kept as it is: its reasons read only its
-- author's comments, the farm counts of its texts and its pod partners' comments, none of which changed.
-- What may have changed is looked for only where it can: the comments with a snapshot new in this build
-- or moved with as_of, and the comments of posts new, gone or with another creator. Every other comment
-- reads what it read last time (a reading of a text changes only with the project: a full refresh).
-- The incremental path's inputs, declared so dbt orders the build by them on every path:
-- depends_on: {{ ref('stg_run_parameters') }}, {{ ref('int_dbt_builds') }}, {{ ref('int_comment_snapshots') }}
with
{% if is_incremental() %}
    touched_comments as (
        {{ comments_with_new_or_moved_snapshots() }}
    ),

    -- Posts new, gone or with another creator than the stored rows read (posts without comments by
    -- others count as new: looking up their comments costs little).
    changed_posts as (
        select coalesce(posts.post_key, stored_posts.post_key) as post_key
        from {{ ref('int_posts_latest') }} as posts
        full outer join (
            select distinct
                stored.post_key,
                stored.post_creator_id
            from {{ this }} as stored
        ) as stored_posts
            on posts.post_key = stored_posts.post_key
        where
            posts.post_key is null
            or stored_posts.post_key is null
            or posts.creator_id is distinct from stored_posts.post_creator_id
    ),

    -- The stored rows of those comments: the only ones that can be gone or differ.
    previous_touched as (
        select stored.*
        from {{ this }} as stored
        where
            stored.comment_key in (select touched_comments.comment_key from touched_comments)
            or stored.post_key in (select changed_posts.post_key from changed_posts)
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
        latest_comments.platform,
        latest_comments.author_id,
        latest_comments.text_letters,
        -- What "the same comment" means: its letters and digits, or for a text without any (emoji),
        -- the normalized text itself.
        case
            when latest_comments.text_letters <> '' then latest_comments.text_letters
            else latest_comments.text_normalized
        end as text_fingerprint,
        latest_comments.created_at,
        posts.creator_id as post_creator_id
    from candidate_comments as latest_comments
    inner join {{ ref('int_posts_latest') }} as posts
        on latest_comments.post_key = posts.post_key
    where latest_comments.author_id <> posts.creator_id
),

{% if is_incremental() %}
    -- Comments new, changed in anything a reason reads, or gone since the last build, with their new
    -- values and the old ones a reason read (among the comments above that may have changed): the rest
    -- of the build reads the unchanged comments from this model's own rows (what the last build
    -- computed from).
    changes as (
        select
            coalesce(comments.comment_key, previous.comment_key) as comment_key,
            comments.comment_key is null as is_gone,
            comments.post_key,
            comments.platform,
            comments.author_id,
            comments.text_letters,
            comments.text_fingerprint,
            comments.created_at,
            comments.post_creator_id,
            previous.platform as previous_platform,
            previous.author_id as previous_author_id,
            previous.post_creator_id as previous_post_creator_id,
            previous.text_letters as previous_text_letters
        from comments
        full outer join previous_touched as previous
            on comments.comment_key = previous.comment_key
        where
            comments.comment_key is null
            or previous.comment_key is null
            or comments.post_key <> previous.post_key
            or comments.platform <> previous.platform
            or comments.author_id <> previous.author_id
            or comments.post_creator_id <> previous.post_creator_id
            or comments.text_letters is distinct from previous.text_letters
            or comments.text_fingerprint is distinct from previous.text_fingerprint
            or comments.created_at is distinct from previous.created_at
    ),

    changed_authors as (
        select
            platform,
            author_id
        from changes
        where author_id is not null
        union
        select
            previous_platform as platform,
            previous_author_id as author_id
        from changes
        where previous_author_id is not null
    ),

    -- The long texts (farm candidates) the changed authors write now or wrote before.
    farm_texts_touched as (
        select
            previous.platform,
            previous.text_letters
        from {{ this }} as previous
        inner join changed_authors
            on
                previous.platform = changed_authors.platform
                and previous.author_id = changed_authors.author_id
        where length(previous.text_letters) >= {{ var('farm_text_min_letters') }}
        union
        select
            platform,
            text_letters
        from changes
        where length(text_letters) >= {{ var('farm_text_min_letters') }}
    ),

    previous_farm_text_repeats as (
        select distinct
            platform,
            author_id,
            text_letters
        from {{ this }}
        where is_farm_text_repeat
    ),

    -- The authors whose reasons are recomputed (see the top of this file).
    affected_authors as (
        select
            platform,
            author_id
        from changed_authors
        union
        select
            platform,
            post_creator_id as author_id
        from changes
        where post_creator_id is not null
        union
        select
            previous_platform as platform,
            previous_post_creator_id as author_id
        from changes
        where previous_post_creator_id is not null
        union
        select
            previous_farm_text_repeats.platform,
            previous_farm_text_repeats.author_id
        from previous_farm_text_repeats
        inner join farm_texts_touched
            on
                previous_farm_text_repeats.platform = farm_texts_touched.platform
                and previous_farm_text_repeats.text_letters = farm_texts_touched.text_letters
    ),
{% endif %}

-- The comments whose reasons this build computes: every comment of the affected authors, each with the
-- reasons the last build gave it (none for a new or changed one); on a full build, every comment.
scoped_comments as (
    {% if is_incremental() %}
        {{ behaviour_signals_current_comments(
            'inner join affected_authors on current_comments.platform = affected_authors.platform'
            ~ ' and current_comments.author_id = affected_authors.author_id'
        ) }}
    {% else %}
        select
            comments.*,
            cast(null as {{ dbt.type_string() }}) as previous_behaviour_reasons,
            cast(null as boolean) as previous_is_farm_text_repeat
        from comments
    {% endif %}
),

-- One account posting the same comment again and again: a text (at least copy_paste_min_letters
-- letters and digits) under posts of several creators, or any text, emoji included, under many posts.
texts_repeated_by_author as (
    select
        platform,
        author_id,
        text_fingerprint
    from scoped_comments
    where text_fingerprint <> ''
    group by platform, author_id, text_fingerprint
    having
        (
            count(distinct post_creator_id) >= {{ var('copy_paste_min_creators') }}
            and max(length(text_letters)) >= {{ var('copy_paste_min_letters') }}
        )
        or count(distinct post_key) >= {{ var('copy_paste_min_posts') }}
),

-- (author, creator commented on) with the number of the creator's posts the author commented on.
commenting_pairs as (
    select
        platform,
        author_id,
        post_creator_id,
        count(distinct post_key) as posts_commented
    from scoped_comments
    group by platform, author_id, post_creator_id
),

-- How many creators each author commented on (one pass over the pairs, not over every comment).
authors as (
    select
        platform,
        author_id,
        count(*) as creators_commented
    from commenting_pairs
    group by platform, author_id
),

accounts_across_creators as (
    select
        platform,
        author_id
    from authors
    where creators_commented >= 2
),

-- Bot farms: a longer text that several accounts each posted under two or more posts, accounts
-- that comment under more than one creator. Only those accounts are flagged: a fan who wrote the same
-- words once, or a super-fan repeating a phrase under one favourite creator's posts, is no farm.
-- farm_text_repeats: (account, text) where the account, commenting under two or more creators,
-- posted the long text under two or more posts.
farm_text_repeats as (
    select
        repeated.platform,
        repeated.author_id,
        repeated.text_letters
    from (
        select
            platform,
            author_id,
            text_letters
        from scoped_comments
        where length(text_letters) >= {{ var('farm_text_min_letters') }}
        group by platform, author_id, text_letters
        having count(distinct post_key) >= 2
    ) as repeated
    inner join accounts_across_creators
        on
            repeated.platform = accounts_across_creators.platform
            and repeated.author_id = accounts_across_creators.author_id
),

-- Every account's repeats: this build's, and the last build's for the accounts not recomputed.
all_farm_text_repeats as (
    select
        platform,
        author_id,
        text_letters
    from farm_text_repeats
    {% if is_incremental() %}
        union all
        select
            previous_farm_text_repeats.platform,
            previous_farm_text_repeats.author_id,
            previous_farm_text_repeats.text_letters
        from previous_farm_text_repeats
        left join affected_authors
            on
                previous_farm_text_repeats.platform = affected_authors.platform
                and previous_farm_text_repeats.author_id = affected_authors.author_id
        where affected_authors.author_id is null
    {% endif %}
),

farm_texts as (
    select
        platform,
        text_letters
    from all_farm_text_repeats
    group by platform, text_letters
    having count(*) >= {{ var('farm_min_authors') }}
),

authors_on_many_creators as (
    select
        platform,
        author_id
    from authors
    where creators_commented >= {{ var('prolific_commenter_min_creators') }}
),

-- The other direction of each pair: comments by the creators the scoped authors commented on, under
-- those authors' posts.
partner_pairs as (
    {% if is_incremental() %}
        select
            partner_comments.platform,
            partner_comments.author_id,
            partner_comments.post_creator_id,
            count(distinct partner_comments.post_key) as posts_commented
        from (
            {{ behaviour_signals_current_comments(
                'inner join (select distinct platform, post_creator_id from commenting_pairs) as partners'
                ~ ' on current_comments.platform = partners.platform'
                ~ ' and current_comments.author_id = partners.post_creator_id'
                ~ ' inner join affected_authors on current_comments.platform = affected_authors.platform'
                ~ ' and current_comments.post_creator_id = affected_authors.author_id'
            ) }}
        ) as partner_comments
        group by partner_comments.platform, partner_comments.author_id, partner_comments.post_creator_id
    {% else %}
        select * from commenting_pairs
    {% endif %}
),

-- Creators who each commented on at least pod_min_posts of the other's posts: an engagement pod.
reciprocal_pairs as (
    select
        pairs.platform,
        pairs.author_id,
        pairs.post_creator_id
    from commenting_pairs as pairs
    inner join partner_pairs as reverse_pairs
        on
            pairs.platform = reverse_pairs.platform
            and pairs.author_id = reverse_pairs.post_creator_id
            and pairs.post_creator_id = reverse_pairs.author_id
    where
        pairs.posts_commented >= {{ var('pod_min_posts') }}
        and reverse_pairs.posts_commented >= {{ var('pod_min_posts') }}
),

bursts as (
    select
        comment_key,
        count(*) over (
            partition by platform, author_id
            order by created_at
            range between interval '{{ var("burst_seconds") }}' second preceding
            and interval '{{ var("burst_seconds") }}' second following
        ) as comments_in_burst_window
    from scoped_comments
),

computed as (
    select
        scoped_comments.comment_key,
        scoped_comments.post_key,
        scoped_comments.platform,
        scoped_comments.author_id,
        scoped_comments.text_letters,
        scoped_comments.text_fingerprint,
        scoped_comments.created_at,
        scoped_comments.post_creator_id,
        scoped_comments.previous_behaviour_reasons,
        scoped_comments.previous_is_farm_text_repeat,
        farm_text_repeats.author_id is not null as is_farm_text_repeat,
        concat_ws(
            ',',
            case
                when
                    (farm_text_repeats.author_id is not null and farm_texts.text_letters is not null)
                    or texts_repeated_by_author.text_fingerprint is not null
                    then 'copy_paste'
            end,
            case when bursts.comments_in_burst_window >= {{ var('burst_min_comments') }} then 'burst' end,
            case when authors_on_many_creators.author_id is not null then 'prolific_commenter' end,
            case when reciprocal_pairs.author_id is not null then 'pod' end
        ) as behaviour_reasons,
        '{{ invocation_id }}' as computed_by_invocation
    from scoped_comments
    left join farm_text_repeats
        on
            scoped_comments.platform = farm_text_repeats.platform
            and scoped_comments.author_id = farm_text_repeats.author_id
            and scoped_comments.text_letters = farm_text_repeats.text_letters
    left join farm_texts
        on
            scoped_comments.platform = farm_texts.platform
            and scoped_comments.text_letters = farm_texts.text_letters
    left join texts_repeated_by_author
        on
            scoped_comments.platform = texts_repeated_by_author.platform
            and scoped_comments.author_id = texts_repeated_by_author.author_id
            and scoped_comments.text_fingerprint = texts_repeated_by_author.text_fingerprint
    left join authors_on_many_creators
        on
            scoped_comments.platform = authors_on_many_creators.platform
            and scoped_comments.author_id = authors_on_many_creators.author_id
    left join reciprocal_pairs
        on
            scoped_comments.platform = reciprocal_pairs.platform
            and scoped_comments.author_id = reciprocal_pairs.author_id
            and scoped_comments.post_creator_id = reciprocal_pairs.post_creator_id
    left join bursts
        on scoped_comments.comment_key = bursts.comment_key
)

{% if is_incremental() %}
    -- Only the rows that differ from the last build's are merged (most recomputed rows do not).
    select {{ stored_columns | join(', ') }}
    from computed
    where
        computed.previous_behaviour_reasons is null
        or computed.behaviour_reasons <> computed.previous_behaviour_reasons
        or computed.is_farm_text_repeat <> computed.previous_is_farm_text_repeat
    union all
    -- Comments gone since the last build (their post no longer known, or scraped after as_of): no reasons,
    -- so the post_hook deletes their rows.
    select
        previous.comment_key,
        previous.post_key,
        previous.platform,
        previous.author_id,
        previous.text_letters,
        previous.text_fingerprint,
        previous.created_at,
        previous.post_creator_id,
        false as is_farm_text_repeat,
        cast(null as {{ dbt.type_string() }}) as behaviour_reasons,
        '{{ invocation_id }}' as computed_by_invocation
    from {{ this }} as previous
    inner join changes
        on previous.comment_key = changes.comment_key
    where changes.is_gone
{% else %}
    select {{ stored_columns | join(', ') }} from computed
{% endif %}
