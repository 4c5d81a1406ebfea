"""Weights editing support for the Indicators page: build an edited weights body and preview its effect on levels.

The body format and validation belong to `risk_framework.weights`; the preview rescoring belongs to
`risk_framework.scoring`. This module only glues them to the page, and falls back to an honest partial preview
(re-levelling stored scores against new thresholds) while the scoring engine offers no in-memory rescoring.
"""

from __future__ import annotations

import copy
import json

import pandas as pd

from store import read_df


class PreviewUnavailable(RuntimeError):
    """The scoring engine cannot rescore for a preview here; the message says why."""


def body_from_text(text: str | dict | None) -> dict:
    if isinstance(text, dict):
        return copy.deepcopy(text)
    return json.loads(text) if text else {}


def framework_weights(framework) -> tuple[dict[str, float], dict[str, float]]:
    return {f.code: f.weight for f in framework.factors}, {i.id: i.weight for i in framework.indicators}


def current_weights(body: dict, framework) -> tuple[dict[str, float], dict[str, float], list[float]]:
    """Factor weights by code, indicator weights by id (framework values filled in) and the 4 level thresholds."""
    factors, indicators = framework_weights(framework)
    for key, w in (body.get("risk_factors") or {}).items():
        factors[framework.factor(key).code] = float(w)
    for key, w in (body.get("indicators") or {}).items():
        if key in indicators:
            indicators[key] = float(w)
    thresholds = list((body.get("levels") or {}).get("thresholds") or body.get("thresholds") or [20, 40, 60, 80])
    return factors, indicators, [float(t) for t in thresholds]


def edited_body(base: dict, factors: dict[str, float], indicators: dict[str, float], thresholds: list[float],
                description: str) -> dict:
    """`base` with the edited weights and thresholds written in (every other setting kept)."""
    body = copy.deepcopy(base)
    body["risk_factors"] = {k: float(v) for k, v in factors.items()}
    body["indicators"] = {k: float(v) for k, v in indicators.items()}
    if "levels" in body or "thresholds" not in body:
        body.setdefault("levels", {})["thresholds"] = [float(t) for t in thresholds]
    else:
        body["thresholds"] = [float(t) for t in thresholds]
    body["description"] = description
    return body


def level_for(score: float, thresholds: list[float]) -> int:
    return 1 + sum(score >= t for t in thresholds)


def preview_levels(db, body: dict, current_version: str, week) -> tuple[pd.DataFrame, str]:
    """Countries whose level in `week` would change under `body`: (frame, how it was computed).

    Rescores in memory with the scoring engine when it is installed; otherwise re-levels the stored overall scores
    with the new thresholds.
    """
    try:
        return _preview_with_engine(db, body, current_version, week), "rescored with the scoring engine"
    except PreviewUnavailable as why:
        reason = str(why)
    stored = read_df(db, """
        SELECT s.iso3, coalesce(c.name, s.iso3) AS country, s.score, s.level
        FROM country_scores s LEFT JOIN countries c ON c.iso3 = s.iso3
        WHERE s.weights_version = ? AND s.week = CAST(? AS DATE) AND s.dimension = 'overall'
    """, [current_version, week], retry_seconds=2)
    _, _, thresholds = current_weights(body, _framework())
    stored["new_level"] = [level_for(s, thresholds) for s in stored["score"]]
    changed = stored[stored["new_level"] != stored["level"]].rename(columns={"level": "current_level"})
    return (changed[["iso3", "country", "score", "current_level", "new_level"]].reset_index(drop=True),
            f"thresholds applied to stored scores (weight changes need a rescore: {reason})")


def _framework():
    from risk_framework import default_framework

    return default_framework()


def _preview_with_engine(db, body: dict, current_version: str, week) -> pd.DataFrame:
    """Rescore every country in memory on a read-only connection (`risk_framework.scoring.score_frame`) and
    compare the overall level of `week` with the stored one."""
    try:
        from risk_framework.scoring import score_frame
        from risk_framework.weights import WeightsError, parse_weights
    except ImportError as exc:
        raise PreviewUnavailable(f"risk_framework.scoring is not available ({exc})") from exc
    from store import read_only

    framework = _framework()
    try:
        weights = parse_weights(body, framework, origin="edited weights")
    except WeightsError as exc:
        raise ValueError(str(exc)) from exc
    with read_only(db, retry_seconds=2) as con:
        rows = score_frame(con, weights, framework, weights_version="preview", to_week=pd.Timestamp(week).date())
    week_ts = pd.Timestamp(week)
    new = rows[(rows["dimension"] == "overall") & (pd.to_datetime(rows["week"]) == week_ts)]
    new = new[["iso3", "score", "level"]].rename(columns={"score": "new_score", "level": "new_level"})
    stored = read_df(db, """
        SELECT s.iso3, coalesce(c.name, s.iso3) AS country, s.score, s.level AS current_level
        FROM country_scores s LEFT JOIN countries c ON c.iso3 = s.iso3
        WHERE s.weights_version = ? AND s.week = CAST(? AS DATE) AND s.dimension = 'overall'
    """, [current_version, week], retry_seconds=2)
    both = stored.merge(new, on="iso3", how="outer")
    both["country"] = both["country"].fillna(both["iso3"])
    changed = both[both["current_level"].astype("Float64").ne(both["new_level"].astype("Float64")).fillna(True)]
    return changed[["iso3", "country", "score", "new_score", "current_level", "new_level"]].sort_values(
        ["new_level", "new_score"], ascending=False).reset_index(drop=True)
