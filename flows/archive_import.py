"""Import dated archives (JSONL, CSV, Parquet) into `documents` under a source of kind `import`.

    report = import_archive("vigil.duckdb", "clips.jsonl", source="clips-2019")

Every row goes through the ingest write path (`flows.documents.prepare_documents` + `write_documents`: language
detection, content hash, SimHash story clusters), with `published_at` taken from the file. The file is read in
batches (JSONL line by line, CSV with the `csv` module, Parquet with `pyarrow` `iter_batches`), so memory stays
constant whatever the file size; each batch is written in one transaction.

Only the mapped columns are read: text, date, id, and optionally title, url, outlet and language. No country
column is ever read. Countries always come from the tagger, so an archive's own labels cannot leak into a
replay.

Bad rows (no text, unparseable date, a date in the future, an id repeated within the file) are reported with
their line number and reason, and the rest are loaded. A row whose id an earlier import of this source already
stored is a duplicate, so re-running the same file adds nothing. See docs/import.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import itertools
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

FORMATS = ("jsonl", "csv", "parquet")
DEFAULT_BATCH_SIZE = 5000
MAX_BAD_KEPT = 1000  # bad rows kept with line and reason (the count covers all of them)
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".tsv": "csv",
             ".parquet": "parquet", ".pq": "parquet"}


class ArchiveImportError(ValueError):
    """The file cannot be imported at all (missing, unknown format, a required column absent, source clash)."""


OPTIONAL_COLUMNS = {"id": "id", "title": "title", "url": "url", "outlet": "outlet", "language": "language"}


@dataclass(frozen=True)
class Columns:
    """Which file column (JSONL key) holds each field. `None` for an optional field: use the default name when
    the file has it. `date_format`: a `strptime` format; without one, dates are ISO 8601."""

    text: str = "text"
    date: str = "published_at"
    id: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    language: str | None = None
    date_format: str | None = None

    def resolve(self, header: list[str] | None) -> dict[str, str]:
        """field -> column for this file. Explicit columns must exist; optional defaults are used if present.
        `header` None (JSONL): every configured or default key is looked up per row."""
        out = {"text": self.text, "date": self.date}
        for name, default in OPTIONAL_COLUMNS.items():
            explicit = getattr(self, name)
            if explicit is not None:
                out[name] = explicit
            elif header is None or default in header:
                out[name] = default
        if header is not None:
            explicit = {"text": self.text, "date": self.date} | {
                k: getattr(self, k) for k in OPTIONAL_COLUMNS if getattr(self, k) is not None}
            missing = [f"{k} column {v!r}" for k, v in explicit.items() if v not in header]
            if missing:
                raise ArchiveImportError(f"missing {', '.join(missing)}; the file has columns {header}")
        return out


@dataclass(frozen=True)
class BadRow:
    """A row that was not loaded: its line (CSV/JSONL: line in the file; Parquet: 1-based row), id and why."""

    line: int
    reason: str
    id: str | None = None

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}" + (f" (id {self.id!r})" if self.id else "")


@dataclass
class ImportReport:
    """What an import did."""

    file: str
    source: str
    format: str
    rows: int = 0
    loaded: int = 0
    duplicates: int = 0
    bad_count: int = 0
    bad: list[BadRow] = field(default_factory=list)
    batches: int = 0
    seconds: float = 0.0

    def add_bad(self, row: BadRow) -> None:
        self.bad_count += 1
        if len(self.bad) < MAX_BAD_KEPT:
            self.bad.append(row)

    def as_dict(self, bad_limit: int | None = None) -> dict:
        return {
            "file": self.file, "source": self.source, "format": self.format, "rows": self.rows,
            "loaded": self.loaded, "duplicates": self.duplicates, "bad": self.bad_count,
            "bad_rows": [{"line": b.line, "reason": b.reason, "id": b.id} for b in self.bad[:bad_limit]],
            "batches": self.batches, "seconds": round(self.seconds, 3),
        }


# ---------------------------------------------------------------------------------------------- reading


def detect_format(path: Path, fmt: str | None = None) -> str:
    """The given format, else the one named by the file suffix (a trailing .gz is looked through)."""
    if fmt:
        if fmt not in FORMATS:
            raise ArchiveImportError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
        return fmt
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    found = _SUFFIXES.get(suffixes[-1]) if suffixes else None
    if not found:
        raise ArchiveImportError(f"cannot tell the format of {path.name}: pass --format {'|'.join(FORMATS)}")
    return found


def _open_binary(path: Path):
    return gzip.open(path, "rb") if path.suffix.lower() == ".gz" else open(path, "rb")


def _jsonl_rows(path: Path, cols: Columns) -> Iterator[tuple[int, dict | None, str | None]]:
    """(line, {field: value} or None, error) per non-blank line; only the mapped keys are kept."""
    mapping = cols.resolve(None)
    with _open_binary(path) as fh:
        for line_no, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                yield line_no, None, f"not valid JSON: {exc}"
                continue
            if not isinstance(obj, dict):
                yield line_no, None, f"expected a JSON object, got {type(obj).__name__}"
                continue
            yield line_no, {f: obj.get(c) for f, c in mapping.items()}, None


def _csv_rows(path: Path, cols: Columns) -> Iterator[tuple[int, dict | None, str | None]]:
    """(line where the record starts, {field: value}, None); only the mapped columns are picked out."""
    delimiter = "\t" if ".tsv" in [s.lower() for s in path.suffixes] else ","
    with _open_binary(path) as raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            raise ArchiveImportError(f"{path}: not UTF-8 text ({exc})") from exc
        mapping = cols.resolve(header)
        index = {f: header.index(c) for f, c in mapping.items()}
        start = reader.line_num + 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as exc:
                raise ArchiveImportError(f"{path}: not UTF-8 text after line {start - 1} ({exc})") from exc
            except csv.Error as exc:
                yield start, None, f"malformed CSV: {exc}"
                start = reader.line_num + 1
                continue
            if row:
                yield start, {f: (row[i] if i < len(row) else None) for f, i in index.items()}, None
            start = reader.line_num + 1


def _parquet_rows(path: Path, cols: Columns, batch_size: int) -> Iterator[tuple[int, dict | None, str | None]]:
    """(1-based row, {field: value}, None), reading only the mapped columns, `batch_size` rows at a time."""
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:
        raise ArchiveImportError(f"{path}: not a readable Parquet file ({exc})") from exc
    mapping = cols.resolve(pf.schema_arrow.names)
    fields = list(mapping)
    row_no = 0
    for batch in pf.iter_batches(batch_size=batch_size, columns=list(dict.fromkeys(mapping.values()))):
        data = {f: batch.column(mapping[f]).to_pylist() for f in fields}
        for i in range(batch.num_rows):
            row_no += 1
            yield row_no, {f: data[f][i] for f in fields}, None


def read_rows(path: str | Path, fmt: str | None = None, cols: Columns = Columns(),
              batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[tuple[int, dict | None, str | None]]:
    """Stream a file as (line, {field: raw value} or None, parse error or None), one row at a time."""
    path = Path(path)
    if not path.is_file():
        raise ArchiveImportError(f"file not found: {path}")
    fmt = detect_format(path, fmt)
    if fmt == "jsonl":
        return _jsonl_rows(path, cols)
    if fmt == "csv":
        return _csv_rows(path, cols)
    return _parquet_rows(path, cols, batch_size)


def batched(rows: Iterator, size: int) -> Iterator[list]:
    """Lists of at most `size` consecutive items."""
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# ---------------------------------------------------------------------------------------------- checking


def parse_date(value, date_format: str | None = None) -> dt.datetime:
    """A file's date value -> naive UTC datetime. Strings use `date_format` (strptime) or ISO 8601.

    Raises ValueError naming the value when it cannot be read.
    """
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        parsed = dt.datetime.combine(value, dt.time())
    elif hasattr(value, "to_pydatetime"):  # pandas Timestamp
        parsed = value.to_pydatetime()
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        if date_format:
            parsed = dt.datetime.strptime(text, date_format)
        else:
            parsed = dt.datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    else:
        raise ValueError(f"no date (got {value!r})")
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed


def _text(value) -> str | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    text = text.strip()
    return text or None


def derived_id(text: str, published_at: dt.datetime) -> str:
    """Id of a row from a file without an id column: its date and text (so a re-run finds it again)."""
    return "h:" + hashlib.sha1(f"{published_at.isoformat()}\x1f{text}".encode()).hexdigest()[:20]


def check_rows(batch: list[tuple[int, dict | None, str | None]], cols: Columns, now: dt.datetime,
               report: ImportReport) -> list[tuple[int, dict]]:
    """Valid (line, row) pairs of a batch with `published_at` parsed and an `id`; bad rows go to `report`."""
    good, seen = [], {}
    for line, row, error in batch:
        if error:
            report.add_bad(BadRow(line, error))
            continue
        ident = _text(row.get("id"))
        text = _text(row.get("text"))
        if text is None:
            report.add_bad(BadRow(line, "no text", ident))
            continue
        try:
            published = parse_date(row.get("date"), cols.date_format)
        except (ValueError, TypeError, OverflowError) as exc:
            fmt = f" with format {cols.date_format!r}" if cols.date_format else " as ISO 8601"
            report.add_bad(BadRow(line, f"unparseable date {row.get('date')!r}{fmt}: {exc}", ident))
            continue
        if published > now:
            report.add_bad(BadRow(line, f"date in the future: {published.isoformat()}", ident))
            continue
        ident = ident or derived_id(text, published)
        if ident in seen:
            report.add_bad(BadRow(line, f"repeated id (first on line {seen[ident]})", ident))
            continue
        seen[ident] = line
        good.append((line, {**row, "id": ident, "text": text, "published_at": published}))
    return good


# ---------------------------------------------------------------------------------------------- writing


def ensure_import_source(con, source: str, path: Path, fmt: str, cols: Columns) -> None:
    """Create the `sources` row of kind `import` (or refresh its config); refuse a name used by another kind."""
    row = con.execute("SELECT kind FROM sources WHERE name = ?", [source]).fetchone()
    if row is not None and row[0] != "import":
        raise ArchiveImportError(f"source {source!r} already exists with kind {row[0]!r}; choose another --source")
    config = json.dumps({"file": path.name, "format": fmt, "columns": {
        k: getattr(cols, k) for k in ("text", "date", "id", "title", "url", "outlet", "language", "date_format")}},
        sort_keys=True)
    con.execute(
        """INSERT INTO sources (name, kind, url, enabled, config) VALUES (?, 'import', ?, FALSE, ?)
           ON CONFLICT (name) DO UPDATE SET url = excluded.url, config = excluded.config""",
        [source, path.resolve().as_uri(), config],
    )


def _stored(con, source: str, ids: list[str]) -> dict[str, tuple[dt.datetime, int | None]]:
    """external id -> (fetched_at, import line) of this source's stored documents among `ids`."""
    if not ids:
        return {}
    rows = con.execute(
        """SELECT external_id, fetched_at, try_cast(json_extract_string(metadata, '$.import_line') AS INTEGER)
           FROM documents WHERE source = ? AND external_id IN (SELECT unnest(?::VARCHAR[]))""",
        [source, ids],
    ).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


