"""`vigil tag`, `vigil train` and `vigil evaluate`: indicator evidence and countries for documents."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from vigil.commands._common import CONFIG_OPTION, DB_OPTION, fail, settings


def register(app: typer.Typer) -> None:
    app.command("tag")(tag)
    app.command("train")(train)
    app.command("evaluate")(evaluate)


def _read_jsonl(path: Path):
    """(line number, record) for good lines; bad lines are reported on stderr and skipped."""
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        fail(f"cannot read {path}: {exc}")
    with fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                typer.echo(f"{path}:{number}: skipped: invalid JSON ({exc.msg})", err=True)
                continue
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                typer.echo(f"{path}:{number}: skipped: missing or non-string 'text'", err=True)
                continue
            if rec.get("title") is not None and not isinstance(rec["title"], str):
                typer.echo(f"{path}:{number}: skipped: 'title' must be a string", err=True)
                continue
            rec.setdefault("id", number)
            yield rec


def tag(
    input: Path = typer.Option(None, "--input", "-i", help="JSONL of {id, text, title?, language?}; no database needed."),
    output: Path = typer.Option(None, "--output", "-o", help="Where to write the tags as JSONL (default: stdout)."),
    db: Path = DB_OPTION,
    config: Path = CONFIG_OPTION,
    batch_size: int = typer.Option(None, "--batch-size", help="Documents per batch (default: settings tagging.batch_size)."),
) -> None:
    """Tag documents with countries and sentence-level indicator evidence.

    With --input, tags a JSONL file and writes JSONL; otherwise tags every document in the database that the
    current model has not tagged, in batches, one transaction per batch.
    """
    cfg = settings(db, config)
    size = batch_size or cfg.tagging.batch_size
    from models.tagger import ModelArtifactError

    if input is not None:
        from models.tagger import default_tagger

        try:
            tagger = default_tagger()
        except ModelArtifactError as exc:
            fail(str(exc))
        from dataclasses import replace

        tagger.cfg = replace(tagger.cfg, min_confidence=cfg.tagging.min_confidence)
        out = output.open("w", encoding="utf-8") if output else sys.stdout
        n = hits = 0
        try:
            for res in tagger.tag_stream(_read_jsonl(input), batch_size=size):
                out.write(json.dumps(res, ensure_ascii=False) + "\n")
                n += 1
                hits += len(res["hits"])
        finally:
            if output:
                out.close()
        typer.echo(f"tagged {n} document(s), {hits} evidence hit(s)", err=True)
        return
    from models.store_tagging import tag_database
    from store import StoreError

    try:
        summary = tag_database(cfg.db_path, batch_size=size, min_confidence=cfg.tagging.min_confidence,
                               progress=lambda d, e: typer.echo(f"  {d} document(s), {e} evidence row(s)", err=True))
    except (StoreError, ModelArtifactError) as exc:
        fail(str(exc))
    typer.echo(f"{cfg.db_path}: tagged {summary['documents']} document(s), wrote {summary['evidence']} evidence "
               f"row(s) with model {summary['model_version']}")


def train(
    input: Path = typer.Option(None, "--input", "-i", help="Labelled sentences JSONL (default: data/training/sentences.jsonl)."),
    out_dir: Path = typer.Option(None, "--out", help="Artifact folder (default: models/artifacts)."),
) -> None:
    """Fit the evidence classifiers on the train split; write a versioned artifact and metrics.json."""
    from models.evaluate import format_report
    from models.train import train as run_train
    from models.training_data import TrainingDataError

    kwargs = {"out_dir": out_dir} if out_dir else {}
    try:
        metrics = run_train(input, **kwargs)
    except TrainingDataError as exc:
        fail(str(exc))
    typer.echo(f"artifact {metrics['version']} ({metrics['n_train']} training sentences, "
               f"{metrics['indicator_labels']} indicator labels)")
    if "test" in metrics:
        typer.echo("held-out split:\n" + format_report(metrics["test"]))


def evaluate(
    input: Path = typer.Option(None, "--input", "-i", help="Labelled sentences JSONL (default: the held-out split of data/training/sentences.jsonl)."),
    split: str = typer.Option(None, "--split", help="Only this split of the file (train|test); default: all rows, or test for the default file."),
    as_json: bool = typer.Option(False, "--json", help="Print the metrics as JSON."),
) -> None:
    """Per-risk-factor precision, recall and F1 (micro, macro) and country accuracy of the shipped tagger."""
    from models.evaluate import evaluate_file, format_report
    from models.tagger import ModelArtifactError
    from models.training_data import SENTENCES_PATH, TrainingDataError

    path = input or SENTENCES_PATH
    split_name = split or (None if input else "test")
    try:
        metrics = evaluate_file(path, split_name=split_name)
    except (TrainingDataError, ModelArtifactError) as exc:
        fail(str(exc))
    if as_json:
        typer.echo(json.dumps(metrics, indent=2))
    else:
        typer.echo(f"{path}" + (f" (split {split_name})" if split_name else ""))
        typer.echo(format_report(metrics))
