-- Engagement statistics over each creator's window posts. Creators without window posts have no row.
select
    creator_key,
    count(*) as posts_in_window,
    percentile_cont(0.5) within group (order by er_followers) as er_median,
    avg(er_followers) as er_mean,
    percentile_cont(0.5) within group (order by er_likes_comments) as er_likes_comments_median,
    percentile_cont(0.5) within group (order by er_views) as er_views_median,
    percentile_cont(0.5) within group (
        order by cast(likes as {{ double_type() }}) / nullif(comments, 0)
    ) as likes_per_comment_median
from {{ ref('int_posts_windowed') }}
group by creator_key
