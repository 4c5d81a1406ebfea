"""The fast scoring engine's own code paths, on real DuckDB files: integer week numbers equal DuckDB's ISO weeks,
numpy rounding equals DuckDB's round(x, 9) bit for bit, the write touches exactly the rows that changed (and takes
the range path when every row changes), tied copies cite the lowest evidence row, and an unrelated feedback row
changes nothing."""

from __future__ import annotations

import datetime as dt
import shutil

import duckdb
import numpy as np
import pytest

from store import read_df as _table
from tests.support.evidence_gen import DEFAULT_START, Storyline, build_fixture_db
from tests.support.evidence_gen import rescore as _rescore

LINES = [Storyline("escalating", "ESA", onset=3), Storyline("steady", "STA", coverage=20.0),
         Storyline("viral", "VIA", onset=5), Storyline("quiet", "QUA")]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    path = tmp_path_factory.mktemp("engine") / "base.duckdb"
    build_fixture_db(path, countries=LINES, weeks=14, seed=11)
    return path


@pytest.fixture
def db(base, tmp_path):
    path = tmp_path / "e.duckdb"
    shutil.copy(base, path)
    return path


def test_week_numbers_match_duckdb_iso_weeks():
    from risk_framework.scoring import _week_date, _week_number, _week_number_sql

    con = duckdb.connect()
    got = con.execute(f"""
        SELECT ts, {_week_number_sql('ts')} AS wk, CAST(date_trunc('week', ts) AS DATE) AS monday
        FROM (SELECT unnest([TIMESTAMP '2025-01-05 23:59:59.999999', TIMESTAMP '2025-01-06 00:00:00',
                             TIMESTAMP '2024-12-31 12:00:00', TIMESTAMP '1969-12-31 23:00:00',
                             TIMESTAMP '1950-06-05 00:00:00', TIMESTAMP '1950-06-04 23:59:59',
                             TIMESTAMP '2100-03-01 08:00:00']) AS ts)
    """).fetchall()
    for ts, wk, monday in got:
        assert _week_date(wk) == monday, ts
        assert _week_number(monday) == wk


def test_numpy_rounding_equals_duckdb_round_bit_for_bit():
    from risk_framework.scoring import _round

    rng = np.random.default_rng(0)
    x = np.concatenate([rng.random(20000) * 10.0 ** rng.integers(-12, 4, 20000),
                        (np.arange(-500, 500) + 0.5) / 1e9, -rng.random(100) * 1e-8, [0.0, -0.0, 1e300]])
    con = duckdb.connect()
    con.register("t", {"x": x})
    expected = con.execute("SELECT round(x, 9) AS r FROM t").fetchnumpy()["r"]
    assert (np.asarray(expected).view(np.int64) == _round(x).view(np.int64)).all()


def test_new_evidence_rewrites_only_the_rows_it_changes(db):
    from store import open_db

    before = _table(db, "SELECT * FROM country_scores ORDER BY iso3, week, dimension")
    last = before.week.max().date()
    with open_db(db) as con:  # one more RF10 story for QUA in the last week
        con.execute("""
            INSERT INTO documents (id, source, outlet, url, canonical_url, title, text, text_source, language,
                                   published_at, fetched_at, content_hash, story_id, synthetic)
            VALUES ('extra-1', 'gen-wire', 'Meridian Wire', 'https://example.org/x1', 'https://example.org/x1', 'x',
                    'x', 'generated', 'en', ?, ?, 'h-x1', 'extra-story', TRUE)""",
                    [dt.datetime.combine(last, dt.time(12)), dt.datetime.combine(last, dt.time(13))])
        con.execute("INSERT INTO document_countries (document_id, iso3, mentions, score, is_primary, model_version) "
                    "VALUES ('extra-1', 'QUA', 1, 1.0, TRUE, 'test')")  # no doc_key: scored through the text id
        con.execute("""
            INSERT INTO evidence (id, document_id, iso3, indicator_id, risk_factor, confidence, method, sentence,
                                  sentence_start, sentence_end, model_version, framework_version)
            VALUES ('extra-1-e0', 'extra-1', 'QUA', '10.1', 10, 0.9, 'test', 's', 0, 1, 'test', 'test')""")
    result = _rescore(db)
    after = _table(db, "SELECT * FROM country_scores ORDER BY iso3, week, dimension")
    changed = after[after.computed_at != before.computed_at]
    assert result["written"] == len(changed) > 0
    assert set(changed.iso3) == {"QUA"} and set(changed.week.dt.date) == {last}
    assert {"RF10", "genocide", "overall"} <= set(changed.dimension)
    assert before.drop(columns="computed_at")[after.computed_at == before.computed_at].equals(
        after.drop(columns="computed_at")[after.computed_at == before.computed_at])


