"""`vigil tag` without a database (JSONL in/out, bad lines) and on a real DuckDB file (rows, versions, idempotence,
atomic replacement after a model change)."""

from __future__ import annotations

import json
from datetime import datetime

import pandas as pd
import pytest

from store import insert_df, open_db, read_df, transaction

DOCS = [
    {"id": "d1", "text": "Armed men killed nine villagers near Mopti in central Mali on Sunday, officials said."},
    {"id": "d2", "title": "Hospital shelled", "text": "Soldiers shelled the main hospital in Kadugli, Sudan, killing patients."},
    {"id": "d3", "language": "fr", "text": "Le gouvernement tchadien a décrété l'état d'urgence et coupé internet."},
    {"id": "d4", "text": "The home side won the cup final 2-1 in front of a record crowd."},
]


@pytest.fixture(scope="module")
def tagger():
    from models.tagger import default_tagger

    return default_tagger()


def test_tag_jsonl_skips_bad_lines_with_line_numbers(cli, tmp_path, tagger):
    src = tmp_path / "docs.jsonl"
    lines = [json.dumps(DOCS[0]), "{not json", json.dumps({"id": "x", "title": "no text"}), json.dumps(DOCS[1]),
             "", json.dumps(DOCS[2]), json.dumps(DOCS[3])]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "tags.jsonl"
    res = cli(["tag", "--input", src, "--output", out])
    assert res.exit_code == 0, res.output
    assert f"{src}:2: skipped: invalid JSON" in res.stderr
    assert f"{src}:3: skipped: missing or non-string 'text'" in res.stderr
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["d1", "d2", "d3", "d4"]
    by = {r["id"]: r for r in rows}
    assert by["d1"]["primary_iso3"] == "MLI" and {h["risk_factor"] for h in by["d1"]["hits"]} & {11, 13}
    assert 13 in {h["risk_factor"] for h in by["d2"]["hits"]}
    assert by["d3"]["language"] == "fr" and 7 in {h["risk_factor"] for h in by["d3"]["hits"]}
    assert not {h["risk_factor"] for h in by["d4"]["hits"]} & set(range(7, 15))
    for r in rows:
        text = next(d["text"] for d in DOCS if d["id"] == r["id"])
        for h in r["hits"]:
            assert text[h["sentence_start"]:h["sentence_end"]] == h["sentence"]
            assert isinstance(h["risk_factor"], int)


def _insert_documents(db):
    now = datetime(2026, 11, 20, 12)
    rows = [{"id": d["id"], "source": "test", "title": d.get("title"), "text": d["text"], "text_source": "feed",
             "language": d.get("language"), "fetched_at": now, "content_hash": d["id"], "story_id": d["id"]}
            for d in DOCS]
    with open_db(db) as con, transaction(con):
        insert_df(con, "documents", pd.DataFrame(rows))


def _evidence(db) -> pd.DataFrame:
    return read_df(db, "SELECT id, document_id, indicator_id, risk_factor, confidence, model_version, "
                       "framework_version FROM evidence ORDER BY id")


def test_tag_database_idempotent_and_replaces_on_model_change(cli, db_path, tagger):
    _insert_documents(db_path)
    res = cli(["tag", "--db", db_path])
    assert res.exit_code == 0, res.output
    ev = _evidence(db_path)
    assert len(ev) > 0 and set(ev.document_id) >= {"d1", "d2", "d3"}
    assert (ev.model_version == tagger.version).all()
    assert (ev.framework_version == tagger.framework_version).all()
    docs = read_df(db_path, "SELECT id, tag_version, tagged_at FROM documents ORDER BY id")
    assert (docs.tag_version == tagger.version).all() and docs.tagged_at.notna().all()
    dc = read_df(db_path, "SELECT * FROM document_countries WHERE is_primary")
    assert dict(zip(dc.document_id, dc.iso3))["d1"] == "MLI"
    for table in ("evidence", "document_countries"):  # keys read with the batch, written with its rows
        wrong = read_df(db_path, f"SELECT count(*) AS n FROM {table} t JOIN documents d ON d.id = t.document_id "
                                 "WHERE t.doc_key IS DISTINCT FROM d.doc_key").n[0]
        assert wrong == 0, table

    # a second run finds nothing to do and changes nothing
    res = cli(["tag", "--db", db_path])
    assert "tagged 0 document(s)" in res.output
    pd.testing.assert_frame_equal(_evidence(db_path), ev)

    # after a model change (simulated by an old tag_version and old rows), re-tagging replaces each document's rows
    with open_db(db_path) as con, transaction(con):
        con.execute("UPDATE documents SET tag_version = 'old-model' WHERE id IN ('d1', 'd2')")
        con.execute("UPDATE evidence SET model_version = 'old-model', id = 'old-' || id WHERE document_id = 'd1'")
    res = cli(["tag", "--db", db_path])
    assert "tagged 2 document(s)" in res.output, res.output
    after = _evidence(db_path)
    assert not after.id.str.startswith("old-").any()
    assert (after.model_version == tagger.version).all()
    pd.testing.assert_frame_equal(after, ev)


def test_write_batch_is_atomic(db_path, tagger):
    from models.store_tagging import read_untagged, tag_records, write_batch

    _insert_documents(db_path)
    rows = tag_records(read_untagged(db_path, tagger.version, "", 10))
    rows["evidence"] = pd.concat([rows["evidence"], rows["evidence"].iloc[:1]])  # duplicate primary key -> fails
    with pytest.raises(Exception, match="(?i)constraint|duplicate"):
        write_batch(db_path, rows)
    assert read_df(db_path, "SELECT count(*) AS n FROM evidence").n[0] == 0
    assert read_df(db_path, "SELECT count(*) AS n FROM documents WHERE tag_version IS NOT NULL").n[0] == 0


def test_evidence_id_is_deterministic():
    from models.store_tagging import evidence_id

    a = evidence_id("doc", 10, "11.4", "m1")
    assert a == evidence_id("doc", 10, "11.4", "m1") and len(a) == 32
    assert a != evidence_id("doc", 10, "11.4", "m2") != evidence_id("doc", 11, "11.4", "m1")
