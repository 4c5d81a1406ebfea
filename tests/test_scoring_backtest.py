"""Backtest on generated evidence streams: the escalation alerts early, the viral story and the quiet country stay
calm, the heavily covered steady conflict does not flap. Figures reported in docs/methodology.md come from
`backtest_report()` below (run this file with `-s` to print them)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.support.evidence_gen import DEFAULT_START, Storyline, build_fixture_db

WEEKS = 26
LINES = [
    Storyline("escalating", "ESA", onset=8), Storyline("escalating", "ESB", onset=10),
    Storyline("escalating", "ESC", onset=13),
    Storyline("steady", "STA"), Storyline("steady", "STB"), Storyline("steady", "STC"),
    Storyline("viral", "VIA", onset=9), Storyline("viral", "VIB", onset=12), Storyline("viral", "VIC", onset=16),
    Storyline("quiet", "QUA"), Storyline("quiet", "QUB"), Storyline("quiet", "QUC"),
]


def _week(i: int) -> dt.date:
    return DEFAULT_START + dt.timedelta(weeks=i)


@pytest.fixture(scope="module", params=[0, 1], ids=["seed0", "seed1"])
def backtest(request, tmp_path_factory):
    from store import read_only

    path = tmp_path_factory.mktemp("backtest") / "bt.duckdb"
    build_fixture_db(path, countries=LINES, weeks=WEEKS, seed=request.param)
    with read_only(path) as con:
        levels = con.execute(
            "SELECT iso3, week, level FROM country_scores WHERE dimension = 'overall' ORDER BY iso3, week").df()
        alerts = con.execute("SELECT iso3, week, kind, dimension, level_to, evidence_ids FROM alerts").df()
    levels["week"] = levels["week"].dt.date
    alerts["week"] = alerts["week"].dt.date
    return levels, alerts


def backtest_report(levels, alerts) -> dict:
    """Lead time (weeks from the first crime-specific evidence to the first alert) and false alarms."""
    out = {"lead_weeks": {}, "false_alarms": {}, "steady_level_changes": {}}
    for line in LINES:
        mine = alerts[alerts.iso3 == line.iso3]
        if line.kind == "escalating":
            start = _week(line.specific_start)
            after = mine[mine.week >= start]
            out["lead_weeks"][line.iso3] = (min(after.week) - start).days // 7 if len(after) else None
            out["false_alarms"][line.iso3] = int((mine.week < start).sum())
        else:
            out["false_alarms"][line.iso3] = len(mine)
        if line.kind == "steady":
            lv = levels[levels.iso3 == line.iso3].level.to_numpy()
            out["steady_level_changes"][line.iso3] = int((lv[1:] != lv[:-1]).sum())
    return out


def test_escalation_alerts_within_three_weeks_of_specific_evidence(backtest):
    levels, alerts = backtest
    for line in (ln for ln in LINES if ln.kind == "escalating"):
        start = _week(line.specific_start)
        mine = alerts[(alerts.iso3 == line.iso3)]
        early = mine[(mine.week >= start) & (mine.week <= start + dt.timedelta(weeks=2))]
        assert len(early), f"{line.iso3}: no alert within 3 weeks of {start}; alerts: {mine.to_dict('records')}"
        assert not len(mine[mine.week < start]), f"{line.iso3}: alert before any specific evidence"
        assert levels[(levels.iso3 == line.iso3)].level.max() >= 4, "a sustained escalation reaches High"


def test_viral_story_raises_no_alert(backtest):
    levels, alerts = backtest
    for line in (ln for ln in LINES if ln.kind == "viral"):
        assert alerts[alerts.iso3 == line.iso3].empty, alerts[alerts.iso3 == line.iso3].to_dict("records")
        assert levels[levels.iso3 == line.iso3].level.max() <= 2


def test_steady_conflict_does_not_flap(backtest):
    levels, alerts = backtest
    for line in (ln for ln in LINES if ln.kind == "steady"):
        lv = levels[levels.iso3 == line.iso3].level.to_numpy()
        assert len(lv) == WEEKS
        changes = int((lv[1:] != lv[:-1]).sum())
        assert changes <= 2, f"{line.iso3} levels flap: {lv.tolist()}"
        assert lv[-1] >= 3, "steady violence is not rated Low"
        # after the first weeks (no history yet) a steady conflict raises nothing new
        assert alerts[(alerts.iso3 == line.iso3) & (alerts.week >= _week(8))].empty


def test_quiet_country_stays_low(backtest):
    levels, alerts = backtest
    for line in (ln for ln in LINES if ln.kind == "quiet"):
        assert set(levels[levels.iso3 == line.iso3].level) == {1}
        assert alerts[alerts.iso3 == line.iso3].empty


def test_report(backtest, capsys):
    report = backtest_report(*backtest)
    with capsys.disabled():
        print("\nbacktest:", report)
    assert all(v is not None and v <= 2 for v in report["lead_weeks"].values())
