"""Scoring on real DuckDB files: components reproduce scores in SQL, reruns change nothing, weights versions change
levels, hysteresis, analyst feedback, truncation invariance (no hindsight), alert status across rescoring, CLI and
the Prefect flow."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import numpy as np
import pytest

from store import read_df as _table
from tests.support.evidence_gen import DEFAULT_START, Storyline, build_fixture_db
from tests.support.evidence_gen import rescore as _rescore
from tests.support.prefect import prefect_harness  # noqa: F401

LINES = [Storyline("escalating", "ESA", onset=6), Storyline("steady", "STA", coverage=40.0),
         Storyline("viral", "VIA", onset=8), Storyline("quiet", "QUA"), Storyline("escalating", "ESB", onset=12)]


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    path = tmp_path_factory.mktemp("scoring") / "base.duckdb"
    build_fixture_db(path, countries=LINES, weeks=22, seed=3)
    return path


@pytest.fixture
def db(scored, tmp_path):
    """A private copy of the scored database."""
    path = tmp_path / "v.duckdb"
    shutil.copy(scored, path)
    return path


def test_components_reproduce_scores_in_sql(scored):
    # factor rows: score from decayed, decayed from the weekly intensities, intensity from raw and coverage
    bad = _table(scored, """
        WITH w AS (SELECT body FROM weights WHERE name = 'default'),
        f AS (
            SELECT s.*, (s.components->>'intensity')::DOUBLE AS intensity, (s.components->>'decayed')::DOUBLE AS decayed,
                   (s.components->>'factor_weight')::DOUBLE AS fw,
                   CASE WHEN r.kind = 'common' THEN (w.body->'crimes'->>'common_scale')::DOUBLE
                        ELSE (w.body->'crimes'->>'specific_scale')::DOUBLE END AS scale,
                   (w.body->'aggregation'->>'coverage_prior')::DOUBLE AS prior,
                   (w.body->'aggregation'->>'decay_half_life_weeks')::DOUBLE AS h,
                   (w.body->'aggregation'->>'decay_horizon_weeks')::INTEGER AS horizon
            FROM country_scores s, w
            JOIN risk_factors r ON r.code = s.dimension
            WHERE s.weights_version = 'default'
        ),
        d AS (
            SELECT a.iso3, a.week, a.dimension, any_value(a.decayed) AS decayed,
                   sum(b.intensity * pow(0.5, date_diff('day', b.week, a.week) / 7.0 / a.h)) AS recomputed
            FROM f a JOIN f b ON b.iso3 = a.iso3 AND b.dimension = a.dimension
                 AND b.week BETWEEN a.week - INTERVAL (7 * a.horizon) DAY AND a.week
            GROUP BY a.iso3, a.week, a.dimension
        )
        SELECT 'score' AS what, count(*) AS n FROM f WHERE abs(score - 100 * (1 - exp(-fw * decayed / scale))) > 1e-6
        UNION ALL SELECT 'intensity', count(*) FROM f WHERE abs(intensity - raw / (coverage + prior)) > 1e-6
        UNION ALL SELECT 'decay', count(*) FROM d WHERE abs(decayed - recomputed) > 1e-6
    """)
    assert bad.n.tolist() == [0, 0, 0], bad
    # crime rows from their indices; overall = max(crime scores, common-only contribution)
    bad = _table(scored, """
        WITH w AS (SELECT body FROM weights WHERE name = 'default'),
        c AS (SELECT s.*, (w.body->'crimes'->>'context_floor')::DOUBLE AS floor,
                     (s.components->>'specific_index')::DOUBLE AS si, (s.components->>'common_index')::DOUBLE AS ci,
                     (s.components->>'specific_x')::DOUBLE AS sx,
                     (w.body->'crimes'->>'specific_scale')::DOUBLE AS ss
              FROM country_scores s, w WHERE s.weights_version = 'default'
                AND s.dimension IN ('genocide', 'crimes_against_humanity', 'war_crimes')),
        o AS (SELECT s.iso3, s.week, s.score, (s.components->>'common_only')::DOUBLE AS common_only
              FROM country_scores s WHERE dimension = 'overall' AND weights_version = 'default')
        SELECT 'crime' AS what, count(*) AS n FROM c WHERE abs(score - si * (floor + (1 - floor) * ci / 100)) > 1e-6
        UNION ALL SELECT 'specific', count(*) FROM c WHERE abs(si - 100 * (1 - exp(-sx / ss))) > 1e-6
        UNION ALL SELECT 'overall', count(*) FROM o JOIN (SELECT iso3, week, max(score) AS m FROM c GROUP BY ALL)
              USING (iso3, week) WHERE abs(o.score - greatest(m, common_only)) > 1e-6
    """)
    assert bad.n.tolist() == [0, 0, 0], bad
    n = _table(scored, "SELECT count(DISTINCT dimension) AS d, count(*) FILTER (WHERE dimension = 'overall' AND "
                       "(level IS NULL OR framework_version IS NULL OR scoring_version <> 'weekly.v1')) AS bad "
                       "FROM country_scores")
    assert (n.d[0], n.bad[0]) == (18, 0)


def test_rescoring_is_idempotent(db):
    before = _table(db, "SELECT * FROM country_scores ORDER BY ALL")
    alerts = _table(db, "SELECT * FROM alerts ORDER BY id")
    result = _rescore(db)
    assert result["written"] == 0 and result["alerts_new"] == 0
    after = _table(db, "SELECT * FROM country_scores ORDER BY ALL")
    assert before.equals(after)
    assert alerts.equals(_table(db, "SELECT * FROM alerts ORDER BY id"))


def test_from_to_limits_written_weeks(db):
    from risk_framework.scoring import ScoringError, parse_week

    assert parse_week("2025-W03") == dt.date(2025, 1, 13) == parse_week("2025-01-15")
    with pytest.raises(ScoringError, match="2025-W99"):
        parse_week("2025-W99")
    from store import open_db

    with open_db(db) as con:
        con.execute("DELETE FROM country_scores")
    result = _rescore(db, from_week="2025-W05", to_week="2025-W08")
    weeks = _table(db, "SELECT DISTINCT week FROM country_scores ORDER BY 1").week.dt.date.tolist()
    assert weeks == [dt.date.fromisocalendar(2025, w, 1) for w in range(5, 9)]
    assert result["rows"] == len(_table(db, "SELECT * FROM country_scores"))


def test_switching_weights_versions_changes_levels(db):
    from risk_framework.weights import activate_version, default_weights, save_version
    from store import open_db

    base = default_weights()
    sensitive = base.model_copy(update={"levels": base.levels.model_copy(update={"thresholds": (8.0, 16.0, 30.0, 45.0)})})
    strict = base.model_copy(update={"levels": base.levels.model_copy(update={"thresholds": (60.0, 80.0, 90.0, 95.0)})})
    with open_db(db) as con:
        save_version(con, "sensitive", sensitive, parent="default")
        save_version(con, "strict", strict, parent="default")
    _rescore(db, weights="sensitive")
    _rescore(db, weights="strict")
    lv = _table(db, "SELECT iso3, week, weights_version, level FROM country_scores WHERE dimension = 'overall'")
    p = lv.pivot_table(index=["iso3", "week"], columns="weights_version", values="level")
    assert (p.sensitive >= p.default).all() and (p.sensitive > p.default).any()
    assert (p.strict <= p.default).all() and (p.strict < p.default).any()
    # the researcher views follow the active version
    with open_db(db) as con:
        activate_version(con, "sensitive")
    weekly = _table(db, "SELECT DISTINCT weights_version FROM country_weekly")
    assert weekly.weights_version.tolist() == ["sensitive"]
    # and a change of indicator weight moves only what it should: zero the specific factors -> nothing above 2
    muted = base.model_copy(update={"risk_factors": {**base.risk_factors, **{f"RF{i}": 0.0 for i in range(9, 15)}}})
    with open_db(db) as con:
        save_version(con, "muted", muted)
    _rescore(db, weights="muted")
    assert _table(db, "SELECT max(level) AS m FROM country_scores WHERE weights_version = 'muted'").m[0] <= 2


def test_hysteresis_levels():
    from risk_framework.scoring import hysteresis_levels

    s = np.array([[25, 19, 13, 11, 45, 35, 31, 30, 85, 79, 72, 71.9]], dtype=float)
    got = hysteresis_levels(s, (20, 40, 60, 80), 8.0)[0].tolist()
    assert got == [2, 2, 2, 1, 3, 3, 2, 2, 5, 5, 5, 4]
    # without a margin the same series changes level at every crossing
    assert hysteresis_levels(s, (20, 40, 60, 80), 0.0)[0].tolist() == [2, 1, 1, 1, 3, 2, 2, 2, 5, 4, 4, 4]
    # series start at different weeks (NaN before the first row) and never see each other's history
    m = np.array([[np.nan, np.nan, 50, 10], [45, 30, 33, 10]])
    assert hysteresis_levels(m, (20, 40, 60, 80), 8.0).tolist() == [[0, 0, 3, 1], [3, 2, 2, 1]]


def test_rejected_evidence_is_excluded_and_confirmed_counts_fully(db):
    from store import open_db

    alert = _table(db, "SELECT * FROM alerts WHERE iso3 = 'ESA' AND kind = 'factor_surge' ORDER BY week LIMIT 1")
    assert len(alert), "fixture: the escalating country should have a factor surge"
    iso3, week, dim = alert.iso3[0], alert.week[0].date(), alert.dimension[0]
    q = f"SELECT score FROM country_scores WHERE iso3 = '{iso3}' AND week = DATE '{week}' AND dimension = '{dim}'"
    before = _table(db, q).score[0]
    week_ev = f"""SELECT e.id FROM evidence e JOIN documents d ON d.id = e.document_id
                  WHERE e.iso3 = '{iso3}' AND date_trunc('week', d.published_at) = DATE '{week}'
                    AND 'RF' || e.risk_factor = '{dim}'"""
    with open_db(db) as con:
        con.execute(f"INSERT INTO feedback (evidence_id, verdict, analyst) SELECT id, 'reject', 'ana' FROM ({week_ev})")
    _rescore(db)
    assert _table(db, q).score[0] < before
    rejected = set(_table(db, week_ev).id)
    cited = {e for ids in _table(db, "SELECT evidence_ids FROM alerts").evidence_ids for e in ids}
    assert not (rejected & cited), "rejected evidence is never cited by an alert"
    # a later 'confirm' wins over the reject, at full confidence: above the original score
    with open_db(db) as con:
        con.execute(f"INSERT INTO feedback (evidence_id, verdict, analyst) SELECT id, 'confirm', 'bo' FROM ({week_ev})")
    _rescore(db)
    assert _table(db, q).score[0] > before


def test_truncation_invariance(tmp_path):
    """Scores, levels and alerts of weeks <= W do not change when everything published after W is deleted."""
    from store import open_db

    path = tmp_path / "t.duckdb"
    lines = [Storyline("escalating", "ESA", onset=5), Storyline("escalating", "ESB", onset=11),
             Storyline("steady", "STA", coverage=30.0), Storyline("viral", "VIA", onset=10),
             Storyline("quiet", "QUA"), Storyline("noise", "NOA"), Storyline("steady", "STB", coverage=60.0)]
    counts = build_fixture_db(path, countries=lines, weeks=26, seed=7)
    assert counts["evidence"] >= 2000 and counts["documents"] >= 2000
    cut = DEFAULT_START + dt.timedelta(weeks=15)  # week W = the 16th week; delete everything after its end
    q_scores = f"SELECT * EXCLUDE (computed_at) FROM country_scores WHERE week <= DATE '{cut}' ORDER BY iso3, week, dimension"
    q_alerts = f"SELECT id, iso3, week, kind, dimension, level_from, level_to, score, reason, evidence_ids FROM alerts WHERE week <= DATE '{cut}' ORDER BY id"
    full_scores, full_alerts = _table(path, q_scores), _table(path, q_alerts)
    assert len(full_alerts) > 0
    with open_db(path) as con:
        end = cut + dt.timedelta(days=7)
        gone = f"SELECT id FROM documents WHERE published_at >= DATE '{end}'"
        con.execute(f"DELETE FROM evidence WHERE document_id IN ({gone})")
        con.execute(f"DELETE FROM document_countries WHERE document_id IN ({gone})")
        con.execute(f"DELETE FROM documents WHERE id IN ({gone})")
        con.execute("DELETE FROM country_scores")
        con.execute("DELETE FROM alerts")
    _rescore(path)
    trunc_scores, trunc_alerts = _table(path, q_scores), _table(path, q_alerts)
    assert _table(path, "SELECT max(week) AS m FROM country_scores").m[0].date() == cut
    assert len(trunc_scores) == len(full_scores)
    for col in ("iso3", "week", "dimension", "level", "evidence_count", "outlets", "coverage", "components"):
        assert trunc_scores[col].equals(full_scores[col]), col
    for col in ("score", "raw", "baseline", "surge"):
        np.testing.assert_allclose(trunc_scores[col].astype(float), full_scores[col].astype(float), atol=1e-9)
    assert trunc_alerts.drop(columns="evidence_ids").equals(full_alerts.drop(columns="evidence_ids"))
    assert [list(x) for x in trunc_alerts.evidence_ids] == [list(x) for x in full_alerts.evidence_ids]


def test_alert_status_survives_rescoring(db):
    from risk_framework.alerts import AlertError, set_alert_status

    first = _table(db, "SELECT id FROM alerts ORDER BY week, id LIMIT 1").id[0]
    row = set_alert_status(db, first, "acknowledged", "ana", note="seen")
    assert (row["status"], row["status_by"], row["status_note"]) == ("acknowledged", "ana", "seen")
    assert row["status_at"] is not None
    with pytest.raises(AlertError, match="nope"):
        set_alert_status(db, "nope", "resolved", "ana")
    with pytest.raises(AlertError, match="closed"):
        set_alert_status(db, first, "closed", "ana")
    _rescore(db)
    _rescore(db, from_week="2025-W01")
    after = _table(db, f"SELECT status, status_by, status_note FROM alerts WHERE id = '{first}'")
    assert after.to_dict("records") == [{"status": "acknowledged", "status_by": "ana", "status_note": "seen"}]


def test_cli_score_alerts_and_status(db, cli):
    result = cli(["score", "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["written"] == 0 and summary["countries"] == len(LINES)
    result = cli(["alerts", "--db", db, "--open", "--country", "esa", "--format", "json"])
    alerts = json.loads(result.stdout)
    assert alerts and {a["iso3"] for a in alerts} == {"ESA"} and all(a["evidence_ids"] for a in alerts)
    assert cli(["alerts", "ack", alerts[0]["id"], "--by", "ana", "--db", db]).exit_code == 0
    remaining = json.loads(cli(["alerts", "--db", db, "--open", "--country", "ESA", "-f", "json"]).stdout)
    assert len(remaining) == len(alerts) - 1
    assert cli(["alerts", "resolve", alerts[0]["id"], "--by", "ana", "--note", "done", "--db", db]).exit_code == 0
    bad = cli(["alerts", "ack", "no-such-alert", "--by", "ana", "--db", db])
    assert bad.exit_code == 1 and "no-such-alert" in bad.stderr
    bad = cli(["score", "--db", db, "--from", "2025-W60"])
    assert bad.exit_code == 1 and "2025-W60" in bad.stderr
    bad = cli(["score", "--db", db, "--weights", "nope"])
    assert bad.exit_code == 1 and "nope" in bad.stderr


def test_score_flow(db, prefect_harness):
    from flows.score_flow import score_flow
    from store import open_db

    with open_db(db) as con:
        con.execute("DELETE FROM country_scores")
    result = score_flow(str(db), to_week="2025-W10")
    assert result["rows"] == len(_table(db, "SELECT * FROM country_scores")) > 0
    assert result["to_week"] == "2025-03-03"
