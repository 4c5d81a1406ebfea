"""Country attribution on real ACLED event notes (../shared/data, skipped when absent).

Only the note text goes in; the label is ACLED's coded country. The issue's target is 95% primary accuracy; the
figures below are regression floors just under what countries.v3 measures on these samples (docs/countries.md
explains the gap: 20–30% of these notes name no place, people or actor that identifies a country, so the text
alone cannot reach 95% on all notes).
"""

from __future__ import annotations

import pytest

from models.countries import default_attributor
from models.eval_countries import evaluate_countries, read_labelled
from tests.conftest import shared_path

SAMPLE = 2000
SEED = 0
# set → (primary accuracy floor, accuracy floor on the notes that get a country at all); measured with
# countries.v3+gazetteer.v2+aliases.v3: 70.4% / 88.4%, 74.0% / 94.9%, 62.9% / 88.9% (v2: 70.2% / 88.2%,
# 74.0% / 94.9%, 62.4% / 88.1%). Held-out (--half test) figures are in docs/countries.md.
FLOORS = {
    "acled_africa_2016": (0.69, 0.87),
    "acled_asia_2015": (0.73, 0.935),
    "acled_kenya_1997_2019": (0.62, 0.88),
}


@pytest.fixture(scope="module")
def att():
    return default_attributor()


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_acled_country_accuracy(att, name):
    rows = read_labelled(shared_path(name, "items.csv"), sample=SAMPLE, seed=SEED)
    score = evaluate_countries(rows, att, name)
    primary_floor, answered_floor = FLOORS[name]
    print(score.line())
    assert score.primary_accuracy >= primary_floor, score.line()
    assert score.attributed_accuracy >= answered_floor, score.line()
    # The label is among the attributed countries at least as often as it is the primary one.
    assert score.among_accuracy >= score.primary_accuracy


def test_acled_reading_uses_text_only(tmp_path):
    """The coded location fields never reach the attributor: a row whose text names no place gets no country."""
    path = tmp_path / "rows.csv"
    path.write_text("text,iso3,location,admin1,country\n"
                    "Students rioted after the exams were cancelled.,KEN,Nairobi,Nairobi,Kenya\n", encoding="utf-8")
    score = evaluate_countries(read_labelled(path), default_attributor(), "tiny")
    assert (score.n, score.primary_correct, score.no_country, score.names_place) == (1, 0, 1, 0)
