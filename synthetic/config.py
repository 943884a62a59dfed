"""Every knob of the synthetic dumps in one place: shares, ranges and sizes.

A pair `(low, high)` is the range a per-creator (or per-post) value is drawn from. What each
pattern is modelled on is written up in the truth README (synthetic/truth.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class FollowerTier:
    name: str
    share: float  # of all creators
    low: int  # followers at end_date, organic (bought followers come on top)
    high: int


@dataclass(frozen=True)
class GenerationConfig:
    creators: int = 200
    seed: int = 42
    end_date: str = "2026-11-01T00:00:00Z"
    history_days: int = 200  # creators post over this many days before end_date

    platform_shares: tuple[tuple[str, float], ...] = (
        ("instagram", 0.45),
        ("tiktok", 0.35),
        ("youtube", 0.20),
    )
    tiers: tuple[FollowerTier, ...] = (
        FollowerTier("sub_1k", 0.10, 150, 1_000),
        FollowerTier("micro", 0.65, 1_000, 100_000),
        FollowerTier("macro", 0.20, 100_000, 1_000_000),
        FollowerTier("mega", 0.05, 1_000_000, 20_000_000),
    )
    posts_per_creator: tuple[int, int] = (5, 50)
    profile_coverage: float = 0.85  # creators with profile snapshots (follower cases always)

    # Comments: rows in the dump are a sample of each post's organic comment count, capped so a
    # mega creator's post does not dominate the totals. Inauthentic comments are all kept.
    comment_sample_share: float = 0.6
    comment_rows_cap_per_post: int = 120
    creator_reply_share_max: float = 0.6

    # Genuine fans: short praise and emoji, and comments in other languages.
    short_praise_share: tuple[float, float] = (0.10, 0.30)  # of a creator's fan comments
    local_language_share: tuple[float, float] = (0.15, 0.45)  # fans writing the creator's language
    other_language_share: tuple[float, float] = (0.01, 0.05)  # fans writing any other language

    # Spam every public account receives, whatever its owner does.
    spam_comment_share: tuple[float, float] = (0.005, 0.03)
    spam_rows_cap_per_post: int = 30
    spam_viral_multiplier: float = 3.0  # spammers pile onto viral posts
    spammer_accounts_per_platform: int = 200

    # Fraud patterns: each drawn independently, so a creator may carry several.
    fraud_share: float = 0.08

    # Bought followers: the shape of the purchases (share of bought-follower creators each).
    follower_purchase_patterns: tuple[tuple[str, float], ...] = (
        ("single_jump", 0.35),
        ("round_package", 0.20),
        ("several_purchases", 0.25),
        ("drip_feed", 0.20),
    )
    purchase_delivery_hours: tuple[float, float] = (1.0, 36.0)  # all but drip_feed
    single_purchase_share: tuple[float, float] = (0.3, 3.0)  # of organic followers, log-uniform
    several_purchase_share: tuple[float, float] = (0.15, 0.6)  # each of 2-4 purchases
    round_package_share: tuple[float, float] = (0.4, 1.5)  # the smallest package above this
    follower_packages: tuple[int, ...] = (
        1_000, 2_500, 5_000, 10_000, 20_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000
    )  # fmt: skip
    drip_feed_days: tuple[float, float] = (2.0, 6.0)
    drip_feed_share: tuple[float, float] = (0.5, 2.0)
    follower_churn: tuple[float, float] = (0.0, 0.3)  # of bought followers lost ...
    follower_churn_days: int = 60  # ... over this many days after delivery

    # Genuine viral moments (clean creators only): one post far above normal, and the followers
    # rising in the days after it.
    viral_spike_share: float = 0.04  # of clean creators
    viral_engagement_multiplier: tuple[float, float] = (5.0, 30.0)  # log-uniform
    viral_follower_gain: tuple[float, float] = (0.2, 1.5)  # +20% .. +150%
    viral_follower_days: tuple[float, float] = (1.0, 4.0)  # time constant of the rise

    # Bought likes: on some posts only, by a multiple or in round packages, delivered in hours.
    bought_likes_post_share: tuple[float, float] = (0.4, 1.0)
    bought_likes_multiplier: tuple[float, float] = (2.0, 12.0)  # log-uniform
    bought_likes_package_buyers: float = 0.4
    like_packages: tuple[int, ...] = (
        100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000
    )  # fmt: skip
    bought_likes_delivery_hours: tuple[float, float] = (0.5, 6.0)
    bought_views_buyers: float = 0.5  # of bought-likes creators, on their video posts
    bought_views_multiplier: tuple[float, float] = (2.0, 8.0)

    # Bot comments: farms of bot accounts per platform, each customer served by one or two.
    bot_comment_share: tuple[float, float] = (0.2, 0.7)
    bot_farms_per_platform: int = 3
    bots_per_farm: int = 120
    bot_comment_minutes: int = 30  # most bot comments land within this many minutes ...
    bot_late_share: float = 0.15  # ... the rest trickle in over the next hours
    bot_late_hours: int = 6
    bot_burst_post_share: float = 0.35  # posts where bots fire several comments in seconds
    bot_burst_size: tuple[int, int] = (2, 5)

    # Engagement pods of creators on one platform.
    pod_size: tuple[int, int] = (6, 10)
    pod_comment_share: tuple[float, float] = (0.25, 0.5)
    pod_post_coverage: tuple[float, float] = (0.6, 0.95)  # of a member's posts the pod comments on
    pod_late_share: float = 0.3  # pods that engage in scheduled rounds, hours after posting
    pod_late_hours: tuple[float, float] = (1.5, 14.0)

    # Niches: a second topic for some creators, posts that carry no niche hashtag, captions in
    # the creator's language (Spanish, Portuguese, German, French, Italian).
    secondary_niche_creators: float = 0.25  # creators with a secondary niche ...
    secondary_niche_posts: tuple[float, float] = (0.15, 0.35)  # ... this share of their posts
    no_niche_tag_posts: float = 0.18  # a creator's posts without any niche hashtag ...
    generic_tag_creators: float = 0.10  # ... except these creators' ...
    generic_tag_creator_posts: float = 0.85  # ... who leave them off this share of their posts
    untagged_posts: float = 0.4  # of the posts without niche hashtags: none at all (else generic)
    caption_niche_words: float = 0.65  # posts whose caption words name the post's niche
    local_caption_share: tuple[float, float] = (0.3, 1.0)  # captions in the creator's language
    local_hashtag_share: float = 0.5  # niche hashtags of such a caption in its language
    generic_category_share: float = 0.3  # profiles with a category like "Digital creator"
    secondary_bio_share: float = 0.5  # secondary-niche creators naming it in their bio

    # Sponsored posts: each creator's own rate, how each post discloses it, and how it does.
    sponsored_rate_low: tuple[float, float] = (0.0, 0.05)  # most creators ...
    sponsored_rate_high: tuple[float, float] = (0.10, 0.30)  # ... and these
    sponsored_rate_high_creators: float = 0.25
    sponsored_engagement_median: float = 0.75  # lognormal factor on likes, comments, shares,
    sponsored_engagement_sigma: float = 0.35  # saves of a creator's sponsored posts
    sponsored_views_exponent: float = 0.6  # views scale by factor ** this
    undisclosed_share: float = 0.10  # sponsored posts that disclose nothing
    words_only_share: float = 0.22  # sponsored posts with no label, disclosed in words
    label_with_words_share: float = 0.4  # labelled posts that disclose in words as well
    hashtag_disclosure_share: float = 0.55  # disclosures in words: by hashtag (else caption)
    english_disclosure_share: float = 0.25  # local-language captions disclosing in English
    unlabelled_null_share: float = 0.2  # sponsored without the label: is_sponsored null, else false
    organic_null_share: float = 0.05  # organic posts: is_sponsored null, else false
    not_sponsored_note_share: float = 0.03  # organic posts saying "not sponsored"
    brand_mention_share: float = 0.04  # organic posts tagging a brand, no disclosure
    undisclosed_brand_share: float = 0.5  # undisclosed sponsored posts tagging the brand

    fans_per_niche: int = 200_000  # the pool fans of one niche and platform are drawn from
    comment_rows_per_file: int = 250_000

    @property
    def end_epoch(self) -> int:
        """end_date as epoch seconds; a date without an offset is UTC, as in the input contract."""
        moment = datetime.fromisoformat(self.end_date.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return int(moment.timestamp())

    @property
    def start_epoch(self) -> int:
        return self.end_epoch - self.history_days * 86_400

    @property
    def history_seconds(self) -> int:
        return self.history_days * 86_400
