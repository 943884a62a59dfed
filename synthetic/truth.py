"""Ground truth of the injected fraud, written next to (never inside) the dumps folder."""

from __future__ import annotations

from math import log
from pathlib import Path
from statistics import NormalDist

import duckdb

from synthetic.config import GenerationConfig
from synthetic.vocabulary import NICHES

README = """# Ground truth of a generated dump set

Written by `bignoise generate` (synthetic/) next to the dumps, never inside them, so
ingestion cannot see it. Seed {seed}, {creators} creators, end date {end_date}.

Every pattern below is modelled on publicly described behaviour, not on any detector: the
point is an honest test, so each fraud type comes in several shapes, clean creators carry
realistic noise, and some cases are hard on purpose (marked *hard*).

## creators.csv
One row per creator (including creators without profile snapshots).
- `platform`, `creator_id`: as in the dumps; `creator_key` = platform || ':' || creator_id.
- `niche`: the creator's primary niche, one of {niches}.
- `follower_tier`: sub_1k (< 1k), micro (1k-100k), macro (100k-1M), mega (>= 1M), from the
  creator's organic followers at the end date; bought followers are not counted, so a bought-
  follower creator can look one tier higher in the dumps.
- `bought_followers`, `bot_comments`, `engagement_pod`, `bought_likes` (true/false): the four
  fraud types, each drawn on about {fraud_pct}% of creators, independently (they may overlap).
- `pod_id`: the pod (platform-pod-N) when engagement_pod, else empty.
- `has_viral_spike` (true/false): a clean creator with one genuinely viral post (*hard*).
- `is_clean` (true/false): none of the four fraud types. Clean creators still receive spam
  comments (see comments.parquet), like every public account.
- `follower_purchase_pattern`: single_jump, round_package, several_purchases or drip_feed
  (empty when no followers were bought); `follower_purchases`: how many purchases;
  `bought_followers_end`: bought followers still on the profile at the end date.
- `posts`: the creator's posts; `posts_with_bought_likes`: how many of them had likes bought;
  `bought_views`: whether views were bought too (video posts only).
- `pod_timing`: within_hour or hours_later (empty when not in a pod).
- `viral_post_id`: the viral post, when has_viral_spike.
- `bot_comment_share`, `pod_comment_share`, `spam_comment_share`: shares of the creator's
  comment rows in the dumps written by bots, pod members and spammers.
- `secondary_niche`: a second niche the creator also posts about (about {secondary_pct}% of
  creators; empty when none); `secondary_niche_share`: the share of the creator's posts
  generated about it (drawn from {secondary_posts}, rounded to whole posts, at least one; 0
  when none). The other posts are about the primary niche.
- `generic_hashtags_only` (true/false): the creator leaves niche hashtags off about
  {generic_posts} of their posts (about {generic_pct}% of creators, *hard*); their niche shows in
  the bio, the profile category or caption words.
- `caption_language`: the creator's own language when captions come in it (es, pt, de, fr,
  it; empty for everyone else, who caption in English); `local_caption_share`: the share of
  their posts they caption in it (drawn from {local_captions}; 0 when empty).
- `sponsored_post_rate`: the creator's own rate of sponsored posts ({sponsored_low} for most,
  {sponsored_high} for about {sponsored_high_pct}% of creators); `sponsored_posts`: how many of
  the creator's posts are sponsored (a viral post never is; a small creator at a low rate
  may have none).
- `sponsored_engagement_factor`: what sponsorship does to this creator's sponsored posts:
  likes, comments, shares and saves are multiplied by it, views by factor ** {views_exponent}.
  Lognormal with median {sponsored_median:g} and sigma {sponsored_sigma:g}: below 1 for most
  creators, above 1 for about {above_one} (their audience likes the partnerships).

## posts.csv
One row per post: `platform`, `post_id`, `creator_id`, `is_viral_post`, `has_bought_likes`,
`bought_likes_final` (bought likes once delivered), `has_bought_views`, `bought_views_final`,
`pod_commented` (the creator's pod commented on it), and:
- `niche`: the niche the post was generated about (the creator's niche or secondary niche).
- `niche_visible_in`: where the post shows that niche. hashtags: at least one of the niche's
  hashtags (English or the caption's language); caption: no niche hashtag, but the caption
  words name the niche (a niche phrase in the caption's language); none: neither, only the
  creator's profile or other posts can tell (*hard*).
- `caption_language`: en, es, pt, de, fr or it.
- `is_sponsored_truth` (true/false): a paid post.
- `sponsorship_disclosure`, for sponsored posts (empty for organic ones): flag (the dump's
  `is_sponsored` is true; the caption may disclose it too); hashtag (`is_sponsored` false or
  null, a disclosure hashtag such as #ad, #anzeige, #publi); caption (`is_sponsored` false or
  null, disclosure words in the caption such as "paid partnership with @brand", "Anzeige |");
  none (`is_sponsored` false or null and nothing discloses it: *hard*, truth only).

## comments.parquet
One row per comment in the dumps: `platform`, `comment_id`, `post_id`, `creator_id` (the
post's creator), `author_id`, `kind`, `is_inauthentic` (true for bot_*, spam_* and pod).
Kinds:
- `fan`: a genuine fan's comment (praise, a question, tagging a friend).
- `short_praise`: a genuine fan writing little: "love this", "🔥🔥", "so good". Not
  inauthentic, though bots write the same words (*hard*).
- `foreign_language`: a genuine fan writing in Spanish, German, Portuguese, French, Italian,
  Dutch, Hindi, Japanese, Arabic, Korean, Turkish or Indonesian. Creators from a country with
  its own language get {local} of fan comments in it; every creator gets {other} in
  other languages (audiences are international). Genuine fans write short praise in
  {short_praise} of their comments.
- `reply`: the creator answering a fan or pod comment.
- `bot_generic`: engagement bots' one-liners and emoji ("nice pic", "🔥"), each bot reusing a
  favourite. Modelled on automation and comment-selling services (Instagram had the
  auto-commenting service Instagress shut down in 2017) that post generic comments under
  many accounts.
- `bot_copy_paste`: the same longer sentence posted verbatim by many accounts of one farm
  under many creators, as comment farms do.
- `bot_plausible`: bots writing full, on-topic sentences ("I really appreciate the effort you
  put into this routine, it shows."), as "custom comment" packages and text generators do
  (*hard*: only the account's behaviour gives it away).
- `spam_self_promo` ("check out my page", "follow me i follow back", "DM for collab", feature-
  page offers), `spam_link` (links spelled to dodge filters: "www . site . com", "site dot
  com", "site(.)com", link shorteners), `spam_scam` (trading and "investment" testimonials,
  fake giveaways, account-recovery offers, as widely reported under YouTube and Instagram
  posts). A few are written in fullwidth or circled lookalike letters, or with spaced-out
  letters, a known trick against word filters.
- `pod`: a fellow pod member's warm, plausible comment ("Amazing shot! 😍").

## bot_accounts.csv
One row per bot or spammer account that commented: `platform`, `author_id`, `author_handle`,
`account_kind` (bot or spammer), `farm_id` (the bot farm, platform-farm-N; empty for spammers).

## The patterns, and what they are modelled on
- **Bought followers.** Follower sellers (the New York Times' 2018 "Follower Factory"
  investigation of Devumi described the trade) sell packages and deliver them within hours,
  or "drip-feed" them over days to look natural; buyers come back for more. Shapes:
  single_jump (+{single} of organic followers within {delivery_hours} h); round_package (the
  smallest of {packages} above {round} of the followers; sometimes bought
  twice); several_purchases (2-4 purchases of +{several} each); drip_feed (+{drip} over
  {drip_days} days). Afterwards {churn} of them disappear over {churn_days} days, as platforms
  remove fake accounts (Instagram announced such removals in 2018). Bought followers never
  engage, so likes and comments stay at the organic level and the engagement rate falls.
  Profiles are scraped every 6-7 days.
- **Viral spike** (*hard*, clean). About {viral_pct}% of clean creators have one post with
  {viral_low:g}-{viral_high:g}x their normal engagement, after which organic followers rise
  by +{viral_gain} over a few days (a time constant of {viral_days} days). Audit services
  describe exactly this as the legitimate counterpart of a bought jump: followers rise *with*
  engagement, not without it. Later posts keep the engagement rate of the larger audience;
  scrapers come back to the trending post (three snapshots).
- **Bot comments.** Each platform has {farms} bot farms of {bots_per_farm} accounts; a
  customer buys from one farm (sometimes two), and each farm's accounts comment on all its
  customers, across niches. Bots make up {bot_low:.0%}-{bot_high:.0%} of a customer's
  comment rows. Farms differ in how many of their bots write generic, copy-paste or
  plausible texts; some bots carry real-looking names. Most bot comments land within
  {bot_minutes} minutes of posting; {bot_late:.0%} trickle in over the next hours; on
  {burst:.0%} of posts they come in bursts of {burst_size} comments by one account a few
  seconds apart.
- **Spam on everyone.** Every creator, clean or not, gets {spam_low:.1%}-{spam_high:.1%}
  spam comments from a pool of {spammers} spammer accounts per platform ({spam_viral:g}x on
  a viral post); half land within 30 minutes of posting, when spam tools sweep new posts.
- **Engagement pods.** Instagram engagement groups (in DMs or Telegram) agree to like and
  comment on each other's new posts quickly, to signal early engagement to the ranking;
  here pods of {pod_low}-{pod_high} small creators on one platform, each member commenting
  on the others (so comments are reciprocal) on {pod_coverage} of a member's posts, and
  liking them. Most pods comment within the first hour; {pod_late:.0%} engage in scheduled
  "rounds" {late_low:g}-{late_high:g} hours after posting (*hard*: pod_timing =
  hours_later).
- **Niches.** Each creator has one of {niche_count} niches; no hashtag belongs to two niches
  or to the generic reach hashtags (#fyp, #instagood, #viral, #reels, #photooftheday ...).
  Creators leave niche hashtags off {no_niche_tags} of their posts ({generic_posts} for
  generic-only creators); of those posts {untagged} carry no hashtag at all, the rest generic
  ones only. Caption words name the post's niche on {caption_words} of posts (a phrase such as
  "today's leg day", "una receta fácil de pasta", "mein Beintraining"), whatever the
  hashtags. Creators from Spain, Mexico, Brazil, Germany, France and Italy caption in their
  language, with {local_tags} of the niche hashtags in it (#receta, #treino, #reisen) and the
  rest in English, as such creators mix them; their bio is in that language when most of
  their captions are. Fans' comments talk about the post's niche. Profiles: {generic_category}
  carry a category that says nothing ("Digital creator", "Blogger"), and "Personal Blog"
  serves both parenting and sustainability (*hard*); {secondary_bio} of the secondary-niche
  creators name that niche in their bio too. Categories are missing on 20% of profiles,
  bios on 10%.
- **Sponsored posts.** Disclosures follow what platforms and regulators ask for: the
  platforms' "Paid partnership" label (`is_sponsored`), the FTC's #ad / #sponsored, the German
  "Anzeige" / "Werbung", the Spanish and Brazilian "publi" / "publicidad(e)", the French law of
  2023 ("publicité", "collaboration commerciale"), the Italian "ADV" / "sponsorizzato". Of the
  sponsored posts, {undisclosed} disclose nothing (half of those still tag the brand);
  {words_only} carry no label but disclose in words ({by_hashtag} of them by hashtag, the
  rest in the caption); the rest are labelled, and {label_words} of those say it in words as
  well. A caption in another language discloses in English {english_disclosure} of the time.
  `is_sponsored` is null on {unlabelled_null} of the unlabelled sponsored posts and on
  {organic_null} of the organic ones. Organic posts never disclose, but some carry traps
  (*hard*): {not_sponsored_note} say "(not sponsored, just love @brand)", "(no es publi ...)",
  "(pas sponsorisé ...)", and {brand_mention} tag a brand with no disclosure; travel's
  #adventure starts like #ad and #adv. Sponsored content is widely reported to engage
  less than organic posts on average, though partnerships that fit the audience do well, hence
  the per-creator factor above.
- **Bought likes.** Like sellers deliver within hours, so early snapshots already show them;
  buyers boost only some posts ({likes_low:.0%}-{likes_high:.0%} of them; the rest are
  untouched, *hard*), by {mult_low:g}-{mult_high:g}x or in round packages
  ({like_packages} ...; {package_buyers:.0%} of buyers). {views_buyers:.0%} of them also buy
  views on their video posts. Comments are not bought, so likes per comment jump on the
  boosted posts only.
"""


