"""Batch text features for `flows.documents`: language identification and SimHash over many texts at once.

Both were per-document Python loops (a byte-by-byte DFA walk in py3langid, a blake2b call per shingle), which
capped ingest and archive import at a few hundred documents per second. Here:

- `identify_languages` runs py3langid's own model (the same DFA, feature table and naive-Bayes scores) over a
  batch in lockstep: one numpy step per byte position moves every document's DFA state at once, and the scores
  come from one sparse matrix product. Results equal `LanguageIdentifier.classify` (up to float rounding).
- `simhash_many` hashes each distinct word once (blake2b, cached), combines three consecutive word hashes into a
  shingle hash with a SplitMix64 finaliser in numpy, and counts the 64 bit votes of all shingles of all texts
  with one `unpackbits` and one `add.reduceat`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

import numpy as np

_WORD = re.compile(r"\w+", re.UNICODE)
_M64 = np.uint64(0xFFFFFFFFFFFFFFFF)
CHUNK = 1024  # documents per lockstep walk / bit count (bounds memory)
WORD_CACHE_MAX = 500_000


# ------------------------------------------------------------------------------------------------ SimHash


class _WordHashes(dict):
    """word -> 64-bit blake2b hash, computed on first use."""

    def __missing__(self, word: str) -> int:
        if len(self) >= WORD_CACHE_MAX:
            self.clear()
        h = int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
        self[word] = h
        return h


_WORD_HASHES = _WordHashes()


def _rotl(x: np.ndarray, r: int) -> np.ndarray:
    return (x << np.uint64(r)) | (x >> np.uint64(64 - r))


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser: every output bit depends on every input bit."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def simhash_many(normalised: list[str], shingle: int = 3) -> np.ndarray:
    """64-bit SimHash of each (already normalised) text over word `shingle`-grams (single words for texts shorter
    than that); 0 for a text without words. Returns a uint64 array."""
    out = np.zeros(len(normalised), dtype=np.uint64)
    get = _WORD_HASHES.__getitem__
    for lo in range(0, len(normalised), CHUNK):
        words = [_WORD.findall(t) for t in normalised[lo:lo + CHUNK]]
        lens = np.fromiter((len(w) for w in words), dtype=np.int64, count=len(words))
        flat = [h for ws in words for h in map(get, ws)]
        if not flat:
            continue
        wh = np.array(flat, dtype=np.uint64)
        ends = np.cumsum(lens)
        starts = ends - lens
        with np.errstate(over="ignore"):
            # shingle k of a text starts at word k; it exists while k + shingle <= len (else: the words themselves)
            grams = np.where(lens >= shingle, lens - shingle + 1, lens)
            doc = np.repeat(np.arange(len(words)), grams)
            first = np.repeat(starts, grams) + (np.arange(grams.sum()) - np.repeat(np.cumsum(grams) - grams, grams))
            long_ = lens[doc] >= shingle
            h = wh[first].copy()
            if long_.any():
                idx = first[long_]
                comb = wh[idx]
                for j in range(1, shingle):
                    comb = comb ^ _rotl(wh[idx + j], (31 * j) % 64)
                h[long_] = _mix(comb)
            nonempty = np.flatnonzero(grams)
            offsets = (np.cumsum(grams) - grams)[nonempty]
            octets = h.view(np.uint8).reshape(-1, 8)
            votes = np.empty((len(nonempty), 64), dtype=bool)
            for b in range(8):  # one byte column at a time: memory stays 8 bytes per shingle
                bits = np.unpackbits(octets[:, b:b + 1], axis=1, bitorder="little")
                votes[:, 8 * b:8 * b + 8] = (np.add.reduceat(bits, offsets, axis=0, dtype=np.int32) * 2
                                             > grams[nonempty, None])
        packed = np.packbits(votes, axis=1, bitorder="little").view(np.uint64).ravel()
        out[lo + nonempty] = packed
    return out


# ------------------------------------------------------------------------------------------------ language


@lru_cache(maxsize=1)
def _model():
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    return {
        "ident": ident,
        "nextmove": np.frombuffer(ident.tk_nextmove, dtype=np.dtype(ident.tk_nextmove.typecode)).astype(np.int64),
        "rowbase": np.asarray(ident.tk_row, dtype=np.int64) << 8,
        "out": np.asarray(ident.tk_output, dtype=np.int64),
    }


def _encode(text: str) -> bytes:
    """py3langid's input encoding: lower case if all upper, NFC, UTF-8."""
    if text.isupper():
        text = text.lower()
    return unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")


