"""The UN Framework of Analysis data file, its loader and `vigil framework` commands."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import risk_framework
from risk_framework import (
    CRIMES,
    FrameworkError,
    UnknownIndicator,
    UnknownRiskFactor,
    default_framework,
    default_path,
    load_framework,
)

REPO = Path(__file__).resolve().parent.parent
REFERENCE = REPO.parent / "shared" / "reference" / "framework_of_analysis.md"
PACKAGES = ("vigil", "store", "flows", "models", "dashboard", "reports", "risk_framework")

EXPECTED_INDICATORS = 129
EXPECTED_PER_FACTOR = {1: 11, 2: 8, 3: 10, 4: 9, 5: 8, 6: 11, 7: 14, 8: 12, 9: 6, 10: 8, 11: 6, 12: 8, 13: 11, 14: 7}
PARTIAL = (
    {f"7.{n}" for n in range(1, 11)}
    | {f"8.{n}" for n in range(1, 13)}
    | {f"9.{n}" for n in range(1, 7)}
    | {f"13.{n}" for n in range(1, 10)}
)


@pytest.fixture(scope="module")
def fw():
    return default_framework()


@pytest.fixture
def shipped_text() -> str:
    return default_path().read_text(encoding="utf-8")


# ------------------------------------------------------------------ the shipped file


def test_shipped_file_loads_with_14_factors(fw):
    assert [f.id for f in fw.factors] == list(range(1, 15))
    assert [f.code for f in fw.factors] == [f"RF{n}" for n in range(1, 15)]
    assert fw.crimes == CRIMES
    assert load_framework() is fw  # the default load is cached
    assert fw.full_version == f"{fw.version}+{fw.digest[:8]}"
    assert re.fullmatch(r"[0-9a-f]{64}", fw.digest)


def test_indicator_counts(fw):
    assert len(fw.indicators) == EXPECTED_INDICATORS
    assert {f.id: len(f.indicators) for f in fw.factors} == EXPECTED_PER_FACTOR
    assert [i.id for i in fw.indicators] == [i.id for f in fw.factors for i in f.indicators]
    assert all(i.risk_factor == int(i.id.split(".")[0]) for i in fw.indicators)


def test_verified_flags(fw):
    assert {i.id for i in fw.indicators if i.verified == "partial"} == PARTIAL
    assert {i.verified for i in fw.indicators} == {"partial", "false"}


def test_labels_are_short_paraphrases(fw):
    for i in fw.indicators:
        assert 0 < len(i.label.split()) <= 15, i.id
    assert all(f.description for f in fw.factors)


def test_weights(fw):
    assert all(0 <= x.weight <= 5 for x in (*fw.factors, *fw.indicators))
    common = [f.weight for f in fw.factors if f.kind == "common"]
    specific = [f.weight for f in fw.factors if f.kind == "specific"]
    assert min(specific) > max(f.weight for f in fw.factors[:6])
    assert min(specific) >= max(common)


def codes(factors) -> list[str]:
    return [f.code for f in factors]


def test_crimes_mapping(fw):
    assert all(f.kind == "common" and f.crimes == CRIMES for f in fw.factors[:8])
    assert codes(fw.specific_factors("genocide")) == ["RF9", "RF10"]
    assert codes(fw.specific_factors("crimes_against_humanity")) == ["RF11", "RF12"]
    assert codes(fw.specific_factors("war_crimes")) == ["RF13", "RF14"]
    assert codes(fw.factors_for_crime("war_crimes")) == [f"RF{n}" for n in (*range(1, 9), 13, 14)]
    with pytest.raises(FrameworkError, match="unknown crime"):
        fw.factors_for_crime("piracy")


def test_lookups(fw):
    assert fw.factor(7) is fw.factor("RF7") is fw.factor("rf7") is fw.factor("7")
    assert fw.indicator("13.4").risk_factor == 13
    with pytest.raises(UnknownRiskFactor, match="framework.toml"):
        fw.factor(15)
    with pytest.raises(UnknownIndicator, match="99.1"):
        fw.indicator("99.1")


def test_objects_are_immutable(fw):
    with pytest.raises(AttributeError):
        fw.factors[0].weight = 3.0
    with pytest.raises(AttributeError):
        fw.indicators[0].label = "x"


def test_framework_loader_imports_no_other_vigil_package():
    # The framework itself (loader and objects) stands alone; scoring beside it may read the warehouse.
    folder = Path(risk_framework.__file__).parent
    source = "\n".join((folder / name).read_text() for name in ("__init__.py", "framework.py"))
    imported = {
        (node.module if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]
        for node in ast.walk(ast.parse(source))
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    }
    assert not imported & ((set(PACKAGES) | {"store"}) - {"risk_framework"})


# ------------------------------------------------------------------ against the reference note


def _reference_ids(text: str) -> set[str]:
    bold = set(re.findall(r"\*\*(\d+\.\d+)\*\*", text))
    working = text[text.index("## Working list"):]
    tokens = set(re.findall(r"(?<![\d.])(\d{1,2}\.\d{1,2})(?!\d)", working))
    return {i for i in bold | tokens if 1 <= int(i.split(".")[0]) <= 14}


def test_every_reference_indicator_is_present(fw):
    if not REFERENCE.exists():
        pytest.skip(f"{REFERENCE} not present (../shared is optional)")
    text = REFERENCE.read_text(encoding="utf-8")
    ids = _reference_ids(text)
    assert len(ids) > 100
    assert ids <= {i.id for i in fw.indicators}

    # Bold quoted entries are "partial", except the fragments the note says break off.
    entries = re.finditer(r"^\s*- \*\*(\d+\.\d+)\*\* (.*)$", text, re.MULTILINE)
    quoted = {m.group(1) for m in entries if "breaks off" not in m.group(2)}
    assert quoted == PARTIAL

    # RF11, RF12 and RF14 are lists of themes: one provisional indicator per theme.
    for code in ("RF11", "RF12", "RF14"):
        block = text[text.index(f"**{code} ", text.index("## Working list")):]
        themes = re.search(r"^themes: (.*)$", block, re.MULTILINE).group(1).split(" · ")
        assert len(fw.factor(code).indicators) == len(themes), code


# ------------------------------------------------------------------ versioning and malformed copies


def _write(tmp_path: Path, text: str, name: str = "framework.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_full_version_tracks_file_content(tmp_path, shipped_text, fw):
    first = load_framework(_write(tmp_path, shipped_text))
    assert first.full_version == fw.full_version
    second = load_framework(_write(tmp_path, shipped_text + "\n# edited\n"))
    assert second.version == first.version
    assert second.digest != first.digest and second.full_version != first.full_version


def _edit_indicator(text: str, ind_id: str, old: str, new: str) -> str:
    """Replace `old` with `new` once inside the block of indicator `ind_id`."""
    start = text.index(f'id = "{ind_id}"\n')
    end = text.find("[[", start)
    block = text[start:end]
    assert old in block
    return text[:start] + block.replace(old, new, 1) + text[end:]


def _drop_factor(text: str, code: str) -> str:
    blocks = text.split("[[risk_factor]]\n")
    return "[[risk_factor]]\n".join(b for b in blocks if not b.startswith(f'id = {code[2:]}\ncode = "{code}"'))


def _edit_factor(text: str, code: str, old: str, new: str) -> str:
    start = text.index(f'code = "{code}"\n')
    end = text.index("[[risk_factor.indicator]]", start)
    assert old in text[start:end]
    return text[:start] + text[start:end].replace(old, new, 1) + text[end:]


MALFORMED = {
    "missing factor": (lambda t: _drop_factor(t, "RF5"), r'risk_factor\[4\] \(code "RF6"\).*out of order'),
    "duplicate id": (
        lambda t: _edit_indicator(t, "4.3", 'id = "4.3"', 'id = "4.2"'),
        r'risk_factor\[3\]\.indicator\[2\] \(id "4\.2"\): duplicate',
    ),
    "wrong prefix": (
        lambda t: _edit_indicator(t, "4.3", 'id = "4.3"', 'id = "5.3"'),
        r'risk_factor\[3\]\.indicator\[2\] \(id "5\.3"\).*RF4',
    ),
    "weight out of range": (
        lambda t: _edit_indicator(t, "4.3", "weight = 1.0", "weight = 7.5"),
        r'risk_factor\[3\]\.indicator\[2\] \(id "4\.3"\): weight 7\.5 is outside',
    ),
    "unknown key": (
        lambda t: _edit_indicator(t, "4.3", "weight =", "wieght ="),
        r'risk_factor\[3\]\.indicator\[2\] \(id "4\.3"\): unknown key.*wieght',
    ),
    "bad verified": (
        lambda t: _edit_indicator(t, "4.3", 'verified = "false"', "verified = false"),
        r'indicator\[2\] \(id "4\.3"\): verified must be the string',
    ),
    "bad toml": (lambda t: t + "\nthis is = = not toml\n", r"invalid TOML: .*line"),
    "specific factor with two crimes": (
        lambda t: _edit_factor(t, "RF10", 'crimes = ["genocide"]', 'crimes = ["genocide", "war_crimes"]'),
        r'risk_factor\[9\] \(code "RF10"\): a specific factor applies to exactly one crime',
    ),
    "common factor wrong kind": (
        lambda t: _edit_factor(t, "RF2", 'kind = "common"', 'kind = "specific"'),
        r'risk_factor\[1\] \(code "RF2"\): kind',
    ),
    "infinite weight": (
        lambda t: _edit_factor(t, "RF3", "weight = 1.0", "weight = inf"),
        r'risk_factor\[2\] \(code "RF3"\): weight inf',
    ),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_copies_fail_clearly(tmp_path, shipped_text, case):
    edit, pattern = MALFORMED[case]
    path = _write(tmp_path, edit(shipped_text), name=f"{case.replace(' ', '_')}.toml")
    with pytest.raises(FrameworkError) as info:
        load_framework(path)
    message = str(info.value)
    assert message.startswith(f"{path}: "), message
    assert re.search(pattern, message), message


def test_missing_file(tmp_path):
    with pytest.raises(FrameworkError, match="cannot read file"):
        load_framework(tmp_path / "absent.toml")


# ------------------------------------------------------------------ CLI


@pytest.fixture
def run():
    from vigil.commands.framework import register

    app = typer.Typer()
    register(app)

    @app.callback()
    def _root() -> None:
        """Test root."""

    runner = CliRunner()
    return lambda *args: runner.invoke(app, [str(a) for a in args])


def test_cli_show_table(run, fw):
    result = run("framework", "show")
    assert result.exit_code == 0, result.output
    assert "RF14" in result.stdout and fw.full_version in result.stdout


def test_cli_show_one_factor_table(run):
    result = run("framework", "show", "rf9")
    assert result.exit_code == 0, result.output
    assert "9.6" in result.stdout and "partial" in result.stdout


def test_cli_show_json(run, fw):
    result = run("framework", "show", "RF7", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["full_version"] == fw.full_version
    [factor] = data["factors"]
    assert factor["code"] == "RF7"
    assert [i["id"] for i in factor["indicators"]] == [f"7.{n}" for n in range(1, 15)]
    everything = json.loads(run("framework", "show", "--format", "json").stdout)
    assert sum(len(f["indicators"]) for f in everything["factors"]) == EXPECTED_INDICATORS


def test_cli_show_unknown_factor(run):
    result = run("framework", "show", "99")
    assert result.exit_code == 2
    assert "no risk factor" in result.stderr


def test_cli_validate(run, tmp_path, shipped_text):
    good = _write(tmp_path, shipped_text, "good.toml")
    result = run("framework", "validate", good)
    assert result.exit_code == 0, result.output
    assert f"valid (14 risk factors, {EXPECTED_INDICATORS} indicators, version 2014-vigil.1+" in result.stdout

    bad = _write(tmp_path, _edit_indicator(shipped_text, "4.3", "weight =", "wieght ="), "bad.toml")
    result = run("framework", "validate", bad)
    assert result.exit_code == 1
    assert str(bad) in result.stderr and "wieght" in result.stderr


def test_cli_show_with_bad_file(run, tmp_path):
    result = run("framework", "show", "--file", _write(tmp_path, "x = = 1"))
    assert result.exit_code == 1
    assert "invalid TOML" in result.stderr


# ------------------------------------------------------------------ single source of truth


def test_docs_table_is_generated_from_the_file(fw):
    from vigil.commands.framework import markdown_table

    docs = (REPO / "docs" / "framework.md").read_text(encoding="utf-8")
    assert markdown_table(fw) in docs, "regenerate with `vigil framework show --format markdown`"


def _string_constants(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return [text]
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def test_no_framework_names_hard_coded_elsewhere(fw):
    names = [f.title for f in fw.factors] + [i.label for i in fw.indicators]
    offenders = []
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            if ".venv" in path.parts:
                continue
            for literal in _string_constants(path):
                offenders += [f"{path.relative_to(REPO)}: {name!r}" for name in names if name in literal]
    assert not offenders, "read these from risk_framework instead:\n" + "\n".join(offenders)
