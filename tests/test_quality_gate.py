"""The shipped evidence model meets the quality floors in models/quality_floors.json on the held-out split.

Floors may be raised when the model improves; lowering one is a reviewed decision (edit the file by hand and say
why in the commit). The file pins the SHA-256 of the held-out lines, so the floors always refer to the same data.
"""

from __future__ import annotations

import json

import pytest

from models import evaluate as ev
from models.evaluate import FLOORS_PATH, evaluate_file

FLOORS = json.loads(FLOORS_PATH.read_text(encoding="utf-8"))
EPS = FLOORS["epsilon"]


@pytest.fixture(scope="module")
def metrics():
    from models.training_data import SENTENCES_PATH

    return evaluate_file(SENTENCES_PATH, split_name="test")


def test_held_out_data_is_the_pinned_data():
    assert ev.test_split_sha256() == FLOORS["test_data_sha256"], (
        "the held-out split changed: re-measure and re-pin models/quality_floors.json"
    )


@pytest.mark.parametrize("rf", [str(i) for i in range(1, 15)])
def test_risk_factor_f1_floor(metrics, rf):
    assert metrics["per_risk_factor"][rf]["f1"] >= FLOORS["f1"][rf] - EPS, metrics["per_risk_factor"][rf]


def test_average_and_country_floors(metrics):
    assert metrics["micro"]["f1"] >= FLOORS["micro_f1"] - EPS
    assert metrics["macro"]["f1"] >= FLOORS["macro_f1"] - EPS
    assert metrics["country_accuracy"] >= FLOORS["country_accuracy"] - EPS


def test_artifact_is_small_and_pinned():
    from models.tagger import artifact_path, load_artifact

    path = artifact_path()
    assert path.stat().st_size < 8_000_000
    art = load_artifact(path)
    assert art["rf_labels"] == list(range(1, 15))
