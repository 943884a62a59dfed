"""Tables `posts` (one row per post, with final counts) and `post_snapshots` (one per scrape).

A post's organic counts grow towards their final values as 1 - exp(-age / tau), so later
snapshots never show less. Bought likes (and views) are delivered faster, over a few hours;
pod members like the posts they comment on. A sponsored post's organic engagement is scaled by
its creator's sponsored_engagement_factor (views by less). A snapshot counts the bot, pod and
spam comments created before it, so `post_snapshots` is built after `comments`.
"""

from __future__ import annotations

import duckdb

from synthetic.config import GenerationConfig

# At most this many comments per pod member on one post.
POD_ROWS_PER_MEMBER = 5

# Hours for a post to reach ~63% of its final engagement.
_GROWTH_HOURS = "case platform when 'youtube' then 72.0 else 18.0 end"


def create_posts(connection: duckdb.DuckDBPyConnection, config: GenerationConfig) -> None:
    end, history_seconds = config.end_epoch, config.history_seconds
    like_packages = "[" + ", ".join(str(p) for p in config.like_packages) + "]"
    connection.execute(
        f"""
        create or replace table posts as
        with expanded as (
            select c.*, unnest(range(c.n_posts)) as post_number from creators as c
        ),
        drawn as (
            select *,
                   creator_idx * 64 + post_number as post_idx,
                   has_viral_spike and post_number = 0 as is_viral_post,
                   case when is_viral_post then viral_at
                        else {config.start_epoch} + floor(
                            rand_uniform(post_idx, 'posted_at') * ({history_seconds} - 86400)
                        )::bigint end as posted_at,
                   rand_uniform(post_idx, 'media') as u_media,
                   -- The last post numbers are about the secondary niche (posting times are
                   -- drawn independently, so they spread over the history).
                   case when post_number >= n_posts - secondary_posts then secondary_niche_index
                        else niche_index end as post_niche_index,
                   -- A viral moment is never a paid post, so the two effects stay apart.
                   not is_viral_post
                       and rand_uniform(post_idx, 'sponsored_truth') < sponsored_post_rate
                       as is_sponsored_truth,
                   case when is_sponsored_truth then sponsored_engagement_factor else 1 end
                       as sponsored_factor
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
                   organic_followers(followers_end, follower_growth, viral_at, viral_gain,
                                     viral_seconds, posted_at) as organic_followers,
                   case when is_viral_post then viral_multiplier else 1 end as engagement_boost,
                   round(organic_followers * engagement_rate * engagement_boost
                         * sponsored_factor * rand_lognormal(post_idx, 'likes', 0.0, 0.45)
                         * case when media_type in ('reel', 'short') then 1.3 else 1.0 end
                   ) as organic_likes_final,
                   round(organic_likes_final * comment_ratio
                         * rand_lognormal(post_idx, 'comments', 0.0, 0.3)) as fan_comments_final,
                   bought_likes and rand_uniform(post_idx, 'likes_inflated') < likes_post_share
                       as likes_inflated,
                   engagement_pod and rand_uniform(post_idx, 'pod_post') < pod_post_coverage
                       as pod_commented
            from drawn
        ),
        counted as (
            select *,
                case when not likes_inflated then 0
                     when buys_like_packages then coalesce(list_filter({like_packages},
                         lambda package: package >= organic_likes_final * (likes_multiplier - 1)
                         * rand_lognormal(post_idx, 'likes_boost', 0.0, 0.25))[1],
                         {config.like_packages[-1]})
                     else round(organic_likes_final * (likes_multiplier - 1)
                                * rand_lognormal(post_idx, 'likes_boost', 0.0, 0.25))
                end as bought_likes_final,
                case when pod_commented then pod_size - 1 else 0 end as pod_likes,
                round(fan_comments_final * reply_share) as reply_comments_final,
                case when platform = 'youtube' then null
                     else round(organic_likes_final
                                * case platform when 'tiktok' then 0.08 else 0.03 end
                                * rand_lognormal(post_idx, 'shares', 0.0, 0.4)) end
                    as shares_final,
                case when platform = 'youtube' then null
                     else round(organic_likes_final * 0.05
                                * rand_lognormal(post_idx, 'saves', 0.0, 0.4)) end as saves_final,
                case when media_type in ('photo', 'carousel') then null
                     else round(organic_likes_final
                                * case platform when 'youtube' then 30 when 'tiktok' then 15
                                       else 12 end
                                -- views follow a paid post's engagement only part of the way
                                * pow(sponsored_factor, {config.sponsored_views_exponent} - 1)
                                * rand_lognormal(post_idx, 'views', 0.0, 0.3)) end as views_final,
                likes_inflated and buys_views and views_final is not null as views_inflated,
                case when views_inflated then round(views_final * (views_multiplier - 1)
                         * rand_lognormal(post_idx, 'views_boost', 0.0, 0.2))
                     else 0 end as bought_views_final
            from engaged
        )
        select *,
            {_GROWTH_HOURS} as growth_hours,
            -- Scrapes: the first 2-24 h after posting, then 1-10 and 3-30 days later; a viral
            -- post trends, so scrapers come back to it.
            case when is_viral_post then 3 else rand_int(post_idx, 'snapshots', 1, 3) end
                as snapshots_wanted,
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
        from counted
        order by post_idx
        """
    )
    _create_post_details(connection, config)


