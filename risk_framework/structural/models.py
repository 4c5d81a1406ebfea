"""Structural models of mass-killing onset (outcome `mk_onset_1or2`), each a versioned, seeded recipe.

Every fit goes through `fit_model`, which refuses a training frame holding a row later than base_year - gap.
Every hyper-parameter chosen from data (the logistic regressions' C) is chosen by cross-validation inside the
window, and imputation and scaling are pipeline steps fitted there too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from risk_framework.structural.backtest import HORIZON_GAP, check_window
from risk_framework.structural.data import OUTCOME, PREDICTORS
from risk_framework.structural.features import EXTRA_FEATURES

SEED = 90035  # EWP's set.seed; every randomised step below takes it
PATH_LENGTH = 8  # penalties searched by CV, log-spaced from glmnet's lambda_max down to lambda_max * PATH_RATIO
PATH_RATIO = 1e-2


@dataclass(frozen=True)
class ModelSpec:
    """A named recipe: which learner, which features, how missing values are handled."""

    name: str
    learner: str  # "enet" | "logit" | "hgb"; or "blend" / "rankavg" of params["components"] (probability mean / rank mean)
    features: tuple[str, ...] = PREDICTORS
    complete_cases: bool = False  # True: drop rows with any missing predictor (EWP); False: impute + indicators
    params: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def version(self) -> str:
        return f"structural.{self.name}"


def lambda_path_cs(X: np.ndarray, y: np.ndarray, l1_ratio: float = 0.5, length: int = PATH_LENGTH,
                   ratio: float = PATH_RATIO) -> list[float]:
    """glmnet's penalty path for this window as scikit-learn Cs (sklearn's C = 1 / (n * glmnet's lambda)).

    lambda_max = max |x_j' (y - mean y)| / (n * l1_ratio) on standardised columns (missing values counted as the
    column mean) is the smallest penalty that zeroes every coefficient.
    """
    n = len(y)
    mu, sd = np.nanmean(X, axis=0), np.nanstd(X, axis=0)
    Z = np.nan_to_num((X - mu) / np.where(sd > 0, sd, 1.0))
    lam_max = np.abs(Z.T @ (y - y.mean())).max() / (n * l1_ratio)
    lams = lam_max * np.logspace(0, np.log10(ratio), length)
    return sorted(float(1.0 / (n * lam)) for lam in lams)


def _enet(params: dict, impute: bool, X: np.ndarray, y: np.ndarray):
    """EWP's learner: elastic net (l1_ratio 0.5), penalty by k-fold CV on log-loss over glmnet's path (lambda.min)."""
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegressionCV
    from sklearn.model_selection import StratifiedKFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    steps = [SimpleImputer(strategy="median", add_indicator=True)] if impute else []
    clf = LogisticRegressionCV(
        Cs=lambda_path_cs(X, y, params.get("l1_ratio", 0.5)), l1_ratios=[params.get("l1_ratio", 0.5)], solver="saga",
        cv=StratifiedKFold(params.get("folds", 10), shuffle=True, random_state=SEED), scoring="neg_log_loss",
        max_iter=params.get("max_iter", 2000), tol=1e-3, random_state=SEED, use_legacy_attributes=False,
    )
    return make_pipeline(*steps, StandardScaler(), clf)


def _logit(params: dict, X: np.ndarray, y: np.ndarray):
    """Ridge (L2) logistic regression, C by CV inside the window; imputation and missingness indicators."""
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegressionCV
    from sklearn.model_selection import StratifiedKFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    clf = LogisticRegressionCV(
        Cs=list(np.logspace(-4, 1, 11)), l1_ratios=[0.0], solver="lbfgs",
        cv=StratifiedKFold(params.get("folds", 5), shuffle=True, random_state=SEED), scoring="neg_log_loss",
        max_iter=1000, random_state=SEED, use_legacy_attributes=False,
    )
    return make_pipeline(SimpleImputer(strategy="median", add_indicator=True), StandardScaler(), clf)


def _one_thread():
    """Fits here are small; one OpenMP thread is as fast and does not stall on a busy machine (nor vary results)."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def _hgb(params: dict):
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(
        learning_rate=params.get("learning_rate", 0.1), max_iter=params.get("max_iter", 100),
        max_leaf_nodes=params.get("max_leaf_nodes", 8), min_samples_leaf=params.get("min_samples_leaf", 50),
        l2_regularization=params.get("l2", 1.0), early_stopping=False, random_state=SEED,
    )


class FittedModel:
    """A fitted spec; `predict(frame)` returns its risk score for each row (NaN for rows a complete-cases spec
    cannot score). For single learners and "blend" that is a probability of an onset in the next one or two years;
    for "rankavg" it is the mean within-year percentile rank of the components, turned into a probability once a
    `calibrator` is set (ranks, and so AUC and top-30, are the same either way)."""

    def __init__(self, spec: ModelSpec, estimator, train_years: tuple[int, int], n_train: int, calibrator=None):
        self.spec, self.estimator, self.train_years, self.n_train = spec, estimator, train_years, n_train
        self.calibrator = calibrator

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        if self.spec.learner in ("blend", "rankavg"):
            parts = [m.predict(frame) for m in self.estimator]
            if self.spec.learner == "blend":
                return blend(parts, self.spec)
            score = rank_average(parts, frame["year"].to_numpy())
            return self.calibrator.apply(score) if self.calibrator is not None else score
        out = np.full(len(frame), np.nan)
        ok = usable_rows(frame, self.spec, with_outcome=False).to_numpy()
        if ok.any():
            X = frame.loc[ok, list(self.spec.features)].to_numpy(dtype=float)
            with _one_thread():
                out[ok] = self.estimator.predict_proba(X)[:, 1]
        return out


