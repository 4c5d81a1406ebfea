"""Real feeds from ../shared/data served by the local server and ingested (skipped cleanly when absent)."""

from __future__ import annotations

import json

import pytest

import store
from flows.ingest import run_ingest
from tests.conftest import shared_path
from tests.support.http_server import Response, fast_settings, ingest_server  # noqa: F401 - fixture


def _serve_folder(server, folder, prefix, headers_for=None):
    def handler(req):
        rel = req.path[len(prefix):]
        path = folder / rel
        if not path.is_file():
            return Response(404, b"", {})
        headers = {"Content-Type": "application/xml"}
        headers.update((headers_for or {}).get(rel, {}))
        return Response(200, path.read_bytes(), headers)

    server.route(prefix, handler, prefix=True)


def _sources(tmp_path, urls):
    lines = []
    for i, url in enumerate(urls):
        lines += ["[[source]]", f'name = "real-{i}"', 'kind = "rss"', f'url = "{url}"', "local = true",
                  # their item links point at hosts we must not (and cannot) reach offline
                  "options = { fetch_pages = false }", ""]
    path = tmp_path / "real.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.mark.parametrize("step", [pytest.param(28, id="sample"), pytest.param(1, id="all", marks=pytest.mark.slow)])
def test_real_wellformed_feeds_ingest_without_crash_or_hang(db_path, ingest_server, tmp_path, step):
    folder = shared_path("feeds_feedparser_wellformed")
    manifest = json.loads((folder / "manifest.json").read_text())[::step]
    headers = {}
    for item in manifest:
        pairs = dict(h.split(": ", 1) for h in item.get("headers") or [])
        headers[item["path"]] = pairs
    _serve_folder(ingest_server, folder, "/shared/wellformed/", headers)
    urls = [ingest_server.url("/shared/wellformed/" + item["path"]) for item in manifest]
    result = run_ingest(db_path, settings=fast_settings(), sources_file=_sources(tmp_path, urls))
    assert len(result) == len(manifest)
    crashed = {k: v for k, v in result.items() if v["error_kind"] not in (None, "malformed_feed")}
    assert not crashed, crashed
    assert sum(v["error"] is None for v in result.values()) >= len(manifest) * 0.95
    log = store.read_df(db_path, "SELECT count(*) n FROM fetch_log WHERE purpose = 'feed'")
    assert log.n[0] == len(manifest)
    assert store.read_df(db_path, "SELECT count(*) n FROM documents WHERE text = ''").n[0] == 0


def test_real_reliefweb_feed_ingests(db_path, ingest_server, tmp_path):
    folder = shared_path("feeds_reliefweb")
    _serve_folder(ingest_server, folder, "/shared/reliefweb/")
    url = ingest_server.url("/shared/reliefweb/reliefweb_updates_ukraine_2020-09-17.xml")
    sources = tmp_path / "rw.toml"
    sources.write_text(f'[[source]]\nname = "rw-rss"\nkind = "rss"\nurl = "{url}"\nlocal = true\n'
                       'outlet = "ReliefWeb"\noptions = {{ fetch_pages = false, outlet_from = "author" }}\n'
                       .replace("{{", "{").replace("}}", "}"), encoding="utf-8")
    result = run_ingest(db_path, settings=fast_settings(), sources_file=sources)["rw-rss"]
    assert result["new"] == 5 and result["error"] is None
    docs = store.read_df(db_path, "SELECT outlet, text_source, language, url FROM documents ORDER BY url")
    assert set(docs["text_source"]) == {"feed"} and set(docs["language"]) == {"en"}
    assert "Danish Refugee Council" in set(docs["outlet"])
    assert docs["url"].str.startswith("https://reliefweb.int/report/ukraine/").all()
