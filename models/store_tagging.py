"""Tag documents in the warehouse: read a batch, tag it, write it back in one transaction.

Reading and writing are separate short connections (DuckDB lets one writer hold the file), so the tagging in
between holds no connection. A document is (re)tagged when its `tag_version` differs from the tagger's model
version. Writing a batch deletes the batch's previous `evidence` and `document_countries` rows and inserts the
new ones in the same transaction, so re-tagging replaces a document's evidence atomically, and re-running is
idempotent: `evidence.id` is a hash of ``document_id|sentence_start|indicator|model_version``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

SELECT_BATCH = """
SELECT id, doc_key, text, title, language FROM documents
WHERE tag_version IS DISTINCT FROM ? AND id > ?
ORDER BY id LIMIT ?
"""


def evidence_id(document_id: str, sentence_start: int, indicator: str, model_version: str) -> str:
    """Deterministic evidence id (32 hex digits)."""
    key = f"{document_id}|{sentence_start}|{indicator}|{model_version}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def read_untagged(db: str | Path, model_version: str, after: str = "", limit: int = 256) -> list[dict]:
    """One batch of documents not tagged by `model_version`, with ids greater than `after` (keyset paging)."""
    from store import read_df

    df = read_df(db, SELECT_BATCH, [model_version, after, int(limit)])
    return [
        {"id": r.id, "doc_key": None if pd.isna(r.doc_key) else int(r.doc_key), "text": r.text,
         "title": r.title if isinstance(r.title, str) else None,
         "language": r.language if isinstance(r.language, str) else None}
        for r in df.itertuples(index=False)
    ]


def iter_untagged(db: str | Path, model_version: str, batch_size: int = 256) -> Iterator[list[dict]]:
    """Batches of untagged documents, one short read-only query per batch."""
    after = ""
    while batch := read_untagged(db, model_version, after, batch_size):
        yield batch
        after = batch[-1]["id"]


def result_frames(results: list[dict], model_version: str, framework_version: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`evidence` and `document_countries` rows for tagged documents (pure; safe to run in a worker)."""
    ev, dc = [], []
    for res in results:
        doc = res["id"]
        for h in res["hits"]:
            ev.append({
                "id": evidence_id(doc, h["sentence_start"], h["indicator"], model_version),
                "document_id": doc, "iso3": h["iso3"], "indicator_id": h["indicator"],
                "risk_factor": int(h["risk_factor"]), "confidence": float(h["confidence"]), "method": h["method"],
                "sentence": h["sentence"], "sentence_start": int(h["sentence_start"]),
                "sentence_end": int(h["sentence_end"]), "span_start": int(h["start"]), "span_end": int(h["end"]),
                "cues": list(h.get("cues") or []), "model_version": model_version,
                "framework_version": framework_version,
            })
        for c in res["countries"]:
            dc.append({"document_id": doc, "iso3": c["iso3"], "mentions": int(c["mentions"]),
                       "score": float(c["score"]), "is_primary": c["iso3"] == res["primary_iso3"],
                       "model_version": model_version})
    ev_cols = ["id", "document_id", "iso3", "indicator_id", "risk_factor", "confidence", "method", "sentence",
               "sentence_start", "sentence_end", "span_start", "span_end", "cues", "model_version", "framework_version"]
    dc_cols = ["document_id", "iso3", "mentions", "score", "is_primary", "model_version"]
    return pd.DataFrame(ev, columns=ev_cols), pd.DataFrame(dc, columns=dc_cols)


def tag_records(records: list[dict], min_confidence: float | None = None) -> dict:
    """Tag one batch of document records with the process-wide tagger; returns picklable rows for `write_batch`."""
    from models.tagger import default_tagger

    tagger = default_tagger()
    if min_confidence is not None and min_confidence != tagger.cfg.min_confidence:
        from dataclasses import replace

        tagger.cfg = replace(tagger.cfg, min_confidence=min_confidence)
    results = tagger.tag_batch(records)
    ev, dc = result_frames(results, tagger.version, tagger.framework_version)
    return {"ids": [r["id"] for r in records], "doc_keys": [r.get("doc_key") for r in records], "evidence": ev,
            "countries": dc, "model_version": tagger.version}


def write_batch(db: str | Path, rows: dict) -> int:
    """Replace the batch's evidence and countries and mark its documents tagged, in one transaction."""
    from store import insert_df, open_db, transaction

    ids = rows["ids"]
    if not ids:
        return 0
    now = datetime.now(UTC).replace(tzinfo=None)
    id_frame = pd.DataFrame({"id": ids})
    # the keys were read with the documents: the inserts look them up in this batch, not in all of documents
    doc_keys = rows.get("doc_keys") or []
    keys = (pd.DataFrame({"document_id": ids, "doc_key": pd.array(doc_keys, dtype="Int64")})
            if len(doc_keys) == len(ids) and None not in doc_keys else None)
    with open_db(db) as con, transaction(con):
        con.register("_vigil_tag_ids", id_frame)
        try:
            con.execute("DELETE FROM evidence WHERE document_id IN (SELECT id FROM _vigil_tag_ids)")
            con.execute("DELETE FROM document_countries WHERE document_id IN (SELECT id FROM _vigil_tag_ids)")
            insert_df(con, "evidence", rows["evidence"], document_keys=keys)
            insert_df(con, "document_countries", rows["countries"], document_keys=keys)
            con.execute(
                "UPDATE documents SET tagged_at = ?, tag_version = ? WHERE id IN (SELECT id FROM _vigil_tag_ids)",
                [now, rows["model_version"]],
            )
        finally:
            con.unregister("_vigil_tag_ids")
    return len(rows["evidence"])


def tag_database(db: str | Path, batch_size: int = 256, min_confidence: float | None = None,
                 progress=None) -> dict:
    """Tag every document not yet tagged by the current model; returns counts."""
    from models.tagger import default_tagger

    version = default_tagger().version
    docs = evidence = 0
    for batch in iter_untagged(db, version, batch_size):
        rows = tag_records(batch, min_confidence)
        evidence += write_batch(db, rows)
        docs += len(batch)
        if progress:
            progress(docs, evidence)
    return {"documents": docs, "evidence": evidence, "model_version": version}
