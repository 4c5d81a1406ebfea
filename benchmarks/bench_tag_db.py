"""Database tagging throughput: the demo corpus's articles in a fresh DuckDB file, tagged by `vigil tag`'s code path.

    .venv/bin/python -m benchmarks.bench_tag_db                    # batches of tagging.batch_size (settings)
    .venv/bin/python -m benchmarks.bench_tag_db --batch-size 256

Builds a temporary DuckDB file holding the ~3,100 synthetic demo articles (`vigil.demo.corpus`), then runs
`models.store_tagging.tag_database` (what `vigil tag` and, one task per batch, the Prefect tag flow do) and prints
wall and CPU time split into reading batches, tagging and writing them. The tagger is loaded before the clock
starts (once per process, as in the flow).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

COMMAND = "python -m benchmarks.bench_tag_db"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--batch-size", type=int, help="documents per batch (default: tagging.batch_size)")
    args = ap.parse_args(argv)

    import pandas as pd

    import models.store_tagging as st
    from models.tagger import default_tagger
    from store import insert_df, open_db, transaction
    from vigil.demo.corpus import build_corpus
    from vigil.reference import sync_reference
    from vigil.settings import load_settings

    size = args.batch_size or load_settings().tagging.batch_size
    default_tagger()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        with open_db(db) as con:
            sync_reference(con)
        rows = [{"id": a.id, "source": a.outlet, "title": a.title, "text": "\n\n".join(a.paragraphs),
                 "text_source": "feed", "language": a.language, "fetched_at": datetime(2026, 1, 1),
                 "content_hash": a.id, "story_id": a.id} for a in build_corpus().articles]
        with open_db(db) as con, transaction(con):
            insert_df(con, "documents", pd.DataFrame(rows))
        words = sum(len(r["text"].split()) for r in rows)

        spent = {"read": 0.0, "tag": 0.0, "write": 0.0}
        for name, label in (("read_untagged", "read"), ("tag_records", "tag"), ("write_batch", "write")):
            fn = getattr(st, name)

            def timed(*a, _fn=fn, _label=label, **k):
                w0 = time.perf_counter()
                try:
                    return _fn(*a, **k)
                finally:
                    spent[_label] += time.perf_counter() - w0

            setattr(st, name, timed)
        c0, w0 = time.process_time(), time.perf_counter()
        res = st.tag_database(db, batch_size=size)
        cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    print(f"{res['documents']:,} documents, {words:,} words, {res['evidence']:,} evidence rows, batches of {size}")
    print(f"wall {wall:.1f} s (read {spent['read']:.1f} s, tag {spent['tag']:.1f} s, write {spent['write']:.1f} s), "
          f"CPU {cpu:.1f} s -> {words / wall:,.0f} words/s wall")
    print(f"\nreproduce: {COMMAND} --batch-size {size}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
