"""ACLED acceptance figures on a fixed-seed sample of ../shared/data (skipped cleanly when absent).

ACLED data is evaluation data only: never copied into the repository, never trained on. Full-set figures:
`python -m benchmarks.acled_evidence` (quoted in docs/tagging.md). The issue's targets (F1 >= 0.85 for violence
against civilians vs battles and peaceful protests; <= 5% of peaceful protests with RF9-RF14 evidence) are not met
yet: they are asserted as strict expected failures, so meeting them is noticed, and the figures reached today are
asserted as regression floors.
"""

from __future__ import annotations

import pytest

from tests.conftest import shared_path

SAMPLE = 60  # rows per class and set, fixed seed


@pytest.fixture(scope="module")
def kenya():
    shared_path("acled_kenya_1997_2019", "items.csv")
    from benchmarks.acled_evidence import load_set, score_set
    from models.tagger import default_tagger

    return score_set(load_set("acled_kenya_1997_2019", SAMPLE, seed=0), default_tagger())


def test_regression_floors(kenya):
    assert kenya["vac"] == SAMPLE and kenya["protests"] == SAMPLE
    assert kenya["f1"] >= 0.6, kenya
    assert kenya["protest_alarm_rate"] <= 0.12, kenya


@pytest.mark.xfail(strict=True, reason="issue 4 target not reached yet (see docs/tagging.md, ACLED figures)")
def test_issue_targets(kenya):
    assert kenya["f1"] >= 0.85 and kenya["protest_alarm_rate"] <= 0.05
