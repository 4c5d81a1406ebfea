"""End to end: `vigil demo --no-dashboard` on the synthetic corpus, through the real server, flows and reports."""

from __future__ import annotations

import subprocess
import sys

import pytest
from docx import Document

from store import read_df
from vigil.demo.corpus import build_corpus

ESCALATING, RUMOUR = "SDN", "MWI"


def _demo(db, out):
    return subprocess.run(
        [sys.executable, "-m", "vigil.cli", "demo", "--no-dashboard", "--db", str(db), "--out", str(out)],
        capture_output=True, text=True, timeout=1200, check=False,
    )


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    db = out / "demo.duckdb"
    first = _demo(db, out)
    assert first.returncode == 0, first.stderr[-3000:]
    docs_after_first = read_df(db, "SELECT count(*) n FROM documents").n[0]
    second = _demo(db, out)
    assert second.returncode == 0, second.stderr[-3000:]
    return {"db": db, "out": out, "first": first, "docs_after_first": docs_after_first}


def test_every_demo_source_delivered_documents(demo_run):
    corpus = build_corpus()
    per_source = read_df(demo_run["db"], "SELECT source, count(*) n FROM documents GROUP BY source")
    assert set(per_source.source) == {f"demo-{o.slug}" for o in corpus.outlets}
    assert per_source.n.min() > 0
    assert read_df(demo_run["db"], "SELECT bool_and(synthetic) s FROM documents").s[0]


def test_evidence_for_all_fourteen_risk_factors(demo_run):
    factors = set(read_df(demo_run["db"], "SELECT DISTINCT risk_factor FROM evidence").risk_factor)
    assert factors == set(range(1, 15))


def test_escalating_country_alerts_and_rumour_country_does_not(demo_run):
    alerts = read_df(demo_run["db"], "SELECT iso3, kind, week FROM alerts")
    assert ESCALATING in set(alerts.iso3)
    assert RUMOUR not in set(alerts.iso3)


def test_digest_and_docx_note_written(demo_run):
    out = demo_run["out"]
    digests = list((out / "digests").glob("*.html"))
    assert digests and digests[0].with_suffix(".md").exists() and digests[0].with_suffix(".txt").exists()
    assert "synthetic" in digests[0].read_text(encoding="utf-8").lower()
    notes = list((out / "notes").glob("*.docx"))
    assert len(notes) == 1
    text = "\n".join(p.text for p in Document(str(notes[0])).paragraphs)
    assert "DRAFT" in text


def test_second_run_adds_no_documents(demo_run):
    assert read_df(demo_run["db"], "SELECT count(*) n FROM documents").n[0] == demo_run["docs_after_first"]


def test_progress_and_paths_are_reported(demo_run):
    err = demo_run["first"].stderr
    for word in ("ingest", "tag", "score", "Digest", "Advisory note", "synthetic"):
        assert word in err
