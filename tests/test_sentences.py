"""Sentence splitting: abbreviations, datelines, quotes, French typography, bullets and headings."""

from __future__ import annotations

import pytest

from models.sentences import split_sentences


def sents(text: str, language: str | None = None) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, language)]


def test_spans_are_stripped_ordered_and_inside_text():
    text = "  First one.   Second one!\n\n  Third?  "
    spans = split_sentences(text)
    assert sents(text) == ["First one.", "Second one!", "Third?"]
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1))
    for s, e in spans:
        assert not text[s].isspace() and not text[e - 1].isspace()


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_empty_text(text):
    assert split_sentences(text) == []


def test_text_without_final_punctuation_is_one_sentence():
    assert sents("Gunmen attack village in Borno") == ["Gunmen attack village in Borno"]


def test_english_abbreviations_and_initials_do_not_split():
    text = (
        "Police said Mr. Ali and Dr. Smith met Gen. Kagame and Lt. Col. Ndayishimiye on Jan. 3 at No. 5 Street. "
        "J. R. Okello, e.g. the mayor, and U.N. officials attended. The talks ended."
    )
    assert sents(text) == [
        "Police said Mr. Ali and Dr. Smith met Gen. Kagame and Lt. Col. Ndayishimiye on Jan. 3 at No. 5 Street.",
        "J. R. Okello, e.g. the mayor, and U.N. officials attended.",
        "The talks ended.",
    ]


def test_dotted_acronym_at_sentence_end_before_a_sentence_starter_splits():
    assert sents("Troops were sent by the U.S. The army left.") == ["Troops were sent by the U.S.", "The army left."]


def test_numeric_abbreviation_without_number_is_a_sentence_end():
    assert sents("He said no. Then he left.") == ["He said no.", "Then he left."]


def test_french_abbreviations_and_typography():
    text = "M. Macron a rencontré Mme Dupont. « Nous résisterons. » Il a ajouté : pourquoi ? Parce que. Voir art. 7."
    assert sents(text, "fr") == [
        "M. Macron a rencontré Mme Dupont.",
        "« Nous résisterons. »",
        "Il a ajouté : pourquoi ?",
        "Parce que.",
        "Voir art. 7.",
    ]


def test_quotes_stay_with_their_sentence():
    text = 'He said: "We will fight." Then he left. "Why?" he asked. (It rained.) Later it stopped.'
    assert sents(text) == ['He said: "We will fight."', "Then he left.", '"Why?" he asked.', "(It rained.)",
                           "Later it stopped."]


def test_dateline_stays_in_first_sentence():
    text = "NAIROBI, 3 March (Reuters) — Gunmen killed 12 people in Mandera. Police gave chase."
    assert sents(text) == ["NAIROBI, 3 March (Reuters) — Gunmen killed 12 people in Mandera.", "Police gave chase."]


def test_headings_bullets_and_hard_wraps():
    text = (
        "Somalia: dozens killed in attack\n"
        "MOGADISHU — Fighting erupted on Monday\n\n"
        "Key points:\n"
        "- 12 civilians killed\n"
        "• aid suspended\n"
        "2. Curfew declared\n"
        "The army said\n"
        "that it withdrew."
    )
    assert sents(text) == [
        "Somalia: dozens killed in attack",
        "MOGADISHU — Fighting erupted on Monday",
        "Key points:",
        "- 12 civilians killed",
        "• aid suspended",
        "2. Curfew declared",
        "The army said\nthat it withdrew.",
    ]


def test_ellipsis_and_exclamation():
    assert sents("He waited... Then silence! Nobody came?! Yes.") == [
        "He waited...", "Then silence!", "Nobody came?!", "Yes."
    ]


def test_decimal_numbers_and_urls_do_not_split():
    text = "Inflation reached 3.5 per cent, see reliefweb.int for details. Prices rose."
    assert sents(text) == ["Inflation reached 3.5 per cent, see reliefweb.int for details.", "Prices rose."]
