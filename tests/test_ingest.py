"""Ingest end to end against the local fixture server and real DuckDB files (plain functions, no Prefect)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import store
from flows.documents import prepare_documents, write_documents
from flows.ingest import run_ingest
from tests.support.http_server import Response, fast_settings, ingest_server, render_page  # noqa: F401


def _sources_file(tmp_path: Path, entries: list[dict], name: str = "sources.toml") -> Path:
    lines = []
    for e in entries:
        lines.append("[[source]]")
        for key, value in e.items():
            if isinstance(value, dict):
                inner = ", ".join(f"{k} = {json.dumps(v)}" for k, v in value.items())
                lines.append(f"{key} = {{ {inner} }}")
            else:
                lines.append(f"{key} = {json.dumps(value)}")
        lines.append("")
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _rss(name, url, **extra):
    return {"name": name, "kind": "rss", "url": url, "local": True, **extra}


def _docs(db, where="true"):
    return store.read_df(db, f"SELECT * FROM documents WHERE {where} ORDER BY canonical_url")


def test_feed_ingest_stores_every_article_and_rerun_adds_nothing(db_path, ingest_server):
    cfg = fast_settings()
    url = ingest_server.url("/feed.xml")
    first = run_ingest(db_path, settings=cfg, feeds=[url])
    summary = next(iter(first.values()))
    assert summary["new"] == 4 and summary["error"] is None and summary["failed"] == 0
    docs = _docs(db_path)
    assert sorted(docs["language"]) == ["ar", "en", "es", "fr"]
    assert docs["text_source"].eq("page").all() and docs["title"].notna().all()
    assert docs["published_at"].notna().all() and docs["text"].str.len().gt(300).all()
    assert not docs["canonical_url"].str.contains("utm_").any()
    hits = {p: ingest_server.hits[p] for p in ("/pages/fr-conseil.html", "/pages/en-river-valley.html")}
    again = next(iter(run_ingest(db_path, settings=cfg, feeds=[url]).values()))
    assert again["new"] == 0 and again["error"] is None
    assert {p: ingest_server.hits[p] for p in hits} == hits  # no article refetched
    # without the validators the feed is fetched in full: every item is a known duplicate, no page is fetched
    with store.open_db(db_path) as con:
        con.execute("UPDATE sources SET etag = NULL, last_modified = NULL")
    third = next(iter(run_ingest(db_path, settings=cfg, feeds=[url]).values()))
    assert third["new"] == 0 and third["duplicate"] == 4
    assert {p: ingest_server.hits[p] for p in hits} == hits
    assert len(_docs(db_path)) == 4
    log = store.read_df(db_path, "SELECT purpose, status, ok FROM fetch_log ORDER BY id")
    assert list(log["status"][log["purpose"] == "feed"]) == [200, 304, 200]
    health = store.read_df(db_path, "SELECT * FROM source_health")
    assert health.loc[0, "documents"] == 4 and health.loc[0, "consecutive_failures"] == 0


FEED_FAILURES = {
    "/feeds/404.xml": "http_status",
    "/feeds/500.xml": "http_status",
    "/feeds/slow.xml": "timeout",
    "/feeds/loop.xml": "redirect_loop",
    "/feeds/huge.xml": "too_large",
    "/feeds/garbage.xml": "malformed_feed",
    "/feeds/html.xml": "content_type",
}
PAGE_FAILURES = {
    "/bad/404.html": "http_status",
    "/bad/500.html": "http_status",
    "/bad/slow.html": "timeout",
    "/bad/loop.html": "redirect_loop",
    "/bad/undecodable.html": "undecodable",
    "/bad/huge.html": "too_large",
    "/pages/no-text.html": "no_text",
    "/bad/pdf": "content_type",
}


def test_misbehaving_sources_and_pages_are_recorded_and_the_rest_ingested(db_path, ingest_server, tmp_path):
    entries = [_rss(f"bad{i}", ingest_server.url(p)) for i, p in enumerate(FEED_FAILURES)]
    entries += [
        _rss("good", ingest_server.url("/feed.xml")),
        _rss("pages", ingest_server.url("/misbehaving.xml")),
        _rss("bozo", ingest_server.url("/feeds/malformed.xml")),
        _rss("gzip", ingest_server.url("/feeds/gzip.xml")),
        _rss("flaky", ingest_server.url("/feeds/flaky.xml?k=ingest")),
        {"name": "broken entry", "kind": "rss", "url": "ftp://nowhere"},
    ]
    sources = _sources_file(tmp_path, entries)
    # one source at a time: "good", "flaky" and "bozo" carry the same items, and the counts below say which is first
    result = run_ingest(db_path, settings=fast_settings(ingest={"source_workers": 1}), sources_file=sources)

    for i, (path, kind) in enumerate(FEED_FAILURES.items()):
        assert result[f"bad{i}"]["error_kind"] == kind, (path, result[f"bad{i}"])
    assert "invalid source entry" in result["broken entry"]["error"]
    for ok in ("good", "pages", "bozo", "gzip", "flaky"):
        assert result[ok]["error"] is None, (ok, result[ok])
    assert result["good"]["new"] == 4 and result["gzip"]["new"] == 1
    assert result["flaky"]["new"] == 0 and result["flaky"]["duplicate"] == 4  # same items as "good", after a 500

    log = store.read_df(db_path, "SELECT * FROM fetch_log")
    for path, kind in {**FEED_FAILURES, **PAGE_FAILURES}.items():
        rows = log[log["url"] == ingest_server.url(path)]
        assert len(rows) and not rows["ok"].any() and set(rows["error_kind"]) == {kind}, (path, rows)
    bozo_log = log[log["url"] == ingest_server.url("/feeds/malformed.xml")]
    assert bozo_log["error_kind"].iloc[0] == "malformed_feed" and bozo_log["ok"].iloc[0]

    docs = _docs(db_path)
    assert docs["text"].str.len().gt(0).all() and docs["story_id"].notna().all() and docs["content_hash"].notna().all()
    pages = docs[docs["source"] == "pages"].set_index("url")
    for path in PAGE_FAILURES:  # nothing the feed delivered is lost: the feed's own text, marked as such
        row = pages.loc[ingest_server.url(path)]
        assert row["text_source"] == "feed" and row["page_attempts"] == 1 and "displaced families" in row["text"]
    assert pages.loc[ingest_server.url("/enc/cp1252.html"), "text"].count("d\u2019identité") == 1
    assert "después" in pages.loc[ingest_server.url("/enc/utf16.html"), "text"]
    assert pages.loc[ingest_server.url("/enc/gzip.html"), "language"] == "ar"
    assert pages.loc[ingest_server.url("/bad/flaky.html"), "text_source"] == "page"
    assert result["pages"]["failed"] == len(PAGE_FAILURES)
    assert result["bozo"]["entries"] == 2 and result["bozo"]["duplicate"] == 1  # its one good item: already stored

    health = store.read_df(db_path, "SELECT name, consecutive_failures, last_error FROM sources").set_index("name")
    assert health.loc["bad0", "consecutive_failures"] == 1 and "404" in health.loc["bad0", "last_error"]
    assert health.loc["good", "consecutive_failures"] == 0
    assert "parsed with errors" in health.loc["bozo", "last_error"]

    again = run_ingest(db_path, settings=fast_settings(), sources_file=sources, source_names=["bad0"])
    assert again["bad0"]["error"]
    assert store.read_df(db_path, "SELECT consecutive_failures FROM sources WHERE name = 'bad0'").iloc[0, 0] == 2


def test_feed_only_rows_are_upgraded_when_the_page_arrives(db_path, ingest_server, tmp_path):
    state = {"up": False}
    page = render_page("wire-story.html", ingest_server.base, path="/later/story.html")

    def later(req):
        if not state["up"]:
            return Response(503, b"down", {"Content-Type": "text/plain"})
        return Response(200, page.encode(), {"Content-Type": "text/html; charset=utf-8"})

    ingest_server.route("/later/story.html", later)
    ingest_server.route("/later/feed.xml", lambda req: Response(200, f"""<?xml version="1.0"?><rss version="2.0">
