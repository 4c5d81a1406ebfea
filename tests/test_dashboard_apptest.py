"""Every dashboard page run headless with streamlit.testing.v1.AppTest against real DuckDB files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.auth import hash_password, verify_password
from tests.support.dashboard_db import (
    LAST_WEEK,
    WEEKS,
    build_dashboard_db,
    build_empty_db,
)

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
PAGES = ["overview", "country", "indicators", "alerts", "sources", "query"]
PASSWORD = "correct horse battery staple"
HASH_ENV = "VIGIL_ANALYST_PASSWORD_HASH"
BANNER = "Synthetic demo data"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    """Synthetic fixture database shared by the read-only tests."""
    return build_dashboard_db(tmp_path_factory.mktemp("dash") / "vigil.duckdb", synthetic=True)


@pytest.fixture
def fresh_db(tmp_path) -> Path:
    """A fixture database of our own for tests that write."""
    return build_dashboard_db(tmp_path / "vigil.duckdb", synthetic=False)


def app(monkeypatch, db: Path, login: bool = False) -> AppTest:
    monkeypatch.setenv("VIGIL_DB", str(db))
    if login:
        monkeypatch.setenv(HASH_ENV, hash_password(PASSWORD, iterations=1_000))
    else:
        monkeypatch.delenv(HASH_ENV, raising=False)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    return at


def goto(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"pages/{page}.py")
    return at.run()


def fetch(db: Path, sql: str) -> list[tuple]:
    """Read rows on a connection closed at once (an open one would block the app's next write)."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def sign_in(at: AppTest, name: str = "Ana Analyst") -> None:
    at.text_input(key="vigil_login_name").input(name)
    at.text_input(key="vigil_login_password").input(PASSWORD)
    next(b for b in at.button if b.label == "Sign in").click()
    at.run()
    assert any("Signed in as" in c.value for c in at.caption), "login failed"


def test_overview_map_ranking_alerts_and_banner(monkeypatch, demo_db):
    at = app(monkeypatch, demo_db)
    no_exception(at)
    assert [t.value for t in at.title] == ["Overview"]
    assert any(BANNER in w.value for w in at.warning)
    charts = at.get("plotly_chart")
    assert charts, "no map"
    spec = json.loads(charts[0].proto.spec)
    assert spec["data"] and all(trace["type"] == "choroplethmap" for trace in spec["data"])
    located = {loc for trace in spec["data"] for loc in trace["locations"]}
    assert {"SDN", "FRA", "NOR"} <= located  # France and Norway join despite Natural Earth's ISO_A3 = -99
    assert spec["layout"]["map"]["style"] == "white-bg"  # no tiles
    ranking = at.dataframe[0].value
    assert len(ranking) == 9
    assert ranking.iloc[0]["ISO3"] == "SDN" and ranking.iloc[0]["Level"] == "5 Critical"
    assert ranking.iloc[0]["Change"] == "▲ +1"
    assert len(ranking.iloc[0]["Trend"]) == 8
    assert ranking.set_index("ISO3").loc["SDN", "Structural rank"] == 1
    alerts = at.dataframe[1].value
    assert set(alerts["Country"]) == {"Sudan", "Congo, The Democratic Republic of the"}


def test_overview_crime_filter_changes_scores(monkeypatch, demo_db):
    at = app(monkeypatch, demo_db)
    overall = at.dataframe[0].value.set_index("ISO3")["Score"]
    at.radio[0].set_value("genocide").run()
    no_exception(at)
    genocide = at.dataframe[0].value.set_index("ISO3")["Score"]
    assert (genocide < overall).all()


def test_country_page_evidence_with_highlighted_span(monkeypatch, demo_db):
    at = app(monkeypatch, demo_db)
    goto(at, "country")
    no_exception(at)
    assert any(BANNER in w.value for w in at.warning)
    assert at.selectbox[0].value == "SDN"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Level (latest week)"] == "5 Critical"
    assert metrics["Structural rank"] == "1"
    evidence = [m.value for m in at.markdown if "<mark" in m.value]
    assert len(evidence) == 3
    assert all('">burned homes</mark>' in e for e in evidence)
    captions = " ".join(c.value for c in at.caption)
    assert "confidence 0.80" in captions and "Wire A" in captions
    # Viewers see no feedback buttons.
    assert not [b for b in at.button if b.label in ("Confirm", "Reject")]
    # Filter by a risk factor that has no evidence this week.
    factor_box = next(s for s in at.selectbox if s.label == "Risk factor")
    factor_box.set_value(1).run()
    assert not [m for m in at.markdown if "<mark" in m.value]
    assert any("No evidence" in i.value for i in at.info)


def test_analyst_rejects_evidence_and_others_see_it(monkeypatch, fresh_db):
    at = app(monkeypatch, fresh_db, login=True)
    sign_in(at)
    goto(at, "country")
    no_exception(at)
    evidence_id = f"ev-doc-SDN-{WEEKS - 1}-2"
    at.button(key=f"reject_{evidence_id}").click().run()
    no_exception(at)
    rows = fetch(fresh_db, "SELECT evidence_id, verdict, analyst FROM feedback")
    assert rows == [(evidence_id, "reject", "Ana Analyst")]
    # Another (viewer) session sees the verdict.
    viewer = app(monkeypatch, fresh_db)
    goto(viewer, "country")
    assert any("1 rejected" in c.value and "reject by Ana Analyst" in c.value and "not counted" in c.value
               for c in viewer.caption)


def test_wrong_password_keeps_writing_off(monkeypatch, fresh_db):
    at = app(monkeypatch, fresh_db, login=True)
    at.text_input(key="vigil_login_name").input("Mallory")
    at.text_input(key="vigil_login_password").input("guess")
    next(b for b in at.button if b.label == "Sign in").click()
    at.run()
    assert any("Wrong password" in e.value for e in at.error)
    goto(at, "country")
    assert not [b for b in at.button if b.label == "Reject"]


@pytest.fixture(scope="module")
def scored_db(tmp_path_factory) -> Path:
    """Generated evidence scored by the real engine (so a preview with unchanged weights reproduces it)."""
    from tests.support.evidence_gen import build_fixture_db

    path = tmp_path_factory.mktemp("scored") / "vigil.duckdb"
    build_fixture_db(path, countries=8, weeks=16, seed=3)
    return path


def preview_table(at: AppTest):
    at.button(key="preview").click().run()
    no_exception(at)
    assert any("rescored with the scoring engine" in c.value for c in at.caption)
    return at


def test_indicators_preview_without_edits_changes_nothing(monkeypatch, scored_db):
    at = app(monkeypatch, scored_db)
    goto(at, "indicators")
    no_exception(at)
    assert any(m.value == "**Changes:** none yet" for m in at.markdown)
    preview_table(at)
    assert any("No country would change level" in s.value for s in at.success)


def test_indicators_preview_and_save_weights_version(monkeypatch, scored_db, tmp_path):
    db = tmp_path / "vigil.duckdb"
    shutil.copy(scored_db, db)
    at = app(monkeypatch, db, login=True)
    sign_in(at)
    goto(at, "indicators")
    no_exception(at)
    # Lowering the level-2 threshold to 1 can only lift quiet (level 1) countries to level 2, and it lifts some.
    at.number_input(key="threshold_default_0").set_value(1.0).run()
    assert any("1" in m.value for m in at.markdown if m.value.startswith("**Changes:**"))
    preview_table(at)
    [changed] = [d.value for d in at.dataframe if "new_level" in d.value.columns]
    assert len(changed) >= 1
    assert set(changed["current_level"]) == {"1 Low"} and set(changed["new_level"]) == {"2 Moderate"}
    at.text_input(key="weights_name").input("low-bar")
    at.text_input(key="weights_description").input("Moderate from 1")
    next(b for b in at.button if b.label == "Save weights version").click()
    at.run()
    no_exception(at)
    assert any("low-bar" in s.value for s in at.success)
    [(parent, by, active, body)] = fetch(
        db, "SELECT parent, created_by, is_active, body FROM weights WHERE name = 'low-bar'")
    assert (parent, by, active) == ("default", "Ana Analyst", False)
    assert json.loads(body)["levels"]["thresholds"] == [1.0, 40.0, 60.0, 80.0]
    # Saving under the same name again is refused, and nothing is overwritten.
    at.text_input(key="weights_name").input("low-bar")
    next(b for b in at.button if b.label == "Save weights version").click()
    at.run()
    assert any("already exists" in e.value for e in at.error)


def test_level_names_follow_the_weights_version_shown(monkeypatch, fresh_db):
    renamed = ["Calm", "Watch", "Concern", "Serious", "Grave"]
    with duckdb.connect(str(fresh_db)) as con:
        body = json.loads(con.execute("SELECT body FROM weights WHERE name = 'default'").fetchone()[0])
        body["levels"]["names"] = renamed
        con.execute("UPDATE weights SET body = ? WHERE name = 'default'", [json.dumps(body)])
    at = app(monkeypatch, fresh_db)
    no_exception(at)
    ranking = at.dataframe[0].value
    assert ranking.iloc[0]["Level"] == "5 Grave"
    assert not ranking["Level"].str.contains("Critical").any()
    assert {m.label for m in at.metric} >= {"5 Grave", "4 Serious"}
    goto(at, "country")
    assert {m.label: m.value for m in at.metric}["Level (latest week)"] == "5 Grave"


def test_alert_acknowledged_by_analyst(monkeypatch, fresh_db):
    at = app(monkeypatch, fresh_db, login=True)
    sign_in(at, "Officer O")
    goto(at, "alerts")
    no_exception(at)
    assert len(at.expander) == 2
    assert any("burned homes" in m.value for m in at.markdown)
    at.button(key="acknowledged_alert-SDN-level").click().run()
    no_exception(at)
    assert fetch(fresh_db, "SELECT status, status_by FROM alerts WHERE id = 'alert-SDN-level'") == [
        ("acknowledged", "Officer O")]
    assert len(at.expander) == 1  # only open alerts are listed by default


def test_sources_page(monkeypatch, demo_db):
    at = app(monkeypatch, demo_db)
    goto(at, "sources")
    no_exception(at)
    table = at.dataframe[0].value.set_index("name")
    assert table.loc["paper-b", "health"] == "failing"
    assert table.loc["wire-a", "health"] == "ok"
    assert table["documents"].sum() == 9 * WEEKS * 3


def test_query_page_refuses_writes_and_runs_selects(monkeypatch, fresh_db):
    at = app(monkeypatch, fresh_db)
    goto(at, "query")
    no_exception(at)
    assert any(e.label == "country_risk_latest" for e in at.sidebar.expander)
    at.text_area(key="sql").input("DELETE FROM alerts").run()
    at.button(key="run_sql").click().run()
    assert any("Refused" in e.value for e in at.error)
    assert fetch(fresh_db, "SELECT count(*) FROM alerts") == [(2,)]
    at.text_area(key="sql").input("SELECT * FROM read_csv('/etc/passwd')").run()
    at.button(key="run_sql").click().run()
    assert at.error and not at.main.dataframe
    at.text_area(key="sql").input("SELECT iso3, level FROM country_risk_latest ORDER BY level DESC, iso3").run()
    at.button(key="run_sql").click().run()
    no_exception(at)
    assert at.main.dataframe[0].value.iloc[0].tolist() == ["SDN", 5]
    assert {b.label for b in at.get("download_button")} == {"Download CSV", "Download Parquet"}


@pytest.mark.parametrize("page", PAGES)
def test_empty_database_pages(monkeypatch, tmp_path, page):
    db = build_empty_db(tmp_path / "empty.duckdb")
    at = app(monkeypatch, db)
    if page != "overview":
        goto(at, page)
    no_exception(at)
    assert not at.error, [e.value for e in at.error]
    assert not any(BANNER in w.value for w in at.warning)
    assert at.title  # the page drew itself
    if page in ("overview", "country", "alerts", "sources"):
        assert at.info, "no friendly empty state"


def test_missing_database_explains_how_to_create_it(monkeypatch, tmp_path):
    at = app(monkeypatch, tmp_path / "nowhere.duckdb")
    no_exception(at)
    assert any("vigil init" in i.value for i in at.info)


def test_locked_database_gives_a_message_not_a_trace(monkeypatch, fresh_db):
    from dashboard import actions

    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); time.sleep(60)",
         str(fresh_db)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        monkeypatch.setattr(actions, "WRITE_RETRY_SECONDS", 0.5)
        with pytest.raises(actions.ActionError, match="busy"):
            actions.record_feedback(fresh_db, "ev-doc-SDN-0-0", "reject", "Ana")
        monkeypatch.setattr("dashboard.queries.READ_RETRY_SECONDS", 0.5)
        at = app(monkeypatch, fresh_db)
        no_exception(at)
        assert any("busy" in w.value for w in at.warning)
    finally:
        holder.kill()
        holder.wait()


