"""When a native dump file was scraped: API responses do not say, so the file has to.

In this order (docs/native-dumps.md):
1. `sidecar`: a `<file>.meta.json` beside it, `{"scraped_at": "2026-05-20T10:15:00Z"}`;
2. `file_name`: a timestamp or date in the file's name (`2026-05-20T101500`, `2026-05-20`,
   `20260520`), read as UTC; else in the name of its folder, the nearest first (a file that must
   be named by its user or media id sits in a dated folder: `users/2026-05-20/juno.dances.json`);
3. `mtime`: the file's modification time, UTC.
Shapes whose records carry it (yt-dlp's `epoch`) use `record` instead. The text is checked like
any timestamp field (validation.py): a sidecar with a bad time quarantines the file's records
with the usual reason.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from assets.ingestion.files import DumpFile
from assets.ingestion.native_shapes import SIDECAR_ENDING

# 2026-05-20T101500, 2026-05-20T10:15:00, 20260520T101500 (time optional), not inside a longer
# run of digits (an id, an epoch).
NAME_TIMESTAMP = re.compile(
    r"(?<!\d)(\d{4})[-_]?(\d{2})[-_]?(\d{2})(?:[T_ ](\d{2}):?(\d{2}):?(\d{2})?)?(?!\d)"
)


@dataclass(frozen=True)
class ScrapeTime:
    text: str | None  # ISO 8601 text, UTC; None when the records carry it
    source: str  # sidecar, file_name, mtime or record


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_ENDING)


def scrape_time(dump_file: DumpFile, dumps_dir: Path, in_record: bool = False) -> ScrapeTime:
    """The file's scrape time; folder names are read below `dumps_dir` only."""
    if in_record:
        return ScrapeTime(None, "record")
    sidecar = sidecar_path(dump_file.path)
    if sidecar.is_file():
        return ScrapeTime(_sidecar_text(sidecar), "sidecar")
    folders = dump_file.path.relative_to(dumps_dir).parent.parts[::-1]
    for name in (dump_file.path.name, *folders):
        from_name = _name_text(name)
        if from_name is not None:
            return ScrapeTime(from_name, "file_name")
    return ScrapeTime(dump_file.modified_at.isoformat(), "mtime")


def _sidecar_text(sidecar: Path) -> str:
    """The sidecar's scraped_at as text; an unreadable sidecar gives its problem as the text, so
    the records are quarantined as having an unparsable scraped_at naming it."""
    try:
        value = json.loads(sidecar.read_text(encoding="utf-8")).get("scraped_at")
    except (OSError, ValueError, AttributeError) as error:
        return f"unreadable sidecar {sidecar.name}: {error}"[:200]
    return "" if value is None else str(value)


def _name_text(name: str) -> str | None:
    """The first real date (and time) in the name; digits that are no date (an id such as
    12345678) are passed over."""
    for match in NAME_TIMESTAMP.finditer(name):
        year, month, day, hour, minute, second = match.groups()
        text = f"{year}-{month}-{day}"
        if hour is not None:
            text += f"T{hour}:{minute}:{second or '00'}"
        try:
            datetime.fromisoformat(text)
        except ValueError:
            continue
        return text
    return None
