"""Document rows: ids, hashes, language, SimHash story clusters, and the one write path into `documents`.

Both `vigil ingest` and the archive import use exactly this path:

    df = prepare_documents(records)            # list of dicts → DataFrame shaped like the documents table
    with store.transaction(con):
        counts = write_documents(con, df)      # de-duplicates, clusters into stories, inserts / upgrades

De-duplication rules:
- `canonical_url` is unique. A record whose canonical URL is already stored is a duplicate, except that a stored
  feed-only row (`text_source = 'feed'`) is *upgraded* in place when the record brings the page or API text.
- An exact `content_hash` already stored for the same outlet is a re-post and is a duplicate. The same text from a
  different outlet is kept (it counts as another outlet carrying the story) and joins the same story.
- Near-duplicates share a `story_id` (`minhash.v1`, see flows.minhash): MinHash signatures (128 values) over word
  3-shingles of the story text (the body without a repeated title or a leading credit line such as
  "(Continental Wire)"), cut into 32 LSH bands of 4. A story is represented by its seed, the document that started
  it; the seeds' band hashes are in `document_bands`. One equi-join on (band, hash) per batch finds the candidate
  seeds (no pairwise scan); a candidate is verified when the signatures agree on at least `threshold` of their
  positions (estimated Jaccard, default 0.6) and, when both dates are known, the two were published within
  `window_hours` (default 72) of each other. A document joins the story of its best verified seed, else it seeds a
  new story. Copies with Jaccard 0.6 are found with probability 0.99, with 0.7 more than 0.999 (flows.minhash).
  The old `simhash` column is left NULL for new rows (nothing reads it; `simhash()` remains for callers that want
  the value).
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice

import numpy as np
import pandas as pd
import pyarrow as pa

from flows import minhash
from flows.fast_text import identify_languages, simhash_many
from store.db import insert_df

TEXT_SOURCES = ("page", "feed", "api", "import")
CLUSTER_VERSION = minhash.VERSION
DEFAULT_THRESHOLD = 0.6         # estimated Jaccard of two story texts' shingle sets for one story
DEFAULT_WINDOW_HOURS = 72.0     # ... and published at most this far apart (when both dates are known)
MIN_SHINGLES = 5                # texts with fewer word 3-shingles are not banded: each is a story of its own
SMALL_BUCKET = 16               # a band bucket up to this size is checked pair by pair
SHINGLE = 3
MIN_LANGUAGE_CONFIDENCE = 0.5
LANGUAGE_SAMPLE = 2000  # characters of a text given to language identification
# Impossible publication times are wrong dates: further ahead of the fetch than any time-zone slip (a year typo),
# exactly the Unix epoch (a missing date written as 0) or before EARLIEST_PUBLISHED (a typo such as 0202 or 1026).
# Each would put the document in a week that has not happened or long before its story, and stretch every score
# series to that week. Such a time is dropped (kept in metadata as `published_at_claimed`) and the document counts
# in the week it was fetched, like any undated document.
MAX_PUBLISHED_AHEAD = pd.Timedelta(days=1)
EARLIEST_PUBLISHED = pd.Timestamp("1900-01-01")
UNIX_EPOCH = pd.Timestamp("1970-01-01")
DOCUMENT_COLUMNS = [
    "id", "source", "outlet", "external_id", "url", "canonical_url", "title", "summary", "text", "text_source",
    "language", "author", "published_at", "fetched_at", "content_hash", "simhash", "story_id", "page_attempts",
    "synthetic", "metadata",
]
# Columns an upgrade (feed-only row → page/API text) rewrites; never the indexed id or canonical_url.
UPGRADE_COLUMNS = ["title", "text", "text_source", "language", "author", "published_at", "fetched_at",
                   "content_hash", "simhash", "story_id", "page_attempts", "synthetic", "metadata"]

_WORD = re.compile(r"\w+", re.UNICODE)
_WS = re.compile(r"\s+")


class DocumentError(ValueError):
    """A record cannot become a document row (missing text or source, unknown text_source)."""


@dataclass
class WriteCounts:
    """What `write_documents` did: rows inserted, rows skipped as duplicates, feed-only rows upgraded."""

    new: int = 0
    duplicate: int = 0
    upgraded: int = 0
    new_ids: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------------- hashing


def normalise_text(text: str) -> str:
    """Text as hashed: Unicode NFKC, lower case, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())  # str.split() splits where \s matches


