"""Scoring definitions the dbt project holds and the CLI shows: follower tiers and bands, and the
recommendation thresholds. They are dbt vars (dbt_project.yml), defined there once; this module
reads them so the CLI's labels and the reference-file checks can never disagree with the marts."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import yaml

from orchestration.settings import DBT_PROJECT_DIR


@dataclass(frozen=True)
class FollowerSegment:
    """A tier or band: from min_followers (inclusive) up to the next segment's (exclusive)."""

    name: str
    min_followers: int
    max_followers: int | None  # exclusive; None = no upper bound
    order: int

    @property
    def label(self) -> str:
        if self.max_followers is None:
            return f"{self.min_followers:,} followers or more"
        if self.min_followers == 0:
            return f"under {self.max_followers:,} followers"
        return f"{self.min_followers:,} to {self.max_followers - 1:,} followers"


@cache
def project_vars() -> dict:
    return yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text())["vars"]


def _segments(var_name: str) -> tuple[FollowerSegment, ...]:
    declared = project_vars()[var_name]
    bounds = [int(item["min_followers"]) for item in declared]
    return tuple(
        FollowerSegment(
            name=item["name"],
            min_followers=bounds[index],
            max_followers=bounds[index + 1] if index + 1 < len(bounds) else None,
            order=index + 1,
        )
        for index, item in enumerate(declared)
    )


def follower_tiers() -> tuple[FollowerSegment, ...]:
    return _segments("follower_tiers")


def follower_bands() -> tuple[FollowerSegment, ...]:
    return _segments("follower_bands")


def recommendation_rules() -> dict[str, float]:
    """avoid_below, review_below (authenticity points) and review_min_deduction (points)."""
    return dict(project_vars()["recommendation"])
