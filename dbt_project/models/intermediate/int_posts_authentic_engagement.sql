-- Each window post's engagements with what was measured as inauthentic taken out (docs/metrics.md,
-- "Authentic engagement"):
-- - likes: on a post whose likes per comment are out of line with the creator's usual
--   (int_posts_like_outliers.is_likes_per_comment_outlier; a views-only outlier keeps its likes),
--   and on every post of a creator whose likes per comment stand above peers (likes_per_comment_peer_z
--   at or above the likes_above_peers start), likes beyond comments x the reference ratio do not count
--   (bought likes). The reference is the creator's median likes per comment over posts not out of
--   line, and for a creator above peers at most the peers' median;
-- - then every interaction left (likes, comments, shares, saves) is scaled by 1 - the creator's
--   suspicious_comment_share (bots, spam, copy-paste, bursts, pods: int_creator_comment_signals).
--   Comments are the only interactions whose authors can be seen, so the inauthentic share of them is
--   the estimate for the anonymous likes, shares and saves of the same posts (pods and bot services
--   like as they comment); for the comments themselves it is exact.
{%- set likes_above_peers_start = var('authenticity').likes_above_peers.start %}
with posts as (
    select
        outliers.post_key,
        outliers.creator_key,
        outliers.likes_per_comment,
        outliers.is_likes_per_comment_outlier,
        window_posts.engagements,
        coalesce(window_posts.likes, 0) as likes,
        coalesce(window_posts.comments, 0) as comments,
        coalesce(enriched.shares, 0) + coalesce(enriched.saves, 0) as shares_and_saves
    from {{ ref('int_posts_like_outliers') }} as outliers
    inner join {{ ref('int_posts_windowed') }} as window_posts
        on outliers.post_key = window_posts.post_key
    inner join {{ ref('int_posts_enriched') }} as enriched
        on outliers.post_key = enriched.post_key
),

usual_ratios as (
    select
        creator_key,
        percentile_cont(0.5) within group (
            order by case when not is_likes_per_comment_outlier and likes_per_comment > 0 then likes_per_comment end
        ) as usual_likes_per_comment
    from posts
    group by creator_key
),

creator_references as (
    select
        usual_ratios.creator_key,
        coalesce(likes.likes_per_comment_peer_z >= {{ likes_above_peers_start }}, false) as is_above_peers,
        case
            when likes.likes_per_comment_peer_z >= {{ likes_above_peers_start }}
                then least(
                    coalesce(usual_ratios.usual_likes_per_comment, likes.peer_likes_per_comment_median),
                    likes.peer_likes_per_comment_median
                )
            else usual_ratios.usual_likes_per_comment
        end as reference_likes_per_comment,
        coalesce(comment_signals.suspicious_comment_share, 0) as suspicious_comment_share
    from usual_ratios
    left join {{ ref('int_creator_like_anomalies') }} as likes
        on usual_ratios.creator_key = likes.creator_key
    left join {{ ref('int_creator_comment_signals') }} as comment_signals
        on usual_ratios.creator_key = comment_signals.creator_key
),

adjusted as (
    select
        posts.post_key,
        posts.creator_key,
        posts.engagements,
        posts.likes,
        posts.comments,
        posts.shares_and_saves,
        case
            when
                (posts.is_likes_per_comment_outlier or creator_references.is_above_peers)
                and posts.comments > 0
                and creator_references.reference_likes_per_comment is not null
                then
                    least(
                        cast(posts.likes as {{ double_type() }}),
                        posts.comments * creator_references.reference_likes_per_comment
                    )
            else cast(posts.likes as {{ double_type() }})
        end as likes_kept,
        creator_references.suspicious_comment_share
    from posts
    inner join creator_references
        on posts.creator_key = creator_references.creator_key
)

select
    post_key,
    creator_key,
    engagements,
    likes,
    comments,
    shares_and_saves,
    likes_kept,
    likes_kept * (1 - suspicious_comment_share) as authentic_likes,
    comments * (1 - suspicious_comment_share) as authentic_comments,
    shares_and_saves * (1 - suspicious_comment_share) as authentic_shares_and_saves,
    (likes_kept + comments + shares_and_saves) * (1 - suspicious_comment_share) as authentic_engagements
from adjusted
