"""Evidence and country figures of the tagger on the ACLED extracts in ../shared/data (evaluation only).

    .venv/bin/python -m benchmarks.acled_evidence                    # held-out half of every set (published)
    .venv/bin/python -m benchmarks.acled_evidence --half dev --errors 40  # the half rules were tuned on; print errors
    .venv/bin/python -m benchmarks.acled_evidence --half all --sample 300 # both halves, fixed-seed sample per class

ACLED event notes are tagged as documents (English). Classes come from ACLED's own coding:
- violence against civilians: event_type "Violence against civilians" (positives);
- battles: event_type starting "Battle";
- peaceful protests: sub_event_type "Peaceful protest" (current schema, Kenya). The 2015/2016 extracts code only
  "Riots/Protests"; for them the proxy is ACLED's own actor coding: actor1 "Protesters (...)" (ACLED's word for
  non-violent demonstrators; violent ones are "Rioters"), no second actor (no intervention) and no fatalities.
Scores: F1 of "any RF10, RF11 or RF13 evidence" for violence against civilians against battles + peaceful
protests; the share of peaceful protests with any RF9-RF14 evidence; primary-country accuracy on all rows.
The data is never copied into the repository and never used for training. The pattern data, cues and combination
rules were tuned while reading errors of the `dev` half; published figures are on the `test` half (a fixed split
by a hash of ACLED's item id, so it does not depend on file order or sampling). `--errors N` prints up to N
misclassified notes per set to the terminal (never to a file in the repository).
"""

from __future__ import annotations

import argparse
import csv
import random
import time
from pathlib import Path

from models.eval_countries import half_of  # the one dev/test split of the ACLED sets

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"
ACLED_SETS = ("acled_africa_2016", "acled_asia_2015", "acled_kenya_1997_2019")
COMMAND = "python -m benchmarks.acled_evidence"
VAC_FACTORS = {10, 11, 13}
ATROCITY_FACTORS = set(range(9, 15))


def event_class(row: dict, current_schema: bool) -> str | None:
    et = (row.get("event_type") or "").strip().lower()
    sub = (row.get("sub_event_type") or "").strip().lower()
    if et.startswith("violence against civilians"):
        return "vac"
    if et.startswith("battle"):
        return "battle"
    if current_schema and sub == "peaceful protest":
        return "protest"
    if (not current_schema and et == "riots/protests" and (row.get("actor1") or "").startswith("Protesters")
            and not (row.get("actor2") or "").strip() and (row.get("fatalities") or "0").strip() in ("0", "0.0", "")):
        return "protest"
    return None


def load_set(name: str, sample: int | None = None, seed: int = 0, half: str = "all") -> list[dict]:
    """Rows of one ACLED set with a class (vac/battle/protest), from one half ("dev", "test") or "all";
    `sample` rows per class with a fixed seed."""
    path = SHARED / name / "items.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    current = any((r.get("sub_event_type") or "").strip() for r in rows)
    by: dict[str, list[dict]] = {}
    for r in rows:
        cls = event_class(r, current)
        if cls and (r.get("text") or "").strip() and (half == "all" or half_of(r["item_id"]) == half):
            by.setdefault(cls, []).append({"id": r["item_id"], "text": r["text"], "language": "en",
                                           "iso3": r.get("iso3") or None, "cls": cls})
    out = []
    rng = random.Random(seed)
    for cls in sorted(by):
        items = by[cls]
        out.extend(rng.sample(items, min(sample, len(items))) if sample else items)
    return out


def score_set(rows: list[dict], tagger, errors: list | None = None) -> dict:
    """F1 for VAC vs battles+protests, protest false-alarm rate, country accuracy; misclassified rows are appended
    to `errors` as (kind, text, hits) when a list is given."""
    res = list(tagger.tag_stream(({"id": r["id"], "text": r["text"], "language": "en"} for r in rows), batch_size=256))
    tp = fp = fn = 0
    prot = prot_alarm = 0
    ok = n_iso = 0
    for r, t in zip(rows, res):
        factors = {h["risk_factor"] for h in t["hits"]}
        hit = bool(factors & VAC_FACTORS)
        if errors is not None and (hit != (r["cls"] == "vac") or (r["cls"] == "protest" and factors & ATROCITY_FACTORS)):
            errors.append(("missed VAC" if r["cls"] == "vac" else f"{r['cls']} flagged", r["text"], t["hits"]))
        if r["cls"] == "vac":
            tp += hit
            fn += not hit
        else:
            fp += hit
        if r["cls"] == "protest":
            prot += 1
            prot_alarm += bool(factors & ATROCITY_FACTORS)
        if r["iso3"]:
            n_iso += 1
            ok += t["primary_iso3"] == r["iso3"]
    p = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    n_battle = sum(r["cls"] == "battle" for r in rows)
    return {
        "n": len(rows), "vac": tp + fn, "others": sum(r["cls"] != "vac" for r in rows),
        "precision": p, "recall": rec, "f1": 2 * p * rec / (p + rec) if p + rec else 0.0,
        "protests": prot, "protest_alarm_rate": prot_alarm / prot if prot else 0.0, "battles": n_battle,
        "country_accuracy": ok / n_iso if n_iso else None,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=None, help="rows per class and set (default: all)")
    ap.add_argument("--half", choices=("test", "dev", "all"), default="test",
                    help="fixed half of each set: test (published figures), dev (rules tuned on it) or all")
    ap.add_argument("--errors", type=int, default=0, help="print up to N misclassified notes per set")
    args = ap.parse_args(argv)
    from models.tagger import default_tagger

    tagger = default_tagger()
    print(f"model {tagger.version}")
    for name in ACLED_SETS:
        if not (SHARED / name / "items.csv").exists():
            print(f"{name}: absent, skipped")
            continue
        t0 = time.perf_counter()
        errs: list = []
        m = score_set(load_set(name, args.sample, half=args.half), tagger, errs)
        print(f"{name} [{args.half}]: n={m['n']} (VAC {m['vac']}, battles+protests {m['others']}): VAC->RF10/11/13 "
              f"P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f}; protests with RF9-14 evidence "
              f"{m['protest_alarm_rate']:.1%} of {m['protests']}; country accuracy {m['country_accuracy']:.3f} "
              f"({time.perf_counter() - t0:.0f}s)")
        for kind, text, hits in errs[: args.errors]:
            found = ", ".join(f"{h['indicator']}@{h['confidence']:.2f}" for h in hits) or "no evidence"
            print(f"  [{kind}] {text[:300]}\n      -> {found}")
    print(f"command: {COMMAND} --half {args.half}" + (f" --sample {args.sample}" if args.sample else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
