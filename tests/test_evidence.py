"""Indicator evidence: the issue's behaviour cases (EN and FR), output shape, offsets, cues and patterns data."""

from __future__ import annotations

import pytest

from models.training_data import load_behaviour_cases

CASES = load_behaviour_cases()
BY_ID = {c.id: c for c in CASES}


@pytest.fixture(scope="module")
def tagger():
    from models.tagger import default_tagger

    return default_tagger()


@pytest.fixture(scope="module")
def results(tagger):
    recs = [{"id": c.id, "text": c.text, "title": c.title, "language": c.language} for c in CASES]
    return {r["id"]: r for r in tagger.tag_stream(recs, batch_size=32)}


def _factors(result) -> set[int]:
    return {h["risk_factor"] for h in result["hits"]}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_behaviour_case(case, results):
    res = results[case.id]
    found = _factors(res)
    indicators = {h["indicator"] for h in res["hits"]}
    assert set(case.expect_risk_factors) <= found, f"missing {set(case.expect_risk_factors) - found}: {res['hits']}"
    if case.expect_any_risk_factors:
        assert found & set(case.expect_any_risk_factors), f"none of {case.expect_any_risk_factors} in {found}"
    if case.expect_any_indicators:
        assert indicators & set(case.expect_any_indicators), f"none of {case.expect_any_indicators} in {indicators}"
    assert not found & set(case.forbid_risk_factors), f"forbidden {found & set(case.forbid_risk_factors)}: {res['hits']}"
    if case.weaker_than:
        twin = BY_ID[case.weaker_than]
        want = set(twin.expect_risk_factors) | set(twin.expect_any_risk_factors)

        def top(r):
            return max((h["confidence"] for h in r["hits"] if h["risk_factor"] in want), default=0.0)

        assert top(res) < top(results[twin.id])


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_behaviour_case_country(case, results):
    assert results[case.id]["primary_iso3"] == case.expect_iso3


def test_every_language_and_case_kind_is_covered():
    assert {c.language for c in CASES} == {"en", "fr"}
    assert {"villagers_killed", "hospital_shelled", "aid_peacekeepers", "hate_speech", "battle", "emergency_law",
            "internet_shutdown", "expulsion", "peaceful_election", "sport", "business", "film_review",
            "commemoration", "denial"} <= {c.case for c in CASES}


def test_output_shape_and_offsets(tagger):
    text = ("KHARTOUM — Paramilitary fighters shelled the main hospital in El Fasher on Monday, killing 12 patients. "
            "The weather was mild.")
    res = tagger.tag_text(text, title="Hospital shelled in Darfur", language="en", doc_id="d1")
    assert set(res) >= {"id", "language", "primary_iso3", "countries", "hits", "model_version"}
    assert res["id"] == "d1" and res["language"] == "en" and res["primary_iso3"] == "SDN"
    assert all(set(c) >= {"iso3", "mentions"} for c in res["countries"])
    assert res["hits"], "no evidence found"
    for h in res["hits"]:
        assert isinstance(h["risk_factor"], int) and 1 <= h["risk_factor"] <= 14
        assert h["indicator"].split(".")[0] == str(h["risk_factor"])
        assert 0 < h["confidence"] < 1 and h["method"] in {"pattern", "classifier", "pattern+classifier"}
        assert h["sentence_start"] <= h["start"] < h["end"] <= h["sentence_end"]
        assert text[h["sentence_start"]:h["sentence_end"]] == h["sentence"]
        assert h["iso3"] == "SDN"
    assert 13 in {h["risk_factor"] for h in res["hits"]}
    assert all(h["sentence"].startswith("KHARTOUM") for h in res["hits"])  # nothing from "The weather was mild."


def test_denial_negation_and_past_framing_lower_evidence(tagger):
    def top(text):
        hits = tagger.tag_text(text, language="en")["hits"]
        return max((h["confidence"] for h in hits if h["risk_factor"] in (10, 11, 13)), default=0.0), hits

    asserted, _ = top("Soldiers killed eleven civilians in the village of Kodi in Mali.")
    denied, hits = top("The army denied killing eleven civilians in the village of Kodi in Mali.")
    negated, _ = top("There were no reports of civilians killed in the village of Kodi in Mali.")
    assert 0 < denied < asserted
    assert any("denial" in h["cues"] for h in hits)
    assert negated == 0.0
    past = tagger.tag_text("Rwanda commemorated the 30th anniversary of the 1994 genocide against the Tutsi.",
                           language="en")["hits"]
    assert {h["risk_factor"] for h in past} <= {2, 8}
    assert "8.11" in {h["indicator"] for h in past}


def test_french_sentence_level_country_and_stream_is_lazy(tagger):
    recs = iter([
        {"id": "a", "text": "Des hommes armés ont tué neuf villageois près de Ménaka, au Mali."},
        {"id": "b", "text": "Le match s'est terminé sur un score nul."},
    ])
    out = tagger.tag_stream(recs, batch_size=1)
    first = next(out)
    assert first["language"] == "fr" and first["primary_iso3"] == "MLI"
    assert {h["risk_factor"] for h in first["hits"]} & {11, 13}
    assert next(out)["hits"] == []


def test_patterns_cover_every_risk_factor():
    from models.patterns import rf_patterns_v1
    from risk_framework import default_framework

    fw = default_framework()
    sets = rf_patterns_v1()
    for lang in ("en", "fr"):
        factors = {fw.indicator(p.indicator).risk_factor for p in sets[lang].patterns.values()}
        assert factors == set(range(1, 15)) if lang == "en" else factors >= {1, 7, 8, 9, 10, 11, 13, 14}


def test_bad_pattern_data_raises_named_error(tmp_path):
    from models.patterns import PATTERNS_DIR, PatternError, load_pattern_set

    (tmp_path / "cues.toml").write_text((PATTERNS_DIR / "cues.toml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "en.toml").write_text('[[pattern]]\nindicator = "99.1"\nmatch = ["kill"]\n', encoding="utf-8")
    with pytest.raises(PatternError, match="99.1"):
        load_pattern_set("en", tmp_path, indicator_ids={"1.1"})
