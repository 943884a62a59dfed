"""The whole pipeline against a one-pass DuckDB floor and a pandas script, per dump-set size.

    .venv/bin/python -m bench.pipeline --sizes tiny,S [--json] [--tmp-dir D] [--keep] [--steps]

For each size (issue 8): generate a dump set with `bignoise generate`, then measure, each in its
own child process (wall, user+sys CPU, peak RSS):
- floor: one DuckDB pass that reads every record once, types it and stores it on disk;
- pandas: a short pandas script computing roughly fct_posts and the engagement median;
- full: `bignoise run --json` on a fresh warehouse;
- noop: the same command again (every file already loaded);
- incremental: after adding one more day of dumps (about 1 % new records, in new files).
The ratios of the issue are derived from the same run's figures and checked against its targets.
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from assets.ingestion.contract import ENTITIES
from assets.ingestion.files import discover_files
from assets.ingestion.readers import sql_string
from bench.ingest_throughput import connect, native_queries
from synthetic.config import GenerationConfig

PROJECT_ROOT = Path(__file__).resolve().parents[1]
BIGNOISE = Path(sys.executable).with_name("bignoise")

# Creators per size. The generator writes per creator about 53 post snapshots, 1,340 comments and
# 27 profile snapshots, so the creator counts (1k / 10k / 50k) would give 2.7x its comment
# counts (500k / 5M / 25M). Comments are 95 % of the records and of the work, so the sizes follow
# the comment (and total record) counts; posts are then about 40 % of its post counts.
SIZES = {"tiny": 10, "S": 375, "M": 3_750, "L": 18_750}
# Disk a size needs while it runs: dumps, floor database and the warehouse (its work database and
# the three releases the runs publish). Measured at S: about 1.4 MB per creator, mostly the work
# database (313 MB) and the releases (3 x 63 MB); doubled for headroom, plus a fixed part.
DISK_BYTES_PER_CREATOR = 2_800_000
DISK_BYTES_FIXED = 500 * 2**20

# The extra day: new post snapshots for this share of posts (chosen by a hash of the post id),
# new comments on those posts and a new profile snapshot for their creators.
EXTRA_DAY_POST_SHARE = 100  # one post in this many
# When that day's records happen, in seconds after its start (the generator's end date): comments
# in its first ten hours and scraped then, profiles an hour later, posts in its second half. Every
# post snapshot comes after every comment and profile, so the run's as_of keeps them all.
COMMENTS_CREATED_WITHIN = 36_000
COMMENTS_SCRAPED_AT = 36_060
PROFILES_SCRAPED_AT = 39_600
POSTS_SCRAPED_FROM, POSTS_SCRAPED_WITHIN = 43_200, 42_600
RSS_SAMPLE_SECONDS = 0.1

GIB = 2**30
# (metric, sizes the issue sets the target at (None: every size), limit, unit)
TARGETS = {
    "fixed_cost_s": (("tiny",), 12.0, "s"),
    "marginal_ratio": (("M", "L"), 2.5, "x"),
    "incremental_ratio": (("M", "L"), 0.15, "x"),
    "noop_minus_fixed_s": (None, 2.0, "s"),
    "peak_rss_gib": (("L",), 3.0, "GiB"),
    "pandas_vs_bignoise": (("M",), None, "x"),  # reported, no target
}
COLUMNS = (
    ("size", "{}"),
    ("step", "{}"),
    ("records", "{:,}"),
    ("wall_s", "{:.2f}"),
    ("cpu_s", "{:.2f}"),
    ("max_rss_mib", "{:,.0f}"),
    ("tree_rss_mib", "{:,.0f}"),
    ("records_per_s", "{:,.0f}"),
    ("dbt_s", "{:.2f}"),
)
DERIVED_COLUMNS = (
    ("metric", "{}"),
    ("size", "{}"),
    ("value", "{:.2f}"),
    ("target", "{}"),
    ("status", "{}"),
)


# --- Measuring one child process -------------------------------------------------------------


class TreeRssSampler(threading.Thread):
    """Samples the summed RSS of a process and all its descendants. `ru_maxrss` is the peak of the
    largest single process only, and `bignoise run` has dbt in a process of its own, so the sum
    of the tree is what the machine has to hold. Sampled, so a spike shorter than the interval
    can be missed; shared pages are counted in each process (an upper bound)."""

    def __init__(self, root_pid: int):
        super().__init__(daemon=True)
        self.root_pid = root_pid
        self.peak_kib = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(RSS_SAMPLE_SECONDS):
            self.peak_kib = max(self.peak_kib, tree_rss_kib(self.root_pid))

    def stop(self) -> int:
        self.stopped.set()
        self.join()
        return self.peak_kib


def tree_rss_kib(root_pid: int) -> int:
    """RSS of root_pid and its descendants, from /proc (Linux); 0 once the root is gone."""
    parents, rss_pages = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # the process ended meanwhile
        fields = stat.rsplit(")", 1)[1].split()  # after "pid (comm)": state, ppid, ...
        parents[int(entry)], rss_pages[int(entry)] = int(fields[1]), int(fields[21])
    tree, frontier = set(), {root_pid} & set(parents)
    while frontier:
        tree |= frontier
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - tree
    return sum(rss_pages[pid] for pid in tree) * os.sysconf("SC_PAGE_SIZE") // 1024


def measure(command: list[str], log_stem: Path, stderr_tty: bool = False) -> dict:
    """Run one command as a child and return its wall time, CPU (user+sys, descendants it waited
    for included) and peak RSS. os.wait4 gives the rusage of that child alone, unlike
    RUSAGE_CHILDREN, which sums every child ever reaped. stdout and stderr go to files (named by
    log_stem); stderr_tty gives the child a pseudo-terminal as stderr, which turns on the
    progress lines `bignoise run` prints on a terminal."""
    stdout_path, stderr_path = log_stem.with_suffix(".out"), log_stem.with_suffix(".err")
    master = slave = None
    with stdout_path.open("w") as stdout, stderr_path.open("wb") as stderr:
        if stderr_tty:
            master, slave = pty.openpty()
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, stdout=stdout, stderr=slave if stderr_tty else stderr
        )
        reader = _start_pty_copy(master, stderr) if stderr_tty else None
        if slave is not None:
            os.close(slave)
        sampler = TreeRssSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        tree_peak = sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        if reader is not None:
            reader.join()
            os.close(master)
    if process.returncode != 0:
        tail = stderr_path.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"{' '.join(command)} exited {process.returncode}:\n{tail}")
    return {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "max_rss_kib": usage.ru_maxrss,  # KiB on Linux
        "tree_rss_kib": max(tree_peak, usage.ru_maxrss),
        "stdout": stdout_path.read_text(),
        "stderr_file": str(stderr_path),
    }


def _start_pty_copy(master: int, sink) -> threading.Thread:
    """Copy what the child writes to its terminal into sink until every writer has closed it
    (the read then fails with EIO); without a reader the child would block on a full buffer."""

    def copy() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            sink.write(data)

    thread = threading.Thread(target=copy, daemon=True)
    thread.start()
    return thread


def child(kind: str, *paths: Path) -> list[str]:
    """The command that runs one of this module's child functions in a fresh interpreter."""
    return [sys.executable, "-m", "bench.pipeline", "--child", kind, *map(str, paths)]


