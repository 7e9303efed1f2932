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
st = r.dataset
triples = len(st.store) if st.kind == "oxigraph" else sum(len(st._graphs[n]) for n in st.graph_names())
st.close()
# the exports are written while the build runs (from its own triples): their share is reported apart
print(json.dumps({"seconds": total - r.export_seconds, "export_seconds": r.export_seconds, "with_export_seconds": total,
                  "triples": triples, "plans": len(r.stats),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "peak_rss_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
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


def query_latencies(store_dir: Path, runs: int, budget: float, predicted: dict | None = None) -> dict:
    """Every saved query, embedded and on ``oxigraph serve``: scoped to one plan / jurisdiction where it takes
    such a parameter (how an analyst works on one province), and over the whole corpus.  A query whose first
    run exceeds ``budget`` seconds is not repeated."""
    from build_graph import queries as Q
    from build_graph.jurisdictions import get as get_jurisdiction, known, province_of

    lineage = Q.run("plan-lineage", data=f"oxigraph:{store_dir}")
    child = lineage[lineage.inCorpus.astype(str).str.lower() == "true"]
    plan = (child.plan.iloc[len(child) // 2] if len(child) else lineage.plan.iloc[0])
    jur = plan.rsplit("/plan/", 1)[0] + "/jurisdiction/" + plan.rsplit("/", 1)[-1].split("-")[0]
    code = jur.rsplit("/", 1)[-1]
    province = jur[: -len(code)] + (province_of(get_jurisdiction(code)).code if known(code) else code)
    scope = {"plan": plan, "jurisdiction": jur, "child": plan, "agency": "省财政厅", "province": province}
    port = free_port()
    proc = serve_oxigraph(store_dir, port, read_only=True, union_default_graph=True)
    url = f"http://127.0.0.1:{port}/query"
    out = {}
    try:
        for q in Q.list_queries():
            names = {p.name for p in q.params}
            required = {p.name for p in q.params if p.required}
            row = {}
            variants = {"scoped": {k: v for k, v in scope.items() if k in names and (k in required or k in
                                                                                     ("plan", "jurisdiction", "child", "province"))}}
            # corpus: only the required parameters (none for most queries: the whole corpus)
            variants["corpus"] = {k: v for k, v in scope.items() if k in required}
            if not required:
                guess = (predicted or {}).get(q.name)
                if guess is not None and guess > 6 * budget:
                    # grows with the corpus: predicted from the smaller corpus, not worth an hour here
                    variants.pop("corpus")
                    row["corpus/predicted_seconds"] = guess
            if variants["scoped"] == variants.get("corpus"):
                # the national summaries take nothing to scope by: they are measured corpus-wide
                variants.pop("corpus" if variants["scoped"] else "scoped")
            for variant, params in variants.items():
                for where, kw in (("embedded", {"data": f"oxigraph:{store_dir}"}), ("server", {"endpoint": url})):
                    times, rows = [], 0
                    try:
                        for _ in range(runs):
                            t = time.perf_counter()
                            rows = len(Q.run(q.name, **kw, **params))
                            times.append(time.perf_counter() - t)
                            if times[0] > budget:
                                break
                    except Q.QueryFailed as exc:        # e.g. the HTTP client's timeout on a corpus-wide query
                        row[f"{variant}/{where}"] = {"error": str(exc), "seconds_before_error": time.perf_counter() - t,
                                                     "params": params}
                        continue
                    times.sort()
                    row[f"{variant}/{where}"] = {"median": statistics.median(times), "rows": rows, "runs": len(times),
                                                 "p95": times[min(len(times) - 1, int(0.95 * len(times)))],
                                                 "params": params}
            out[q.name] = row
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return out


VALIDATE_CHILD = r"""
import json, resource, sys, time
from build_graph.validate import load_dataset, load_shapes, validate
shapes = load_shapes()
st = load_dataset("oxigraph:" + sys.argv[1])
t = time.perf_counter()
report = validate(st, shapes, jobs=int(sys.argv[2]), engine=sys.argv[3])
print(json.dumps({"seconds": time.perf_counter() - t, "violations": report.count("Violation"),
                  "results": len(report.results), "plans": len(report.plans),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

WHOLE_CHILD = r"""
import json, sys, time
from rdflib import Graph
from build_graph import validate as V
from build_graph.stores import open_store
shapes = V.load_shapes()
st = open_store("oxigraph:" + sys.argv[1])
names = st.graph_names()
onto = st.graph(next(n for n in names if n.endswith("/graph/ontology"))).serialize(format="turtle")
t = time.perf_counter()
data = "".join(st.nt(n) for n in names if "/graph/plan/" in n or n.endswith("/graph/registry"))
res = V._run_shard_sparql(("all", data, shapes["plan"].serialize(format="turtle"), onto))
print(json.dumps({"seconds": time.perf_counter() - t, "results": len(res)}))
"""


def validation_times(store_dir: Path, n: int, one_job_max: int, pyshacl_max: int, whole_max: int) -> dict:
    """Per-plan shards (SPARQL engine) over both cores and over one; the whole graph as one shard; pySHACL."""
    res = {"sparql jobs=2": child(VALIDATE_CHILD, str(store_dir), "2", "sparql")}
    if n <= one_job_max:
        res["sparql jobs=1"] = child(VALIDATE_CHILD, str(store_dir), "1", "sparql")
    if n <= whole_max:
        res["sparql whole graph"] = child(WHOLE_CHILD, str(store_dir))
    if n <= pyshacl_max:
        res["pyshacl jobs=2"] = child(VALIDATE_CHILD, str(store_dir), "2", "pyshacl")
    for v in res.values():
        v["seconds_per_plan"] = v["seconds"] / n
    return res


def run(sizes: list[int], runs: int, memory_max: int, seed: int, keep: Path | None, one_job_max: int,
        pyshacl_max: int, budget: float, previous: dict | None = None, whole_max: int = 100) -> dict:
    """Run every measure for each size; sizes measured before (``previous``) are kept unless re-run."""
    from build_graph.synth import write_corpus

    report = {"machine": {"python": platform.python_version(), "platform": platform.platform(),
                          "cpus": os.cpu_count()}, "sizes": dict((previous or {}).get("sizes", {}))}
    for n in sizes:
        work = (keep / f"zwgk-bench-{n}-{seed}") if keep else Path(tempfile.mkdtemp(prefix=f"zwgk-bench-{n}-"))
        docs = work / "docs"
        for old in ("db", "db-bulk", "out-mem", "out-ox", "dataset.nq"):
            shutil.rmtree(work / old, ignore_errors=True) if (work / old).is_dir() else (work / old).unlink(missing_ok=True)
        t = time.perf_counter()
        if not (docs.is_dir() and len(list(docs.glob("*.txt"))) == n):      # a kept corpus is reused
            write_corpus(n, seed, docs)
            if (docs / "truth").exists():
                shutil.rmtree(work / "truth", ignore_errors=True)
                shutil.move(str(docs / "truth"), str(work / "truth"))
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
        entry["build_with_export_vs_bulk_ratio"] = b["with_export_seconds"] / entry["bulk_load_reference"]["seconds"]
        nq.unlink()
        shutil.rmtree(work / "db-bulk", ignore_errors=True)
        entry["validation"] = validation_times(work / "db", n, one_job_max, pyshacl_max, whole_max)
        predicted = None
        smaller = [int(k) for k in report["sizes"] if int(k) < n]
        if smaller:
            m = max(smaller)
            predicted = {q: r["corpus/embedded"]["median"] * n / m
                         for q, r in report["sizes"][str(m)]["queries"].items() if "corpus/embedded" in r}
        entry["queries"] = query_latencies(work / "db", runs, budget, predicted)
        report["sizes"][str(n)] = entry
        report["sizes"] = dict(sorted(report["sizes"].items(), key=lambda kv: int(kv[0])))
        print(json.dumps({n: {k: v for k, v in entry.items() if k != "queries"}}, indent=1), flush=True)
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return report


def markdown(report: dict) -> str:
    m = report["machine"]
    lines = [f"# zwgk scale benchmark\n\nMachine: {m['platform']}, Python {m['python']}, {m['cpus']} CPUs.\n",
             "## Build and validation\n",
             "| plans | quads | build memory s (RSS MB) | build oxigraph s (RSS MB main / workers) | docs/s | triples/s | "
             "bulk-load s (RSS MB) | build / bulk | exports s (written during the build) | validate 2 jobs s (s/plan) | 1 job s (s/plan) | "
             "whole graph s | pySHACL 2 jobs s (s/plan) |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    nan = {"seconds": float("nan"), "seconds_per_plan": float("nan")}
    for n, e in report["sizes"].items():
        mem = e.get("build_memory")
        ox = dict(e["build_oxigraph"])
        ox.setdefault("triples", 0)
        ox.setdefault("peak_rss_mb", float("nan"))
        ox.setdefault("documents_per_s", int(n) / ox["seconds"])
        ox.setdefault("triples_per_s", ox["triples"] / ox["seconds"])
        ox["export_seconds"] = ox.get("export_seconds") or float("nan")
        bulk = e.get("bulk_load_reference", {"seconds": float("nan"), "peak_rss_mb": float("nan")})
        e = dict(e, build_vs_bulk_ratio=e.get("build_vs_bulk_ratio", float("nan")), queries=e.get("queries", {}))
        val = e.get("validation", {})
        v2, v1 = val.get("sparql jobs=2", nan), val.get("sparql jobs=1", nan)
        whole, ref = val.get("sparql whole graph", nan), val.get("pyshacl jobs=2", nan)
        mem_cell = f"{mem['seconds']:.1f} ({mem['peak_rss_mb']:.0f})" if mem else "—"
        ratio = f"{e['build_vs_bulk_ratio']:.2f}×"
        if "build_with_export_vs_bulk_ratio" in e:
            ratio += f" ({e['build_with_export_vs_bulk_ratio']:.2f}× with exports)"
        lines.append(f"| {n} | {ox['triples']:,} | {mem_cell} | {ox['seconds']:.1f} ({ox['peak_rss_mb']:.0f} / "
                     f"{ox.get('peak_rss_worker_mb', 0):.0f}) | {ox['documents_per_s']:.1f} | {ox['triples_per_s']:,.0f} | "
                     f"{bulk['seconds']:.1f} ({bulk['peak_rss_mb']:.0f}) | {ratio} | "
                     f"{ox['export_seconds']:.1f} | {v2['seconds']:.1f} ({v2['seconds_per_plan']:.3f}) | "
                     f"{v1['seconds']:.1f} ({v1['seconds_per_plan']:.3f}) | {whole['seconds']:.1f} | "
                     f"{ref['seconds']:.1f} ({ref['seconds_per_plan']:.3f}) |"
                     .replace("nan (nan)", "—").replace("| nan |", "| — |"))
    notes = [(n, note) for n, e in report["sizes"].items() for note in e.get("notes", [])]
    if notes:
        lines.append("\nNotes: " + "; ".join(f"{n} plans: {note}" for n, note in notes) + ".")
    lines.append("\n## Query latency, seconds (median / p95; rows)\n\n"
                 "*scoped*: bound to one plan, jurisdiction or agency (parameters in scale.json); *corpus*: only the required parameters (none for most queries: the whole corpus).\n")
    for n, e in report["sizes"].items():
        if not e.get("queries"):
            continue
        lines.append(f"\n### {n} plans\n\n| query | scoped embedded | scoped server | corpus embedded | corpus server |\n"
                     "|---|---|---|---|---|")
        for q, r in e["queries"].items():
            cells = []
            for k in ("scoped/embedded", "scoped/server", "corpus/embedded", "corpus/server"):
                x = r.get(k)
                if x is None and k.startswith("corpus") and "corpus/predicted_seconds" in r:
                    cells.append(f"not run (~{r['corpus/predicted_seconds']:.0f} s predicted)")
                    continue
                if x is not None and "error" in x:
                    cells.append(f"failed after {x['seconds_before_error']:.0f} s ({x['error'].split(': ')[-1]})")
                    continue
                cells.append(f"{x['median']:.3f} / {x['p95']:.3f}; {x['rows']}" if x else "—")
            lines.append(f"| {q} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--memory-max", type=int, default=1000, help="largest corpus built on the memory store too")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--one-job-max", type=int, default=1000,
                    help="largest corpus also validated on one process and as one whole-graph shard")
    ap.add_argument("--pyshacl-max", type=int, default=100, help="largest corpus also validated with pySHACL (slow)")
    ap.add_argument("--whole-max", type=int, default=100,
                    help="largest corpus also validated as one whole-graph shard (its cost grows faster than linearly)")
    ap.add_argument("--budget", type=float, default=10.0, help="a query slower than this (s) is run once")
    ap.add_argument("--keep", type=Path, default=None, help="keep the corpora and stores under this folder")
    args = ap.parse_args()
    outdir = ROOT / "benchmarks" / "results"
    previous = json.loads((outdir / "scale.json").read_text(encoding="utf-8")) if (outdir / "scale.json").exists() else None
    report = run(args.sizes, args.runs, args.memory_max, args.seed, args.keep, args.one_job_max, args.pyshacl_max,
                 args.budget, previous, args.whole_max)
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / "scale.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (outdir / "scale.md").write_text(markdown(report), encoding="utf-8")
    print(markdown(report))


if __name__ == "__main__":
    main()
