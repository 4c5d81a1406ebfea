"""A compiled matcher for our token patterns over integer stem ids: spaCy ``Matcher`` results, much faster.

The patterns come from :func:`models.patterns.compile_pattern` as spaCy ``Matcher`` token dicts (``NORM``,
``LOWER``, ``LIKE_NUM``, ``TEXT``/``REGEX``, the empty "any token" dict, operators ``?`` and ``{0,N}``).
spaCy's ``Matcher`` runs every pattern as a state machine from every token; with our large word sets and gaps that
was 90% of the tagger's time. Here each pattern variant is indexed by one required word slot, its *anchor*, and is
only tried where a word of its anchor occurs (one binary search of the document's ids finds those tokens): the slots before
the anchor are matched backwards from it, those after it forwards, over sets of token positions. Any required
slot gives the same matches; the rarest is the fastest. Anchors start from a guess (fewest words, stop words
counting 50) and are re-chosen once from the word frequencies of the first ``LEARN_TOKENS`` tokens matched, so
news about killings does not anchor on "killed".

Semantics are those of ``Matcher.__call__`` without ``greedy``: every distinct ``(key, start, end)`` with
``end > start`` such that some variant of ``key`` matches tokens ``start:end``. Matches are returned sorted by
``(end, start, key order)``; spaCy returns them in its state machine's order, which only decides ties between
equally strong hits of one indicator in one sentence (no output differed on 5,870 documents; see
``tests/test_token_matcher.py``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import numpy as np
from spacy.attrs import IDX, LENGTH, LIKE_NUM, LOWER, NORM, ORTH

from models.patterns import PatternError

DOC_ATTRS = [NORM, LOWER, LIKE_NUM, ORTH, IDX, LENGTH]
_STOP_COST = 50  # a stop word as anchor costs as much as 50 ordinary words
_NONWORD_COST = 10_000  # LIKE_NUM / REGEX / any-token slots anchor only when a pattern has nothing else
LEARN_TOKENS = 50_000  # tokens after which anchors are re-chosen from observed word frequencies


class _Tok:
    """One token slot: the token's NORM is in `norms`, or its LOWER in `lowers`, or it is number-like, or its text
    matches `regex`, or (`anyt`) any token."""

    __slots__ = ("anyt", "lowers", "norms", "num", "optional", "plain", "regex")

    def __init__(self, norms=(), lowers=(), num=False, regex=None, anyt=False, optional=False):
        self.norms = frozenset(norms)
        self.lowers = frozenset(lowers)
        self.num = num
        self.regex = regex
        self.anyt = anyt
        self.optional = optional
        self.plain = not (num or regex is not None or anyt)  # a word slot: the set tests decide

    def words(self) -> bool:
        return bool(self.norms or self.lowers) and self.plain


def _values(spec) -> list[str]:
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, dict) and set(spec) == {"IN"}:
        return list(spec["IN"])
    raise PatternError(f"unsupported token value {spec!r}")


def element(token: dict, strings) -> _Tok | int:
    """A spaCy Matcher token dict to a slot (`_Tok`) or a gap (int: up to that many arbitrary tokens)."""
    token = dict(token)
    op = token.pop("OP", "1")
    if op.startswith("{"):
        lo, _, hi = op[1:-1].partition(",")
        if token or (lo or "0") != "0" or not hi:
            raise PatternError(f"unsupported gap {op!r} with {token!r}")
        return int(hi)
    if op not in ("1", "?"):
        raise PatternError(f"unsupported operator {op!r}")
    opt = op == "?"
    if not token:
        return _Tok(anyt=True, optional=opt)
    if len(token) != 1:
        raise PatternError(f"unsupported token pattern {token!r}")
    (attr, spec), = token.items()
    if attr == "NORM":
        return _Tok(norms=[strings.add(v) for v in _values(spec)], optional=opt)
    if attr == "LOWER":
        return _Tok(lowers=[strings.add(v) for v in _values(spec)], optional=opt)
    if attr == "LIKE_NUM" and spec is True:
        return _Tok(num=True, optional=opt)
    if attr == "TEXT" and isinstance(spec, dict) and set(spec) == {"REGEX"}:
        return _Tok(regex=re.compile(spec["REGEX"]), optional=opt)
    raise PatternError(f"unsupported token pattern {token!r}")


class _Variant:
    """One pattern variant anchored at slot `a`: the steps before it (backwards) and after it (forwards).

    A step is ``(gap, slot)``: up to `gap` arbitrary tokens, then `slot` (patterns never start or end with a gap,
    so every gap is followed by a slot in its direction)."""

    __slots__ = ("after", "anchor", "before", "first", "key", "single", "slots")

    def __init__(self, key: int, slots: list, a: int, cost=None):
        self.key = key
        self.slots = slots
        self.before = _steps(reversed(slots[:a]))
        self.after = _steps(slots[a + 1:])
        self.anchor = slots[a]
        self.single = len(slots) == 1
        # the first step of the direction whose first slot is rarer, tested inline before `_extend` (most anchors
        # fail there): (forward?, gap, slot), or None when that slot is optional or tests more than words
        options = [(cost(st[0][1]) if cost else 0, fwd, st[0]) for fwd, st in ((True, self.after), (False, self.before))
                   if st and not st[0][1].optional and st[0][1].plain]
        self.first = None
        if options:
            _, fwd, (gap, slot) = min(options, key=lambda o: o[0])
            self.first = (fwd, gap, slot.norms, slot.lowers)


def _steps(slots) -> tuple[tuple[int, _Tok], ...]:
    steps, gap = [], 0
    for s in slots:
        if isinstance(s, int):
            gap += s
        else:
            steps.append((gap, s))
            gap = 0
    if gap:
        raise PatternError("a pattern cannot start or end with a gap")
    return tuple(steps)


class TokenMatcher:
    """Token patterns (``{key: [variant, ...]}`` of Matcher token dicts) compiled for `vocab`.

    ``matcher(doc)`` -> ``[(key index, start, end), ...]``, the matches of ``spacy.matcher.Matcher(doc)``;
    `keys` keeps the order in which the keys were given; `n_patterns` (default: all) lets a caller mark where a
    second group of keys (cues) begins. `stop_words` (words and stems) make poor first anchors; anchors are
    re-chosen after `learn_tokens` tokens.
    """

    def __init__(self, vocab, patterns: dict[str, list[list[dict]]], stop_words: Iterable[str] = (),
                 n_patterns: int | None = None, learn_tokens: int = LEARN_TOKENS):
        self.vocab = vocab
        self.learn_tokens = learn_tokens
        strings = vocab.strings
        self.keys: list[str] = list(patterns)
        self.n_patterns = len(self.keys) if n_patterns is None else n_patterns
        self._stop = {strings.add(w) for w in stop_words}
        self._regex_cache: dict[tuple, bool] = {}
        self._variant_slots: list[tuple[int, list]] = []
        for k, key in enumerate(self.keys):
            for tokens in patterns[key]:
                slots = [element(t, strings) for t in tokens]
                if all(isinstance(s, int) or s.optional for s in slots):
                    raise PatternError(f"pattern {key!r} has no required token slot")
                self._variant_slots.append((k, slots))
        self._seen_tokens = 0
        self._freq: Counter | None = Counter()  # word id -> occurrences while learning; None once re-planned
        self._plan(self._guess_cost)

    def _guess_cost(self, h: int) -> float:
        return _STOP_COST if h in self._stop else 1

    def _plan(self, word_cost) -> None:
        """Anchor every variant at its cheapest required slot (sum of `word_cost` over its words) and index it."""
        norm_index: dict[int, list[_Variant]] = {}
        lower_index: dict[int, list[_Variant]] = {}
        scan: list[_Variant] = []  # variants anchored on a non-word slot
        for k, slots in self._variant_slots:
            def cost(s) -> float:
                if isinstance(s, int) or s.optional:
                    return float("inf")
                if not s.words():
                    return _NONWORD_COST
                return sum(word_cost(v) for v in s.norms | s.lowers)

            costs = [cost(s) for s in slots]
            v = _Variant(k, slots, int(np.argmin(costs)), cost)
            if v.anchor.words():
                for h in v.anchor.norms:
                    norm_index.setdefault(h, []).append(v)
                for h in v.anchor.lowers:
                    lower_index.setdefault(h, []).append(v)
            else:
                scan.append(v)
        # one tuple, swapped in one assignment: a thread matching meanwhile sees the old plan or the new one
        self._index = (_sorted_ids(norm_index), norm_index, _sorted_ids(lower_index), lower_index, scan)
        words = {h for _, slots in self._variant_slots for s in slots if not isinstance(s, int) and s.words()
                 for h in s.norms | s.lowers}
        self._all_words = _sorted_ids(words)

    def _learn(self, arr: np.ndarray) -> None:
        """Count pattern words in the first LEARN_TOKENS tokens, then re-plan the anchors from those counts."""
        freq = self._freq
        if freq is None:
            return
        for col in (arr[:, 0], arr[:, 1]):
            freq.update(col[_member(col, self._all_words)].tolist())
        self._seen_tokens += len(arr)
        if self._seen_tokens >= self.learn_tokens and self._freq is not None:
            self._freq = None
            self._plan(lambda h: freq.get(h, 0) + 0.1)

    # ------------------------------------------------------------------------------------------------ matching
    def __call__(self, doc) -> list[tuple[int, int, int]]:
        """Matches in a spaCy Doc as ``(key index, start, end)`` token offsets, sorted by (end, start, key)."""
        if len(doc) == 0:
            return []
        return self.match_arrays(doc.to_array(DOC_ATTRS))

    def match_arrays(self, arr: np.ndarray) -> list[tuple[int, int, int]]:
        """Matches over ``doc.to_array(DOC_ATTRS)`` (shared with the caller, which needs offsets too)."""
        n = len(arr)
        if n == 0:
            return []
        if self._freq is not None:
            self._learn(arr)
        norm_keys, norm_index, lower_keys, lower_index, scan = self._index
        norm_col, lower_col = arr[:, 0], arr[:, 1]
        ctx = None
        found: set[tuple[int, int, int]] = set()
        # a slot tests NORM or LOWER, never both, so each (position, variant) comes up once
        for col, keys, index in ((norm_col, norm_keys, norm_index), (lower_col, lower_keys, lower_index)):
            hit = np.flatnonzero(_member(col, keys))
            if not len(hit):
                continue
            for p, h in zip(hit.tolist(), col[hit].tolist()):
                for v in index[h]:
                    if v.single:
                        found.add((p + 1, p, v.key))
                        continue
                    if ctx is None:
                        ctx = _Context(arr, self._regex_cache, self.vocab.strings)
                        norms, lowers = ctx.norms, ctx.lowers
                    if v.first is not None:
                        fwd, gap, sn, sl = v.first
                        for q in (range(p + 1, min(p + gap + 2, n)) if fwd else range(p - 1, max(p - gap - 2, -1), -1)):
                            if norms[q] in sn or lowers[q] in sl:
                                break
                        else:
                            continue
                    _extend(v, p, ctx, found)
        if scan:
            ctx = ctx or _Context(arr, self._regex_cache, self.vocab.strings)
            for v in scan:
                for p in range(n):
                    if ctx.ok(v.anchor, p):
                        _extend(v, p, ctx, found)
        return [(k, s, e) for e, s, k in sorted(found)]


def _sorted_ids(ids) -> np.ndarray:
    return np.sort(np.fromiter(ids, np.uint64, len(ids)))


def _member(col: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Boolean mask: which ids of `col` are in the sorted array `keys` (np.isin re-sorts `keys` on every call)."""
    if not len(keys):
        return np.zeros(len(col), bool)
    i = np.searchsorted(keys, col)
    i[i == len(keys)] = 0
    return keys[i] == col


