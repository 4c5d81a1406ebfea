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

import numpy as np

FORMATS = ("jsonl", "csv", "parquet")
DEFAULT_BATCH_SIZE = 5000
DEFAULT_HOLD_SECONDS = 5.0
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
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage (read, check, ...), for benchmarks

    @contextmanager
    def timed(self, stage: str):
        t = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - t

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


def _jsonl_batches(path: Path, cols: Columns, batch_size: int) -> Iterator[Batch]:
    """`_jsonl_rows` as column batches of up to `batch_size` rows, parsed with orjson (the standard `json` module
    decides, and words the error, for a line orjson rejects)."""
    import orjson

    mapping = list(cols.resolve(None).items())
    line_no = 0
    with _open_binary(path) as fh:
        while True:
            chunk = list(itertools.islice(fh, batch_size))
            if not chunk:
                return
            batch = Batch([], {f: [] for f, _ in mapping})
            columns = [(batch.values[f], c) for f, c in mapping]
            for raw in chunk:
                line_no += 1
                if not raw.strip():
                    continue
                try:
                    obj = orjson.loads(raw)
                except orjson.JSONDecodeError:
                    try:
                        obj = json.loads(raw)
                    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                        batch.errors.append((line_no, f"not valid JSON: {exc}"))
                        continue
                if not isinstance(obj, dict):
                    batch.errors.append((line_no, f"expected a JSON object, got {type(obj).__name__}"))
                    continue
                batch.lines.append(line_no)
                for out, key in columns:
                    out.append(obj.get(key))
            if batch.size:
                yield batch


def _row_batches(rows: Iterator[tuple[int, dict | None, str | None]], fields: list[str] | None,
                 batch_size: int) -> Iterator[Batch]:
    """Column batches from a row stream (CSV)."""
    for chunk in batched(rows, batch_size):
        names = fields or next((list(r) for _, r, e in chunk if r is not None), ["text", "date"])
        batch = Batch([], {f: [] for f in names})
        for line, row, error in chunk:
            if error:
                batch.errors.append((line, error))
                continue
            batch.lines.append(line)
            for f in names:
                batch.values[f].append(row.get(f))
        yield batch


