"""Table `profile_snapshots`: one row per weekly-ish scrape of a creator's profile.

Scrapes are 6 to 7 days apart (6.5 days ± 12 h), so a follower purchase delivered within a
day shows between two snapshots at most a week apart (a drip-fed one across two or more).
"""

from __future__ import annotations

import duckdb

from synthetic.config import GenerationConfig

_SNAPSHOT_SPACING_SECONDS = 561_600  # 6.5 days
_SNAPSHOT_JITTER_SECONDS = 43_200  # 12 h


def create_profile_snapshots(
    connection: duckdb.DuckDBPyConnection, config: GenerationConfig
) -> None:
    snapshots = config.history_days * 86_400 // _SNAPSHOT_SPACING_SECONDS + 1
    connection.execute(
        f"""
        create or replace table profile_snapshots as
        with scrapes as (
            select c.*, snapshot_number,
                   c.creator_idx * 1000 + snapshot_number as snapshot_key,
                   {config.start_epoch} + snapshot_number * {_SNAPSHOT_SPACING_SECONDS}
                       + rand_int(snapshot_key, 'profile_jitter', 0, {_SNAPSHOT_JITTER_SECONDS})
                       as scraped_at,
                   case when c.local_caption_share >= 0.5 then c.caption_language else 1 end
                       as bio_language
            from creators as c, unnest(range({snapshots})) as s(snapshot_number)
            where c.has_profile
        )
        select s.platform, s.creator_id, s.handle,
               reported_followers(s.creator_idx, s.followers_end, s.follower_growth, s.viral_at,
                                  s.viral_gain, s.viral_seconds, s.purchases, s.scraped_at)
                   as followers,
               (s.following + floor(s.snapshot_number
                   * rand_between(s.creator_idx, 'following_rate', 0, 4)))::bigint as following,
               (s.prior_media + floor(s.n_posts * (s.scraped_at - {config.start_epoch})
                   / {config.history_days * 86_400}))::bigint as media_count,
               -- In the creator's language when most captions are; a secondary niche often
               -- shows too ("coach 💪 · easy recipes").
               case when rand_uniform(s.creator_idx, 'bio_missing') < 0.1 then null
                    else rand_pick(n.bio_sets[s.bio_language], s.creator_idx, 'bio')
                         || case when second.niche_index is not null
                                      and rand_uniform(s.creator_idx, 'secondary_bio')
                                          < {config.secondary_bio_share}
                                 then ' · ' || rand_pick(second.bio_sets[s.bio_language],
                                                         s.creator_idx, 'secondary_bio_phrase')
                                 else '' end
                         || ' | '
                         || rand_pick(words_bio_tails(), s.creator_idx, 'bio_tail') end as bio,
               case when rand_uniform(s.creator_idx, 'category_missing') < 0.2 then null
                    else s.profile_category end as category,
               words_countries()[s.country_index] as country,
               words_languages()[s.country_index] as language,
               s.is_verified,
               s.scraped_at,
               s.creator_idx
        from scrapes as s
        join niches as n using (niche_index)
        left join niches as second on second.niche_index = s.secondary_niche_index
        where s.scraped_at <= {config.end_epoch}
        order by s.creator_idx, s.scraped_at
        """
    )
