"""Benchmark: rescore 200 countries x 104 weeks from 1 million evidence rows in a real DuckDB file.

    .venv/bin/python -m benchmarks.bench_scoring [--db PATH] [--evidence N] [--countries N] [--weeks N] [--runs N]

With --db, an existing file is reused (its stream is not regenerated).

The stream is generated inside DuckDB (documents, document_countries, evidence; story clusters of two copies,
40 outlets; ids, keys and row order as the pipeline writes them, see `generate`), then `risk_framework.scoring.score_database` rescores every week, twice per run:

- "rerun": the active (default) weights again: nothing changes, so nothing is written (a fresh file is scored
  once first, reported as "first");
- "new version": a weights version never scored before (another threshold), so every row is inserted.

Figures per step, wall seconds and process CPU seconds (all threads, DuckDB's included):
query = evidence (the SQL pass: evidence x documents -> story clusters, fetched as Arrow) + coverage + time_series
(numpy: outlets, decay, baselines, surges, crimes, levels) + alerts (keys, citations, reasons): everything computed,
nothing written. write = labelled rows with their components JSON (DuckDB, from the arrays), compared with the
stored rows, changed ones deleted and inserted, alerts upserted, in one transaction.
"""

from __future__ import annotations

import argparse
import os
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
        # Two documents per story cluster; a story's copies share country and week. Shaped like the pipeline's
        # writes: 20-hex-digit document ids, a story named by its first copy's id, documents inserted in
        # publication order (doc_key follows), evidence with 32-hex-digit ids written document by document, each
        # week's documents in id order (as `vigil tag` reads them), with its document's doc_key (as insert_df does).
        con.execute(
            f"""
            CREATE TEMP TABLE d AS
            SELECT i, left(md5('bd' || i), 20) AS id, (i // 2) % {countries} AS k,
                   ((i // 2) // {countries}) % {weeks} AS wk, left(md5('bd' || (i - i % 2)), 20) AS story_id
            FROM range({docs}) t(i)
            """
        )
        con.execute(
            """
            INSERT INTO documents (id, source, outlet, url, canonical_url, title, text, text_source, language,
                                   published_at, fetched_at, content_hash, story_id, synthetic)
            SELECT id, 'bench-' || (i % 5), 'outlet-' || (hash(i) % 40), 'https://example.org/' || id,
                   'https://example.org/' || id, 'Bench ' || id, 'Generated benchmark text.', 'generated', 'en',
                   TIMESTAMP '2024-01-01' + INTERVAL (wk * 7) DAY + INTERVAL (hash(i) % 600000) SECOND,
                   TIMESTAMP '2024-01-01' + INTERVAL (wk * 7 + 7) DAY, md5(id), story_id, TRUE
            FROM d ORDER BY wk, i
            """
        )
        con.execute(
            "INSERT INTO document_countries (document_id, iso3, mentions, score, is_primary, model_version, doc_key) "
            "SELECT d.id, iso.iso3, 1, 1.0, TRUE, 'bench', k.doc_key FROM d JOIN iso USING (k) "
            "JOIN documents k ON k.id = d.id ORDER BY k.doc_key"
        )
        con.execute(
            f"""
            INSERT INTO evidence (id, document_id, iso3, indicator_id, risk_factor, confidence, method, sentence,
                                  sentence_start, sentence_end, model_version, framework_version, doc_key)
            SELECT left(md5('be' || e), 32), d.id, iso.iso3, rf || '.' || (1 + hash(e) % 6), rf,
                   0.35 + 0.65 * random(), 'bench', 'Generated benchmark sentence.', 0, 29, 'bench', 'bench', k.doc_key
            FROM (SELECT e, hash(e * 7919) % {docs} AS i, 1 + hash(e * 104729) % 14 AS rf FROM range({evidence}) t(e)) x
            JOIN d USING (i) JOIN iso USING (k) JOIN documents k ON k.id = d.id
            ORDER BY d.wk, d.id, e
            """
        )
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("documents", "document_countries", "evidence")}


