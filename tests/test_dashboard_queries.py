"""Dashboard queries on real DuckDB files: the country-week evidence index gives exactly the rows of a full scan,
stays exact as evidence is added after it was built, and is set aside when evidence it holds is deleted."""

from __future__ import annotations

import datetime as dt
import shutil

import duckdb
import pandas as pd
import pytest

from dashboard import queries as Q
from store import open_db, read_only
from store.evidence_index import refresh, usable
from tests.support.dashboard_db import (
    COUNTRIES,
    LAST_WEEK,
    build_dashboard_db,
    week_list,
)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_dashboard_db(tmp_path_factory.mktemp("q") / "v.duckdb", index=False)


@pytest.fixture
def db(built, tmp_path):
    """A copy of the module's fixture warehouse (without the index) for one test to change."""
    path = tmp_path / "v.duckdb"
    shutil.copy(built, path)
    return path


def both(db, iso3, week) -> tuple[pd.DataFrame, pd.DataFrame]:
    return Q.week_evidence.uncached(db, iso3, week), Q.week_evidence.uncached(db, iso3, week, use_index=False)


def state(db):
    with read_only(db) as con:
        return usable(con)


def add_evidence(db, iso3: str, week: dt.date, n: int) -> list[str]:
    ids = [f"late-{iso3}-{week}-{k}" for k in range(n)]
    with open_db(db) as con:
        con.execute("INSERT INTO documents (id, source, text, text_source, published_at, fetched_at, content_hash, "
                    "story_id) VALUES ('late-doc', 'wire-a', 'x', 'feed', ?, ?, 'h-late', 's-late')",
                    [dt.datetime.combine(week, dt.time(12)), dt.datetime.combine(week, dt.time(13))])
        for k, eid in enumerate(ids):
            con.execute("INSERT INTO evidence (id, document_id, iso3, indicator_id, risk_factor, confidence, method, "
                        "sentence, sentence_start, sentence_end, model_version, framework_version) "
                        "SELECT ?, 'late-doc', ?, indicator_id, risk_factor, ?, 'pattern', 'Late sentence.', 0, 14, "
                        "'t.v1', framework_version FROM evidence LIMIT 1", [eid, iso3, 0.99 - k / 100])
    return ids


def test_index_matches_full_scan_for_every_country_week(db):
    assert not state(db).usable and "not been built" in state(db).reason
    with open_db(db) as con:
        assert refresh(con) == len(COUNTRIES) * len(week_list()) * 3
    assert state(db).usable
    with Q.reading(db):  # one read-only connection for the whole grid
        for iso3 in COUNTRIES:
            for week in week_list():
                fast, scan = both(db, iso3, week)
                assert len(fast) == 3
                pd.testing.assert_frame_equal(fast, scan)
    assert len(Q.week_evidence.uncached(db, "SDN", LAST_WEEK + dt.timedelta(weeks=1))) == 0


def test_evidence_written_after_the_index_is_included(db):
    with open_db(db) as con:
        refresh(con)
    ids = add_evidence(db, "SDN", LAST_WEEK, 2)
    assert state(db).usable  # nothing of the snapshot was deleted
    fast, scan = both(db, "SDN", LAST_WEEK)
    pd.testing.assert_frame_equal(fast, scan)
    assert fast["id"].tolist()[:2] == ids  # strongest first
    assert len(fast) == 5


def test_refresh_appends_new_evidence_and_rebuilds_after_deletes(db):
    with open_db(db) as con:
        assert refresh(con) == 216
    add_evidence(db, "SDN", LAST_WEEK, 2)
    with open_db(db) as con:
        assert refresh(con) == 218  # appended
        assert con.execute("SELECT count(*) FROM evidence_week_index WHERE evidence_id LIKE 'late-%'").fetchone() == (2,)
        con.execute("DELETE FROM evidence WHERE id = 'late-SDN-2026-11-16-0'")
    assert not state(db).usable
    with open_db(db) as con:
        assert refresh(con) == 217  # rebuilt: the deleted row is gone
        assert refresh(con) == 217 and refresh(con, full=True) == 217  # idempotent
    assert state(db).usable
    pd.testing.assert_frame_equal(*both(db, "SDN", LAST_WEEK))


def test_deleted_evidence_sets_the_index_aside(db):
    with open_db(db) as con:
        refresh(con)
        con.execute("DELETE FROM evidence WHERE document_id = 'doc-SDN-7-0'")  # re-tagging deletes like this
    st = state(db)
    assert not st.usable and "changed since" in st.reason
    fast, scan = both(db, "SDN", LAST_WEEK)
    pd.testing.assert_frame_equal(fast, scan)
    assert len(fast) == 2
    with open_db(db) as con:  # a rebuild makes it usable again
        refresh(con)
    assert state(db).usable
    pd.testing.assert_frame_equal(*both(db, "SDN", LAST_WEEK))


def test_database_without_the_index_tables_falls_back(db):
    with duckdb.connect(str(db)) as con:
        con.execute("DROP TABLE evidence_week_index_state")
    assert "predates" in state(db).reason
    fast, scan = both(db, "MMR", LAST_WEEK)
    pd.testing.assert_frame_equal(fast, scan)
    assert len(fast) == 3


def test_evidence_details_with_feedback(db):
    with open_db(db) as con:
        con.execute("INSERT INTO feedback (evidence_id, verdict, analyst) VALUES "
                    "('ev-doc-SDN-7-2', 'reject', 'A'), ('ev-doc-SDN-7-2', 'confirm', 'B')")
    ids = tuple(Q.week_evidence.uncached(db, "SDN", LAST_WEEK)["id"])
    rows = Q.evidence_details.uncached(db, ids)
    assert rows["evidence_id"].tolist() == list(ids)
    top = rows.iloc[0]
    assert (top["confirmations"], top["rejections"]) == (1, 1)
    assert top["latest_verdict"] == "confirm by B"  # the later row, as scoring decides (one timestamp for both)
    assert pd.isna(rows.iloc[1]["latest_verdict"]) and rows.iloc[1]["rejections"] == 0
    assert rows["outlet"].notna().all() and rows["indicator_label"].notna().all()


def test_cli_refresh_index(cli, db):
    result = cli(["dashboard", "refresh-index", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "evidence_week_index: 216 rows" in result.output
    assert state(db).usable


def test_level_texts_use_the_names_in_force():
    from dashboard import style
    from risk_framework.weights import default_weights

    style.use_level_names(None)
    assert style.level_label(5) == f"5 {default_weights().levels.names[4]}"
    assert style.level_change_text(5, 5) == f"{style.level_label(5)} (unchanged)"
    assert style.level_change_text(3, 4) == f"{style.level_label(3)} → {style.level_label(4)}"
    assert style.level_change_text(None, 4) == f"No score → {style.level_label(4)}"
    style.use_level_names(["a", "b", "c", "d", "e"])
    try:
        assert style.level_label(2) == "2 b" and style.level_order()[0] == "5 e"
    finally:
        style.use_level_names(None)
    assert style.alert_kind_text("factor_surge", "RF10") == "Factor surge · RF10"
    assert style.alert_kind_text("level_rise", "overall") == "Level rise"