def content_hash(text: str) -> str:
    """SHA-256 hex digest of the normalised text (exact re-post detection)."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def simhash(text: str, shingle: int = SHINGLE) -> int:
    """64-bit SimHash of `text` over word `shingle`-grams (single words for very short texts); 0 for no words.
    Word hashes are blake2b; a shingle's hash mixes its words' hashes (see flows.fast_text.simhash_many, which
    computes many at once and is what prepare_documents uses)."""
    return int(simhash_many([normalise_text(text)], shingle)[0])


def document_id(canonical: str | None, source: str, external_id: str | None, chash: str) -> str:
    """Stable id: from the canonical URL when there is one, else from source + external id, else source + hash."""
    key = canonical or (f"{source}\x1f{external_id}" if external_id else f"{source}\x1f{chash}")
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


# --------------------------------------------------------------------------------------------------- language


def detect_language(text: str, hint: str | None = None) -> str | None:
    """ISO 639-1 code of `text` (py3langid, offline, 97 languages), or `hint` when the text is too short or the
    identification is unsure."""
    return detect_languages([text], [hint])[0]


def detect_languages(texts: list[str], hints: list[str | None] | None = None) -> list[str | None]:
    """`detect_language` for many texts at once (py3langid's model run over the batch in numpy)."""
    hints = hints if hints is not None else [None] * len(texts)
    samples = [(t or "")[:LANGUAGE_SAMPLE] for t in texts]
    todo = [i for i, s in enumerate(samples) if sum(1 for _ in islice(_WORD.finditer(s), 3)) >= 3]
    out = [_short_language(h) for h in hints]
    for i, (code, confidence) in zip(todo, identify_languages([samples[i] for i in todo]), strict=True):
        if confidence >= MIN_LANGUAGE_CONFIDENCE:
            out[i] = code
    return out


def _short_language(value: str | None) -> str | None:
    if not value:
        return None
    return value.strip().lower().replace("_", "-").split("-")[0] or None


# --------------------------------------------------------------------------------------------------- prepare


def impossible_dates(published: pd.Series, fetched: pd.Series) -> np.ndarray:
    """Which publication times are wrong dates (the rules beside MAX_PUBLISHED_AHEAD); missing ones are not."""
    published = pd.to_datetime(published)
    return ((published > pd.to_datetime(fetched) + MAX_PUBLISHED_AHEAD) | (published < EARLIEST_PUBLISHED)
            | (published == UNIX_EPOCH)).to_numpy()


def _utc_naive(value) -> datetime | None:
    if value is None or value == "" or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value
    return None


def prepare_documents(records: Iterable[dict], *, fetched_at: datetime | None = None,
                      detect: bool = True) -> pd.DataFrame:
    """Document rows from plain records, ready for `write_documents` (story_id is filled there).

    Args:
        records: dicts with `source`, `text` and `text_source` ('page' | 'feed' | 'api' | 'import'), and any of
            `outlet`, `external_id`, `url`, `canonical_url` (defaults to the normalised `url`), `title`,
            `summary`, `language` (a hint: used when detection is unsure), `author`, `published_at` (datetime
            or ISO string), `fetched_at`, `page_attempts`, `synthetic`, `metadata` (dict).
        fetched_at: default fetch time (now, UTC).
        detect: detect the language from the text (else keep the given language).
    Returns:
        A DataFrame with the `documents` columns (DOCUMENT_COLUMNS).
    Raises:
        DocumentError: a record without source or text, or with an unknown text_source.
    """
    columns: dict[str, list] = {c: [] for c in _RECORD_COLUMNS}
    for i, rec in enumerate(records):
        text = (rec.get("text") or "").strip()
        source = rec.get("source")
        if not source:
            raise DocumentError(f"record {i} has no source: {str(rec)[:200]}")
        if not text:
            raise DocumentError(f"record {i} from {source} has no text (url={rec.get('url')!r})")
        text_source = rec.get("text_source")
        if text_source not in TEXT_SOURCES:
            raise DocumentError(f"record {i} from {source}: text_source must be one of {TEXT_SOURCES}, "
                                f"got {text_source!r}")
        metadata = rec.get("metadata")
        for name, value in (
            ("id", rec.get("id") or None), ("source", source), ("outlet", rec.get("outlet") or None),
            ("external_id", None if rec.get("external_id") is None else str(rec["external_id"])),
            ("url", rec.get("url") or None), ("canonical_url", rec.get("canonical_url") or None),
            ("title", rec.get("title") or None), ("summary", rec.get("summary") or None), ("text", text),
            ("text_source", text_source), ("language", rec.get("language")), ("author", rec.get("author") or None),
            ("published_at", _utc_naive(rec.get("published_at"))), ("fetched_at", _utc_naive(rec.get("fetched_at"))),
            ("story_id", rec.get("story_id")), ("page_attempts", int(rec.get("page_attempts") or 0)),
            ("synthetic", bool(rec.get("synthetic", False))),
            ("metadata", json.dumps(metadata, ensure_ascii=False, default=str) if metadata is not None else None),
        ):
            columns[name].append(value)
    return prepare_frame(pd.DataFrame(columns), fetched_at=fetched_at, detect=detect)


_RECORD_COLUMNS = [c for c in DOCUMENT_COLUMNS if c not in ("content_hash", "simhash")]
_TEXT_COLUMNS = ["id", "source", "outlet", "external_id", "url", "canonical_url", "title", "summary", "language",
                 "author", "story_id", "metadata"]


def prepare_frame(df: pd.DataFrame, *, fetched_at: datetime | None = None, detect: bool = True) -> pd.DataFrame:
    """`prepare_documents` for records already held column-wise and checked (non-empty stripped `text`, a
    `source`, a valid `text_source`): fills canonical URLs, content hashes, ids, languages and SimHash for the
    whole batch at once. Missing optional columns are taken as empty; `published_at`/`fetched_at` may be
    datetime64 columns (naive UTC) or Python datetimes. Returns the DOCUMENT_COLUMNS frame."""
    from flows.articles import canonical_url as normalise_url

    now = fetched_at or datetime.now(UTC).replace(tzinfo=None)
    n = len(df)
    out = pd.DataFrame(index=pd.RangeIndex(n))
    for c in DOCUMENT_COLUMNS:
        out[c] = df[c].to_numpy() if c in df else None
    for c in _TEXT_COLUMNS:  # missing values as None, never NaN
        if out[c].dtype != object or out[c].isna().any():
            out[c] = out[c].astype(object).where(out[c].notna(), None)
    texts = out["text"].tolist()
    normalised = [normalise_text(t) for t in texts]
    hashes = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in normalised]  # = content_hash(text)
    urls, canon = out["url"].tolist(), out["canonical_url"].tolist()
    canon = [c or (normalise_url(u) if u else None) for u, c in zip(urls, canon, strict=True)]
    sources, external = out["source"].tolist(), out["external_id"].tolist()
    out["canonical_url"] = canon
    out["id"] = [i or document_id(c, s, e, h) for i, c, s, e, h in
                 zip(out["id"].tolist(), canon, sources, external, hashes, strict=True)]
    out["content_hash"] = hashes
    hints = out["language"].tolist()
    out["language"] = detect_languages(texts, hints) if detect else [_short_language(h) for h in hints]
    out["simhash"] = pd.Series([None] * n, dtype="UInt64")  # no longer computed: stories use MinHash bands
    out["page_attempts"] = out["page_attempts"].fillna(0).astype("int32")
    out["synthetic"] = out["synthetic"].fillna(False).astype(bool)
    out["published_at"] = pd.to_datetime(out["published_at"])
    out["fetched_at"] = pd.to_datetime(out["fetched_at"]).fillna(pd.Timestamp(now))
    wrong = impossible_dates(out["published_at"], out["fetched_at"])
    if wrong.any():
        out.loc[wrong, "metadata"] = [_claimed_date(m, t) for m, t in
                                      zip(out["metadata"][wrong], out["published_at"][wrong], strict=True)]
        out.loc[wrong, "published_at"] = pd.NaT
    return out