<channel><title>Later</title><item><title>Ceasefire talks collapse</title><link>{ingest_server.base}/later/story.html</link>
<description>Talks collapsed in Semra.</description></item></channel></rss>""".encode(), {"Content-Type": "application/rss+xml"}))
    sources = _sources_file(tmp_path, [_rss("later", ingest_server.url("/later/feed.xml"))])
    cfg = fast_settings()

    first = run_ingest(db_path, settings=cfg, sources_file=sources)["later"]
    assert first["new"] == 1 and first["failed"] == 1
    row = _docs(db_path).iloc[0]
    assert row["text_source"] == "feed" and row["page_attempts"] == 1 and "Semra" in row["text"]
    doc_id = row["id"]

    second = run_ingest(db_path, settings=cfg, sources_file=sources)["later"]  # still down: one more attempt
    assert second["new"] == 0 and second["upgraded"] == 0
    assert _docs(db_path).iloc[0]["page_attempts"] == 2

    state["up"] = True
    third = run_ingest(db_path, settings=cfg, sources_file=sources)["later"]
    assert third["upgraded"] == 1 and third["new"] == 0
    docs = _docs(db_path)
    assert len(docs) == 1 and docs.iloc[0]["id"] == doc_id
    assert docs.iloc[0]["text_source"] == "page" and "harbour district" in docs.iloc[0]["text"]
    assert docs.iloc[0]["page_attempts"] == 3

    hits = ingest_server.hits["/later/story.html"]
    run_ingest(db_path, settings=cfg, sources_file=sources)
    assert ingest_server.hits["/later/story.html"] == hits  # a page row is never fetched again


def test_page_retries_stop_at_the_limit(db_path, ingest_server, tmp_path):
    ingest_server.route("/never/feed.xml", lambda req: Response(200, f"""<?xml version="1.0"?><rss version="2.0">
