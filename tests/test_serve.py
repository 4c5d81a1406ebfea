"""Schedules: the digest flow on Prefect, and `vigil serve` as a real subprocess with its own Prefect server."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest

from tests.support.prefect import prefect_harness  # noqa: F401
from tests.support.report_rows import WEEK_LABEL, seed


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_digest_flow_archives(prefect_harness, db_path, tmp_path):
    from flows.pipeline import digest_flow

    seed(db_path)
    result = digest_flow(db=str(db_path), week=WEEK_LABEL, out_dir=str(tmp_path / "d"))
    assert result["week"] == WEEK_LABEL and not result["empty"] and result["sent_to"] == []
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == [f"{WEEK_LABEL}.{x}" for x in ("html", "md", "txt")]


def test_schedules_from_settings():
    from flows.pipeline import schedules
    from vigil.settings import load_settings

    cfg = load_settings(env={"VIGIL_SCHEDULE__DIGEST_CRON": '"0 6 * * 1"'})
    got = {s.name: s for s in schedules(cfg)}
    assert list(got) == ["ingest-hourly", "tag", "score-daily", "digest-weekly"]
    assert got["digest-weekly"].cron == "0 6 * * 1" and got["digest-weekly"].timezone == "UTC"
    assert got["ingest-hourly"].cron == "0 * * * *" and got["tag"].cron is None


def _reader(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line.rstrip("\n"))
    lines.put(None)


def _wait_for(lines: queue.Queue, seen: list[str], pattern: str, deadline: float) -> re.Match:
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            break
        if line is None:
            break
        seen.append(line)
        match = re.search(pattern, line)
        if match:
            return match
    pytest.fail(f"no line matching {pattern!r}; output so far:\n" + "\n".join(seen))


@pytest.mark.slow
def test_serve_lists_four_schedules_and_stops_cleanly(db_path, tmp_path):
    port = free_port()
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_UI_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "vigil.cli", "serve", "--db", str(db_path), "--server-port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_reader, args=(proc.stdout, lines), daemon=True).start()
    seen: list[str] = []
    server_pid = None
    try:
        deadline = time.monotonic() + 240
        server_pid = int(_wait_for(lines, seen, r"prefect server starting .*\(pid (\d+)", deadline).group(1))
        _wait_for(lines, seen, r"serving 4 deployments", deadline)
        _wait_for(lines, seen, r"press Ctrl-C to stop", deadline)
        listed = "\n".join(seen)
        for expected in ("ingest-and-tag/ingest-hourly: cron '0 * * * *' (UTC)", "tag/tag: on demand",
                         "score/score-daily: cron '30 5 * * *' (UTC)", "digest/digest-weekly: cron '0 7 * * 1' (UTC)"):
            assert expected in listed
        # the deployments really are registered, with their cron schedules, on the server vigil started
        api = f"http://127.0.0.1:{port}/api"
        crons = {}
        while time.monotonic() < deadline and len(crons) < 4:
            rows = httpx.post(f"{api}/deployments/filter", json={}, timeout=10).json()
            crons = {r["name"]: [s["schedule"].get("cron") for s in r.get("schedules", [])] for r in rows}
            time.sleep(1)
        assert crons == {"ingest-hourly": ["0 * * * *"], "tag": [], "score-daily": ["30 5 * * *"],
                         "digest-weekly": ["0 7 * * 1"]}
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            code = proc.wait(timeout=90)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    while (line := lines.get(timeout=5)) is not None:
        seen.append(line)
    assert code == 0, "\n".join(seen)
    assert f"prefect server stopped (pid {server_pid})" in "\n".join(seen)
    with pytest.raises(ProcessLookupError):
        os.killpg(server_pid, 0)          # nothing left in the server's process group
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0
