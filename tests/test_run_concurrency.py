"""One run per warehouse at a time, and a stopped run stops its children.

- A second `bignoise run` on a warehouse whose lock another run holds ends at once: exit 1, a JSON
  summary naming the lock, nothing touched.
- SIGTERM to `bignoise run` while dbt is building stops the dbt process too (Dagster forwards the
  interrupt), prints a failed JSON summary, and publishes nothing.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import HANDMADE, HANDMADE_QUARANTINE_SHARE, cli_environment
from filelock import FileLock


def start_cli(*args: str, cwd: Path) -> subprocess.Popen:
    environment = cli_environment(BIGNOISE_MAX_QUARANTINE_SHARE=str(HANDMADE_QUARANTINE_SHARE))
    return subprocess.Popen(
        [sys.executable, "-m", "orchestration.cli", *args],
        cwd=cwd,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def children_of(pid: int) -> list[int]:
    """Processes whose parent is pid (from /proc), with their command lines."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid:
            found.append(int(entry.name))
    return found


def command_line(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def test_a_second_run_on_a_locked_warehouse_ends_at_once_with_a_json_summary(tmp_path):
    warehouse = tmp_path / "wh"
    (warehouse / "work").mkdir(parents=True)
    with FileLock(warehouse / "work" / "run.lock"):
        process = start_cli(
            "run", "--dumps", str(HANDMADE), "--warehouse", str(warehouse), "--json", cwd=tmp_path
        )
        out, err = process.communicate(timeout=300)
    assert process.returncode == 1
    summary = json.loads(out)
    assert summary["success"] is False
    assert "is in use by another run" in summary["errors"][0]
    assert "Traceback" not in err
    assert not (warehouse / "serving").exists()
    assert not (warehouse / "work" / "bignoise.duckdb").exists()


def is_dbt(pid: int, command: str) -> bool:
    words = command_line(pid).split()
    return any(Path(word).name == "dbt" for word in words) and command in words


def run_until_dbt(command: str, tmp_path: Path, poll_s: float):
    """Start `bignoise run` on a new warehouse; return it and the pids of its `dbt <command>`."""
    process = start_cli(
        "run", "--dumps", str(HANDMADE), "--warehouse", str(tmp_path / "wh"), "--json", cwd=tmp_path
    )
    pids: list[int] = []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None and not pids:
        pids = [p for p in children_of(process.pid) if is_dbt(p, command)]
        time.sleep(poll_s)
    assert pids, f"dbt {command} never started"
    return process, pids


def assert_stopped_and_nothing_published(process, dbt_pids: list[int], tmp_path: Path) -> None:
    """SIGTERM: exit 1, a JSON summary saying the run was stopped, dbt gone, no release."""
    process.send_signal(signal.SIGTERM)
    out, _ = process.communicate(timeout=120)
    assert process.returncode == 1
    summary = json.loads(out)
    assert summary["success"] is False
    assert any("stopped before it finished" in error for error in summary["errors"])
    # dbt is gone (give the interrupt a moment to land), and nothing was published.
    for _ in range(50):
        if not any(Path(f"/proc/{pid}").exists() and command_line(pid) for pid in dbt_pids):
            break
        time.sleep(0.2)
    assert not any(Path(f"/proc/{pid}").exists() and command_line(pid) for pid in dbt_pids)
    assert not (tmp_path / "wh" / "serving" / "current").exists()


def test_stopping_the_cli_while_dbt_parses_ahead_stops_it_and_says_so(tmp_path):
    """On a new warehouse the run first starts `dbt parse` beside the job
    (orchestration/dbt_parse_ahead.py); stopped then, the CLI stops it too and answers as for any
    interrupted run: exit 1, a JSON summary saying so, nothing published."""
    process, parse_pids = run_until_dbt("parse", tmp_path, poll_s=0.05)
    assert_stopped_and_nothing_published(process, parse_pids, tmp_path)


def test_stopping_the_cli_stops_dbt_and_publishes_nothing(tmp_path):
    process, build_pids = run_until_dbt("build", tmp_path, poll_s=0.2)
    time.sleep(1)  # let dbt get going
    assert_stopped_and_nothing_published(process, build_pids, tmp_path)
