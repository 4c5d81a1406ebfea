"""Indicator patterns and cue lexicons as data, compiled to spaCy Matchers over stemmed tokens.

The data lives in ``risk_framework/patterns/{en,fr}.toml`` (indicator patterns) and ``cues.toml`` (negation, denial,
hedging, past framing, fiction/sport context). Patterns use a small token syntax, compiled to spaCy ``Matcher``
token patterns on the ``NORM`` attribute, which :class:`Normaliser` sets to the Snowball stem (accents removed) of
each lexeme, once per word type. So ``kill`` matches kill/kills/killed/killing and ``tuer`` matches tué/tués/tuer.

Token syntax (space-separated slots, see the header of ``en.toml``):

``kill|massacre``   one token whose stem equals the stem of one alternative
``=us``             exact lowercase form, not stemmed
``~4``              a gap of 0 to 4 arbitrary tokens
``NUM``             a number-like token ("12", "twelve", "douze")
``PASTYEAR``        a year from 1800 to 2009 (past framing: "in 1994")
``$VICTIM``         the alternatives defined under ``[define]`` (usable inside an alternation: ``$VICTIM|guest``)
``slot?``           the slot is optional

The compiled set is produced by the registered function ``rf_patterns.v1``; its name is part of the model version.
"""

from __future__ import annotations

import hashlib
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import Stemmer
from spacy.attrs import ORTH
from spacy.matcher import Matcher
from spacy.util import registry

PATTERNS_DIR = Path(__file__).resolve().parent.parent / "risk_framework" / "patterns"
LANGUAGES = ("en", "fr")
PATTERNS_NAME = "rf_patterns.v1"
_STEMMERS = {"en": "english", "fr": "french"}


class PatternError(ValueError):
    """A pattern or cue file is malformed, or names an indicator the framework does not have."""


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


class Normaliser:
    """Sets each lexeme's NORM to its accent-free Snowball stem, computed once per word type."""

    def __init__(self, language: str):
        self.stemmer = Stemmer.Stemmer(_STEMMERS[language])
        self._done: set[int] = set()

    def stem(self, word: str) -> str:
        return strip_accents(self.stemmer.stemWord(word.lower()))

    def __call__(self, doc):
        if len(doc) == 0:
            return doc
        new = set(doc.to_array(ORTH).tolist()).difference(self._done)  # iterates the doc's word types only
        if new:
            vocab, strings = doc.vocab, doc.vocab.strings
            orths = list(new)
            stems = self.stemmer.stemWords([strings[o].lower() for o in orths])
            for orth, stem in zip(orths, stems):
                vocab[orth].norm_ = strip_accents(stem)
            self._done.update(new)
        return doc


@cache
def pipeline(language: str):
    """The shared blank spaCy pipeline and stem normaliser for `language` (one per process)."""
    import spacy

    if language not in LANGUAGES:
        raise PatternError(f"no pipeline for language {language!r} (have {', '.join(LANGUAGES)})")
    return spacy.blank(language), Normaliser(language)


@dataclass(frozen=True)
class Pattern:
    key: str  # unique match key: "<indicator>#<n>"
    indicator: str
    prior: float
    source: str


@dataclass(frozen=True)
class Cue:
    key: str
    kind: str
    source: str


@dataclass(frozen=True)
class CueKind:
    name: str
    factor: float  # multiplies evidence confidence; 0 removes it
    scope: str  # "sentence" or "before" (cue must start within `window` tokens before the match, or inside it)
    window: int = 0
    keep: tuple[str, ...] = ()  # indicators ("7.14") or whole risk factors ("RF7") this kind does not lower
    description: str = ""
    cancels: tuple[str, ...] = ()  # other kinds that no longer apply when this kind is in the sentence
    carry: int = 0  # a sentence-scoped cue also applies to this many following sentences


