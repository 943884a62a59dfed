"""Tables `posts` (one row per post, with final counts) and `post_snapshots` (one per scrape).

A post's counts grow towards their final values as 1 - exp(-age / tau), so later snapshots never
show less. Bought likes multiply likes only; bots and pods arrive within the first hour, before
the first scrape (>= 2 h after posting), so every snapshot counts them.
"""

from __future__ import annotations

import duckdb

from synthetic.config import GenerationConfig

# At most this many comments per pod member on one post.
POD_ROWS_PER_MEMBER = 5

# Hours for a post to reach ~63% of its final engagement.
_GROWTH_HOURS = "case platform when 'youtube' then 72.0 else 18.0 end"


def create_posts(connection: duckdb.DuckDBPyConnection, config: GenerationConfig) -> None:
    end, history_seconds = config.end_epoch, config.history_days * 86_400
    connection.execute(
        f"""
        create or replace table posts as
        with expanded as (
            select c.*, unnest(range(c.n_posts)) as post_number from creators as c
        ),
        drawn as (
            select *,
                   creator_idx * 64 + post_number as post_idx,
                   {config.start_epoch} + floor(
                       rand_uniform(post_idx, 'posted_at') * ({history_seconds} - 86400)
                   )::bigint as posted_at,
                   rand_uniform(post_idx, 'media') as u_media
            from expanded
        ),
        engaged as (
            select *,
                   case platform
                       when 'instagram' then case when u_media < 0.35 then 'photo'
                           when u_media < 0.6 then 'carousel' else 'reel' end
                       when 'tiktok' then 'video'
                       else case when u_media < 0.6 then 'video' else 'short' end
                   end as media_type,
                   followers_end * (1 - follower_growth * ({end} - posted_at) / {history_seconds})
                       as organic_followers,
                   round(organic_followers * engagement_rate
                         * rand_lognormal(post_idx, 'likes', 0.0, 0.45)
                         * case when media_type in ('reel', 'short') then 1.3 else 1.0 end
                   ) as organic_likes_final,
                   round(organic_likes_final * comment_ratio
                         * rand_lognormal(post_idx, 'comments', 0.0, 0.3)) as fan_comments_final
            from drawn
        )
        select *,
            round(organic_likes_final * likes_multiplier
                  * case when bought_likes then rand_lognormal(post_idx, 'likes_boost', 0.0, 0.1)
                         else 1 end) as likes_final,
            round(fan_comments_final * reply_share) as reply_comments_final,
            case when platform = 'youtube' then null
                 else round(organic_likes_final
                            * case platform when 'tiktok' then 0.08 else 0.03 end
                            * rand_lognormal(post_idx, 'shares', 0.0, 0.4)) end as shares_final,
            case when platform = 'youtube' then null
                 else round(organic_likes_final * 0.05
                            * rand_lognormal(post_idx, 'saves', 0.0, 0.4)) end as saves_final,
            case when media_type in ('photo', 'carousel') then null
                 else round(organic_likes_final
                            * case platform when 'youtube' then 30 when 'tiktok' then 15 else 12 end
                            * rand_lognormal(post_idx, 'views', 0.0, 0.3)) end as views_final,
            {_GROWTH_HOURS} as growth_hours,
            -- Scrapes: the first 2-24 h after posting, then 1-10 and 3-30 days later.
            rand_int(post_idx, 'snapshots', 1, 3) as snapshots_wanted,
            rand_int(post_idx, 'scrape_1', 2 * 3600, 24 * 3600) as scrape_offset_1,
            scrape_offset_1 + rand_int(post_idx, 'scrape_2', 86400, 10 * 86400) as scrape_offset_2,
            scrape_offset_2 + rand_int(post_idx, 'scrape_3', 3 * 86400, 30 * 86400)
                as scrape_offset_3,
            posted_at + case
                when snapshots_wanted >= 3 and posted_at + scrape_offset_3 <= {end}
                    then scrape_offset_3
                when snapshots_wanted >= 2 and posted_at + scrape_offset_2 <= {end}
                    then scrape_offset_2
                else scrape_offset_1 end as last_scraped_at,
            1 - exp(-(last_scraped_at - posted_at) / 3600.0 / growth_hours) as growth_at_last,
            {_comment_rows_sql(config)}
        from engaged
        order by post_idx
        """
    )
    _create_post_details(connection, config)
    _create_post_snapshots(connection, config)