@contextmanager
def _connection(db):
    from store import open_db

    if isinstance(db, (str, Path)):
        with open_db(db) as con:
            yield con
    else:
        yield db


def import_archive(
    db,
    path: str | Path,
    source: str,
    *,
    fmt: str | None = None,
    columns: Columns = Columns(),
    batch_size: int = DEFAULT_BATCH_SIZE,
    now: dt.datetime | None = None,
    on_batch: Callable[[ImportReport, int], None] | None = None,
) -> ImportReport:
    """Load a dated archive into `documents` under the `import` source `source`; return what happened.

    Args:
        db: a database path (opened for each batch only, so other processes get turns) or an open connection.
        path: JSONL, CSV or Parquet file (optionally gzipped for JSONL/CSV).
        source: the source name the documents are stored under (created with kind `import`).
        fmt: 'jsonl' | 'csv' | 'parquet' (default: from the suffix).
        columns: which columns hold text, date and the optional fields, and the date format.
        batch_size: rows per batch; each batch is one transaction.
        now: dates after this (naive UTC; default: now) are rejected as in the future.
        on_batch: called after each committed batch with the report so far and the batch's row count.
    Raises:
        ArchiveImportError: the file is missing or unreadable as a whole, or a required column is absent.
    """
    from flows.documents import prepare_documents, write_documents
    from flows.sources import record_health
    from store import transaction

    if batch_size < 1:
        raise ArchiveImportError(f"batch size must be at least 1, got {batch_size}")
    t0 = time.perf_counter()
    path = Path(path)
    fmt = detect_format(path, fmt)
    rows = read_rows(path, fmt, columns, batch_size)
    first = next(rows, None)  # a missing file or column raises here, before anything is written
    rows = itertools.chain([first] if first is not None else [], rows)
    run_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    now = now or run_at
    report = ImportReport(file=str(path), source=source, format=fmt)
    with _connection(db) as con, transaction(con):
        ensure_import_source(con, source, path, fmt, columns)
    for batch in batched(rows, batch_size):
        report.rows += len(batch)
        good = check_rows(batch, columns, now, report)
        with _connection(db) as con:
            stored = _stored(con, source, [row["id"] for _, row in good])
            records = []
            for line, row in good:
                if row["id"] in stored:
                    fetched, first_line = stored[row["id"]]
                    if fetched == run_at:  # stored by an earlier batch of this same run: repeated in the file
                        where = f" (first on line {first_line})" if first_line else ""
                        report.add_bad(BadRow(line, f"repeated id{where}", row["id"]))
                    else:
                        report.duplicates += 1
                    continue
                records.append({
                    "source": source, "text_source": "import", "external_id": row["id"], "text": row["text"],
                    "published_at": row["published_at"], "fetched_at": run_at, "title": _text(row.get("title")),
                    "url": _text(row.get("url")), "outlet": _text(row.get("outlet")),
                    "language": _text(row.get("language")), "metadata": {"import_line": line},
                })
            df = prepare_documents(records, fetched_at=run_at)
            with transaction(con):
                counts = write_documents(con, df)
        report.loaded += counts.new + counts.upgraded
        report.duplicates += counts.duplicate
        report.batches += 1
        if on_batch is not None:
            on_batch(report, len(batch))
    with _connection(db) as con:
        record_health(con, source, attempted_at=run_at, ok=True, new=report.loaded, duplicates=report.duplicates,
                      failed=report.bad_count)
    report.seconds = time.perf_counter() - t0
    return report
