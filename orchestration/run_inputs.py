"""What a run's result depends on, as one digest: so a re-run with nothing new costs nothing.

The digest covers the dump files (path, size, modification time), the run's settings, the user's
reference files (content), the pseudonym key (its digest, never the key), and the code that turns
them into marts (the dbt project and the Python packages, by content). A run whose release became
current records the digest beside the release id; the next run with the same digest, while that
release is still current, does nothing and says so (`bignoise run --rebuild` runs anyway).
Anything that could change a served number changes the digest; `bignoise unload` forgets it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from orchestration.pseudonym import pseudonym_key
from orchestration.settings import DBT_PROJECT_DIR, PROJECT_ROOT, BignoiseSettings

RECORD_NAME = "last_published_inputs.json"
# The dbt project's code (also what orchestration/incremental_state.py digests), then ours.
DBT_CODE_FOLDERS = ("models", "macros", "seeds", "tests")
DBT_CODE_FILES = ("dbt_project.yml", "profiles.yml")
PYTHON_CODE_FOLDERS = (PROJECT_ROOT / "orchestration", PROJECT_ROOT / "assets")
CODE_SUFFIXES = {".sql", ".yml", ".yaml", ".csv", ".py"}


def code_files(folders, files=()) -> list[Path]:
    """The code files (CODE_SUFFIXES) under `folders`, plus `files`."""
    found = [
        path
        for folder in folders
        for path in Path(folder).rglob("*")
        if path.is_file() and path.suffix in CODE_SUFFIXES
    ]
    return [*found, *files]


def dbt_project_files(project_dir: Path) -> list[Path]:
    return code_files(
        [project_dir / name for name in DBT_CODE_FOLDERS],
        [project_dir / name for name in DBT_CODE_FILES],
    )


def _digest_files(digest, paths: list[Path]) -> None:
    for path in sorted(paths):
        digest.update(str(path).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def files_digest(paths: list[Path]) -> str:
    """One digest of the files' paths and contents."""
    digest = hashlib.sha256()
    _digest_files(digest, paths)
    return digest.hexdigest()


def inputs_digest(settings: BignoiseSettings, days=None) -> str:
    """`days`: a backfill's DayRange (it selects which files are read), or None."""
    from orchestration.sensors import dump_files_fingerprint  # imports dagster: only when used

    digest = hashlib.sha256()
    digest.update(f"dumps:{dump_files_fingerprint(settings.dumps_path)}\n".encode())
    if days is not None:
        digest.update(f"days:{days.first}..{days.last}\n".encode())
    digest.update(json.dumps(settings.model_dump(), sort_keys=True, default=str).encode())
    references = [settings.rate_card_file, settings.niche_taxonomy_file]
    _digest_files(digest, [Path(f).expanduser().resolve() for f in references if f])
    key, _ = pseudonym_key(settings.warehouse_path)
    digest.update(hashlib.sha256(key.encode()).digest())
    _digest_files(digest, [*dbt_project_files(DBT_PROJECT_DIR), *code_files(PYTHON_CODE_FOLDERS)])
    return digest.hexdigest()


def record_path(settings: BignoiseSettings) -> Path:
    return settings.warehouse_path / "work" / RECORD_NAME


def recorded_release(settings: BignoiseSettings, digest: str) -> str | None:
    """The release a previous run published from exactly these inputs, if any."""
    record = record_path(settings)
    if not record.is_file():
        return None
    recorded = json.loads(record.read_text())
    return recorded["release_id"] if recorded.get("inputs_digest") == digest else None


def remember(settings: BignoiseSettings, digest: str, release_id: str) -> None:
    record = record_path(settings)
    temporary = record.with_suffix(".tmp")
    temporary.write_text(json.dumps({"inputs_digest": digest, "release_id": release_id}) + "\n")
    temporary.replace(record)


def forget(settings: BignoiseSettings) -> None:
    record_path(settings).unlink(missing_ok=True)