<channel><title>Never</title><item><title>Gone</title><link>{ingest_server.base}/never/page.html</link>
<description>Only the feed knows.</description></item></channel></rss>""".encode(), {"Content-Type": "application/rss+xml"}))
    ingest_server.route("/never/page.html", lambda req: Response(404, b"", {}))
    sources = _sources_file(tmp_path, [_rss("never", ingest_server.url("/never/feed.xml"))])
    cfg = fast_settings(ingest={"max_page_attempts": 2})
    for _ in range(cfg.ingest.max_page_attempts + 2):
        run_ingest(db_path, settings=cfg, sources_file=sources)
    assert ingest_server.hits["/never/page.html"] == cfg.ingest.max_page_attempts
    assert _docs(db_path).iloc[0]["page_attempts"] == cfg.ingest.max_page_attempts


def test_duplicate_items_land_once(db_path, ingest_server):
    result = next(iter(run_ingest(db_path, settings=fast_settings(), feeds=[ingest_server.url("/duplicates.xml")]).values()))
    assert result["new"] == 1 and result["duplicate"] == 3
    assert len(_docs(db_path)) == 1


def test_syndicated_copies_share_one_story(db_path, ingest_server, tmp_path):
    entries = [_rss(f"outlet-{n}", ingest_server.url(f"/syndication/feed-{n}.xml"), outlet=f"Outlet {n}")
               for n in (2, 3, 4)]
    entries.append(_rss("gazette", ingest_server.url("/atom.xml"), outlet="Harbour Gazette"))
    entries.append(_rss("observer", ingest_server.url("/feed.xml"), outlet="Lakeside Observer"))
    run_ingest(db_path, settings=fast_settings(), sources_file=_sources_file(tmp_path, entries))
    docs = _docs(db_path)
    wire = docs[docs["title"].str.contains("Ceasefire talks collapse")]
    assert len(wire) == 4 and wire["story_id"].nunique() == 1 and wire["outlet"].nunique() == 4
    others = docs[~docs.index.isin(wire.index)]
    assert len(others) == 4 and not set(others["story_id"]) & set(wire["story_id"])
    assert others["story_id"].nunique() == 4


def test_synthetic_markers(db_path, ingest_server, tmp_path):
    entries = [_rss("demo", ingest_server.url("/synthetic.xml")),
               _rss("flagged", ingest_server.url("/feed.xml"), synthetic=True)]
    run_ingest(db_path, settings=fast_settings(), sources_file=_sources_file(tmp_path, entries))
    docs = _docs(db_path)
    assert docs["synthetic"].all() and len(docs) == 6


def test_since_skips_older_items(db_path, ingest_server):
    result = next(iter(run_ingest(db_path, settings=fast_settings(), feeds=[ingest_server.url("/feed.xml")],
                                  since="2026-11-17").values()))
    assert result["new"] == 2


def test_reliefweb_api(db_path, ingest_server, tmp_path, monkeypatch):
    entry = {"name": "rw", "kind": "reliefweb", "url": ingest_server.url("/api/v2/reports"), "local": True,
             "options": {"limit": 2, "max_pages": 5}}
    sources = _sources_file(tmp_path, [entry])
    cfg = fast_settings()
    monkeypatch.delenv("RELIEFWEB_APPNAME", raising=False)
    missing = run_ingest(db_path, settings=cfg, sources_file=sources)["rw"]
    assert missing["error_kind"] == "config" and "RELIEFWEB_APPNAME" in missing["error"]

    monkeypatch.setenv("RELIEFWEB_APPNAME", "unapproved")
    refused = run_ingest(db_path, settings=cfg, sources_file=sources)["rw"]
    assert refused["error_kind"] == "config" and "403" in refused["error"]

    monkeypatch.setenv("RELIEFWEB_APPNAME", "vigil-test-x1y2")
    result = run_ingest(db_path, settings=cfg, sources_file=sources, since="2026-01-01")["rw"]
    assert result == {**result, "new": 5, "error": None}
    docs = _docs(db_path).set_index("external_id")
    meta = json.loads(docs.loc["9100001", "metadata"])
    assert meta["primary_country"] == "NOR" and meta["countries"] == ["NOR", "VES"]
    assert docs.loc["9100001", "outlet"] == "Office of the Humanitarian Coordinator for Norvania"
    assert docs["text_source"].eq("api").all()
    assert docs.loc["9100003", "language"] == "fr"
    assert "Priority needs" in docs.loc["9100004", "text"]  # body-html when there is no body
    log = store.read_df(db_path, "SELECT url FROM fetch_log WHERE purpose = 'api'")
    assert not log["url"].str.contains("vigil-test-x1y2").any()  # the appname is not written to the log
    assert (log["url"].str.contains("offset=4")).any()  # paged: 2 + 2 + 1
    again = run_ingest(db_path, settings=cfg, sources_file=sources, since="2026-01-01")["rw"]
    assert again["new"] == 0 and again["duplicate"] == 5

    # a local (demo) API may carry its appname inline; a real one may not
    monkeypatch.delenv("RELIEFWEB_APPNAME")
    inline = _sources_file(tmp_path, [{**entry, "options": {"appname": "demo", "limit": 10}}], "inline.toml")
    assert run_ingest(db_path, settings=cfg, sources_file=inline, since="2026-01-01")["rw"]["error"] is None
    remote = _sources_file(tmp_path, [{**entry, "local": False, "options": {"appname": "x"}}], "remote.toml")
    assert "only accepted for local sources" in run_ingest(db_path, settings=cfg, sources_file=remote)["rw"]["error"]


def test_failed_batch_writes_nothing(db_path):
    df = prepare_documents([{"source": "s", "url": "http://x.org/1", "text": "one two three", "text_source": "page"},
                            {"source": "s", "url": "http://x.org/2", "text": "four five six", "text_source": "page"}])
    df.loc[1, "text"] = None  # violates NOT NULL at insert time
    with store.open_db(db_path) as con, pytest.raises(Exception, match="NOT NULL"), store.transaction(con):
        con.execute("INSERT INTO fetch_log (url, purpose, attempted_at, ok) VALUES ('u', 'page', now(), true)")
        write_documents(con, df)
    assert store.read_df(db_path, "SELECT count(*) n FROM documents").n[0] == 0
    assert store.read_df(db_path, "SELECT count(*) n FROM fetch_log").n[0] == 0


def test_misconfigured_sources_file(db_path, tmp_path):
    from flows.sources import SourcesError, load_sources

    bad = tmp_path / "bad.toml"
    bad.write_text("[[source]\nname = ", encoding="utf-8")
    with pytest.raises(SourcesError, match="not valid TOML"):
        load_sources(bad)
    with pytest.raises(SourcesError, match="not found"):
        load_sources(tmp_path / "missing.toml")
    dup = _sources_file(tmp_path, [_rss("a", "http://127.0.0.1/a"), _rss("a", "http://127.0.0.1/b"),
                                   {"name": "b", "kind": "gopher", "url": "http://x"},
                                   {"name": "c", "kind": "rss", "url": "http://x", "country_hint": "Sudan"}])
    listing = load_sources(dup)
    assert [s.name for s in listing.sources] == ["a"]
    assert any("duplicate" in p for p in listing.problems.values())
    assert "kind" in listing.problems["b"] and "country_hint" in listing.problems["c"]


def test_default_sources_file_is_valid():
    from flows.sources import load_sources
    from vigil.settings import load_settings

    cfg = load_settings()
    listing = load_sources(cfg.path(cfg.ingest.sources_file))
    assert not listing.problems and len(listing.sources) >= 25
    api = [s for s in listing.sources if s.kind == "reliefweb"]
    assert api and not any(s.enabled for s in api)  # needs an approved appname first
    assert not any(s.local for s in listing.sources)
