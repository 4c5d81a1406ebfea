"""The tagger on the compiled token matcher vs on spaCy's Matcher (the reference): identical output, and how fast.

    .venv/bin/python -m benchmarks.matcher_equivalence                    # 200k words of ACLED notes + the rest
    .venv/bin/python -m benchmarks.matcher_equivalence --acled-words 50000

Documents: ACLED notes joined into ~600-word documents (../shared/data, when present), every training sentence
(`data/training/sentences.jsonl`), the behaviour cases and every demo-corpus article (titles included). The
reference tagger shares the models and differs in two things only: `PatternMatcher(engine="spacy")` and no skip of
quiet sentences. Exits 1 and prints the first differences if any document's output differs.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COMMAND = "python -m benchmarks.matcher_equivalence"


def records(acled_words: int) -> list[dict]:
    from benchmarks.bench_countries import acled_texts, stream_docs
    from models.training_data import load_behaviour_cases
    from vigil.demo.corpus import build_corpus

    recs = []
    if acled_texts():
        recs += [{"id": f"acled{i}", "text": t, "language": "en"} for i, t in enumerate(stream_docs(acled_words, 600))]
    with (REPO / "data" / "training" / "sentences.jsonl").open(encoding="utf-8") as fh:
        recs += [{"id": f"train{i}", "text": json.loads(x)["text"]} for i, x in enumerate(fh) if x.strip()]
    recs += [{"id": c.id, "text": c.text, "title": c.title, "language": c.language} for c in load_behaviour_cases()]
    recs += [{"id": a.id, "text": "\n\n".join(a.paragraphs), "title": a.title, "language": a.language}
             for a in build_corpus().articles]
    return recs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--acled-words", type=int, default=200_000)
    args = ap.parse_args(argv)

    from models.evidence import PatternMatcher
    from models.patterns import rf_patterns_v1
    from models.tagger import default_tagger

    new = default_tagger()
    ref = copy.copy(new)
    ref.matcher = PatternMatcher(rf_patterns_v1(), new.matcher.risk_factor_of, engine="spacy")
    ref.skip_quiet_sentences = False
    recs = records(args.acled_words)
    words = sum(len(r["text"].split()) for r in recs)
    timings = {}
    outputs = {}
    for name, tagger in (("compiled", new), ("spacy", ref)):
        c0 = time.process_time()
        outputs[name] = list(tagger.tag_stream(recs))
        timings[name] = time.process_time() - c0
    differing = [(a, b) for a, b in zip(outputs["spacy"], outputs["compiled"]) if a != b]
    hits = sum(len(r["hits"]) for r in outputs["compiled"])
    print(f"{len(recs):,} documents, {words:,} words, {hits:,} evidence hits")
    print(f"tagger CPU: spaCy Matcher {timings['spacy']:.1f} s, compiled matcher {timings['compiled']:.1f} s")
    print(f"documents whose output differs: {len(differing)}")
    for a, b in differing[:5]:
        print(f"  {a['id']}:\n    spacy    {a['hits']}\n    compiled {b['hits']}")
    print(f"\nreproduce: {COMMAND} --acled-words {args.acled_words}")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
