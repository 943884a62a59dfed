"""generate_dumps: build every table in an in-memory DuckDB, then write dumps and truth."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from synthetic.accounts import register_account_macros
from synthetic.comments import create_comments
from synthetic.config import GenerationConfig
from synthetic.creators import create_creators
from synthetic.followers import register_follower_macros
from synthetic.native_writers import NATIVE_FOLDERS, write_native
from synthetic.posts import create_post_snapshots, create_posts
from synthetic.profiles import create_profile_snapshots
from synthetic.randoms import register_random_macros
from synthetic.timestamps import register_timestamp_macros
from synthetic.truth import write_truth
from synthetic.vocabulary import register_vocabulary
from synthetic.writers import write_comments, write_posts, write_profiles

ENTITY_FOLDERS = ("posts", "comments", "profiles")


@dataclass(frozen=True)
class GenerationSummary:
    out_dir: Path
    truth_dir: Path
    creators: int
    rows: dict[str, int]  # records written per entity: posts (snapshots), comments, profiles
    files: dict[str, list[Path]] = field(default_factory=dict)  # per entity, and "truth"


def generate_dumps(
    out_dir: Path,
    creators: int = 200,
    seed: int = 42,
    truth_dir: Path | None = None,
    end_date: str = "2026-11-01T00:00:00Z",
    native: bool = False,
) -> GenerationSummary:
    """Write a deterministic synthetic dump set to out_dir and its fraud ground truth to truth_dir.

    The same arguments always give the same bytes. truth_dir defaults to <out_dir>/../truth and
    must lie outside out_dir, so ingestion never reads it. Refuses to write into entity folders
    that already hold files: stale files from an earlier run would mix into the dump set.

    With `native`, the same data is written as platform-native API responses (youtube/,
    instagram_graph/, tiktok_research/: native_writers.py) instead of posts/, comments/ and
    profiles/; `files` then also lists the scrape-time sidecars under "sidecars".
    """
    out_dir = Path(out_dir).resolve()
    truth_dir = Path(truth_dir).resolve() if truth_dir else out_dir.parent / "truth"
    _check_destinations(out_dir, truth_dir)
    config = GenerationConfig(creators=creators, seed=seed, end_date=end_date)
    with duckdb.connect() as connection:
        _build_tables(connection, config)
        if native:
            files = write_native(connection, out_dir, config.seed)
        else:
            files = {
                "posts": write_posts(connection, out_dir),
                "comments": write_comments(connection, out_dir),
                "profiles": write_profiles(connection, out_dir),
            }
        files["truth"] = write_truth(connection, truth_dir, config)
        rows = {
            "posts": _count(connection, "post_snapshots"),
            "comments": _count(connection, "comments"),
            "profiles": _count(connection, "profile_snapshots"),
        }
    return GenerationSummary(out_dir, truth_dir, creators, rows, files)


def _build_tables(connection: duckdb.DuckDBPyConnection, config: GenerationConfig) -> None:
    connection.execute("set enable_progress_bar = false")
    register_random_macros(connection, config.seed)
    register_vocabulary(connection)
    register_account_macros(connection, config.seed)
    register_timestamp_macros(connection)
    register_follower_macros(connection, config)
    create_creators(connection, config)
    create_posts(connection, config)
    create_comments(connection, config)
    create_post_snapshots(connection, config)  # counts the inauthentic comments seen so far
    create_profile_snapshots(connection, config)


def _check_destinations(out_dir: Path, truth_dir: Path) -> None:
    if truth_dir == out_dir or truth_dir.is_relative_to(out_dir):
        raise ValueError(f"truth dir {truth_dir} must lie outside the dumps dir {out_dir}")
    # Either layout: the canonical and the native set of one seed are the same data, twice.
    for folder in (*ENTITY_FOLDERS, *NATIVE_FOLDERS):
        if (out_dir / folder).is_dir() and any((out_dir / folder).iterdir()):
            raise FileExistsError(f"{out_dir / folder} already holds files; use an empty out dir")


def _count(connection: duckdb.DuckDBPyConnection, table: str) -> int:
    return connection.execute(f"select count(*) from {table}").fetchall()[0][0]