QUERY_STEPS = ("evidence", "coverage", "time_series", "alerts")


def _line(label: str, result: dict, wall: float, cpu: float) -> str:
    t, c = result["timings"], result["cpu"]
    q_wall, q_cpu = sum(t[k] for k in QUERY_STEPS), sum(c[k] for k in QUERY_STEPS)
    steps = ", ".join(f"{k} {t[k]:.2f}/{c[k]:.2f}" for k in (*QUERY_STEPS, "write"))
    return (f"  {label:12s} query {q_wall:.3f} s wall / {q_cpu:.3f} s CPU; write {t['write']:.3f} s / "
            f"{c['write']:.3f} s CPU ({result['written']:,} of {result['rows']:,} rows written, "
            f"{result['alerts']} alerts); total {wall:.3f} s / {cpu:.3f} s CPU  [wall/CPU per step: {steps}]")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="DuckDB file (default: a temporary one)")
    ap.add_argument("--evidence", type=int, default=1_000_000)
    ap.add_argument("--countries", type=int, default=200)
    ap.add_argument("--weeks", type=int, default=104)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    from risk_framework.scoring import score_database
    from risk_framework.weights import default_weights, save_version
    from store import open_db

    tmp = tempfile.TemporaryDirectory() if args.db is None else None
    path = args.db or Path(tmp.name) / "bench.duckdb"
    t0 = time.perf_counter()
    if path.exists():  # reuse a stream generated by an earlier run with --db
        from store import read_df

        counts = {t: int(read_df(path, f"SELECT count(*) AS n FROM {t}").n[0])
                  for t in ("documents", "document_countries", "evidence")}
        print(f"reusing {counts} in {path}")
    else:
        counts = generate(path, args.evidence, args.countries, args.weeks)
        print(f"generated {counts} into {path} in {time.perf_counter() - t0:.1f} s")

    figures: dict[str, list[tuple[float, float, float, float]]] = {"rerun": [], "new version": []}
    base = default_weights()
    with open_db(path) as con:
        if not con.execute("SELECT count(*) FROM country_scores").fetchone()[0]:  # a fresh file: score it once
            t, c = time.perf_counter(), time.process_time()
            result = score_database(con)
            print(_line("first", result, time.perf_counter() - t, time.process_time() - c))
    for run in range(args.runs):
        print(f"run {run + 1} (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
        with open_db(path) as con:
            name = f"bench-{os.getpid()}-{run}"
            levels = base.levels.model_copy(update={"thresholds": (15.0 + run, 40.0, 60.0, 80.0)})
            save_version(con, name, base.model_copy(update={"levels": levels}), parent="default")
            for label, weights in (("rerun", None), ("new version", name)):
                t, c = time.perf_counter(), time.process_time()
                result = score_database(con, weights=weights)
                wall, cpu = time.perf_counter() - t, time.process_time() - c
                print(_line(label, result, wall, cpu))
                figures[label].append((sum(result["timings"][k] for k in QUERY_STEPS),
                                       sum(result["cpu"][k] for k in QUERY_STEPS),
                                       result["timings"]["write"], result["cpu"]["write"]))
            con.execute("DELETE FROM country_scores WHERE weights_version = ?", [name])
            con.execute("DELETE FROM alerts WHERE weights_version = ?", [name])
    print(f"\nscoring {args.countries} countries x {args.weeks} weeks from {counts['evidence']:,} evidence rows "
          f"({args.runs} runs, medians; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: other "
          "processes share the machine, so wall time is at least CPU time / cores):")
    for label, rows in figures.items():
        med = [statistics.median(r[i] for r in rows) for i in range(4)]
        print(f"  {label:12s} query {med[0]:.3f} s wall, {med[1]:.3f} s CPU; write {med[2]:.3f} s wall, "
              f"{med[3]:.3f} s CPU")
    print("command: .venv/bin/python -m benchmarks.bench_scoring "
          f"--evidence {args.evidence} --countries {args.countries} --weeks {args.weeks} --runs {args.runs}")
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
