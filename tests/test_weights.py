"""Weights versions: validation with clear errors, stored versions with exactly one active, CLI round trip, and
the methodology document naming every default parameter."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from risk_framework.weights import (
    DEFAULT_FILE,
    UnknownWeights,
    WeightsError,
    activate_version,
    active_name,
    default_weights,
    get_version,
    list_versions,
    load_weights_file,
    save_version,
    to_toml,
)

REPO = Path(__file__).resolve().parent.parent


def test_default_resolves_every_framework_weight():
    from risk_framework import default_framework

    fw = default_framework()
    w = default_weights()
    assert set(w.indicators) == {i.id for i in fw.indicators}
    assert all(w.indicators[i.id] == i.weight for i in fw.indicators)
    assert w.risk_factors == {f.code: f.weight for f in fw.factors}
    assert w.alerts.min_independent_outlets == 2 and w.baseline.window_weeks == 12
    assert w.scoring == "weekly.v1"


@pytest.mark.parametrize(
    "text, expected",
    [
        ('[indicators]\n"99.1" = 1.0\n', r'indicators\."99\.1": unknown indicator id'),
        ('[risk_factors]\nRF15 = 1.0\n', r"risk_factors\.RF15: unknown risk factor"),
        ('[indicators]\n"7.1" = 9.0\n', r"indicators: .*outside \[0, 5\]"),
        ("[levels]\nthresholds = [40.0, 20.0, 60.0, 80.0]\n", r"levels\.thresholds: .*strictly increasing"),
        ("[alerts]\nmin_independant_outlets = 2\n", r"alerts\.min_independant_outlets: unknown key"),
        ("[aggregation]\ncoverage_prior = -1\n", r"aggregation\.coverage_prior: "),
        ('scoring = "weekly.v9"\n', r"scoring: unknown scoring function 'weekly\.v9'"),
        ("[baseline]\nwindow_weeks = 3\nmin_weeks = 4\n", r"min_weeks \(4\) exceeds"),
        ("[levels\n", r"invalid TOML"),
    ],
)
def test_invalid_files_name_file_and_key(tmp_path, text, expected):
    path = tmp_path / "w.toml"
    path.write_text(text)
    with pytest.raises(WeightsError, match=expected) as exc:
        load_weights_file(path)
    assert str(path) in str(exc.value)


def test_overrides_and_json_files(tmp_path):
    path = tmp_path / "w.json"
    path.write_text(json.dumps({"indicators": {"10.1": 3.0}, "risk_factors": {"7": 2.5},
                                "sources": {"name": {"un-news": 1.4}}}))
    w = load_weights_file(path)
    assert w.indicators["10.1"] == 3.0 and w.risk_factors["RF7"] == 2.5 and w.sources.name == {"un-news": 1.4}
    assert w.indicators["10.2"] == default_weights().indicators["10.2"]


def test_export_round_trips(tmp_path):
    w = default_weights().model_copy(update={"description": 'tuned "for" tests'})
    path = tmp_path / "export.toml"
    path.write_text(to_toml(w))
    assert load_weights_file(path) == w


def test_stored_versions_exactly_one_active(db_path):
    from store import open_db

    with open_db(db_path) as con:
        assert active_name(con) == "default"  # vigil init / sync_reference stored and activated it
        base = default_weights()
        save_version(con, "tuned", base.model_copy(update={"description": "t"}), parent="default", created_by="ana")
        assert active_name(con) == "default"
        activate_version(con, "tuned")
        versions = list_versions(con)
        assert versions.is_active.sum() == 1 and versions[versions.is_active].name.tolist() == ["tuned"]
        stored = json.loads(con.execute("SELECT body FROM weights WHERE name = 'tuned'").fetchone()[0])
        assert len(stored["indicators"]) == len(base.indicators)  # the resolved body is stored
        assert get_version(con, "tuned") == base.model_copy(update={"description": "t"})
        with pytest.raises(WeightsError, match="already exists"):
            save_version(con, "tuned", base)
        with pytest.raises(UnknownWeights, match="nope"):
            activate_version(con, "nope")
        with pytest.raises(UnknownWeights, match="ghost"):
            save_version(con, "child", base, parent="ghost")
        # syncing the reference again leaves the analysts' choice alone
        from vigil.reference import sync_reference

        sync_reference(con)
        assert active_name(con) == "tuned"


def test_cli_weights_commands(db_path, cli, tmp_path):
    out = tmp_path / "mine.toml"
    assert cli(["weights", "export", "default", "--db", db_path, "-o", out]).exit_code == 0
    out.write_text(out.read_text().replace("hysteresis_margin = 8.0", "hysteresis_margin = 4.0"))
    assert cli(["weights", "validate", out]).exit_code == 0
    r = cli(["weights", "create", "mine", "--from", out, "--activate", "--by", "ana", "--db", db_path])
    assert r.exit_code == 0, r.output
    shown = json.loads(cli(["weights", "show", "--db", db_path]).stdout)
    assert shown["name"] == "mine" and shown["levels"]["hysteresis_margin"] == 4.0
    listed = json.loads(cli(["weights", "list", "--db", db_path, "-f", "json"]).stdout)
    assert {v["name"]: v["is_active"] for v in listed} == {"default": False, "mine": True}
    assert [v["parent"] for v in listed if v["name"] == "mine"] == ["default"]
    bad = tmp_path / "bad.toml"
    bad.write_text('[indicators]\n"42.1" = 1.0\n')
    r = cli(["weights", "validate", bad])
    assert r.exit_code == 1 and "42.1" in r.stderr and str(bad) in r.stderr
    r = cli(["weights", "activate", "nope", "--db", db_path])
    assert r.exit_code == 1 and "nope" in r.stderr


def test_methodology_names_every_default_parameter():
    doc = (REPO / "docs" / "methodology.md").read_text()
    data = tomllib.loads(DEFAULT_FILE.read_text())

    def keys(d, prefix=""):
        for k, v in d.items():
            if isinstance(v, dict):
                yield from keys(v, f"{prefix}{k}.")
            else:
                yield k, v

    missing = [k for k, _ in keys(data) if k != "description" and not re.search(rf"\b{re.escape(k)}\b", doc)]
    assert not missing, f"docs/methodology.md does not mention: {missing}"
    # and the default values quoted in the document match the file
    for key, value in keys(data):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and key in doc:
            shown = f"{value:g}" if isinstance(value, float) else str(value)
            assert shown in doc, f"{key} = {value} not stated in docs/methodology.md"
