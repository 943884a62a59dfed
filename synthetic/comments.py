"""Table `comments`: one row per comment in the dump, scraped once with its post's last scrape.

Each post has `bot_rows + pod_rows + spam_rows + fan_rows` top-level slots (sized in posts.py);
creators then reply to a creator-specific share of the fan and pod comments. `kind` says who
wrote the comment and how (see KINDS); it goes to the truth files, never to the dumps.
"""

from __future__ import annotations

import duckdb

from synthetic import comment_texts
from synthetic.config import GenerationConfig
from synthetic.posts import POD_ROWS_PER_MEMBER

# kind -> is_inauthentic
KINDS = {
    "fan": False,
    "short_praise": False,
    "foreign_language": False,
    "reply": False,
    "bot_generic": True,
    "bot_copy_paste": True,
    "bot_plausible": True,
    "spam_self_promo": True,
    "spam_link": True,
    "spam_scam": True,
    "pod": True,
}

# Replies get keys in the upper half of a post's key block, so ids never collide.
_KEYS_PER_POST = 4096
_REPLY_KEY_OFFSET = 2048
# Account numbers: bots are (platform * 100 + farm) * 1000 + member, spammers from 500000 on.
_SPAMMER_KEY_BASE = 500_000
_PLATFORM_INDEX = "case a.platform when 'instagram' then 0 when 'tiktok' then 1 else 2 end"


def create_comments(connection: duckdb.DuckDBPyConnection, config: GenerationConfig) -> None:
    _create_top_level(connection, config)
    _create_replies(connection)
    seed = config.seed
    inauthentic = ", ".join(f"'{kind}'" for kind, flagged in KINDS.items() if flagged)
    # Ids in each platform's style; a YouTube reply id is its parent's id, a dot and a suffix.
    connection.execute(
        f"""
        create or replace macro comment_id(platform, key) as case platform
            when 'instagram'
                then (17800000000000000 + key * 7 + rand_int(key, 'cid', 0, 7 - 1))::varchar
            when 'tiktok'
                then (7400000000000000000 + key * 10 + rand_int(key, 'cid', 0, 10 - 1))::varchar
            else 'Ugz' || left(md5('{seed}:comment:' || key), 20)
        end
        """
    )
    connection.execute(
        f"""
        create or replace table comments as
        with all_comments as (
            select * from top_level_comments
            union all by name
            select * from reply_comments
        )
        select *,
               kind in ({inauthentic}) as is_inauthentic,
               case when parent_key is null then comment_id(platform, comment_key)
                    when platform = 'youtube' then comment_id(platform, parent_key) || '.'
                        || left(md5('{seed}:reply:' || comment_key), 22)
                    else comment_id(platform, comment_key) end as comment_id,
               comment_id(platform, parent_key) as parent_comment_id,
               -- Which file of its platform the row goes to.
               (row_number() over (partition by platform order by post_idx, comment_key) - 1)
                   // {config.comment_rows_per_file} as file_chunk
        from all_comments
        order by post_idx, comment_key
        """
    )
    connection.execute("drop table top_level_comments")
    connection.execute("drop table reply_comments")