@dataclass
class PatternSet:
    """Compiled indicator patterns and cues for one language."""

    language: str
    patterns: dict[str, Pattern] = field(default_factory=dict)
    cues: dict[str, Cue] = field(default_factory=dict)
    cue_kinds: dict[str, CueKind] = field(default_factory=dict)
    token_patterns: dict[str, list[list[dict]]] = field(default_factory=dict)
    cue_token_patterns: dict[str, list[list[dict]]] = field(default_factory=dict)
    digest: str = ""

    def matchers(self, vocab) -> tuple[Matcher, Matcher]:
        """spaCy Matchers (indicator patterns, cues) bound to `vocab`."""
        m, c = Matcher(vocab), Matcher(vocab)
        for key, pats in self.token_patterns.items():
            m.add(key, pats)
        for key, pats in self.cue_token_patterns.items():
            c.add(key, pats)
        return m, c


def _expand(slot: str, defines: dict[str, str]) -> list[str]:
    alts: list[str] = []
    for a in slot.split("|"):
        if a.startswith("$"):
            if a[1:] not in defines:
                raise PatternError(f"undefined name {a!r}")
            alts.extend(x for x in defines[a[1:]].split("|") if x)
        elif a:
            alts.append(a)
    return alts


def _word_token(word: str, stem) -> tuple[str, str]:
    return ("LOWER", word[1:].lower()) if word.startswith("=") else ("NORM", stem(word))


PAST_YEARS = [str(y) for y in range(1800, 2010)]  # PASTYEAR: a year from 1800 to 2009


def compile_slot(slot: str, stem, defines: dict[str, str] | None = None) -> list[list[dict]]:
    """One slot of the pattern syntax to its token-sequence options (each a list of Matcher token dicts)."""
    optional = slot.endswith("?") and len(slot) > 1
    if optional:
        slot = slot[:-1]
    if slot.startswith("~"):
        return [[{"OP": f"{{0,{int(slot[1:])}}}"}]]
    if slot == "NUM":
        options: list[list[dict]] = [[{"LIKE_NUM": True}]]
    elif slot == "PASTYEAR":
        # the 210 year strings as a word set, not a TEXT regex: the same tokens match, and a word slot can anchor
        # the pattern ("in 1994" is then looked for at years, not at every "in" and "of")
        options = [[{"LOWER": {"IN": PAST_YEARS}}]]
    elif slot == "*":
        options = [[{}]]
    else:
        alts = _expand(slot, defines or {})
        if not alts:
            raise PatternError(f"empty slot in pattern: {slot!r}")
        single: dict[str, set[str]] = {"NORM": set(), "LOWER": set()}
        options = []
        for alt in alts:
            if "_" in alt.strip("_"):
                exact = alt.startswith("=")
                words = alt.lstrip("=").split("_")
                seq = [dict([_word_token(("=" if exact else "") + w, stem)]) for w in words if w]
                options.append(seq)
            else:
                attr, value = _word_token(alt, stem)
                single[attr].add(value)
        for attr, values in single.items():
            if values:
                v = sorted(values)
                options.insert(0, [{attr: v[0]} if len(v) == 1 else {attr: {"IN": v}}])
    if optional:
        if all(len(o) == 1 for o in options):
            options = [[dict(o[0], OP="?")] for o in options]
        else:
            options = options + [[]]
    return options


MAX_VARIANTS = 256


def compile_pattern(source: str, stem, defines: dict[str, str] | None = None) -> list[list[dict]]:
    """A pattern string to one or more spaCy Matcher token patterns (multiword alternatives multiply variants)."""
    slots = source.split()
    if not slots:
        raise PatternError("empty pattern")
    if slots[0].startswith("~") or slots[-1].startswith("~"):
        raise PatternError(f"a pattern cannot start or end with a gap: {source!r}")
    variants: list[list[dict]] = [[]]
    for slot in slots:
        options = compile_slot(slot, stem, defines)
        variants = [v + o for v in variants for o in options]
        if len(variants) > MAX_VARIANTS:
            raise PatternError(f"pattern expands to more than {MAX_VARIANTS} variants: {source!r}")
    def is_gap(tok: dict) -> bool:
        return tok.get("OP", "").startswith("{")

    variants = [v for v in variants if v and not is_gap(v[0]) and not is_gap(v[-1])]
    return variants