def blend(probs: list[np.ndarray], spec: ModelSpec) -> np.ndarray:
    """The blend's risk: the weighted mean of its components' probabilities."""
    w = spec.params.get("weights") or [1.0] * len(probs)
    return np.average(np.vstack(probs), axis=0, weights=w)


def rank_average(scores: list[np.ndarray], years: np.ndarray) -> np.ndarray:
    """Mean over components of each row's percentile rank among the rows of its year (1 = highest risk).

    Rank sums tie often (1st and 3rd = 2nd and 2nd); ties are broken by the components' mean probability, added at
    a scale (1e-6) far below one rank step, so no two countries share a rank and top-30 counts are not inflated.
    """
    ranks = [pd.Series(s).groupby(years).rank(pct=True, method="average").to_numpy() for s in scores]
    return np.mean(np.vstack(ranks), axis=0) + 1e-6 * np.mean(np.vstack(scores), axis=0)


@dataclass(frozen=True)
class Platt:
    """Monotone map from a rank-average score to a probability: sigmoid(a + b * logit(score))."""

    a: float
    b: float

    @staticmethod
    def _z(score: np.ndarray) -> np.ndarray:
        s = np.clip(np.asarray(score, dtype=float), 1e-3, 1 - 1e-3)
        return np.log(s / (1 - s))

    @classmethod
    def fit(cls, score: np.ndarray, y: np.ndarray) -> Platt:
        from sklearn.linear_model import LogisticRegression

        lr = LogisticRegression(C=1e4, max_iter=1000).fit(cls._z(score)[:, None], y)
        b = float(lr.coef_[0, 0])
        if b <= 0:
            raise ValueError(f"calibration slope {b} is not positive: the score does not rank onsets")
        return cls(float(lr.intercept_[0]), b)

    def apply(self, score: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(self.a + self.b * self._z(score))))


def components(spec: ModelSpec) -> list[ModelSpec]:
    return [SPECS[name] for name in spec.params["components"]]


def usable_rows(frame: pd.DataFrame, spec: ModelSpec, with_outcome: bool) -> pd.Series:
    cols = list(spec.features) + ([OUTCOME] if with_outcome else [])
    if spec.complete_cases:
        return frame[cols].notna().all(axis=1)
    return frame[OUTCOME].notna() if with_outcome else pd.Series(True, index=frame.index)


def fit_model(spec: ModelSpec, train: pd.DataFrame, base_year: int | None, gap: int = HORIZON_GAP) -> FittedModel:
    """Fit `spec` on `train`. With a base_year, first refuse (LeakageError) any row later than base_year - gap."""
    if base_year is not None:
        check_window(train, base_year, gap)
    if spec.learner in ("blend", "rankavg"):
        parts = [fit_model(c, train, base_year, gap) for c in components(spec)]
        return FittedModel(spec, parts, parts[0].train_years, parts[0].n_train)
    rows = train.loc[usable_rows(train, spec, with_outcome=True)]
    X = rows.loc[:, list(spec.features)].to_numpy(dtype=float)
    y = rows[OUTCOME].to_numpy(dtype=int)
    if spec.learner == "enet":
        est = _enet(spec.params, not spec.complete_cases, X, y)
    elif spec.learner == "logit":
        est = _logit(spec.params, X, y)
    elif spec.learner == "hgb":
        est = _hgb(spec.params)
    else:
        raise ValueError(f"unknown learner {spec.learner!r}")
    with _one_thread():
        est.fit(X, y)
    return FittedModel(spec, est, (int(rows["year"].min()), int(rows["year"].max())), len(rows))


def window_forecast(spec: ModelSpec):
    """A `fit_predict(train, test, base_year)` for the rolling backtest."""

    def fit_predict(train: pd.DataFrame, test: pd.DataFrame, base_year: int) -> np.ndarray:
        return fit_model(spec, train, base_year).predict(test)

    return fit_predict


WITH_HISTORY = (*PREDICTORS, *EXTRA_FEATURES)

#: Every spec tried; see docs/structural.md for how the shipped one was chosen.
SPECS: dict[str, ModelSpec] = {
    s.name: s
    for s in (
        ModelSpec("ewp_enet.v1", "enet", complete_cases=True),
        ModelSpec("enet_impute.v1", "enet", params={"folds": 5}),
        ModelSpec("enet_history.v1", "enet", features=WITH_HISTORY, params={"folds": 5}),
        ModelSpec("logit_history.v1", "logit", features=WITH_HISTORY),
        ModelSpec("hgb.v1", "hgb"),
        ModelSpec("hgb_history.v1", "hgb", features=WITH_HISTORY),
        ModelSpec("blend.v1", "blend", params={"components": ("enet_impute.v1", "hgb.v1")}),
        ModelSpec("blend_history.v1", "blend", params={"components": ("enet_history.v1", "hgb_history.v1")}),
        ModelSpec("blend_logit_history.v1", "blend", params={"components": ("logit_history.v1", "hgb_history.v1")}),
        ModelSpec("rankavg_logit_history.v1", "rankavg",
                  params={"components": ("logit_history.v1", "hgb_history.v1")}),
    )
}

#: The model `vigil structural fit` and `backtest` use: best AUC on the 1980–1993 development backtest (docs).
SHIPPED = SPECS["rankavg_logit_history.v1"]
