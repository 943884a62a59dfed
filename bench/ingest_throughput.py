"""Ingestion throughput, as ratios against DuckDB's own readers measured in the same run.

    .venv/bin/python -m bench.ingest_throughput --creators 780 [--repeats 3] [--json]

Generates a synthetic dump set into a temporary folder (timed), then for each entity measures:
- scan: `select count(*)` over the entity's files with DuckDB's native readers (read_json,
  read_csv, read_parquet; one query per format, all files at once);
- load: `create table ... as select *` with the same readers into a fresh on-disk database,
  the cheapest way to get the records into DuckDB without any checks;
- ingest: `ingest_entity` into a fresh on-disk database (validation, quarantine, lineage);
- rerun: `ingest_entity` again over the same folder, where every file is skipped as loaded.
Each measurement is repeated and its median reported. Files are in the page cache throughout.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from assets.ingestion.contract import ENTITIES, Entity
from assets.ingestion.files import discover_files
from assets.ingestion.loader import IngestResult, ingest_entity
from assets.ingestion.readers import sql_string
from synthetic import generate_dumps

NATIVE_READERS = {
    "jsonl": "read_json({files}, format = 'newline_delimited', union_by_name = true)",
    "csv": "read_csv({files}, union_by_name = true)",
    "parquet": "read_parquet({files}, union_by_name = true)",
}
COLUMNS = (
    ("entity", "{}"),
    ("files", "{}"),
    ("records", "{:,}"),
    ("scan_s", "{:.3f}"),
    ("load_s", "{:.3f}"),
    ("ingest_s", "{:.3f}"),
    ("records_per_s", "{:,.0f}"),
    ("ingest_vs_scan", "{:.1f}x"),
    ("ingest_vs_load", "{:.1f}x"),
    ("rerun_s", "{:.3f}"),
    ("rerun_vs_ingest", "{:.2f}x"),
)


def connect(path: str = ":memory:") -> duckdb.DuckDBPyConnection:
    """A connection set up as the pipeline's: UTC session, two threads, no progress bar."""
    connection = duckdb.connect(path)
    connection.execute("set TimeZone = 'UTC'")
    connection.execute("set threads = 2")
    connection.execute("set enable_progress_bar = false")
    return connection


def timed(action: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value


def generate(work_dir: Path, creators: int, seed: int, repeats: int) -> tuple[Path, dict]:
    """Generate `repeats` identical dump sets (timed), keep the first one's folder."""
    seconds, rows = [], {}
    for attempt in range(repeats):
        out_dir = work_dir / f"generated-{attempt}" / "dumps"
        elapsed, summary = timed(lambda out=out_dir: generate_dumps(out, creators, seed))
        seconds.append(elapsed)
        rows = summary.rows
    median = statistics.median(seconds)
    records = sum(rows.values())
    stats = {"seconds": median, "records": records, "records_per_s": records / median}
    return work_dir / "generated-0" / "dumps", stats


def native_queries(entity_dir: Path) -> list[str]:
    """One native read per format present in the folder, over all of that format's files."""
    by_format: dict[str, list[str]] = {}
    for dump_file in discover_files(entity_dir):
        if dump_file.format:
            by_format.setdefault(dump_file.format, []).append(sql_string(str(dump_file.path)))
    return [
        NATIVE_READERS[fmt].format(files="[" + ", ".join(paths) + "]")
        for fmt, paths in sorted(by_format.items())
    ]


def native_scan(queries: list[str]) -> int:
    with connect() as connection:
        return sum(connection.execute(f"select count(*) from {q}").fetchone()[0] for q in queries)


def native_load(queries: list[str], db_path: Path) -> None:
    with connect(str(db_path)) as connection:
        for number, query in enumerate(queries):
            connection.execute(f"create table native_{number} as select * from {query}")
    db_path.unlink()


def ingest_twice(
    entity: Entity, dumps_dir: Path, db_path: Path
) -> tuple[float, float, IngestResult]:
    """First ingest into a fresh database, then the re-run where every file is skipped."""
    with connect(str(db_path)) as connection:
        first, result = timed(lambda: ingest_entity(connection, entity, dumps_dir, "first"))
        rerun, again = timed(lambda: ingest_entity(connection, entity, dumps_dir, "rerun"))
    db_path.unlink()
    if again.files_skipped != result.files_found or again.records_read:
        raise RuntimeError(f"{entity.name}: the re-run loaded files again: {again}")
    return first, rerun, result


def measure_entity(entity: Entity, dumps_dir: Path, work_dir: Path, repeats: int) -> dict:
    """Scan, load, ingest and re-run, each `repeats` times interleaved; medians and ratios."""
    queries = native_queries(dumps_dir / entity.folder)
    times: dict[str, list[float]] = {"scan": [], "load": [], "ingest": [], "rerun": []}
    for _ in range(repeats):
        scan, scanned = timed(lambda: native_scan(queries))
        load, _ = timed(lambda: native_load(queries, work_dir / "native.duckdb"))
        first, rerun, result = ingest_twice(entity, dumps_dir, work_dir / "ingest.duckdb")
        for name, seconds in zip(times, (scan, load, first, rerun), strict=True):
            times[name].append(seconds)
    if scanned != result.records_read:
        raise RuntimeError(f"{entity.name}: scan counted {scanned}, ingest read {result}")
    median = {name: statistics.median(values) for name, values in times.items()}
    return {
        "entity": entity.name,
        "files": result.files_found,
        "records": result.records_read,
        "quarantined": result.records_quarantined,
        **{f"{name}_s": seconds for name, seconds in median.items()},
        "records_per_s": result.records_read / median["ingest"],
        "ingest_vs_scan": median["ingest"] / median["scan"],
        "ingest_vs_load": median["ingest"] / median["load"],
        "rerun_vs_ingest": median["rerun"] / median["ingest"],
    }


def format_table(rows: list[dict]) -> str:
    cells = [[fmt.format(row[name]) for name, fmt in COLUMNS] for row in rows]
    headers = [name for name, _ in COLUMNS]
    widths = [max(len(text) for text in column) for column in zip(headers, *cells, strict=False)]
    lines = [headers, ["-" * width for width in widths], *cells]
    return "\n".join(
        " | ".join(text.rjust(width) for text, width in zip(line, widths, strict=True))
        for line in lines
    )


def run(creators: int, seed: int, repeats: int, tmp_dir: str | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="bignoise-bench-", dir=tmp_dir) as work:
        work_dir = Path(work)
        dumps_dir, generation = generate(work_dir, creators, seed, repeats)
        rows = [
            measure_entity(entity, dumps_dir, work_dir, repeats) for entity in ENTITIES.values()
        ]
    return {
        "creators": creators,
        "seed": seed,
        "repeats": repeats,
        "duckdb": duckdb.__version__,
        "generation": generation,
        "entities": rows,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creators", type=int, default=200)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeats", type=int, default=3, help="median of this many runs")
    parser.add_argument("--tmp-dir", help="where the temporary dumps and databases go")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    report = run(args.creators, args.seed, args.repeats, args.tmp_dir)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    generation = report["generation"]
    print(
        f"creators={args.creators} seed={args.seed} repeats={args.repeats} "
        f"duckdb={report['duckdb']}\n"
        f"generate: {generation['records']:,} records in {generation['seconds']:.2f} s "
        f"({generation['records_per_s']:,.0f} records/s)\n"
    )
    print(format_table(report["entities"]))


if __name__ == "__main__":
    main()
