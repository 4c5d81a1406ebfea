"""`vigil run` (the pipeline once) and `vigil serve` (the scheduled deployments on a Prefect server)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import typer

from vigil.commands._common import CONFIG_OPTION, DB_OPTION, fail, print_json, settings


def register(app: typer.Typer) -> None:
    app.command("run")(run)
    app.command("serve")(serve)


def run(
    db: Path = DB_OPTION,
    config: Path = CONFIG_OPTION,
    sources_file: Path = typer.Option(None, "--sources", help="Sources file (default: settings ingest.sources_file)."),
    allow_local: bool = typer.Option(None, "--allow-local/--no-allow-local",
                                     help="Permit fetches to loopback/private addresses (default: settings)."),
) -> None:
    """Run ingest → tag → score (with alerts) once, and print each stage's summary."""
    cfg = settings(db, config)
    from flows.pipeline import pipeline_flow

    result = pipeline_flow(db=str(cfg.db_path), sources_file=str(sources_file) if sources_file else None,
                           allow_local=cfg.allow_local if allow_local is None else allow_local)
    print_json(result)


class _Stop(Exception):
    """SIGTERM received before the deployments were being served."""


def _raise_stop(signum, frame):
    raise _Stop(signum)


def serve(
    db: Path = DB_OPTION,
    config: Path = CONFIG_OPTION,
    server_port: int = typer.Option(None, "--server-port",
                                    help="Port of the local Prefect server (default: settings schedule.server_port)."),
) -> None:
    """Serve the four scheduled deployments (ingest+tag hourly, score daily, digest weekly, tag on demand).

    With PREFECT_API_URL set, they register on that server. Otherwise a local `prefect server start` is launched
    on 127.0.0.1 for as long as this command runs, and stopped with it (Ctrl-C or SIGTERM).
    """
    cfg = settings(db, config)
    signal.signal(signal.SIGTERM, _raise_stop)
    server = None
    try:
        if not os.environ.get("PREFECT_API_URL"):
            port = server_port or cfg.schedule.server_port
            server = _start_server(port)
            _wait_healthy(server, port, cfg.schedule.server_start_timeout)
            os.environ["PREFECT_API_URL"] = f"http://127.0.0.1:{port}/api"
        _serve(cfg)
    except (KeyboardInterrupt, _Stop):
        typer.echo("interrupted")
    finally:
        if server is not None:
            _stop_server(server)


def _serve(cfg) -> None:
    from prefect import serve as prefect_serve
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.pipeline import deployments, schedules

    url = os.environ["PREFECT_API_URL"]
    with temporary_settings(updates={PREFECT_API_URL: url}):
        try:
            deps = deployments(cfg, str(cfg.db_path), cfg.allow_local)
        except ModuleNotFoundError as exc:
            fail(f"cannot build the deployments: {exc}")
        typer.echo(f"serving {len(deps)} deployments on {url} for {cfg.db_path}:")
        for sch in schedules(cfg):
            typer.echo(f"  {sch.flow}/{sch.name}: {sch.when()} - {sch.description}")
        typer.echo("press Ctrl-C to stop")
        sys.stdout.flush()
        prefect_serve(*deps, print_starting_message=False)
    typer.echo("stopped serving")


def _prefect_executable() -> str:
    local = Path(sys.executable).with_name("prefect")
    found = str(local) if local.exists() else shutil.which("prefect")
    if not found:
        fail("the `prefect` command was not found next to this Python or on PATH")
    return found


def _start_server(port: int) -> subprocess.Popen:
    """Start `prefect server start` on 127.0.0.1:`port` in its own process group, logging to PREFECT_HOME."""
    home = Path(os.environ.get("PREFECT_HOME", ".prefect"))
    home.mkdir(parents=True, exist_ok=True)
    log_path = home / "server.log"
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
    env.pop("PREFECT_API_URL", None)
    with log_path.open("ab") as log:
        proc = subprocess.Popen(
            [_prefect_executable(), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
            start_new_session=True,  # Ctrl-C reaches only `vigil serve`, which then stops the server itself
        )
    typer.echo(f"prefect server starting on http://127.0.0.1:{port} (pid {proc.pid}, log {log_path})")
    proc.log_path = log_path
    return proc


def _wait_healthy(proc: subprocess.Popen, port: int, timeout: float) -> None:
    """Poll /api/health until it answers 200; fail clearly if the server exits or the timeout passes."""
    import httpx

    log_path = proc.log_path
    health = f"http://127.0.0.1:{port}/api/health"
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            tail = log_path.read_text(errors="replace")[-2000:]
            fail(f"prefect server exited with code {proc.returncode} before answering {health}:\n{tail}")
        try:
            if httpx.get(health, timeout=2.0).status_code == 200:
                break
        except httpx.HTTPError:
            pass  # not listening yet
        if time.monotonic() >= deadline:
            fail(f"prefect server did not answer {health} within {timeout:.0f} s (log: {log_path})")
        time.sleep(0.5)
    typer.echo(f"prefect server ready on http://127.0.0.1:{port} (pid {proc.pid})")


def _stop_server(proc: subprocess.Popen, grace: float = 20.0) -> None:
    """Terminate the server's whole process group: SIGTERM, then SIGKILL after `grace` seconds."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    try:  # children of the server (uvicorn workers) share its process group
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    typer.echo(f"prefect server stopped (pid {proc.pid})")