def _create_top_level(connection: duckdb.DuckDBPyConnection, config: GenerationConfig) -> None:
    slots = (
        config.comment_rows_cap_per_post * 2
        + POD_ROWS_PER_MEMBER * (config.pod_size[1] - 1)
        + config.spam_rows_cap_per_post
    )
    assert slots < _REPLY_KEY_OFFSET, "comment slots per post overflow the key block"
    connection.execute(
        f"""
        create or replace table top_level_comments as
        with slots as (
            select p.post_idx, p.creator_idx, p.platform, p.niche_index, p.post_niche_index,
                   p.posted_at,
                   p.last_scraped_at, p.bot_rows, p.pod_rows, p.spam_rows, p.fan_pool_size,
                   p.fan_offset, p.pod_id, p.pod_rank, p.pod_size, p.pod_timing, p.bot_farm,
                   p.bot_second_farm, p.short_praise_share, p.local_language,
                   p.local_language_share, p.other_language_share,
                   n.objects, n.items, d.post_id, slot,
                   p.post_idx * {_KEYS_PER_POST} + slot as comment_key,
                   case when slot < p.bot_rows then 'bot'
                        when slot < p.bot_rows + p.pod_rows then 'pod'
                        when slot < p.bot_rows + p.pod_rows + p.spam_rows then 'spam'
                        else 'fan' end as author_kind
            from posts as p
            -- Fans come from the creator's niche; what they talk about is the post's.
            join niches as n on n.niche_index = p.post_niche_index
            join post_details as d using (post_idx),
            unnest(range(p.bot_rows + p.pod_rows + p.spam_rows + p.fan_rows)) as s(slot)
        ),
        {_authored_sql(config)},
        written as (
        select a.platform, a.post_id, a.post_idx, a.creator_idx, a.comment_key,
               null::bigint as parent_key, a.kind,
               case a.author_kind
                   when 'bot' then a.platform || '-farm-' || (a.farm_key % 100 + 1)
                   when 'pod' then a.pod_id end as author_group,
               case a.author_kind
                   when 'fan' then account_id(a.platform, 'fan', a.fan_key)
                   when 'bot' then account_id(a.platform, 'bot', a.bot_key)
                   when 'spam' then account_id(a.platform, 'spammer', a.spammer_key)
                   else pod.creator_id end as author_id,
               case a.author_kind
                   when 'fan' then fan_handle(a.fan_key)
                   when 'bot' then bot_handle(a.bot_key)
                   when 'spam' then spammer_handle(a.spammer_key)
                   else pod.handle end as author_handle,
               case a.kind
                   when 'fan' then {comment_texts.fan_text()}
                   when 'short_praise' then {comment_texts.short_praise_text()}
                   when 'foreign_language' then {comment_texts.foreign_text()}
                   when 'bot_generic' then {comment_texts.bot_generic_text()}
                   when 'bot_copy_paste' then {comment_texts.bot_copy_paste_text()}
                   when 'bot_plausible' then {comment_texts.bot_plausible_text()}
                   when 'pod' then {comment_texts.pod_text()}
                   else {comment_texts.spam_text()} end as text,
               -- Never at or after the scrape that saw the comment.
               a.posted_at + least(a.delay, a.last_scraped_at - a.posted_at - 60) as created_at,
               a.last_scraped_at as scraped_at,
               case
                   when a.author_kind = 'fan' then greatest(0, floor(
                       rand_lognormal(a.comment_key, 'comment_likes', 0.0, 1.3)) - 1)
                   when a.kind = 'pod' then rand_int(a.comment_key, 'comment_likes', 0, 3)
                   when a.kind = 'bot_plausible' then rand_int(a.comment_key, 'comment_likes', 0, 1)
                   else 0 end::bigint as likes
        from authored as a
        left join creators as pod
            on a.author_kind = 'pod' and pod.pod_id = a.pod_id
            and pod.pod_rank = a.pod_author_rank
        )
        select * replace (case when kind like 'spam%'
            then {comment_texts.in_lookalike_letters("text", "comment_key")} else text end as text)
        from written
        """
    )


