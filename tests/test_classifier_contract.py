"""The trainable taggers follow scikit-learn's estimator contract (parametrize_with_checks)."""

from __future__ import annotations

import numpy as np
from sklearn.base import clone
from sklearn.utils.estimator_checks import parametrize_with_checks

from models.classifier import MultiLabelCalibratedClassifier, StemHashingVectorizer, make_pipeline

# Calibration maps scores back to observed frequencies, so an extreme class_weight does not move predictions
# the way this check expects of an uncalibrated linear model: an honest, expected difference.
EXPECTED_FAILURES = {
    "check_class_weight_classifiers": "sigmoid calibration re-fits probabilities to observed frequencies, undoing "
    "the check's extreme class weights",
}


@parametrize_with_checks(
    [MultiLabelCalibratedClassifier(random_state=0)], expected_failed_checks=lambda est: EXPECTED_FAILURES
)
def test_sklearn_contract(estimator, check):
    check(estimator)


def test_multilabel_probabilities_and_refit_forgets():
    rng = np.random.RandomState(0)
    X = rng.rand(60, 5)
    Y = np.c_[(X[:, 0] > 0.5), (X[:, 1] > 0.5), np.zeros(60)].astype(int)
    clf = MultiLabelCalibratedClassifier(random_state=0).fit(X, Y)
    P = clf.predict_proba(X)
    assert P.shape == (60, 3) and ((P >= 0) & (P <= 1)).all()
    assert (P[:, 2] == 0).all()  # a label never seen positive is a constant 0
    assert ((P[:, 0] > 0.5) == (X[:, 0] > 0.5)).mean() > 0.9
    clf.fit(X, Y[:, :2])
    assert clf.predict_proba(X).shape == (60, 2)


def test_vectorizer_is_stateless_and_stems_both_languages():
    vec = StemHashingVectorizer(n_features=2**10)
    assert clone(vec).get_params() == vec.get_params()
    X = vec.fit_transform([("Gunmen killed villagers", "en"), ("gunman kills villager", "en"), ("Des civils tués", "fr")])
    assert X.shape == (3, 2**10)
    # same stems -> same unigram columns
    assert set(X[0].indices) & set(X[1].indices)


def test_pipeline_learns_text_labels():
    texts = ["soldiers shelled the hospital", "gunmen killed villagers", "the team won the match",
             "shares rose on profits"] * 10
    Y = np.array([[1, 1], [1, 0], [0, 0], [0, 0]] * 10)
    pipe = make_pipeline().fit(texts, Y)
    P = pipe.predict_proba(["troops shelled a hospital", "the team lost the match"])
    assert P[0, 0] > 0.5 > P[1, 0]
