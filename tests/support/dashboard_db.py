"""A small, fully populated warehouse for the dashboard tests: sources, documents, evidence, scores for every
dimension with chosen levels, alerts and structural risk, written straight into the real schema (the default
weights version comes from `vigil.reference.sync_reference`).

Deterministic: the same call always writes the same rows. Indicator ids and risk factors come from the framework.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd

from store import insert_df, open_db, transaction
from vigil.reference import sync_reference

COUNTRIES = ["SDN", "MMR", "FRA", "NOR", "COD", "HTI", "UKR", "ETH", "CAN"]
# Overall level per country for the latest week, and the week before.
LEVELS = {"SDN": (5, 4), "MMR": (4, 4), "FRA": (1, 1), "NOR": (1, 2), "COD": (4, 3), "HTI": (3, 3),
          "UKR": (3, 4), "ETH": (2, 2), "CAN": (1, 1)}
WEEKS = 8
LAST_WEEK = dt.date(2026, 11, 16)  # a Monday
SENTENCE = "Militia fighters burned homes in {place} and witnesses said civilians were killed."
SPAN_WORD = "burned homes"
WEIGHTS_NAME = "default"  # stored and activated by sync_reference (risk_framework.weights.ensure_default)


def week_list() -> list[dt.date]:
    return [LAST_WEEK - dt.timedelta(weeks=WEEKS - 1 - i) for i in range(WEEKS)]


def build_dashboard_db(path: str | Path, synthetic: bool = False, structural: bool = True,
                       index: bool = True) -> Path:
    """Write the fixture warehouse at `path` and return it (with the country-week evidence index built unless
    `index=False`)."""
    from risk_framework import default_framework

    fw = default_framework()
    path = Path(path)
    weeks = week_list()
    dims = ["overall", *fw.crimes, *[f.code for f in fw.factors]]
    factor_ids = [f.id for f in fw.factors]
    indicator_by_factor = {f.id: [i.id for i in f.indicators] for f in fw.factors}

    sources = pd.DataFrame([
        {"name": "wire-a", "kind": "rss", "url": "http://127.0.0.1/a.xml", "outlet": "Wire A", "synthetic": synthetic,
         "last_success_at": dt.datetime(2026, 11, 22, 6), "consecutive_failures": 0, "last_run_new": 12},
        {"name": "paper-b", "kind": "rss", "url": "http://127.0.0.1/b.xml", "outlet": "Paper B", "synthetic": synthetic,
         "last_attempt_at": dt.datetime(2026, 11, 22, 6), "last_error": "HTTP 503 Service Unavailable",
         "consecutive_failures": 3, "last_run_new": 0},
    ])

    docs, evidence, scores = [], [], []
    for ci, iso3 in enumerate(COUNTRIES):
        for wi, week in enumerate(weeks):
            for k in range(3):
                doc_id = f"doc-{iso3}-{wi}-{k}"
                place = f"district {k + 1} of {iso3}"
                text = f"Report {k}. " + SENTENCE.format(place=place)
                start = len(f"Report {k}. ")
                sentence = SENTENCE.format(place=place)
                docs.append({
                    "id": doc_id, "source": "wire-a" if k % 2 == 0 else "paper-b",
                    "outlet": "Wire A" if k % 2 == 0 else "Paper B",
                    "url": f"https://news.example.org/{doc_id}", "canonical_url": f"https://news.example.org/{doc_id}",
                    "title": f"Violence reported in {iso3} ({k})", "text": text, "text_source": "feed",
                    "language": "en", "published_at": dt.datetime.combine(week, dt.time(9)) + dt.timedelta(days=k),
                    "fetched_at": dt.datetime.combine(week, dt.time(10)) + dt.timedelta(days=k),
                    "content_hash": f"h-{doc_id}", "story_id": f"story-{doc_id}", "synthetic": synthetic,
                })
                rf = factor_ids[(ci + wi + k) % len(factor_ids)]
                ind = indicator_by_factor[rf][0]
                a = start + sentence.index(SPAN_WORD)
                evidence.append({
                    "id": f"ev-{doc_id}", "document_id": doc_id, "iso3": iso3, "indicator_id": ind, "risk_factor": rf,
                    "confidence": round(0.5 + 0.15 * k, 2), "method": "pattern", "sentence": sentence,
                    "sentence_start": start, "sentence_end": start + len(sentence), "span_start": a,
                    "span_end": a + len(SPAN_WORD), "cues": [], "model_version": "fixture.v1",
                    "framework_version": fw.full_version,
                })
            now_level, prev_level = LEVELS[iso3]
            level = now_level if wi == WEEKS - 1 else prev_level if wi == WEEKS - 2 else max(1, prev_level - 1)
            for dim in dims:
                # Scores on the 0-100 scale, inside the default thresholds' band for the level (20, 40, 60, 80).
                score = 20.0 * (level - 1) + 12.0 - 2.0 * (dims.index(dim) % 5)
                scores.append({
                    "iso3": iso3, "week": week, "dimension": dim, "score": score,
                    "level": level if dim == "overall" else None, "raw": score / 10, "coverage": 3.0,
                    "baseline": 30.0, "surge": (score - 30.0) / 10, "evidence_count": 3, "outlets": 2,
                    "components": json.dumps({"fixture": True}), "weights_version": WEIGHTS_NAME,
                    "framework_version": fw.full_version, "scoring_version": "fixture.v1",
                })

    alerts = pd.DataFrame([
        {"id": "alert-SDN-level", "iso3": "SDN", "week": weeks[-1], "kind": "level_rise", "dimension": "overall",
         "level_from": 4, "level_to": 5, "score": 0.98, "reason": "Level rose from 4 High to 5 Critical",
         "evidence_ids": [f"ev-doc-SDN-{WEEKS - 1}-2", f"ev-doc-SDN-{WEEKS - 1}-1"], "weights_version": WEIGHTS_NAME,
         "scoring_version": "fixture.v1", "status": "open"},
        {"id": "alert-COD-surge", "iso3": "COD", "week": weeks[-1], "kind": "factor_surge", "dimension": "RF10",
         "level_from": 3, "level_to": 4, "score": 0.8, "reason": "RF10 surged with evidence from 2 outlets",
         "evidence_ids": [f"ev-doc-COD-{WEEKS - 1}-0"], "weights_version": WEIGHTS_NAME,
         "scoring_version": "fixture.v1", "status": "open"},
    ])
    structural_rows = pd.DataFrame([
        {"iso3": iso3, "year": 2026, "risk": round(0.2 - 0.02 * i, 3), "rank": i + 1, "country_name": iso3,
         "model_version": "ewp.fixture.v1"}
        for i, iso3 in enumerate(["SDN", "MMR", "COD", "ETH", "HTI", "UKR"])
    ])

    with open_db(path) as con:
        sync_reference(con, fw)
        with transaction(con):
            insert_df(con, "sources", sources)
            insert_df(con, "documents", pd.DataFrame(docs))
            insert_df(con, "evidence", pd.DataFrame(evidence))
            insert_df(con, "country_scores", pd.DataFrame(scores))
            insert_df(con, "alerts", alerts)
            if structural:
                insert_df(con, "structural_risk", structural_rows)
        if index:
            from store.evidence_index import refresh

            refresh(con)
    return path


def build_empty_db(path: str | Path) -> Path:
    """A migrated warehouse with only the reference tables."""
    from risk_framework import default_framework

    with open_db(path) as con:
        sync_reference(con, default_framework())
    return Path(path)