def _claimed_date(metadata: str | None, claimed: pd.Timestamp) -> str:
    """`metadata` (a JSON text or None) with `published_at_claimed` added (see `impossible_dates`)."""
    value = json.loads(metadata) if metadata else {}
    if not isinstance(value, dict):
        value = {"metadata": value}
    return json.dumps(value | {"published_at_claimed": claimed.isoformat()}, ensure_ascii=False)


# --------------------------------------------------------------------------------------------------- clusters


@dataclass
class Clusters:
    """What `cluster_documents` found for a batch: a story id per row and the LSH band rows to store."""

    story_id: list[str]
    seed_ids: np.ndarray                    # new story seeds long enough to band
    seed_hashes: np.ndarray                 # their band hashes, shape (len(seed_ids), minhash.BANDS)
    stored_matches: int = 0                 # rows that joined a stored story
    candidates: int = 0                     # candidate pairs checked (stored + within the batch)

    @property
    def bands(self) -> pd.DataFrame:
        """The `document_bands` rows: document_id, band, hash."""
        return pd.DataFrame({
            "document_id": np.repeat(self.seed_ids, minhash.BANDS),
            "band": np.tile(np.arange(minhash.BANDS, dtype=np.int16), len(self.seed_ids)),
            "hash": self.seed_hashes.ravel(),
        })