def _comment_rows_sql(config: GenerationConfig) -> str:
    """How many comment rows of each kind the dump holds for the post (see comments.py)."""
    cap = config.comment_rows_cap_per_post
    return f"""
        least({cap}, round(fan_comments_final * growth_at_last * {config.comment_sample_share}))
            ::bigint as fan_rows,
        -- Bot, pod and spam rows are sized against the creator's other rows, to hit their share
        -- (pods skip some posts, so the posts they do comment on carry more).
        fan_rows * (1 + reply_share) as genuine_rows,
        case when bot_comments then least({cap}, round(
            greatest(genuine_rows, 1) * bot_share / (1 - bot_share)
            * rand_lognormal(post_idx, 'bot_rows', 0.0, 0.1)))
            else 0 end::bigint as bot_rows,
        case when pod_commented
             then least({POD_ROWS_PER_MEMBER} * (pod_size - 1), greatest(1, round(
                greatest(genuine_rows, 1) * pod_share / (1 - pod_share) / pod_post_coverage)))
             else 0 end::bigint as pod_rows,
        -- Spam: a fraction of a row on most posts, so a random number, rounded down.
        least({config.spam_rows_cap_per_post}, floor(
            greatest(genuine_rows, 1) * spam_share / (1 - spam_share)
            * case when is_viral_post then {config.spam_viral_multiplier} else 1 end
            + rand_uniform(post_idx, 'spam_rows')))::bigint as spam_rows
    """


