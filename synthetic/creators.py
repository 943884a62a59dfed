"""Table `creators`: one row per creator, with every per-creator parameter the later tables draw on.

Followers are organic at end_date (`followers_end`, inside the creator's tier) and shrink
linearly back in time by `follower_growth` (see followers.py for the viral rise and the bought
purchases on top).
"""

from __future__ import annotations

import duckdb

from synthetic.config import GenerationConfig
from synthetic.followers import create_follower_purchases
from synthetic.vocabulary import NICHES


def _platform_case(config: GenerationConfig) -> str:
    branches, cumulative = [], 0.0
    for platform, share in config.platform_shares[:-1]:
        cumulative += share
        branches.append(f"when u_platform < {cumulative} then '{platform}'")
    return f"case {' '.join(branches)} else '{config.platform_shares[-1][0]}' end"


def _tier_case(config: GenerationConfig, column: str) -> str:
    """Tier attribute (name, low or high) chosen by the cumulative tier shares."""
    branches, cumulative = [], 0.0
    for tier in config.tiers[:-1]:
        cumulative += tier.share
        branches.append(f"when u_tier < {cumulative} then {_tier_value(tier, column)}")
    return f"case {' '.join(branches)} else {_tier_value(config.tiers[-1], column)} end"


def _tier_value(tier, column: str) -> str:
    return f"'{tier.name}'" if column == "name" else str(getattr(tier, column))


def _log_uniform(salt: str, bounds: tuple[float, float]) -> str:
    """A per-creator draw, uniform on a log scale between the bounds."""
    return f"exp(rand_between(b.creator_idx, '{salt}', ln({bounds[0]}), ln({bounds[1]})))"


def _between(salt: str, bounds: tuple[float, float]) -> str:
    """A per-creator draw, uniform between the bounds."""
    return f"rand_between(b.creator_idx, '{salt}', {bounds[0]}, {bounds[1]})"


def _niche_columns(config: GenerationConfig) -> str:
    """A secondary niche, hashtag habits, the caption language and the profile category."""
    niches = len(NICHES)
    return f"""
            case when rand_uniform(b.creator_idx, 'has_secondary')
                      < {config.secondary_niche_creators}
                 then (b.niche_index + rand_int(b.creator_idx, 'secondary_niche', 1, {niches - 1}))
                      % {niches}
            end as secondary_niche_index,
            -- How many of the posts are about it: at least one, whatever the post count.
            case when secondary_niche_index is null then 0
                 else greatest(1, round(n_posts
                      * {_between("secondary_share", config.secondary_niche_posts)}))
            end::bigint as secondary_posts,
            rand_uniform(b.creator_idx, 'generic_tags') < {config.generic_tag_creators}
                as generic_hashtags_only,
            -- The creator's own language, when captions come in it (1 = English).
            coalesce(list_position(words_caption_languages(),
                                   words_languages()[b.country_index]), 1) as caption_language,
            case when caption_language = 1 then 0
                 else {_between("local_captions", config.local_caption_share)}
            end as local_caption_share,
            case when rand_uniform(b.creator_idx, 'generic_category')
                      < {config.generic_category_share}
                 then rand_pick(words_generic_categories(), b.creator_idx, 'category')
                 else rand_pick(n.categories, b.creator_idx, 'category') end as profile_category"""


def _sponsorship_columns(config: GenerationConfig) -> str:
    """How often the creator posts sponsored content, and how such posts do."""
    return f"""
            case when rand_uniform(b.creator_idx, 'sponsored_tier')
                      < {config.sponsored_rate_high_creators}
                 then {_between("sponsored_rate", config.sponsored_rate_high)}
                 else {_between("sponsored_rate", config.sponsored_rate_low)}
            end as sponsored_post_rate,
            rand_lognormal(b.creator_idx, 'sponsored_engagement',
                           ln({config.sponsored_engagement_median}),
                           {config.sponsored_engagement_sigma}) as sponsored_engagement_factor"""


