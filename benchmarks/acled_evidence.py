"""Evidence and country figures of the tagger on the ACLED extracts in ../shared/data (evaluation only).

    .venv/bin/python -m benchmarks.acled_evidence              # full sets
    .venv/bin/python -m benchmarks.acled_evidence --sample 300  # fixed-seed sample per class and set

ACLED event notes are tagged as documents (English). Classes come from ACLED's own coding:
- violence against civilians: event_type "Violence against civilians" (positives);
- battles: event_type starting "Battle";
- peaceful protests: sub_event_type "Peaceful protest" (current schema, Kenya). The 2015/2016 extracts code only
  "Riots/Protests"; for them the protest figure uses those rows with no fatalities, reported as a proxy.
Scores: F1 of "any RF10, RF11 or RF13 evidence" for violence against civilians against battles + peaceful
protests; the share of peaceful protests with any RF9-RF14 evidence; primary-country accuracy on all rows.
The data is never copied into the repository and never used for training.
"""

from __future__ import annotations

import argparse
import csv
import random
import time
from pathlib import Path

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
    if not current_schema and et == "riots/protests" and (row.get("fatalities") or "0").strip() in ("0", "0.0", ""):
        return "protest"
    return None


def load_set(name: str, sample: int | None = None, seed: int = 0) -> list[dict]:
    """Rows of one ACLED set with a class (vac/battle/protest); `sample` rows per class with a fixed seed."""
    path = SHARED / name / "items.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    current = any((r.get("sub_event_type") or "").strip() for r in rows)
    by: dict[str, list[dict]] = {}
    for r in rows:
        cls = event_class(r, current)
        if cls and (r.get("text") or "").strip():
            by.setdefault(cls, []).append({"id": r["item_id"], "text": r["text"], "language": "en",
                                           "iso3": r.get("iso3") or None, "cls": cls})
    out = []
    rng = random.Random(seed)
    for cls in sorted(by):
        items = by[cls]
        out.extend(rng.sample(items, min(sample, len(items))) if sample else items)
    return out


def score_set(rows: list[dict], tagger) -> dict:
    """F1 for VAC vs battles+protests, protest false-alarm rate, country accuracy."""
    res = list(tagger.tag_stream(({"id": r["id"], "text": r["text"], "language": "en"} for r in rows), batch_size=256))
    tp = fp = fn = 0
    prot = prot_alarm = 0
    ok = n_iso = 0
    for r, t in zip(rows, res):
        factors = {h["risk_factor"] for h in t["hits"]}
        hit = bool(factors & VAC_FACTORS)
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
    return {
        "n": len(rows), "vac": tp + fn, "others": sum(r["cls"] != "vac" for r in rows),
        "precision": p, "recall": rec, "f1": 2 * p * rec / (p + rec) if p + rec else 0.0,
        "protests": prot, "protest_alarm_rate": prot_alarm / prot if prot else 0.0,
        "country_accuracy": ok / n_iso if n_iso else None,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=None, help="rows per class and set (default: all)")
    args = ap.parse_args(argv)
    from models.tagger import default_tagger

    tagger = default_tagger()
    print(f"model {tagger.version}")
    for name in ACLED_SETS:
        if not (SHARED / name / "items.csv").exists():
            print(f"{name}: absent, skipped")
            continue
        t0 = time.perf_counter()
        m = score_set(load_set(name, args.sample), tagger)
        print(f"{name}: n={m['n']} (VAC {m['vac']}, battles+protests {m['others']}): VAC->RF10/11/13 "
              f"P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f}; protests with RF9-14 evidence "
              f"{m['protest_alarm_rate']:.1%} of {m['protests']}; country accuracy {m['country_accuracy']:.3f} "
              f"({time.perf_counter() - t0:.0f}s)")
    print(f"command: {COMMAND}" + (f" --sample {args.sample}" if args.sample else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
