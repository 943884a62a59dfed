"""Table `comments`: one row per comment in the dump, scraped once with its post's last scrape.

Each post has `bot_rows + pod_rows + fan_rows` top-level slots (sized in posts.py); creators then
reply to a creator-specific share of the fan comments. `kind` (fan, bot, pod, reply) is kept for
the truth files and tests, never written to the dumps.
"""

from __future__ import annotations

import duckdb

from synthetic.config import GenerationConfig
from synthetic.posts import POD_ROWS_PER_MEMBER

# Replies get keys in the upper half of a post's key block, so ids never collide.
_KEYS_PER_POST = 4096
_REPLY_KEY_OFFSET = 2048


def create_comments(connection: duckdb.DuckDBPyConnection, config: GenerationConfig) -> None:
    _create_top_level(connection, config)
    _create_replies(connection, config)
    seed = config.seed
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
    slots = config.comment_rows_cap_per_post * 2 + POD_ROWS_PER_MEMBER * (config.pod_size[1] - 1)
    assert slots < _REPLY_KEY_OFFSET, "comment slots per post overflow the key block"
    connection.execute(
        f"""
        create or replace table top_level_comments as
        with slots as (
            select p.post_idx, p.creator_idx, p.platform, p.niche_index, p.posted_at,
                   p.last_scraped_at, p.bot_rows, p.pod_rows, p.fan_pool_size, p.fan_offset,
                   p.pod_id, p.pod_rank, p.pod_size, n.objects, n.items, d.post_id, slot,
                   p.post_idx * {_KEYS_PER_POST} + slot as comment_key,
                   case when slot < p.bot_rows then 'bot'
                        when slot < p.bot_rows + p.pod_rows then 'pod'
                        else 'fan' end as kind
            from posts as p
            join niches as n using (niche_index)
            join post_details as d using (post_idx),
            unnest(range(p.bot_rows + p.pod_rows + p.fan_rows)) as s(slot)
        ),
        authored as (
            select *,
                   -- Fans: a skewed draw from the creator's own slice of the niche's fan pool, so
                   -- top fans comment again and again and neighbouring creators share some fans.
                   niche_index * {config.fans_per_niche} + (fan_offset + floor(
                       pow(rand_uniform(comment_key, 'fan'), 2) * fan_pool_size
                   )::bigint) % {config.fans_per_niche} as fan_key,
                   case platform when 'instagram' then 0 when 'tiktok' then 1 else 2 end * 100000
                       + rand_int(comment_key, 'bot', 0, {config.bot_accounts_per_platform} - 1)
                       as bot_key,
                   (pod_rank + 1 + (slot - bot_rows + post_idx) % (pod_size - 1)) % pod_size
                       as pod_author_rank
            from slots
        )
        select a.platform, a.post_id, a.post_idx, a.creator_idx, a.comment_key,
               null::bigint as parent_key, a.kind,
               case a.kind
                   when 'fan' then account_id(a.platform, 'fan', a.fan_key)
                   when 'bot' then account_id(a.platform, 'bot', a.bot_key)
                   else pod.creator_id end as author_id,
               case a.kind
                   when 'fan' then fan_handle(a.fan_key)
                   when 'bot' then bot_handle(a.bot_key)
                   else pod.handle end as author_handle,
               case a.kind
                   when 'fan' then {_fan_text_sql()}
                   when 'bot' then {_bot_text_sql()}
                   else rand_pick(words_pod_texts(), a.comment_key, 'pod_text') end as text,
               a.posted_at + case a.kind
                   when 'bot' then rand_int(a.comment_key, 'bot_delay', 30,
                                            {config.bot_comment_minutes * 60})
                   when 'pod' then rand_int(a.comment_key, 'pod_delay', 60, 3600)
                   -- Fans: front-loaded over the time until the scrape, never at the scrape.
                   else 60 + floor((a.last_scraped_at - a.posted_at - 120) * 0.98
                                   * pow(rand_uniform(a.comment_key, 'fan_delay'), 2.5))::bigint
               end as created_at,
               a.last_scraped_at as scraped_at,
               case a.kind
                   when 'fan' then greatest(0, floor(
                       rand_lognormal(a.comment_key, 'comment_likes', 0.0, 1.3)) - 1)
                   when 'pod' then rand_int(a.comment_key, 'comment_likes', 0, 3)
                   else 0 end::bigint as likes
        from authored as a
        left join creators as pod
            on a.kind = 'pod' and pod.pod_id = a.pod_id and pod.pod_rank = a.pod_author_rank
        """
    )


def _bot_text_sql() -> str:
    """Each bot has a favourite generic text it reuses on most posts."""
    return """words_bot_texts()[1 + ((
        rand_int(bot_key, 'favourite_text', 0, len(words_bot_texts()) - 1)
        + case when rand_uniform(comment_key, 'bot_text') < 0.75 then 0
               else rand_int(comment_key, 'bot_text_shift', 1, 3) end
    ) % len(words_bot_texts()))::integer]"""


def _fan_text_sql() -> str:
    """Fan comments composed from templates: praise, questions, mentions of a friend."""
    u = "rand_uniform(a.comment_key, 'template')"
    obj = "rand_pick(a.objects, a.comment_key, 'object')"
    emoji = "rand_pick(words_emojis(), a.comment_key, 'emoji')"
    return f"""case
        when {u} < 0.25 then 'this ' || {obj} || ' looks '
            || rand_pick(words_adjectives(), a.comment_key, 'adjective') || ', '
            || rand_pick(words_endings(), a.comment_key, 'ending')
        when {u} < 0.40 then replace(rand_pick(words_questions(), a.comment_key, 'question'),
                                     '{{item}}', rand_pick(a.items, a.comment_key, 'item'))
        when {u} < 0.55 then '@' || fan_handle(a.fan_key + 1) || ' '
            || rand_pick(words_mention_tails(), a.comment_key, 'mention')
        when {u} < 0.75 then rand_pick(words_openers(), a.comment_key, 'opener') || ' '
            || replace(replace(rand_pick(words_praises(), a.comment_key, 'praise'),
                       '{{niche}}', words_niche_names()[a.niche_index + 1]), '{{object}}', {obj})
            || {emoji}
        when {u} < 0.90 then 'that ' || {obj} || ' is '
            || rand_pick(words_adjectives(), a.comment_key, 'adjective') || {emoji}
        else rand_pick(words_endings(), a.comment_key, 'ending') || {emoji}
    end"""


def _create_replies(connection: duckdb.DuckDBPyConnection, config: GenerationConfig) -> None:
    """The creator answers a share of fan comments, after them and before the scrape."""
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
            where t.kind = 'fan' and rand_uniform(t.comment_key, 'answered') < c.reply_share
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
