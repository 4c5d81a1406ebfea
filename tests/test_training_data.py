"""Vigil's labelled sentence set and behaviour cases: schema, coverage, split hygiene, reproducibility."""

from __future__ import annotations

import importlib
import json
import re
import sys
from collections import Counter, defaultdict

import pycountry
import pytest

from models.training_data import (
    BEHAVIOUR_CASES_PATH,
    SENTENCES_PATH,
    TRAINING_DIR,
    TrainingDataError,
    load_behaviour_cases,
    load_sentences,
    split,
)
from risk_framework import default_framework


@pytest.fixture(scope="module")
def sentences():
    return load_sentences()


@pytest.fixture(scope="module")
def positives(sentences):
    return [s for s in sentences if s.kind == "positive"]


def test_shipped_set_loads_with_unique_ids(sentences):
    assert len(sentences) >= 2000
    assert len({s.id for s in sentences}) == len(sentences)
    assert len({s.text for s in sentences}) == len(sentences)


def test_every_risk_factor_meets_its_minimum(positives):
    counts = Counter(f for s in positives for f in s.risk_factors)
    for rf in range(1, 15):
        floor = 120 if rf >= 9 else 80
        assert counts[rf] >= floor, f"RF{rf}: {counts[rf]} positives < {floor}"


def test_indicators_are_spread_within_each_factor(positives):
    framework = default_framework()
    used = {i for s in positives for i in s.indicators}
    for factor in framework.factors:
        ids = {i.id for i in factor.indicators}
        share = len(ids & used) / len(ids)
        assert share >= 0.9, f"RF{factor.id}: only {sorted(ids & used)} of {len(ids)} indicators used"


def test_hard_negatives_and_their_kinds(sentences):
    hard = [s for s in sentences if s.kind == "hard_negative"]
    assert len(hard) >= 500
    polarities = Counter(s.polarity for s in hard)
    for pol in ("none", "denied", "negated", "hedged", "past"):
        assert polarities[pol] >= 20, f"too few hard negatives with polarity {pol}: {polarities[pol]}"
    # commemorations and old verdicts are RF2/RF8 at most, never current crime-specific evidence
    for s in sentences:
        if s.polarity == "past":
            assert set(s.risk_factors) <= {2, 8}, s.text
    # negations and pure speculation carry no factor; denials name the factor they deny
    assert all(not s.risk_factors for s in hard if s.polarity in ("none", "negated"))
    assert all(s.risk_factors for s in hard if s.polarity == "denied")


def test_language_mix(sentences):
    share_en = sum(s.language == "en" for s in sentences) / len(sentences)
    assert 0.60 <= share_en <= 0.70, share_en
    for rf in range(1, 15):
        langs = Counter(s.language for s in sentences if s.kind == "positive" and rf in s.risk_factors)
        assert langs["fr"] >= 20 and langs["en"] >= 40, f"RF{rf}: {dict(langs)}"


def test_split_is_about_a_quarter_and_stratified(sentences):
    test = split(sentences, "test")
    assert 0.20 <= len(test) / len(sentences) <= 0.32
    for rf in range(1, 15):
        for lang in ("en", "fr"):
            group = [s for s in sentences if s.kind == "positive" and rf in s.risk_factors and s.language == lang]
            share = sum(s.split == "test" for s in group) / len(group)
            assert 0.08 <= share <= 0.5, f"RF{rf}/{lang}: test share {share:.2f} of {len(group)}"
    for kind in ("hard_negative", "noise"):
        group = [s for s in sentences if s.kind == kind]
        assert 0.1 <= sum(s.split == "test" for s in group) / len(group) <= 0.45
    with pytest.raises(TrainingDataError):
        split(sentences, "dev")


def test_no_test_sentence_or_template_leaks_into_train(sentences):
    train = split(sentences, "train")
    test = split(sentences, "test")
    assert not {s.text for s in test} & {s.text for s in train}
    families = defaultdict(set)
    for s in sentences:
        families[s.family].add(s.split)
    assert all(len(v) == 1 for v in families.values()), "a template family straddles the split"

    def skeleton(text: str) -> str:
        text = re.sub(r"\b[A-ZÀ-Ý][\w'’-]*", " ", text)  # names, places, sentence-initial words
        text = re.sub(r"[\d\W_]+", " ", text.lower())
        return " ".join(text.split())

    train_skeletons = {skeleton(s.text) for s in train}
    shared = [s.text for s in test if skeleton(s.text) in train_skeletons]
    assert len(shared) / len(test) <= 0.02, shared[:5]


def test_countries_are_real_iso3(sentences):
    codes = {s.iso3 for s in sentences if s.iso3}
    unknown = {c for c in codes if pycountry.countries.get(alpha_3=c) is None}
    assert not unknown
    assert len(codes) >= 40
    assert sum(s.iso3 is not None for s in sentences) / len(sentences) >= 0.7


