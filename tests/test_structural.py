"""The structural layer: EWP data shipped in data/ewp, their figures reproduced, the leak-free protocol, the fit
written to a real DuckDB file, the update from a local HTTP server, and the CLI."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

REPO = Path(__file__).resolve().parent.parent
EWP = REPO / "data" / "ewp"

pytestmark = pytest.mark.skipif(not (EWP / "FOOSforecasts_3Sep2025.csv").exists(), reason="data/ewp not shipped")


@pytest.fixture(scope="module")
def data():
    from risk_framework.structural.runner import load_data

    return load_data(EWP)


# --- country codes ---------------------------------------------------------------------------------------------

def test_every_country_forecast_today_maps_to_one_iso3(data):
    from risk_framework.structural.countries import UNMAPPED, ewp_to_iso3

    last = data.loc[data["year"] == data["year"].max(), "ewp_name"]
    codes = [ewp_to_iso3(n) for n in last]
    assert None not in codes and len(codes) >= 160
    assert len(set(codes)) == len(codes)  # no two EWP countries share an ISO3
    assert ewp_to_iso3("Kosovo") == "XKX" and ewp_to_iso3("Burma/Myanmar") == "MMR"
    assert ewp_to_iso3("Ivory Coast") == "CIV" and ewp_to_iso3("Democratic Republic of Congo") == "COD"
    assert ewp_to_iso3("Republic of Congo") == "COG" and ewp_to_iso3("United States of America") == "USA"
    unmapped = sorted({n for n in data["ewp_name"].unique() if ewp_to_iso3(n) is None})
    assert unmapped == sorted(UNMAPPED)
    # the historical states end before the backtest's base years begin
    assert data.loc[data["ewp_name"].isin(unmapped), "year"].max() < 1993


# --- their figures, our scoring ---------------------------------------------------------------------------------

def test_their_published_backtest_is_reproduced_by_our_scoring():
    from risk_framework.structural.runner import theirs

    s = theirs(EWP)
    assert round(s.auc, 3) == 0.825
    assert (s.top30, s.onsets, s.scored) == (27, 39, 5032)


def test_their_ranks_are_recomputed_exactly_and_the_pool_is_complete_cases(data):
    from risk_framework.structural.backtest import (
        complete_pool,
        forecasts_from_foos,
        rank_within_year,
    )
    from risk_framework.structural.data import load_foos

    theirs = forecasts_from_foos(load_foos(EWP))
    again = rank_within_year(theirs.drop(columns="rank")).merge(theirs, on=["base_year", "ccode"])
    assert (again["rank_x"] == again["rank_y"]).all()
    pool = complete_pool(data)
    pool = pool.loc[pool["base_year"].between(1993, 2023)]
    assert set(map(tuple, pool[["base_year", "ccode"]].to_numpy())) == set(
        map(tuple, theirs[["base_year", "ccode"]].to_numpy()))


def test_score_on_known_forecasts():
    from risk_framework.structural.backtest import score

    outcomes = pd.DataFrame({"year": [2001] * 4 + [2002] * 4, "ccode": [1, 2, 3, 4] * 2, "ewp_name": list("abcd") * 2,
                             "mk_onset": [1, 0, 0, 0, 0, 0, 0, 1]})
    fc = pd.DataFrame({"base_year": [2000] * 4 + [2001] * 4, "ccode": [1, 2, 3, 4] * 2,
                       "risk": [0.9, 0.1, 0.2, 0.3, 0.1, 0.2, 0.3, 0.4]})
    s = score(fc, outcomes, years=(2001, 2002), top_k=1)
    # 2002 rows take the larger of the 2000 and 2001 forecasts and the better rank: a (onset 2001) ranked 1st from
    # 2000; d (onset 2002) ranked 1st from 2001 with max risk 0.4, below a's 0.9 in 2002 (one lost pair of 12).
    assert (s.onsets, s.scored, s.top30) == (2, 8, 2)
    assert s.auc == pytest.approx(10.5 / 12)
    fc.loc[7, "risk"] = 0.0  # d's forecast from 2001 drops to last: best is now 0.3, ranked 2nd from 2000
    s = score(fc, outcomes, years=(2001, 2002), top_k=1)
    assert s.top30 == 1 and s.auc == pytest.approx(9.5 / 12)


# --- the protocol leaks nothing -----------------------------------------------------------------------------------

def test_every_backtest_window_ends_two_years_before_its_base_year(data):
    from risk_framework.structural.backtest import BASE_YEARS, HORIZON_GAP, split

    assert BASE_YEARS == tuple(range(1993, 2024))  # EWP's lasttrainyear 1991…2021, plus two
    for base_year in BASE_YEARS:
        train, test = split(data, base_year)
        assert train["year"].max() == base_year - HORIZON_GAP
        assert set(test["year"]) == {base_year}


def test_leaking_windows_are_refused(data):
    from risk_framework.structural.backtest import (
        LeakageError,
        check_window,
        rolling_forecasts,
    )
    from risk_framework.structural.models import SPECS, fit_model

    leaky = data.loc[data["year"] <= 2010]
    with pytest.raises(LeakageError, match="2010"):
        check_window(leaky, 2011)
    with pytest.raises(LeakageError):
        fit_model(SPECS["hgb.v1"], leaky, base_year=2011)
    seen = []

    def record(train, test, base_year):
        seen.append((base_year, int(train["year"].max()), set(test["year"])))
        return np.zeros(len(test))

    rolling_forecasts(data, record, base_years=range(1993, 2024))
    assert all(mx == b - 2 and ty == {b} for b, mx, ty in seen) and len(seen) == 31


def test_history_features_use_no_later_year(data):
    from risk_framework.structural.data import load_basedata
    from risk_framework.structural.features import EXTRA_FEATURES, history_features

    base = load_basedata(EWP)
    full = history_features(base).set_index(["ccode", "year"])
    cut = history_features(base.loc[base["year"] <= 2000]).set_index(["ccode", "year"])
    pd.testing.assert_frame_equal(full.loc[cut.index, list(EXTRA_FEATURES)], cut[list(EXTRA_FEATURES)])


def test_protocol_on_a_few_base_years_with_a_real_model(data):
    from risk_framework.structural.backtest import complete_pool, restrict, score
    from risk_framework.structural.models import SPECS
    from risk_framework.structural.runner import backtest_forecasts

    fc = backtest_forecasts(SPECS["hgb_history.v1"], EWP, base_years=(2021, 2022, 2023), data=data)
    assert set(fc["base_year"]) == {2021, 2022, 2023} and fc["risk"].between(0, 1).all()
    assert len(fc) == (data["year"].isin([2021, 2022, 2023])).sum()  # imputation: no country dropped
    s = score(restrict(fc, complete_pool(data)), data, years=(2023, 2024))
    assert s.onsets >= 1 and 0.5 < s.auc <= 1.0


@pytest.mark.slow
def test_full_backtest_ours_matches_or_beats_theirs(tmp_path):
    from risk_framework.structural.runner import compare

    result = compare(folder=EWP, cache_dir=tmp_path)
    t, o = result["theirs"], result["ours"]
    assert (t["onsets"], o["onsets"]) == (39, 39) and t["scored"] == o["scored"] == 5032
    assert o["auc"] >= t["auc"] and o["top30"] >= t["top30"]


# --- fit into DuckDB ------------------------------------------------------------------------------------------------

def test_fit_writes_every_country_and_is_idempotent(db_path, cli):
    from store import read_df

    # a single fast learner here; the shipped (calibrated rank-average) model is fitted in the slow test below
    first = cli(["structural", "fit", "--db", db_path, "--model", "hgb.v1"])
    assert first.exit_code == 0, first.output
    second = cli(["structural", "fit", "--db", db_path, "--model", "hgb.v1"])
    assert second.exit_code == 0, second.output
    rows = read_df(db_path, "SELECT * FROM structural_risk")
    assert rows["model_version"].nunique() == 1
    assert sorted(rows["year"].unique()) == [2025, 2026]
    assert rows["iso3"].nunique() >= 160 and len(rows) == 2 * rows["iso3"].nunique()
    assert rows["risk"].between(0, 1).all()
    latest = read_df(db_path, "SELECT * FROM structural_risk_latest ORDER BY rank")
    assert len(latest) == rows["iso3"].nunique() and set(latest["year"]) == {2025}
    assert latest["rank"].iloc[0] == 1 and latest["country"].notna().all()
    assert list(latest.columns) == ["iso3", "country", "year", "risk", "rank", "model_version"]


@pytest.mark.slow
def test_shipped_model_fit_gives_calibrated_distinct_risks(db_path, cli):
    from store import read_df

    res = cli(["structural", "fit", "--db", db_path])
    assert res.exit_code == 0, res.output
    latest = read_df(db_path, "SELECT * FROM structural_risk_latest ORDER BY rank")
    assert len(latest) >= 160 and latest["rank"].is_unique and latest["risk"].is_monotonic_decreasing
    # calibrated: mean risk near the base rate of a two-year onset (about 2-3 %), top risks well above it
    assert 0.01 < latest["risk"].mean() < 0.06 and latest["risk"].iloc[0] > 0.1
    assert latest["model_version"].iloc[0].startswith("structural.rankavg_logit_history.v1/")


def test_rank_average_breaks_ties_and_platt_is_monotone():
    from risk_framework.structural.models import Platt, rank_average

    a, b = np.array([0.9, 0.5, 0.1, 0.2]), np.array([0.1, 0.5, 0.95, 0.3])
    score = rank_average([a, b], np.array([2020] * 4))
    # rows 0 and 2 tie on percentile ranks (1st + 4th); row 2's higher mean probability puts it ahead
    assert list(np.argsort(-score)) == [1, 2, 0, 3]
    rng = np.random.default_rng(0)
    s = rng.uniform(size=2000)
    y = (rng.uniform(size=2000) < 0.1 * s).astype(int)
    cal = Platt.fit(s, y)
    p = cal.apply(np.sort(s))
    assert np.all(np.diff(p) >= 0) and abs(p.mean() - y.mean()) < 0.02


def test_latest_view_takes_the_newest_fit_and_its_first_year(db_path):
    from store import insert_df, open_db, read_df

    def rows(version, years, when, risk):
        return pd.DataFrame([{"iso3": iso, "year": y, "risk": risk, "rank": i + 1, "country_name": iso,
                              "model_version": version, "computed_at": pd.Timestamp(when)}
                             for i, iso in enumerate(["SDN", "MMR"]) for y in years])

    with open_db(db_path) as con:
        insert_df(con, "structural_risk", rows("structural.a", [2025, 2026], "2025-01-01", 0.1))
        insert_df(con, "structural_risk", rows("structural.b", [2026, 2027], "2026-01-01", 0.2))
    latest = read_df(db_path, "SELECT * FROM structural_risk_latest")
    assert set(latest["model_version"]) == {"structural.b"} and set(latest["year"]) == {2026} and len(latest) == 2


# --- update from a newer edition ------------------------------------------------------------------------------------

class _Server:
    def __init__(self, routes: dict[str, bytes]):
        routes_ = routes

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                body = routes_.get(self.path)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "text/csv")
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def ewp_copy(tmp_path, monkeypatch):
    import shutil

    folder = tmp_path / "data" / "ewp"
    shutil.copytree(EWP, folder, ignore=shutil.ignore_patterns("*.md"))
    monkeypatch.setenv("VIGIL_DATA_DIR", str(tmp_path / "data"))
    return folder


def test_update_from_a_local_server_validates_before_replacing(ewp_copy, cli):
    from risk_framework.structural.data import (
        PREDICTORS_GLOB,
        find_file,
        load_predictors,
    )

    shipped = find_file(ewp_copy, PREDICTORS_GLOB)
    small = pd.read_csv(shipped).query("year >= 2020")
    good = small.to_csv(index=False).encode()
    bad_columns = small.drop(columns=["discrimpop"]).to_csv(index=False).encode()
    with _Server({"/good.csv": good, "/garbage.csv": b"\x00\xff<html>not a csv at all", "/cols.csv": bad_columns}) as srv:
        for path, why in [("/garbage.csv", ""), ("/cols.csv", "discrimpop"), ("/missing.csv", "404")]:
            res = cli(["structural", "update", "--url", srv.url(path)])
            assert res.exit_code != 0 and "error:" in res.output and why in res.output
            assert find_file(ewp_copy, PREDICTORS_GLOB) == shipped
            assert not list(ewp_copy.glob("*.part"))
        res = cli(["structural", "update", "--url", srv.url("/good.csv")])
    assert res.exit_code == 0, res.output
    newest = find_file(ewp_copy, PREDICTORS_GLOB)
    assert newest != shipped and newest.name.startswith("prepared-predictors-")
    assert len(load_predictors(ewp_copy)) == len(small)


def test_update_offline_is_a_clear_error(ewp_copy, cli):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    res = cli(["structural", "update", "--url", f"http://127.0.0.1:{port}/p.csv"])
    assert res.exit_code != 0 and "cannot download" in res.output


# --- CLI -------------------------------------------------------------------------------------------------------------

def test_backtest_json_shape(cli, ewp_copy):
    res = cli(["structural", "backtest", "--format", "json", "--first-year", "2022", "--last-year", "2024",
               "--model", "hgb.v1"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert set(out) == {"theirs", "ours"}
    for side in out.values():
        assert set(side) == {"auc", "top30", "onsets"}
        assert 0 <= side["auc"] <= 1 and isinstance(side["top30"], int) and side["onsets"] == out["theirs"]["onsets"]


def test_backtest_rejects_years_outside_the_protocol_or_without_onsets(cli, ewp_copy):
    res = cli(["structural", "backtest", "--first-year", "1980"])
    assert res.exit_code == 2 and "1994" in res.output
    res = cli(["structural", "backtest", "--first-year", "2024", "--model", "hgb.v1"])  # no onset in 2024
    assert res.exit_code == 1 and "0 onset(s)" in res.output