def _authored_sql(config: GenerationConfig) -> str:
    """CTEs `accounts` (who writes each slot) and `authored` (its kind and delay after posting)."""
    bots_per_farm, minutes = config.bots_per_farm, config.bot_comment_minutes
    burst_low, burst_high = config.bot_burst_size
    late_low, late_high = config.pod_late_hours
    return f"""
        accounts as (
            -- Each draw only for the slots it concerns: these run on every comment row.
            select a.*,
                   -- Fans: a skewed draw from the creator's own slice of the niche's fan pool, so
                   -- top fans comment again and again and neighbouring creators share some fans.
                   case when author_kind = 'fan' then
                       niche_index * {config.fans_per_niche} + (fan_offset + floor(
                           pow(rand_uniform(comment_key, 'fan'), 2) * fan_pool_size
                       )::bigint) % {config.fans_per_niche} end as fan_key,
                   case when author_kind = 'fan' then rand_uniform(comment_key, 'fan_kind') end
                       as u_fan_kind,
                   -- Bots fire in bursts on some posts: one account, several comments in seconds.
                   case when author_kind <> 'bot' then null
                        when rand_uniform(post_idx, 'bot_burst') < {config.bot_burst_post_share}
                        then rand_int(post_idx, 'burst_size', {burst_low}, {burst_high})
                        else 1 end as burst_size,
                   post_idx * {_KEYS_PER_POST} + slot // burst_size as burst_key,
                   case when author_kind = 'bot' then {_PLATFORM_INDEX} * 100 + case
                       when bot_second_farm is not null
                            and rand_uniform(burst_key, 'which_farm') < 0.5 then bot_second_farm
                       else bot_farm end end as farm_key,
                   farm_key * 1000 + floor(pow(rand_uniform(burst_key, 'bot'), 1.3)
                                           * {bots_per_farm})::bigint as bot_key,
                   case when author_kind = 'spam' then {_SPAMMER_KEY_BASE}
                       + {_PLATFORM_INDEX} * 10000 + floor(
                       pow(rand_uniform(comment_key, 'spammer'), 1.5)
                       * {config.spammer_accounts_per_platform})::bigint end as spammer_key,
                   case when author_kind = 'pod' then
                       (pod_rank + 1 + (slot - bot_rows + post_idx) % (pod_size - 1)) % pod_size
                   end as pod_author_rank
            from slots as a
        ),
        authored as (
            select *,
                   case author_kind
                       when 'fan' then case
                           when u_fan_kind < short_praise_share then 'short_praise'
                           when u_fan_kind < short_praise_share + (1 - short_praise_share)
                                * (local_language_share + other_language_share)
                               then 'foreign_language'
                           else 'fan' end
                       when 'bot' then case
                           when rand_uniform(bot_key, 'bot_style')
                                < rand_between(farm_key, 'farm_plausible', 0.05, 0.5)
                               then 'bot_plausible'
                           when rand_uniform(bot_key, 'bot_style')
                                < rand_between(farm_key, 'farm_plausible', 0.05, 0.5)
                                  + rand_between(farm_key, 'farm_copy', 0.15, 0.5)
                               then 'bot_copy_paste'
                           else 'bot_generic' end
                       when 'spam' then case
                           when rand_uniform(spammer_key, 'campaign') < 0.45 then 'spam_self_promo'
                           when rand_uniform(spammer_key, 'campaign') < 0.75 then 'spam_link'
                           else 'spam_scam' end
                       else 'pod' end as kind,
                   case when kind <> 'foreign_language' then null
                        when local_language is not null and rand_uniform(comment_key, 'language')
                             < local_language_share / (local_language_share + other_language_share)
                        then local_language
                        else rand_int(comment_key, 'other_language', 1,
                                      len(words_foreign_languages())) end as language,
                   case author_kind
                       when 'bot' then case
                           -- Most within minutes; the rest trickle in over hours (drip delivery).
                           when rand_uniform(burst_key, 'bot_late') < {config.bot_late_share}
                               then rand_int(burst_key, 'bot_delay', {minutes * 60},
                                             {config.bot_late_hours * 3600})
                           else 20 + floor({minutes * 60 - 20}
                                           * pow(rand_uniform(burst_key, 'bot_delay'), 2))
                       end + (slot % burst_size) * rand_int(comment_key, 'burst_gap', 1, 8)
                       when 'pod' then case
                           -- Rounds: the whole pod engages together, hours after posting.
                           when pod_timing = 'hours_later' then round(3600 * rand_between(
                               post_idx, 'pod_round', {late_low}, {late_high}))
                               + rand_int(comment_key, 'pod_delay', 0, 2400)
                           when rand_uniform(comment_key, 'pod_slow') < 0.08
                               then rand_int(comment_key, 'pod_delay', 3600, 3 * 3600)
                           else 60 + floor(3540 * pow(rand_uniform(comment_key, 'pod_delay'), 1.5))
                       end
                       -- Spam bots watch new posts: half within half an hour, the rest any time.
                       when 'spam' then case
                           when rand_uniform(comment_key, 'spam_fast') < 0.5
                               then rand_int(comment_key, 'spam_delay', 15, 1800)
                           else 60 + floor((last_scraped_at - posted_at - 120)
                                           * rand_uniform(comment_key, 'spam_delay'))
                       end
                       -- Fans: front-loaded over the time until the scrape, never at the scrape.
                       else 60 + floor((last_scraped_at - posted_at - 120) * 0.98
                                       * pow(rand_uniform(comment_key, 'fan_delay'), 2.5))
                   end::bigint as delay
            from accounts
        )
    """


def _create_replies(connection: duckdb.DuckDBPyConnection) -> None:
    """The creator answers a share of fan (and pod) comments, after them and before the scrape."""
    connection.execute(
        f"""
        create or replace table reply_comments as
        with answered as (
            select t.platform, t.post_id, t.post_idx, t.creator_idx, t.created_at, t.scraped_at,
                   t.comment_key as parent_key, t.author_handle as parent_handle,
                   c.creator_id, c.handle,
                   t.post_idx * {_KEYS_PER_POST} + {_REPLY_KEY_OFFSET}
                       + (t.comment_key % {_KEYS_PER_POST}) as reply_key
            from top_level_comments as t join creators as c using (creator_idx)
            where t.kind in ('fan', 'short_praise', 'foreign_language', 'pod')
                and rand_uniform(t.comment_key, 'answered') < c.reply_share
        )
        select platform, post_id, post_idx, creator_idx, reply_key as comment_key, parent_key,
               'reply' as kind, creator_id as author_id, handle as author_handle,
               case when rand_uniform(reply_key, 'reply_mention') < 0.3
                    then '@' || parent_handle || ' ' else '' end
                   || rand_pick(words_creator_replies(), reply_key, 'reply_text') as text,
               created_at + 30 + floor((scraped_at - created_at - 31) * 0.9
                                       * rand_uniform(reply_key, 'reply_delay'))::bigint
                   as created_at,
               scraped_at,
               rand_int(reply_key, 'reply_likes', 0, 5) as likes
        from answered
        """
    )
