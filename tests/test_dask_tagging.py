"""The tag flow on a local two-worker Dask cluster (prefect-dask) stores the same evidence as the default runner."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta

import pandas as pd
import pytest

from store import insert_df, open_db, read_df, transaction
from tests.support.prefect import prefect_harness  # noqa: F401

pytest.importorskip("prefect_dask")

TEXTS = [
    "Militia fighters attacked a camp for displaced people near El Fasher in Sudan, killing at least 30 civilians. "
    "Witnesses said the gunmen targeted members of the Masalit community.",
    "Aid convoys bound for Darfur were blocked at checkpoints for a third week, the UN said. "
    "Humanitarian workers were detained by armed men in South Kordofan.",
    "In Myanmar, airstrikes hit a village in Sagaing region, and soldiers burned homes, residents said. "
    "Rohingya leaders warned of a campaign to drive their community out of Rakhine State.",
    "The government of Haiti declared a state of emergency as gangs seized control of more districts of "
    "Port-au-Prince. Journalists covering the clashes were threatened.",
    "A senior official in South Sudan called on radio for members of a rival ethnic group to be 'cleaned out' "
    "of the town. Armed youth were mobilised and weapons were distributed.",
    "Security forces in Ethiopia opened fire on protesters in Amhara, and hundreds were arrested without charge.",
    "Peacekeepers in the Democratic Republic of the Congo came under attack near Goma as M23 rebels advanced; "
    "thousands fled across the border.",
    "Parliament passed a law restricting the activities of foreign-funded NGOs, and independent newspapers were "
    "shut down ahead of the election in Nicaragua.",
]


def _documents(db) -> int:
    now = datetime(2026, 11, 20, 12)
    rows = [{
        "id": f"dask-doc-{i}", "source": "test", "outlet": f"Outlet {i % 3}", "url": f"https://example.org/{i}",
        "canonical_url": f"https://example.org/{i}", "title": f"Report {i}", "text": text, "text_source": "feed",
        "language": "en", "published_at": now - timedelta(hours=i), "fetched_at": now, "content_hash": f"h{i}",
        "story_id": f"s{i}",
    } for i, text in enumerate(TEXTS * 3)]          # 24 documents: several batches of 5
    with open_db(db) as con, transaction(con):
        insert_df(con, "documents", pd.DataFrame(rows))
    return len(rows)


def _evidence(db) -> pd.DataFrame:
    cols = "document_id, iso3, indicator_id, risk_factor, sentence_start, sentence_end, round(confidence, 6) AS c, method"
    return read_df(db, f"SELECT {cols} FROM evidence ORDER BY ALL")


@pytest.mark.slow   # two worker processes each load spaCy and the model: 1-3 min on the shared 2-core machine
def test_dask_runner_stores_the_same_evidence(prefect_harness, db_path, tmp_path):
    from prefect_dask import DaskTaskRunner

    tag_flow = pytest.importorskip("flows.tag_flow", reason="the tag flow has not landed yet").tag_flow

    _documents(db_path)
    dask_db = tmp_path / "dask.duckdb"
    shutil.copy(db_path, dask_db)

    tag_flow(db=str(db_path), batch_size=5)
    runner = DaskTaskRunner(cluster_kwargs={"n_workers": 2, "threads_per_worker": 1, "processes": True,
                                            "dashboard_address": None})
    tag_flow.with_options(task_runner=runner)(db=str(dask_db), batch_size=5)

    default, dask = _evidence(db_path), _evidence(dask_db)
    assert len(default) > 0, "the tagger found no evidence in the fixture documents"
    pd.testing.assert_frame_equal(default, dask)
    tagged = "SELECT count(*) AS n FROM documents WHERE tagged_at IS NOT NULL"
    assert read_df(db_path, tagged).n[0] == read_df(dask_db, tagged).n[0] == len(TEXTS) * 3
