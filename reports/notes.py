"""Advisory-note drafts for one country and week: every claim about events carries a footnote citing the
evidence sentence's outlet, date and URL; statements about Vigil's own scores name the scoring versions.

`draft_note(db_path, iso3, week=None, fmt="md"|"docx") -> bytes` is what the dashboard calls.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from reports import queries
from reports.render import environment, safe_url
from reports.weeks import resolve_week, week_label

FORMATS = ("md", "docx")


class NoteError(ValueError):
    """A note cannot be drafted as asked (unknown country code, unknown format)."""


@dataclass(frozen=True)
class NoteOptions:
    """What shapes a note; `note_options(settings)` builds it from the settings."""

    to: str = "Special Adviser on the Prevention of Genocide"
    sender: str = "Early-warning analyst"
    weeks: int = 4
    trend_weeks: int = 26
    per_indicator: int = 3
    thin: int = 3
    country_url: str = "{base_url}/country?iso3={iso3}"
    base_url: str = "http://localhost:8501"


@dataclass
class Note:
    """Everything a note says, before it is rendered as Markdown or DOCX."""

    iso3: str
    country: str
    week: str
    period: str
    date: str
    to: str
    sender: str
    subject: str
    demo: bool
    summary: list[dict[str, Any]]          # paragraphs: {"text": str, "refs": [n, ...]}
    factors: list[dict[str, Any]]
    mitigating: list[dict[str, Any]]
    courses: list[dict[str, Any]]
    courses_version: str
    thin: str | None
    sources: list[dict[str, Any]]          # footnotes in order: {"n", "outlet", "date", "title", "url"}
    chart_png: bytes = field(repr=False)
    link: str = ""
    versions: str = ""


def note_options(settings) -> NoteOptions:
    """Note options from the loaded Vigil settings."""
    r = settings.reports
    return NoteOptions(
        to=r.note_to or NoteOptions.to, sender=r.note_from or NoteOptions.sender, weeks=r.note_weeks,
        trend_weeks=r.trend_weeks, per_indicator=r.evidence_per_country, thin=r.thin_evidence,
        country_url=r.country_url, base_url=settings.dashboard.base_url.rstrip("/"),
    )


def draft_note(db_path: str | Path, iso3: str, week: str | None = None, fmt: str = "md",
               options: NoteOptions | None = None) -> bytes:
    """The draft note for `iso3` and ISO week `week` (default: the last complete week) as Markdown or DOCX bytes.

    Markdown embeds the trend chart as a data: URI so the file stands alone. Raises NoteError for an unknown
    country or format, WeekError for a malformed week, StoreError when the database cannot be read.
    """
    if options is None:
        from vigil.settings import load_settings

        options = note_options(load_settings())
    return render_note(db_path, iso3, week, fmt, options)


def render_note(db_path: str | Path, iso3: str, week: str | None, fmt: str, options: NoteOptions,
                chart_path: str | Path | None = None) -> bytes:
    """Render a note; with `chart_path` (Markdown only) the chart is written there and linked, not embedded."""
    if fmt not in FORMATS:
        raise NoteError(f"unknown note format {fmt!r} (expected one of {', '.join(FORMATS)})")
    note = build_note(db_path, iso3, week, options)
    if fmt == "docx":
        from reports.note_docx import note_docx

        return note_docx(note)
    if chart_path is not None:
        Path(chart_path).parent.mkdir(parents=True, exist_ok=True)
        Path(chart_path).write_bytes(note.chart_png)
        chart_ref = Path(chart_path).name
    else:
        chart_ref = "data:image/png;base64," + base64.b64encode(note.chart_png).decode("ascii")
    return environment().get_template("note.md.j2").render(note=note, chart_ref=chart_ref).encode("utf-8")


def build_note(db_path: str | Path, iso3: str, week: str | None, options: NoteOptions) -> Note:
    """Gather the note's content from the database (one short read-only connection)."""
    from reports.chart import trend_png
    from risk_framework import default_framework
    from risk_framework.courses import load_courses
    from store import read_only

    code = (iso3 or "").strip().upper()
    monday = resolve_week(week)
    start = monday - timedelta(days=7 * (options.weeks - 1))
    end = monday + timedelta(days=7)
    prev_start = start - timedelta(days=7 * options.weeks)
    with read_only(db_path) as con:
        name = queries.country_name(con, code)
        if name is None:
            raise NoteError(f"unknown country code {iso3!r} (expected ISO 3166-1 alpha-3, e.g. SDN)")
        trend = queries.country_trend(con, code, monday, options.trend_weeks)
        ev = queries.evidence(con, [code], prev_start, end)
        alerts = queries.alerts_for_week(con, monday)
        struct = queries.structural(con, [code])
        synthetic, _documents = queries.synthetic_share(con)
        names = queries.level_names(con, queries.weights_version(con))
    framework = default_framework()
    courses = load_courses(framework)
    current = ev[ev.dated_at >= pd.Timestamp(start)] if not ev.empty else ev
    previous = ev[ev.dated_at < pd.Timestamp(start)] if not ev.empty else ev
    cites = _Citations()
    label = week_label(monday)
    period = f"weeks {week_label(start)} to {label}" if options.weeks > 1 else f"week {label}"

    factors = _analysis(current, framework, options, cites)
    summary = _summary(code, name, label, period, trend, current, factors, alerts, struct, cites, names)
    thin = _thinness(current, options)
    mitigating = _mitigating(current, previous, trend, framework, courses, options, cites, period)
    present = [f["id"] for f in factors]
    course_items = [
        {"code": framework.factor(fid).code, "title": framework.factor(fid).title,
         "actions": list(courses.for_factor(fid))}
        for fid in present if courses.for_factor(fid)
    ]
    level = _latest(trend, monday)
    level_text = f"level {int(level.level)}" if level is not None and pd.notna(level.level) else "not scored"
    chart = trend_png(trend, f"{name}: weekly score and level, {options.trend_weeks} weeks to {label}")
    versions = ""
    if not trend.empty:
        last = trend.iloc[-1]
        versions = f"weights {last.weights_version}, scoring {last.scoring_version}, framework {framework.full_version}"
    return Note(
        iso3=code, country=name, week=label, period=period,
        date=datetime.now(UTC).strftime("%d %B %Y"), to=options.to, sender=options.sender,
        subject=f"{name}: atrocity-risk assessment for week {label} ({level_text})",
        demo=synthetic > 0, summary=summary, factors=factors, mitigating=mitigating, courses=course_items,
        courses_version=courses.version, thin=thin, sources=cites.sources, chart_png=chart,
        link=options.country_url.format(base_url=options.base_url, iso3=code), versions=versions,
    )


