"""ACLED acceptance figures on a fixed-seed sample of the held-out half of ../shared/data (skipped cleanly when absent).

ACLED data is evaluation data only: never copied into the repository, never trained on. The cues and patterns were
tuned while reading errors of the `dev` half (`benchmarks.acled_evidence.half_of`); these checks use the `test` half.
Full figures: `python -m benchmarks.acled_evidence` (quoted in docs/tagging.md). The protest target of issue 4
(<= 5% of peaceful protests with RF9-RF14 evidence) is met and asserted; the F1 target (>= 0.85 for violence against
civilians vs battles and peaceful protests) is not met yet: it stays a strict expected failure, so meeting it is
noticed, and today's figure is asserted as a regression floor.
"""

from __future__ import annotations

import pytest

from tests.conftest import shared_path

SAMPLE = 60  # rows per class, fixed seed, held-out half


@pytest.fixture(scope="module")
def kenya():
    shared_path("acled_kenya_1997_2019", "items.csv")
    from benchmarks.acled_evidence import load_set, score_set
    from models.tagger import default_tagger

    return score_set(load_set("acled_kenya_1997_2019", SAMPLE, seed=0, half="test"), default_tagger())


def test_peaceful_protests_rarely_give_atrocity_evidence(kenya):
    assert kenya["protests"] == SAMPLE
    assert kenya["protest_alarm_rate"] <= 0.05, kenya


def test_regression_floor(kenya):
    assert kenya["vac"] == SAMPLE
    assert kenya["f1"] >= 0.79, kenya  # measured 0.82 (P 0.79, R 0.85)


@pytest.mark.xfail(strict=True, reason="issue 4 F1 target not reached yet (see docs/tagging.md, ACLED figures)")
def test_issue_f1_target(kenya):
    assert kenya["f1"] >= 0.85
