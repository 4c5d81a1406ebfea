"""The weekly digest: new and escalated alerts, level changes, and every country at a high level, with the
strongest evidence behind each, rendered as HTML e-mail, plain text and Markdown and archived as YYYY-Www.*.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from reports import queries
from reports.render import environment, safe_url
from reports.weeks import resolve_week, week_label

FORMATS = ("html", "txt", "md")


@dataclass(frozen=True)
class DigestOptions:
    """What shapes a digest; built from settings by `options_from_settings`."""

    min_level: int = 3
    evidence_per_country: int = 3
    country_url: str = "{base_url}/country?iso3={iso3}"
    base_url: str = "http://localhost:8501"


@dataclass
class Digest:
    """A rendered digest: its week, subject, the three renderings and the data they were made from."""

    week: date
    label: str
    subject: str
    html: str
    text: str
    markdown: str
    context: dict[str, Any] = field(repr=False)

    @property
    def empty(self) -> bool:
        return bool(self.context["empty"])

    def write(self, out_dir: str | Path) -> dict[str, Path]:
        """Write `<label>.html/.txt/.md` under `out_dir` (created); return the paths by format."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths = {}
        for fmt, body in (("html", self.html), ("txt", self.text), ("md", self.markdown)):
            path = out / f"{self.label}.{fmt}"
            tmp = path.with_suffix(f".{fmt}.tmp")
            tmp.write_text(body, encoding="utf-8")
            tmp.replace(path)
            paths[fmt] = path
        return paths


def options_from_settings(settings) -> DigestOptions:
    """Digest options from the loaded Vigil settings."""
    r = settings.reports
    return DigestOptions(
        min_level=r.digest_min_level,
        evidence_per_country=r.evidence_per_country,
        country_url=r.country_url,
        base_url=settings.dashboard.base_url.rstrip("/"),
    )


def build_digest(
    db_path: str | Path, week: str | None = None, options: DigestOptions | None = None, today: date | None = None
) -> Digest:
    """Render the digest for ISO week `week` (`YYYY-Www`; default: the last complete week) from the database."""
    from store import read_only

    options = options or DigestOptions()
    monday = resolve_week(week, today)
    with read_only(db_path) as con:
        context = _context(con, monday, options)
    env = environment()
    return Digest(
        week=monday,
        label=context["label"],
        subject=context["subject"],
        html=env.get_template("digest.html.j2").render(**context),
        text=env.get_template("digest.txt.j2").render(**context),
        markdown=env.get_template("digest.md.j2").render(**context),
        context=context,
    )


def _context(con, monday: date, opt: DigestOptions) -> dict[str, Any]:
    label = week_label(monday)
    alerts = queries.alerts_for_week(con, monday)
    levels = queries.weekly_levels(con, monday)
    changed = levels[levels.previous_level.notna() & levels.level.notna() & (levels.level != levels.previous_level)]
    alert_iso3 = list(dict.fromkeys(alerts.iso3)) if not alerts.empty else []
    changed = changed[~changed.iso3.isin(alert_iso3)]
    high = levels[levels.level.notna() & (levels.level >= opt.min_level)]
    shown = list(dict.fromkeys([*alert_iso3, *changed.iso3, *high.iso3]))

    ev = queries.evidence(con, shown, monday, monday + timedelta(days=7))
    structural = {r.iso3: r for r in queries.structural(con, shown).itertuples()}
    synthetic, documents = queries.synthetic_share(con)
    names = {r.iso3: r.country for r in levels.itertuples()}

    def link(iso3: str) -> str:
        return opt.country_url.format(base_url=opt.base_url, iso3=iso3)

    def pieces(iso3: str, prefer=()) -> list[dict[str, Any]]:
        return [_piece(r) for r in queries.strongest(ev, iso3, opt.evidence_per_country, prefer).itertuples()]

    alert_items = []
    for a in alerts.itertuples():
        prefer = list(a.evidence_ids) if a.evidence_ids is not None else []
        alert_items.append({
            "iso3": a.iso3, "country": a.country_name, "kind": a.kind, "dimension": a.dimension,
            "level_from": _int(a.level_from), "level_to": _int(a.level_to), "score": _num(a.score),
            "reason": a.reason, "escalated": bool(a.level_step > 0), "status": a.status,
            "link": link(a.iso3), "evidence": pieces(a.iso3, prefer), "structural": _structural(structural, a.iso3),
        })
    change_items = [
        {
            "iso3": r.iso3, "country": r.country, "level_from": _int(r.previous_level), "level_to": _int(r.level),
            "direction": "up" if r.level > r.previous_level else "down", "score": _num(r.score),
            "link": link(r.iso3), "evidence": pieces(r.iso3), "structural": _structural(structural, r.iso3),
        }
        for r in changed.itertuples()
    ]
    high_items = [
        {
            "iso3": r.iso3, "country": r.country, "level": _int(r.level), "previous_level": _int(r.previous_level),
            "score": _num(r.score), "evidence_count": _int(r.evidence_count), "link": link(r.iso3),
            "structural": _structural(structural, r.iso3),
        }
        for r in high.itertuples()
    ]
    demo = documents > 0 and synthetic > 0
    prefix = "[DEMO DATA] " if demo else ""
    subject = (
        f"{prefix}Vigil weekly digest {label}: "
        + (f"{len(alert_items)} alert(s), {len(change_items) + sum(a['level_from'] != a['level_to'] for a in alert_items)}"
           f" level change(s), {len(high_items)} at level {opt.min_level}+"
           if alert_items or change_items or high_items else "no changes")
    )
    return {
        "label": label,
        "subject": subject,
        "week_start": monday.isoformat(),
        "week_end": (monday + timedelta(days=6)).isoformat(),
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "demo": demo,
        "synthetic_documents": synthetic,
        "documents": documents,
        "weights_version": queries.weights_version(con),
        "level_names": queries.level_names(con, queries.weights_version(con)),
        "scored_countries": len(levels),
        "alerts": alert_items,
        "changes": change_items,
        "high": high_items,
        "min_level": opt.min_level,
        "names": names,
        "empty": not (alert_items or change_items or high_items),
        "dashboard_url": opt.base_url,
    }


def _piece(r) -> dict[str, Any]:
    published = r.published_at
    return {
        "sentence": " ".join(str(r.sentence).split()),
        "outlet": r.outlet or "unknown outlet",
        "date": published.strftime("%Y-%m-%d") if published is not None and not _isnan(published) else "undated",
        "url": safe_url(r.url),
        "indicator_id": r.indicator_id,
        "indicator": r.indicator_label or r.indicator_id,
        "confidence": round(float(r.confidence), 2),
        "synthetic": bool(r.synthetic),
    }


def _structural(rows: dict, iso3: str) -> dict[str, Any] | None:
    r = rows.get(iso3)
    if r is None:
        return None
    return {"risk": round(float(r.risk), 3), "rank": int(r.rank), "of": int(r.ranked), "year": int(r.year),
            "model_version": r.model_version}


def _isnan(v) -> bool:
    return v != v  # noqa: PLR0124 - NaT/NaN are the only values unequal to themselves


def _int(v) -> int | None:
    return None if v is None or _isnan(v) else int(v)


def _num(v) -> float | None:
    return None if v is None or _isnan(v) else round(float(v), 3)
