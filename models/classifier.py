"""Sentence classifiers for risk factors and indicators, as scikit-learn estimators.

Two standard pieces, joined in a `Pipeline` by :func:`make_pipeline`:

- :class:`StemHashingVectorizer` turns text into hashed counts of Snowball stems and stem bigrams (the same tokens
  and stems the pattern matcher uses, so the tagger computes them once per document). It is stateless, like
  scikit-learn's ``HashingVectorizer``, and language-agnostic enough for English and French together.
- :class:`MultiLabelCalibratedClassifier` is a numeric-input classifier: one L2 logistic regression per label with
  calibrated probabilities (``CalibratedClassifierCV``). With a 1-d ``y`` it is an ordinary (multiclass) classifier;
  with a 2-d 0/1 ``y`` it is multi-label and ``predict_proba`` returns P(label) per column.

``VarianceThreshold`` drops hashed columns never seen in training and ``TfidfTransformer`` weights the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.feature_selection import VarianceThreshold
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import check_is_fitted, validate_data

_MASK64 = (1 << 64) - 1


def detect_language(text: str) -> str:
    """'fr' or 'en' from a count of common function words (cheap; used when a record has no language)."""
    words = text[:2000].lower().split()
    fr = sum(w in _FR_STOP for w in words)
    en = sum(w in _EN_STOP for w in words)
    return "fr" if fr > en else "en"


_EN_STOP = frozenset("the of and to in is was were for on that with by from at as has have are been said".split())
_FR_STOP = frozenset("le la les des du de et est en une un dans pour par sur au aux a été qui que ont selon".split())


def doc_features(doc, spans: Sequence[tuple[int, int]], n_features: int, bigrams: bool = True):
    """(rows, cols) of hashed stem unigrams and bigrams for the sentence `spans` of one normalised spaCy Doc."""
    if len(doc) == 0 or not spans:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    arr = doc.to_array(["NORM", "IDX", "IS_PUNCT", "IS_SPACE"]).astype(np.uint64)
    norms, idx = arr[:, 0], arr[:, 1].astype(np.int64)
    keep = (arr[:, 2] == 0) & (arr[:, 3] == 0)
    norms, idx = norms[keep], idx[keep]
    starts = np.fromiter((s for s, _ in spans), np.int64, len(spans))
    ends = np.fromiter((e for _, e in spans), np.int64, len(spans))
    sent = np.searchsorted(starts, idx, side="right") - 1
    valid = (sent >= 0) & (idx < ends[np.clip(sent, 0, None)])
    norms, sent = norms[valid], sent[valid]
    uni = (norms % np.uint64(n_features)).astype(np.int64)
    rows, cols = [sent], [uni]
    if bigrams and len(norms) > 1:
        same = sent[:-1] == sent[1:]
        with np.errstate(over="ignore"):
            bi = norms[:-1] * np.uint64(1000003) ^ norms[1:]
        rows.append(sent[:-1][same])
        cols.append((bi[same] % np.uint64(n_features)).astype(np.int64))
    return np.concatenate(rows), np.concatenate(cols)


class StemHashingVectorizer(TransformerMixin, BaseEstimator):
    """Hashed counts of Snowball stems (and stem bigrams) of each text; stateless.

    Parameters
    ----------
    n_features : int, default=2**18
        Number of hash buckets.
    bigrams : bool, default=True
        Add adjacent stem pairs.
    language : {"auto", "en", "fr"}, default="auto"
        Tokeniser and stemmer; "auto" picks per text with :func:`detect_language`. Items of ``X`` may also be
        ``(text, language)`` pairs.
    """

    def __init__(self, n_features: int = 2**18, bigrams: bool = True, language: str = "auto"):
        self.n_features = n_features
        self.bigrams = bigrams
        self.language = language

    def fit(self, X, y=None):
        self.n_features_out_ = self.n_features
        return self

    def transform(self, X: Iterable) -> sp.csr_matrix:
        from models.patterns import pipeline

        rows, cols = [], []
        n = 0
        for item in X:
            text, lang = item if isinstance(item, tuple) else (item, self.language)
            if lang == "auto" or lang not in ("en", "fr"):
                lang = detect_language(text)
            nlp, norm = pipeline(lang)
            doc = norm(nlp.make_doc(text))
            r, c = doc_features(doc, [(0, len(text))], self.n_features, self.bigrams)
            rows.append(r + n)
            cols.append(c)
            n += 1
        return self.from_features(rows, cols, n)

    def from_features(self, rows: list[np.ndarray], cols: list[np.ndarray], n_rows: int) -> sp.csr_matrix:
        r = np.concatenate(rows) if rows else np.empty(0, np.int64)
        c = np.concatenate(cols) if cols else np.empty(0, np.int64)
        data = np.ones(len(r), dtype=np.float64)
        return sp.csr_matrix((data, (r, c)), shape=(n_rows, self.n_features))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.requires_fit = False
        return tags


class MultiLabelCalibratedClassifier(ClassifierMixin, BaseEstimator):
    """Calibrated L2 logistic regression per label (multi-label) or one multiclass model (1-d y).

    Parameters
    ----------
    C : float, default=4.0
        Inverse regularisation strength.
    class_weight : "balanced" or None, default="balanced"
    calibration : {"sigmoid", "isotonic"} or None, default="sigmoid"
        None fits plain logistic regressions (faster; for heads whose probabilities are only ranked)
    cv : int, default=3
        Folds for calibration; a label with fewer positives than ``cv`` gets an uncalibrated model, and a label
        with no positives a constant 0.
    max_iter : int, default=2000
    random_state : int or None, default=None
        Seeds the calibration folds' shuffling.

    Attributes
    ----------
    classes_ : ndarray, or list of ndarray (one [0, 1] per label) when multi-label
    estimators_ : list of fitted estimators (None for a label never seen positive)
    n_labels_ : int, number of label columns (0 for a 1-d y)
    n_iter_ : int, most solver iterations over the fitted regressions
    """

    def __init__(self, C=4.0, class_weight="balanced", calibration="sigmoid", cv=3, max_iter=2000, random_state=None):
        self.C = C
        self.class_weight = class_weight
        self.calibration = calibration
        self.cv = cv
        self.max_iter = max_iter
        self.random_state = random_state

    def _base(self, n_classes: int = 2):
        # liblinear is several times faster than lbfgs on small sparse binary problems; multiclass needs lbfgs
        solver = "liblinear" if n_classes == 2 else "lbfgs"
        return LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter, solver=solver,
                                  random_state=self.random_state)

    def _calibrated(self, y) -> BaseEstimator:
        from sklearn.model_selection import StratifiedKFold

        counts = np.unique(y, return_counts=True)[1]
        if self.calibration is None or counts.min() < self.cv:
            return self._base(len(counts))
        folds = StratifiedKFold(n_splits=self.cv, shuffle=True, random_state=self.random_state)
        return CalibratedClassifierCV(self._base(len(counts)), method=self.calibration, cv=folds, ensemble=False)

    def fit(self, X, y):
        X, y = validate_data(self, X, y, accept_sparse="csr", multi_output=True, y_numeric=False)
        kind = type_of_target(y)
        if kind == "multilabel-indicator":
            y = np.asarray(y).astype(int)
            self.n_labels_ = y.shape[1]
            self.classes_ = [np.array([0, 1]) for _ in range(self.n_labels_)]
            self.estimators_ = []
            for j in range(self.n_labels_):
                col = y[:, j]
                if col.max() == 0 or col.min() == 1:
                    self.estimators_.append(None)
                    continue
                self.estimators_.append(clone(self._calibrated(col)).fit(X, col))
            self.constant_ = np.array([float(y[:, j].mean()) for j in range(self.n_labels_)])
            self.n_iter_ = self._n_iter()
            return self
        if kind not in ("binary", "multiclass"):
            raise ValueError(f"Unknown label type: {kind!r}; expected binary, multiclass or multilabel-indicator")
        y = np.ravel(y)
        self.n_labels_ = 0
        self.classes_ = np.unique(y)
        if len(self.classes_) < 2:
            raise ValueError(f"Classifier needs samples of at least 2 classes in the data; got 1 class: {self.classes_[0]!r}")
        self.estimators_ = [clone(self._calibrated(y)).fit(X, y)]
        self.n_iter_ = self._n_iter()
        return self

    def _n_iter(self) -> int:
        """Most solver iterations over the fitted logistic regressions."""
        its = [0]
        for est in self.estimators_:
            if est is None:
                continue
            models = [c.estimator for c in est.calibrated_classifiers_] if hasattr(est, "calibrated_classifiers_") else [est]
            its.extend(int(np.max(m.n_iter_)) for m in models)
        return max(its)

    def predict_proba(self, X) -> np.ndarray:
        """Multiclass: (n_samples, n_classes) rows summing to 1. Multi-label: (n_samples, n_labels) of P(label)."""
        check_is_fitted(self, "estimators_")
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        if self.n_labels_ == 0:
            return self.estimators_[0].predict_proba(X)
        out = np.zeros((X.shape[0], self.n_labels_))
        for j, est in enumerate(self.estimators_):
            out[:, j] = self.constant_[j] if est is None else est.predict_proba(X)[:, 1]
        return out

    def predict(self, X) -> np.ndarray:
        proba = self.predict_proba(X)
        if self.n_labels_ == 0:
            return self.classes_[np.argmax(proba, axis=1)]
        return (proba >= 0.5).astype(int)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.target_tags.multi_output = True
        tags.classifier_tags.multi_label = True
        return tags


def make_pipeline(random_state: int = 0, C: float = 4.0, n_features: int = 2**18, calibration: str | None = "sigmoid") -> Pipeline:
    """Text -> hashed stems -> seen columns -> tf-idf -> calibrated multi-label classifier."""
    return Pipeline(
        [
            ("vec", StemHashingVectorizer(n_features=n_features)),
            ("seen", VarianceThreshold(0.0)),
            ("tfidf", TfidfTransformer(sublinear_tf=True)),
            ("clf", MultiLabelCalibratedClassifier(C=C, calibration=calibration, random_state=random_state)),
        ]
    )
