"""Dashboard query speed on a year of data: 1 million documents, 5 million evidence rows, scores for 200 countries
x 60 weeks x every dimension. Times the SQL each page runs on first paint (uncached, one fresh read-only connection
per page run, as after a flow's write), plus the map figure; wall and process CPU time (the machine may be shared).

    .venv/bin/python -m benchmarks.bench_dashboard [--order random|time] [--db PATH] [--rebuild] [--repeat 5]

--order random (default) writes documents with random publication times, so a week's evidence is spread over the
whole table (the worst case; also what re-tagging everything produces, as the tagger walks documents by id);
--order time writes them in publication order (steady-state ingest). The country-week evidence index
(`store.evidence_index`) is rebuilt after the build; the Country page is timed with it and without it (full scan).

Targets (issue 6): Overview first paint < 2 s, Country page < 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

DOCS = 1_000_000
EVIDENCE = 5_000_000
COUNTRIES = 200
WEEKS = 60
LAST_WEEK = dt.date(2026, 11, 16)


def build(path: Path, order: str = "random") -> None:
    """Generate the database with DuckDB SQL (range() and hashing; no Python loops over rows)."""
    from risk_framework import default_framework
    from store import open_db
    from vigil.reference import sync_reference

    fw = default_framework()
    first_week = LAST_WEEK - dt.timedelta(weeks=WEEKS - 1)
    dims = ["overall", *fw.crimes, *[f.code for f in fw.factors]]
    indicators = [(i.id, i.risk_factor) for i in fw.indicators]
    span = WEEKS * 7 * 86400
    published = f"hash(i) % {span}" if order == "random" else f"i * {span} // {DOCS}"
    t0 = time.perf_counter()
    with open_db(path) as con:
        sync_reference(con, fw)
        codes = [r[0] for r in con.execute(
            f"SELECT iso3 FROM countries ORDER BY iso3 LIMIT {COUNTRIES}").fetchall()]
        con.execute("CREATE TEMP TABLE c AS SELECT unnest(?) AS iso3, generate_subscripts(?, 1) - 1 AS k",
                    [codes, codes])
        con.execute("CREATE TEMP TABLE ind AS SELECT unnest(?) AS indicator_id, unnest(?) AS rf, "
                    "generate_subscripts(?, 1) - 1 AS k",
                    [[i for i, _ in indicators], [r for _, r in indicators], [i for i, _ in indicators]])
        con.execute("""
            INSERT INTO sources (name, kind, url, outlet, last_success_at, consecutive_failures, last_run_new)
            SELECT 'src-' || i, 'rss', 'https://feeds.example.org/' || i, 'Outlet ' || (i % 40), now(), i % 3, 10
            FROM range(60) t(i)
        """)
        con.execute(f"""
            INSERT INTO documents (id, source, outlet, url, title, text, text_source, language, published_at,
                                   fetched_at, content_hash, story_id)
            SELECT 'd' || i, 'src-' || (i % 60), 'Outlet ' || (i % 40), 'https://news.example.org/a/' || i,
                   'Report ' || i, 'Body of report ' || i, 'feed', 'en',
                   TIMESTAMP '{first_week}' + to_seconds({published}::BIGINT),
                   TIMESTAMP '{LAST_WEEK}' + INTERVAL 7 DAY, md5(i::VARCHAR), 's' || (i // 3)
            FROM range({DOCS}) t(i)
        """)
        t_docs = time.perf_counter()
        con.execute(f"""
            INSERT INTO evidence (id, document_id, iso3, indicator_id, risk_factor, confidence, method, sentence,
                                  sentence_start, sentence_end, span_start, span_end, model_version,
                                  framework_version, doc_key)
            SELECT 'e' || j, 'd' || (j // 5), c.iso3, ind.indicator_id, ind.rf,
                   0.35 + (hash(j, 7) % 650) / 1000.0, 'pattern',
                   'Witnesses said armed men attacked the village of Example ' || j || '.',
                   0, 60, 20, 28, 'bench.v1', '{fw.full_version}', d.doc_key
            FROM range({EVIDENCE}) t(j)
            JOIN c ON c.k = hash(j // 5) % {COUNTRIES}
            JOIN ind ON ind.k = hash(j, 3) % {len(indicators)}
            JOIN documents d ON d.id = 'd' || (j // 5)  -- its document's key, as store.insert_df gives it
            ORDER BY j
        """)
        t_ev = time.perf_counter()
        con.execute(f"""
            INSERT INTO country_scores (iso3, week, dimension, score, level, raw, coverage, baseline, surge,
                                        evidence_count, outlets, weights_version, framework_version, scoring_version)
            SELECT c.iso3, (DATE '{first_week}' + INTERVAL (w * 7) DAY)::DATE, d.dim,
                   (hash(c.iso3, w, d.dim) % 10000) / 100.0 AS score,
                   CASE WHEN d.dim = 'overall' THEN 1 + (hash(c.iso3, w, d.dim) % 10000) // 2000 END,
                   1.0, 10.0, 30.0, 0.5, 25, 5, 'default', '{fw.full_version}', 'bench.v1'
            FROM c, range({WEEKS}) t(w), (SELECT unnest(?) AS dim) d
        """, [dims])
        con.execute(f"""
            INSERT INTO alerts (id, iso3, week, kind, dimension, level_from, level_to, score, reason, evidence_ids,
                                weights_version, scoring_version)
            SELECT 'a' || i, c.iso3, (DATE '{first_week}' + INTERVAL ((i % {WEEKS}) * 7) DAY)::DATE, 'level_rise',
                   'overall', 3, 4, 70.0, 'level rose', ['e' || (i * 5)], 'default', 'bench.v1'
            FROM range(2000) t(i) JOIN c ON c.k = i % {COUNTRIES}
        """)
        con.execute("""
            INSERT INTO structural_risk (iso3, year, risk, rank, model_version)
            SELECT iso3, 2026, 0.3 / (k + 1), k + 1, 'bench' FROM c
        """)
        con.execute("CHECKPOINT")
    t_end = time.perf_counter()
    print(f"built {path} ({order} order): documents {t_docs - t0:.1f} s, evidence {t_ev - t_docs:.1f} s, "
          f"scores/alerts {t_end - t_ev:.1f} s (total {t_end - t0:.1f} s)")


def refresh_index(path: Path) -> None:
    from store import open_db
    from store.evidence_index import refresh

    t0, c0 = time.perf_counter(), time.process_time()
    with open_db(path) as con:
        rows = refresh(con)
        con.execute("CHECKPOINT")
    print(f"evidence_week_index rebuilt: {rows:,} rows in {time.perf_counter() - t0:.1f} s "
          f"({time.process_time() - c0:.1f} s CPU)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--order", choices=["random", "time"], default="random",
                        help="physical order of documents and evidence (see above)")
    parser.add_argument("--db", type=Path, help="default /tmp/vigil-bench-dashboard[-time].duckdb")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the database even if it exists")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    if args.db is None:
        args.db = Path("/tmp/vigil-bench-dashboard" + ("-time" if args.order == "time" else "") + ".duckdb")

    from store import read_only
    from store.evidence_index import usable

    if args.rebuild or not args.db.exists():
        for p in (args.db, Path(f"{args.db}.wal")):
            p.unlink(missing_ok=True)
        build(args.db, args.order)
    with read_only(args.db) as con:
        fresh = usable(con).usable
    if not fresh:
        refresh_index(args.db)

    from dashboard import queries as Q
    from dashboard.map import choropleth, load_boundaries

    db = str(args.db)
    counts = Q.db_status.uncached(db).iloc[0]
    print(f"database: {int(counts['documents']):,} documents, {int(counts['evidence']):,} evidence rows, "
          f"{int(counts['scores']):,} score rows")
    load_boundaries()  # read once per server process (cached), like the app

    week = Q.weeks.uncached(db)["week"].iloc[0]
    top = Q.ranking.uncached(db, week, "overall")["iso3"].iloc[0]
    overview = [
        ("db_status", Q.db_status.uncached, (db,)),
        ("weeks", Q.weeks.uncached, (db,)),
        ("ranking", Q.ranking.uncached, (db, week, "overall")),
        ("latest_alerts", Q.latest_alerts.uncached, (db, 10)),
        ("map figure", lambda r: choropleth(r["ranking"]).to_plotly_json(), "results"),
    ]
    country = [
        ("db_status", Q.db_status.uncached, (db,)),
        ("scored_countries", Q.scored_countries.uncached, (db,)),
        ("country_history", Q.country_history.uncached, (db, top)),
        ("structural_for", Q.structural_for.uncached, (db, top)),
        ("factor_scores", Q.factor_scores.uncached, (db, top, week)),
        ("week_evidence", Q.week_evidence.uncached, (db, top, week)),
        ("evidence_details", lambda r: Q.evidence_details.uncached(
            db, Q.evidence_ids(r["week_evidence"], None, Q.EVIDENCE_PAGE_SIZE, 0)), "results"),
        ("country_alerts", Q.country_alerts.uncached, (db, top)),
    ]
    scan = [(name, (lambda *a: Q.week_evidence.uncached(*a, use_index=False)) if name == "week_evidence" else fn,
             fargs) for name, fn, fargs in country]
    totals = {}
    pages = (("Overview", overview), ("Country", country), ("Country, full scan (no index)", scan))
    load_before = os.getloadavg()
    for page, steps in pages:
        # As in the app: one read-only connection per page run, opened fresh (cold buffer cache) every time.
        per_step: dict[str, list[float]] = {name: [] for name, _, _ in steps}
        page_times, page_cpu, sizes = [], [], {}
        for _ in range(args.repeat):
            t_page, c_page = time.perf_counter(), time.process_time()
            with Q.reading(db):
                results: dict = {}
                for name, fn, fargs in steps:
                    t = time.perf_counter()
                    result = fn(results) if fargs == "results" else fn(*fargs)
                    per_step[name].append(time.perf_counter() - t)
                    results[name] = result
                    sizes[name] = len(result) if hasattr(result, "__len__") and not isinstance(result, dict) else ""
            page_times.append(time.perf_counter() - t_page)
            page_cpu.append(time.process_time() - c_page)
        print(f"\n{page} page (first run / median of {args.repeat}, wall seconds):")
        for name, times in per_step.items():
            print(f"  {name:<18} {times[0]:7.3f} {statistics.median(times):7.3f}  {sizes[name]}")
        totals[page] = (statistics.median(page_times), statistics.median(page_cpu))
        print(f"  {'page total':<18} {page_times[0]:7.3f} {totals[page][0]:7.3f}  "
              f"(median process CPU {totals[page][1]:.3f} s)")
    load_after = os.getloadavg()
    ok = totals["Overview"][0] < 2.0 and totals["Country"][0] < 1.0
    print(f"\n{args.order} order, {os.cpu_count()} cores, load average {load_before[0]:.1f} before / "
          f"{load_after[0]:.1f} after")
    for page, (wall, cpu) in totals.items():
        print(f"{page}: {wall:.2f} s wall, {cpu:.2f} s CPU")
    print(f"targets Overview < 2 s, Country < 1 s: {'OK' if ok else 'SLOWER THAN TARGET'}")
    print(f"command: .venv/bin/python -m benchmarks.bench_dashboard --order {args.order}"
          + (" --rebuild" if args.rebuild else ""))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
