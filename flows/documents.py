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
- Near-duplicates share a `story_id`: 64-bit SimHash over word 3-shingles, Hamming distance <= threshold. Lookup
  is banded: with threshold t the hash is cut into t+1 bands, and two hashes within distance t agree on at least
  one whole band (pigeonhole), so an equi-join per band finds every candidate without scanning pairs.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from itertools import islice

import numpy as np
import pandas as pd

from flows.fast_text import identify_languages, simhash_many

TEXT_SOURCES = ("page", "feed", "api", "import")
DEFAULT_THRESHOLD = 3
SHINGLE = 3
MIN_LANGUAGE_CONFIDENCE = 0.5
LANGUAGE_SAMPLE = 2000  # characters of a text given to language identification
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


def hamming(a: int, b: int) -> int:
    """Number of differing bits between two 64-bit hashes."""
    return (int(a) ^ int(b)).bit_count()


def bands(threshold: int = DEFAULT_THRESHOLD) -> list[tuple[int, int]]:
    """(shift, mask) of each of the threshold+1 bands covering the 64 bits (widths differ by at most one bit)."""
    count = threshold + 1
    if not 1 <= count <= 64:
        raise DocumentError(f"SimHash threshold must be between 0 and 63, got {threshold}")
    out, shift = [], 0
    for i in range(count):
        width = 64 // count + (1 if i < 64 % count else 0)
        out.append((shift, (1 << width) - 1))
        shift += width
    return out


def document_id(canonical: str | None, source: str, external_id: str | None, chash: str) -> str:
    """Stable id: from the canonical URL when there is one, else from source + external id, else source + hash."""
    key = canonical or (f"{source}\x1f{external_id}" if external_id else f"{source}\x1f{chash}")
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


# --------------------------------------------------------------------------------------------------- language


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


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


def _utc_naive(value) -> datetime | None:
    if value is None or value == "" or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
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
    from flows.articles import canonical_url as normalise_url

    now = fetched_at or datetime.now(timezone.utc).replace(tzinfo=None)
    rows, normalised = [], []
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
        url = rec.get("url") or None
        canonical = rec.get("canonical_url") or (normalise_url(url) if url else None)
        normalised.append(normalise_text(text))
        chash = hashlib.sha256(normalised[-1].encode("utf-8")).hexdigest()  # = content_hash(text)
        metadata = rec.get("metadata")
        rows.append({
            "id": rec.get("id") or document_id(canonical, source, rec.get("external_id"), chash),
            "source": source,
            "outlet": rec.get("outlet") or None,
            "external_id": None if rec.get("external_id") is None else str(rec["external_id"]),
            "url": url,
            "canonical_url": canonical,
            "title": rec.get("title") or None,
            "summary": rec.get("summary") or None,
            "text": text,
            "text_source": text_source,
            "language": rec.get("language"),  # a hint until detected below, for the whole batch at once
            "author": rec.get("author") or None,
            "published_at": _utc_naive(rec.get("published_at")),
            "fetched_at": _utc_naive(rec.get("fetched_at")) or now,
            "content_hash": chash,
            "simhash": 0,
            "story_id": rec.get("story_id"),
            "page_attempts": int(rec.get("page_attempts") or 0),
            "synthetic": bool(rec.get("synthetic", False)),
            "metadata": json.dumps(metadata, ensure_ascii=False, default=str) if metadata is not None else None,
        })
    df = pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)
    hints = df["language"].tolist()
    df["language"] = detect_languages(df["text"].tolist(), hints) if detect else [_short_language(h) for h in hints]
    df["simhash"] = simhash_many(normalised) if rows else np.zeros(0, dtype=np.uint64)
    df["page_attempts"] = df["page_attempts"].astype("int32")
    df["published_at"] = pd.to_datetime(df["published_at"])
    df["fetched_at"] = pd.to_datetime(df["fetched_at"])
    return df


