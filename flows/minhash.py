"""MinHash signatures and LSH bands over word 3-shingles, for story clustering (`minhash.v1`).

A document's *story text* is its body without the title (when the body repeats it) and without a leading credit
line or dateline such as "(Continental Wire)" or "GENEVA (Reuters) -", lower-cased and cut into words (runs of
letters, digits and '_'). Its shingles are the consecutive word triples (the words themselves for texts of one or two
words), each hashed to 64 bits.

The signature holds NUM_PERM values: for permutation k, the minimum over the document's shingles of the top 32
bits of `a_k * h + b_k (mod 2^64)` (multiply-shift hashing with fixed odd multipliers), all in numpy, one array
operation per chunk of shingles. The fraction of equal positions in two signatures estimates the Jaccard
similarity of the two shingle sets (standard error about sqrt(J(1-J)/128) = 0.04 at J = 0.6).

LSH: the signature is cut into BANDS bands of ROWS values each, and each band is hashed to one UBIGINT. Two
documents with Jaccard J share at least one band hash with probability 1 - (1 - J^ROWS)^BANDS:

    J:  0.2    0.3    0.4    0.5    0.6    0.65   0.7    0.8
    P:  0.050  0.229  0.566  0.873  0.988  0.998  >0.999 >0.999

so candidates are found with one equi-join on (band, hash), and then verified by their estimated Jaccard.

Everything here is deterministic across processes and platforms (no Python `hash`, fixed seeds), because band
hashes are stored in `document_bands` and compared with those of documents written years later. Any change to
the text preparation, hashing or parameters is a new VERSION (and needs the stored bands rebuilt).
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from flows.fast_text import (  # the same 64-bit mixers as the language/word hashing
    _mix,
    _rotl,
)

VERSION = "minhash.v1"
NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE = 3
CHUNK_SHINGLES = 16_384  # shingles per array step: CHUNK_SHINGLES x NUM_PERM x 8 bytes = 16 MB of scratch

_M64 = (1 << 64) - 1
_EMPTY = np.uint32(0xFFFFFFFF)

# Leading credit line / dateline: "(Continental Wire)", "GENEVA (Reuters) -", "PARIS, 3 March (AFP) —"
_CREDIT = re.compile(r"^\s*(?:[A-ZÀ-Þ][A-ZÀ-Þ .,'\-]{1,40}(?:,\s*[\w ]{1,20})?\s*)?\([^()\n]{1,60}\)\s*[-–—:]*\s*")
# A leading byline ("By Maria Lopez, Continental Wire") and trailing agency credits ("Additional reporting by …")
_BYLINE = re.compile(r"^\s*(?:by|par|por)\s[^\n]{1,100}\n", re.IGNORECASE)
_TAIL = re.compile(r"(?:\n|^)\s*\(?\s*(?:additional\s+)?(?:reporting|editing|writing|compiled)\s+by\b[^\n]{0,200}\s*$",
                   re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w]+")
# A name: a capitalised word that does not open a sentence (the group before it is empty)
_TOKEN = re.compile(r"([.!?…:;]['\"”’)]*\s+|^\s*|\n\s*|[\"“«(]\s*)?(\w[\w'’\-]*)")


def _seeds() -> tuple[np.ndarray, np.ndarray]:
    """NUM_PERM odd multipliers and NUM_PERM offsets from a fixed SplitMix64 stream (stable forever)."""
    state, out = 0x5EED_0F_A7_0C17, []
    for _ in range(2 * NUM_PERM):
        state = (state + 0x9E3779B97F4A7C15) & _M64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _M64
        out.append(z ^ (z >> 31))
    a = np.array(out[:NUM_PERM], dtype=np.uint64) | np.uint64(1)
    b = np.array(out[NUM_PERM:], dtype=np.uint64)
    return a, b


_A, _B = _seeds()


def story_body(text: str | None, title: str | None = None) -> str:
    """The part of a document that identifies its story, in its own case: the body without a repeated title, a
    leading byline, credit line or dateline, or trailing "reporting by" credits; NFKC-normalised."""
    return story_texts([text], [title])[0][0]


def words(body: str) -> str:
    """A story body lower-cased, as words separated by single spaces (what is shingled)."""
    return _NON_WORD.sub(" ", body.lower()).strip()


def story_text(text: str | None, title: str | None = None) -> str:
    """`words(story_body(text, title))`."""
    return words(story_body(text, title))


_SEP = "\ue000"  # a private-use character: not a word character, untouched by NFKC and lower()
_NON_WORD_SEP = re.compile(r"[^\w\ue000]+")


def story_texts(texts: list, titles: list | None = None) -> tuple[list[str], list[str]]:
    """(`story_body`, `story_text`) of many documents at once: the same results, with the Unicode normalisation and
    the word split done once over the joined batch."""
    titles = titles if titles is not None else [None] * len(texts)
    clean = [t.replace(_SEP, " ") if isinstance(t, str) else "" for t in texts]
    heads = [t.replace(_SEP, " ") if isinstance(t, str) else "" for t in titles]
    clean = unicodedata.normalize("NFKC", _SEP.join(clean)).split(_SEP) if clean else []
    heads = unicodedata.normalize("NFKC", _SEP.join(heads)).split(_SEP) if heads else []
    bodies = []
    for body, head in zip(clean, heads, strict=True):
        body, head = body.strip(), head.strip()
        if head and body[: len(head)].casefold() == head.casefold():
            body = body[len(head):].lstrip()
        if body[:4].lower() in ("by ", "par ", "por ") or body[:3].lower() == "by ":
            body = _BYLINE.sub("", body, count=1)
        if "(" in body[:120]:
            body = _CREDIT.sub("", body, count=1)
        if "by" in body[-300:].lower():
            tail = _TAIL.search(body, max(0, len(body) - 300))  # a credit line is short: look at the end only
            if tail:
                body = body[: tail.start()]
        bodies.append(body)
    joined = _NON_WORD_SEP.sub(" ", _SEP.join(bodies).lower())
    return bodies, [w.strip() for w in joined.split(_SEP)] if bodies else []


def names(body: str) -> frozenset[str]:
    """Capitalised words of a story body that do not open a sentence: the people, places and organisations that
    tell two stories written from one template apart."""
    return frozenset(m.group(2) for m in _TOKEN.finditer(body) if m.group(1) is None and m.group(2)[0].isupper())


def names_differ(a: frozenset[str], b: frozenset[str], share: float = 0.2) -> bool:
    """True when each side has names the other lacks, as many as `share` of the smaller set: names *replaced*
    (another country, town or person), not names added (a credit) or dropped (a trimmed paragraph)."""
    replaced = min(len(a - b), len(b - a))
    return replaced > 0 and replaced >= share * min(len(a), len(b))


def _word_hashes(words_texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """64-bit hash of every word of every text (texts as `story_text` returns them), and the word count of each.

    A word's hash is a polynomial over its UTF-8 bytes finished with SplitMix64, computed for all words at once
    over the joined bytes."""
    n = len(words_texts)
    raw = "\n".join(words_texts).encode("utf-8", errors="surrogatepass")
    b = np.frombuffer(raw, dtype=np.uint8)
    if not len(b):
        return np.zeros(0, dtype=np.uint64), np.zeros(n, dtype=np.int64)
    word = (b != 32) & (b != 10)
    starts = np.flatnonzero(word & ~np.r_[False, word[:-1]])
    ends = np.flatnonzero(word & ~np.r_[word[1:], False]) + 1
    if not len(starts):
        return np.zeros(0, dtype=np.uint64), np.zeros(n, dtype=np.int64)
    doc = np.searchsorted(np.flatnonzero(b == 10), starts, side="right")
    counts = np.bincount(doc, minlength=n)
    lengths = ends - starts
    idx = np.flatnonzero(word)
    pos = np.arange(len(idx)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    powers = np.cumprod(np.r_[np.uint64(1), np.full(int(lengths.max()), 0x100000001B3, dtype=np.uint64)])
    with np.errstate(over="ignore"):
        vals = (b[idx].astype(np.uint64) + np.uint64(1)) * powers[pos]
        sums = np.add.reduceat(vals, np.r_[0, np.cumsum(lengths)[:-1]])
        return _mix(sums ^ (lengths.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))), counts


def shingle_hashes(story_texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(64-bit hash of every shingle of every text in order, shingles per text); texts as `story_text` returns."""
    wh, counts = _word_hashes(story_texts)
    grams = np.where(counts >= SHINGLE, counts - SHINGLE + 1, counts)
    if not len(wh):
        return wh, grams
    starts = np.cumsum(counts) - counts
    first = np.repeat(starts, grams) + (np.arange(int(grams.sum())) - np.repeat(np.cumsum(grams) - grams, grams))
    long_ = np.repeat(counts >= SHINGLE, grams)
    h = wh[first].copy()
    with np.errstate(over="ignore"):
        if long_.any():
            i = first[long_]
            h[long_] = _mix(wh[i] ^ _rotl(wh[i + 1], 21) ^ _rotl(wh[i + 2], 42))
    return h, grams