def _insert_bands(con, ids: np.ndarray, hashes: np.ndarray) -> None:
    """Insert band rows in one statement from one Arrow row per document (id, list of band hashes), unnested in
    DuckDB."""
    if not len(ids):
        return
    wide = pa.table({"document_id": pa.array(np.asarray(ids, dtype=object), pa.string()),
                     "h": pa.FixedSizeListArray.from_arrays(
                         pa.array(np.ascontiguousarray(hashes, dtype=np.uint64).ravel()), minhash.BANDS)})
    con.register("_vigil_bands", wide)
    try:
        con.execute(f"INSERT INTO document_bands SELECT document_id, unnest(range({minhash.BANDS}))::SMALLINT, "
                    f"unnest(h) FROM _vigil_bands")
    finally:
        con.unregister("_vigil_bands")


def _times(df: pd.DataFrame) -> np.ndarray:
    """Publication time of each row in hours since the epoch; NaN when unknown (the fetch time says nothing about
    when an archived or late-fetched article was published)."""
    when = pd.to_datetime(df["published_at"])
    return ((when - pd.Timestamp(0)) / pd.Timedelta(hours=1)).to_numpy(dtype=float, na_value=np.nan)


class _Stories:
    """Story bodies, MinHash signatures and (lazily) names of a set of rows."""

    def __init__(self, df: pd.DataFrame) -> None:
        titles = df["title"].tolist() if "title" in df else None
        self.bodies, words = minhash.story_texts(df["text"].tolist(), titles)
        self.sigs, shingles = minhash.signatures(words, with_counts=True)
        self.bandable = shingles >= MIN_SHINGLES
        self.times = _times(df)
        self._names: dict[int, frozenset[str]] = {}

    def names(self, i: int) -> frozenset[str]:
        if i not in self._names:
            self._names[i] = minhash.names(self.bodies[i])
        return self._names[i]


def _verify(a: _Stories, ia: np.ndarray, b: _Stories, ib: np.ndarray, threshold: float,
            window_hours: float | None) -> tuple[np.ndarray, np.ndarray]:
    """(near-duplicate?, estimated Jaccard) of row pairs (a[ia[k]], b[ib[k]]): the signatures agree on at least
    `threshold` of their positions; when both times are known, they lie within `window_hours`; and neither has
    replaced the other's names (`minhash.names_differ`: the same template about another place or person)."""
    est = minhash.estimate_jaccard(a.sigs[ia], b.sigs[ib])
    ok = est >= threshold
    if window_hours is not None:
        ok &= ~(np.abs(a.times[ia] - b.times[ib]) > window_hours)  # NaN (a time unknown) passes
    for k in np.flatnonzero(ok).tolist():
        if minhash.names_differ(a.names(int(ia[k])), b.names(int(ib[k]))):
            ok[k] = False
    return ok, est