def create_creators(connection: duckdb.DuckDBPyConnection, config: GenerationConfig) -> None:
    _create_creator_base(connection, config)
    _create_pods(connection, config)
    connection.execute(
        """
        create or replace view creator_follower_draws as
        select creator_idx, followers_end, follower_growth from creator_base
        where bought_followers
        """
    )
    create_follower_purchases(connection, config)
    fraud = config.fraud_share
    connection.execute(
        f"""
        create or replace table creators as
        select
            b.creator_idx, b.platform, n.niche, b.niche_index, b.follower_tier, b.followers_end,
            case b.platform
                when 'instagram' then (1000000000 + b.creator_idx * 104729
                                       + rand_int(b.creator_idx, 'cid', 0, 104729 - 1))::varchar
                when 'tiktok' then (6800000000000000000 + b.creator_idx * 1000000000
                                    + rand_int(b.creator_idx, 'cid', 0, 1000000000 - 1))::varchar
                else 'UC' || left(md5('{config.seed}:creator:' || b.creator_idx), 22)
            end as creator_id,
            rand_pick(words_handle_words(), b.creator_idx, 'handle')
                || '_' || rand_pick(n.objects, b.creator_idx, 'handle_object')
                || b.creator_idx::varchar as handle,
            b.follower_growth,
            b.bought_followers, f.purchase_pattern, f.purchases,
            rand_uniform(b.creator_idx, 'bot_comments') < {fraud} as bot_comments,
            case when bot_comments then {_between("bot_share", config.bot_comment_share)}
                 else 0 end as bot_share,
            -- The bot farm the creator bought comments from (the big ones sell most), and
            -- sometimes a second one serving half of the bot comments.
            floor(pow(rand_uniform(b.creator_idx, 'bot_farm'), 1.5)
                  * {config.bot_farms_per_platform})::bigint as bot_farm,
            case when rand_uniform(b.creator_idx, 'second_farm') < 0.3
                 then rand_int(b.creator_idx, 'bot_farm_2', 0, {config.bot_farms_per_platform - 1})
            end as bot_second_farm,
            rand_uniform(b.creator_idx, 'bought_likes') < {fraud} as bought_likes,
            case when bought_likes
                 then {_between("likes_post_share", config.bought_likes_post_share)}
                 else 0 end as likes_post_share,
            {_log_uniform("likes_multiplier", config.bought_likes_multiplier)}
                as likes_multiplier,
            rand_uniform(b.creator_idx, 'likes_packages') < {config.bought_likes_package_buyers}
                as buys_like_packages,
            3600 * {_between("likes_delivery", config.bought_likes_delivery_hours)}
                as likes_delivery_seconds,
            bought_likes and rand_uniform(b.creator_idx, 'buys_views')
                < {config.bought_views_buyers} as buys_views,
            {_between("views_multiplier", config.bought_views_multiplier)}
                as views_multiplier,
            p.pod_id is not null as engagement_pod,
            p.pod_id, p.pod_rank, p.pod_size,
            case when p.pod_id is null then null
                 when rand_uniform(p.pod_id, 'pod_timing') < {config.pod_late_share}
                     then 'hours_later' else 'within_hour' end as pod_timing,
            case when p.pod_id is not null then {_between("pod_share", config.pod_comment_share)}
                 else 0 end as pod_share,
            {_between("pod_coverage", config.pod_post_coverage)}
                as pod_post_coverage,
            not (bought_followers or bot_comments or bought_likes or engagement_pod) as is_clean,
            -- A genuine viral moment: clean creators only, so the truth stays unambiguous.
            is_clean and rand_uniform(b.creator_idx, 'viral') < {config.viral_spike_share}
                as has_viral_spike,
            case when has_viral_spike then {config.start_epoch} + round({config.history_seconds}
                * rand_between(b.creator_idx, 'viral_at', 0.25, 0.8))::bigint end as viral_at,
            case when has_viral_spike then {_between("viral_gain", config.viral_follower_gain)}
                 else 0 end as viral_gain,
            86400 * {_between("viral_days", config.viral_follower_days)}
                as viral_seconds,
            {_log_uniform("viral_multiplier", config.viral_engagement_multiplier)}
                as viral_multiplier,
            {_between("spam_share", config.spam_comment_share)} as spam_share,
            {_between("short_praise", config.short_praise_share)}
                as short_praise_share,
            list_position(words_foreign_languages(), words_fan_languages()[b.country_index])
                as local_language,
            case when local_language is null then 0
                 else {_between("local_language", config.local_language_share)}
            end as local_language_share,
            {_between("other_language", config.other_language_share)}
                as other_language_share,
            rand_int(b.creator_idx, 'posts', {config.posts_per_creator[0]},
                     {config.posts_per_creator[1]}) as n_posts,
            rand_between(b.creator_idx, 'reply_share', 0.0, {config.creator_reply_share_max})
                as reply_share,
            {_niche_columns(config)},
            {_sponsorship_columns(config)},
            -- Engagement falls with audience size: 10% at 1k followers, 5.4% at 10k, 1.5% at 1M.
            0.10 * pow(b.followers_end / 1000.0, -0.27)
                * rand_lognormal(b.creator_idx, 'engagement', 0.0, 0.3) as engagement_rate,
            rand_lognormal(b.creator_idx, 'comment_ratio', ln(0.035), 0.35) as comment_ratio,
            bought_followers or has_viral_spike
                or rand_uniform(b.creator_idx, 'profile') < {config.profile_coverage}
                as has_profile,
            greatest(30, least(20000, b.followers_end // 20)) as fan_pool_size,
            rand_int(b.creator_idx, 'fan_offset', 0, {config.fans_per_niche} - 1) as fan_offset,
            b.country_index,
            rand_uniform(b.creator_idx, 'verified') < case b.follower_tier
                when 'mega' then 0.9 when 'macro' then 0.4 when 'micro' then 0.03 else 0 end
                as is_verified,
            rand_int(b.creator_idx, 'following', 80, 1500) as following,
            rand_int(b.creator_idx, 'prior_media', 20, 800) as prior_media
        from creator_base as b
        join niches as n using (niche_index)
        left join creator_pods as p using (creator_idx)
        left join follower_purchases as f using (creator_idx)
        order by b.creator_idx
        """
    )