def _walk(samples: list[bytes], m: dict) -> tuple[np.ndarray, np.ndarray]:
    """Run the DFA over all samples in lockstep; return (document index, feature id) of every feature hit."""
    n = len(samples)
    lens = np.fromiter((len(s) for s in samples), dtype=np.int64, count=n)
    order = np.argsort(-lens, kind="stable")
    sorted_lens = lens[order]
    width = int(sorted_lens[0]) if n else 0
    grid = np.zeros((width, n), dtype=np.uint8)  # byte position x document (longest first)
    for col, i in enumerate(order):
        if lens[i]:
            grid[: lens[i], col] = np.frombuffer(samples[i], dtype=np.uint8)
    active = np.searchsorted(-sorted_lens, -np.arange(1, width + 1), side="right")  # docs longer than pos
    nextmove, rowbase, out = m["nextmove"], m["rowbase"], m["out"]
    state = np.zeros(n, dtype=np.int64)
    docs, feats = [], []
    for pos in range(width):
        k = active[pos]
        s = nextmove[rowbase[state[:k]] + grid[pos, :k]]
        state[:k] = s
        f = out[s]
        hit = np.flatnonzero(f >= 0)
        docs.append(order[hit])
        feats.append(f[hit])
    if not docs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(docs), np.concatenate(feats)


def identify_languages(texts: list[str], sample_chars: int = 2000) -> list[tuple[str, float]]:
    """(language code, normalised probability) of each text, as py3langid's `classify` with `norm_probs=True`
    on its first `sample_chars` characters."""
    from scipy import sparse

    m = _model()
    ident = m["ident"]
    results: list[tuple[str, float]] = []
    classes = ident.nb_classes
    for lo in range(0, len(texts), CHUNK):
        samples = [_encode(t[:sample_chars]) for t in texts[lo:lo + CHUNK]]
        n = len(samples)
        docs, feats = _walk(samples, m)
        # count (feature, document) pairs with one sort; the sorted order is already column-major (CSC)
        keys = np.sort(feats * n + docs)
        first = np.r_[0, np.flatnonzero(np.diff(keys)) + 1] if len(keys) else np.zeros(0, dtype=np.int64)
        uk = keys[first]
        counts = np.diff(np.r_[first, len(keys)]).astype(np.float32)
        f, d = uk // n, uk % n
        fstart = np.r_[0, np.flatnonzero(np.diff(f)) + 1] if len(f) else np.zeros(0, dtype=np.int64)
        indptr = np.r_[fstart, len(f)]
        matrix = sparse.csc_matrix((np.log1p(counts), d, indptr), shape=(n, len(fstart)))
        scores = np.asarray(matrix @ ident.nb_ptc[f[fstart]].astype(np.float32), dtype=np.float32) + ident.nb_pc
        has = np.zeros(n, dtype=bool)
        has[d] = True
        scores[~has] = 0.0  # no features: uniform (py3langid abstains the same way)
        lens = np.fromiter((len(s) for s in samples), dtype=np.float32, count=n)
        scores *= (1.0 / np.sqrt(np.maximum(lens, 1)))[:, None]
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        scores /= scores.sum(axis=1, keepdims=True)
        for i, j in ident._alias_pairs:
            scores[:, i] += scores[:, j]
            scores[:, j] = 0.0
        best = scores.argmax(axis=1)
        conf = scores[np.arange(n), best]
        results.extend((classes[b], float(c)) for b, c in zip(best.tolist(), conf.tolist(), strict=True))
    return results