def _comment_rows_sql(config: GenerationConfig) -> str:
    """How many comment rows of each kind the dump holds for the post (see comments.py)."""
    cap = config.comment_rows_cap_per_post
    return f"""
        least({cap}, round(fan_comments_final * growth_at_last * {config.comment_sample_share}))
            ::bigint as fan_rows,
        -- Bot and pod rows are sized against the creator's other rows, to hit their share (pods
        -- skip some posts, so the posts they do comment on carry more).
        fan_rows * (1 + reply_share) as genuine_rows,
        case when bot_comments then least({cap}, round(
            greatest(genuine_rows, 1) * bot_share / (1 - bot_share)
            * rand_lognormal(post_idx, 'bot_rows', 0.0, 0.1)))
            else 0 end::bigint as bot_rows,
        case when engagement_pod
                  and rand_uniform(post_idx, 'pod_post') < {config.pod_post_coverage}
             then least({POD_ROWS_PER_MEMBER} * (pod_size - 1), greatest(1, round(
                greatest(genuine_rows, 1) * pod_share / (1 - pod_share)
                / {config.pod_post_coverage})))
             else 0 end::bigint as pod_rows
    """


def _create_post_details(connection: duckdb.DuckDBPyConnection, config: GenerationConfig) -> None:
    """Ids, captions, hashtags, urls: the descriptive columns, kept apart from the counts."""
    seed = config.seed
    connection.execute(
        f"""
        create or replace table post_details as
        with tagged as (
            select p.post_idx, p.platform, p.handle, p.media_type, n.objects,
                   list_distinct(list_transform(
                       range(rand_int(p.post_idx, 'tag_count', 2, 7)),
                       lambda i: case
                           when rand_uniform(p.post_idx * 16 + i, 'tag_kind') < 0.8
                               then rand_pick(n.hashtags, p.post_idx * 16 + i, 'niche_tag')
                           else rand_pick(words_generic_hashtags(), p.post_idx * 16 + i, 'tag')
                       end
                   )) as hashtags
            from posts as p join niches as n using (niche_index)
        ),
        identified as (
            select *,
                   case platform
                       when 'instagram' then 'C' || left(md5('{seed}:post:' || post_idx), 10)
                       when 'tiktok' then (7300000000000000000 + post_idx * 1000
                                           + rand_int(post_idx, 'pid', 0, 1000 - 1))::varchar
                       else left(md5('{seed}:video:' || post_idx), 11)
                   end as post_id
            from tagged
        )
        select post_idx, post_id, hashtags,
               replace(rand_pick(words_caption_openers(), post_idx, 'caption'), '{{object}}',
                       rand_pick(objects, post_idx, 'caption_object'))
                   || rand_pick(words_emojis(), post_idx, 'caption_emoji') || ' '
                   || array_to_string(list_transform(hashtags, lambda tag: '#' || tag), ' ')
                   as caption,
               case when rand_uniform(post_idx, 'sponsored_known') < 0.05 then null
                    else rand_uniform(post_idx, 'sponsored') < 0.1 end as is_sponsored,
               case platform
                   when 'instagram' then 'https://www.instagram.com/'
                       || case media_type when 'reel' then 'reel' else 'p' end
                       || '/' || post_id || '/'
                   when 'tiktok' then 'https://www.tiktok.com/@' || handle || '/video/' || post_id
                   else case media_type when 'short' then 'https://www.youtube.com/shorts/'
                        else 'https://www.youtube.com/watch?v=' end || post_id
               end as url
        from identified
        order by post_idx
        """
    )


def _create_post_snapshots(connection: duckdb.DuckDBPyConnection, config: GenerationConfig) -> None:
    connection.execute(
        f"""
        create or replace table post_snapshots as
        with scrapes as (
            select p.*, snapshot_number,
                   p.posted_at + case snapshot_number when 1 then scrape_offset_1
                       when 2 then scrape_offset_2 else scrape_offset_3 end as scraped_at
            from posts as p, unnest(range(1, p.snapshots_wanted + 1)) as s(snapshot_number)
        ),
        grown as (
            select *, 1 - exp(-(scraped_at - posted_at) / 3600.0 / growth_hours) as growth
            from scrapes where scraped_at <= {config.end_epoch}
        )
        select g.platform, d.post_id, g.creator_id, g.handle as creator_handle,
               reported_followers(g.creator_idx, g.followers_end, g.follower_growth, g.jump_at,
                                  g.jump_multiplier, g.scraped_at) as creator_followers,
               g.posted_at, g.scraped_at, d.caption, d.hashtags, g.media_type,
               floor(g.likes_final * g.growth)::bigint as likes,
               (floor((g.fan_comments_final + g.reply_comments_final) * g.growth)
                + g.bot_rows + g.pod_rows)::bigint as comments,
               floor(g.shares_final * g.growth)::bigint as shares,
               floor(g.saves_final * g.growth)::bigint as saves,
               floor(g.views_final * g.growth)::bigint as views,
               d.is_sponsored, d.url,
               g.post_idx, g.snapshot_number
        from grown as g join post_details as d using (post_idx)
        order by g.post_idx, g.snapshot_number
        """
    )
