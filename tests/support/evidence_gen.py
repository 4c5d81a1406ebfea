"""Generated documents and evidence streams for tests, fixtures and backtests (no NLP involved).

Each country follows a *storyline* (quiet, steady conflict, escalation, one-off viral story, or noise) that
decides, week by week, how many story clusters mention it and which framework indicators those stories
evidence, from which outlets, with how many syndicated copies. Indicator ids are drawn from the framework file,
never written here.

    from tests.support.evidence_gen import build_fixture_db, Storyline
    build_fixture_db(tmp_path / "v.duckdb", countries=12, weeks=26, seed=0)            # mixed storylines
    build_fixture_db(path, countries=[Storyline("escalating", "AAA", onset=10)], weeks=26)

`build_fixture_db` writes sources, documents, document_countries and evidence (through `store.insert_df`, one
transaction) and then runs the scoring (`score=False` to skip), so the file is ready for dashboards and reports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

GEN_VERSION = "evidence_gen.v1"
DEFAULT_START = dt.date(2025, 1, 6)  # a Monday (ISO week 2025-W02)
KINDS = ("quiet", "steady", "escalating", "viral", "noise")

SOURCES = [
    # name, kind, outlet
    ("gen-wire", "rss", "Meridian Wire"),
    ("gen-daily", "rss", "Harbour Daily"),
    ("gen-post", "rss", "Northgate Post"),
    ("gen-observer", "rss", "Lakeside Observer"),
    ("gen-radio", "rss", "Radio Kestrel"),
    ("gen-times", "rss", "Coastline Times"),
    ("gen-monitor", "rss", "Valley Monitor"),
    ("gen-herald", "rss", "Summit Herald"),
    ("gen-ledger", "rss", "Plains Ledger"),
    ("gen-courier", "rss", "Delta Courier"),
    ("gen-relief", "reliefweb", "ReliefWeb (generated)"),
    ("gen-un", "rss", "UN press (generated)"),
]


@dataclass(frozen=True)
class Storyline:
    """One country's stream. `onset`: week index where an escalation starts, or where the viral story appears.

    kinds: "quiet" (a few stories, rare weak context evidence), "steady" (heavy coverage, steady violence every
    week), "escalating" (eight weeks from RF1/RF7/RF8 context to RF10/RF11 evidence, then sustained),
    "viral" (quiet, plus one strong story carried by one outlet and many syndicated copies in week `onset`),
    "noise" (coverage without any evidence).
    """

    kind: str
    iso3: str
    onset: int = 0
    coverage: float | None = None  # mean background (evidence-free) stories per week

    @property
    def specific_start(self) -> int | None:
        """Week index of the first crime-specific evidence (escalating and viral storylines)."""
        if self.kind == "escalating":
            return self.onset + 4
        if self.kind == "viral":
            return self.onset
        return None


@dataclass
class _Story:
    week: int
    iso3: str
    origin: int  # index into SOURCES
    copies: tuple[int, ...]  # further outlets carrying a syndicated copy
    evidence: list[tuple[str, float]]  # (indicator id, confidence)


def default_iso3(n: int) -> list[str]:
    """`n` real ISO 3166-1 alpha-3 codes, in a fixed order (generated data, real codes so joins to `countries` work)."""
    import pycountry

    codes = sorted(c.alpha_3 for c in pycountry.countries)
    if n > len(codes):
        raise ValueError(f"at most {len(codes)} countries, asked for {n}")
    step = max(1, len(codes) // max(n, 1))
    return [codes[(i * step) % len(codes)] for i in range(n)]


def mixed_storylines(n: int, weeks: int, seed: int = 0) -> list[Storyline]:
    """A realistic mix for `n` countries: mostly quiet, some steady conflicts, a few escalations and viral stories."""
    rng = np.random.default_rng(seed)
    out = []
    for i, iso3 in enumerate(default_iso3(n)):
        kind = ("escalating", "steady", "viral", "quiet", "quiet", "noise", "quiet", "steady", "quiet", "quiet")[i % 10]
        onset = int(rng.integers(max(1, weeks // 3), max(2, weeks - 9))) if kind in ("escalating", "viral") else 0
        out.append(Storyline(kind, iso3, onset=onset))
    return out


def _indicators(framework, factor: int) -> list[str]:
    return [i.id for i in framework.factor(factor).indicators]


def _plan(line: Storyline, weeks: int, rng: np.random.Generator, framework) -> tuple[list[_Story], np.ndarray]:
    """Evidence-bearing stories and the number of background stories per week for one storyline."""
    ind = {f: _indicators(framework, f) for f in range(1, 15)}
    n_src = len(SOURCES)
    stories: list[_Story] = []

    def story(week: int, factors: list[int], conf: tuple[float, float], copies: int = 0, origin: int | None = None):
        o = int(rng.integers(0, n_src)) if origin is None else origin
        cp = tuple(int(x) for x in rng.choice([s for s in range(n_src) if s != o], size=copies, replace=True)) if copies else ()
        ev = [(str(rng.choice(ind[f])), float(np.round(rng.uniform(*conf), 3))) for f in factors]
        stories.append(_Story(week, line.iso3, o, cp, ev))

    base = {"quiet": 3.0, "steady": 150.0, "escalating": 20.0, "viral": 8.0, "noise": 12.0}[line.kind]
    coverage = line.coverage if line.coverage is not None else base
    background = rng.poisson(coverage, size=weeks)

    for w in range(weeks):
        if line.kind in ("quiet", "viral") and rng.random() < 0.25:
            story(w, [int(rng.choice([1, 3, 6]))], (0.4, 0.7))
        elif line.kind == "steady":
            for _ in range(int(rng.poisson(30))):
                f = int(rng.choice([1, 1, 2, 5, 13, 13]))
                story(w, [f], (0.5, 0.9), copies=int(rng.integers(0, 3)))
        elif line.kind == "escalating":
            k = w - line.onset
            if k < 0:
                if rng.random() < 0.3:
                    story(w, [int(rng.choice([1, 3]))], (0.4, 0.7))
                continue
            # context phase: RF1/RF7/RF8 growing from week onset; specific phase from onset+4, then sustained
            for _ in range(min(k, 5) + 2):
                story(w, [int(rng.choice([1, 7, 7, 8]))], (0.55, 0.9), copies=int(rng.integers(0, 2)))
            if k >= 4:
                for _ in range(2 * min(k - 3, 4)):
                    story(w, [int(rng.choice([10, 11]))], (0.6, 0.9), copies=int(rng.integers(0, 2)))
        if line.kind == "viral" and w == line.onset:
            # one strong story, one originating outlet, many syndicated copies (same story cluster)
            story(w, [10, 10, 9], (0.85, 0.95), copies=24, origin=0)
    return stories, background


def generate(
    countries: int | list[Storyline] = 12,
    weeks: int = 26,
    seed: int = 0,
    start: dt.date = DEFAULT_START,
    framework=None,
) -> dict[str, pd.DataFrame]:
    """Frames for `sources`, `documents`, `document_countries` and `evidence` (deterministic for a seed)."""
    from risk_framework import default_framework

    framework = framework or default_framework()
    if start.weekday() != 0:
        raise ValueError(f"start must be a Monday, got {start} ({start:%A})")
    lines = mixed_storylines(countries, weeks, seed) if isinstance(countries, int) else list(countries)
    unknown = [ln.kind for ln in lines if ln.kind not in KINDS]
    if unknown:
        raise ValueError(f"unknown storyline kind(s) {unknown}; expected one of {KINDS}")
    rng = np.random.default_rng(seed)
    docs, dcs, evs = [], [], []
    fw_version = framework.full_version

    def add_doc(story_id: str, src: int, iso3: str, week: int, title: str) -> str:
        n = len(docs)
        doc_id = f"gen-{seed}-{n:07d}"
        published = dt.datetime.combine(start + dt.timedelta(weeks=week), dt.time()) + dt.timedelta(
            seconds=int(rng.integers(0, 7 * 86400 - 1))
        )
        name, _, outlet = SOURCES[src]
        text = f"{title}. Generated text for tests; not a real report."
        docs.append(
            {
                "id": doc_id, "source": name, "outlet": outlet, "url": f"https://example.org/{doc_id}",
                "canonical_url": f"https://example.org/{doc_id}", "title": title, "text": text,
                "text_source": "generated", "language": "en", "published_at": published,
                "fetched_at": published + dt.timedelta(hours=1),
                "content_hash": hashlib.sha1(text.encode()).hexdigest(), "story_id": story_id, "synthetic": True,
                "metadata": '{"synthetic": true, "generator": "' + GEN_VERSION + '"}',
            }
        )
        dcs.append({"document_id": doc_id, "iso3": iso3, "mentions": 1, "score": 1.0, "is_primary": True,
                    "model_version": GEN_VERSION})
        return doc_id

    for line in lines:
        stories, background = _plan(line, weeks, rng, framework)
        for w, n in enumerate(background):
            for j in range(int(n)):
                sid = f"st-{seed}-{line.iso3}-{w}-bg{j}"
                add_doc(sid, int(rng.integers(0, len(SOURCES))), line.iso3, w, f"{line.iso3} news of the week")
        for k, s in enumerate(stories):
            sid = f"st-{seed}-{line.iso3}-{s.week}-ev{k}"
            for copy, src in enumerate((s.origin, *s.copies)):
                doc_id = add_doc(sid, src, line.iso3, s.week, f"{line.iso3} report {k}")
                for m, (indicator, conf) in enumerate(s.evidence):
                    # syndicated copies carry the same sentences, with slightly different tagger confidence
                    c = conf if copy == 0 else float(np.clip(conf + rng.normal(0, 0.02), 0.05, 1.0))
                    sentence = f"Generated sentence {m} evidencing indicator {indicator} in {line.iso3}."
                    evs.append(
                        {
                            "id": f"{doc_id}-e{m}", "document_id": doc_id, "iso3": line.iso3,
                            "indicator_id": indicator, "risk_factor": framework.indicator(indicator).risk_factor,
                            "confidence": round(c, 4), "method": "generated", "sentence": sentence,
                            "sentence_start": 0, "sentence_end": len(sentence), "cues": [],
                            "model_version": GEN_VERSION, "framework_version": fw_version,
                        }
                    )
    sources = pd.DataFrame(
        [{"name": n, "kind": k, "outlet": o, "url": f"https://example.org/{n}.xml", "synthetic": True}
         for n, k, o in SOURCES]
    )
    return {
        "sources": sources,
        "documents": pd.DataFrame(docs),
        "document_countries": pd.DataFrame(dcs),
        "evidence": pd.DataFrame(evs),
    }


def write_frames(con, frames: dict[str, pd.DataFrame]) -> dict[str, int]:
    """Insert generated frames in one transaction (sources are upserted; the rest must be new)."""
    from store import insert_df, transaction

    counts = {}
    with transaction(con):
        counts["sources"] = insert_df(con, "sources", frames["sources"], on_conflict="replace")
        for table in ("documents", "document_countries", "evidence"):
            counts[table] = insert_df(con, table, frames[table])
    return counts


def build_fixture_db(
    path: str | Path,
    countries: int | list[Storyline] = 12,
    weeks: int = 26,
    seed: int = 0,
    start: dt.date = DEFAULT_START,
    score: bool = True,
    weights: str | None = None,
) -> dict:
    """Create (or extend) a DuckDB file with a generated stream, then score it; returns the row counts.

    The file is migrated, carries the reference tables and the default weights version, and, with `score`, the
    `country_scores` and `alerts` of every week (active weights unless `weights` names another version).
    """
    from store import open_db
    from vigil.reference import sync_reference

    frames = generate(countries, weeks=weeks, seed=seed, start=start)
    with open_db(path) as con:
        sync_reference(con)
        counts = write_frames(con, frames)
        if score:
            from risk_framework.scoring import score_database

            counts["scoring"] = score_database(con, weights=weights)
    return counts


def rescore(path, **kw) -> dict:
    """Score the database at `path` again, as `vigil score` does, and return the run summary."""
    from risk_framework.scoring import score_database
    from store import open_db

    with open_db(path) as con:
        return score_database(con, **kw)
