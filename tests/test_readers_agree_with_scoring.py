"""What the pages, views and reports show agrees with what scoring counted, so a score never rests on evidence
that no page can show, and no digest cites what scoring left out:

- a document without a publication time counts in the week Vigil fetched it, everywhere: scores,
  `evidence_view` and `country_weekly`, the dashboard's country page (index and scan), the evidence digests and
  notes cite;
- the latest analyst verdict decides, everywhere: a sentence whose latest verdict is 'reject' is out of the
  scores and out of the citations, however many confirmations came before; one confirmed after rejections is in.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard import queries as Q
from store import insert_df, open_db, read_df, read_only
from store.evidence_index import refresh
from tests.support.evidence_gen import DEFAULT_START, Storyline, build_fixture_db
from tests.support.evidence_gen import rescore as _rescore

WEEK = DEFAULT_START + dt.timedelta(weeks=5)
FETCHED = dt.datetime.combine(WEEK + dt.timedelta(days=2), dt.time(9, 30))


def _scores(db) -> pd.DataFrame:
    return read_df(db, "SELECT dimension, evidence_count, score FROM country_scores "
                       "WHERE iso3 = 'QUA' AND week = ? ORDER BY dimension", [WEEK])


def test_undated_document_counts_in_its_fetch_week_everywhere(tmp_path):
    from reports import queries as R

    db = tmp_path / "u.duckdb"
    build_fixture_db(db, countries=[Storyline("quiet", "QUA"), Storyline("steady", "STA", coverage=8.0)],
                     weeks=8, seed=3)
    before = _scores(db).set_index("dimension")
    with open_db(db) as con:
        insert_df(con, "documents", pd.DataFrame([{
            "id": "undated-1", "source": "gen-wire", "outlet": "Meridian Wire", "text": "t", "text_source": "page",
            "published_at": None, "fetched_at": FETCHED, "content_hash": "h-undated", "story_id": "undated-1"}]))
        insert_df(con, "document_countries", pd.DataFrame([{
            "document_id": "undated-1", "iso3": "QUA", "mentions": 1, "score": 1.0, "is_primary": True,
            "model_version": "test"}]))
        insert_df(con, "evidence", pd.DataFrame([{
            "id": "undated-ev", "document_id": "undated-1", "iso3": "QUA", "indicator_id": "10.1", "risk_factor": 10,
            "confidence": 0.9, "method": "pattern", "sentence": "Militias burned the village.", "sentence_start": 0,
            "sentence_end": 28, "model_version": "test", "framework_version": "test"}]))
    _rescore(db)
    after = _scores(db).set_index("dimension")
    assert after.loc["RF10", "evidence_count"] == before.loc["RF10", "evidence_count"] + 1
    assert after.loc["RF10", "score"] > before.loc["RF10", "score"]

    view = read_df(db, "SELECT week, dated_at, published_at FROM evidence_view WHERE evidence_id = 'undated-ev'")
    assert view.week[0].date() == WEEK and view.dated_at[0] == pd.Timestamp(FETCHED) and pd.isna(view.published_at[0])
    weekly = read_df(db, "SELECT document_count FROM country_weekly WHERE iso3 = 'QUA' AND week = ?", [WEEK])
    docs = read_df(db, """SELECT count(*) AS n FROM document_countries dc JOIN documents d ON d.id = dc.document_id
                          WHERE dc.iso3 = 'QUA' AND coalesce(d.published_at, d.fetched_at) >= ?
                            AND coalesce(d.published_at, d.fetched_at) < ?""", [WEEK, WEEK + dt.timedelta(7)])
    assert weekly.document_count[0] == docs.n[0]

    scan = Q.week_evidence.uncached(db, "QUA", WEEK, use_index=False)
    with open_db(db) as con:
        refresh(con, full=True)
    indexed = Q.week_evidence.uncached(db, "QUA", WEEK)
    assert "undated-ev" in set(scan.id)
    pd.testing.assert_frame_equal(indexed, scan)

    with read_only(db) as con:
        cited = R.evidence(con, ["QUA"], WEEK, WEEK + dt.timedelta(days=7))
    assert "undated-ev" in set(cited.evidence_id)


def test_latest_verdict_decides_in_scores_and_citations(tmp_path):
    from reports import queries as R

    db = tmp_path / "f.duckdb"
    build_fixture_db(db, countries=[Storyline("steady", "STA", coverage=8.0)], weeks=6, seed=4)
    week = DEFAULT_START + dt.timedelta(weeks=4)
    ev = read_df(db, """SELECT evidence_id, risk_factor FROM evidence_view
                        WHERE iso3 = 'STA' AND week = ? ORDER BY evidence_id LIMIT 2""", [week])
    out_id, in_id = ev.evidence_id
    counts = "SELECT dimension, evidence_count FROM country_scores WHERE iso3 = 'STA' AND week = ?"
    before = dict(read_df(db, counts, [week]).itertuples(index=False))
    with open_db(db) as con:  # one statement each: the same created_at, so only the feedback id orders them
        con.execute("INSERT INTO feedback (evidence_id, verdict, analyst) VALUES (?, 'confirm', 'a'), "
                    "(?, 'confirm', 'b'), (?, 'reject', 'c')", [out_id] * 3)
        con.execute("INSERT INTO feedback (evidence_id, verdict, analyst) VALUES (?, 'reject', 'a'), "
                    "(?, 'reject', 'b'), (?, 'confirm', 'c')", [in_id] * 3)
    _rescore(db)
    after = dict(read_df(db, counts, [week]).itertuples(index=False))
    rf_out = f"RF{ev.risk_factor[0]}"
    assert after[rf_out] == before[rf_out] - 1  # scoring dropped the rejected sentence, kept the confirmed one
    view = dict(read_df(db, "SELECT evidence_id, latest_verdict FROM evidence_view WHERE evidence_id IN (?, ?)",
                        [out_id, in_id]).itertuples(index=False))
    assert view == {out_id: "reject", in_id: "confirm"}
    with read_only(db) as con:
        cited = set(R.evidence(con, ["STA"], week, week + dt.timedelta(days=7)).evidence_id)
    assert in_id in cited and out_id not in cited
    alerts = read_df(db, "SELECT evidence_ids FROM alerts")
    assert not any(out_id in list(ids) for ids in alerts.evidence_ids)


def test_citations_are_ranked_by_the_weights_the_scores_use(tmp_path):
    """An analyst who weights an indicator to nothing sees it gone from the scores and from the citations; one
    weighted up leads them."""
    from reports import queries as R
    from risk_framework.weights import default_weights, save_version

    db = tmp_path / "w.duckdb"
    build_fixture_db(db, countries=[Storyline("steady", "STA", coverage=8.0)], weeks=6, seed=5)
    week = DEFAULT_START + dt.timedelta(weeks=4)
    span = [week, week + dt.timedelta(days=7)]
    with read_only(db) as con:
        before = R.evidence(con, ["STA"], *span)
    muted = before.indicator_id.iloc[0]
    weakest = before.indicator_id[before.indicator_id != muted].iloc[-1]
    base = default_weights()
    tuned = base.model_copy(update={"indicators": base.indicators | {muted: 0.0, weakest: 5.0}})
    with open_db(db) as con:
        save_version(con, "tuned", tuned, parent="default", activate=True)
    _rescore(db, weights="tuned")
    with read_only(db) as con:
        after = R.evidence(con, ["STA"], *span)
    assert muted not in set(after.indicator_id) and len(after) < len(before)
    assert after.indicator_id.iloc[0] == weakest
    cited = read_df(db, "SELECT evidence_ids FROM alerts WHERE weights_version = 'tuned'")
    muted_ids = set(before.evidence_id[before.indicator_id == muted])
    assert not any(set(ids) & muted_ids for ids in cited.evidence_ids)  # scoring agrees: never cited
