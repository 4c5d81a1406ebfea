"""The weekly digest rendered from a real DuckDB file: sections, evidence, escaping, archive, empty weeks."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pandas as pd
import pytest
from markupsafe import escape

from reports.digest import DigestOptions, build_digest
from reports.weeks import WeekError, last_complete_week, parse_week, resolve_week, week_label
from tests.support.report_rows import HOSTILE, WEEK, WEEK_LABEL, seed


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)


def test_weeks():
    assert parse_week("2026-W47") == date(2026, 11, 16)
    assert week_label(date(2026, 11, 16)) == "2026-W47"
    assert week_label(parse_week("2027-W01")) == "2027-W01"
    assert last_complete_week(date(2026, 11, 26)) == date(2026, 11, 16)
    assert last_complete_week(date(2026, 11, 23)) == date(2026, 11, 16)   # a Monday: last week just ended
    assert resolve_week(date(2026, 11, 19)) == resolve_week(pd.Timestamp("2026-11-16")) == date(2026, 11, 16)
    for bad in ("2026-47", "2026-W54", "W47", ""):
        with pytest.raises(WeekError, match="ISO week"):
            parse_week(bad)


def test_digest_sections_and_evidence(db_path):
    seed(db_path)
    d = build_digest(db_path, WEEK_LABEL, DigestOptions(evidence_per_country=3, base_url="https://vigil.example"))
    assert d.week == WEEK and not d.empty and not d.context["demo"]
    # order: alerts, then level changes, then the level >= 3 table
    md = d.markdown
    a, c, t = md.index("## New and escalated alerts (1)"), md.index("## Level changes (1)"), md.index("## Countries at level 3")
    assert a < c < t
    assert "Sudan (SDN) — escalation, escalated 3 Elevated → 4 High" in md
    assert "Haiti (HTI): level 3 Elevated → 2 Moderate (down)" in md
    table = md[t:]
    assert "[Sudan](<https://vigil.example/country?iso3=SDN>) | **4 High** | 3 Elevated" in table
    assert "Myanmar" in table and "Haiti" not in table and "Norway" not in table
    # the alert's cited evidence comes first, with outlet, date, link and indicator label
    alert = d.context["alerts"][0]
    assert [e["outlet"] for e in alert["evidence"][:2]] == ["Radio Dabanga", "UN News"]
    first = alert["evidence"][1]
    assert first["date"] == "2026-11-18" and first["url"] == "https://news.example.org/sdn/2"
    assert first["indicator"] and first["indicator"] != first["indicator_id"]
    assert len(alert["evidence"]) == 3
    # structural risk where the table has the country, "not available" elsewhere
    assert "structural risk 0.231 (rank 2 of 2, 2026)" in md
    assert "structural risk not available" in md
    for body in (d.text, d.html):
        assert "Sudan" in body and "UN News" in body and "https://vigil.example/country?iso3=SDN" in body
    assert "DEMO" not in d.subject and "Demo data" not in d.html


def test_html_is_self_contained_and_escaped(db_path):
    seed(db_path, synthetic=True)
    d = build_digest(db_path, WEEK_LABEL, DigestOptions(evidence_per_country=5))
    assert HOSTILE not in d.html and "<script" not in d.html.lower()
    assert str(escape(HOSTILE)) in d.html
    parser = _Tags()
    parser.feed(d.html)
    assert not {"script", "img", "link", "iframe", "style"} & set(parser.tags)
    hrefs = [v for k, v in parser.attrs if k in ("href", "src")]
    assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs)   # javascript: link dropped
    assert "Evil Feed" in d.html
    # Markdown escapes the same sentence so it cannot inject HTML or links
    assert "<script>" not in d.markdown and r"\<script\>" in d.markdown
    # the synthetic corpus is flagged everywhere
    assert d.subject.startswith("[DEMO DATA]")
    assert "Demo data." in d.html and "DEMO DATA" in d.text and "**Demo data.**" in d.markdown


def test_empty_week_is_a_short_no_changes_digest(db_path, tmp_path):
    d = build_digest(db_path, "2026-W10")
    assert d.empty and d.subject.endswith("no changes")
    assert "No changes this week" in d.text and "No changes this week" in d.markdown and "No changes" in d.html
    paths = d.write(tmp_path / "out")
    assert sorted(p.name for p in paths.values()) == ["2026-W10.html", "2026-W10.md", "2026-W10.txt"]


def test_cli_writes_archive(db_path, tmp_path, cli):
    seed(db_path)
    out = tmp_path / "digests"
    res = cli(["digest", "--db", db_path, "--week", WEEK_LABEL, "--out", out])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.iterdir()) == [f"{WEEK_LABEL}.html", f"{WEEK_LABEL}.md", f"{WEEK_LABEL}.txt"]
    assert "Radio Dabanga" in (out / f"{WEEK_LABEL}.txt").read_text()
    bad = cli(["digest", "--db", db_path, "--week", "2026-47", "--out", out])
    assert bad.exit_code == 2 and "not an ISO week: '2026-47'" in bad.output
