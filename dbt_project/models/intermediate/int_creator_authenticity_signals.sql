-- Authenticity signals per creator: the suspicious and pod shares of others' comments on window
-- posts, the largest relative follower jump between close profile snapshots, and the window's
-- likes-per-comment median.
with comments_by_others as (
    select
        flagged_comments.creator_key,
        count(*) as comments_by_others,
        sum(case when flagged_comments.is_generic_text or flagged_comments.is_repeated_text then 1 else 0 end)
            as suspicious_text_comments,
        sum(case when flagged_comments.is_pod_member then 1 else 0 end) as pod_comments
    from {{ ref('int_comments_flagged') }} as flagged_comments
    inner join {{ ref('int_posts_windowed') }} as window_posts
        on flagged_comments.post_key = window_posts.post_key
    where not flagged_comments.is_by_creator
    group by flagged_comments.creator_key
),

profile_steps as (
    select
        creator_key,
        scraped_at,
        followers,
        lag(scraped_at) over (partition by creator_key order by scraped_at) as previous_scraped_at,
        lag(followers) over (partition by creator_key order by scraped_at) as previous_followers
    from {{ ref('stg_profile_snapshots') }}
),

follower_jumps as (
    select
        creator_key,
        max(
            cast(followers - previous_followers as {{ double_type() }}) / nullif(previous_followers, 0)
        ) as max_follower_jump
    from profile_steps
    where
        previous_scraped_at is not null
        and scraped_at <= {{ dbt.dateadd('day', var('follower_spike_max_gap_days'), 'previous_scraped_at') }}
    group by creator_key
)

select
    engagement.creator_key,
    engagement.platform,
    engagement.is_scored,
    coalesce(comments_by_others.comments_by_others, 0) as comments_by_others,
    coalesce(comments_by_others.suspicious_text_comments, 0) as suspicious_text_comments,
    coalesce(comments_by_others.pod_comments, 0) as pod_comments,
    cast(comments_by_others.suspicious_text_comments as {{ double_type() }})
    / nullif(comments_by_others.comments_by_others, 0) as suspicious_comment_share,
    cast(comments_by_others.pod_comments as {{ double_type() }})
    / nullif(comments_by_others.comments_by_others, 0) as pod_comment_share,
    follower_jumps.max_follower_jump,
    engagement.likes_per_comment_median
from {{ ref('int_creator_engagement') }} as engagement
left join comments_by_others
    on engagement.creator_key = comments_by_others.creator_key
left join follower_jumps
    on engagement.creator_key = follower_jumps.creator_key
