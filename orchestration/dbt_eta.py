"""How long the rest of a dbt build will take, judged from the warehouse's previous build.

dbt cannot say how long a build will take, but the previous build of the same warehouse can: its
run_results.json says when each node finished. From it, each model's *completion share* is the
part of that build's wall time gone when the model finished (0.4: 40 % in). When the same model
finishes in this build after t seconds, the whole build is estimated at t / share, so the estimate
scales with the data (a build twice as slow as the last one finishes twice as late) rather than
repeating the last build's seconds. No estimate without a previous build, for models it did not
build, or before 10 % of it (too early to say).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

RESULTS_FILE = "run_results.json"
EARLIEST_SHARE = 0.1


def latest_run_results(targets_dir: Path) -> Path | None:
    """The run_results.json of the newest dbt target folder of a warehouse, if any."""
    if not targets_dir.is_dir():
        return None
    found = sorted(targets_dir.glob(f"*/{RESULTS_FILE}"), key=lambda path: path.stat().st_mtime)
    return found[-1] if found else None


def completion_shares(run_results: Path | None) -> dict[str, float]:
    """Node name (`int_comments_flagged`) -> share of the build's wall time gone when it ended.
    An unreadable or empty file gives no shares (the progress then shows no estimate)."""
    if run_results is None:
        return {}
    try:
        results = json.loads(run_results.read_text())["results"]
        spans = {
            result["unique_id"].split(".")[-1]: (
                _time(min(step["started_at"] for step in result["timing"])),
                _time(max(step["completed_at"] for step in result["timing"])),
            )
            for result in results
            if result.get("timing")
        }
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if not spans:
        return {}
    start = min(began for began, _ in spans.values())
    wall = (max(ended for _, ended in spans.values()) - start).total_seconds()
    if wall <= 0:
        return {}
    return {name: (ended - start).total_seconds() / wall for name, (_, ended) in spans.items()}


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def seconds_left(shares: dict[str, float], node_name: str, elapsed: float) -> float | None:
    """The estimated rest of the build when `node_name` finished `elapsed` seconds in."""
    share = shares.get(node_name)
    if share is None or share < EARLIEST_SHARE:
        return None
    return max(0.0, elapsed / share - elapsed)
