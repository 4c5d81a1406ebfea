"""Advisory-note drafts from a real DuckDB file: Markdown footnotes, DOCX re-opened with python-docx, courses of action."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from lxml import etree

from reports.notes import NoteError, NoteOptions, draft_note, render_note
from risk_framework import default_framework
from risk_framework.courses import CoursesOfActionError, load_courses
from tests.support.report_rows import WEEK_LABEL, seed

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OPTS = NoteOptions(to="Special Adviser", sender="Analyst desk", base_url="https://vigil.example")


def _footnote_ids(doc) -> tuple[list[int], list[str]]:
    """(ids referenced in the body, texts of the footnotes defined) from the saved DOCX."""
    refs = [int(el.get(f"{W}id")) for el in doc.element.body.iter(f"{W}footnoteReference")]
    parts = [p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/footnotes.xml"]
    assert len(parts) == 1
    root = etree.fromstring(parts[0].blob)
    texts = ["".join(fn.itertext()).strip() for fn in root.iter(f"{W}footnote") if int(fn.get(f"{W}id")) > 0]
    return refs, texts


def test_docx_reopens_with_sections_footnotes_chart_and_draft_mark(db_path):
    seed(db_path)
    body = render_note(db_path, "sdn", WEEK_LABEL, "docx", OPTS)
    doc = Document(io.BytesIO(body))
    text = "\n".join(p.text for p in doc.paragraphs)
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["Sudan: advisory note, week 2026-W47", "Summary", "Analysis by risk factor"]
    assert headings[-2:] == ["Mitigating factors", "Suggested courses of action"]
    fw = default_framework()
    factor_headings = [h for h in headings if re.match(r"RF\d+: ", h)]
    assert len(factor_headings) == 4
    assert all(h == f"{fw.factor(h.split(':')[0]).code}: {fw.factor(h.split(':')[0]).title}" for h in factor_headings)
    # heading block and draft marking (in the body and in the page header)
    memo = {r.cells[0].text: r.cells[1].text for r in doc.tables[0].rows}
    assert memo["To"] == "Special Adviser" and memo["From"] == "Analyst desk" and memo["Date"]
    assert memo["Subject"] == "Sudan: atrocity-risk assessment for week 2026-W47 (level 4)"
    assert doc.paragraphs[0].text.startswith("DRAFT — for review")
    assert "DRAFT — for review" in doc.sections[0].header.paragraphs[0].text
    # real footnotes: one per citation (Word numbers them by reference); every reference resolves to one footnote
    refs, notes = _footnote_ids(doc)
    assert refs == list(range(1, len(notes) + 1))
    md = render_note(db_path, "SDN", WEEK_LABEL, "md", OPTS).decode()
    assert len(notes) == len(re.findall(r"\[\^\d+\](?!:)", md)) == 10   # 5 quotes, 2 for the alert, 3 in the summary
    assert len(set(notes)) == 5                                       # citing 5 documents
    assert any("Radio Dabanga, 17 November 2026" in n and "https://example.org/sdn/1" in n for n in notes)
    assert not any("javascript:" in n for n in notes)      # unsafe URL dropped, outlet and date kept
    assert any(n.startswith("Evil Feed, 20 November 2026") for n in notes)
    # the trend chart is an embedded PNG
    images = [p for p in doc.part.package.iter_parts() if p.content_type == "image/png"]
    assert len(images) == 1 and images[0].blob[:8] == b"\x89PNG\r\n\x1a\n" and len(images[0].blob) > 5000
    # summary: level and trend, structural risk; courses of action for factors present only
    assert "Vigil rates Sudan at level 4 (High) in week 2026-W47" in text and "up from level 3 (Elevated)" in text
    assert "Structural risk: 0.231, ranked 2 of 2" in text
    courses = load_courses(fw)
    assert courses.for_factor(13)[0] in text
    assert not any(a in text for a in courses.for_factor(10))
    assert "Evidence is thin" not in text


def test_markdown_footnotes_resolve_and_thin_evidence_is_flagged(db_path):
    seed(db_path, with_structural=False)
    md = render_note(db_path, "MMR", WEEK_LABEL, "md", OPTS).decode()
    assert md.startswith("**DRAFT — for review**")
    assert "Evidence is thin: 1 tagged sentence(s) from 1 outlet(s)" in md
    assert "Structural risk: not available" in md
    used = set(re.findall(r"\[\^(\d+)\](?!:)", md))
    defined = set(re.findall(r"^\[\^(\d+)\]: ", md, flags=re.MULTILINE))
    assert used == defined == {"1"}
    assert "[^1]: Irrawaddy, 18 November 2026" in md and "<https://mm.example.org/5>" in md
    assert "](data:image/png;base64,iVBOR" in md          # the chart travels inside the file
    for heading in ("## Summary", "## Analysis by risk factor", "## Mitigating factors", "## Suggested courses of action"):
        assert heading in md


def test_every_quoted_sentence_is_cited(db_path):
    seed(db_path)
    md = render_note(db_path, "SDN", WEEK_LABEL, "md", OPTS).decode()
    quotes = [line for line in md.splitlines() if line.strip().startswith("- “")]
    assert len(quotes) == 5 and all(re.search(r"”\[\^\d+\]$", q) for q in quotes)
    assert r"\<script\>" in md and "<script>" not in md


def test_dashboard_call_with_a_week_date(db_path):
    """The dashboard passes the selected week as a Timestamp and relies on the settings for the rest."""
    import pandas as pd

    seed(db_path)
    md = draft_note(db_path, "SDN", week=pd.Timestamp("2026-11-16"), fmt="md").decode()
    assert "Sudan: advisory note, week 2026-W47" in md


def test_country_without_evidence_says_so(db_path):
    md = draft_note(db_path, "NOR", "2026-W47", "md", OPTS).decode()
    assert "Evidence is absent" in md and "No evidence matched framework indicators" in md
    assert "no course of action is suggested" in md and "[^" not in md
    docx = Document(io.BytesIO(draft_note(db_path, "NOR", "2026-W47", "docx", OPTS)))
    assert _footnote_ids(docx) == ([], [])


def test_bad_requests_fail_clearly(db_path):
    with pytest.raises(NoteError, match="unknown country code 'XXX'"):
        draft_note(db_path, "XXX", WEEK_LABEL, "md", OPTS)
    with pytest.raises(NoteError, match="unknown note format 'pdf'"):
        draft_note(db_path, "SDN", WEEK_LABEL, "pdf", OPTS)


def test_courses_of_action_validated_on_load(tmp_path):
    fw = default_framework()
    shipped = load_courses(fw)
    assert shipped.version and set(shipped.actions) <= {f.id for f in fw.factors} and shipped.mitigating_factors
    bad = tmp_path / "coa.toml"
    bad.write_text('version = "x"\n[[risk_factor]]\nid = 99\nactions = ["a"]\n')
    with pytest.raises(CoursesOfActionError, match="unknown risk factor id 99"):
        load_courses(fw, bad)
    bad.write_text('version = "x"\n[[risk_factor]]\nid = 3\nactions = [""]\n')
    with pytest.raises(CoursesOfActionError, match="id 3"):
        load_courses(fw, bad)


def test_cli_note_writes_docx_and_markdown_with_chart(db_path, tmp_path, cli):
    seed(db_path)
    out = tmp_path / "sdn.docx"
    res = cli(["note", "SDN", "--db", db_path, "--week", WEEK_LABEL, "--format", "docx", "--out", out])
    assert res.exit_code == 0, res.output
    assert Document(str(out)).paragraphs[0].text.startswith("DRAFT")
    md = tmp_path / "sdn.md"
    res = cli(["note", "SDN", "--db", db_path, "--week", WEEK_LABEL, "--out", md])
    assert res.exit_code == 0, res.output
    assert "![Weekly score and level](sdn.png)" in md.read_text()
    assert (tmp_path / "sdn.png").read_bytes()[:4] == b"\x89PNG"
    res = cli(["note", "ZZZ", "--db", db_path, "--week", WEEK_LABEL])
    assert res.exit_code == 2 and "unknown country code 'ZZZ'" in res.output
