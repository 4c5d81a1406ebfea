"""Sentence-level evaluation of the whole tagger (patterns + classifier + cues) on labelled JSONL.

Each labelled sentence is tagged as a one-sentence document. A risk factor is predicted when at least one hit of
that factor survives (confidence >= the tagger's `min_confidence`). Country accuracy counts sentences whose gold
`iso3` is set and equals the predicted primary country.
"""

from __future__ import annotations

from pathlib import Path

RF_RANGE = range(1, 15)


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": tp + fn}


def score(gold: list[set[int]], pred: list[set[int]], gold_iso3: list[str | None], pred_iso3: list[str | None]) -> dict:
    """Per-risk-factor precision/recall/F1, micro and macro averages, and country accuracy."""
    per = {}
    TP = FP = FN = 0
    for rf in RF_RANGE:
        tp = sum(1 for g, p in zip(gold, pred) if rf in g and rf in p)
        fp = sum(1 for g, p in zip(gold, pred) if rf not in g and rf in p)
        fn = sum(1 for g, p in zip(gold, pred) if rf in g and rf not in p)
        per[str(rf)] = prf(tp, fp, fn)
        TP, FP, FN = TP + tp, FP + fp, FN + fn
    with_support = [m for m in per.values() if m["support"]]
    macro = {k: round(sum(m[k] for m in with_support) / max(len(with_support), 1), 4)
             for k in ("precision", "recall", "f1")}
    pairs = [(g, p) for g, p in zip(gold_iso3, pred_iso3) if g]
    country = sum(g == p for g, p in pairs) / len(pairs) if pairs else None
    return {"n": len(gold), "per_risk_factor": per, "micro": prf(TP, FP, FN), "macro": macro,
            "country_accuracy": round(country, 4) if country is not None else None, "country_n": len(pairs)}


def evaluate_file(path: str | Path, tagger=None, split_name: str | None = None) -> dict:
    """Tag every sentence of a labelled JSONL file (optionally one split) and score the result."""
    from models.tagger import default_tagger
    from models.training_data import load_sentences, split

    rows = load_sentences(Path(path))
    if split_name:
        rows = split(rows, split_name)
    tagger = tagger or default_tagger()
    records = [{"id": s.id, "text": s.text, "language": s.language} for s in rows]
    results = list(tagger.tag_stream(records, batch_size=256))
    gold = [set(s.risk_factors) for s in rows]
    pred = [{h["risk_factor"] for h in r["hits"]} for r in results]
    out = score(gold, pred, [s.iso3 for s in rows], [r["primary_iso3"] for r in results])
    out["split"] = split_name
    return out


def format_report(m: dict) -> str:
    """A plain-text table of the metrics."""
    lines = [f"{'risk factor':<12}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}"]
    for rf, v in m["per_risk_factor"].items():
        lines.append(f"{'RF' + rf:<12}{v['precision']:>10.3f}{v['recall']:>10.3f}{v['f1']:>10.3f}{v['support']:>9}")
    for name in ("micro", "macro"):
        v = m[name]
        lines.append(f"{name:<12}{v['precision']:>10.3f}{v['recall']:>10.3f}{v['f1']:>10.3f}")
    ca = m["country_accuracy"]
    lines.append(f"country accuracy: {ca:.3f} over {m['country_n']} sentences with a gold country" if ca is not None
                 else "country accuracy: n/a (no gold countries)")
    lines.append(f"sentences: {m['n']}")
    return "\n".join(lines)


FLOORS_PATH = Path(__file__).resolve().parent / "quality_floors.json"
FLOOR_MARGIN = 0.03  # floors sit this far below the measured figures (measurement noise across platforms)


def test_split_sha256(path: str | Path | None = None) -> str:
    """SHA-256 of the held-out lines of the labelled file (train lines may change without moving the pin)."""
    import hashlib
    import json

    from models.training_data import SENTENCES_PATH

    h = hashlib.sha256()
    for line in Path(path or SENTENCES_PATH).read_text(encoding="utf-8").splitlines():
        if line.strip() and json.loads(line).get("split") == "test":
            h.update(line.encode("utf-8") + b"\n")
    return h.hexdigest()


def floors_from_metrics(m: dict, margin: float = FLOOR_MARGIN) -> dict:
    """Quality floors just under the measured held-out metrics (rounded down to 0.01)."""
    import math

    def down(x: float) -> float:
        return max(0.0, math.floor((x - margin) * 100) / 100)

    return {
        "test_data_sha256": test_split_sha256(),
        "epsilon": 0.005,
        "f1": {rf: down(v["f1"]) for rf, v in m["per_risk_factor"].items()},
        "micro_f1": down(m["micro"]["f1"]),
        "macro_f1": down(m["macro"]["f1"]),
        "country_accuracy": down(m["country_accuracy"]),
    }
