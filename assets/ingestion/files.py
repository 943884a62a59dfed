"""Finding dump files and fingerprinting their content."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from assets.ingestion.contract import FILE_FORMATS


@dataclass(frozen=True)
class DumpFile:
    path: Path
    format: str | None  # None: a file type the readers do not understand

    @property
    def size_bytes(self) -> int:
        return self.path.stat().st_size

    @property
    def modified_at(self) -> datetime:
        """Modification time, UTC, naive (as DuckDB timestamps are stored), to the microsecond."""
        nanoseconds = self.path.stat().st_mtime_ns
        whole_seconds = datetime.fromtimestamp(nanoseconds // 1_000_000_000, tz=UTC)
        fraction = timedelta(microseconds=nanoseconds % 1_000_000_000 // 1_000)
        return (whole_seconds + fraction).replace(tzinfo=None)


def file_format(path: Path) -> str | None:
    name = path.name.lower()
    for ending, reader in FILE_FORMATS.items():
        if name.endswith(ending):
            return reader
    return None


def discover_files(folder: Path) -> list[DumpFile]:
    """All files under `folder`, at any depth, sorted by path; hidden files and folders are left
    out. Symlinked folders are followed (each real folder read once, so a link loop ends)."""
    if not folder.is_dir():
        return []
    files: list[Path] = []
    seen_folders: set[Path] = set()
    for root, folders, names in os.walk(folder, followlinks=True):
        real = Path(root).resolve()
        if real in seen_folders:
            folders[:] = []
            continue
        seen_folders.add(real)
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        files += [
            Path(root) / name
            for name in names
            if not name.startswith(".") and (Path(root) / name).is_file()
        ]
    return [DumpFile(path, file_format(path)) for path in sorted(files)]


def content_hash(path: Path, chunk_bytes: int = 1 << 20) -> str:
    """SHA-256 of the file's bytes, read in chunks: the same content is loaded only once."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(chunk_bytes):
            digest.update(chunk)
    return digest.hexdigest()
