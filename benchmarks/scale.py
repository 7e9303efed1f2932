"""Scale benchmark: synthetic corpora of N plans through the real parsers, on each store.

Not part of the test run.  For each size it measures, in one run:
  * build through the parsers on the memory store (up to --memory-max plans) and on the on-disk
    Oxigraph store: seconds, documents/s, triples/s, peak RSS (each build in its own process);
  * the reference: the same triples (N-Quads) bulk-loaded straight into pyoxigraph;
  * validation, sharded per plan over both cores vs one process: seconds and seconds per plan;
  * every saved query on the on-disk store (embedded) and on `oxigraph serve` (SPARQLWrapper):
    median and p95 over --runs runs;
  * export time (part of the build; reported separately from the build's own timer).
Writes benchmarks/results/scale.json and scale.md.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/scale.py --sizes 100 1000 10000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from build_graph.servers import free_port, serve_oxigraph

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

BUILD_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from build_graph.build import build
t = time.perf_counter()
r = build([Path(sys.argv[1])], out=Path(sys.argv[2]), store=sys.argv[3])
total = time.perf_counter() - t
triples = sum(len(r.dataset.graph(n)) for n in r.dataset.graph_names())
r.dataset.close()
print(json.dumps({"seconds": total, "triples": triples, "plans": len(r.stats),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

BULK_CHILD = r"""
import json, resource, sys, time
import pyoxigraph
t = time.perf_counter()
st = pyoxigraph.Store(sys.argv[2])
st.bulk_load(path=sys.argv[1], format=pyoxigraph.RdfFormat.N_QUADS)
st.flush()
print(json.dumps({"seconds": time.perf_counter() - t, "quads": len(st),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def child(code: str, *args: str) -> dict:
    out = subprocess.run([PY, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def query_latencies(store_dir: Path, runs: int) -> dict:
    from build_graph import queries as Q

    examples = {"agency-portfolio": {"agency": "省财政厅"}, "duties-across-reform": {"agency": "省环境保护厅"}}
    plans = Q.run("plan-lineage", data=f"oxigraph:{store_dir}")
    if len(plans):
        examples["city-vs-province"] = {"child": plans.plan.iloc[0]}
    port = free_port()
    proc = serve_oxigraph(store_dir, port, read_only=True, union_default_graph=True)
    url = f"http://127.0.0.1:{port}/query"
    out = {}
    try:
        for q in Q.list_queries():
            params = examples.get(q.name, {})
            if any(p.required and p.name not in params for p in q.params):
                continue
            row = {}
            for where, kw in (("embedded", {"data": f"oxigraph:{store_dir}"}), ("server", {"endpoint": url})):
                times = []
                for _ in range(runs):
                    t = time.perf_counter()
                    Q.run(q.name, **kw, **params)
                    times.append(time.perf_counter() - t)
                times.sort()
                row[where] = {"median": statistics.median(times), "p95": times[min(len(times) - 1, int(0.95 * len(times)))]}
            out[q.name] = row
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return out


def validation_times(store_dir: Path) -> dict:
    from build_graph.validate import load_dataset, load_shapes, validate

    shapes = load_shapes()
    res = {}
    for jobs in (2, 1):
        st = load_dataset(f"oxigraph:{store_dir}")
        t = time.perf_counter()
        report = validate(st, shapes, jobs=jobs)
        res[f"jobs={jobs}"] = {"seconds": time.perf_counter() - t, "violations": report.count("Violation"),
                               "plans": len(report.plans)}
        st.close()
    return res


def run(sizes: list[int], runs: int, memory_max: int, seed: int, keep: Path | None, validate_max: int) -> dict:
    from build_graph.synth import write_corpus

    report = {"machine": {"python": platform.python_version(), "platform": platform.platform(),
                          "cpus": os.cpu_count()}, "sizes": {}}
    for n in sizes:
        work = Path(tempfile.mkdtemp(prefix=f"zwgk-bench-{n}-", dir=keep))
        docs = work / "docs"
        t = time.perf_counter()
        write_corpus(n, seed, docs)
        for extra in (docs / "truth",):
            if extra.exists():
                shutil.move(str(extra), str(work / "truth"))
        entry = {"synth_seconds": time.perf_counter() - t}
        if n <= memory_max:
            entry["build_memory"] = child(BUILD_CHILD, str(docs), str(work / "out-mem"), "memory")
        entry["build_oxigraph"] = child(BUILD_CHILD, str(docs), str(work / "out-ox"), f"oxigraph:{work / 'db'}")
        b = entry["build_oxigraph"]
        b["documents_per_s"] = n / b["seconds"]
        b["triples_per_s"] = b["triples"] / b["seconds"]
        # the reference: the same quads bulk-loaded straight into pyoxigraph
        import pyoxigraph

        nq = work / "dataset.nq"
        src = pyoxigraph.Store.read_only(str(work / "db"))
        src.dump(output=str(nq), format=pyoxigraph.RdfFormat.N_QUADS)
        del src
        entry["bulk_load_reference"] = child(BULK_CHILD, str(nq), str(work / "db-bulk"))
        entry["build_vs_bulk_ratio"] = b["seconds"] / entry["bulk_load_reference"]["seconds"]
        if n <= validate_max:
            entry["validation"] = validation_times(work / "db")
            for v in entry["validation"].values():
                v["seconds_per_plan"] = v["seconds"] / n
        entry["queries"] = query_latencies(work / "db", runs)
        report["sizes"][str(n)] = entry
        print(json.dumps({n: {k: v for k, v in entry.items() if k != "queries"}}, indent=1), flush=True)
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return report


def markdown(report: dict) -> str:
    m = report["machine"]
    lines = [f"# zwgk scale benchmark\n\nMachine: {m['platform']}, Python {m['python']}, {m['cpus']} CPUs.\n",
             "| plans | build memory s (RSS MB) | build oxigraph s (RSS MB) | docs/s | triples/s | bulk-load s | build / bulk | "
             "validate 2 jobs s (per plan) | validate 1 job s (per plan) | slowest query p95 embedded / server s |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for n, e in report["sizes"].items():
        mem = e.get("build_memory")
        ox = e["build_oxigraph"]
        val = e.get("validation")
        v2, v1 = (val["jobs=2"], val["jobs=1"]) if val else ({"seconds": float("nan"), "seconds_per_plan": float("nan")},) * 2
        qs = e["queries"]
        slow_e = max((q["embedded"]["p95"] for q in qs.values()), default=0)
        slow_s = max((q["server"]["p95"] for q in qs.values()), default=0)
        mem_cell = f"{mem['seconds']:.1f} ({mem['peak_rss_mb']:.0f})" if mem else "—"
        lines.append(f"| {n} | {mem_cell} | "
                     f"{ox['seconds']:.1f} ({ox['peak_rss_mb']:.0f}) | {ox['documents_per_s']:.1f} | {ox['triples_per_s']:.0f} | "
                     f"{e['bulk_load_reference']['seconds']:.2f} | {e['build_vs_bulk_ratio']:.1f}× | "
                     f"{v2['seconds']:.1f} ({v2['seconds_per_plan']:.3f}) | {v1['seconds']:.1f} ({v1['seconds_per_plan']:.3f}) | "
                     f"{slow_e:.3f} / {slow_s:.3f} |")
    lines.append("\n## Query latency (median / p95, seconds)\n")
    for n, e in report["sizes"].items():
        lines.append(f"\n### {n} plans\n\n| query | embedded | server |\n|---|---|---|")
        for q, r in e["queries"].items():
            lines.append(f"| {q} | {r['embedded']['median']:.3f} / {r['embedded']['p95']:.3f} | "
                         f"{r['server']['median']:.3f} / {r['server']['p95']:.3f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--memory-max", type=int, default=1000, help="largest corpus built on the memory store too")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--validate-max", type=int, default=1000, help="largest corpus validated (pySHACL is slow)")
    ap.add_argument("--keep", type=Path, default=None, help="keep the corpora and stores under this folder")
    args = ap.parse_args()
    report = run(args.sizes, args.runs, args.memory_max, args.seed, args.keep, args.validate_max)
    outdir = ROOT / "benchmarks" / "results"
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / "scale.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (outdir / "scale.md").write_text(markdown(report), encoding="utf-8")
    print(markdown(report))


if __name__ == "__main__":
    main()