class _Citations:
    """Footnote numbers by document, in order of first citation."""

    def __init__(self) -> None:
        self.sources: list[dict[str, Any]] = []
        self._by_doc: dict[str, int] = {}

    def cite(self, row) -> int:
        key = row.url or f"{row.outlet}|{row.title}|{row.published_at}"
        if key not in self._by_doc:
            self._by_doc[key] = len(self.sources) + 1
            self.sources.append({
                "n": self._by_doc[key], "outlet": row.outlet or "unknown outlet", "date": _day(row.published_at),
                "title": " ".join(str(row.title or "").split()), "url": safe_url(row.url),
                "synthetic": bool(row.synthetic),
            })
        return self._by_doc[key]


def _day(ts) -> str:
    return ts.strftime("%d %B %Y").lstrip("0") if ts is not None and ts == ts else "undated"  # noqa: PLR0124 - NaT


def _latest(trend: pd.DataFrame, monday: date):
    if trend.empty:
        return None
    rows = trend[pd.to_datetime(trend.week) == pd.Timestamp(monday)]
    return rows.iloc[-1] if not rows.empty else None


def _analysis(current: pd.DataFrame, framework, opt: NoteOptions, cites: _Citations) -> list[dict[str, Any]]:
    """Per risk factor with evidence: its indicators, counts, and the strongest sentences, each cited."""
    if current.empty:
        return []
    out = []
    strength = current.groupby("risk_factor").strength.sum().sort_values(ascending=False)
    for fid in strength.index:
        factor = framework.factor(int(fid))
        rows = current[current.risk_factor == fid]
        indicators = []
        for ind_id, grp in sorted(rows.groupby("indicator_id"), key=lambda kv: -kv[1].strength.sum()):
            grp = grp.sort_values(["strength", "dated_at"], ascending=False).drop_duplicates("story_id")
            quotes = [{"sentence": " ".join(str(r.sentence).split()), "ref": cites.cite(r),
                       "outlet": r.outlet, "date": _day(r.published_at)}
                      for r in grp.head(opt.per_indicator).itertuples()]
            label = grp.indicator_label.iloc[0] or framework.indicator(ind_id).label
            indicators.append({"id": ind_id, "label": label, "count": len(rows[rows.indicator_id == ind_id]),
                               "stories": int(grp.story_id.nunique()), "outlets": int(grp.outlet.nunique()),
                               "quotes": quotes})
        out.append({"id": factor.id, "code": factor.code, "title": factor.title, "count": len(rows),
                    "outlets": int(rows.outlet.nunique()), "indicators": indicators,
                    "single_source": bool(rows.outlet.nunique() == 1)})
    return out


