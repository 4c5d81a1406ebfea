"""The Prefect `tag` flow: countries and indicator evidence for every document the current model has not tagged.

The flow reads documents in batches (one short read-only query each), submits ONE task per batch that only
computes (`models.store_tagging.tag_records`: records in, picklable DataFrames out, no database), and writes each
batch's rows itself in one transaction (the single writer). At most `in_flight` batches are computed at a time,
so memory stays bounded; with `DaskTaskRunner` the batches run on the workers in parallel. `vigil tag` does the
same without Prefect.
"""

from __future__ import annotations

from prefect import flow, get_run_logger, task


@task(name="tag-batch", retries=0)
def tag_batch_task(records: list[dict], min_confidence: float | None = None) -> dict:
    """Pure computation: tag one batch of document records and return the rows to write."""
    from models.store_tagging import tag_records

    return tag_records(records, min_confidence)


@flow(name="tag", log_prints=False)
def tag_flow(db: str, batch_size: int | None = None, min_confidence: float | None = None, in_flight: int = 2) -> dict:
    """Tag every document of the DuckDB file `db` not yet tagged by the current model; returns counts."""
    from models.store_tagging import read_untagged, write_batch
    from models.tagger import default_tagger
    from vigil.settings import load_settings

    logger = get_run_logger()
    cfg = load_settings().tagging
    size = batch_size or cfg.batch_size
    min_conf = cfg.min_confidence if min_confidence is None else min_confidence
    version = default_tagger().version
    pending: list = []
    after, docs, evidence, batches = "", 0, 0, 0

    def drain_one() -> None:
        nonlocal docs, evidence
        rows = pending.pop(0).result()
        evidence += write_batch(db, rows)
        docs += len(rows["ids"])

    while True:
        batch = read_untagged(db, version, after, size)
        if not batch:
            break
        after = batch[-1]["id"]
        pending.append(tag_batch_task.submit(batch, min_conf))
        batches += 1
        if len(pending) >= max(1, in_flight):
            drain_one()
    while pending:
        drain_one()
    logger.info("tagged %s documents in %s batches: %s evidence rows (model %s)", docs, batches, evidence, version)
    return {"documents": docs, "batches": batches, "evidence": evidence, "model_version": version}


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="Run the tag flow once.")
    ap.add_argument("--db", required=True)
    ap.add_argument("--batch-size", type=int)
    args = ap.parse_args()
    print(tag_flow(args.db, args.batch_size))