def _create_post_details(connection: duckdb.DuckDBPyConnection, config: GenerationConfig) -> None:
    """Ids, captions, hashtags, urls: the descriptive columns, kept apart from the counts.

    Also what the truth needs about them: the niche a post is about and where it shows
    (`niche_visible_in`), the caption's language, and how a sponsored post discloses it.
    """
    seed = config.seed
    connection.execute(
        f"""
        create or replace table post_details as
        with styled as (
            select p.post_idx, p.platform, p.handle, p.media_type, p.is_sponsored_truth,
                   n.phrase_sets, n.hashtag_sets,
                   rand_pick(n.brands, p.post_idx, 'brand') as brand,
                   case when p.caption_language > 1 and rand_uniform(p.post_idx, 'caption_language')
                             < p.local_caption_share then p.caption_language
                        else 1 end as language,
                   {_tag_mode_sql(config)} as tag_mode,
                   rand_uniform(p.post_idx, 'caption_niche') < {config.caption_niche_words}
                       as caption_names_niche,
                   case when tag_mode = 'niche' then 'hashtags'
                        when caption_names_niche then 'caption'
                        else 'none' end as niche_visible_in,
                   {_disclosure_sql(config)}
            from posts as p join niches as n on n.niche_index = p.post_niche_index
        ),
        tagged as (
            select *,
                   case tag_mode
                       when 'niche' then list_distinct(list_transform(
                           range(rand_int(post_idx, 'tag_count', 2, 7)),
                           lambda i: case
                               -- the first tag always names the niche
                               when i = 0 or rand_uniform(post_idx * 16 + i, 'tag_kind') < 0.8
                               then case
                                   when language > 1 and rand_uniform(post_idx * 16 + i,
                                       'tag_language') < {config.local_hashtag_share}
                                   then rand_pick(hashtag_sets[language], post_idx * 16 + i,
                                                  'local_tag')
                                   else rand_pick(hashtag_sets[1], post_idx * 16 + i, 'niche_tag')
                               end
                               else rand_pick(words_generic_hashtags(), post_idx * 16 + i, 'tag')
                           end))
                       when 'generic' then list_distinct(list_transform(
                           range(rand_int(post_idx, 'tag_count', 1, 5)),
                           lambda i: rand_pick(words_generic_hashtags(), post_idx * 16 + i, 'tag')))
                       else []::varchar[]
                   end as topic_tags,
                   rand_pick(words_disclosure_hashtags()[disclosure_language], post_idx,
                             'disclosure_tag') as disclosure_tag,
                   case when coalesce(disclosure_words, '') <> 'hashtag' then topic_tags
                        when rand_uniform(post_idx, 'disclosure_first') < 0.6
                            then list_prepend(disclosure_tag, topic_tags)
                        else list_append(topic_tags, disclosure_tag) end as hashtags,
                   case when caption_names_niche
                        then replace(rand_pick(words_caption_templates()[language], post_idx,
                                               'caption'),
                                     '{{phrase}}', rand_pick(phrase_sets[language], post_idx,
                                                             'caption_phrase'))
                        else rand_pick(words_plain_captions()[language], post_idx, 'caption')
                   end || rand_pick(words_emojis(), post_idx, 'caption_emoji') as caption_text
            from styled
        ),
        identified as (
            select *,
                   case platform
                       when 'instagram' then 'C' || left(md5('{seed}:post:' || post_idx), 10)
                       when 'tiktok' then (7300000000000000000 + post_idx * 1000
                                           + rand_int(post_idx, 'pid', 0, 1000 - 1))::varchar
                       else left(md5('{seed}:video:' || post_idx), 11)
                   end as post_id,
                   replace(replace(case caption_extra
                       when 'disclosure' then rand_pick(
                           words_disclosure_captions()[disclosure_language], post_idx,
                           'disclosure_text')
                       when 'not_sponsored' then rand_pick(
                           words_not_sponsored_notes()[language], post_idx, 'note_text')
                       when 'brand' then rand_pick(words_brand_mentions(), post_idx, 'brand_text')
                       else '{{caption}}' end, '{{caption}}', caption_text), '{{brand}}', brand)
                       as caption_words
            from tagged
        )
        select post_idx, post_id, hashtags,
               caption_words || case when len(hashtags) = 0 then '' else ' ' || array_to_string(
                   list_transform(hashtags, lambda tag: '#' || tag), ' ') end as caption,
               is_sponsored,
               case platform
                   when 'instagram' then 'https://www.instagram.com/'
                       || case media_type when 'reel' then 'reel' else 'p' end
                       || '/' || post_id || '/'
                   when 'tiktok' then 'https://www.tiktok.com/@' || handle || '/video/' || post_id
                   else case media_type when 'short' then 'https://www.youtube.com/shorts/'
                        else 'https://www.youtube.com/watch?v=' end || post_id
               end as url,
               niche_visible_in, words_caption_languages()[language] as caption_language,
               is_sponsored_truth, disclosure as sponsorship_disclosure
        from identified
        order by post_idx
        """
    )


def _tag_mode_sql(config: GenerationConfig) -> str:
    """niche (niche hashtags, maybe generic ones too), generic (generic ones only) or none."""
    return f"""case
        when rand_uniform(p.post_idx, 'niche_tags') < case when p.generic_hashtags_only
            then {config.generic_tag_creator_posts} else {config.no_niche_tag_posts} end
        then case when rand_uniform(p.post_idx, 'untagged') < {config.untagged_posts}
                  then 'none' else 'generic' end
        else 'niche' end"""