def _summary(code, name, label, period, trend, current, factors, alerts, struct, cites, names) -> list[dict[str, Any]]:
    paras: list[dict[str, Any]] = []

    def lv(n: int) -> str:
        return f"level {n} ({names[n]})" if n in names else f"level {n}"

    latest = trend.iloc[-1] if not trend.empty else None
    if latest is None or str(pd.Timestamp(latest.week).date()) != str(pd.Timestamp(_monday(label)).date()):
        paras.append({"text": f"Vigil has no score for {name} in week {label}.", "refs": []})
    else:
        level = "not levelled" if pd.isna(latest.level) else lv(int(latest.level))
        text = f"Vigil rates {name} at {level} in week {label} (score {latest.score:.2f})"
        if len(trend) >= 2 and pd.notna(trend.level.iloc[-2]) and pd.notna(latest.level):
            prev = int(trend.level.iloc[-2])
            now = int(latest.level)
            text += (f", up from {lv(prev)} the week before" if now > prev else
                     f", down from {lv(prev)} the week before" if now < prev else ", unchanged from the week before")
        text += f". {_trend_sentence(trend)}"
        paras.append({"text": text, "refs": [],
                      "data": f"weights {latest.weights_version}, scoring {latest.scoring_version}"})
    for a in alerts[alerts.iso3 == code].itertuples() if not alerts.empty else []:
        ids = set(a.evidence_ids) if a.evidence_ids is not None else set()
        cited = current[current.evidence_id.isin(ids)].drop_duplicates("story_id").head(3) if ids else current[:0]
        refs = sorted({cites.cite(r) for r in cited.itertuples()})
        paras.append({"text": f"Vigil raised an alert ({a.kind}) for week {label}: {a.reason}", "refs": refs})
    if factors:
        leading = factors[:3]
        parts = []
        refs = []
        for f in leading:
            first = f["indicators"][0]["quotes"][0]["ref"]
            refs.append(first)
            parts.append(f"{f['code']} ({f['title']}; {f['count']} sentence(s))")
        outlets = current.outlet.nunique()
        paras.append({
            "text": (f"In {period}, {len(current)} evidence sentence(s) from {outlets} outlet(s) about {name} "
                     f"matched framework indicators, chiefly under " + "; ".join(parts) + "."),
            "refs": sorted(set(refs)),
        })
    else:
        paras.append({"text": f"No evidence about {name} matched framework indicators in {period}.", "refs": []})
    if struct.empty:
        paras.append({"text": "Structural risk: not available (the structural model has no estimate for this "
                              "country).", "refs": []})
    else:
        s = struct.iloc[0]
        paras.append({"text": (f"Structural risk: {float(s.risk):.3f}, ranked {int(s['rank'])} of {int(s['ranked'])} "
                               f"countries for {int(s.year)} (model {s.model_version})."), "refs": []})
    return paras


def _monday(label: str) -> date:
    from reports.weeks import parse_week

    return parse_week(label)


def _trend_sentence(trend: pd.DataFrame) -> str:
    levels = trend.level.dropna()
    if len(levels) < 2:
        return "There is not enough history to describe a trend."
    window = levels.tail(5)
    first, last = int(window.iloc[0]), int(window.iloc[-1])
    n = len(window) - 1
    if last > first:
        return f"Over the last {n} weeks the level has risen from {first} to {last}."
    if last < first:
        return f"Over the last {n} weeks the level has fallen from {first} to {last}."
    return f"Over the last {n} weeks the level has held at {last} (range {int(window.min())}–{int(window.max())})."


def _thinness(current: pd.DataFrame, opt: NoteOptions) -> str | None:
    n = len(current)
    outlets = current.outlet.nunique() if n else 0
    if n == 0:
        return ("Evidence is absent: no tagged sentence in the period. This draft cannot assess the situation "
                "from reporting and should not be sent without other sources.")
    if n < opt.thin or outlets < 2:
        return (f"Evidence is thin: {n} tagged sentence(s) from {outlets} outlet(s) in the period. Treat every "
                "finding below as provisional and seek corroboration before relying on it.")
    return None


def _mitigating(current, previous, trend, framework, courses, opt, cites, period) -> list[dict[str, Any]]:
    """What the evidence says about safeguards, and where reporting on a risk factor has receded."""
    out: list[dict[str, Any]] = []
    for fid in courses.mitigating_factors:
        factor = framework.factor(fid)
        rows = current[current.risk_factor == fid] if not current.empty else current
        if rows.empty:
            out.append({"text": (f"No evidence under {factor.code} ({factor.title}) was found in {period}. This is "
                                 "an absence of reporting, not a confirmation that safeguards are in place."),
                        "refs": []})
        else:
            refs = sorted({cites.cite(r) for r in rows.sort_values("strength", ascending=False)
                           .drop_duplicates("story_id").head(opt.per_indicator).itertuples()})
            out.append({"text": (f"Safeguards appear weakened: {len(rows)} sentence(s) under {factor.code} "
                                 f"({factor.title}) in {period}; see the analysis above."), "refs": refs})
    if not previous.empty:
        before = previous.groupby("risk_factor").size()
        now = current.groupby("risk_factor").size() if not current.empty else pd.Series(dtype=int)
        for fid, n_before in before.sort_values(ascending=False).items():
            n_now = int(now.get(fid, 0))
            if n_before >= 2 and n_now <= n_before / 2:
                factor = framework.factor(int(fid))
                out.append({"text": (f"Reporting under {factor.code} ({factor.title}) receded: {n_now} sentence(s) "
                                     f"in {period}, against {int(n_before)} in the {opt.weeks} weeks before "
                                     "(Vigil evidence counts)."), "refs": []})
    return out
