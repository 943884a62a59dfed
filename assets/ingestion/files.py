"""Finding dump files and fingerprinting their content."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from assets.ingestion.contract import FILE_FORMATS, Entity
from assets.ingestion.native_shapes import NATIVE_FILE_FORMATS, SIDECAR_ENDING, NativeEntity


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


def file_format(path: Path, formats: dict[str, str] = FILE_FORMATS) -> str | None:
    name = path.name.lower()
    for ending, reader in formats.items():
        if name.endswith(ending):
            return reader
    return None


def discover_files(
    folder: Path, formats: dict[str, str] = FILE_FORMATS, skip_ending: str | None = None
) -> list[DumpFile]:
    """All files under `folder`, at any depth, sorted by path; hidden files and folders are left
    out, and files named with `skip_ending` (a native dump's sidecar). Symlinked folders are
    followed (each real folder read once, so a link loop ends)."""
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
            if not name.startswith(".")
            and (Path(root) / name).is_file()
            and not (skip_ending and name.lower().endswith(skip_ending))
        ]
    return [DumpFile(path, file_format(path, formats)) for path in sorted(files)]


def content_hash(path: Path, chunk_bytes: int = 1 << 20) -> str:
    """SHA-256 of the file's bytes, read in chunks: the same content is loaded only once."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(chunk_bytes):
            digest.update(chunk)
    return digest.hexdigest()


def entity_files(dumps_dir: Path, entity: Entity) -> list[DumpFile]:
    """The dump files of one entity: its folder's files, read with the entity's formats (a
    platform-native shape reads .json and .jsonl files, and skips their sidecars)."""
    if isinstance(entity, NativeEntity):
        return discover_files(dumps_dir / entity.folder, NATIVE_FILE_FORMATS, SIDECAR_ENDING)
    return discover_files(dumps_dir / entity.folder)