def _read(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise PatternError(f"pattern file not found: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise PatternError(f"{path}: invalid TOML: {exc}") from exc


def load_pattern_set(language: str, directory: Path = PATTERNS_DIR, indicator_ids: set[str] | None = None) -> PatternSet:
    """Read and compile `<language>.toml` and `cues.toml`; check indicators against `indicator_ids` when given."""
    if language not in LANGUAGES:
        raise PatternError(f"no patterns for language {language!r} (have {', '.join(LANGUAGES)})")
    norm = Normaliser(language)
    path, cue_path = directory / f"{language}.toml", directory / "cues.toml"
    data, cue_data = _read(path), _read(cue_path)
    sha = file_digest(language, directory)
    ps = PatternSet(language=language, digest=sha)
    defines = {str(k): str(v) for k, v in data.get("define", {}).items()}
    cue_defines = {str(k): str(v) for k, v in cue_data.get("define", {}).get(language, {}).items()}
    for i, entry in enumerate(data.get("pattern", [])):
        ind = str(entry.get("indicator", ""))
        if indicator_ids is not None and ind not in indicator_ids:
            raise PatternError(f"{path}: pattern {i} names unknown indicator {ind!r}")
        prior = float(entry.get("prior", 0.7))
        if not 0 < prior <= 1:
            raise PatternError(f"{path}: pattern {i} ({ind}) prior {prior} outside (0, 1]")
        for j, src in enumerate(entry.get("match", [])):
            key = f"{ind}#{i}.{j}"
            try:
                ps.token_patterns[key] = compile_pattern(src, norm.stem, defines)
            except (PatternError, ValueError) as exc:
                raise PatternError(f"{path}: indicator {ind}: {src!r}: {exc}") from exc
            ps.patterns[key] = Pattern(key, ind, prior, src)
    for name, spec in cue_data.get("kind", {}).items():
        ps.cue_kinds[name] = CueKind(
            name=name,
            factor=float(spec["factor"]),
            scope=spec.get("scope", "sentence"),
            window=int(spec.get("window", 0)),
            keep=tuple(spec.get("keep", ())),
            description=spec.get("description", ""),
            cancels=tuple(spec.get("cancels", ())),
            carry=int(spec.get("carry", 0)),
        )
    for kind, sources in cue_data.get(language, {}).items():
        if kind not in ps.cue_kinds:
            raise PatternError(f"{cue_path}: cues for undeclared kind {kind!r}")
        for j, src in enumerate(sources):
            key = f"cue:{kind}#{j}"
            try:
                ps.cue_token_patterns[key] = compile_pattern(src, norm.stem, cue_defines)
            except (PatternError, ValueError) as exc:
                raise PatternError(f"{cue_path}: {language}.{kind}: {src!r}: {exc}") from exc
            ps.cues[key] = Cue(key, kind, src)
    return ps


@registry.misc(PATTERNS_NAME)
def rf_patterns_v1(directory: str | None = None) -> dict[str, PatternSet]:
    """The v1 pattern sets for every language (compiled, not yet bound to a vocab)."""
    return _cached_sets(str(directory or PATTERNS_DIR))


@lru_cache(maxsize=4)
def _cached_sets(directory: str) -> dict[str, PatternSet]:
    from risk_framework import default_framework

    ids = {i.id for i in default_framework().indicators}
    return {lang: load_pattern_set(lang, Path(directory), ids) for lang in LANGUAGES}


def file_digest(language: str, directory: Path = PATTERNS_DIR) -> str:
    """First 8 hex digits of the sha256 of `<language>.toml` + `cues.toml` (what a compiled set records)."""
    return hashlib.sha256((directory / f"{language}.toml").read_bytes() + (directory / "cues.toml").read_bytes()).hexdigest()[:8]


def patterns_version(directory: Path = PATTERNS_DIR) -> str:
    """`rf_patterns.v1+<digest>`: the function name plus a digest of the data files it reads."""
    digest = hashlib.sha256("".join(file_digest(lang, directory) for lang in LANGUAGES).encode()).hexdigest()[:8]
    return f"{PATTERNS_NAME}+{digest}"