# --- What the children do (run inside the child process) -------------------------------------


def floor_load(dumps_dir: Path, db_path: Path) -> dict:
    """The floor: every record read once by DuckDB's native readers, typed by their detection
    and stored in an on-disk database, one `create table as` per entity and format (two threads,
    as the pipeline). No checks, no lineage, no models: the least any pipeline has to do."""
    counts = {}
    with connect(str(db_path)) as connection:
        for entity in ENTITIES.values():
            counts[entity.name] = 0
            for number, query in enumerate(native_queries(dumps_dir / entity.folder)):
                table = f"{entity.name}_{number}"
                connection.execute(f"create table {table} as select * from {query}")
                counts[entity.name] += connection.execute(
                    f"select count(*) from {table}"
                ).fetchone()[0]
        connection.execute("checkpoint")
    return counts


def pandas_engagement(dumps_dir: Path, out_dir: Path) -> dict:
    """What a pandas script would do for roughly fct_posts and the engagement mart: read the posts
    and profiles dumps, keep each post's latest snapshot, find the creator's followers when it was
    posted (the profile snapshot at or before posted_at, else the first after, else the post's own
    creator_followers), engagement rate = (likes + comments + shares + saves) / followers, and
    per creator the median over the window (posted in the 180 days before as_of, at least 24 h
    before it, the 30 most recent). It writes both tables to Parquet (through DuckDB: pyarrow is
    not installed). It does not read comments (nor any authenticity signal), validate or
    quarantine anything, parse hashtags, resolve sponsorship, niches or tiers."""
    import pandas as pd

    posts = _read_frames(dumps_dir / "posts", POST_FIELDS)
    profiles = _read_frames(dumps_dir / "profiles", PROFILE_FIELDS)
    for frame in (posts, profiles):
        for field in frame.columns:
            if field.endswith("_at"):
                frame[field] = pd.to_datetime(frame[field], utc=True, format="ISO8601")
            elif field in COUNT_FIELDS:
                frame[field] = pd.to_numeric(frame[field], errors="coerce")
    latest = posts.sort_values("scraped_at").drop_duplicates(["platform", "post_id"], keep="last")
    latest = _with_followers_at_post(latest, profiles)
    latest["engagements"] = latest[["likes", "comments", "shares", "saves"]].fillna(0).sum(axis=1)
    followers = latest["followers_at_post"].where(latest["followers_at_post"] > 0)
    latest["er_followers"] = latest["engagements"] / followers
    as_of = posts["scraped_at"].max()
    in_window = latest[
        (latest["posted_at"] >= as_of - pd.Timedelta(days=180))
        & (latest["posted_at"] <= as_of - pd.Timedelta(hours=24))
    ]
    recent = in_window.sort_values("posted_at", ascending=False)
    recent = recent.groupby(["platform", "creator_id"]).head(30)
    creators = (
        recent.groupby(["platform", "creator_id"])
        .agg(posts_in_window=("post_id", "size"), er_median=("er_followers", "median"))
        .reset_index()
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    duckdb.from_df(latest).write_parquet(str(out_dir / "posts.parquet"))
    duckdb.from_df(creators).write_parquet(str(out_dir / "creator_engagement.parquet"))
    return {
        "records": len(posts) + len(profiles),
        "posts": len(latest),
        "creators": len(creators),
    }


POST_FIELDS = (
    "platform",
    "post_id",
    "creator_id",
    "creator_followers",
    "posted_at",
    "scraped_at",
    "likes",
    "comments",
    "shares",
    "saves",
)
PROFILE_FIELDS = ("platform", "creator_id", "followers", "scraped_at")
COUNT_FIELDS = ("creator_followers", "followers", "likes", "comments", "shares", "saves")


def _read_frames(folder: Path, fields: tuple[str, ...]):
    """Every JSON-lines and CSV file under folder, read by pandas, keeping the fields needed."""
    import pandas as pd

    frames = []
    for dump_file in discover_files(folder):
        if dump_file.format == "jsonl":
            frame = pd.read_json(dump_file.path, lines=True, dtype=False)
        elif dump_file.format == "csv":
            frame = pd.read_csv(dump_file.path, dtype=str)
        else:
            continue  # the generator writes no other format for posts and profiles
        frames.append(frame[list(fields)].astype({"creator_id": str}))
    return pd.concat(frames, ignore_index=True)


def _with_followers_at_post(posts, profiles):
    """followers_at_post as int_posts_enriched defines it, with two as-of joins."""
    import pandas as pd

    snapshots = profiles.rename(columns={"scraped_at": "profile_at"}).sort_values("profile_at")
    ordered = posts.sort_values("posted_at", ignore_index=True)
    keys = {"left_on": "posted_at", "right_on": "profile_at", "by": ["platform", "creator_id"]}
    before = pd.merge_asof(ordered, snapshots, direction="backward", **keys)
    after = pd.merge_asof(ordered, snapshots, direction="forward", **keys)
    followers = before["followers"].fillna(after["followers"]).fillna(ordered["creator_followers"])
    return ordered.assign(followers_at_post=followers)


CHILDREN = {"floor": floor_load, "pandas": pandas_engagement}


# --- The extra day of dumps -------------------------------------------------------------------


def write_extra_day(dumps_dir: Path) -> dict:
    """Add one more day of dumps, in new files: the generator cannot write one (every timestamp is
    placed relative to its end date, so a later end date moves every record and changes every
    file). The day is derived from the dumps instead, in their own formats and file types: a new
    snapshot of one post in EXTRA_DAY_POST_SHARE (likes up 1 %), a copy of each of those posts'
    comments under a new comment id, created that day, and a new snapshot of their creators'
    profiles (followers up 0.1 %), all in the day after the generator's end date."""
    day_start = GenerationConfig().end_epoch
    day = datetime.fromtimestamp(day_start, UTC).strftime("%Y-%m-%d")
    with connect() as connection:
        connection.execute(
            "create macro iso_z(epoch) as strftime(to_timestamp(epoch), '%Y-%m-%dT%H:%M:%SZ')"
        )
        connection.execute(
            "create table sampled (platform varchar, post_id varchar, creator varchar)"
        )
        records, files = {}, 0
        # posts first: they choose the posts and creators the others follow
        for entity, write in (
            ("posts", _extra_posts),
            ("comments", _extra_comments),
            ("profiles", _extra_profiles),
        ):
            folders = _platform_folders(dumps_dir / entity)
            written = [write(connection, folder, day, day_start) for folder in folders]
            records[entity] = sum(written)
            files += sum(1 for rows in written if rows)
    return {"day": day, "records": records, "files": files}


def _platform_folders(entity_dir: Path) -> list[Path]:
    return sorted(path for path in entity_dir.iterdir() if path.is_dir())


def _reader(folder: Path) -> tuple[str, str]:
    """One platform folder's format (the generator writes one per folder) and a native reader
    over its files; CSV values are kept as the files' text, so they are written back unchanged."""
    fmt = next(dump_file.format for dump_file in discover_files(folder) if dump_file.format)
    (query,) = native_queries(folder)
    if fmt == "csv":
        query = query.replace("union_by_name = true", "union_by_name = true, all_varchar = true")
    return fmt, query


COPY_OPTIONS = {
    "jsonl": "format json",
    "csv": "format csv, header true",
    "parquet": "format parquet",
}


def _copy_out(connection, table: str, path: Path, fmt: str) -> int:
    """Write the table to path in the folder's format; no file when it has no rows."""
    rows = connection.execute(f"select count(*) from {table}").fetchone()[0]
    if rows:
        options = COPY_OPTIONS[fmt] + (", compression gzip" if path.name.endswith(".gz") else "")
        connection.execute(f"copy {table} to {sql_string(str(path))} ({options})")
    return rows


def _grown(column: str, fmt: str, divisor: int) -> str:
    """column grown by one and by 1 / divisor, kept as text in CSV."""
    value = f"cast({column} as bigint)"
    grown = f"{value} + 1 + {value} // {divisor}"
    return f"cast({grown} as varchar)" if fmt == "csv" else grown


def _extra_posts(connection, folder: Path, day: str, day_start: int) -> int:
    fmt, reader = _reader(folder)
    scraped = f"{day_start + POSTS_SCRAPED_FROM} + hash(post_id) % {POSTS_SCRAPED_WITHIN}"
    connection.execute(
        f"""create or replace table extra as
        select * replace (iso_z({scraped}) as scraped_at, {_grown("likes", fmt, 100)} as likes)
        from {reader}
        where hash(post_id) % {EXTRA_DAY_POST_SHARE} = 0
        qualify row_number() over (
            partition by platform, post_id order by cast(scraped_at as timestamptz) desc) = 1"""
    )
    connection.execute(
        "insert into sampled select platform, post_id, cast(creator_id as varchar) from extra"
    )
    suffix = "csv.gz" if fmt == "csv" else "jsonl.gz"
    return _copy_out(connection, "extra", folder / f"{day}.{suffix}", fmt)


def _extra_comments(connection, folder: Path, day: str, day_start: int) -> int:
    """Timestamps as epoch seconds where the files have them (TikTok), ISO 8601 elsewhere."""
    fmt, reader = _reader(folder)
    describe = f"select column_name, column_type from (describe from {reader})"
    types = dict(connection.execute(describe).fetchall())
    created = f"cast({day_start} + hash(comment_id) % {COMMENTS_CREATED_WITHIN} as bigint)"
    scraped = f"cast({day_start + COMMENTS_SCRAPED_AT} as bigint)"
    if "INT" not in types["created_at"]:
        created, scraped = f"iso_z({created})", f"iso_z({scraped})"
    connection.execute(
        f"""create or replace table extra as
        select * replace (comment_id || '-{day}' as comment_id, {created} as created_at,
                          {scraped} as scraped_at)
        from {reader}
        where cast(post_id as varchar) in (select post_id from sampled)"""
    )
    return _copy_out(connection, "extra", folder / f"part-{day}.parquet", fmt)


def _extra_profiles(connection, folder: Path, day: str, day_start: int) -> int:
    fmt, reader = _reader(folder)
    connection.execute(
        f"""create or replace table extra as
        select * replace (iso_z({day_start + PROFILES_SCRAPED_AT}) as scraped_at,
                          {_grown("followers", fmt, 1000)} as followers)
        from {reader}
        where cast(creator_id as varchar) in (select creator from sampled)
        qualify row_number() over (
            partition by platform, creator_id order by cast(scraped_at as timestamptz) desc) = 1"""
    )
    name = f"snapshots-{day}.csv" if fmt == "csv" else f"snapshots-{day}.ndjson"
    return _copy_out(connection, "extra", folder / name, fmt)


# --- One size, end to end ---------------------------------------------------------------------


def run_size(name: str, creators: int, seed: int, size_dir: Path, steps: bool) -> dict:
    """Generate, then floor and pandas (while the files are only the generated ones), the full
    run, the no-op re-run, the extra day and the incremental run, in that order."""
    dumps, warehouse, logs = size_dir / "dumps", size_dir / "warehouse", size_dir / "logs"
    logs.mkdir(parents=True)
    measured = {}
    progress(name, f"generating {creators:,} creators")
    generate = ["generate", "--out", dumps, "--truth", size_dir / "truth", "--creators", creators]
    measured["generate"] = measure(
        [str(BIGNOISE), *map(str, generate), "--seed", str(seed)], logs / "generate"
    )
    files = sum(len(discover_files(dumps / entity.folder)) for entity in ENTITIES.values())
    dumps_bytes = _folder_bytes(dumps)
    for step, command in (
        ("floor", child("floor", dumps, size_dir / "floor.duckdb")),
        ("pandas", child("pandas", dumps, size_dir / "pandas")),
    ):
        progress(name, step)
        measured[step] = measure(command, logs / step)
        measured[step]["result"] = json.loads(measured[step]["stdout"])
    (size_dir / "floor.duckdb").unlink()
    records = measured["floor"]["result"]
    run = [str(BIGNOISE), "run", "--dumps", str(dumps), "--warehouse", str(warehouse)]
    for step in ("full", "noop"):
        progress(name, f"bignoise run ({step})")
        measured[step] = measure_run(run, logs / step, steps)
    extra_day = write_extra_day(dumps)
    progress(name, "bignoise run (incremental)")
    measured["incremental"] = measure_run(run, logs / "incremental", steps)
    _check_counts(name, records, extra_day, measured)
    return {
        "size": name,
        "creators": creators,
        "records": records,
        "files": files,
        "dumps_mib": dumps_bytes / 2**20,
        "warehouse_mib": _folder_bytes(warehouse) / 2**20,
        "extra_day": extra_day,
        "steps": {step: _row(name, step, values) for step, values in measured.items()},
    }


def progress(size: str, message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')} {size}] {message} ...", file=sys.stderr, flush=True)


def measure_run(command: list[str], log_stem: Path, steps: bool) -> dict:
    """One `bignoise run`: --json normally; with steps, its stderr on a pseudo-terminal instead
    (stdout is a file, so it still prints the JSON summary) for the CLI's per-step progress.
    A run that does not succeed stops the benchmark: its figures would mean nothing."""
    values = measure(command if steps else [*command, "--json"], log_stem, stderr_tty=steps)
    summary = json.loads(values["stdout"])
    if not summary["success"]:
        raise RuntimeError(f"bignoise run failed: {json.dumps(summary['errors'], indent=2)}")
    values["summary"] = summary
    # The run's log (dbt's output) is named in its summary; a run that found nothing new to do
    # returns at once and names none, and the log in the warehouse is still the previous run's.
    run_log = ""
    if summary.get("log_file"):
        shutil.copy(summary["log_file"], log_stem.with_suffix(".dbt.log"))
        run_log = Path(summary["log_file"]).read_text(errors="replace")
    values["dbt_s"] = _dbt_seconds(run_log)
    values["dbt_top_nodes"] = _dbt_top_nodes(run_log)
    if steps:
        values["dagster_steps"] = _step_seconds(
            Path(values["stderr_file"]).read_text(errors="replace")
        )
    return values


DBT_FINISHED = re.compile(r"Finished running .* \(([\d.]+)s\)")
DBT_NODE = re.compile(
    r"^\d+ of \d+ (?:OK|PASS|WARN|ERROR|FAIL)\S* "
    r"(?:created sql \w+ model |loaded seed file )?(.+?) \.+ \[.* in ([\d.]+)s\]"
)
STEP_START = re.compile(r"^==> (?:step \d+ of \d+: )?(.+)$")
STEP_DONE = re.compile(r"^\s+(?:done in|FAILED after) ([\d.]+) s")


def _dbt_seconds(run_log: str) -> float | None:
    """dbt's own total for its build, as it reports it at the end of its output."""
    found = DBT_FINISHED.findall(run_log)
    return float(found[-1]) if found else None


def _dbt_top_nodes(run_log: str, count: int = 5) -> list[tuple[str, float]]:
    nodes = {}
    for line in re.sub(r"\x1b\[[0-9;]*m", "", run_log).splitlines():
        if match := DBT_NODE.match(line):
            nodes[match[1]] = float(match[2])
    return sorted(nodes.items(), key=lambda item: -item[1])[:count]


def _step_seconds(progress: str) -> dict[str, float]:
    """Dagster step durations from the CLI's progress lines ("==> step 1 of 25: ingest comments"
    then "    done in 1.2 s"). The in-process executor runs one step at a time, so each end
    belongs to the last start."""
    seconds, current = {}, None
    for line in progress.replace("\r", "").splitlines():
        if match := STEP_START.match(line):
            current = match[1]
        elif (match := STEP_DONE.match(line)) and current:
            seconds[current] = float(match[1])
    return dict(sorted(seconds.items(), key=lambda item: -item[1]))


def _check_counts(name: str, records: dict, extra_day: dict, measured: dict) -> None:
    """The runs must read what the floor read: all of it, nothing, then the extra day only."""
    expected = {
        "full": sum(records.values()),
        "noop": 0,
        "incremental": sum(extra_day["records"].values()),
    }
    for step, count in expected.items():
        read = measured[step]["summary"]["records_read"]
        if read != count:
            raise RuntimeError(f"{name} {step}: bignoise read {read:,} records, expected {count:,}")


def _folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def _row(size: str, step: str, values: dict) -> dict:
    """One table row: the measurement, its record count and throughput (None where the step
    reads no records, as the no-op run)."""
    if step in ("floor", "pandas"):
        records = values["result"].get("records", sum(values["result"].values()))
    elif step == "generate":
        records = None
    else:
        records = values["summary"]["records_read"]
    row = {
        "size": size,
        "step": step,
        "records": records,
        "wall_s": values["wall_s"],
        "cpu_s": values["cpu_s"],
        "max_rss_mib": values["max_rss_kib"] / 1024,
        "tree_rss_mib": values["tree_rss_kib"] / 1024,
        "records_per_s": records / values["wall_s"] if records else None,
        "dbt_s": values.get("dbt_s"),
    }
    for extra in ("result", "dbt_top_nodes", "dagster_steps"):
        if extra in values:
            row[extra] = values[extra]
    if "summary" in values:
        row["nothing_new"] = bool(values["summary"].get("nothing_new"))
    return row


# --- Ratios and targets -----------------------------------------------------------------------


def derive(results: list[dict]) -> list[dict]:
    """The issue's ratios, from this run's figures; fixed cost is the full run on tiny."""
    by_size = {result["size"]: result["steps"] for result in results}
    if "tiny" not in by_size:
        return []
    fixed = by_size["tiny"]["full"]["wall_s"]
    rows = [_derived("fixed_cost_s", "tiny", fixed)]
    for size, steps in by_size.items():
        full, floor = steps["full"]["wall_s"], steps["floor"]["wall_s"]
        if size != "tiny":
            rows.append(_derived("marginal_ratio", size, (full - fixed) / floor))
            incremental = steps["incremental"]["wall_s"]
            rows.append(_derived("incremental_ratio", size, (incremental - fixed) / (full - fixed)))
            rows.append(_derived("pandas_vs_bignoise", size, steps["pandas"]["wall_s"] / full))
        rows.append(_derived("noop_minus_fixed_s", size, steps["noop"]["wall_s"] - fixed))
        peak = max(steps[step]["tree_rss_mib"] for step in ("full", "noop", "incremental"))
        rows.append(_derived("peak_rss_gib", size, peak * 2**20 / GIB))
    return rows


def _derived(metric: str, size: str, value: float) -> dict:
    """A ratio with its target: met or MISSED at the sizes the issue sets it for, info at others."""
    sizes, limit, unit = TARGETS[metric]
    if limit is None:
        target, status = "-", "-"
    elif sizes is None or size in sizes:
        target, status = f"<= {limit} {unit}", "met" if value <= limit else "MISSED"
    else:
        target, status = f"<= {limit} {unit} (at {', '.join(sizes)})", "info"
    return {"metric": metric, "size": size, "value": value, "target": target, "status": status}


# --- The run as a whole -----------------------------------------------------------------------


def parse_sizes(text: str) -> dict[str, int]:
    """Named sizes ("tiny,S") or a name with its own creator count ("S=1000"). tiny is always
    measured, first: the fixed cost that every ratio uses is its full run."""
    sizes = {"tiny": SIZES["tiny"]}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, _, creators = item.partition("=")
        if not creators and name not in SIZES:
            raise argparse.ArgumentTypeError(f"unknown size {name!r}: one of {', '.join(SIZES)}")
        sizes[name] = int(creators) if creators else SIZES[name]
    return sizes


def fits_on_disk(name: str, creators: int, folder: Path) -> bool:
    needed = DISK_BYTES_FIXED + creators * DISK_BYTES_PER_CREATOR
    free = shutil.disk_usage(folder).free
    if needed <= free:
        return True
    print(
        f"[{name}] skipped: needs about {needed / GIB:.1f} GiB under {folder}, "
        f"{free / GIB:.1f} GiB free",
        file=sys.stderr,
    )
    return False


def git_version() -> str:
    """The commit measured, "-dirty" when the working tree has uncommitted changes."""
    command = ["git", "describe", "--always", "--dirty"]
    done = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    return done.stdout.strip() or "unknown"


def machine_state() -> dict:
    meminfo = Path("/proc/meminfo").read_text().split()
    return {
        "cpus": os.cpu_count(),
        "memory_gib": int(meminfo[meminfo.index("MemTotal:") + 1]) / 2**20,
        "load_average": os.getloadavg(),
    }


def run(sizes: dict[str, int], seed: int, tmp_dir: str | None, keep: bool, steps: bool) -> dict:
    """Every size in turn, each size's folder removed when it is done (unless keep); after a
    failure the work folder stays, with each step's output and dbt log under <size>/logs."""
    from orchestration.dbt_project import ensure_manifest

    # A stale dbt manifest (the project edited since the last run) makes the next run parse the
    # project first: a one-off, not the fixed cost of a run, so it is done before measuring.
    ensure_manifest()
    work_dir = Path(tempfile.mkdtemp(prefix="bignoise-pipeline-", dir=tmp_dir))
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "seed": seed,
        "duckdb": duckdb.__version__,
        "commit": git_version(),
        "machine_before": machine_state(),
        "work_dir": str(work_dir),
        "sizes": [],
        "skipped": [],
    }
    try:
        for name, creators in sizes.items():
            if not fits_on_disk(name, creators, work_dir):
                report["skipped"].append(name)
                continue
            report["sizes"].append(run_size(name, creators, seed, work_dir / name, steps))
            if not keep:
                shutil.rmtree(work_dir / name)
    except BaseException:
        print(f"stopped; the logs are kept under {work_dir}", file=sys.stderr)
        raise
    if not keep:
        shutil.rmtree(work_dir)
    report["machine_after"] = machine_state()
    report["derived"] = derive(report["sizes"])
    return report


def print_report(report: dict) -> None:
    before, after = report["machine_before"], report["machine_after"]
    print(
        f"{report['date']}  commit={report['commit']} seed={report['seed']} "
        f"duckdb={report['duckdb']} "
        f"cpus={before['cpus']} memory={before['memory_gib']:.0f} GiB  load average "
        f"{before['load_average'][0]:.2f} before, {after['load_average'][0]:.2f} after\n"
    )
    for size in report["sizes"]:
        counts = ", ".join(f"{count:,} {entity}" for entity, count in size["records"].items())
        extra = size["extra_day"]
        extra_counts = ", ".join(f"{n:,} {entity}" for entity, n in extra["records"].items())
        print(
            f"{size['size']}: {size['creators']:,} creators; {counts}; {size['files']} files, "
            f"{size['dumps_mib']:,.1f} MiB; warehouse {size['warehouse_mib']:,.0f} MiB at the end\n"
            f"  extra day {extra['day']}: {extra_counts} in {extra['files']} new files"
        )
        for step in ("full", "incremental"):
            step_row = size["steps"][step]
            top = step_row.get("dagster_steps") or dict(step_row["dbt_top_nodes"])
            label = "dagster steps" if step_row.get("dagster_steps") else "dbt nodes"
            slowest = ", ".join(f"{key} {seconds:.1f} s" for key, seconds in list(top.items())[:5])
            print(f"  {step}: slowest {label}: {slowest}")
        if size["steps"]["noop"].get("nothing_new"):
            print("  noop: nothing new, the run returned the current release without building")
    rows = [step for size in report["sizes"] for step in size["steps"].values()]
    print("\n" + format_table(rows, COLUMNS))
    print("\n" + format_table(report["derived"], DERIVED_COLUMNS))
    for name in report["skipped"]:
        print(f"{name}: skipped (not enough disk space)")


def format_table(rows: list[dict], columns) -> str:
    """Right-aligned columns, as bench.ingest_throughput prints them; "-" for a missing value."""
    headers = [name for name, _ in columns]
    cells = [
        ["-" if row.get(name) is None else fmt.format(row[name]) for name, fmt in columns]
        for row in rows
    ]
    widths = [max(len(text) for text in column) for column in zip(headers, *cells, strict=False)]
    lines = [headers, ["-" * width for width in widths], *cells]
    return "\n".join(
        " | ".join(text.rjust(width) for text, width in zip(line, widths, strict=True))
        for line in lines
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=parse_sizes, default="tiny,S", help="e.g. tiny,S,M,L")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--tmp-dir", help="where the dumps and warehouses go (a new folder in it)")
    parser.add_argument("--keep", action="store_true", help="keep the dumps and warehouses")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    parser.add_argument(
        "--steps",
        action="store_true",
        help="run bignoise with its progress on a pseudo-terminal to time each Dagster step",
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, source, target = args.child
        print(json.dumps(CHILDREN[kind](Path(source), Path(target))))
        return
    report = run(args.sizes, args.seed, args.tmp_dir, args.keep, args.steps)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)


if __name__ == "__main__":
    main()