def test_password_hash_roundtrip():
    encoded = hash_password("s3cret", iterations=1_000)
    assert encoded.startswith("pbkdf2_sha256$1000$")
    assert verify_password("s3cret", encoded)
    assert not verify_password("s3cret!", encoded)


def test_cli_hash_password(cli):
    result = cli(["dashboard", "hash-password", "--password", "s3cret", "--iterations", "100000"])
    assert result.exit_code == 0
    assert verify_password("s3cret", result.stdout.strip().splitlines()[0])


def test_cli_streamlit_command_is_offline():
    from vigil.commands.dashboard import APP as CLI_APP
    from vigil.commands.dashboard import streamlit_command

    cmd = streamlit_command(CLI_APP, "127.0.0.1", 9999)
    assert CLI_APP.exists()
    assert cmd[cmd.index("--browser.gatherUsageStats") + 1] == "false"
    assert cmd[cmd.index("--server.headless") + 1] == "true"
    assert cmd[cmd.index("--server.port") + 1] == "9999"


def test_fixture_latest_week_is_scored(demo_db):
    from dashboard import queries

    assert pd.Timestamp(queries.weeks.uncached(demo_db)["week"].iloc[0]) == pd.Timestamp(LAST_WEEK)


def test_alert_citing_undated_evidence_says_undated(monkeypatch, fresh_db):
    with duckdb.connect(str(fresh_db)) as con:  # the document of one cited sentence has no publication time
        doc = con.execute("""SELECT e.document_id FROM alerts a, unnest(a.evidence_ids) u(eid)
                             JOIN evidence e ON e.id = u.eid WHERE a.id = 'alert-SDN-level' LIMIT 1""").fetchone()[0]
        con.execute("UPDATE documents SET published_at = NULL WHERE id = ?", [doc])
    at = goto(app(monkeypatch, fresh_db), "alerts")
    no_exception(at)
    assert any("undated" in c.value for c in at.caption)
