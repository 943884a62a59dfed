-- Each window post's likes per comment and views per like against its creator's own lower quartile of
-- those ratios over window posts (the creator's baseline: the lower quartile, so that likes bought for
-- most, not all, posts do not become the creator's "normal"). is_like_outlier: either ratio exceeds
-- like_outlier_factor x the baseline (likes or views bought for this post; a viral post lifts likes,
-- comments and views together, so its ratios stay normal). Baselines are read on positive ratios only:
-- a post showing 0 likes (hidden like counts) says nothing about the creator's usual ratio.
with window_posts as (
    select
        post_key,
        creator_key,
        likes,
        comments,
        cast(likes as {{ double_type() }}) / nullif(comments, 0) as likes_per_comment,
        cast(views as {{ double_type() }}) / nullif(likes, 0) as views_per_like
    from {{ ref('int_posts_windowed') }}
),

own_baselines as (
    select
        creator_key,
        percentile_cont(0.25) within group (
            order by case when likes_per_comment > 0 then likes_per_comment end
        ) as likes_per_comment_p25,
        percentile_cont(0.25) within group (
            order by case when views_per_like > 0 then views_per_like end
        ) as views_per_like_p25
    from window_posts
    group by creator_key
)

select
    window_posts.post_key,
    window_posts.creator_key,
    window_posts.likes,
    window_posts.comments,
    window_posts.likes_per_comment,
    window_posts.views_per_like,
    own_baselines.likes_per_comment_p25,
    own_baselines.views_per_like_p25,
    coalesce(
        window_posts.likes_per_comment > {{ var('like_outlier_factor') }} * own_baselines.likes_per_comment_p25,
        false
    ) as is_likes_per_comment_outlier,
    coalesce(
        window_posts.views_per_like > {{ var('like_outlier_factor') }} * own_baselines.views_per_like_p25,
        false
    ) as is_views_per_like_outlier,
    coalesce(
        window_posts.likes_per_comment > {{ var('like_outlier_factor') }} * own_baselines.likes_per_comment_p25
        or window_posts.views_per_like > {{ var('like_outlier_factor') }} * own_baselines.views_per_like_p25,
        false
    ) as is_like_outlier
from window_posts
inner join own_baselines
    on window_posts.creator_key = own_baselines.creator_key
