"""Checks on the dumps folder as a whole, before any file is read."""

from __future__ import annotations

from pathlib import Path

from assets.ingestion.contract import ENTITIES
from assets.ingestion.files import entity_files
from assets.ingestion.native_shapes import NATIVE_ENTITIES


class DumpsFolderError(Exception):
    """The dumps folder is missing, or holds none of the entity folders, or no files at all."""


def check_dumps_folder(dumps_dir: Path) -> None:
    if not dumps_dir.is_dir():
        raise DumpsFolderError(f"dumps folder {dumps_dir} does not exist")
    entities = [*ENTITIES.values(), *NATIVE_ENTITIES.values()]
    present = [entity for entity in entities if (dumps_dir / entity.folder).is_dir()]
    if not present:
        expected = ", ".join(dict.fromkeys(f"{e.folder.split('/')[0]}/" for e in entities))
        raise DumpsFolderError(f"dumps folder {dumps_dir} holds none of {expected}")
    if not any(entity_files(dumps_dir, entity) for entity in present):
        raise DumpsFolderError(f"dumps folder {dumps_dir} holds no files")
