"""Every knob of the synthetic dumps in one place: shares, ranges and sizes."""

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
    profile_coverage: float = 0.85  # creators with profile snapshots (bought-follower ones always)

    # Comments: rows in the dump are a sample of each post's organic comment count, capped so a
    # mega creator's post does not dominate the totals.
    comment_sample_share: float = 0.6
    comment_rows_cap_per_post: int = 120
    creator_reply_share_max: float = 0.6

    # Fraud patterns: each drawn independently, so a creator may carry several.
    fraud_share: float = 0.08
    bought_follower_multiplier: tuple[float, float] = (1.65, 3.9)  # +65% .. +290% in one week
    bought_likes_multiplier: tuple[float, float] = (4.0, 10.0)
    bot_comment_share: tuple[float, float] = (0.3, 0.7)
    bot_accounts_per_platform: int = 300
    bot_comment_minutes: int = 30  # bots comment within this many minutes of posting
    pod_size: tuple[int, int] = (6, 10)
    pod_comment_share: tuple[float, float] = (0.25, 0.5)
    pod_post_coverage: float = 0.85  # share of a pod member's posts the pod comments on

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