def _near_stored(con, times: np.ndarray, window_hours: float | None) -> np.ndarray:
    """Which rows (publication times in hours, NaN unknown) may match a stored document at all: those published
    within `window_hours` of a stored document's publication. Every row when the window is off, a row's time is
    unknown or a stored document has none (an unknown time passes the window). One query on `documents`; an
    archive imported in date order then probes the store only with the rows near the previous batch's end."""
    n = len(times)
    if window_hours is None or not n or np.isnan(times).any():
        return np.ones(n, dtype=bool)
    margin = window_hours + 1.0  # hours; the exact window is applied by _verify
    lo = pd.Timestamp(0) + pd.Timedelta(hours=float(times.min()) - margin)
    hi = pd.Timestamp(0) + pd.Timedelta(hours=float(times.max()) + margin)
    stamps = con.execute(
        """SELECT DISTINCT date_trunc('hour', published_at) AS t FROM documents
           WHERE published_at IS NULL OR published_at BETWEEN ? AND ?""", [lo.to_pydatetime(), hi.to_pydatetime()]
    ).df()["t"]
    if not len(stamps):
        return np.zeros(n, dtype=bool)
    if stamps.isna().any():
        return np.ones(n, dtype=bool)
    hours = np.sort(((pd.to_datetime(stamps) - pd.Timestamp(0)) / pd.Timedelta(hours=1)).to_numpy(dtype=float))
    # nearest stored hour on either side of each row (stored times were truncated to the hour: allow one more)
    k = np.searchsorted(hours, times)
    before = np.abs(times - hours[np.clip(k - 1, 0, len(hours) - 1)])
    after = np.abs(hours[np.clip(k, 0, len(hours) - 1)] - times)
    return np.minimum(before, after) <= margin


