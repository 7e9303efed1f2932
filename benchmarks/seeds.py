"""Time `zwgk build` of the four seed documents end to end, each run in a fresh process.

Not part of the test run (speed is measured, not asserted).  Target: under 2 s.

    .venv/bin/python benchmarks/seeds.py --runs 5
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    zwgk = shutil.which("zwgk", path=str(ROOT / ".venv" / "bin")) or "zwgk"
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.runs):
            t = time.perf_counter()
            subprocess.run([zwgk, "build", str(ROOT / "documents"), "--out", f"{tmp}/out{i}"], check=True,
                           capture_output=True, cwd=ROOT)
            times.append(time.perf_counter() - t)
    result = {"runs": args.runs, "median_s": statistics.median(times), "min_s": min(times), "max_s": max(times)}
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "seeds.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
