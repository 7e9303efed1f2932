"""Finish a scale run whose process was stopped: rebuild the report from its log and the kept stores.

The 10,000-plan run of scale.py was stopped during the export (links.ttl had reached 1.2 GB at 10 GB
RSS): this script takes the entries the log printed (100, 1,000 plans), the build time of the 10,000-plan
store from its files' timestamps (store created → export started), and measures what remains on the kept
stores with scale.py's own functions: validation, query latency, and the bulk-load reference.

    PYTHONPATH=. .venv/bin/python benchmarks/complete_run.py LOG KEEP_DIR
"""

from __future__ import annotations

import json
import os
import platform
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scale  # noqa: E402


# unscoped query times on the 1,000-plan store, one run each (benchmarks/results: see README); used to skip
# unscoped queries predicted to take minutes at 10,000 plans when the smaller size has no query figures yet
ONE_THOUSAND_CORPUS_SECONDS = {
    "agency-written-forms": 2.89, "collective-addressees": 9.63, "deadlines": 4.14, "leads-by-function-and-topic": 16.85,
    "leads-by-theme": 16.99, "plan-lineage": 0.40, "plan-statistics": 11.74, "recurring-duties": 16.65,
    "reform-succession": 0.62, "requirements-without-lead": 10.19, "shared-leadership": 19.00, "themes": 9.46}


def entries_from_log(text: str) -> dict:
    out = {}
    for block in re.findall(r"^\{\n \"\d+\":.*?^\}$", text, flags=re.S | re.M):
        out.update(json.loads(block))
    return out


def main() -> None:
    log, keep = Path(sys.argv[1]), Path(sys.argv[2])
    stages = sys.argv[3].split(",") if len(sys.argv) > 3 else ["validate", "queries", "bulk"]
    outdir = scale.ROOT / "benchmarks" / "results"
    outdir.mkdir(parents=True, exist_ok=True)
    path = outdir / "scale.json"
    report = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        "sizes": entries_from_log(log.read_text(encoding="utf-8"))}
    big = keep / "zwgk-bench-10000-1"
    e = report["sizes"].setdefault("10000", {})
    if "build_oxigraph" not in e:
        start = float(os.popen(f"stat -c %W {big / 'db'}").read())
        end = float(os.popen(f"stat -c %W {big / 'out-ox'}").read())
        e["build_oxigraph"] = {"seconds": end - start, "plans": 10000, "note": "store folder created → export started",
                               "export_seconds": None, "export_note": "stopped: links.ttl 1.2 GB written, RSS 10 GB"}
    def save():
        path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for stage in stages:
        if stage == "validate":
            e["validation"] = {"sparql jobs=2": scale.child(scale.VALIDATE_CHILD, str(big / "db"), "2", "sparql")}
            e["validation"]["sparql jobs=2"]["seconds_per_plan"] = e["validation"]["sparql jobs=2"]["seconds"] / 10000
        elif stage.startswith("queries"):
            sizes = sorted(report["sizes"], key=int)
            only = stage.split(":", 1)[1].split("+") if ":" in stage else sizes
            for n in only:
                if "queries" in report["sizes"][n]:
                    continue
                smaller = [m for m in sizes if int(m) < int(n) and "queries" in report["sizes"][m]]
                predicted = None
                if smaller:
                    m = smaller[-1]
                    predicted = {q: r["corpus/embedded"]["median"] * int(n) / int(m)
                                 for q, r in report["sizes"][m]["queries"].items() if "corpus/embedded" in r}
                elif int(n) >= 10000:
                    # measured once on the 1,000-plan store (scale.py run stopped before its report): ×10
                    predicted = {q: t * 10 for q, t in ONE_THOUSAND_CORPUS_SECONDS.items()}
                    if os.environ.get("SCOPED_ONLY"):
                        predicted = {q: 1e9 for q in predicted}
                report["sizes"][n]["queries"] = scale.query_latencies(keep / f"zwgk-bench-{n}-1" / "db", 5, 10.0, predicted)
                save()
        elif stage == "bulk":
            import pyoxigraph

            nq = big / "dataset.nq"
            t = time.perf_counter()
            src = pyoxigraph.Store.read_only(str(big / "db"))
            src.dump(output=str(nq), format=pyoxigraph.RdfFormat.N_QUADS)
            del src
            e["dump_seconds"] = time.perf_counter() - t
            e["bulk_load_reference"] = scale.child(scale.BULK_CHILD, str(nq), str(big / "db-bulk"))
            e["build_oxigraph"]["triples"] = e["bulk_load_reference"]["quads"]
            e["build_vs_bulk_ratio"] = e["build_oxigraph"]["seconds"] / e["bulk_load_reference"]["seconds"]
        save()
        print(stage, "done", flush=True)


if __name__ == "__main__":
    main()