def _parquet_batches(path: Path, cols: Columns, batch_size: int) -> Iterator[Batch]:
    """Column batches of a Parquet file, only the mapped columns; timestamp and date columns stay typed."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:
        raise ArchiveImportError(f"{path}: not a readable Parquet file ({exc})") from exc
    mapping = cols.resolve(pf.schema_arrow.names)
    row_no = 0
    for rb in pf.iter_batches(batch_size=batch_size, columns=list(dict.fromkeys(mapping.values()))):
        values = {}
        for f, c in mapping.items():
            col = rb.column(c)
            if f == "date" and (pa.types.is_timestamp(col.type) or pa.types.is_date(col.type)):
                values[f] = col.cast(pa.timestamp("us", col.type.tz) if pa.types.is_timestamp(col.type)
                                     else pa.timestamp("us")).to_pandas()
            else:
                values[f] = col.to_pylist()
        yield Batch(list(range(row_no + 1, row_no + rb.num_rows + 1)), values)
        row_no += rb.num_rows


def read_batches(path: str | Path, fmt: str | None = None, cols: Columns = Columns(),
                 batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[Batch]:
    """Stream a file as column `Batch`es of up to `batch_size` rows (same rows, lines and errors as `read_rows`)."""
    path = Path(path)
    if not path.is_file():
        raise ArchiveImportError(f"file not found: {path}")
    fmt = detect_format(path, fmt)
    if fmt == "jsonl":
        return _jsonl_batches(path, cols, batch_size)
    if fmt == "csv":
        return _row_batches(_csv_rows(path, cols), None, batch_size)
    return _parquet_batches(path, cols, batch_size)


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


_ISO_SHAPE = r"^\d{4}(?:-\d{2}-\d{2}|\d{4})(?:$|[T ])"  # what datetime.fromisoformat accepts begins so


def parse_dates(values, date_format: str | None = None) -> tuple[np.ndarray, list[int]]:
    """`parse_date` over a batch column at once: (datetime64[us] array, NaT where a value does not parse; positions
    that did not parse). Text dates go through pandas `to_datetime` with the format (ISO 8601 by default) in one
    call; only the values it rejects, and values that are not text, are tried one by one with `parse_date`, so
    the accepted values and their results are those of `parse_date`."""
    import pandas as pd

    n = len(values)
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
    if isinstance(values, pd.Series) and pd.api.types.is_datetime64_any_dtype(values.dtype):
        col = values.dt.tz_convert("UTC").dt.tz_localize(None) if values.dt.tz is not None else values
        out[:] = col.to_numpy(dtype="datetime64[us]")
        return out, np.flatnonzero(np.isnat(out)).tolist()
    values = list(values)
    text_pos = [i for i, v in enumerate(values) if isinstance(v, str)]
    retry = [i for i, v in enumerate(values) if not isinstance(v, str)]
    if text_pos:
        s = pd.Series([values[i] for i in text_pos], dtype=object).str.strip()
        parsed = pd.to_datetime(s, format=date_format or "ISO8601", errors="coerce", utc=True)
        ok = parsed.notna().to_numpy().copy()
        if not date_format:  # pandas reads "2023-3-1"; fromisoformat does not
            ok &= s.str.match(_ISO_SHAPE).to_numpy(dtype=bool)
        pos = np.asarray(text_pos)
        out[pos[ok]] = parsed[ok].dt.tz_localize(None).to_numpy(dtype="datetime64[us]")
        retry += pos[~ok].tolist()
    bad = []
    for i in sorted(retry):
        try:
            out[i] = np.datetime64(parse_date(values[i], date_format), "us")
        except (ValueError, TypeError, OverflowError):
            bad.append(i)
    return out, bad


def derived_id(text: str, published_at: dt.datetime) -> str:
    """Id of a row from a file without an id column: its date and text (so a re-run finds it again)."""
    return "h:" + hashlib.sha1(f"{published_at.isoformat()}\x1f{text}".encode()).hexdigest()[:20]


@dataclass
class Batch:
    """Rows of a file as columns: `lines` (line of each parsed row), `values` (field -> raw values, aligned with
    `lines`), and `errors` ((line, reason) of rows that could not be parsed at all)."""

    lines: list[int]
    values: dict[str, list]
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.lines) + len(self.errors)


def check_batch(batch: Batch, cols: Columns, now: dt.datetime, report: ImportReport):
    """The valid rows of a batch as a DataFrame (line, id, text, published_at as datetime64, title, url, outlet,
    language), checked column-wise; bad rows go to `report` in line order."""
    import pandas as pd

    from flows.documents import EARLIEST_PUBLISHED, impossible_dates

    bad: list[BadRow] = [BadRow(line, error) for line, error in batch.errors]
    n = len(batch.lines)
    lines = np.asarray(batch.lines, dtype=np.int64)
    raw_ids = batch.values.get("id")
    ids = [_text(v) for v in raw_ids] if raw_ids is not None else [None] * n
    texts = [v.strip() if isinstance(v, str) else _text(v) for v in batch.values["text"]]
    keep = np.fromiter((bool(t) for t in texts), dtype=bool, count=n)
    for i in np.flatnonzero(~keep).tolist():
        bad.append(BadRow(int(lines[i]), "no text", ids[i]))
    dates = batch.values["date"]
    published, unparsed = parse_dates(dates, cols.date_format)
    fmt = f" with format {cols.date_format!r}" if cols.date_format else " as ISO 8601"
    for i in unparsed:
        if keep[i]:
            value = dates.iloc[i] if isinstance(dates, pd.Series) else dates[i]
            value = None if value is pd.NaT else value
            try:
                parse_date(value, cols.date_format)
                reason = "unparseable date"
            except (ValueError, TypeError, OverflowError) as exc:
                reason = str(exc)
            bad.append(BadRow(int(lines[i]), f"unparseable date {value!r}{fmt}: {reason}", ids[i]))
            keep[i] = False
    future = keep & (published > np.datetime64(now, "us"))
    for i in np.flatnonzero(future).tolist():
        bad.append(BadRow(int(lines[i]), f"date in the future: {published[i].item().isoformat()}", ids[i]))
    keep &= ~future
    # the other impossible dates of the ingest path (flows.documents.impossible_dates): an archive row is refused
    # rather than dated by the import run
    wrong = keep & impossible_dates(pd.Series(published), pd.Series(np.full(n, np.datetime64(now, "us"))))
    for i in np.flatnonzero(wrong).tolist():
        bad.append(BadRow(int(lines[i]), f"impossible date {published[i].item().isoformat()} (before "
                                         f"{EARLIEST_PUBLISHED.year} or the Unix epoch: a missing date written as 0)",
                          ids[i]))
    keep &= ~wrong
    for i in np.flatnonzero(keep).tolist():
        if ids[i] is None:
            ids[i] = derived_id(texts[i], published[i].item())
    good = np.flatnonzero(keep)
    frame = pd.DataFrame({"line": lines[good], "id": [ids[i] for i in good.tolist()],
                          "text": [texts[i] for i in good.tolist()], "published_at": published[good]})
    repeated = frame["id"].duplicated(keep="first").to_numpy()
    if repeated.any():
        first_line = dict(zip(frame["id"][~repeated], frame["line"][~repeated], strict=True))
        for line, ident in zip(frame["line"][repeated].tolist(), frame["id"][repeated].tolist(), strict=True):
            bad.append(BadRow(line, f"repeated id (first on line {first_line[ident]})", ident))
        frame = frame[~repeated]
        good = good[~repeated]
    for name in ("title", "url", "outlet", "language"):
        column = batch.values.get(name)
        frame[name] = [_text(column[i]) for i in good.tolist()] if column is not None else None
    for row in sorted(bad, key=lambda b: b.line):
        report.add_bad(row)
    return frame.reset_index(drop=True)


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
    hold_seconds: float = DEFAULT_HOLD_SECONDS,
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
        on_batch: called after each committed batch with the report so far and the batch's row count (the
            database is released first, so the callback may open it).
        hold_seconds: a database path is kept open across batches for up to this long, then released so other
            processes get a turn (each release checkpoints the file, which costs more than a batch's writes).
    Raises:
        ArchiveImportError: the file is missing or unreadable as a whole, or a required column is absent.
    """
    import pandas as pd

    from flows.documents import prepare_frame, write_documents
    from flows.sources import record_health
    from store import transaction

    if batch_size < 1:
        raise ArchiveImportError(f"batch size must be at least 1, got {batch_size}")
    t0 = time.perf_counter()
    path = Path(path)
    fmt = detect_format(path, fmt)
    batches = read_batches(path, fmt, columns, batch_size)
    first = next(batches, None)  # a missing file or column raises here, before anything is written
    batches = itertools.chain([first] if first is not None else [], batches)
    run_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    now = now or run_at
    report = ImportReport(file=str(path), source=source, format=fmt)
    with _connection(db) as con, transaction(con):
        ensure_import_source(con, source, path, fmt, columns)
    conn = None
    while True:
        with report.timed("read"):
            batch = next(batches, None)
        if batch is None:
            break
        report.rows += batch.size
        with report.timed("check"):
            good = check_batch(batch, columns, now, report)
        with report.timed("open"):
            if conn is None:
                conn, opened_at = _connection(db), time.monotonic()
                con = conn.__enter__()
        try:
            with report.timed("lookup"):
                stored = _stored(con, source, good["id"].tolist())
            if stored:
                hit = good["id"].isin(stored).to_numpy()
                for line, ident in zip(good["line"][hit].tolist(), good["id"][hit].tolist(), strict=True):
                    fetched, first_line = stored[ident]
                    if fetched == run_at:  # stored by an earlier batch of this same run: repeated in the file
                        where = f" (first on line {first_line})" if first_line else ""
                        report.add_bad(BadRow(line, f"repeated id{where}", ident))
                    else:
                        report.duplicates += 1
                good = good[~hit]
            with report.timed("prepare"):
                df = prepare_frame(pd.DataFrame({
                    "source": source, "outlet": good["outlet"].to_numpy(), "external_id": good["id"].to_numpy(),
                    "url": good["url"].to_numpy(), "title": good["title"].to_numpy(),
                    "text": good["text"].to_numpy(), "text_source": "import", "language": good["language"].to_numpy(),
                    "published_at": good["published_at"].to_numpy(), "fetched_at": run_at,
                    "metadata": [f'{{"import_line": {line}}}' for line in good["line"].tolist()],
                }), fetched_at=run_at)
            with report.timed("write"), transaction(con):
                counts = write_documents(con, df, timings=report.timings)
        except BaseException:
            conn.__exit__(None, None, None)
            raise
        if on_batch is not None or time.monotonic() - opened_at >= hold_seconds:
            with report.timed("close"):
                conn.__exit__(None, None, None)
            conn = None
        report.loaded += counts.new + counts.upgraded
        report.duplicates += counts.duplicate
        report.batches += 1
        if on_batch is not None:
            on_batch(report, batch.size)
    with report.timed("close"):
        if conn is not None:
            conn.__exit__(None, None, None)
    with _connection(db) as con:
        record_health(con, source, attempted_at=run_at, ok=True, new=report.loaded, duplicates=report.duplicates,
                      failed=report.bad_count)
    report.seconds = time.perf_counter() - t0
    return report
