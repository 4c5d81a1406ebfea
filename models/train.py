"""Fit the evidence classifiers on the train split and write a versioned artifact with its metrics.

`train()` reads `data/training/sentences.jsonl` (train split only), fits two pipelines (risk factors; indicators
with at least `MIN_INDICATOR_POSITIVES` training sentences), tunes one decision threshold per risk factor on
out-of-fold probabilities (folds grouped by template family, so no phrasing leaks between folds), then writes
`models/artifacts/evidence-<version>.joblib`, `metrics.json` and `CURRENT`. The held-out test split is read only by
`models.evaluate` afterwards, to record the metrics of the whole tagger.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import numpy as np

from models.classifier import make_pipeline
from models.tagger import ARTIFACTS_DIR, CURRENT_FILE

ARTIFACT_NAME = "evidence.v1"
MIN_INDICATOR_POSITIVES = 10
# classifier-only evidence needs p >= this (per risk factor): structural factors RF1-RF8 at 0.6 for recall; the
# atrocity factors RF9-RF14, which officers read as alarms, stay at 0.9 for precision (ACLED dev half, docs/tagging.md)
CLASSIFIER_ONLY = {rf: (0.6 if rf <= 8 else 0.9) for rf in range(1, 15)}
CLASSIFIER_ONLY_EXPLAINED = {rf: (0.85 if rf <= 8 else 0.97) for rf in range(1, 15)}  # other factors already found
RANDOM_STATE = 0


def _tune_thresholds(pipe, X, Y, groups, labels) -> dict[int, float]:
    from sklearn.base import clone
    from sklearn.model_selection import GroupKFold

    oof = np.zeros(Y.shape)
    for tr, te in GroupKFold(n_splits=3).split(X, Y, groups):
        m = clone(pipe).fit([X[i] for i in tr], Y[tr])
        oof[te] = m.predict_proba([X[i] for i in te])
    grid = np.round(np.arange(0.2, 0.86, 0.05), 2)
    out = {}
    for j, rf in enumerate(labels):
        y = Y[:, j]
        if y.sum() == 0:
            out[rf] = 0.5
            continue
        f1 = []
        for t in grid:
            p = oof[:, j] >= t
            tp = (p & (y == 1)).sum()
            f1.append(2 * tp / max(p.sum() + y.sum(), 1))
        out[rf] = float(grid[int(np.argmax(f1))])
    return out


def train(sentences_path: Path | None = None, out_dir: Path = ARTIFACTS_DIR, evaluate: bool = True) -> dict:
    """Fit on the train split, write the artifact (+ metrics on the held-out split when `evaluate`); return metrics."""
    import joblib
    import sklearn

    from models.training_data import SENTENCES_PATH, load_sentences, split
    from risk_framework import default_framework

    fw = default_framework()
    path = Path(sentences_path or SENTENCES_PATH)
    rows = split(load_sentences(path), "train")
    X = [(s.text, s.language) for s in rows]
    groups = [s.family or s.id for s in rows]
    rf_labels = [f.id for f in fw.factors]
    Y = np.array([[int(rf in s.risk_factors) for rf in rf_labels] for s in rows])
    counts = Counter(i for s in rows for i in s.indicators)
    ind_labels = sorted((i for i, n in counts.items() if n >= MIN_INDICATOR_POSITIVES),
                        key=lambda i: tuple(int(x) for x in i.split(".")))
    Yi = np.array([[int(i in s.indicators) for i in ind_labels] for s in rows])

    rf_pipe = make_pipeline(random_state=RANDOM_STATE)
    thresholds = _tune_thresholds(rf_pipe, X, Y, groups, rf_labels)
    rf_pipe.fit(X, Y)
    # the indicator head only ranks the indicators of a factor the risk-factor head found: no calibration needed
    ind_pipe = make_pipeline(random_state=RANDOM_STATE, calibration=None).fit(X, Yi)
    default_indicator = {}
    for f in fw.factors:
        own = [(n, i) for i, n in counts.items() if i.split(".")[0] == str(f.id)]
        default_indicator[f.id] = max(own)[1] if own else f.indicators[0].id

    data_sha = hashlib.sha256(path.read_bytes()).hexdigest()
    params = json.dumps({"pipeline": str(make_pipeline(random_state=RANDOM_STATE)), "min_ind": MIN_INDICATOR_POSITIVES,
                         "classifier_only": CLASSIFIER_ONLY,
                         "classifier_only_explained": CLASSIFIER_ONLY_EXPLAINED, "thresholds": thresholds}, sort_keys=True)
    version = f"{ARTIFACT_NAME}-{hashlib.sha256((data_sha + params + sklearn.__version__).encode()).hexdigest()[:8]}"
    artifact = {
        "version": version,
        "sklearn_version": sklearn.__version__,
        "framework_version": fw.full_version,
        "training_data_sha256": data_sha,
        "n_train": len(rows),
        "rf_labels": rf_labels,
        "indicator_labels": ind_labels,
        "thresholds": thresholds,
        "classifier_only": CLASSIFIER_ONLY,
        "classifier_only_explained": CLASSIFIER_ONLY_EXPLAINED,
        "default_indicator": default_indicator,
        "rf_pipeline": rf_pipe,
        "indicator_pipeline": ind_pipe,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("evidence-*.joblib"):
        old.unlink()
    name = f"evidence-{version.split('-', 1)[1]}.joblib"
    joblib.dump(artifact, out_dir / name, compress=3)
    (out_dir / CURRENT_FILE).write_text(name + "\n", encoding="utf-8")
    metrics = {"version": version, "sklearn_version": sklearn.__version__, "n_train": len(rows),
               "indicator_labels": len(ind_labels), "thresholds": thresholds}
    if evaluate:
        from models.evaluate import evaluate_file
        from models.tagger import Tagger

        metrics["test"] = evaluate_file(path, Tagger(artifact=artifact), split_name="test")
    (out_dir / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    return metrics