class _Context:
    """Per-document token columns as Python lists, with the slot test."""

    __slots__ = ("cache", "lowers", "n", "norms", "nums", "orths", "strings")

    def __init__(self, arr: np.ndarray, cache: dict, strings):
        self.n = len(arr)
        self.norms = arr[:, 0].tolist()
        self.lowers = arr[:, 1].tolist()
        self.nums = arr[:, 2].tolist()
        self.orths = arr[:, 3].tolist()
        self.cache = cache
        self.strings = strings

    def ok(self, t: _Tok, p: int) -> bool:
        if t.anyt or self.norms[p] in t.norms or self.lowers[p] in t.lowers or (t.num and self.nums[p]):
            return True
        if t.regex is not None:
            key = (t.regex.pattern, self.orths[p])
            r = self.cache.get(key)
            if r is None:
                if len(self.cache) > 200_000:  # bounded: long streams see ever new numbers
                    self.cache.clear()
                r = self.cache[key] = bool(t.regex.search(self.strings[self.orths[p]]))
            return r
        return False


def _extend(v: _Variant, p: int, ctx: _Context, found: set) -> None:
    """Add every match of `v` whose anchor is token `p` to `found` as (end, start, key)."""
    n, norms, lowers = ctx.n, ctx.norms, ctx.lowers
    ends = (p + 1,)
    for gap, s in v.after:
        sn, sl, plain = s.norms, s.lowers, s.plain
        nxt = set()
        for e in ends:
            for q in range(e, min(e + gap + 1, n)):
                if norms[q] in sn or lowers[q] in sl or (not plain and ctx.ok(s, q)):
                    nxt.add(q + 1)
        if s.optional:  # skipped: the gap before it still applies
            nxt.update(q for e in ends for q in range(e, min(e + gap, n) + 1))
        if not nxt:
            return
        ends = nxt
    starts = (p,)
    for gap, s in v.before:
        sn, sl, plain = s.norms, s.lowers, s.plain
        nxt = set()
        for b in starts:  # the slot is the token before `b`, up to `gap` tokens further back
            for q in range(b - 1, max(b - gap - 2, -1), -1):
                if norms[q] in sn or lowers[q] in sl or (not plain and ctx.ok(s, q)):
                    nxt.add(q)
        if s.optional:
            nxt.update(q for b in starts for q in range(max(b - gap, 0), b + 1))
        if not nxt:
            return
        starts = nxt
    k = v.key
    for e in ends:
        for st in starts:
            found.add((e, st, k))
