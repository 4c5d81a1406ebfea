"""The Kenya replay's acceptance figures (ACLED Kenya 2004-2019, onset 2007-12-27): 5,722 documents imported and
none on a second run; Vigil's first level-4 week no later than two weeks after the onset; at most 0.5 alert
episodes per quiet country-year; the plain event-count rule on ACLED's coded events alerts far more often.

Skips when ../shared/data is absent. Slow (tagging 5,722 notes takes minutes on two shared cores)."""

from __future__ import annotations

import pytest

from tests.conftest import shared_path


@pytest.mark.slow
def test_kenya_replay_acceptance(tmp_path):
    data = shared_path("acled_kenya_1997_2019", "items.csv")
    from benchmarks.replay_kenya import run_replay

    out = run_replay(tmp_path / "kenya.duckdb", data=data, plot=tmp_path / "KEN.png")
    assert out["import"]["loaded"] == 5722 and out["import"]["bad"] == 0
    assert out["import"]["second_run_loaded"] == 0 and out["import"]["second_run_duplicates"] == 5722
    (onset,) = out["vigil"]["onsets"]
    assert onset["date"] == "2007-12-27" and onset["lead_weeks"] is not None and onset["lead_weeks"] <= 2, onset
    ken = next(c for c in out["vigil"]["countries"] if c["iso3"] == "KEN")
    assert ken["quiet_weeks"] > 700 and ken["quiet_alert_episodes_per_year"] <= 0.5, ken
    rule = next(c for c in out["event_count_rule"]["countries"] if c["iso3"] == "KEN")
    assert rule["quiet_alert_episodes_per_year"] > ken["quiet_alert_episodes_per_year"]
    assert (tmp_path / "KEN.png").stat().st_size > 20_000
