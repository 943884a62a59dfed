"""The day a dump file belongs to: what Dagster's daily partitions and `bignoise run --from D1
--to D2` select files by.

A file belongs to the first full date in its path below the dumps folder, folders first, then the
file name: `comments/2026-11-01/part-1.parquet`, `posts/tiktok/2026-11-01.jsonl.gz` and
`profiles/snapshots-20261101.csv` all belong to 2026-11-01. A path without a full date (a month
such as `2026-10.jsonl`, or none, as in `part-00001.parquet`) belongs to the day it arrived: its
modification time's UTC date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from orchestration.settings import env

# 2026-11-01, 2026_11_01 or 20261101, not inside a longer run of digits (an id, an epoch).
FULL_DATE = re.compile(r"(?<!\d)(\d{4})[-_]?(\d{2})[-_]?(\d{2})(?!\d)")


@dataclass(frozen=True)
class DayRange:
    first: date
    last: date

    def __contains__(self, day: date) -> bool:
        return self.first <= day <= self.last


def first_dump_day() -> date:
    """The first day of the daily partitions (BIGNOISE_FIRST_DUMP_DAY; assets/ingestion_asset.py
    says why it is not far back); a value that is not a day raises a ValueError naming it."""
    text = env("BIGNOISE_FIRST_DUMP_DAY")
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise ValueError(f"BIGNOISE_FIRST_DUMP_DAY is not a day as YYYY-MM-DD: {text!r}") from error


def date_in_path(relative: Path) -> date | None:
    for part in relative.parts:
        for match in FULL_DATE.finditer(part):
            try:
                return date(*(int(group) for group in match.groups()))
            except ValueError:  # 2026-13-45: digits, not a date
                continue
    return None


def dump_day(path: Path, dumps_dir: Path) -> date:
    try:
        relative = path.relative_to(dumps_dir)
    except ValueError:
        relative = Path(path.name)
    found = date_in_path(relative)
    if found is not None:
        return found
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).date()