def _stored_candidates(con, ids: np.ndarray, band_hashes: np.ndarray, bandable: np.ndarray,
                       times: np.ndarray | None = None,
                       window_hours: float | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Stored story seeds sharing at least one band hash with a batch row (`bandable` rows only): one equi-join on
    (band, hash), keeping only seeds published within `window_hours` (plus a margin) of the row when both times are
    known, so seeds that cannot verify are never loaded. Returns (pairs: pos = row position in the batch, id =
    the seed's id; seeds: id, title, text, story_id, published_at, fetched_at of each distinct seed)."""
    empty = (pd.DataFrame(columns=["pos", "id"]),
             pd.DataFrame(columns=["id", "title", "text", "story_id", "published_at", "fetched_at"]))
    pos = np.repeat(np.flatnonzero(bandable), minhash.BANDS)
    if not len(pos):
        return empty
    probe = pd.DataFrame({"pos": pos, "band": np.tile(np.arange(minhash.BANDS, dtype=np.int16), int(bandable.sum())),
                          "hash": band_hashes[bandable].ravel()})
    con.register("_vigil_probe", probe)
    con.register("_vigil_batch_ids", pd.DataFrame({"id": ids}))
    try:
        pairs = con.execute(
            """SELECT DISTINCT p.pos, b.document_id AS id
               FROM _vigil_probe p JOIN document_bands b ON b.band = p.band AND b.hash = p.hash
               WHERE b.document_id NOT IN (SELECT id FROM _vigil_batch_ids)"""
        ).df()
        if len(pairs) and window_hours is not None and times is not None:
            pairs = _within_window(con, pairs, times, window_hours)
        if pairs.empty:
            return empty
        con.register("_vigil_cand", pairs[["id"]].drop_duplicates())
        try:
            seeds = con.execute(
                """SELECT d.id, d.title, d.text, d.story_id, d.published_at, d.fetched_at
                   FROM documents d JOIN _vigil_cand c ON d.id = c.id"""
            ).df()
        finally:
            con.unregister("_vigil_cand")
    finally:
        con.unregister("_vigil_probe")
        con.unregister("_vigil_batch_ids")
    return pairs, seeds


def _within_window(con, pairs: pd.DataFrame, times: np.ndarray, window_hours: float) -> pd.DataFrame:
    """The candidate pairs whose seed may lie within the window of its row (either time unknown passes; a
    margin of an hour is left to `_verify`, which applies the exact window)."""
    con.register("_vigil_cand", pairs[["id"]].drop_duplicates())
    try:
        seeds = con.execute("SELECT d.id, d.published_at FROM documents d JOIN _vigil_cand c ON d.id = c.id").df()
    finally:
        con.unregister("_vigil_cand")
    seed_time = _times(seeds)[pd.Index(seeds["id"]).get_indexer(pairs["id"])]
    row_time = times[pairs["pos"].to_numpy(dtype=np.int64)]
    return pairs[~(np.abs(row_time - seed_time) > window_hours + 1.0)]


def _batch_pairs(band_hashes: np.ndarray, bandable: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row pairs of the batch that share a band hash. Small buckets give all their pairs; a large bucket (many
    copies of one text) gives a star and a chain, enough to connect it without a quadratic number of checks."""
    rows = np.flatnonzero(bandable)
    if len(rows) < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    pos = np.repeat(rows, minhash.BANDS)
    band = np.tile(np.arange(minhash.BANDS), len(rows))
    key = band_hashes[rows].ravel()
    order = np.lexsort((pos, key, band))
    pos, band, key = pos[order], band[order], key[order]
    new = np.r_[True, (band[1:] != band[:-1]) | (key[1:] != key[:-1])]
    start = np.flatnonzero(new)
    size = np.diff(np.r_[start, len(pos)])
    # small buckets: every pair, vectorised (element k of a bucket pairs with each later element)
    small = (size > 1) & (size <= SMALL_BUCKET)
    bucket_of = np.repeat(np.arange(len(start)), size)
    in_small = small[bucket_of]
    k = np.flatnonzero(in_small)
    later = (start + size)[bucket_of[k]] - k - 1
    a_idx = np.repeat(k, later)
    b_idx = a_idx + 1 + (np.arange(int(later.sum())) - np.repeat(np.cumsum(later) - later, later))
    a_parts, b_parts = [pos[a_idx]], [pos[b_idx]]
    # large buckets (many copies of one text): a star and a chain connect them without a quadratic number of checks
    for s0, m in zip(start[size > SMALL_BUCKET].tolist(), size[size > SMALL_BUCKET].tolist(), strict=True):
        members = pos[s0:s0 + m]
        a_parts += [np.full(m - 1, members[0]), members[1:-1]]
        b_parts += [members[1:], members[2:]]
    a, b = np.concatenate(a_parts), np.concatenate(b_parts)
    if not len(a):
        return a, b
    key = np.unique(a.astype(np.int64) * len(bandable) + b)
    return key // len(bandable), key % len(bandable)


def cluster_documents(con, df: pd.DataFrame, threshold: float = DEFAULT_THRESHOLD,
                      window_hours: float | None = DEFAULT_WINDOW_HOURS) -> Clusters:
    """Story ids for the rows of `df` (not yet stored) and the LSH band rows of the new stories' seeds.

    A story is represented by its *seed*, the document that started it (`story_id = id`); only seeds are banded.
    Rows are taken in order: a row joins the story whose seed (stored, or earlier in the batch) it matches best
    (verified: estimated Jaccard >= threshold, published within `window_hours` of the seed), else it seeds a story
    of its own. Comparing with the seed, not with any member, keeps a chain of pairwise-similar texts (the same
    template re-used week after week) from growing into one story.
    """
    n = len(df)
    ids = df["id"].to_numpy()
    if n == 0:
        return Clusters([], np.zeros(0, dtype=object), np.zeros((0, minhash.BANDS), dtype=np.uint64))
    rows_ = _Stories(df)
    bandable = rows_.bandable
    band_hashes = minhash.band_hashes(rows_.sigs)

    best: dict[int, tuple[float, str]] = {}  # row -> (estimated Jaccard, story id) of its best seed so far
    probe = bandable & _near_stored(con, rows_.times, window_hours)
    pairs, seeds = _stored_candidates(con, ids, band_hashes, probe, rows_.times, window_hours)
    if len(pairs):
        stored = _Stories(seeds)
        p = pairs["pos"].to_numpy(dtype=np.int64)
        q = pd.Index(seeds["id"]).get_indexer(pairs["id"])
        ok, est = _verify(rows_, p, stored, q, threshold, window_hours)
        story_of = seeds["story_id"].to_numpy()
        for pos, score, story in zip(p[ok].tolist(), est[ok].tolist(), story_of[q[ok]].tolist(), strict=True):
            if pos not in best or score > best[pos][0]:
                best[pos] = (score, story)

    a, b = _batch_pairs(band_hashes, bandable)  # a < b
    earlier: dict[int, list[tuple[int, float]]] = {}
    if len(a):
        ok, est = _verify(rows_, a, rows_, b, threshold, window_hours)
        for i, j, e in zip(a[ok].tolist(), b[ok].tolist(), est[ok].tolist(), strict=True):
            earlier.setdefault(j, []).append((i, e))
    story: list[str] = []
    seed = np.zeros(n, dtype=bool)
    for j in range(n):
        choice = best.get(j)
        for i, e in earlier.get(j, ()):
            if seed[i] and (choice is None or e > choice[0]):
                choice = (e, str(ids[i]))
        if choice is None:
            seed[j] = True
            story.append(str(ids[j]))
        else:
            story.append(choice[1])

    rows = np.flatnonzero(bandable & seed)
    return Clusters(story, ids[rows], band_hashes[rows], stored_matches=len(best), candidates=len(pairs) + len(a))


def assign_story_clusters(con, df: pd.DataFrame, threshold: float = DEFAULT_THRESHOLD,
                          window_hours: float | None = DEFAULT_WINDOW_HOURS) -> pd.DataFrame:
    """A copy of `df` with `story_id` filled by `cluster_documents` (nothing is written)."""
    out = df.copy()
    out["story_id"] = cluster_documents(con, out, threshold, window_hours).story_id
    return out


# --------------------------------------------------------------------------------------------------- write


def write_documents(con, df: pd.DataFrame, threshold: float = DEFAULT_THRESHOLD, *,
                    window_hours: float | None = DEFAULT_WINDOW_HOURS,
                    timings: dict[str, float] | None = None) -> WriteCounts:
    """De-duplicate `df` against itself and the stored documents, cluster into stories, insert new rows (and their
    LSH bands) and upgrade stored feed-only rows. Call inside `store.transaction(con)` so the batch is written
    whole or not at all.

    Args:
        threshold: minimum estimated Jaccard similarity for two documents to share a story (0 < threshold <= 1).
        window_hours: maximum publication-time gap within one story (None: no limit).

        timings: when given, seconds spent per step are added to it (`write:dedupe`, `write:cluster`,
            `write:insert`), for benchmarks.

    Returns:
        WriteCounts(new, duplicate, upgraded, new_ids).
    """
    timer = _Timer(timings)
    counts = WriteCounts()
    if not 0 < threshold <= 1:
        raise DocumentError(f"near-duplicate threshold is an estimated Jaccard similarity in (0, 1], got {threshold!r}")
    if df is None or df.empty:
        return counts
    timer.lap()
    df = df.copy()
    # Within the batch: one row per canonical URL (page/API text preferred over feed text), then per id.
    df["_rank"] = (df["text_source"] == "feed").astype(int)
    df["_key"] = df["canonical_url"].fillna("\x00" + df["id"])
    df = df.sort_values(["_rank"], kind="stable")
    before = len(df)
    df = df.drop_duplicates("_key", keep="first").drop_duplicates("id", keep="first")
    df = df.drop_duplicates(["outlet", "content_hash"], keep="first") if df["outlet"].notna().all() else \
        df[~(df["outlet"].notna() & df.duplicated(["outlet", "content_hash"], keep="first"))]
    counts.duplicate += before - len(df)
    df = df.sort_index().drop(columns=["_rank", "_key"])

    con.register("_vigil_docs", df[["id", "canonical_url", "outlet", "content_hash", "text_source"]])
    try:
        by_url = """SELECT n.id AS new_id, d.id AS old_id, d.text_source AS old_source, d.page_attempts AS old_attempts
                    FROM _vigil_docs n JOIN documents d ON d.canonical_url = n.canonical_url
                    UNION
                    """ if df["canonical_url"].notna().any() else ""  # no URLs (an archive): skip the scan
        existing = con.execute(
            by_url + """SELECT n.id AS new_id, d.id AS old_id, d.text_source AS old_source,
                               d.page_attempts AS old_attempts
                        FROM _vigil_docs n JOIN documents d ON d.id = n.id"""
        ).df()
        # as within the batch: only a known outlet makes a re-post (rows without one are told apart by id)
        reposts = set(con.execute(
            """SELECT DISTINCT n.id FROM _vigil_docs n JOIN documents d
                 ON d.content_hash = n.content_hash AND d.outlet = n.outlet AND d.id <> n.id"""
        ).df()["id"]) if df["outlet"].notna().any() else set()
    finally:
        con.unregister("_vigil_docs")

    upgrade_ids: dict[str, str] = {}
    known: set[str] = set()
    for row in existing.itertuples(index=False):
        known.add(row.new_id)
        if row.old_source == "feed":
            upgrade_ids[row.new_id] = row.old_id
    text_source = dict(zip(df["id"], df["text_source"], strict=True))
    upgrade_ids = {k: v for k, v in upgrade_ids.items() if text_source[k] != "feed"}
    insert = df[~df["id"].isin(known) & ~df["id"].isin(reposts)]
    upgrade = df[df["id"].isin(list(upgrade_ids))].copy()
    counts.duplicate += len(df) - len(insert) - len(upgrade)

    if not upgrade.empty:
        upgrade["id"] = upgrade["id"].map(upgrade_ids)
    # one clustering pass for inserts and upgrades together, so copies arriving in one batch find each other
    todo = pd.concat([insert, upgrade], ignore_index=True) if not upgrade.empty else insert
    timer.lap("write:dedupe")
    if not todo.empty:
        clusters = cluster_documents(con, todo, threshold, window_hours)
        timer.lap("write:cluster")
        todo = todo.assign(story_id=clusters.story_id)
        if not upgrade.empty:
            con.execute("DELETE FROM document_bands WHERE document_id IN (SELECT unnest(?))", [upgrade["id"].tolist()])
        _insert_bands(con, clusters.seed_ids, clusters.seed_hashes)
        insert, upgrade = todo.iloc[:len(insert)], todo.iloc[len(insert):]
    if not insert.empty:
        insert_df(con, "documents", pa.Table.from_pandas(insert, preserve_index=False))  # Arrow: a third faster
        counts.new = len(insert)
        counts.new_ids = insert["id"].tolist()
    if not upgrade.empty:
        _upgrade(con, upgrade)
        counts.upgraded = len(upgrade)
    timer.lap("write:insert")
    return counts


class _Timer:
    """Adds the seconds since the last lap to `timings[name]` (nothing when `timings` is None)."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings, self.t = timings, time.perf_counter()

    def lap(self, name: str | None = None) -> None:
        if self.timings is None:
            return
        now = time.perf_counter()
        if name:
            self.timings[name] = self.timings.get(name, 0.0) + now - self.t
        self.t = now


def _upgrade(con, df: pd.DataFrame) -> None:
    """Replace the text of stored feed-only rows in place (non-indexed columns only: DuckDB rewrites an indexed
    column as delete + insert, which can trip its unique checks inside one transaction)."""
    cols = ["id", *UPGRADE_COLUMNS]
    con.register("_vigil_upgrade", df[cols])
    try:
        sets = ", ".join(
            f"{c} = coalesce(u.{c}, d.{c})" if c in ("title", "author", "published_at", "metadata") else f"{c} = u.{c}"
            for c in UPGRADE_COLUMNS if c != "page_attempts"
        )
        con.execute(
            f"UPDATE documents AS d SET {sets}, page_attempts = d.page_attempts + 1 "
            f"FROM _vigil_upgrade u WHERE d.id = u.id AND d.text_source = 'feed'"
        )
    finally:
        con.unregister("_vigil_upgrade")


def backfill_bands(con, chunk: int = 20_000) -> int:
    """Write `document_bands` rows for stored story seeds that have none (stored before bands existed); returns
    how many documents were banded. Texts too short to band are skipped (and looked at again on the next call)."""

    banded = skipped = 0
    while True:
        todo = con.execute(
            f"""SELECT d.id, d.title, d.text FROM documents d
                WHERE d.story_id = d.id
                  AND NOT EXISTS (SELECT 1 FROM document_bands b WHERE b.document_id = d.id)
                ORDER BY d.id LIMIT {int(chunk)} OFFSET {skipped}"""
        ).df()
        if todo.empty:
            return banded
        stories = _Stories(todo.assign(published_at=None))
        hashes = minhash.band_hashes(stories.sigs)
        rows = np.flatnonzero(stories.bandable)
        _insert_bands(con, todo["id"].to_numpy()[rows], hashes[rows])
        banded += len(rows)
        skipped += len(todo) - len(rows)


def record_page_attempts(con, ids: list[str]) -> int:
    """Count one more failed page attempt on stored feed-only documents."""
    if not ids:
        return 0
    con.execute("UPDATE documents SET page_attempts = page_attempts + 1 WHERE id IN (SELECT unnest(?))", [ids])
    return len(ids)
