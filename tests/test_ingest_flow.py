"""The Prefect `ingest` flow and the `vigil ingest` / `vigil sources` commands (real flow runs, real server)."""

from __future__ import annotations

import json

import store
from tests.support.http_server import ingest_server  # noqa: F401 - fixture
from tests.support.prefect import prefect_harness  # noqa: F401 - fixture


def _env(monkeypatch):
    # the CLI loads settings itself: short timeouts so the misbehaving sources fail fast
    monkeypatch.setenv("VIGIL_FETCH__TIMEOUT", "1.0")
    monkeypatch.setenv("VIGIL_FETCH__BACKOFF", "0.05")
    monkeypatch.setenv("VIGIL_FETCH__RETRIES", "1")


def test_cli_ingest_feed_through_the_flow_and_again(cli, db_path, ingest_server, prefect_harness, monkeypatch):
    _env(monkeypatch)
    url = ingest_server.url("/feed.xml")
    result = cli(["ingest", "--db", db_path, "--feed", url, "--allow-local", "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary[0]["new"] == 4 and summary[0]["error"] is None
    docs = store.read_df(db_path, "SELECT title, language, published_at, text FROM documents")
    assert len(docs) == 4 and docs.notna().all().all() and set(docs["language"]) == {"en", "fr", "es", "ar"}
    again = cli(["ingest", "--db", db_path, "--feed", url, "--allow-local", "--format", "json"])
    assert again.exit_code == 0 and json.loads(again.stdout)[0]["new"] == 0
    assert store.read_df(db_path, "SELECT count(*) n FROM documents").n[0] == 4
    runs = store.read_df(db_path, "SELECT status, summary FROM runs WHERE flow = 'ingest'")
    assert list(runs["status"]) == ["ok", "ok"]


def test_flow_carries_on_past_failures_and_cli_exits_zero(cli, db_path, ingest_server, prefect_harness, tmp_path,
                                                          monkeypatch):
    _env(monkeypatch)
    sources = tmp_path / "elsewhere" / "my-sources.toml"  # a sources file outside data/ (the demo does this)
    sources.parent.mkdir()
    sources.write_text(f"""
[[source]]
name = "good"
kind = "rss"
url = "{ingest_server.url('/atom.xml')}"
local = true

[[source]]
name = "missing"
kind = "rss"
url = "{ingest_server.url('/feeds/404.xml')}"
local = true

[[source]]
name = "api-without-appname"
kind = "reliefweb"
url = "{ingest_server.url('/api/v2/reports')}"
local = true
options = {{ appname_env = "VIGIL_TEST_NO_SUCH_APPNAME" }}
""", encoding="utf-8")
    result = cli(["ingest", "--db", db_path, "--sources", sources])
    assert result.exit_code == 0, result.output
    assert "failed: missing: feed fetch failed: HTTP 404" in result.stderr
    assert "failed: api-without-appname: ReliefWeb API needs a pre-approved appname" in result.stderr
    assert store.read_df(db_path, "SELECT count(*) n FROM documents WHERE source = 'good'").n[0] == 1

    listed = cli(["sources", "list", "--db", db_path, "--sources", sources, "--format", "json"])
    rows = {r["name"]: r for r in json.loads(listed.stdout)}
    assert rows["missing"]["consecutive_failures"] == 1 and rows["good"]["documents"] == 1

    checked = cli(["sources", "check", "--sources", sources, "--allow-local", "--format", "json"])
    status = {r["name"]: r for r in json.loads(checked.stdout)}
    assert status["good"]["status"] == "ok" and status["good"]["items"] == 1
    assert status["missing"]["status"] == "error"
    assert store.read_df(db_path, "SELECT count(*) n FROM documents").n[0] == 1  # check stored nothing


def test_bad_arguments_fail_cleanly(cli, db_path, tmp_path):
    result = cli(["ingest", "--db", db_path, "--since", "last tuesday", "--plain"])
    assert result.exit_code == 2 and "--since must be an ISO date" in result.stderr
    result = cli(["ingest", "--db", db_path, "--sources", tmp_path / "nope.toml", "--plain"])
    assert result.exit_code == 2 and "not found" in result.stderr