def signatures(story_texts: list[str], *, with_counts: bool = False):
    """MinHash signatures, shape (len(texts), NUM_PERM), uint32 (with `with_counts`, also the number of shingles
    of each text). A text without words gets all 0xFFFFFFFF (see `has_shingles`); it must not be banded."""
    h, grams = shingle_hashes(story_texts)
    out = np.full((len(story_texts), NUM_PERM), np.uint64(_M64), dtype=np.uint64)
    if not len(h):
        sigs = (out >> np.uint64(32)).astype(np.uint32)
        return (sigs, grams) if with_counts else sigs
    doc = np.repeat(np.arange(len(story_texts)), grams)
    # permutations x shingles, so each document's minimum is a reduction over contiguous memory (7x faster than
    # reducing the other axis)
    scratch = np.empty((NUM_PERM, min(CHUNK_SHINGLES, len(h))), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for lo in range(0, len(h), CHUNK_SHINGLES):
            hi = min(lo + CHUNK_SHINGLES, len(h))
            v = scratch[:, : hi - lo]
            np.multiply(_A[:, None], h[None, lo:hi], out=v)
            v += _B[:, None]
            d = doc[lo:hi]
            seg = np.r_[0, np.flatnonzero(d[1:] != d[:-1]) + 1]
            rows = d[seg]
            out[rows] = np.minimum(out[rows], np.minimum.reduceat(v, seg, axis=1).T)
    sigs = (out >> np.uint64(32)).astype(np.uint32)
    return (sigs, grams) if with_counts else sigs


def has_shingles(sigs: np.ndarray) -> np.ndarray:
    """Which signatures come from a text with at least one word."""
    return ~(sigs == _EMPTY).all(axis=1)


def band_hashes(sigs: np.ndarray) -> np.ndarray:
    """One UBIGINT per band: shape (n, BANDS), uint64."""
    v = np.ascontiguousarray(sigs, dtype=np.uint32).astype(np.uint64).reshape(len(sigs), BANDS, ROWS)
    with np.errstate(over="ignore"):
        h = np.zeros(v.shape[:2], dtype=np.uint64)
        for r in range(ROWS):
            h = _mix(h ^ v[:, :, r] ^ np.uint64(r + 1) << np.uint64(40))
    return h


def estimate_jaccard(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of paired signatures (rows of `a` with rows of `b`)."""
    return (np.asarray(a) == np.asarray(b)).mean(axis=-1)
