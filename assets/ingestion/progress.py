"""Live progress of one entity's ingestion, for a person watching: files read, records so far,
records/s and, since the files' sizes are known up front, the time left to read them. Files
skipped as already loaded (not read) are counted apart and left out of the time left."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class IngestProgress:
    entity: str
    say: Callable[[str], None]
    # At most one line this often (and one for the last file): thousands of files stay readable.
    every_seconds: float = 2.0
    files_total: int = 0
    bytes_total: int = 0
    files_done: int = 0
    bytes_done: int = 0
    files_skipped: int = 0
    records: int = 0
    started: float = field(default_factory=time.perf_counter)
    last_said: float = 0.0

    def start(self, files_total: int, bytes_total: int) -> None:
        self.files_total, self.bytes_total = files_total, bytes_total
        self.started = time.perf_counter()

    def file_read(self, size_bytes: int, records: int, skipped: bool = False) -> None:
        self.files_done += 1
        if skipped:
            self.files_skipped += 1
            self.bytes_total -= size_bytes  # not read: no part of the reading time
        else:
            self.bytes_done += size_bytes
        self.records += records
        now = time.perf_counter()
        if now - self.last_said < self.every_seconds and self.files_done < self.files_total:
            return
        self.last_said = now
        self.say(self.line(now - self.started))

    def line(self, elapsed: float) -> str:
        rate = self.records / elapsed if elapsed > 0 else 0.0
        skipped = f" ({self.files_skipped} already loaded, skipped)" if self.files_skipped else ""
        text = (
            f"{self.entity}: {self.files_done} of {self.files_total} files{skipped},"
            f" {self.records:,} records read ({rate:,.0f} records/s)"
        )
        reading_left = self.bytes_total > self.bytes_done
        if self.files_done < self.files_total and reading_left and self.bytes_done and elapsed > 0:
            left = elapsed * (self.bytes_total - self.bytes_done) / self.bytes_done
            text += f", about {left:.0f} s left to read"
        return text

    def validating(self) -> None:
        if self.records:
            self.say(f"{self.entity}: checking and loading {self.records:,} records")
