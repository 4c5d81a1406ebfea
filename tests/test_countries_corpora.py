"""Country attribution on our own labelled data: the held-out split of the labelled sentences and the demo corpus."""

from __future__ import annotations

import random

import pytest

from models.countries import default_attributor


@pytest.fixture(scope="module")
def att():
    return default_attributor()


def test_heldout_sentences_country_accuracy(att):
    """Primary country == the sentence's `iso3` (None: no country) on the split training never sees: ≥ 95%."""
    from models.training_data import load_sentences

    rows = [s for s in load_sentences() if s.split == "test"]
    assert len(rows) > 400
    wrong = [(s.id, s.iso3, att.attribute(s.text, language=s.language).primary_iso3) for s in rows]
    wrong = [w for w in wrong if w[1] != w[2]]
    accuracy = 1 - len(wrong) / len(rows)
    assert accuracy >= 0.95, (accuracy, wrong[:20])


def test_demo_corpus_focus_country(att):
    """Every demo article names towns, regions, the capital or the name of its focus country: the primary country
    of title + text is that country for ≥ 99% of a fixed sample of 500 articles."""
    from vigil.demo.corpus import build_corpus

    articles = list(build_corpus().articles)
    sample = random.Random(0).sample(articles, min(500, len(articles)))
    wrong = [(a.id, a.iso3, att.attribute(a.title + "\n\n" + a.text).primary_iso3, a.title) for a in sample]
    wrong = [w for w in wrong if w[1] != w[2]]
    assert 1 - len(wrong) / len(sample) >= 0.99, wrong
