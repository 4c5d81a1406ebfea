"""Country-attribution accuracy on labelled texts (JSONL or CSV with ``text`` and ``iso3`` columns).

    .venv/bin/python -m models.eval_countries FILE [FILE ...] [--sample N] [--seed S] [--errors K]

Only the text (and title, if the file has one) is given to the attributor; any other columns (ACLED's coded
admin1/location fields, for instance) are ignored. Prints, per file: rows, primary accuracy (the primary ISO3 is
the label), recall (the label is among the attributed countries) and the share of texts with no country at all,
then a table with three rows — all texts; texts that name a place, people or actor that identifies a country (the
attributor finds at least one); texts that name no such thing — and, for ACLED, the texts that contain their own
coded location, admin1 or country name.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from models.countries import CountryAttributor, default_attributor
from models.gazetteer import fold_text

__all__ = ["CountryScore", "evaluate_countries", "main", "read_labelled"]


@dataclass
class CountryScore:
    """Country accuracy on one labelled set."""

    name: str
    n: int = 0
    primary_correct: int = 0
    among_correct: int = 0
    no_country: int = 0
    seconds: float = 0.0
    words: int = 0
    names_place: int = 0  # texts that contain their coded location, admin1 or country name (ACLED)
    names_place_correct: int = 0
    errors: list[dict] = field(default_factory=list)
    confusions: Counter = field(default_factory=Counter)

    @property
    def primary_accuracy(self) -> float:
        return self.primary_correct / self.n if self.n else 0.0

    @property
    def among_accuracy(self) -> float:
        return self.among_correct / self.n if self.n else 0.0

    @property
    def attributed_accuracy(self) -> float:
        """Primary accuracy over the texts that got a country at all (how often a given answer is right)."""
        answered = self.n - self.no_country
        return self.primary_correct / answered if answered else 0.0

    def table(self) -> str:
        """Markdown rows: all texts / texts naming something that identifies a country / texts naming nothing."""
        answered = self.n - self.no_country
        rows = [("all notes", self.n, self.primary_correct),
                ("notes naming a place or actor that identifies a country", answered, self.primary_correct),
                ("notes naming no such thing", self.no_country, 0)]
        if self.names_place:
            rows.append(("notes containing their own coded location, admin1 or country", self.names_place,
                         self.names_place_correct))
        return "\n".join(f"| {self.name} | {label} | {n:,} | {ok / n if n else 0.0:.1%} |" for label, n, ok in rows)

    def line(self) -> str:
        wps = self.words / self.seconds if self.seconds else 0.0
        return (f"{self.name}: n={self.n} primary={self.primary_accuracy:.4f} among={self.among_accuracy:.4f} "
                f"no_country={self.no_country / max(self.n, 1):.4f} "
                f"primary_when_answered={self.attributed_accuracy:.4f}"
                + (f" text_names_its_place={self.names_place / self.n:.4f}"
                   f" primary_on_those={self.names_place_correct / self.names_place:.4f}" if self.names_place else "")
                + f" ({wps:,.0f} words/s)")


class LabelledDataError(ValueError):
    """A labelled file that cannot be used; carries the path and, when known, the line."""

    def __init__(self, message: str, path: Path | str, line: int | None = None):
        self.path, self.line = str(path), line
        super().__init__(f"{path}{':' + str(line) if line else ''}: {message}")


def read_labelled(path: Path | str, sample: int | None = None, seed: int = 0) -> list[dict]:
    """Rows ``{"text", "iso3", "title"?}`` from a JSONL or CSV file; rows without text or label are skipped.
    ``sample``: a reproducible random sample of that many rows (all rows if the file is smaller)."""
    path = Path(path)
    rows: list[dict] = []
    if path.suffix.lower() in (".jsonl", ".json"):
        with open(path, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise LabelledDataError(f"invalid JSON ({exc.msg})", path, lineno) from exc
                rows.append(rec)
    else:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or "text" not in reader.fieldnames or "iso3" not in reader.fieldnames:
                raise LabelledDataError(f"needs 'text' and 'iso3' columns, has {reader.fieldnames}", path)
            rows = list(reader)
    rows = [
        {"text": r["text"], "iso3": r["iso3"].strip().upper(), "title": r.get("title") or None,
         # Coded place names (ACLED): never given to the attributor, only used to split the figures by whether
         # the text names its own location at all.
         "coded_places": [r[c] for c in ("location", "admin1", "country") if (r.get(c) or "").strip()]}
        for r in rows
        if (r.get("text") or "").strip() and (r.get("iso3") or "").strip()
    ]
    if sample is not None and sample < len(rows):
        rows = random.Random(seed).sample(rows, sample)
    return rows


def evaluate_countries(rows: Iterable[dict], attributor: CountryAttributor | None = None, name: str = "set",
                       keep_errors: int = 0) -> CountryScore:
    """Primary accuracy and "label among the attributed countries" over rows with ``text`` and ``iso3``."""
    attributor = attributor or default_attributor()
    score = CountryScore(name)
    t0 = time.perf_counter()
    for row in rows:
        att = attributor.attribute(row["text"], title=row.get("title"), language=row.get("language"))
        label = row["iso3"]
        score.n += 1
        score.words += len(row["text"].split())
        if att.primary_iso3 == label:
            score.primary_correct += 1
        else:
            score.confusions[(label, att.primary_iso3)] += 1
            if len(score.errors) < keep_errors:
                score.errors.append({"iso3": label, "got": att.primary_iso3, "text": row["text"][:300],
                                     "mentions": [(m.name, m.iso3, m.kind, m.role) for m in att.mentions]})
        if any(c.iso3 == label for c in att.countries):
            score.among_correct += 1
        if row.get("coded_places"):
            folded = fold_text(row["text"]).lower()
            if any(fold_text(p).lower() in folded for p in row["coded_places"]):
                score.names_place += 1
                score.names_place_correct += att.primary_iso3 == label
        if not att.countries:
            score.no_country += 1
    score.seconds = time.perf_counter() - t0
    return score


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--sample", type=int, default=None, help="random sample of N rows per file")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--errors", type=int, default=0, help="print up to K misattributed rows per file")
    args = ap.parse_args(argv)
    attributor = default_attributor()
    print(f"model: {attributor.version}")
    for path in args.files:
        rows = read_labelled(path, args.sample, args.seed)
        score = evaluate_countries(rows, attributor, name=path.parent.name or path.name, keep_errors=args.errors)
        print(score.line())
        print(score.table())
        if args.errors:
            print("  top confusions (label → got):", score.confusions.most_common(8))
            for err in score.errors:
                print("  ", json.dumps(err, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
