r"""Batch text features for `flows.documents`: language identification and SimHash over many texts at once.

Both were per-document Python loops (a byte-by-byte DFA walk in py3langid, a blake2b call per shingle), which
capped ingest and archive import at a few hundred documents per second. Here:

- `identify_languages` runs py3langid's own model (the same DFA, feature table and naive-Bayes scores) over a
  batch in lockstep: one numpy step per byte position moves every document's DFA state at once, and the scores
  come from one sparse matrix product. Results equal `LanguageIdentifier.classify` (up to float rounding).
- `simhash_many` hashes every word of a batch in numpy over the joined UTF-8 bytes (a word is a run of letters,
  digits and '_', as `\w+`; a polynomial byte hash finished with SplitMix64), combines three consecutive word
  hashes into a shingle hash, and counts the 64 bit votes of all shingles of all texts with `unpackbits` and
  `add.reduceat`.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import numpy as np

_M64 = np.uint64(0xFFFFFFFFFFFFFFFF)
CHUNK = 1024  # documents per lockstep walk / bit count (bounds memory)


# ------------------------------------------------------------------------------------------------ SimHash


# Bytes that end a word: ASCII other than letters, digits and '_' (as `\w`); bytes >= 0x80 (UTF-8 letters) are
# word bytes, except the common Unicode punctuation below, turned into spaces first.
_NON_WORD = np.ones(256, dtype=bool)
for _c in b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_":
    _NON_WORD[_c] = False
_NON_WORD[0x80:] = False
_PUNCT = [c.encode("utf-8") for c in "«»‘’‚‛“”„‟‹›–—―…•·¡¿、。，：；！？（）【】《》「」"]
_P = np.uint64(0x100000001B3)  # FNV-64 prime: word hash = mix(sum of (byte + 1) x P^i, length)


def _rotl(x: np.ndarray, r: int) -> np.ndarray:
    return (x << np.uint64(r)) | (x >> np.uint64(64 - r))


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser: every output bit depends on every input bit."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _word_hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(64-bit hash of every word of every text in order, number of words per text), words being runs of word
    bytes, all in numpy over the joined UTF-8 bytes."""
    raw = "\n".join(texts).encode("utf-8", errors="surrogatepass")
    for p in _PUNCT:
        if p in raw:
            raw = raw.replace(p, b" ")
    b = np.frombuffer(raw, dtype=np.uint8)
    word = ~_NON_WORD[b]
    starts = np.flatnonzero(word & ~np.r_[False, word[:-1]])
    ends = np.flatnonzero(word & ~np.r_[word[1:], False]) + 1
    # the joining newlines separate texts (normalised texts hold no other newline)
    doc_of_start = np.searchsorted(np.flatnonzero(b == 10), starts)
    counts = np.bincount(doc_of_start, minlength=len(texts)) if len(starts) else np.zeros(len(texts), int)
    if not len(starts):
        return np.zeros(0, dtype=np.uint64), counts
    lengths = ends - starts
    idx = np.flatnonzero(word)
    pos = np.arange(len(idx)) - np.repeat(np.cumsum(lengths) - lengths, lengths)  # position within its word
    powers = np.cumprod(np.r_[np.uint64(1), np.full(int(lengths.max()), _P, dtype=np.uint64)])
    with np.errstate(over="ignore"):
        vals = (b[idx].astype(np.uint64) + np.uint64(1)) * powers[pos]
        sums = np.add.reduceat(vals, np.r_[0, np.cumsum(lengths)[:-1]])
        return _mix(sums ^ (lengths.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))), counts


def simhash_many(normalised: list[str], shingle: int = 3) -> np.ndarray:
    """64-bit SimHash of each (already normalised) text over word `shingle`-grams (single words for texts shorter
    than that); 0 for a text without words. Returns a uint64 array."""
    out = np.zeros(len(normalised), dtype=np.uint64)
    for lo in range(0, len(normalised), CHUNK):
        wh, lens = _word_hashes(normalised[lo:lo + CHUNK])
        if not len(wh):
            continue
        ends = np.cumsum(lens)
        starts = ends - lens
        with np.errstate(over="ignore"):
            # shingle k of a text starts at word k; it exists while k + shingle <= len (else: the words themselves)
            grams = np.where(lens >= shingle, lens - shingle + 1, lens)
            doc = np.repeat(np.arange(len(lens)), grams)
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
    steps = []
    for pos in range(width):
        k = active[pos]
        s = nextmove[rowbase[state[:k]] + grid[pos, :k]]
        state[:k] = s
        steps.append(out[s])
    if not steps:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    feats = np.concatenate(steps)
    docs = order[np.concatenate([np.arange(len(f)) for f in steps])]
    hit = feats >= 0
    return docs[hit], feats[hit]


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
