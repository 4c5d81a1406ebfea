"""risk_framework.backtest and `vigil backtest`: lead/lag, persistence, quiet-week calm and alert episodes, on a
hand-made level series (exact figures) and on a generated, scored database (CLI, JSON shape, plots)."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from risk_framework.backtest import (
    WEEKS_PER_YEAR,
    BacktestError,
    Onset,
    evaluate,
    load_onsets,
    plot_levels,
    surge_rule_levels,
)
from tests.support.evidence_gen import DEFAULT_START as START_GEN

START = dt.date(2020, 1, 6)  # a Monday


def _levels(iso3: str, n: int, overrides: dict[range | int, int]) -> pd.DataFrame:
    lv = [1] * n
    for key, value in overrides.items():
        for i in (key if isinstance(key, range) else [key]):
            lv[i] = value
    return pd.DataFrame({"iso3": iso3, "week": [START + dt.timedelta(weeks=i) for i in range(n)], "level": lv})


def test_evaluate_exact_figures():
    # onset on the Thursday of week 102; alert weeks 100-110; a run from week 127 (not quiet) into quiet weeks;
    # quiet false alarms: weeks 10-11 (one episode) and 40; week 60 at level 3 is neither calm nor an alert
    levels = _levels("AAA", 150, {range(100, 111): 4, range(127, 131): 4, range(10, 12): 4, 40: 5, 60: 3})
    onset = Onset("AAA", START + dt.timedelta(weeks=102, days=3), "escalation")
    out = evaluate(levels, [onset], threshold=4)
    assert out["onsets"] == [{
        "iso3": "AAA", "date": onset.date.isoformat(), "label": "escalation",
        "first_alert_week": (START + dt.timedelta(weeks=100)).isoformat(), "lead_weeks": -2,
        "persistence": round(10 / 26, 4),  # weeks 102-127 at level >= 4: 102-110 and 127
    }]
    quiet = 76 + (149 - 128)  # weeks 0-75 and 129-149: more than 26 weeks from week 102
    (country,) = out["countries"]
    assert country["quiet_weeks"] == quiet
    assert country["quiet_calm_share"] == round((quiet - 2 - 1 - 1 - 2) / quiet, 4)  # 10-11, 40, 60, 129-130
    assert country["quiet_alert_episodes_per_year"] == round(2 / (quiet / WEEKS_PER_YEAR), 4)


def test_threshold_missed_onset_and_quiet_country():
    levels = pd.concat([_levels("AAA", 80, {range(30, 33): 3}), _levels("BBB", 80, {5: 4})])
    onset = Onset("AAA", START + dt.timedelta(weeks=31), "x")
    at4 = evaluate(levels, [onset], threshold=4, countries=["BBB"])
    assert at4["onsets"][0]["first_alert_week"] is None and at4["onsets"][0]["lead_weeks"] is None
    assert at4["onsets"][0]["persistence"] == 0.0
    at3 = evaluate(levels, [onset], threshold=3)
    assert at3["onsets"][0]["lead_weeks"] == -1 and at3["onsets"][0]["persistence"] == round(2 / 26, 4)
    bbb = at4["countries"][1]
    assert bbb["iso3"] == "BBB" and bbb["quiet_weeks"] == 80  # no onset: every week is quiet
    assert bbb["quiet_alert_episodes_per_year"] == round(1 / (80 / WEEKS_PER_YEAR), 4)


def test_surge_rule_baseline():
    counts = pd.DataFrame({"iso3": "AAA", "week": [START + dt.timedelta(weeks=i) for i in (0, 1, 2, 5, 14, 15)],
                           "count": [2, 3, 2, 2, 12, 3]})
    rule = surge_rule_levels(counts, window=12, z=2.0, min_count=5)
    assert len(rule) == 16  # missing weeks filled with zero counts
    assert rule.set_index("week")["level"].to_dict()[START + dt.timedelta(weeks=14)] == 4
    assert (rule["level"] == 4).sum() == 1


def test_load_onsets_errors(tmp_path):
    good = tmp_path / "o.csv"
    good.write_text("iso3,date,label\nken,2007-12-27,post-election violence\n", encoding="utf-8")
    assert load_onsets(good) == [Onset("KEN", dt.date(2007, 12, 27), "post-election violence")]
    bad = tmp_path / "b.csv"
    bad.write_text("iso3,date,label\nKEN,27/12/2007,x\n", encoding="utf-8")
    with pytest.raises(BacktestError, match=r"line 2: date must be YYYY-MM-DD, got '27/12/2007'"):
        load_onsets(bad)
    (tmp_path / "c.csv").write_text("country,day\nKEN,2007-12-27\n", encoding="utf-8")
    with pytest.raises(BacktestError, match="missing column"):
        load_onsets(tmp_path / "c.csv")


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    from tests.support.evidence_gen import Storyline, build_fixture_db

    path = tmp_path_factory.mktemp("bt") / "bt.duckdb"
    lines = [Storyline("escalating", "ESA", onset=56), Storyline("quiet", "QUA"), Storyline("steady", "STA")]
    build_fixture_db(path, countries=lines, weeks=72, seed=3)
    onsets = tmp_path_factory.mktemp("on") / "onsets.csv"
    date = START_GEN + dt.timedelta(weeks=56 + 4, days=2)  # when crime-specific evidence begins
    onsets.write_text(f"iso3,date,label\nESA,{date.isoformat()},generated escalation\n", encoding="utf-8")
    return path, onsets


def test_cli_backtest_json_on_generated_database(cli, scored):
    path, onsets = scored
    result = cli(["backtest", "--onsets", onsets, "--db", path, "--format", "json", "--all-countries"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) == {"onsets", "countries"}
    (onset,) = out["onsets"]
    assert set(onset) == {"iso3", "date", "label", "first_alert_week", "lead_weeks", "persistence"}
    from store import read_df

    first = read_df(path, "SELECT min(week) AS w FROM country_scores WHERE iso3 = 'ESA' AND dimension = 'overall' "
                          "AND level >= 4 AND week >= ?::DATE - INTERVAL 26 WEEK", [onset["date"]])["w"][0]
    assert onset["first_alert_week"] == first.date().isoformat()
    monday = dt.date.fromisoformat(onset["date"]) - dt.timedelta(days=dt.date.fromisoformat(onset["date"]).weekday())
    assert onset["lead_weeks"] == (first.date() - monday).days // 7 and 0 <= onset["lead_weeks"] <= 4, onset
    assert onset["persistence"] >= 0.5
    by = {c["iso3"]: c for c in out["countries"]}
    assert set(by) == {"ESA", "QUA", "STA"}
    assert set(by["ESA"]) == {"iso3", "quiet_weeks", "quiet_calm_share", "quiet_alert_episodes_per_year"}
    assert by["ESA"]["quiet_weeks"] > 20 and by["ESA"]["quiet_calm_share"] >= 0.9
    assert by["ESA"]["quiet_alert_episodes_per_year"] == 0
    assert by["QUA"]["quiet_weeks"] == 72 and by["QUA"]["quiet_alert_episodes_per_year"] == 0


def test_cli_backtest_table_and_plot(cli, scored, tmp_path):
    path, onsets = scored
    result = cli(["backtest", "--onsets", onsets, "--db", path, "--threshold", "3", "--plot", tmp_path / "png"])
    assert result.exit_code == 0, result.output
    assert "ESA" in result.stdout and "generated escalation" in result.stdout and "level >= 3" in result.stdout
    png = tmp_path / "png" / "ESA.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000


def test_cli_backtest_errors(cli, db_path, tmp_path):
    onsets = tmp_path / "o.csv"
    onsets.write_text("iso3,date,label\nKEN,2007-12-27,x\n", encoding="utf-8")
    empty = cli(["backtest", "--onsets", onsets, "--db", db_path])
    assert empty.exit_code == 1 and "no overall scores" in empty.output
    missing = cli(["backtest", "--onsets", tmp_path / "none.csv", "--db", db_path])
    assert missing.exit_code == 1 and "onsets file not found" in missing.output


def test_plot_marks_baseline_and_skips_unscored(tmp_path):
    levels = _levels("AAA", 120, {range(60, 70): 4})
    baseline = _levels("AAA", 120, {range(61, 63): 4, 20: 4})
    onsets = [Onset("AAA", START + dt.timedelta(weeks=61), "onset"), Onset("ZZZ", START, "no scores")]
    written = plot_levels(levels, onsets, tmp_path, baseline=baseline)
    assert [p.name for p in written] == ["AAA.png"]
