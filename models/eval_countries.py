"""Country-attribution accuracy on labelled texts (JSONL or CSV with ``text`` and ``iso3`` columns).

    .venv/bin/python -m models.eval_countries FILE [FILE ...] [--half dev|test|all] [--sample N] [--seed S]
        [--errors K]

Only the text (and title, if the file has one) is given to the attributor; any other columns (ACLED's coded
admin1/location fields, for instance) are ignored. Prints, per file: rows, primary accuracy (the primary ISO3 is
the label), recall (the label is among the attributed countries) and the share of texts with no country at all,
then a table with rows for: all texts; texts that name a place, people or actor that identifies a country (the
attributor finds at least one); texts that name no such thing; the ceiling split (texts with / without a
capitalised word, see `names_capitalised`); and, for ACLED, the texts that contain their own coded location,
admin1 or country name.

``--half``: the fixed split of ACLED items by ``half_of(item_id)`` (the same split as
benchmarks/acled_evidence.py). Rules are tuned while reading the errors of ``--half dev``; ``--half test`` gives
the published, held-out figures.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from models.countries import CountryAttributor, default_attributor
from models.gazetteer import fold_text
from models.sentences import split_sentences

__all__ = ["HALVES", "CountryScore", "evaluate_countries", "half_of", "lowercase_vocabulary", "main", "names_capitalised",
           "read_labelled"]

HALVES = ("all", "dev", "test")

# Capitalised words that name nothing: month and weekday names (and their abbreviations), the pronoun "I", and the
# upper-case field labels ACLED's older notes carry ("LOCATION: …", "FATALITIES: DETAILS NOT SPECIFIED",
# "FATALITIES = TOTAL FOR 4 DAYS CONFLICT", "[Size=no report]").
NAMELESS_CAPITALISED = frozenset([
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "i",
])
ACLED_FIELD_LABELS = frozenset([
    "LOCATION", "LOCATIONS", "FATALITIES", "FATALITY", "DETAILS", "ACTORS", "ACTOR", "NOT", "SPECIFIED", "TOTAL",
    "FOR", "DAYS", "DAY", "CONFLICT", "Size", "SIZE",
])
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def half_of(item_id: str) -> str:
    """'dev' or 'test': the fixed half an ACLED item belongs to (sha256 of its id; odd → test). The one split of
    the ACLED sets: benchmarks/acled_evidence.py uses it too."""
    return "test" if int(hashlib.sha256(item_id.encode("utf-8")).hexdigest(), 16) % 2 else "dev"


def lowercase_vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """Every word written entirely in lower case somewhere in ``texts`` (words as `names_capitalised` reads them)."""
    vocab: set[str] = set()
    for text in texts:
        vocab.update(w for w in _WORD_RE.findall(text) if w.islower())
    return frozenset(vocab)


def names_capitalised(text: str, lowercase_words: frozenset[str] = frozenset()) -> bool:
    """Does ``text`` contain a capitalised word that may be a name? Sentences as models.sentences splits them; a
    word is a run of letters (apostrophes inside allowed). A word counts when its first letter is upper case and it
    is not a month or weekday name, "I" or one of ACLED's upper-case field labels (`NAMELESS_CAPITALISED`,
    `ACLED_FIELD_LABELS`); the first word of a sentence counts only when it is an acronym (two or more letters, all
    upper case: "BJP", "GSU") or its lower-case form is not in ``lowercase_words`` (a word the set never writes in
    lower case: "Nairobi residents…", but not "Police…", "Protesters…").

    A text without such a word names no place, people or actor by a proper name ("Police disperse protesters over
    unpaid salaries"), so an attributor that reads names (and knows nothing of the set's usual country) cannot
    place it: the share of texts with one is the ceiling of such an attributor's accuracy on a set (lower-case
    institution terms such as "upazila" or "matatu" can still place a few of the rest)."""
    for s0, s1 in split_sentences(text, "en"):
        for k, m in enumerate(_WORD_RE.finditer(text, s0, s1)):
            word = m.group()
            if not word[:1].isupper() or word.lower() in NAMELESS_CAPITALISED or word in ACLED_FIELD_LABELS:
                continue
            if k == 0 and not (len(word) >= 2 and word.isupper()) and word.lower() in lowercase_words:
                continue
            return True
    return False


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
    capitalised: int = 0  # texts with a capitalised word after each sentence's first word (names_capitalised)
    capitalised_correct: int = 0
    nameless_correct: int = 0  # texts without one that still get their label (lower-case terms such as "upazila")
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

    @property
    def ceiling(self) -> float:
        """Share of texts with a capitalised word (`names_capitalised`): the best a name-reading attributor can do,
        plus whatever lower-case terms ("upazila", "matatu") place among the rest."""
        return self.capitalised / self.n if self.n else 0.0

    def table(self) -> str:
        """Markdown rows: all texts / texts naming something that identifies a country / texts naming nothing."""
        answered = self.n - self.no_country
        rows = [("all notes", self.n, self.primary_correct),
                ("notes naming a place or actor that identifies a country", answered, self.primary_correct),
                ("notes naming no such thing", self.no_country, 0),
                (f"notes with a capitalised word that may be a name (ceiling {self.ceiling:.1%})",
                 self.capitalised, self.capitalised_correct),
                ("notes with no such word", self.n - self.capitalised,
                 self.nameless_correct)]
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
                + f" ceiling={self.ceiling:.4f}"
                + (f" primary_when_capitalised={self.capitalised_correct / self.capitalised:.4f}"
                   if self.capitalised else "")
                + f" ({wps:,.0f} words/s)")


class LabelledDataError(ValueError):
    """A labelled file that cannot be used; carries the path and, when known, the line."""

    def __init__(self, message: str, path: Path | str, line: int | None = None):
        self.path, self.line = str(path), line
        super().__init__(f"{path}{':' + str(line) if line else ''}: {message}")


def read_labelled(path: Path | str, sample: int | None = None, seed: int = 0, half: str = "all") -> list[dict]:
    """Rows ``{"text", "iso3", "title"?}`` from a JSONL or CSV file; rows without text or label are skipped.
    ``half``: "dev" or "test" keeps that half of the items by `half_of` their ``item_id`` (rows then need one);
    "all" keeps every row. ``sample``: a reproducible random sample of that many rows (all rows if the file is
    smaller), drawn after the half is taken."""
    if half not in HALVES:
        raise ValueError(f"half must be one of {HALVES}, not {half!r}")
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
         "coded_places": [r[c] for c in ("location", "admin1", "country") if (r.get(c) or "").strip()],
         "item_id": (r.get("item_id") or "").strip() or None}
        for r in rows
        if (r.get("text") or "").strip() and (r.get("iso3") or "").strip()
    ]
    if half != "all":
        missing = sum(1 for r in rows if r["item_id"] is None)
        if missing:
            raise LabelledDataError(f"--half {half} needs an 'item_id' on every row; {missing} rows have none", path)
        rows = [r for r in rows if half_of(r["item_id"]) == half]
    if sample is not None and sample < len(rows):
        rows = random.Random(seed).sample(rows, sample)
    return rows


def evaluate_countries(rows: Iterable[dict], attributor: CountryAttributor | None = None, name: str = "set",
                       keep_errors: int = 0) -> CountryScore:
    """Primary accuracy and "label among the attributed countries" over rows with ``text`` and ``iso3``."""
    attributor = attributor or default_attributor()
    rows = list(rows)
    vocab = lowercase_vocabulary(r["text"] for r in rows)
    score = CountryScore(name)
    for row in rows:
        t0 = time.perf_counter()  # the attributor's time only (not the ceiling's sentence split)
        att = attributor.attribute(row["text"], title=row.get("title"), language=row.get("language"))
        score.seconds += time.perf_counter() - t0
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
        if names_capitalised(row["text"], vocab):
            score.capitalised += 1
            score.capitalised_correct += att.primary_iso3 == label
        else:
            score.nameless_correct += att.primary_iso3 == label
    return score


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--sample", type=int, default=None, help="random sample of N rows per file")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--half", choices=HALVES, default="all",
                    help="ACLED items of one fixed half by sha256 of item_id (tune on dev, report test)")
    ap.add_argument("--errors", type=int, default=0, help="print up to K misattributed rows per file")
    args = ap.parse_args(argv)
    attributor = default_attributor()
    print(f"model: {attributor.version}  half: {args.half}")
    for path in args.files:
        rows = read_labelled(path, args.sample, args.seed, half=args.half)
        name = path.parent.name or path.name
        score = evaluate_countries(rows, attributor, name=name if args.half == "all" else f"{name} ({args.half})",
                                   keep_errors=args.errors)
        print(score.line())
        print(score.table())
        if args.errors:
            print("  top confusions (label → got):", score.confusions.most_common(8))
            for err in score.errors:
                print("  ", json.dumps(err, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