def test_committed_file_matches_the_generator():
    sys.path.insert(0, str(TRAINING_DIR))
    try:
        generate = importlib.import_module("generate")
        text = generate.dumps(generate.build())
    finally:
        sys.path.remove(str(TRAINING_DIR))
    assert text == SENTENCES_PATH.read_text(encoding="utf-8"), "run python data/training/generate.py"


def test_behaviour_cases_cover_the_issue_list():
    cases = load_behaviour_cases()
    by_case = defaultdict(Counter)
    for c in cases:
        by_case[c.case][c.language] += 1
    for name in ("villagers_killed", "hospital_shelled", "aid_peacekeepers", "hate_speech", "battle",
                 "emergency_law", "internet_shutdown", "expulsion", "peaceful_election", "sport", "business",
                 "film_review", "commemoration", "denial", "country_trap"):
        assert by_case[name]["en"] >= 2 and by_case[name]["fr"] >= 1, (name, dict(by_case[name]))
    for c in cases:
        if c.case in ("peaceful_election", "sport", "business", "film_review"):
            assert set(range(7, 15)) <= set(c.forbid_risk_factors), c.id
        if c.case == "commemoration":
            assert {10, 11, 13} <= set(c.forbid_risk_factors) and 8 not in c.forbid_risk_factors
        if c.case == "denial":
            assert c.weaker_than is not None
    assert {c.expect_iso3 for c in cases if c.case == "country_trap"} >= {"NER", "NGA", "SSD", "SDN", "COG", "COD",
                                                                          "GIN", "USA", "DOM", "SOM"}


def _write(tmp_path, rows, name="s.jsonl"):
    path = tmp_path / name
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


GOOD = {"id": "en-000001", "text": "Gunmen killed 12 villagers near Djibo on Sunday.", "language": "en",
        "risk_factors": [11, 13], "indicators": ["11.4", "13.11"], "iso3": "BFA", "polarity": "asserted",
        "split": "train", "kind": "positive"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"indicators": ["11.99"]}, "unknown indicator '11.99'"),
        ({"indicators": ["7.14"]}, "indicator '7.14' belongs to RF7"),
        ({"risk_factors": [15]}, "1..14"),
        ({"polarity": "negated"}, "positive needs"),
        ({"iso3": "bfa"}, "three capital letters"),
        ({"split": "dev"}, "split"),
        ({"id": "fr-000001"}, "does not match language"),
        ({"kind": "noise"}, "noise carries no risk factors"),
        ({"extra": 1}, "extra"),
    ],
)
def test_loader_rejects_bad_lines_with_their_line_number(tmp_path, change, message):
    path = _write(tmp_path, [GOOD, {**GOOD, "id": "en-000002", **change}])
    with pytest.raises(TrainingDataError, match=message) as info:
        load_sentences(path)
    assert info.value.line == 2 and str(path) in str(info.value)


def test_loader_rejects_duplicates_bad_json_and_empty_files(tmp_path):
    with pytest.raises(TrainingDataError, match="duplicate id 'en-000001'"):
        load_sentences(_write(tmp_path, [GOOD, GOOD]))
    with pytest.raises(TrainingDataError, match=":2: invalid JSON"):
        load_sentences(_write(tmp_path, [GOOD, "{not json"]))
    with pytest.raises(TrainingDataError, match="no sentences"):
        load_sentences(_write(tmp_path, []))
    with pytest.raises(TrainingDataError, match="cannot read"):
        load_sentences(tmp_path / "missing.jsonl")
    assert [s.id for s in load_sentences(_write(tmp_path, [GOOD]))] == ["en-000001"]


def test_behaviour_loader_rejects_contradictions(tmp_path):
    case = {"id": "c1", "case": "battle", "text": "Troops and rebels clashed near Goma.", "language": "en",
            "expect_risk_factors": [1], "forbid_risk_factors": [1], "expect_iso3": "COD"}
    with pytest.raises(TrainingDataError, match="both expected and forbidden"):
        load_behaviour_cases(_write(tmp_path, [case]))
    dangling = {**case, "forbid_risk_factors": [13], "weaker_than": "nope"}
    with pytest.raises(TrainingDataError, match="weaker_than names unknown case 'nope'"):
        load_behaviour_cases(_write(tmp_path, [dangling]))
    assert BEHAVIOUR_CASES_PATH.exists()


def test_readme_examples_are_real_lines_of_the_set(sentences):
    readme = (TRAINING_DIR / "README.md").read_text(encoding="utf-8")
    guide = readme.split("## What counts, factor by factor", 1)[1].split("## Country", 1)[0]
    quoted = re.findall(r'^\s+- "(.+)" \(', guide, flags=re.MULTILINE)
    assert len(quoted) == 28
    texts = {s.text for s in sentences}
    assert [q for q in quoted if q not in texts] == []
