"""A small scored warehouse for the report tests: documents, evidence, weekly scores, alerts, structural risk.

Rows are inserted directly into the tables of store/schema.sql so the reports are tested without the NLP and
scoring stages. Indicators are taken from the framework by position, never by name.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd

from risk_framework import default_framework
from store import insert_df, open_db, transaction

WEEK = date(2026, 11, 16)          # ISO 2026-W47
WEEK_LABEL = "2026-W47"
WEIGHTS = "test-weights.v1"
HOSTILE = "<script>alert('x')</script> & <b>bold</b>"


def indicators(n: int = 4):
    """`n` indicators from different risk factors, picked by position in the framework."""
    fw = default_framework()
    picks = [fw.factors[i].indicators[0] for i in (0, 6, 12, 13, 8, 10)]
    return picks[:n], fw.full_version


def seed(path: Path, synthetic: bool = False, with_structural: bool = True) -> dict:
    """Write the fixture rows into the database at `path`; return what the tests assert on."""
    (i1, i7, i13, i14), fw_version = indicators(4)
    docs, ev = [], []

    def doc(n: int, iso3: str, outlet: str, day: date, url: str | None) -> str:
        did = f"doc-{n}"
        docs.append({
            "id": did, "source": f"src-{outlet}", "outlet": outlet, "url": url, "canonical_url": url,
            "title": f"Report {n}", "text": "body", "text_source": "feed", "language": "en",
            "published_at": datetime.combine(day, datetime.min.time()) + timedelta(hours=9),
            "fetched_at": datetime(2026, 11, 23), "content_hash": f"h{n}", "story_id": f"story-{n}",
            "synthetic": synthetic,
        })
        return did

    def evid(n: int, did: str, iso3: str, ind, conf: float, sentence: str) -> str:
        eid = f"ev-{n}"
        ev.append({
            "id": eid, "document_id": did, "iso3": iso3, "indicator_id": ind.id, "risk_factor": ind.risk_factor,
            "confidence": conf, "method": "pattern", "sentence": sentence, "sentence_start": 0,
            "sentence_end": len(sentence), "model_version": "test-tagger.v1", "framework_version": fw_version,
        })
        return eid

    w = WEEK
    d1 = doc(1, "SDN", "Radio Dabanga", w + timedelta(days=1), "https://example.org/sdn/1")
    d2 = doc(2, "SDN", "UN News", w + timedelta(days=2), "https://news.example.org/sdn/2")
    d3 = doc(3, "SDN", "Reuters", w + timedelta(days=3), "https://wire.example.org/sdn/3")
    d4 = doc(4, "SDN", "Evil Feed", w + timedelta(days=4), "javascript:alert(1)")
    d5 = doc(5, "MMR", "Irrawaddy", w + timedelta(days=2), "https://mm.example.org/5")
    d6 = doc(6, "SDN", "UN News", w - timedelta(days=5), "https://news.example.org/sdn/6")
    e1 = evid(1, d1, "SDN", i13, 0.93, "Militia fighters shelled a displacement camp near El Fasher, killing civilians.")
    e2 = evid(2, d2, "SDN", i14, 0.88, "Aid convoys were blocked at checkpoints for a third week.")
    evid(3, d3, "SDN", i1, 0.71, "Fighting between the army and the RSF spread to two more states.")
    evid(4, d4, "SDN", i7, 0.66, f"Leaders called for the removal of a community {HOSTILE}.")
    evid(5, d5, "MMR", i13, 0.62, "Airstrikes hit a village in Sagaing, residents said.")
    evid(6, d6, "SDN", i1, 0.8, "Clashes continued in North Darfur last week.")

    weeks = [w - timedelta(days=7 * k) for k in range(8, -1, -1)]
    scores = []
    paths = {"SDN": [2, 2, 2, 3, 3, 3, 3, 3, 4], "MMR": [3] * 9, "HTI": [3] * 8 + [2], "NOR": [1] * 9}
    for iso3, levels in paths.items():
        for k, (week, level) in enumerate(zip(weeks, levels)):
            scores.append({
                "iso3": iso3, "week": week, "dimension": "overall", "score": level * 0.2 + k * 0.01,
                "level": level, "evidence_count": 4 if iso3 == "SDN" and week == w else 1, "outlets": 1,
                "weights_version": WEIGHTS, "framework_version": fw_version, "scoring_version": "weekly.v1",
            })
    alerts = [{
        "id": "alert-sdn", "iso3": "SDN", "week": w, "kind": "escalation", "dimension": "overall", "level_from": 3,
        "level_to": 4, "score": 0.98, "reason": "Level rose from 3 to 4 on attacks against civilians and aid.",
        "evidence_ids": [e2, e1], "weights_version": WEIGHTS, "scoring_version": "weekly.v1",
    }]
    with open_db(path) as con, transaction(con):
        insert_df(con, "weights", pd.DataFrame([{
            "name": WEIGHTS, "framework_version": fw_version, "body": json.dumps({}), "is_active": True}]))
        insert_df(con, "documents", pd.DataFrame(docs))
        insert_df(con, "evidence", pd.DataFrame(ev))
        insert_df(con, "country_scores", pd.DataFrame(scores))
        insert_df(con, "alerts", pd.DataFrame(alerts))
        if with_structural:
            insert_df(con, "structural_risk", pd.DataFrame([
                {"iso3": "SDN", "year": 2026, "risk": 0.231, "rank": 2, "model_version": "ewp-test.v1"},
                {"iso3": "NOR", "year": 2026, "risk": 0.001, "rank": 160, "model_version": "ewp-test.v1"},
            ]))
    return {"week": w, "label": WEEK_LABEL, "alert_evidence": [e1, e2]}