def write_truth(
    connection: duckdb.DuckDBPyConnection, truth_dir: Path, config: GenerationConfig
) -> list[Path]:
    truth_dir.mkdir(parents=True, exist_ok=True)
    paths = {
        name: truth_dir / name
        for name in ("creators.csv", "posts.csv", "comments.parquet", "bot_accounts.csv")
    }
    connection.execute(
        f"""
        copy (
            with posts_per_creator as (
                select creator_idx, count(*) as posts,
                       count_if(likes_inflated) as posts_with_bought_likes,
                       count_if(post_niche_index <> niche_index) as secondary_niche_posts,
                       count_if(is_sponsored_truth) as sponsored_posts,
                       any_value(post_idx) filter (where is_viral_post) as viral_post_idx
                from posts group by creator_idx
            ),
            comment_shares as (
                select creator_idx,
                       avg((kind like 'bot%')::int) as bot_comment_share,
                       avg((kind = 'pod')::int) as pod_comment_share,
                       avg((kind like 'spam%')::int) as spam_comment_share
                from comments group by creator_idx
            )
            select c.platform, c.creator_id, c.platform || ':' || c.creator_id as creator_key,
                   c.niche, c.follower_tier, c.bought_followers, c.bot_comments,
                   c.engagement_pod, c.bought_likes, c.pod_id, c.has_viral_spike, c.is_clean,
                   c.purchase_pattern as follower_purchase_pattern,
                   coalesce(len(c.purchases), 0) as follower_purchases,
                   round(bought_followers_at(c.purchases, {config.end_epoch}))::bigint
                       as bought_followers_end,
                   coalesce(p.posts, 0) as posts,
                   coalesce(p.posts_with_bought_likes, 0) as posts_with_bought_likes,
                   c.buys_views as bought_views, c.pod_timing, d.post_id as viral_post_id,
                   round(coalesce(s.bot_comment_share, 0), 4) as bot_comment_share,
                   round(coalesce(s.pod_comment_share, 0), 4) as pod_comment_share,
                   round(coalesce(s.spam_comment_share, 0), 4) as spam_comment_share,
                   words_niche_names()[c.secondary_niche_index + 1] as secondary_niche,
                   round(coalesce(p.secondary_niche_posts / p.posts, 0), 4)
                       as secondary_niche_share,
                   c.generic_hashtags_only,
                   case when c.caption_language > 1
                        then words_caption_languages()[c.caption_language] end
                       as caption_language,
                   round(c.local_caption_share, 4) as local_caption_share,
                   round(c.sponsored_post_rate, 4) as sponsored_post_rate,
                   coalesce(p.sponsored_posts, 0) as sponsored_posts,
                   round(c.sponsored_engagement_factor, 4) as sponsored_engagement_factor
            from creators as c
            left join posts_per_creator as p using (creator_idx)
            left join comment_shares as s using (creator_idx)
            left join post_details as d on d.post_idx = p.viral_post_idx
            order by c.creator_idx
        ) to '{_escaped(paths["creators.csv"])}' (format csv, header)
        """
    )
    connection.execute(
        f"""
        copy (
            select p.platform, d.post_id, p.creator_id, p.is_viral_post,
                   p.likes_inflated as has_bought_likes,
                   p.bought_likes_final::bigint as bought_likes_final,
                   p.views_inflated as has_bought_views,
                   p.bought_views_final::bigint as bought_views_final, p.pod_commented,
                   words_niche_names()[p.post_niche_index + 1] as niche, d.niche_visible_in,
                   d.caption_language, p.is_sponsored_truth, d.sponsorship_disclosure
            from posts as p join post_details as d using (post_idx)
            order by p.post_idx
        ) to '{_escaped(paths["posts.csv"])}' (format csv, header)
        """
    )
    connection.execute(
        f"""
        copy (
            select m.platform, m.comment_id, m.post_id, c.creator_id, m.author_id, m.kind,
                   m.is_inauthentic
            from comments as m join creators as c using (creator_idx)
            order by m.post_idx, m.comment_key
        ) to '{_escaped(paths["comments.parquet"])}' (format parquet)
        """
    )
    connection.execute(
        f"""
        copy (
            select platform, author_id, any_value(author_handle) as author_handle,
                   case when any_value(kind) like 'bot%' then 'bot' else 'spammer' end
                       as account_kind,
                   any_value(author_group) as farm_id
            from comments where kind like 'bot%' or kind like 'spam%'
            group by platform, author_id order by all
        ) to '{_escaped(paths["bot_accounts.csv"])}' (format csv, header)
        """
    )
    readme_path = truth_dir / "README.md"
    readme_path.write_text(_readme(config))
    return [*paths.values(), readme_path]