def test_every_row_changed_takes_the_range_path_and_matches_a_fresh_scoring(db):
    from store import open_db

    fresh = _table(db, "SELECT * EXCLUDE (computed_at) FROM country_scores ORDER BY iso3, week, dimension")
    with open_db(db) as con:
        con.execute("UPDATE country_scores SET scoring_version = 'weekly.v0', score = score + 1")
    result = _rescore(db)
    assert result["written"] == result["rows"] == len(fresh)
    assert set(result["cpu"]) == {"evidence", "coverage", "time_series", "alerts", "write"}
    again = _table(db, "SELECT * EXCLUDE (computed_at) FROM country_scores ORDER BY iso3, week, dimension")
    assert again.equals(fresh)


def test_rows_without_a_document_key_score_the_same(db):
    """Rows written around store.insert_df carry no doc_key: scoring joins them on the text id instead, so every
    stored row comes out the same and nothing is rewritten."""
    from store import open_db

    with open_db(db) as con:
        con.execute("UPDATE evidence SET doc_key = NULL WHERE rowid % 2 = 0")
        con.execute("UPDATE document_countries SET doc_key = NULL WHERE rowid % 3 = 0")
        left = con.execute("SELECT count(*) FILTER (doc_key IS NULL), count(doc_key) FROM evidence").fetchone()
    assert min(left) > 0  # both joins are exercised
    result = _rescore(db)
    assert result["rows"] > 0 and result["written"] == 0


def test_tied_copies_cite_the_lowest_evidence_row(db):
    from risk_framework import default_framework
    from risk_framework.scoring import compute_weekly_v1
    from risk_framework.weights import default_weights
    from store import open_db

    with open_db(db) as con:
        # the viral story: one origin and 24 syndicated copies carrying the same sentences; make them exactly equal
        story = con.execute("""SELECT d.story_id FROM documents d JOIN evidence e ON e.document_id = d.id
                               WHERE e.iso3 = 'VIA' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1""").fetchone()[0]
        con.execute("UPDATE evidence SET confidence = 0.9 WHERE document_id IN "
                    "(SELECT id FROM documents WHERE story_id = ?)", [story])
        con.execute("UPDATE documents SET source = 'gen-wire' WHERE story_id = ?", [story])  # one source weight
        evidence = con.execute("""SELECT e.risk_factor, e.indicator_id, e.rowid FROM evidence e
                                  JOIN documents d ON d.id = e.document_id WHERE d.story_id = ?""", [story]).fetchall()
        ws = compute_weekly_v1(con, default_weights(), default_framework())
        story_hash = con.execute("SELECT hash(?)", [story]).fetchone()[0]
    w_ind = default_weights().indicators
    expected, tied = {}, 0
    for rf in {r for r, _, _ in evidence}:
        mine = [(0.9 * w_ind[ind], row) for r, ind, row in evidence if r == rf]
        top = max(v for v, _ in mine)
        expected[rf] = min(row for v, row in mine if v == top)
        tied += sum(v == top for v, _ in mine) > 1
    assert tied  # the copies do tie
    mine = ws.stories["story"] == np.uint64(story_hash)
    got = dict(zip(ws.stories["rf"][mine].tolist(), ws.stories["best"][mine].tolist()))
    assert got == expected


def test_feedback_on_other_evidence_changes_nothing(db):
    from store import open_db

    with open_db(db) as con:
        con.execute("INSERT INTO feedback (evidence_id, verdict, analyst) VALUES ('no-such-evidence', 'reject', 'ana')")
    assert _rescore(db)["written"] == 0
    assert _rescore(db, from_week=DEFAULT_START + dt.timedelta(weeks=6))["written"] == 0


def test_weeks_before_any_document_score_nothing(db):
    result = _rescore(db, to_week="2020-W02")
    assert (result["rows"], result["written"], result["countries"]) == (0, 0, 0)
    assert len(_table(db, "SELECT * FROM country_scores")) > 0  # nothing stored was touched
