"""The compiled token matcher gives spaCy Matcher's matches, and the tagger on it gives the same output as on spaCy's
Matcher (the reference semantics), including the skip of quiet sentences. Speed: benchmarks/bench_tagging.py."""

from __future__ import annotations

import copy
import csv
import json
import random
from itertools import islice
from pathlib import Path

import pytest
from spacy.matcher import Matcher

from models.patterns import compile_pattern, pipeline
from models.token_matcher import TokenMatcher
from tests.conftest import SHARED_DATA

REPO = Path(__file__).resolve().parent.parent

# pattern syntax corner cases: gaps before/after optional slots, trailing optional, numbers, regex, exact forms
SOURCES = [
    "kill",
    "armed ~2 men ~3 kill",
    "attack ~3 village? ~2 school",
    "attack ~2 village?",
    "=no =reports? =of",
    "NUM ~2 kill|die",
    "=in|=of PASTYEAR",
    "shell|bomb ~4 hospital_ward|clinic",
    "soldier? ~1 burn ~2 =house|home",
    "call ~3 * ~2 kill",
]
WORDS = [
    "armed", "men", "killed", "the", "villagers", "in", "1994", "of", "no", "reports", "of", "attacks", "on", "a",
    "village", "school", "near", "the", "hospital", "ward", "and", "clinic", "soldiers", "burned", "home", "house",
    "12", "died", "twelve", "were", "shelled", "bombed", "2003", "calling", "to", "kill", "them",
]


def _random_texts(n: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 40))) for _ in range(n)]


def _both(sources: list[str], learn_tokens: int = 10**9):
    nlp, norm = pipeline("en")
    pats = {f"p{i}": compile_pattern(src, norm.stem) for i, src in enumerate(sources)}
    ref = Matcher(nlp.vocab)
    for key, variants in pats.items():
        ref.add(key, variants)
    return nlp, norm, ref, TokenMatcher(nlp.vocab, pats, stop_words={"the", "of", "in"}, learn_tokens=learn_tokens)


@pytest.mark.parametrize("learn_tokens", [10**9, 200], ids=["first-guess anchors", "re-planned anchors"])
def test_same_matches_as_spacy_matcher(learn_tokens):
    nlp, norm, ref, tm = _both(SOURCES, learn_tokens)
    strings = nlp.vocab.strings
    n_matches = 0
    for text in _random_texts(400):
        doc = norm(nlp.make_doc(text))
        want = sorted((strings[m], s, e) for m, s, e in ref(doc))
        got = [(tm.keys[k], s, e) for k, s, e in tm(doc)]
        assert sorted(got) == want, text
        assert got == sorted(got, key=lambda m: (m[2], m[1], tm.keys.index(m[0])))  # documented order
        n_matches += len(want)
    assert n_matches > 1000  # the corpus exercises the patterns
    if learn_tokens < 10**9:
        assert tm._freq is None  # re-planned


def test_unsupported_token_pattern_is_a_named_error():
    from models.patterns import PatternError

    nlp, _ = pipeline("en")
    with pytest.raises(PatternError, match="POS"):
        TokenMatcher(nlp.vocab, {"bad": [[{"POS": "NOUN"}]]})
    with pytest.raises(PatternError, match="no required token slot"):
        TokenMatcher(nlp.vocab, {"opt": [[{"LOWER": "a", "OP": "?"}]]})


def _sample_records() -> list[dict]:
    """Behaviour cases, 300 training sentences, 120 demo articles, and 150 ACLED notes when ../shared/data has them."""
    from models.training_data import load_behaviour_cases
    from vigil.demo.corpus import build_corpus

    recs = [{"id": c.id, "text": c.text, "title": c.title, "language": c.language} for c in load_behaviour_cases()]
    with (REPO / "data" / "training" / "sentences.jsonl").open(encoding="utf-8") as fh:
        lines = [json.loads(x) for x in fh if x.strip()]
    recs += [{"id": f"s{i}", "text": r["text"], "language": r.get("language")}
             for i, r in enumerate(random.Random(0).sample(lines, 300))]
    arts = build_corpus().articles
    recs += [{"id": a.id, "text": "\n\n".join(a.paragraphs), "title": a.title, "language": a.language}
             for a in random.Random(1).sample(arts, 120)]
    acled = SHARED_DATA / "acled_kenya_1997_2019" / "items.csv"
    if acled.exists():
        with acled.open(encoding="utf-8", newline="") as fh:
            rows = [r for r in islice(csv.DictReader(fh), 3000) if r.get("text")]
        recs += [{"id": f"a{i}", "text": r["text"], "language": "en"} for i, r in enumerate(random.Random(2).sample(rows, 150))]
    return recs


def test_tagger_output_identical_to_spacy_matcher_path():
    from models.evidence import PatternMatcher
    from models.patterns import rf_patterns_v1
    from models.tagger import default_tagger

    new = default_tagger()
    old = copy.copy(new)  # same models; spaCy's Matcher, every sentence combined
    old.matcher = PatternMatcher(rf_patterns_v1(), new.matcher.risk_factor_of, engine="spacy")
    old.skip_quiet_sentences = False
    recs = _sample_records()
    want = list(old.tag_stream(recs, batch_size=64))
    got = list(new.tag_stream(recs, batch_size=64))
    assert sum(len(r["hits"]) for r in want) > 200
    for a, b in zip(want, got):
        assert a == b, a["id"]
    assert len(got) == len(recs)

