"""Benchmark: ingest 5,000 article pages (50 feeds x 100 items) from a local HTTP server into a fresh DuckDB file.

    .venv/bin/python -m benchmarks.bench_ingest [--pages 5000] [--feeds 50] [--stored 0]

The fixture server runs in a child process so the figures are the ingest side only. Each page is a distinct
~400-word article assembled deterministically from our own fixture sentences. Prints documents per second
(fetch + trafilatura extraction + language + MinHash story clustering + DuckDB writes), the CPU time of the
ingesting process, the load average, and the peak resident memory. `--stored N` first loads N story seeds with
random band hashes (32 `document_bands` rows each), to time the story lookup against a large table.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _sentences() -> list[str]:
    from tests.support.http_server import FIXTURES

    text = " ".join(p.read_text(encoding="utf-8").partition("\n---\n")[2]
                    for p in (FIXTURES / "pages").glob("en-*.html"))
    text += " " + (FIXTURES / "pages" / "wire-story.html").read_text(encoding="utf-8").partition("\n---\n")[2]
    plain = re.sub(r"<[^>]+>", " ", text)
    return [s.strip() + "." for s in re.split(r"\.\s", plain) if len(s.split()) > 6]


def _serve(pages: int, feeds: int, queue) -> None:
    from tests.support.http_server import LocalServer, Response, rss

    sentences = _sentences()
    server = LocalServer()
    per_feed = pages // feeds

    def page(req):
        n = int(req.path.rsplit("/", 1)[-1].split(".")[0])
        rng = random.Random(n)
        paras = ["<p>" + " ".join(rng.choice(sentences) for _ in range(5)) + f" Report number {n}.</p>"
                 for _ in range(5)]
        html = (f"<html><head><meta charset='utf-8'><title>Bench story {n}</title></head><body><nav>Home | World"
                f"</nav><article><h1>Bench story {n}</h1>{''.join(paras)}</article><footer>Copyright</footer>"
                "</body></html>")
        return Response(200, html.encode(), {"Content-Type": "text/html; charset=utf-8"})

    def feed(req):
        f = int(req.path.rsplit("/", 1)[-1].split(".")[0])
        items = [{"title": f"Bench story {n}", "link": f"{server.base}/bench/page/{n}.html"}
                 for n in range(f * per_feed, (f + 1) * per_feed)]
        return Response(200, rss(f"Bench feed {f}", items, server.base).encode(), {"Content-Type": "application/rss+xml"})

    server.route("/bench/page/", page, prefix=True)
    server.route("/bench/feed/", feed, prefix=True)
    queue.put(server.base)
    while True:
        time.sleep(3600)


def _preload(db: Path, n: int) -> float:
    from store import open_db

    started = time.perf_counter()
    with open_db(db) as con:
        con.execute(
            f"""INSERT INTO documents (id, source, canonical_url, text, text_source, fetched_at, content_hash,
                                       simhash, story_id)
                SELECT 'pre' || i, 'preload', 'http://preload.invalid/' || i, 'x', 'import', now(), md5(i::VARCHAR),
                       hash(i)::UBIGINT, 'pre' || i FROM range({n}) t(i)"""
        )
        con.execute(f"""INSERT INTO document_bands SELECT 'pre' || i, b::SMALLINT, hash(i * 32 + b)::UBIGINT
                        FROM range({n}) t(i), range(32) u(b)""")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--stored", type=int, default=0, help="documents preloaded before the run")
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()

    from flows.ingest import run_ingest
    from vigil.settings import load_settings

    queue: mp.Queue = mp.Queue()
    proc = mp.Process(target=_serve, args=(args.pages, args.feeds, queue), daemon=True)
    proc.start()
    base = queue.get(timeout=60)
    db = args.db or Path(tempfile.mkdtemp()) / "bench.duckdb"
    try:
        if args.stored:
            print(f"preloaded {args.stored:,} documents in {_preload(db, args.stored):.1f} s")
        settings = load_settings(overrides={"allow_local": True})  # shipped fetch limits (loopback: local_per_host)
        feeds = [f"{base}/bench/feed/{f}.xml" for f in range(args.feeds)]
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started, cpu = time.perf_counter(), time.process_time()
        result = run_ingest(db, settings=settings, feeds=feeds, allow_local=True)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        load = os.getloadavg()[0]
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    finally:
        proc.terminate()
    new = sum(s["new"] for s in result.values())
    failed = [n for n, s in result.items() if s["error"]]
    print(f"pages: {args.pages:,} in {args.feeds} feeds; stored documents: {new:,}; failed sources: {len(failed)}")
    print(f"ingest: {elapsed:.1f} s = {new / elapsed:.0f} documents/s; CPU time of the ingesting process {cpu:.1f} s = "
          f"{cpu / max(new, 1) * 1000:.1f} ms per document (load average {load:.1f} on {os.cpu_count()} cores at the end)")
    print(f"peak RSS of the ingesting process: {peak / 1024:.0f} MB (before the run: {rss_before / 1024:.0f} MB)")
    print(f"command: .venv/bin/python -m benchmarks.bench_ingest --pages {args.pages} --feeds {args.feeds}"
          + (f" --stored {args.stored}" if args.stored else ""))


if __name__ == "__main__":
    main()
