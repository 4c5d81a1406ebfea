"""Build Vigil's synthetic demo corpus from the sentence pools and storylines in `storylines.toml`.

Deterministic for a given seed and end date: the same call always yields the same articles, dated over the 26 ISO
weeks that end with the last complete week before `today`, so the demo always looks current.
"""

from __future__ import annotations

import hashlib
import random
import re
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from importlib import resources

WEEKS = 26
WIRE_COPY_SHARE = 0.15  # share of wire stories republished by other outlets
SYNTHETIC_NOTE = "Synthetic article written for the Vigil demo; it describes no real events."


class DemoCorpusError(Exception):
    """The demo's data files are inconsistent (an unknown pool, outlet or country)."""


@dataclass(frozen=True)
class Outlet:
    slug: str
    name: str
    language: str
    kind: str  # news | wire | press | reliefweb


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    name_fr: str
    capital: str
    regions: tuple[str, ...]
    regions_fr: tuple[str, ...]
    towns: tuple[str, ...]


@dataclass
class Article:
    id: str
    outlet: str
    language: str
    title: str
    paragraphs: list[str]
    published: datetime
    iso3: str
    storyline: str
    pool: str
    week: int
    copy_of: str | None = None
    meta: dict = field(default_factory=dict)

    @property
    def slug(self) -> str:
        words = re.sub(r"[^a-z0-9]+", "-", _fold(self.title.lower())).strip("-")
        return f"{words[:60].rstrip('-')}-{self.id[-6:]}"

    @property
    def path(self) -> str:
        return f"/{self.outlet}/{self.published:%Y/%m}/{self.slug}.html"

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class Corpus:
    outlets: tuple[Outlet, ...]
    countries: tuple[Country, ...]
    articles: tuple[Article, ...]
    first_day: date
    last_day: date

    def by_outlet(self, slug: str) -> list[Article]:
        return [a for a in self.articles if a.outlet == slug]


