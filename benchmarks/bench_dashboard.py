"""Dashboard query speed on a year of data: 1 million documents, 5 million evidence rows, scores for 200 countries
x 60 weeks x every dimension. Times the SQL each page runs on first paint (uncached, fresh read-only connection
per query, as after a flow's write), plus the map figure.

    .venv/bin/python -m benchmarks.bench_dashboard [--db PATH] [--rebuild] [--repeat 5]

Targets (issue 6): Overview first paint < 2 s, Country page < 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

DOCS = 1_000_000
EVIDENCE = 5_000_000
COUNTRIES = 200
WEEKS = 60
LAST_WEEK = dt.date(2026, 11, 16)


def build(path: Path) -> None:
    """Generate the database with DuckDB SQL (range() and hashing; no Python loops over rows)."""
    from risk_framework import default_framework
    from store import open_db
    from vigil.reference import sync_reference

    fw = default_framework()
    first_week = LAST_WEEK - dt.timedelta(weeks=WEEKS - 1)
    dims = ["overall", *fw.crimes, *[f.code for f in fw.factors]]
    indicators = [(i.id, i.risk_factor) for i in fw.indicators]
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
                   TIMESTAMP '{first_week}' + to_seconds((hash(i) % ({WEEKS} * 7 * 86400))::BIGINT),
                   TIMESTAMP '{LAST_WEEK}' + INTERVAL 7 DAY, md5(i::VARCHAR), 's' || (i // 3)
            FROM range({DOCS}) t(i)
        """)
        t_docs = time.perf_counter()
        con.execute(f"""
            INSERT INTO evidence (id, document_id, iso3, indicator_id, risk_factor, confidence, method, sentence,
                                  sentence_start, sentence_end, span_start, span_end, model_version,
                                  framework_version)
            SELECT 'e' || j, 'd' || (j // 5), c.iso3, ind.indicator_id, ind.rf,
                   0.35 + (hash(j, 7) % 650) / 1000.0, 'pattern',
                   'Witnesses said armed men attacked the village of Example ' || j || '.',
                   0, 60, 20, 28, 'bench.v1', '{fw.full_version}'
            FROM range({EVIDENCE}) t(j)
            JOIN c ON c.k = hash(j // 5) % {COUNTRIES}
            JOIN ind ON ind.k = hash(j, 3) % {len(indicators)}
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
    print(f"built {path}: documents {t_docs - t0:.1f} s, evidence {t_ev - t_docs:.1f} s, "
          f"scores/alerts {t_end - t_ev:.1f} s (total {t_end - t0:.1f} s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=Path("/tmp/vigil-bench-dashboard.duckdb"))
    parser.add_argument("--rebuild", action="store_true", help="rebuild the database even if it exists")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    if args.rebuild or not args.db.exists():
        for p in (args.db, Path(f"{args.db}.wal")):
            p.unlink(missing_ok=True)
        build(args.db)

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
    totals = {}
    for page, steps in (("Overview", overview), ("Country", country)):
        # As in the app: one read-only connection per page run, opened fresh (cold buffer cache) every time.
        per_step: dict[str, list[float]] = {name: [] for name, _, _ in steps}
        page_times, sizes = [], {}
        for _ in range(args.repeat):
            t_page = time.perf_counter()
            with Q.reading(db):
                results: dict = {}
                for name, fn, fargs in steps:
                    t = time.perf_counter()
                    result = fn(results) if fargs == "results" else fn(*fargs)
                    per_step[name].append(time.perf_counter() - t)
                    results[name] = result
                    sizes[name] = len(result) if hasattr(result, "__len__") and not isinstance(result, dict) else ""
            page_times.append(time.perf_counter() - t_page)
        print(f"\n{page} page (first run / median of {args.repeat}, seconds):")
        for name in per_step:
            print(f"  {name:<18} {per_step[name][0]:7.3f} {statistics.median(per_step[name]):7.3f}  {sizes[name]}")
        totals[page] = (page_times[0], statistics.median(page_times))
        print(f"  {'page total':<18} {page_times[0]:7.3f} {totals[page][1]:7.3f}")
    ok = totals["Overview"][1] < 2.0 and totals["Country"][1] < 1.0
    print(f"\nOverview {totals['Overview'][1]:.2f} s (target < 2 s), Country {totals['Country'][1]:.2f} s "
          f"(target < 1 s): {'OK' if ok else 'SLOWER THAN TARGET'}")
    print(f"command: .venv/bin/python -m benchmarks.bench_dashboard --db {args.db}"
          + (" --rebuild" if args.rebuild else ""))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
