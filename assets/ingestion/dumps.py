"""Checks on the dumps folder as a whole, before any file is read."""

from __future__ import annotations

from pathlib import Path

from assets.ingestion.contract import ENTITIES
from assets.ingestion.files import discover_files


class DumpsFolderError(Exception):
    """The dumps folder is missing, or holds none of the entity folders, or no files at all."""


def check_dumps_folder(dumps_dir: Path) -> None:
    if not dumps_dir.is_dir():
        raise DumpsFolderError(f"dumps folder {dumps_dir} does not exist")
    folders = [dumps_dir / entity.folder for entity in ENTITIES.values()]
    present = [folder for folder in folders if folder.is_dir()]
    if not present:
        expected = ", ".join(f"{entity.folder}/" for entity in ENTITIES.values())
        raise DumpsFolderError(f"dumps folder {dumps_dir} holds none of {expected}")
    if not any(discover_files(folder) for folder in present):
        raise DumpsFolderError(f"dumps folder {dumps_dir} holds no files")
