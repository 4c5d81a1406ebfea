"""`make bench`: run every benchmark with the arguments its README figure was measured with, one after another.

Each benchmark prints its own figures and the command that reproduces them. Some build large databases
(the dashboard one takes several minutes the first time); pass names to run a subset:
`python -m benchmarks.run_all scoring tagging`.
"""

from __future__ import annotations

import subprocess
import sys
import time

BENCHMARKS = {
    "ingest": ["benchmarks.bench_ingest", "--pages", "5000", "--feeds", "50"],
    "import": ["benchmarks.bench_import", "--docs", "50000", "--size", "notes"],
    "countries": ["benchmarks.bench_countries", "--words", "1000000", "--sm-words", "100000"],
    "tagging": ["benchmarks.bench_tagging", "--words", "1000000"],
    "scoring": ["benchmarks.bench_scoring", "--evidence", "1000000", "--countries", "200", "--weeks", "104"],
    "dashboard": ["benchmarks.bench_dashboard"],
    "structural": ["benchmarks.bench_structural"],
}


def main(names: list[str]) -> int:
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    failed = []
    for name in names or list(BENCHMARKS):
        args = [sys.executable, "-m", *BENCHMARKS[name]]
        print(f"\n=== {name}: {' '.join(args[1:])}", flush=True)
        t0 = time.perf_counter()
        if subprocess.run(args, check=False).returncode != 0:
            failed.append(name)
        print(f"=== {name}: {time.perf_counter() - t0:.0f} s", flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