def _readme(config: GenerationConfig) -> str:
    def share_range(bounds: tuple[float, float]) -> str:
        return f"{bounds[0]:.0%}-{bounds[1]:.0%}"

    def numbers(values: tuple[int, ...]) -> str:
        return " / ".join(f"{value:,}" for value in values)

    # Share of creators whose sponsored posts do better than their organic ones.
    above_one = 1 - NormalDist().cdf(
        log(1 / config.sponsored_engagement_median) / config.sponsored_engagement_sigma
    )
    return README.format(
        seed=config.seed,
        creators=config.creators,
        end_date=config.end_date,
        fraud_pct=round(config.fraud_share * 100),
        local=share_range(config.local_language_share),
        other=share_range(config.other_language_share),
        short_praise=share_range(config.short_praise_share),
        single=share_range(config.single_purchase_share),
        delivery_hours="-".join(f"{hours:g}" for hours in config.purchase_delivery_hours),
        packages=numbers(config.follower_packages[:5]) + " / ...",
        round=share_range(config.round_package_share),
        several=share_range(config.several_purchase_share),
        drip=share_range(config.drip_feed_share),
        drip_days="-".join(f"{days:g}" for days in config.drip_feed_days),
        churn=share_range(config.follower_churn),
        churn_days=config.follower_churn_days,
        viral_pct=round(config.viral_spike_share * 100),
        viral_low=config.viral_engagement_multiplier[0],
        viral_high=config.viral_engagement_multiplier[1],
        viral_gain=share_range(config.viral_follower_gain).replace("-", " to +"),
        viral_days="-".join(f"{days:g}" for days in config.viral_follower_days),
        farms=config.bot_farms_per_platform,
        bots_per_farm=config.bots_per_farm,
        bot_low=config.bot_comment_share[0],
        bot_high=config.bot_comment_share[1],
        bot_minutes=config.bot_comment_minutes,
        bot_late=config.bot_late_share,
        burst=config.bot_burst_post_share,
        burst_size="-".join(str(size) for size in config.bot_burst_size),
        spam_low=config.spam_comment_share[0],
        spam_high=config.spam_comment_share[1],
        spammers=config.spammer_accounts_per_platform,
        spam_viral=config.spam_viral_multiplier,
        pod_low=config.pod_size[0],
        pod_high=config.pod_size[1],
        pod_coverage=share_range(config.pod_post_coverage),
        pod_late=config.pod_late_share,
        late_low=config.pod_late_hours[0],
        late_high=config.pod_late_hours[1],
        likes_low=config.bought_likes_post_share[0],
        likes_high=config.bought_likes_post_share[1],
        mult_low=config.bought_likes_multiplier[0],
        mult_high=config.bought_likes_multiplier[1],
        like_packages=numbers(config.like_packages[:4]),
        package_buyers=config.bought_likes_package_buyers,
        views_buyers=config.bought_views_buyers,
        niches=", ".join(NICHES),
        niche_count=len(NICHES),
        secondary_pct=round(config.secondary_niche_creators * 100),
        secondary_posts=share_range(config.secondary_niche_posts),
        generic_posts=f"{config.generic_tag_creator_posts:.0%}",
        generic_pct=round(config.generic_tag_creators * 100),
        local_captions=share_range(config.local_caption_share),
        sponsored_low=share_range(config.sponsored_rate_low),
        sponsored_high=share_range(config.sponsored_rate_high),
        sponsored_high_pct=round(config.sponsored_rate_high_creators * 100),
        views_exponent=config.sponsored_views_exponent,
        sponsored_median=config.sponsored_engagement_median,
        sponsored_sigma=config.sponsored_engagement_sigma,
        above_one=f"{above_one:.0%}",
        no_niche_tags=f"{config.no_niche_tag_posts:.0%}",
        untagged=f"{config.untagged_posts:.0%}",
        caption_words=f"{config.caption_niche_words:.0%}",
        local_tags=f"{config.local_hashtag_share:.0%}",
        generic_category=f"{config.generic_category_share:.0%}",
        secondary_bio=f"{config.secondary_bio_share:.0%}",
        undisclosed=f"{config.undisclosed_share:.0%}",
        words_only=f"{config.words_only_share:.0%}",
        by_hashtag=f"{config.hashtag_disclosure_share:.0%}",
        label_words=f"{config.label_with_words_share:.0%}",
        english_disclosure=f"{config.english_disclosure_share:.0%}",
        unlabelled_null=f"{config.unlabelled_null_share:.0%}",
        organic_null=f"{config.organic_null_share:.0%}",
        not_sponsored_note=f"{config.not_sponsored_note_share:.0%}",
        brand_mention=f"{config.brand_mention_share:.0%}",
    )


def _escaped(path: Path) -> str:
    return str(path).replace("'", "''")