def _create_creator_base(connection: duckdb.DuckDBPyConnection, config: GenerationConfig) -> None:
    connection.execute(
        f"""
        create or replace table creator_draws as
        select
            range as creator_idx,
            rand_uniform(range, 'platform') as u_platform,
            rand_uniform(range, 'tier') as u_tier,
            rand_int(range, 'niche', 0, {len(NICHES) - 1}) as niche_index
        from range({config.creators})
        """
    )
    connection.execute(
        f"""
        create or replace table creator_base as
        select
            creator_idx,
            {_platform_case(config)} as platform,
            niche_index,
            {_tier_case(config, "name")} as follower_tier,
            round(exp(
                ln({_tier_case(config, "low")})
                + ln({_tier_case(config, "high")} / {_tier_case(config, "low")})
                  * pow(rand_uniform(creator_idx, 'followers'), 1.4)
            ))::bigint as followers_end,
            rand_between(creator_idx, 'growth', 0.0, 0.35) as follower_growth,
            rand_uniform(creator_idx, 'bought_followers') < {config.fraud_share}
                as bought_followers,
            rand_int(creator_idx, 'country', 1, len(words_countries())) as country_index
        from creator_draws
        """
    )


def _create_pods(connection: duckdb.DuckDBPyConnection, config: GenerationConfig) -> None:
    """Engagement pods: per platform ~fraud_share of creators (small ones), in pods of 6-10.

    A platform too small for one pod of the minimum size gets none; a target below the minimum
    is raised to it, so small runs still contain a pod to detect.
    """
    pod_min, pod_max = config.pod_size
    connection.execute(
        f"""
        create or replace table creator_pods as
        with candidates as (
            select creator_idx, platform,
                   row_number() over (
                       partition by platform
                       order by rand_uniform(creator_idx, 'pod'), creator_idx
                   ) - 1 as pod_order
            from creator_base
            where follower_tier in ('sub_1k', 'micro')
        ),
        targets as (
            select platform,
                   count(*) as platform_creators,
                   (select count(*) from candidates as c where c.platform = b.platform)
                       as candidate_count
            from creator_base as b group by platform
        ),
        sized as (
            select platform, candidate_count,
                   round({config.fraud_share} * platform_creators)::bigint as wanted,
                   greatest(1, ceil(wanted / {pod_max}))::bigint as pods
            from targets
        ),
        members as (
            select platform, pods,
                   case when wanted = 0 or candidate_count < {pod_min} then 0
                        else least(candidate_count, greatest(wanted, {pod_min} * pods)) end
                       as member_count
            from sized
        )
        select c.creator_idx,
               c.platform || '-pod-' || (c.pod_order % m.pods + 1) as pod_id,
               c.pod_order // m.pods as pod_rank,
               count(*) over (partition by c.platform, c.pod_order % m.pods) as pod_size
        from candidates as c join members as m using (platform)
        where c.pod_order < m.member_count
        """
    )
