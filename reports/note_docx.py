"""The advisory note as DOCX (python-docx), with real Word footnotes.

python-docx has no footnotes API, so the footnotes part (`word/footnotes.xml`) is built here from WordprocessingML:
the two separator footnotes Word expects, then one `w:footnote` per source, referenced from the text by
`w:footnoteReference` runs. Word and LibreOffice show them as ordinary footnotes at the foot of the page.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches, Pt, RGBColor

FOOTNOTES_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
DRAFT = "DRAFT — for review"
_RED = RGBColor(0xB4, 0x23, 0x18)

_SEPARATORS = f"""<w:footnotes {nsdecls('w')}>
<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
</w:footnotes>"""


class _Footnotes:
    """The document's footnotes part. Word numbers footnotes by reference, so every citation gets its own
    footnote (a source cited twice appears twice), unlike Markdown where `[^n]` may be reused."""

    def __init__(self, document, texts: dict[int, str]) -> None:
        main = document.part
        self._root = parse_xml(_SEPARATORS)
        part = XmlPart(PackURI("/word/footnotes.xml"), FOOTNOTES_CONTENT_TYPE, self._root, main.package)
        main.relate_to(part, RT.FOOTNOTES)
        self._texts = texts
        self._next = 1

    def cite(self, paragraph, sources) -> None:
        """Footnote references for source numbers `sources` at the end of `paragraph`, comma-separated."""
        for k, n in enumerate(sources):
            if k:
                paragraph.add_run(",").font.superscript = True
            fid = self._next
            self._next += 1
            self.define(fid, self._texts[n])
            self.reference(paragraph, fid)

    def reference(self, paragraph, fid: int) -> None:
        run = paragraph.add_run()
        rpr = OxmlElement("w:rPr")
        va = OxmlElement("w:vertAlign")
        va.set(qn("w:val"), "superscript")
        rpr.append(va)
        run._r.append(rpr)
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(fid))
        run._r.append(ref)

    def define(self, fid: int, text: str) -> None:
        fn = OxmlElement("w:footnote")
        fn.set(qn("w:id"), str(fid))
        p = OxmlElement("w:p")
        mark = OxmlElement("w:r")
        mark_pr = OxmlElement("w:rPr")
        va = OxmlElement("w:vertAlign")
        va.set(qn("w:val"), "superscript")
        mark_pr.append(va)
        mark.append(mark_pr)
        mark.append(OxmlElement("w:footnoteRef"))
        p.append(mark)
        body = OxmlElement("w:r")
        body_pr = OxmlElement("w:rPr")
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), "18")  # 9 pt
        body_pr.append(size)
        body.append(body_pr)
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = " " + text
        body.append(t)
        p.append(body)
        fn.append(p)
        self._root.append(fn)


def _source_text(s: dict) -> str:
    text = f"{s['outlet']}, {s['date']}"
    if s["title"]:
        text += f", “{s['title']}”"
    if s["url"]:
        text += f", {s['url']}"
    if s["synthetic"]:
        text += " (synthetic)"
    return text + "."


def _para(doc, text: str, refs=(), notes: _Footnotes | None = None, style: str | None = None, italic=False):
    p = doc.add_paragraph(style=style)
    run = p.add_run(text)
    run.italic = italic
    if refs:
        notes.cite(p, refs)
    return p


def note_docx(note) -> bytes:
    """Render a `reports.notes.Note` as DOCX bytes."""
    doc = Document()
    doc.core_properties.title = note.subject
    doc.core_properties.subject = f"DRAFT advisory note, {note.country}, {note.week}"
    doc.core_properties.author = "Vigil (draft)"
    notes = _Footnotes(doc, {s["n"]: _source_text(s) for s in note.sources})

    header = doc.sections[0].header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    hr = header.add_run(DRAFT)
    hr.bold = True
    hr.font.color.rgb = _RED

    mark = doc.add_paragraph()
    mr = mark.add_run(DRAFT)
    mr.bold = True
    mr.font.size = Pt(14)
    mr.font.color.rgb = _RED
    if note.demo:
        demo = mark.add_run("   Built on synthetic demo data: describes no real events.")
        demo.bold = True

    table = doc.add_table(rows=4, cols=2)
    table.style = "Table Grid"
    for row, (key, value) in zip(table.rows, (("To", note.to), ("From", note.sender), ("Date", note.date),
                                              ("Subject", note.subject))):
        row.cells[0].text = key
        row.cells[0].paragraphs[0].runs[0].bold = True
        row.cells[1].text = value

    doc.add_heading(f"{note.country}: advisory note, week {note.week}", level=1)
    doc.add_heading("Summary", level=2)
    if note.thin:
        p = doc.add_paragraph()
        r = p.add_run(note.thin)
        r.bold = True
    for para in note.summary:
        p = _para(doc, para["text"], para["refs"], notes)
        if para.get("data"):
            p.add_run(f" (Vigil scores: {para['data']})").italic = True
    doc.add_picture(io.BytesIO(note.chart_png), width=Inches(6.0))
    cap = doc.add_paragraph("Figure 1. Weekly score and level.")
    cap.runs[0].italic = True
    doc.add_paragraph(f"Country page: {note.link}")

    doc.add_heading("Analysis by risk factor", level=2)
    if not note.factors:
        doc.add_paragraph(f"No evidence matched framework indicators in {note.period}.")
    for f in note.factors:
        doc.add_heading(f"{f['code']}: {f['title']}", level=3)
        line = f"{f['count']} sentence(s) from {f['outlets']} outlet(s)"
        p = doc.add_paragraph(line + (", " if f["single_source"] else "."))
        if f["single_source"]:
            p.add_run("single outlet: uncorroborated.").bold = True
        for i in f["indicators"]:
            p = doc.add_paragraph(style="List Bullet")
            p.add_run(f"{i['id']} {i['label']}").bold = True
            p.add_run(f": {i['count']} sentence(s), {i['stories']} stor{'y' if i['stories'] == 1 else 'ies'}, "
                      f"{i['outlets']} outlet(s).")
            for q in i["quotes"]:
                qp = doc.add_paragraph(style="List Bullet 2")
                qp.add_run(f"“{q['sentence']}”").italic = True
                notes.cite(qp, [q["ref"]])

    doc.add_heading("Mitigating factors", level=2)
    for m in note.mitigating or [{"text": f"No information on mitigating factors in {note.period}.", "refs": []}]:
        _para(doc, m["text"], m["refs"], notes, style="List Bullet")

    doc.add_heading("Suggested courses of action", level=2)
    if note.courses:
        _para(doc, "For the risk factors present; suggestions kept in risk_framework/courses_of_action.toml "
                   f"(version {note.courses_version}) for the office to edit.", italic=True)
        for c in note.courses:
            doc.add_paragraph().add_run(f"{c['code']}: {c['title']}").bold = True
            for a in c["actions"]:
                doc.add_paragraph(a, style="List Bullet")
    else:
        doc.add_paragraph("No risk factor is evidenced in the period, so no course of action is suggested.")

    foot = doc.add_paragraph()
    foot.add_run("Drafted by Vigil from automated tagging against the UN Framework of Analysis for Atrocity Crimes"
                 + (f" ({note.versions})" if note.versions else "")
                 + ". Machine-selected evidence: verify every source before use.").italic = True

    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
