-- Sponsored against organic window posts per creator (docs/metrics.md, "Sponsored lift"):
-- sponsored_er_lift = median er_followers of sponsored window posts / median of organic ones, null
-- without both (or with an organic median of 0). One row per creator with window posts.
with window_posts as (
    select
        window_posts.creator_key,
        window_posts.er_followers,
        sponsorship.is_sponsored_resolved,
        sponsorship.sponsored_source
    from {{ ref('int_posts_windowed') }} as window_posts
    inner join {{ ref('int_posts_sponsorship') }} as sponsorship
        on window_posts.post_key = sponsorship.post_key
),

medians as (
    select
        creator_key,
        count(case when is_sponsored_resolved then 1 end) as sponsored_window_posts,
        count(case when not is_sponsored_resolved then 1 end) as organic_window_posts,
        percentile_cont(0.5) within group (
            order by case when is_sponsored_resolved then er_followers end
        ) as sponsored_er_median,
        percentile_cont(0.5) within group (
            order by case when not is_sponsored_resolved then er_followers end
        ) as organic_er_median,
        {{ dbt.listagg('distinct sponsored_source', "','", 'order by sponsored_source') }} as sponsored_source
    from window_posts
    group by creator_key
)

select
    creator_key,
    sponsored_window_posts,
    organic_window_posts,
    sponsored_er_median,
    organic_er_median,
    sponsored_er_median / nullif(organic_er_median, 0) as sponsored_er_lift,
    sponsored_source
from medians
