"""Archive import throughput (no tagging): documents per second through `vigil import`'s code path.

Generates a synthetic JSONL archive (deterministic; English and French texts, `--size notes`: 1-3 sentences like
event-dataset rows, `--size news`: 4-36 sentences like news articles; about one in ten a near-duplicate of an
earlier one), imports it into a fresh DuckDB file with `flows.archive_import`, then
imports it again (idempotence: nothing added). Prints the figures and the command that reproduces them.

    .venv/bin/python benchmarks/bench_import.py [--docs 50000] [--size notes|news] [--batch-size 5000] [--profile]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

EN = ["the", "government", "security", "forces", "police", "army", "militia", "rebels", "protesters", "civilians", "village", "town", "region", "district", "officials", "said", "on", "monday", "tuesday", "wednesday", "thursday", "friday", "attack", "clashes", "killed", "injured", "displaced", "families", "election", "opposition", "leader", "arrested", "journalists", "court", "ruling", "ministry", "statement", "humanitarian", "aid", "agency", "refugees", "camp", "border", "water", "food", "shortage", "market", "road", "bridge", "night", "morning", "witnesses", "reported", "according", "to", "local", "residents", "community", "elders", "meeting", "talks", "ceasefire", "negotiations"]
FR = ["le", "gouvernement", "les", "forces", "de", "sécurité", "la", "police", "l'armée", "des", "milices", "rebelles", "manifestants", "civils", "village", "ville", "région", "district", "responsables", "ont", "déclaré", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "attaque", "affrontements", "tués", "blessés", "déplacés", "familles", "élection", "opposition", "dirigeant", "arrêté", "journalistes", "tribunal", "décision", "ministère", "communiqué", "aide", "humanitaire", "agence", "réfugiés", "camp", "frontière", "eau", "nourriture", "pénurie", "marché", "route", "pont", "nuit", "matin", "témoins", "selon", "les", "habitants", "anciens", "réunion", "pourparlers", "cessez-le-feu", "négociations"]


def generate(path: Path, n: int, seed: int = 0, length: tuple[int, int] = (4, 36)) -> int:
    """Write `n` JSONL documents; returns the file size in bytes."""
    rng = random.Random(seed)
    start = dt.datetime(2005, 1, 1)
    step = min(97.0, 18 * 365 * 24 * 60 / max(n, 1))  # minutes apart; all dates within 2005-2022 (none in the future)
    kept: list[str] = []
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            if kept and rng.random() < 0.1:  # a near-duplicate (another outlet's copy, lightly edited)
                words = rng.choice(kept).split()
                words[rng.randrange(len(words))] = rng.choice(EN)
                text = " ".join(words)
            else:
                vocab = FR if rng.random() < 0.25 else EN
                sentences = []
                for _ in range(rng.randint(*length)):
                    s = " ".join(rng.choice(vocab) for _ in range(rng.randint(6, 16)))
                    sentences.append(s[0].upper() + s[1:] + ".")
                text = " ".join(sentences)
                if len(kept) < 2000:
                    kept.append(text)
            rec = {"id": f"bench-{i}", "text": text, "title": f"Report {i}",
                   "published_at": (start + dt.timedelta(minutes=step * i)).isoformat(timespec="seconds") + "Z",
                   "outlet": f"Outlet {rng.randrange(40)}"}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path.stat().st_size


def _rss_mb() -> float:
    """Current resident set size of this process in MB (Linux /proc)."""
    with open("/proc/self/status", encoding="ascii") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:")) / 1024


SIZES = {"notes": (1, 3), "news": (4, 36)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=50_000)
    ap.add_argument("--batch-size", type=int, default=5000)
    ap.add_argument("--size", choices=list(SIZES), default="notes",
                    help="notes: 1-3 sentences (event-dataset rows, ~30 words); news: 4-36 sentences (~220 words)")
    ap.add_argument("--profile", action="store_true", help="print a cProfile of the first import")
    args = ap.parse_args()

    from flows.archive_import import import_archive
    from flows.documents import detect_language
    from store import open_db, read_df

    detect_language("warm up the language model once, as a running service would")  # model load: not per doc
    with tempfile.TemporaryDirectory() as tmp:
        src, db = Path(tmp) / "archive.jsonl", Path(tmp) / "bench.duckdb"
        t = time.perf_counter()
        size = generate(src, args.docs, length=SIZES[args.size])
        gen_s = time.perf_counter() - t
        with open_db(db):
            pass
        words = 0
        with src.open(encoding="utf-8") as fh:
            for line in fh:
                words += len(json.loads(line)["text"].split())
        if args.profile:
            import cProfile
            import pstats

            prof = cProfile.Profile(time.process_time)
            prof.enable()
        rss_before = _rss_mb()
        t, c = time.perf_counter(), time.process_time()
        first = import_archive(db, src, "bench", batch_size=args.batch_size)
        first_s, first_cpu = time.perf_counter() - t, time.process_time() - c
        if args.profile:
            prof.disable()
            pstats.Stats(prof).sort_stats("tottime").print_stats(30)
        t = time.perf_counter()
        again = import_archive(db, src, "bench", batch_size=args.batch_size)
        again_s = time.perf_counter() - t
        stats = read_df(db, "SELECT count(*) AS docs, count(DISTINCT story_id) AS stories, "
                            "count(*) FILTER (WHERE language = 'fr') AS fr FROM documents").iloc[0]

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}")
    print(f"archive: {args.docs:,} JSONL documents, {size / 1e6:.1f} MB, {words / args.docs:.0f} words/doc on "
          f"average (generated in {gen_s:.1f} s)")
    print(f"import:  {first.loaded:,} loaded, {first.duplicates:,} duplicates, {first.bad_count} bad, "
          f"{first.batches} batches of {args.batch_size:,} in {first_s:.1f} s = "
          f"{args.docs / first_s:,.0f} documents/s ({size / 1e6 / first_s:.1f} MB/s)")
    print(f"         CPU time of this process {first_cpu:.1f} s = {args.docs / first_cpu:,.0f} documents per CPU-second "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores during the run)")
    import resource

    print(f"memory:  peak RSS of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, "
          f"{rss_before:.0f} MB before the import (models loaded, archive generated); compare two --docs to see it "
          f"does not grow with the file")
    print("stages:  " + ", ".join(f"{k} {v:.2f} s" for k, v in first.timings.items()))
    print(f"stored:  {int(stats.docs):,} documents in {int(stats.stories):,} story clusters, {int(stats.fr):,} "
          f"detected as French")
    print(f"re-run:  {again.loaded} loaded, {again.duplicates:,} duplicates in {again_s:.1f} s = "
          f"{args.docs / again_s:,.0f} rows/s checked")
    print(f"command: .venv/bin/python benchmarks/bench_import.py --docs {args.docs} --batch-size {args.batch_size} --size {args.size}")


if __name__ == "__main__":
    main()
