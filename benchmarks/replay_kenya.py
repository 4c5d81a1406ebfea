"""The Kenya replay: ACLED's Kenya event notes (2004-2019) imported with text and dates only, tagged with the
shipped tagger, scored week by week, and backtested against the post-election violence onset (27 Dec 2007),
side by side with a plain event-count surge rule on ACLED's own coded events.

    .venv/bin/python benchmarks/replay_kenya.py [--db PATH] [--plot docs/img/backtest_kenya.png] [--json]

Skips cleanly (exit 0) when ../shared/data/acled_kenya_1997_2019 is absent. ACLED's coded fields (country, event
type, actors, fatalities) are never inputs to Vigil: only `text` and `event_date` are imported; the event dates
feed only the comparison rule. The tagger was built after the period: the one hindsight a replay cannot remove.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DATA = REPO.parent / "shared" / "data" / "acled_kenya_1997_2019" / "items.csv"
ONSETS = REPO / "data" / "onsets" / "kenya.csv"
SOURCE = "acled-kenya"
DATE_FORMAT = "%d-%m-%y"


def event_counts(path: Path = DATA) -> pd.DataFrame:  # noqa: F821
    """Weekly counts of ACLED's coded events (iso3, week, count): the comparison rule's input, never Vigil's."""
    import pandas as pd

    with path.open(encoding="utf-8", newline="") as fh:
        dates = [dt.datetime.strptime(r["event_date"], DATE_FORMAT).date() for r in csv.DictReader(fh)]
    weeks = pd.Series([d - dt.timedelta(days=d.weekday()) for d in dates])
    counts = weeks.value_counts().sort_index()
    return pd.DataFrame({"iso3": "KEN", "week": counts.index, "count": counts.to_numpy()})


def run_replay(db: Path, data: Path = DATA, onsets_file: Path = ONSETS, threshold: int = 4,
               plot: Path | None = None) -> dict:
    """Import, tag, score and backtest; returns every figure (and the timings)."""
    from flows.archive_import import Columns, import_archive
    from models.store_tagging import tag_database
    from risk_framework.backtest import (
        evaluate,
        load_onsets,
        plot_levels,
        run_backtest,
        surge_rule_levels,
    )
    from risk_framework.scoring import score_database
    from store import open_db, read_df
    from vigil.reference import sync_reference

    timings = {}
    with open_db(db) as con:
        sync_reference(con)
    cols = Columns(text="text", date="event_date", id="item_id", date_format=DATE_FORMAT)
    t = time.perf_counter()
    first = import_archive(db, data, SOURCE, columns=cols)
    again = import_archive(db, data, SOURCE, columns=cols)
    timings["import_s"] = round(time.perf_counter() - t, 1)
    t = time.perf_counter()
    tagged = tag_database(db, batch_size=512)
    timings["tag_s"] = round(time.perf_counter() - t, 1)
    t = time.perf_counter()
    with open_db(db) as con:
        scored = score_database(con)
    timings["score_s"] = round(time.perf_counter() - t, 1)
    onsets = load_onsets(onsets_file)
    vigil, levels = run_backtest(db, onsets, threshold=threshold)
    rule_levels = surge_rule_levels(event_counts(data), alert_level=threshold)
    rule = evaluate(rule_levels, onsets, threshold=threshold)
    attribution = read_df(db, "SELECT iso3, count(*) AS documents FROM document_countries WHERE is_primary "
                              "GROUP BY iso3 ORDER BY documents DESC LIMIT 5")
    evidence = read_df(db, "SELECT count(*) AS n, count(*) FILTER (WHERE iso3 = 'KEN') AS ken FROM evidence").iloc[0]
    written = plot_levels(levels, onsets, plot.parent, threshold=threshold, baseline=rule_levels) if plot else []
    if plot and written and written[0] != plot:
        written[0].replace(plot)
    return {
        "import": {"loaded": first.loaded, "duplicates": first.duplicates, "bad": first.bad_count,
                   "second_run_loaded": again.loaded, "second_run_duplicates": again.duplicates},
        "tagging": {**tagged, "evidence_rows": int(evidence.n), "evidence_rows_kenya": int(evidence.ken),
                    "primary_country": dict(zip(attribution.iso3, attribution.documents.astype(int), strict=True))},
        "scoring": {k: scored[k] for k in ("weights_version", "scoring_version", "from_week", "to_week", "rows",
                                           "alerts")},
        "vigil": vigil, "event_count_rule": rule, "threshold": threshold, "timings": timings,
        "plot": str(plot) if written else None,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="DuckDB file to build (default: a temporary file)")
    ap.add_argument("--plot", type=Path, help="write the Kenya plot here (PNG)")
    ap.add_argument("--threshold", type=int, default=4)
    ap.add_argument("--json", action="store_true", help="print every figure as JSON")
    args = ap.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} not present (../shared/data is optional)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "kenya.duckdb"
        if db.exists():
            sys.exit(f"{db} exists: give a new path (the replay builds the database from scratch)")
        out = run_replay(db, threshold=args.threshold, plot=args.plot)
    if args.json:
        print(json.dumps(out, indent=2, default=str))
        return
    imp, tag = out["import"], out["tagging"]
    print(f"import:  {imp['loaded']:,} documents loaded ({imp['bad']} bad); second run: {imp['second_run_loaded']} "
          f"loaded, {imp['second_run_duplicates']:,} duplicates")
    print(f"tagging: {tag['documents']:,} documents, {tag['evidence_rows']:,} evidence rows "
          f"({tag['evidence_rows_kenya']:,} attributed to KEN); primary countries {tag['primary_country']} "
          f"(model {tag['model_version']})")
    print(f"scoring: weeks {out['scoring']['from_week']}..{out['scoring']['to_week']}, {out['scoring']['rows']:,} rows, "
          f"{out['scoring']['alerts']} alerts ({out['scoring']['weights_version']}, {out['scoring']['scoring_version']})")
    for name in ("vigil", "event_count_rule"):
        o = out[name]["onsets"][0]
        c = next(c for c in out[name]["countries"] if c["iso3"] == "KEN")
        print(f"{name:>16}: first alert {o['first_alert_week']} (lead {o['lead_weeks']} weeks), persistence "
              f"{o['persistence']}, quiet weeks {c['quiet_weeks']}: calm share {c['quiet_calm_share']}, "
              f"{c['quiet_alert_episodes_per_year']} alert episodes per country-year")
    print(f"timings: {out['timings']}")
    if out["plot"]:
        print(f"plot:    {out['plot']}")
    print("command: .venv/bin/python benchmarks/replay_kenya.py" + (f" --plot {args.plot}" if args.plot else ""))


if __name__ == "__main__":
    main()
