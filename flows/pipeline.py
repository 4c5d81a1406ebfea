"""The pipeline as Prefect flows, and the four deployments `vigil serve` keeps running.

- `pipeline_flow`: ingest → tag → score (alerts are computed inside scoring), once (`vigil run`).
- `ingest_and_tag_flow`: the hourly run. Tagging is chained right after ingest in the same flow run: the simplest
  robust way to tag "after each ingest" (no event trigger that could silently not fire, nothing to tag twice).
- `digest_flow`: render, archive and optionally e-mail the weekly digest.

The stage flows are imported inside the flow bodies so importing this module stays cheap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from prefect import flow


@flow(name="pipeline", log_prints=False)
def pipeline_flow(
    db: str,
    sources_file: str | None = None,
    source_names: list[str] | None = None,
    allow_local: bool = False,
    batch_size: int | None = None,
    weights: str | None = None,
) -> dict[str, Any]:
    """Ingest, tag and score once; return each stage's summary."""
    from flows.score_flow import score_flow

    result = ingest_and_tag_flow(db, sources_file=sources_file, source_names=source_names, allow_local=allow_local,
                                 batch_size=batch_size)
    result["score"] = score_flow(db=db, weights=weights)
    return result


@flow(name="ingest-and-tag", log_prints=False)
def ingest_and_tag_flow(
    db: str,
    sources_file: str | None = None,
    source_names: list[str] | None = None,
    allow_local: bool = False,
    batch_size: int | None = None,
) -> dict[str, Any]:
    """Ingest every enabled source, then tag the documents not yet tagged."""
    from flows.ingest_flow import ingest_flow
    from flows.tag_flow import tag_flow

    ingested = ingest_flow(db=db, sources_file=sources_file, source_names=source_names, allow_local=allow_local)
    tagged = tag_flow(db=db, batch_size=batch_size)
    return {"ingest": ingested, "tag": tagged}


@flow(name="digest", log_prints=False)
def digest_flow(db: str, week: str | None = None, send: bool = False, out_dir: str | None = None) -> dict[str, Any]:
    """Render and archive the digest for `week` (default: the last complete week); e-mail it when `send`.

    A send failure fails the flow run (MailError names host, port and reason); the archived files stay.
    """
    from reports.digest import build_digest, options_from_settings
    from reports.mail import send_digest
    from vigil.settings import load_settings

    settings = load_settings(overrides={"db": db})
    digest = build_digest(db, week, options_from_settings(settings))
    paths = digest.write(out_dir or settings.path(settings.reports.digests_dir))
    result = {"week": digest.label, "subject": digest.subject, "empty": digest.empty,
              "files": {k: str(v) for k, v in paths.items()}, "sent_to": []}
    if send:
        result["sent_to"] = send_digest(digest, settings.smtp)
    return result


@dataclass(frozen=True)
class Schedule:
    """One served deployment: its name, when it runs, and what it does."""

    name: str
    flow: str
    cron: str | None
    timezone: str
    description: str

    def when(self) -> str:
        return f"cron '{self.cron}' ({self.timezone})" if self.cron else "on demand"


def schedules(settings) -> list[Schedule]:
    """The four deployments `vigil serve` registers, from the `[schedule]` settings."""
    s = settings.schedule
    return [
        Schedule("ingest-hourly", "ingest-and-tag", s.ingest_cron, s.timezone,
                 "ingest every enabled source, then tag the new documents"),
        Schedule("tag", "tag", None, s.timezone,
                 "tagging after each ingest runs inside ingest-hourly; this deployment re-tags on demand "
                 "(e.g. after a model change)"),
        Schedule("score-daily", "score", s.score_cron, s.timezone, "weekly scores, levels and alerts"),
        Schedule("digest-weekly", "digest", s.digest_cron, s.timezone,
                 "digest of the last complete week" + (", e-mailed" if s.send_digest else ", archived only")),
    ]


def deployments(settings, db: str, allow_local: bool = False) -> list:
    """RunnerDeployments for `prefect.serve`, parameters bound to the database `db`."""
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron

    from flows.score_flow import score_flow
    from flows.tag_flow import tag_flow

    flows = {"ingest-and-tag": ingest_and_tag_flow, "tag": tag_flow, "score": score_flow, "digest": digest_flow}
    params = {
        "ingest-and-tag": {"db": db, "allow_local": allow_local},
        "tag": {"db": db},
        "score": {"db": db},
        "digest": {"db": db, "send": settings.schedule.send_digest},
    }
    out = []
    for sch in schedules(settings):
        out.append(flows[sch.flow].to_deployment(
            name=sch.name,
            schedules=[Cron(sch.cron, timezone=sch.timezone)] if sch.cron else None,
            parameters=params[sch.flow],
            description=sch.description,
            tags=["vigil"],
            entrypoint_type=EntrypointType.MODULE_PATH,
        ))
    return out
