"""Sentence-level indicator evidence: pattern hits and cues from spaCy Matchers, combined with classifier probabilities.

`PatternMatcher.match(texts, language, sentences)` finds, per sentence, the indicator patterns and the cues
(negation, denial, hedging, past framing...) of ``rf_patterns.v1``. `combine_sentence` turns one sentence's hits
and its classifier probabilities into evidence rows. The rules, documented in docs/tagging.md:

- a pattern hit starts at its prior; if the classifier agrees (p >= its threshold for that risk factor) the two are
  joined as a noisy-OR (method ``pattern+classifier``), otherwise the prior is scaled down by up to a quarter
  (method ``pattern``);
- the classifier alone gives evidence only when p >= ``classifier_only`` (higher than its F1 threshold, for
  precision), or ``classifier_only_explained`` when patterns found other factors in the sentence; the indicator
  is the most probable indicator of that factor under the indicator head;
- cues multiply the confidence by their kind's factor (0 removes the hit); a title or lead with past framing
  lowers the whole document by ``DOCUMENT_PAST_FACTOR``;
- rows under ``min_confidence`` are dropped; one row per (sentence, indicator), the strongest.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field

from models.patterns import PatternSet, pipeline
from models.token_matcher import DOC_ATTRS, TokenMatcher

DOCUMENT_PAST_FACTOR = 0.5
PATTERN_ONLY_FLOOR = 0.75  # a pattern hit the classifier does not back keeps at least 75% of its prior


@dataclass(frozen=True)
class PatternHit:
    indicator: str
    risk_factor: int
    prior: float
    start: int  # char offsets into the document text
    end: int
    token_start: int
    token_end: int
    key: str


@dataclass(frozen=True)
class CueHit:
    kind: str
    token_start: int
    token_end: int


@dataclass
class SentenceMatches:
    start: int
    end: int
    hits: list[PatternHit] = field(default_factory=list)
    cues: list[CueHit] = field(default_factory=list)


class PatternMatcher:
    """Blank spaCy pipelines (one per language) with the stem normaliser and the compiled pattern matchers.

    `engine` "compiled" (default) matches with :class:`models.token_matcher.TokenMatcher`; "spacy" with spaCy's
    ``Matcher``, the reference semantics (same matches, in spaCy's order; kept for the equivalence test).
    """

    def __init__(self, sets: dict[str, PatternSet], risk_factor_of: dict[str, int], engine: str = "compiled"):
        if engine not in ("compiled", "spacy"):
            raise ValueError(f"unknown matcher engine {engine!r} (compiled or spacy)")
        self.sets = sets
        self.risk_factor_of = risk_factor_of
        self.engine = engine
        self._nlp = {}
        self._norm = {}
        self._matchers = {}
        self._compiled = {}
        for lang, ps in sets.items():
            nlp, norm = pipeline(lang)
            self._nlp[lang] = nlp
            self._norm[lang] = norm
            if engine == "spacy":
                self._matchers[lang] = ps.matchers(nlp.vocab)
            else:
                self._compiled[lang] = _compiled_matcher(ps, nlp, norm)

    def languages(self) -> tuple[str, ...]:
        return tuple(self.sets)

    def docs(self, texts: list[str], language: str) -> list:
        """Tokenised, normalised spaCy Docs (shared with the classifier's features)."""
        nlp, norm = self._nlp[language], self._norm[language]
        return [norm(doc) for doc in nlp.pipe(texts, batch_size=256)]

    def _raw_matches(self, doc, language: str):
        """(pattern matches, cue matches) of one Doc as ``(key, start, end)`` token offsets, and the token offsets
        (char start, char end) as lists."""
        if self.engine == "spacy":
            matcher, cue_matcher = self._matchers[language]
            strings = self._nlp[language].vocab.strings
            tok_idx = [t.idx for t in doc]
            tok_end = [t.idx + len(t) for t in doc]
            pats = [(strings[m], s, e) for m, s, e in matcher(doc)]
            cues = [(strings[m], s, e) for m, s, e in cue_matcher(doc)]
            return pats, cues, tok_idx, tok_end
        tm = self._compiled[language]
        if len(doc) == 0:
            return [], [], [], []
        arr = doc.to_array(DOC_ATTRS)
        found = tm.match_arrays(arr)
        if not found:
            return [], [], [], []
        keys, n_pat = tm.keys, tm.n_patterns
        pats = [(keys[k], s, e) for k, s, e in found if k < n_pat]
        cues = [(keys[k], s, e) for k, s, e in found if k >= n_pat]
        tok_idx = arr[:, 4].tolist()
        tok_end = (arr[:, 4] + arr[:, 5]).tolist()
        return pats, cues, tok_idx, tok_end

    def match(self, docs: list, language: str, sentences: list[list[tuple[int, int]]]) -> list[list[SentenceMatches]]:
        """Per doc, per sentence span: pattern hits and cues (matches crossing a sentence boundary are dropped)."""
        ps = self.sets[language]
        out = []
        for doc, spans in zip(docs, sentences):
            sents = [SentenceMatches(s, e) for s, e in spans]
            out.append(sents)
            pats, cues, tok_idx, tok_end = self._raw_matches(doc, language)
            if not pats and not cues:
                continue
            starts = [s for s, _ in spans]

            def sentence_of(cs: int, ce: int, starts=starts, spans=spans) -> int | None:
                i = bisect_right(starts, cs) - 1
                if i < 0 or ce > spans[i][1]:
                    return None
                return i

            for key, ts, te in pats:
                pat = ps.patterns[key]
                cs, ce = tok_idx[ts], tok_end[te - 1]
                si = sentence_of(cs, ce)
                if si is None:
                    continue
                sents[si].hits.append(
                    PatternHit(pat.indicator, self.risk_factor_of[pat.indicator], pat.prior, cs, ce, ts, te, key)
                )
            for key, ts, te in cues:
                cue = ps.cues[key]
                si = sentence_of(tok_idx[ts], tok_end[te - 1])
                if si is not None:
                    sents[si].cues.append(CueHit(cue.kind, ts, te))
        return out

    def title_has_past_framing(self, title: str, language: str) -> bool:
        nlp, norm = self._nlp[language], self._norm[language]
        ps = self.sets[language]
        doc = norm(nlp.make_doc(title))
        _, cues, _, _ = self._raw_matches(doc, language)
        return any(ps.cues[key].kind == "past" for key, _, _ in cues)


def _compiled_matcher(ps: PatternSet, nlp, norm) -> TokenMatcher:
    """One TokenMatcher over the indicator patterns then the cues of `ps` (keys in that order)."""
    stop = set(nlp.Defaults.stop_words)
    stop |= {norm.stem(w) for w in stop}
    return TokenMatcher(nlp.vocab, {**ps.token_patterns, **ps.cue_token_patterns}, stop_words=stop,
                        n_patterns=len(ps.token_patterns))


def carry_cues(sentences: list[SentenceMatches], ps: PatternSet) -> list[SentenceMatches]:
    """Copy sentence-scoped cues of kinds with ``carry = N`` onto the next N sentences (new objects; input unchanged).

    Short event reports split context and event: "Clashes between A and B. 3 killed." The carried cue has no token
    position in its new sentence (-1), which only sentence-scoped kinds accept.
    """
    carrying = {k for k, kind in ps.cue_kinds.items() if kind.carry > 0 and kind.scope == "sentence"}
    if not carrying or len(sentences) < 2:
        return sentences
    out = []
    for i, sm in enumerate(sentences):
        extra = [CueHit(c.kind, -1, -1) for j in range(max(0, i - 3), i) for c in sentences[j].cues
                 if c.kind in carrying and i - j <= ps.cue_kinds[c.kind].carry]
        out.append(SentenceMatches(sm.start, sm.end, sm.hits, sm.cues + extra) if extra else sm)
    return out


@dataclass(frozen=True)
class CombineConfig:
    thresholds: dict[int, float]  # per risk factor: classifier decision threshold (tuned for F1)
    classifier_only: float | dict[int, float] = 0.7  # minimum probability for classifier-only evidence (per factor)
    classifier_only_explained: float | dict[int, float] = 0.97  # ... in a sentence whose patterns found other factors' evidence
    min_confidence: float = 0.35


def classifier_only_floor(cfg: CombineConfig, rf: int) -> float:
    """The lowest probability of factor `rf` at which `combine_sentence` gives classifier-only evidence in a
    sentence without pattern hits. The tagger skips sentences with no hits and every factor under its floor; keep
    this in step with `combine_sentence` (tests/test_token_matcher.py checks the skip changes nothing)."""
    only = cfg.classifier_only
    floor = only.get(rf, 0.9) if isinstance(only, dict) else only
    return max(floor, cfg.thresholds.get(rf, 0.5))


def _kept(kind, indicator: str) -> bool:
    """The kind does not lower this indicator (listed by id, or its whole risk factor as "RF7")."""
    return indicator in kind.keep or f"RF{indicator.split('.', 1)[0]}" in kind.keep


def _cancelled(cues: list[CueHit], ps: PatternSet) -> set[str]:
    """Cue kinds switched off in a sentence by another kind found there."""
    return {k for name in {c.kind for c in cues} for k in ps.cue_kinds[name].cancels}


def _cue_factor(hit_ts: int | None, hit_te: int | None, indicator: str, cues: list[CueHit], ps: PatternSet,
                sentence_wide: bool, cancelled: set[str]) -> tuple[float, list[str]]:
    """The product of the cue factors that apply to one hit, and their kinds; `cancelled` from `_cancelled`."""
    factor, kinds = 1.0, []
    if not cues:
        return factor, kinds
    seen = set()
    for cue in cues:
        if cue.kind in seen or cue.kind in cancelled:
            continue
        kind = ps.cue_kinds[cue.kind]
        if kind.factor == 1.0 or _kept(kind, indicator):
            continue
        k_factor = kind.factor
        if kind.scope == "before":
            if sentence_wide or hit_ts is None:
                k_factor = max(k_factor, 0.5)  # classifier-only rows: negation scope unknown, halve
            elif not (hit_ts - kind.window <= cue.token_start < hit_te):
                continue
        seen.add(cue.kind)
        kinds.append(cue.kind)
        factor *= k_factor
    return factor, kinds


def combine_sentence(
    sm: SentenceMatches,
    probs: dict[int, float],
    indicator_probs: Mapping[str, float],  # only .items() is used
    default_indicator: dict[int, str],
    ps: PatternSet,
    cfg: CombineConfig,
    document_past: bool = False,
) -> list[dict]:
    """Evidence rows (indicator, risk_factor, confidence, start, end, method, cues) for one sentence."""
    best: dict[str, dict] = {}

    def offer(row: dict) -> None:
        cur = best.get(row["indicator"])
        if cur is None or row["confidence"] > cur["confidence"]:
            best[row["indicator"]] = row

    factors_with_hits = set()
    cancelled = _cancelled(sm.cues, ps) if sm.cues else set()
    for hit in sorted(sm.hits, key=lambda h: (-h.prior, h.end - h.start)):
        rf = hit.risk_factor
        p, t = probs.get(rf, 0.0), cfg.thresholds.get(rf, 0.5)
        if p >= t:
            conf, method = 1 - (1 - hit.prior) * (1 - p), "pattern+classifier"
        else:
            conf, method = hit.prior * (PATTERN_ONLY_FLOOR + (1 - PATTERN_ONLY_FLOOR) * p / t), "pattern"
        f, kinds = _cue_factor(hit.token_start, hit.token_end, hit.indicator, sm.cues, ps, sentence_wide=False,
                               cancelled=cancelled)
        if document_past and "past" not in kinds and not _kept(ps.cue_kinds["past"], hit.indicator):
            f *= DOCUMENT_PAST_FACTOR
            kinds = kinds + ["past(document)"]
        if f <= 0:
            continue
        factors_with_hits.add(rf)
        offer({"indicator": hit.indicator, "risk_factor": rf, "confidence": conf * f, "start": hit.start,
               "end": hit.end, "method": method, "cues": kinds})
    # when patterns already explain the sentence, a further classifier-only factor is usually vocabulary bleed
    only = cfg.classifier_only
    for rf, p in probs.items():
        floor = only.get(rf, 0.9) if isinstance(only, dict) else only
        if factors_with_hits:
            ex = cfg.classifier_only_explained
            floor = max(floor, ex.get(rf, 0.97) if isinstance(ex, dict) else ex)
        if rf in factors_with_hits or p < max(floor, cfg.thresholds.get(rf, 0.5)):
            continue
        cands = {i: q for i, q in indicator_probs.items() if i.split(".")[0] == str(rf)}
        indicator = max(cands, key=cands.get) if cands else default_indicator[rf]
        f, kinds = _cue_factor(None, None, indicator, sm.cues, ps, sentence_wide=True, cancelled=cancelled)
        if document_past and "past" not in kinds and not _kept(ps.cue_kinds["past"], indicator):
            f *= DOCUMENT_PAST_FACTOR
            kinds = kinds + ["past(document)"]
        offer({"indicator": indicator, "risk_factor": rf, "confidence": p * f, "start": sm.start, "end": sm.end,
               "method": "classifier", "cues": kinds})
    rows = [r for r in best.values() if r["confidence"] >= cfg.min_confidence]
    for r in rows:
        r["confidence"] = round(min(r["confidence"], 0.999), 4)
    rows.sort(key=lambda r: (r["risk_factor"], r["indicator"]))
    return rows
