"""Replay without hindsight: a generated archive of a few thousand dated documents across several countries goes
through `vigil import` (language, hashes, story clusters), gets generated evidence attached (the tagger is tested
elsewhere; the Kenya replay runs it end to end), and is scored. Deleting every document after week W and
rescoring leaves every row of weeks <= W unchanged (truncation invariance). `vigil score --from --to` fills a
range of history in one pass with the same rows a full scoring gives."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from store import insert_df, open_db, read_df, transaction
from tests.support.evidence_gen import DEFAULT_START, Storyline, generate

WEEKS = 30
CUT = 17  # week index W: mid-escalation for ESA, just after the viral story of VIA
LINES = [
    Storyline("escalating", "ESA", onset=12, coverage=12), Storyline("escalating", "ESB", onset=20, coverage=12),
    Storyline("steady", "STA", coverage=25), Storyline("viral", "VIA", onset=15),
    Storyline("quiet", "QUA"), Storyline("noise", "NOA"),
]
SCORES = "SELECT * EXCLUDE (computed_at) FROM country_scores WHERE week <= ? ORDER BY iso3, week, dimension"
ALERTS = ("SELECT id, iso3, week, kind, dimension, level_from, level_to, score, reason, evidence_ids FROM alerts "
          "WHERE week <= ? ORDER BY id")
WEEKLY = "SELECT * FROM country_weekly WHERE week <= ? ORDER BY iso3, week"


@pytest.fixture(scope="module")
def archive_db(tmp_path_factory):
    """The generated archive imported, its evidence attached and scored (built once; tests work on copies)."""
    return _build(tmp_path_factory.mktemp("replay"), "full")


def _copy(src: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "copy.duckdb"
    shutil.copy(src, dst)
    return dst


def _build(tmp_path, name: str, score: bool = True):
    """Import the generated archive, attach its evidence and countries, score; returns (db, cut date)."""
    from flows.archive_import import import_archive
    from risk_framework.scoring import score_database
    from vigil.reference import sync_reference

    frames = generate(LINES, weeks=WEEKS, seed=5)
    docs = frames["documents"]
    archive = tmp_path / f"{name}.jsonl"
    with archive.open("w", encoding="utf-8") as fh:
        for d in docs.itertuples():
            fh.write(json.dumps({"id": d.id, "published_at": d.published_at.isoformat(), "outlet": d.outlet,
                                 "text": f"{d.title}, {d.outlet}, {d.published_at:%A %d %B %Y %H:%M}. {d.text}"})
                     + "\n")
    db = tmp_path / f"{name}.duckdb"
    with open_db(db) as con:
        sync_reference(con)
    report = import_archive(db, archive, "archive", batch_size=1000, now=dt.datetime(2030, 1, 1))
    assert report.bad_count == 0 and report.loaded + report.duplicates == len(docs)
    with open_db(db) as con:
        ids = con.execute("SELECT external_id, id FROM documents").df().set_index("external_id")["id"]
        ev = frames["evidence"][frames["evidence"]["document_id"].isin(ids.index)].copy()
        dc = frames["document_countries"][frames["document_countries"]["document_id"].isin(ids.index)].copy()
        ev["document_id"], dc["document_id"] = ev["document_id"].map(ids), dc["document_id"].map(ids)
        with transaction(con):
            insert_df(con, "evidence", ev)
            insert_df(con, "document_countries", dc)
        if score:
            score_database(con)
    return db, DEFAULT_START + dt.timedelta(weeks=CUT)


def test_truncation_invariance_on_an_imported_archive(archive_db, tmp_path):
    from risk_framework.scoring import score_database

    db, cut = _copy(archive_db[0], tmp_path), archive_db[1]
    counts = read_df(db, "SELECT count(*) AS docs, count(DISTINCT story_id) AS stories FROM documents").iloc[0]
    assert 2000 <= counts.docs <= 8000 and counts.stories < counts.docs  # a few thousand, with story clusters
    before = [read_df(db, q, [cut]) for q in (SCORES, ALERTS, WEEKLY)]
    assert len(before[0]) and before[2]["level"].max() >= 3  # history up to W holds an escalation
    assert (before[1]["iso3"] == "ESA").any()  # ...and its alert

    with open_db(db) as con:
        with transaction(con):
            gone = "SELECT id FROM documents WHERE published_at >= ?::DATE + INTERVAL 7 DAY"
            con.execute(f"DELETE FROM evidence WHERE document_id IN ({gone})", [cut])
            con.execute(f"DELETE FROM document_countries WHERE document_id IN ({gone})", [cut])
            deleted = con.execute(f"DELETE FROM documents WHERE id IN ({gone})", [cut]).fetchone()[0]
        assert deleted > 500
        run = score_database(con, to_week=cut)
    assert run["written"] == 0  # not one row of weeks <= W changed
    after = [read_df(db, q, [cut]) for q in (SCORES, ALERTS, WEEKLY)]
    for old, new in zip(before, after, strict=True):
        pd.testing.assert_frame_equal(old, new)


def test_score_from_to_fills_history_in_one_pass(archive_db, tmp_path, cli):
    full = archive_db[0]
    part = _copy(full, tmp_path)
    with open_db(part) as con:
        con.execute("DELETE FROM alerts; DELETE FROM country_scores")
    lo, hi = DEFAULT_START + dt.timedelta(weeks=8), DEFAULT_START + dt.timedelta(weeks=20)
    result = cli(["score", "--db", part, "--from", f"{lo:%G-W%V}", "--to", hi.isoformat(), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["from_week"] == lo.isoformat()
    weeks = read_df(part, "SELECT min(week) AS lo, max(week) AS hi, count(DISTINCT week) AS n FROM country_scores")
    assert (weeks.lo[0].date(), weeks.hi[0].date(), weeks.n[0]) == (lo, hi, 13)
    q = SCORES.replace("week <= ?", "week BETWEEN ? AND ?")
    pd.testing.assert_frame_equal(read_df(part, q, [lo, hi]), read_df(full, q, [lo, hi]))
    weekly = read_df(part, "SELECT * FROM country_weekly ORDER BY iso3, week")
    assert set(weekly.columns) >= {"iso3", "week", "level", "score", "evidence_count", "document_count"}
    assert (pd.to_datetime(weekly["week"]).dt.weekday == 0).all() and weekly["level"].between(1, 5).all()
    assert weekly["document_count"].sum() > 0


@pytest.mark.parametrize("value", ["2025-W60", "yesterday"])
def test_score_rejects_bad_weeks(cli, db_path, value):
    result = cli(["score", "--db", db_path, "--from", value])
    assert result.exit_code == 1 and f"invalid week {value!r}" in result.output