def _disclosure_sql(config: GenerationConfig) -> str:
    """How a sponsored post shows it: the platform label (flag), words (hashtag or caption) or
    nothing; labelled posts often say it in words as well. Organic posts never disclose."""
    undisclosed, words_only = config.undisclosed_share, config.words_only_share
    by_hashtag = f"""case when rand_uniform(p.post_idx, 'disclosure_kind')
                < {config.hashtag_disclosure_share} then 'hashtag' else 'caption' end"""
    return f"""
        rand_uniform(p.post_idx, 'disclosure') as u_disclosure,
        case when not p.is_sponsored_truth then null
             when u_disclosure < {undisclosed} then 'none'
             when u_disclosure < {undisclosed + words_only} then {by_hashtag}
             else 'flag' end as disclosure,
        case when disclosure in ('hashtag', 'caption') then disclosure
             when disclosure = 'flag' and rand_uniform(p.post_idx, 'label_words')
                  < {config.label_with_words_share} then {by_hashtag}
        end as disclosure_words,
        case when language > 1 and rand_uniform(p.post_idx, 'disclosure_language')
                  >= {config.english_disclosure_share} then language else 1 end
            as disclosure_language,
        case when disclosure = 'flag' then true
             when rand_uniform(p.post_idx, 'label_missing') < case when p.is_sponsored_truth
                  then {config.unlabelled_null_share} else {config.organic_null_share} end
                 then null
             else false end as is_sponsored,
        -- What the caption adds: the disclosure, a "not sponsored" note or a brand tag.
        case when disclosure_words = 'caption' then 'disclosure'
             when disclosure = 'none' then case when rand_uniform(p.post_idx, 'caption_extra')
                  < {config.undisclosed_brand_share} then 'brand' end
             when p.is_sponsored_truth then null
             when rand_uniform(p.post_idx, 'caption_extra') < {config.not_sponsored_note_share}
                 then 'not_sponsored'
             when rand_uniform(p.post_idx, 'caption_extra')
                  < {config.not_sponsored_note_share + config.brand_mention_share} then 'brand'
        end as caption_extra"""


def create_post_snapshots(connection: duckdb.DuckDBPyConnection, config: GenerationConfig) -> None:
    """One row per scrape of a post; needs `comments` for the inauthentic comments seen so far."""
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
            select *, 1 - exp(-(scraped_at - posted_at) / 3600.0 / growth_hours) as growth,
                   1 - exp(-(scraped_at - posted_at) / likes_delivery_seconds) as delivered
            from scrapes where scraped_at <= {config.end_epoch}
        ),
        inauthentic_seen as (
            select g.post_idx, g.snapshot_number, count(*) as inauthentic_comments
            from grown as g
            join comments as c
                on c.post_idx = g.post_idx and c.is_inauthentic and c.created_at <= g.scraped_at
            group by all
        )
        select g.platform, d.post_id, g.creator_id, g.handle as creator_handle,
               reported_followers(g.creator_idx, g.followers_end, g.follower_growth, g.viral_at,
                                  g.viral_gain, g.viral_seconds, g.purchases, g.scraped_at)
                   as creator_followers,
               g.posted_at, g.scraped_at, d.caption, d.hashtags, g.media_type,
               floor(g.organic_likes_final * g.growth + g.bought_likes_final * g.delivered
                     + g.pod_likes)::bigint as likes,
               (floor((g.fan_comments_final + g.reply_comments_final) * g.growth)
                + coalesce(i.inauthentic_comments, 0))::bigint as comments,
               floor(g.shares_final * g.growth)::bigint as shares,
               floor(g.saves_final * g.growth)::bigint as saves,
               floor(g.views_final * g.growth + g.bought_views_final * g.delivered)::bigint
                   as views,
               d.is_sponsored, d.url,
               g.post_idx, g.snapshot_number
        from grown as g
        join post_details as d using (post_idx)
        left join inauthentic_seen as i using (post_idx, snapshot_number)
        order by g.post_idx, g.snapshot_number
        """
    )
