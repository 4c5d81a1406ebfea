"""Benchmark: the structural layer's full rolling backtest (31 windows) without cache, and a cached `fit`.

    .venv/bin/python -m benchmarks.bench_structural [--spec NAME]

Prints seconds per window and in total for each component learner, the figures it reproduces (theirs and ours),
and the time of `fit_and_write` into a temporary DuckDB file with the backtest cached.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import warnings
from pathlib import Path


def main() -> None:
    from risk_framework.structural.backtest import BASE_YEARS
    from risk_framework.structural.data import default_dir
    from risk_framework.structural.models import SHIPPED, SPECS, components
    from risk_framework.structural.publish import fit_and_write
    from risk_framework.structural.runner import backtest_forecasts, compare, load_data

    parser = argparse.ArgumentParser()
    parser.add_argument("--spec", default=SHIPPED.name, choices=sorted(SPECS))
    args = parser.parse_args()
    spec = SPECS[args.spec]
    warnings.filterwarnings("ignore", category=UserWarning)
    folder = default_dir()
    data = load_data(folder)
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        parts = components(spec) if spec.learner in ("blend", "rankavg") else [spec]
        total = 0.0
        for part in parts:
            t = time.perf_counter()
            backtest_forecasts(part, folder, BASE_YEARS, cache, data)
            dt = time.perf_counter() - t
            total += dt
            print(f"{part.name}: {dt:.1f} s for {len(BASE_YEARS)} windows ({dt / len(BASE_YEARS):.2f} s/window)")
        print(f"backtest total (uncached): {total:.1f} s")
        result = compare(spec, folder, cache)
        for side in ("theirs", "ours"):
            r = result[side]
            print(f"{side}: AUC {r['auc']:.3f}, top-30 {r['top30']}/{r['onsets']} ({r['model']})")
        t = time.perf_counter()
        fit_and_write(Path(tmp) / "b.duckdb", spec, folder, cache)
        print(f"fit_and_write (backtest cached): {time.perf_counter() - t:.1f} s")
    print(f"reproduce: .venv/bin/python -m benchmarks.bench_structural --spec {spec.name}")


if __name__ == "__main__":
    main()