# --------------------------------------------------------------------------------------------------- clusters


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _stored_matches(con, df: pd.DataFrame, threshold: int) -> dict[int, tuple[int, str]]:
    """For each row position with a stored near-duplicate: (distance, story_id) of the closest one."""
    probe = pd.DataFrame({"pos": np.arange(len(df)), "id": df["id"].to_numpy(),
                          "simhash": df["simhash"].astype("uint64").to_numpy()})
    probe = probe[probe["simhash"] != 0]
    if probe.empty:
        return {}
    selects = []
    for shift, mask in bands(threshold):
        selects.append(
            f"SELECT p.pos, d.story_id, bit_count(xor(d.simhash, p.simhash)) AS dist, d.fetched_at "
            f"FROM _vigil_probe p JOIN documents d "
            f"ON ((d.simhash >> {shift}) & {mask}) = ((p.simhash >> {shift}) & {mask}) "
            f"WHERE d.simhash <> 0 AND d.id <> p.id AND bit_count(xor(d.simhash, p.simhash)) <= {threshold}"
        )
    sql = ("SELECT pos, arg_min(story_id, (dist, fetched_at)) AS story_id, min(dist) AS dist FROM ("
           + " UNION ALL ".join(selects) + ") GROUP BY pos")
    con.register("_vigil_probe", probe)
    try:
        rows = con.execute(sql).fetchall()
    finally:
        con.unregister("_vigil_probe")
    return {int(pos): (int(dist), story) for pos, story, dist in rows}


def assign_story_clusters(con, df: pd.DataFrame, threshold: int = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """Fill `story_id`: the story of the closest stored near-duplicate, else shared with near-duplicates in the
    same batch, else the document's own id. Returns a copy of `df`.

    The stored lookup is one UNION of banded equi-joins (see module docstring), so it stays fast on ~1M rows.
    """
    out = df.copy()
    n = len(out)
    if n == 0:
        return out
    stored = _stored_matches(con, out, threshold)
    hashes = [int(h) for h in out["simhash"].astype("uint64")]
    uf = _UnionFind(n)
    for shift, mask in bands(threshold):
        buckets: dict[int, list[int]] = {}
        for i, h in enumerate(hashes):
            if h:
                buckets.setdefault((h >> shift) & mask, []).append(i)
        for members in buckets.values():
            for a_idx, a in enumerate(members):
                for b in members[a_idx + 1:]:
                    if hamming(hashes[a], hashes[b]) <= threshold:
                        uf.union(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(uf.find(i), []).append(i)
    ids = out["id"].tolist()
    story = [None] * n
    for members in groups.values():
        matched = [stored[i] for i in members if i in stored]
        chosen = min(matched)[1] if matched else ids[members[0]]
        for i in members:
            story[i] = chosen
    out["story_id"] = story
    return out


# --------------------------------------------------------------------------------------------------- write


def write_documents(con, df: pd.DataFrame, threshold: int = DEFAULT_THRESHOLD) -> WriteCounts:
    """De-duplicate `df` against itself and the stored documents, cluster, insert new rows and upgrade stored
    feed-only rows. Call inside `store.transaction(con)` so the batch is written whole or not at all.

    Returns:
        WriteCounts(new, duplicate, upgraded, new_ids).
    """
    counts = WriteCounts()
    if df is None or df.empty:
        return counts
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
        existing = con.execute(
            """SELECT n.id AS new_id, d.id AS old_id, d.text_source AS old_source, d.page_attempts AS old_attempts
               FROM _vigil_docs n JOIN documents d ON d.canonical_url = n.canonical_url
               UNION
               SELECT n.id, d.id, d.text_source, d.page_attempts
               FROM _vigil_docs n JOIN documents d ON d.id = n.id"""
        ).df()
        # as within the batch: only a known outlet makes a re-post (rows without one are told apart by id)
        reposts = set(con.execute(
            """SELECT DISTINCT n.id FROM _vigil_docs n JOIN documents d
                 ON d.content_hash = n.content_hash AND d.outlet = n.outlet AND d.id <> n.id"""
        ).df()["id"])
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

    if not insert.empty:
        insert = assign_story_clusters(con, insert, threshold)
        from store import insert_df

        insert_df(con, "documents", insert)
        counts.new = len(insert)
        counts.new_ids = insert["id"].tolist()
    if not upgrade.empty:
        upgrade["id"] = upgrade["id"].map(upgrade_ids)
        upgrade = assign_story_clusters(con, upgrade, threshold)
        _upgrade(con, upgrade)
        counts.upgraded = len(upgrade)
    return counts


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


def record_page_attempts(con, ids: list[str]) -> int:
    """Count one more failed page attempt on stored feed-only documents."""
    if not ids:
        return 0
    con.execute("UPDATE documents SET page_attempts = page_attempts + 1 WHERE id IN (SELECT unnest(?))", [ids])
    return len(ids)