def _fold(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _data() -> tuple[dict, dict]:
    folder = resources.files("vigil.demo")
    world = tomllib.loads(folder.joinpath("world.toml").read_text(encoding="utf-8"))
    stories = tomllib.loads(folder.joinpath("storylines.toml").read_text(encoding="utf-8"))
    return world, stories


def last_complete_week_start(today: date) -> date:
    """Monday of the last ISO week that ended before `today`."""
    this_monday = today - timedelta(days=today.weekday())
    return this_monday - timedelta(days=7)


def build_corpus(today: date | None = None, seed: int = 2014) -> Corpus:
    """The whole synthetic corpus: storylines, wire copies and ordinary news, newest week = last complete week."""
    today = today or datetime.now(UTC).date()
    world, stories = _data()
    outlets = tuple(Outlet(**o) for o in world["outlet"])
    countries = tuple(
        Country(c["iso3"], c["name"], c["name_fr"], c["capital"], tuple(c.get("regions", ())),
                tuple(c.get("regions_fr", c.get("regions", ()))), tuple(c["towns"]))
        for c in world["country"]
    )
    by_iso = {c.iso3: c for c in countries}
    pools = stories["pool"]
    last_monday = last_complete_week_start(today)
    first_monday = last_monday - timedelta(weeks=WEEKS - 1)
    rng = random.Random(seed)
    builder = _Builder(rng, outlets, pools, first_monday, stories["noise"]["companies"], stories["context"])

    for line in stories["storyline"]:
        if line["iso3"] not in by_iso:
            raise DemoCorpusError(f"storyline {line['name']!r}: unknown country {line['iso3']!r}")
        country = by_iso[line["iso3"]]
        cast = {k: line.get(k, "") for k in ("group", "group_fr", "militia", "militia_fr", "rebels", "rebels_fr")}
        for phase in line["phases"]:
            for week in range(phase["from"], phase["to"] + 1):
                for pool, rate in phase["rates"].items():
                    for _ in range(_count(rng, rate)):
                        builder.article(pool, country, week, line["name"], cast)
        if "viral" in line:
            v = line["viral"]
            original = builder.article(v["pool"], country, v["week"], line["name"], cast, outlet=v["outlet"])
            builder.copies(original, v["copies"])

    noise_countries = [c for c in countries if c.iso3 not in {s["iso3"] for s in stories["storyline"]}]
    for week in range(WEEKS):
        for pool, rate in stories["noise"]["rates"].items():
            for _ in range(_count(rng, rate)):
                builder.article(pool, rng.choice(noise_countries), week, "noise", {})

    articles = sorted(builder.articles, key=lambda a: (a.published, a.id))
    return Corpus(outlets, countries, tuple(articles), first_monday, last_monday + timedelta(days=6))


def _count(rng: random.Random, rate: float) -> int:
    """A whole number of stories with expectation `rate` (integer part plus a Bernoulli remainder)."""
    whole = int(rate)
    return whole + (1 if rng.random() < rate - whole else 0)


class _Builder:
    def __init__(self, rng, outlets, pools, first_monday, companies, context):
        self.context = context
        self.rng = rng
        self.outlets = outlets
        self.pools = pools
        self.first_monday = first_monday
        self.companies = companies
        self.articles: list[Article] = []
        self._seq = 0

    def _outlet_for(self, pool: str, language: str) -> Outlet:
        rng = self.rng
        if pool == "un_statement":
            return self._named("un-press")
        if pool in {"displacement", "aid_obstruction", "impunity", "armed_conflict"} and rng.random() < 0.25:
            return self._named("relief-reports")
        choices = [o for o in self.outlets if o.language == language and o.kind in {"news", "wire"}]
        return rng.choice(choices)

    def _named(self, slug: str) -> Outlet:
        for o in self.outlets:
            if o.slug == slug:
                return o
        raise DemoCorpusError(f"unknown outlet {slug!r}")

    def _slots(self, country: Country, cast: dict, language: str) -> dict:
        rng = self.rng
        towns = list(country.towns)
        rng.shuffle(towns)
        regions = country.regions_fr if language == "fr" else country.regions
        town = towns[0]
        return {
            "country": country.name,
            "country_fr": country.name_fr,
            "capital": country.capital,
            "region": rng.choice(regions) if regions else country.capital,
            "town": town,
            "town2": towns[1] if len(towns) > 1 else country.capital,
            "n": str(rng.randint(7, 64)),
            "n2": str(rng.randint(3, 19)),
            "team": rng.choice([f"{town} United", f"Atlético {town}", f"{town} City", f"Real {town}"]),
            "company": rng.choice(self.companies),
            **cast,
        }

    def article(self, pool_name: str, country: Country, week: int, storyline: str, cast: dict,
                outlet: str | None = None) -> Article:
        if pool_name not in self.pools:
            raise DemoCorpusError(f"unknown pool {pool_name!r} in storyline {storyline!r}")
        pool = self.pools[pool_name]
        language = pool["language"]
        rng = self.rng
        src = self._named(outlet) if outlet else self._outlet_for(pool_name, language)
        slots = self._slots(country, cast, language)
        sentences = list(pool["sentences"])
        rng.shuffle(sentences)
        body = [s.format(**slots) for s in sentences[: rng.randint(3, min(6, len(sentences)))]]
        title = rng.choice(pool["titles"]).format(**slots)
        title = title[0].upper() + title[1:]
        if not _names_place(title + " " + " ".join(body), country):
            # Real reports say where they happened; a story built only from placeless sentences gets one that does.
            body.append(rng.choice(self.context[language]).format(**slots))
        published = datetime.combine(
            self.first_monday + timedelta(weeks=week, days=rng.randint(0, 6)),
            time(rng.randint(5, 21), rng.randint(0, 59)),
            tzinfo=UTC,
        )
        self._seq += 1
        digest = hashlib.sha1(f"{storyline}|{pool_name}|{self._seq}".encode()).hexdigest()[:10]
        paragraphs = _paragraphs(rng, body)
        kind = {"press": "Press release", "reliefweb": "Situation Report"}.get(src.kind, "News")
        art = Article(f"demo-{digest}", src.slug, language, title, paragraphs, published, country.iso3, storyline,
                      pool_name, week, meta={"format": kind, "synthetic": True})
        self.articles.append(art)
        if src.kind == "wire" and outlet is None and rng.random() < WIRE_COPY_SHARE:
            self.copies(art, rng.randint(1, 3))
        return art

    def copies(self, original: Article, n: int) -> list[Article]:
        """Syndicated copies of one story on other outlets: same text, a credit line, a reworded title."""
        rng = self.rng
        others = [o for o in self.outlets
                  if o.language == original.language and o.kind == "news" and o.slug != original.outlet]
        rng.shuffle(others)
        source_name = self._named(original.outlet).name
        made = []
        for i, outlet in enumerate(others[:n]):
            self._seq += 1
            digest = hashlib.sha1(f"copy|{original.id}|{i}".encode()).hexdigest()[:10]
            credit = f"({source_name})"
            paragraphs = list(original.paragraphs)
            paragraphs[0] = f"{credit} {paragraphs[0]}"
            title = original.title if rng.random() < 0.5 else f"{original.title}: report"
            art = Article(f"demo-{digest}", outlet.slug, original.language, title, paragraphs,
                          original.published + timedelta(hours=rng.randint(1, 9)), original.iso3,
                          original.storyline, original.pool, original.week, copy_of=original.id,
                          meta={**original.meta, "syndicated_from": source_name})
            self.articles.append(art)
            made.append(art)
        return made


def _names_place(text: str, country: Country) -> bool:
    names = (country.name, country.name_fr, country.capital, *country.regions, *country.regions_fr, *country.towns)
    return any(n and n in text for n in names)


def _paragraphs(rng: random.Random, sentences: list[str]) -> list[str]:
    """Group sentences into short paragraphs, as news copy does."""
    out, i = [], 0
    while i < len(sentences):
        size = 1 if i == 0 else rng.randint(1, 2)
        out.append(" ".join(sentences[i:i + size]))
        i += size
    return out
