"""`vigil import` / flows.archive_import: JSONL, CSV and Parquet archives into `documents` through the ingest
write path; bad rows named by line; idempotent re-runs; batches of constant size; no country column read."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flows.archive_import import ArchiveImportError, Columns, import_archive, read_rows
from store import read_df

NOW = dt.datetime(2024, 6, 1)
TEXTS = [
    "Soldiers fired on protesters in the capital on Monday, witnesses said, and at least four people were killed.",
    "Les autorités ont arrêté plusieurs journalistes accusés d'avoir diffusé de fausses informations sur le scrutin.",
    "Heavy rains flooded the river valley and thousands of families were moved to temporary shelters by the agency.",
]


def _rows(n: int, start=dt.datetime(2023, 1, 2, 9, 30)) -> list[dict]:
    return [{"id": f"a{i}", "text": f"Item {i}. {TEXTS[i % 3]}", "published_at": (start + dt.timedelta(hours=i)).isoformat(),
             "title": f"Title {i}"} for i in range(n)]


def _jsonl(path, rows) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def _docs(db_path):
    return read_df(db_path, "SELECT * FROM documents ORDER BY external_id")


def test_jsonl_loads_through_the_ingest_path(db_path, tmp_path):
    rows = _rows(6)
    long = " ".join(f"{TEXTS[0]} Witness {k} described the scene near the market." for k in range(8))
    rows[3]["text"], rows[4]["text"] = long, long + " Updated at noon."  # near-duplicates: one story cluster
    rows[5]["published_at"] = "2023-02-01T10:00:00+02:00"
    rows[5]["url"] = "https://example.org/news/5?utm_source=x"
    rows[5]["outlet"] = "Example Daily"
    _jsonl(tmp_path / "a.jsonl", rows)
    report = import_archive(db_path, tmp_path / "a.jsonl", "clips", now=NOW)
    assert (report.rows, report.loaded, report.duplicates, report.bad_count) == (6, 6, 0, 0)
    docs = _docs(db_path).set_index("external_id")
    assert set(docs["text_source"]) == {"import"} and set(docs["source"]) == {"clips"}
    assert docs.loc["a0", "published_at"] == dt.datetime(2023, 1, 2, 9, 30)
    assert docs.loc["a5", "published_at"] == dt.datetime(2023, 2, 1, 8, 0)  # converted to UTC
    assert docs.loc["a5", "canonical_url"] == "https://example.org/news/5"  # the ingest URL normaliser ran
    assert docs.loc["a5", "outlet"] == "Example Daily"
    assert docs.loc["a1", "language"] == "fr" and docs.loc["a0", "language"] == "en"  # detected, not given
    assert docs.loc["a0", "title"] == "Title 0"
    assert docs.loc["a3", "story_id"] == docs.loc["a4", "story_id"] != docs.loc["a0", "story_id"]
    src = read_df(db_path, "SELECT kind, last_run_new, last_run_failed FROM sources WHERE name = 'clips'")
    assert src.to_dict("records") == [{"kind": "import", "last_run_new": 6, "last_run_failed": 0}]


def test_csv_with_mapped_columns_and_date_format(db_path, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(
        "item_id,notes,event_date,headline\n"
        'K1,"On 3 January, police dispersed a crowd,\nfiring tear gas.",03-01-08,Crowd dispersed\n'
        "K2,Clashes between two communities left five dead.,04-01-08,\n"
        "K3,,05-01-08,empty notes\n"
        "K4,Herders fought over grazing land.,2008-01-06,wrong format\n",
        encoding="utf-8")
    cols = Columns(text="notes", date="event_date", id="item_id", title="headline", date_format="%d-%m-%y")
    report = import_archive(db_path, path, "acled-like", columns=cols, now=NOW)
    assert (report.loaded, report.bad_count) == (2, 2)
    # K1's quoted field spans two lines, so K2 starts on line 4, K3 on 5, K4 on 6
    assert [(b.line, b.id) for b in report.bad] == [(5, "K3"), (6, "K4")]
    assert report.bad[0].reason == "no text"
    assert "unparseable date '2008-01-06' with format '%d-%m-%y'" in report.bad[1].reason
    docs = _docs(db_path).set_index("external_id")
    assert docs.loc["K1", "published_at"] == dt.datetime(2008, 1, 3)
    assert docs.loc["K1", "title"] == "Crowd dispersed" and pd.isna(docs.loc["K2", "title"])
    assert "firing tear gas" in docs.loc["K1", "text"]


def test_parquet_in_batches(db_path, tmp_path):
    rows = _rows(250)
    table = pa.table({"doc": [r["id"] for r in rows], "body": [r["text"] for r in rows],
                      "when": [dt.datetime.fromisoformat(r["published_at"]) for r in rows]})
    pq.write_table(table, tmp_path / "a.parquet", row_group_size=64)
    cols = Columns(text="body", date="when", id="doc")
    report = import_archive(db_path, tmp_path / "a.parquet", "pq", columns=cols, batch_size=100, now=NOW)
    assert (report.loaded, report.batches, report.bad_count) == (250, 3, 0)
    assert read_df(db_path, "SELECT min(published_at) AS m FROM documents")["m"][0] == dt.datetime(2023, 1, 2, 9, 30)


def test_bad_rows_are_named_and_the_rest_load(db_path, tmp_path):
    rows = _rows(8)
    lines = [json.dumps(r) for r in rows]
    lines[1] = json.dumps({**rows[1], "text": "   "})                      # line 2: no text
    lines[2] = json.dumps({**rows[2], "published_at": "last Tuesday"})     # line 3: unparseable date
    lines[3] = json.dumps({**rows[3], "published_at": "2031-01-01"})       # line 4: in the future
    lines[4] = json.dumps({**rows[4], "id": "a0"})                         # line 5: repeats line 1's id
    lines[5] = "{not json"                                                 # line 6
    lines.insert(6, "")                                                    # blank line 7 is skipped
    lines.append(json.dumps({**rows[7], "id": "a6", "text": "another"}))  # line 10: repeats line 8 (next batch)
    lines.append(json.dumps({**rows[7], "id": "z1", "text": "epoch", "published_at": "1970-01-01T00:00:00"}))
    lines.append(json.dumps({**rows[7], "id": "z2", "text": "typo", "published_at": "1850-05-01"}))  # lines 11, 12
    (tmp_path / "bad.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_archive(db_path, tmp_path / "bad.jsonl", "clips", batch_size=8, now=NOW)
    reasons = {b.line: b.reason for b in report.bad}
    assert sorted(reasons) == [2, 3, 4, 5, 6, 10, 11, 12]
    assert reasons[2] == "no text"
    assert reasons[3].startswith("unparseable date 'last Tuesday'")
    assert reasons[4].startswith("date in the future")
    assert reasons[5] == "repeated id (first on line 1)"
    assert reasons[6].startswith("not valid JSON")
    assert reasons[10] == "repeated id (first on line 8)"  # found through the database: line 8 was in batch 1
    assert reasons[11].startswith("impossible date 1970-01-01T00:00:00")
    assert reasons[12].startswith("impossible date 1850-05-01T00:00:00")
    assert report.loaded == 3 and report.bad_count == 8
    assert sorted(_docs(db_path)["external_id"]) == ["a0", "a6", "a7"]


def test_rerun_adds_nothing(db_path, tmp_path):
    _jsonl(tmp_path / "a.jsonl", _rows(40))
    first = import_archive(db_path, tmp_path / "a.jsonl", "clips", batch_size=15, now=NOW)
    before = _docs(db_path)
    again = import_archive(db_path, tmp_path / "a.jsonl", "clips", batch_size=7, now=NOW)
    assert (first.loaded, again.loaded, again.duplicates, again.bad_count) == (40, 0, 40, 0)
    after = _docs(db_path)
    assert after[["id", "story_id", "fetched_at"]].equals(before[["id", "story_id", "fetched_at"]])


def test_identical_text_under_distinct_ids_loads_as_one_story(db_path, tmp_path):
    # event datasets repeat one note for events in two places: both rows load, and count as one story
    rows = _rows(4)
    rows[1]["text"] = rows[0]["text"]
    for size in (4, 1):  # the same outcome whether the pair shares a batch or not
        _jsonl(tmp_path / f"s{size}.jsonl", [{**r, "id": f"{r['id']}-{size}"} for r in rows])
        report = import_archive(db_path, tmp_path / f"s{size}.jsonl", f"src{size}", batch_size=size, now=NOW)
        assert report.loaded == 4
    docs = _docs(db_path).set_index("external_id")
    assert docs.loc["a0-1", "story_id"] == docs.loc["a1-1", "story_id"]


def test_streams_in_batches_each_committed(db_path, tmp_path):
    _jsonl(tmp_path / "big.jsonl", _rows(1050))
    seen = []

    def on_batch(report, size):
        stored = read_df(db_path, "SELECT count(*) AS n FROM documents")["n"][0]  # committed, file released
        seen.append((size, report.loaded, int(stored)))

    report = import_archive(db_path, tmp_path / "big.jsonl", "clips", batch_size=100, now=NOW, on_batch=on_batch)
    assert report.batches == 11 and report.loaded == 1050
    assert [s for s, _, _ in seen] == [100] * 10 + [50]
    assert [n for _, _, n in seen] == [loaded for _, loaded, _ in seen] == list(range(100, 1001, 100)) + [1050]
    # the reader is lazy: it yields the first row without reading the rest of the file
    it = read_rows(tmp_path / "big.jsonl")
    assert next(it)[0] == 1 and hasattr(it, "__next__")


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_country_columns_are_never_read(db_path, tmp_path, fmt):
    rows = [{"id": f"c{i}", "text": f"Report {i} from Nairobi: {TEXTS[0]}", "published_at": f"2023-03-0{i + 1}",
             "country": "France", "iso3": "FRA", "primary_country": "FRA"} for i in range(3)]
    path = tmp_path / f"c.{fmt}"
    if fmt == "jsonl":
        _jsonl(path, rows)
    elif fmt == "csv":
        path.write_text("id,text,published_at,country,iso3,primary_country\n" + "".join(
            f'{r["id"]},"{r["text"]}",{r["published_at"]},France,FRA,FRA\n' for r in rows), encoding="utf-8")
    else:
        pq.write_table(pa.Table.from_pylist(rows), path)
    assert import_archive(db_path, path, "labelled", now=NOW).loaded == 3
    with_fra = read_df(db_path, "SELECT count(*) AS n FROM documents d WHERE contains(CAST(columns(*) AS VARCHAR), 'FRA')"
                                " OR contains(CAST(columns(*) AS VARCHAR), 'France')")
    assert with_fra["n"][0] == 0
    assert read_df(db_path, "SELECT count(*) AS n FROM document_countries")["n"][0] == 0
    assert read_df(db_path, "SELECT count(*) AS n FROM evidence")["n"][0] == 0


def test_missing_columns_and_files_fail_clearly(db_path, tmp_path):
    (tmp_path / "x.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ArchiveImportError, match=r"missing text column 'text', date column 'published_at'"):
        import_archive(db_path, tmp_path / "x.csv", "x")
    with pytest.raises(ArchiveImportError, match="file not found"):
        import_archive(db_path, tmp_path / "nope.jsonl", "x")
    (tmp_path / "x.txt").write_text("", encoding="utf-8")
    with pytest.raises(ArchiveImportError, match="cannot tell the format"):
        import_archive(db_path, tmp_path / "x.txt", "x")
    assert read_df(db_path, "SELECT count(*) AS n FROM sources WHERE name = 'x'")["n"][0] == 0


def test_source_name_of_another_kind_is_refused(db_path, tmp_path):
    from store import open_db

    with open_db(db_path) as con:
        con.execute("INSERT INTO sources (name, kind, url) VALUES ('un-news', 'rss', 'https://news.un.org/feed')")
    _jsonl(tmp_path / "a.jsonl", _rows(2))
    with pytest.raises(ArchiveImportError, match="already exists with kind 'rss'"):
        import_archive(db_path, tmp_path / "a.jsonl", "un-news", now=NOW)


def test_cli_import_summary(cli, db_path, tmp_path):
    rows = _rows(30)
    for i in (3, 9, 12):
        rows[i]["text"] = ""
    rows[20]["published_at"] = "2099-01-01"
    _jsonl(tmp_path / "a.jsonl", rows)
    result = cli(["import", tmp_path / "a.jsonl", "--source", "clips", "--db", db_path])
    assert result.exit_code == 0, result.output
    assert "30 rows, 26 loaded, 0 duplicate(s), 4 bad row(s)" in result.output
    assert "bad line 4: no text (id 'a3')" in result.output and "bad line 21: date in the future" in result.output
    again = cli(["import", tmp_path / "a.jsonl", "--source", "clips", "--db", db_path, "--json"])
    summary = json.loads(again.output)
    assert (summary["loaded"], summary["duplicates"], summary["bad"]) == (0, 26, 4)
    missing = cli(["import", tmp_path / "a.jsonl", "--source", "clips", "--db", db_path, "--format", "csv",
                   "--text-col", "body"])
    assert missing.exit_code == 1 and "missing text column 'body'" in missing.output
