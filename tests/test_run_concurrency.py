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


def test_stopping_the_cli_while_dbt_parses_ahead_stops_it_and_says_so(tmp_path):
    """On a new warehouse the run first starts `dbt parse` beside the job
    (orchestration/dbt_parse_ahead.py); stopped then, the CLI stops it too and answers as for any
    interrupted run: exit 1, a JSON summary saying so, nothing published."""
    warehouse = tmp_path / "wh"
    process = start_cli(
        "run", "--dumps", str(HANDMADE), "--warehouse", str(warehouse), "--json", cwd=tmp_path
    )
    parse_pids: list[int] = []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None and not parse_pids:
        parse_pids = [p for p in children_of(process.pid) if is_dbt(p, "parse")]
        time.sleep(0.05)
    assert parse_pids, "dbt parse never started"
    process.send_signal(signal.SIGTERM)
    out, _ = process.communicate(timeout=120)
    assert process.returncode == 1
    summary = json.loads(out)
    assert summary["success"] is False
    assert any("stopped before it finished" in error for error in summary["errors"])
    assert not any(Path(f"/proc/{pid}").exists() and command_line(pid) for pid in parse_pids)
    assert not (warehouse / "serving" / "current").exists()


def test_stopping_the_cli_stops_dbt_and_publishes_nothing(tmp_path):
    warehouse = tmp_path / "wh"
    process = start_cli(
        "run", "--dumps", str(HANDMADE), "--warehouse", str(warehouse), "--json", cwd=tmp_path
    )
    dbt_pids: list[int] = []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None and not dbt_pids:
        dbt_pids = [p for p in children_of(process.pid) if is_dbt(p, "build")]
        time.sleep(0.2)
    assert dbt_pids, "dbt never started"
    time.sleep(1)  # let dbt get going
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
    assert not (warehouse / "serving" / "current").exists()
