"""Benchmark: rescore 200 countries x 104 weeks from 1 million evidence rows in a real DuckDB file.

    .venv/bin/python -m benchmarks.bench_scoring [--db PATH] [--evidence N] [--countries N] [--weeks N] [--runs N]

The stream is generated inside DuckDB (documents, document_countries, evidence; story clusters of two copies,
40 outlets), then `risk_framework.scoring.score_database` rescores every week with the default weights. Prints the
query time (evidence -> factor, crime and overall scores, hysteresis levels, alerts) and the write time.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path


def generate(path: Path, evidence: int, countries: int, weeks: int) -> dict:
    """Write a synthetic stream straight into the warehouse tables with SQL (fast, deterministic)."""
    from store import open_db
    from vigil.reference import sync_reference

    docs = max(evidence * 2 // 5, countries * weeks * 2)
    with open_db(path) as con:
        sync_reference(con)
        iso = [r[0] for r in con.execute(f"SELECT iso3 FROM countries ORDER BY iso3 LIMIT {countries}").fetchall()]
        con.execute("SELECT setseed(0.42)")
        con.execute("CREATE TEMP TABLE iso AS SELECT unnest(?) AS iso3, generate_subscripts(?, 1) - 1 AS k", [iso, iso])
        con.execute(
            "INSERT OR REPLACE INTO sources (name, kind, outlet, synthetic) "
            "SELECT 'bench-' || i, CASE WHEN i = 0 THEN 'reliefweb' ELSE 'rss' END, 'Bench ' || i, TRUE "
            "FROM range(5) t(i)"
        )
        # two documents per story cluster; a story's copies share country and week
        con.execute(
            f"""
            CREATE TEMP TABLE d AS
            SELECT i, 'bd' || i AS id, (i // 2) % {countries} AS k, ((i // 2) // {countries}) % {weeks} AS wk,
                   'bs' || (i // 2) AS story_id
            FROM range({docs}) t(i)
            """
        )
        con.execute(
            f"""
            INSERT INTO documents (id, source, outlet, url, canonical_url, title, text, text_source, language,
                                   published_at, fetched_at, content_hash, story_id, synthetic)
            SELECT id, 'bench-' || (i % 5), 'outlet-' || (hash(i) % 40), 'https://example.org/' || id,
                   'https://example.org/' || id, 'Bench ' || id, 'Generated benchmark text.', 'generated', 'en',
                   TIMESTAMP '2024-01-01' + INTERVAL (wk * 7) DAY + INTERVAL (hash(i) % 600000) SECOND,
                   TIMESTAMP '2024-01-01' + INTERVAL (wk * 7 + 7) DAY, md5(id), story_id, TRUE
            FROM d
            """
        )
        con.execute(
            "INSERT INTO document_countries SELECT d.id, iso.iso3, 1, 1.0, TRUE, 'bench' FROM d JOIN iso USING (k)"
        )
        con.execute(
            f"""
            INSERT INTO evidence (id, document_id, iso3, indicator_id, risk_factor, confidence, method, sentence,
                                  sentence_start, sentence_end, model_version, framework_version)
            SELECT 'be' || e, d.id, iso.iso3, rf || '.' || (1 + hash(e) % 6), rf, 0.35 + 0.65 * random(), 'bench',
                   'Generated benchmark sentence.', 0, 29, 'bench', 'bench'
            FROM (SELECT e, hash(e * 7919) % {docs} AS i, 1 + hash(e * 104729) % 14 AS rf FROM range({evidence}) t(e)) x
            JOIN d USING (i) JOIN iso USING (k)
            """
        )
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("documents", "document_countries", "evidence")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="DuckDB file (default: a temporary one)")
    ap.add_argument("--evidence", type=int, default=1_000_000)
    ap.add_argument("--countries", type=int, default=200)
    ap.add_argument("--weeks", type=int, default=104)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    from store import open_db
    from risk_framework.scoring import score_database

    tmp = tempfile.TemporaryDirectory() if args.db is None else None
    path = args.db or Path(tmp.name) / "bench.duckdb"
    t0 = time.perf_counter()
    counts = generate(path, args.evidence, args.countries, args.weeks)
    print(f"generated {counts} into {path} in {time.perf_counter() - t0:.1f} s")

    query, total = [], []
    for run in range(args.runs):
        with open_db(path) as con:
            t = time.perf_counter()
            result = score_database(con)
            total.append(time.perf_counter() - t)
        timings = result["timings"]
        query.append(sum(v for k, v in timings.items() if k != "write"))
        print(f"run {run + 1}: query {query[-1]:.3f} s, write {timings['write']:.3f} s, total {total[-1]:.3f} s "
              f"({result['rows']:,} score rows, {result['alerts']} alerts, {result['countries']} countries; "
              f"steps {timings})")
    print(
        f"\nscoring {args.countries} countries x {args.weeks} weeks from {counts['evidence']:,} evidence rows: "
        f"query time median {statistics.median(query):.3f} s (best {min(query):.3f} s), "
        f"with writing {statistics.median(total):.3f} s"
    )
    print("command: .venv/bin/python -m benchmarks.bench_scoring "
          f"--evidence {args.evidence} --countries {args.countries} --weeks {args.weeks} --runs {args.runs}")
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
