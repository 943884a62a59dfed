-- Example ids behind each creator's signals, for the vetting dossier (mart_creator_evidence): up to
-- five comment ids (the latest) per kind of flagged comment by others on window posts, and up to five
-- post ids of window posts out of line with the creator's usual likes per comment or views per like.
with window_comments as (
    select
        flagged.creator_key,
        flagged.comment_id,
        flagged.created_at,
        flagged.is_suspicious,
        flagged.is_low_effort,
        {{ regex_matches('flagged.suspicion_reasons', '(^|,)pod(,|$)') }} as is_pod
    from {{ ref('int_comments_flagged') }} as flagged
    inner join {{ ref('int_posts_windowed') }} as window_posts
        on flagged.post_key = window_posts.post_key
    where not flagged.is_by_creator
),

examples as (
    {%- for signal, condition in [
        ('suspicious_comments', 'is_suspicious'),
        ('engagement_pod', 'is_pod'),
        ('low_effort_comments', 'is_low_effort and not is_suspicious'),
    ] %}
        select
            creator_key,
            '{{ signal }}' as signal,
            {{ dbt.listagg('comment_id', "','", 'order by created_at desc, comment_id', 5) }} as example_ids
        from window_comments
        where {{ condition }}
        group by creator_key
        union all
    {%- endfor %}
    select
        outliers.creator_key,
        'like_outlier_posts' as signal,
        {{ dbt.listagg(
            'window_posts.post_id', "','", 'order by window_posts.posted_at desc, window_posts.post_id', 5
        ) }}
            as example_ids
    from {{ ref('int_posts_like_outliers') }} as outliers
    inner join {{ ref('int_posts_windowed') }} as window_posts
        on outliers.post_key = window_posts.post_key
    where outliers.is_like_outlier
    group by outliers.creator_key
)

select
    creator_key,
    signal,
    example_ids
from examples
