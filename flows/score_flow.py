"""The Prefect `score` flow: rescore stored evidence into `country_scores` and `alerts`.

Thin wrapper around `risk_framework.scoring.score_database` (one DuckDB batch, a few seconds at most); run it with
`vigil score` for the same result without Prefect.
"""

from __future__ import annotations

from prefect import flow, get_run_logger


@flow(name="score", log_prints=False)
def score_flow(db: str, weights: str | None = None, from_week: str | None = None, to_week: str | None = None) -> dict:
    """Score weeks `from_week`..`to_week` (YYYY-Www or a date; default every week with documents) of the DuckDB
    file `db` with the weights version `weights` (default: the active one); returns the run summary."""
    from risk_framework.scoring import score_database
    from store import evidence_index, open_db

    logger = get_run_logger()
    with open_db(db) as con:
        result = score_database(con, weights=weights, from_week=from_week, to_week=to_week)
        # Keep the dashboard's country-week evidence index current with the evidence just scored.
        result["evidence_indexed"] = evidence_index.refresh(con)
    logger.info(
        "scored %s countries, weeks %s..%s with %r: %s rows (%s changed), %s alerts (%s new)",
        result["countries"], result["from_week"], result["to_week"], result["weights_version"], result["rows"],
        result["written"], result["alerts"], result["alerts_new"],
    )
    return result


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="Run the score flow once.")
    ap.add_argument("--db", required=True)
    ap.add_argument("--weights")
    ap.add_argument("--from", dest="from_week")
    ap.add_argument("--to", dest="to_week")
    args = ap.parse_args()
    print(score_flow(args.db, args.weights, args.from_week, args.to_week))
