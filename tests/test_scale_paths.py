"""The paths a large corpus takes: parsing in worker processes, Oxigraph batches, realistic synthetic corpora.

Speed itself is measured by ``benchmarks/``; these tests pin down that the fast paths say the same
as the simple ones.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from build_graph import build as B
from build_graph.jurisdictions import find_at_start
from build_graph.synth import write_corpus

N = B.PARALLEL_MIN_DOCUMENTS          # the smallest corpus parsed by worker processes


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    docs = tmp_path_factory.mktemp("synth") / "docs"
    write_corpus(N, 5, docs)
    return docs


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
            and "store" not in p.parts}


def test_workers_and_one_process_write_the_same_bytes(corpus, tmp_path):
    B.build([corpus], out=tmp_path / "one", jobs=1)
    B.build([corpus], out=tmp_path / "two", jobs=2)
    one, two = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert len([k for k in one if k.startswith("plans/") and k.endswith(".ttl")]) == N
    assert one == two


def test_oxigraph_batches_and_memory_write_the_same_bytes(corpus, tmp_path, monkeypatch):
    from build_graph.stores import OxigraphStore

    # many batches, growing: 1,000 quads, 2,000, then 4,000 at a time (a plan is ~2,000)
    monkeypatch.setattr(OxigraphStore, "FIRST_BATCH_QUADS", 1_000)
    monkeypatch.setattr(OxigraphStore, "BATCH_QUADS", 4_000)
    r = B.build([corpus], out=tmp_path / "mem", store="memory", jobs=2)
    ox = B.build([corpus], out=tmp_path / "ox", store=f"oxigraph:{tmp_path / 'db'}", jobs=2)
    from build_graph.export import turtle

    quads = len(ox.dataset.store)
    assert quads == sum(len(r.dataset._graphs[n]) for n in r.dataset.graph_names())
    assert _files(tmp_path / "mem") == _files(tmp_path / "ox")
    # the exports are written from the build's triples: what the store holds reads back the same
    names = ox.dataset.graph_names()
    assert names == r.dataset.graph_names() and len(names) == N + 4
    for name in names:
        assert turtle(ox.dataset, name) == turtle(r.dataset, name), name
    last_plan = [n for n in names if "/graph/plan/" in n][-1]
    key = last_plan.rsplit("/", 1)[-1]
    # a plan file is its graph's Turtle, then the registry triples that make it readable alone
    plan_file = (tmp_path / "ox" / "plans" / f"{key}.ttl").read_text(encoding="utf-8")
    assert turtle(ox.dataset, last_plan) == plan_file.split("\n# From the registry graph")[0]
    assert turtle(ox.dataset, names[0]) == (tmp_path / "ox" / "links.ttl").read_text(encoding="utf-8")
    ox.dataset.close()


def test_graphs_sorted_on_disk_in_runs_write_the_same_bytes(corpus, tmp_path, monkeypatch):
    from build_graph import export

    B.build([corpus], out=tmp_path / "in-memory", jobs=2)
    monkeypatch.setattr(export, "SORT_RUN_LINES", 1_000)     # every plan graph and the links graph spill runs
    B.build([corpus], out=tmp_path / "runs", store=f"oxigraph:{tmp_path / 'db'}", jobs=2)
    from rdflib import Graph

    assert len(Graph().parse(tmp_path / "runs" / "links.ttl")) > 3 * 1_000       # several runs merged
    assert _files(tmp_path / "in-memory") == _files(tmp_path / "runs")
    assert not list((tmp_path / "runs").glob(".sort-*")), "sort runs are removed"


def _copy(corpus: Path, docs: Path) -> list[Path]:
    docs.mkdir()
    for f in sorted(corpus.glob("*.txt")):
        (docs / f.name).write_bytes(f.read_bytes())
    return sorted(docs.glob("*.txt"))


def test_a_document_without_its_title_block_is_built_under_its_hash(corpus, tmp_path):
    # keep the body, lose the title block: the plan's year and jurisdiction cannot be read, so the plan is
    # keyed by its document's hash, with open questions naming the sidecar that would state them
    bad = _copy(corpus, tmp_path / "docs")[N // 2]
    lines = bad.read_text(encoding="utf-8").splitlines()
    body = [ln for ln in lines if not any(w in ln for w in ("要点", "通知", "办公", "发布日期", "年"))]
    bad.write_text("\n".join(body) + "\n", encoding="utf-8")
    import hashlib

    key = "doc-" + hashlib.sha256(bad.read_bytes()).hexdigest()[:12]
    result = B.build([tmp_path / "docs"], out=tmp_path / "out", jobs=2)
    assert key in result.stats and len(result.stats) == N and not result.rejected
    kinds = {q.kind for q in result.plans[key].parsed.open_questions}
    assert {"missing-year", "missing-jurisdiction"} <= kinds
    assert (tmp_path / "out" / "plans" / f"{key}.ttl").is_file()


def test_a_bad_document_parsed_by_a_worker_is_refused_with_its_name(corpus, tmp_path):
    docs = _copy(corpus, tmp_path / "docs")
    bad = docs[N // 2]
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 4)
    result = B.build([tmp_path / "docs"], out=tmp_path / "out", jobs=2)
    assert [(p, r.split(":")[0]) for p, r in result.rejected] == [(bad, "binary file (NUL bytes)")]
    assert len(result.stats) == N - 1


def test_an_interrupted_build_leaves_the_previous_outputs_whole(corpus, tmp_path):
    out = tmp_path / "out"
    B.build([corpus], out=out, jobs=2)                       # a previous good build
    before = _files(out)
    seen = []

    def interrupt(path):
        seen.append(path)
        if len(seen) == N // 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        B.build([corpus], out=out, jobs=2, progress=interrupt)
    # plan files were being written when the build stopped: none is left, the previous outputs are whole
    assert _files(out) == before
    assert [p.name for p in out.rglob(".*")] == []


def test_synthetic_plans_are_one_per_jurisdiction_and_year_at_every_level(tmp_path):
    import json

    summary = write_corpus(120, 9, tmp_path)
    truths = [json.loads(p.read_text(encoding="utf-8")) for p in summary.truth_files]
    slots = [(t["jurisdiction"], t["year"]) for t in truths]
    assert len(set(slots)) == len(slots) == 120
    levels = {t["level"] for t in truths}
    assert levels == {"省", "市", "县"}
    # counties dominate, as they do in the country (2,800 of ~3,200 governments)
    assert sum(t["level"] == "县" for t in truths) > 60


def test_a_place_name_the_converter_changes_still_names_the_place():
    # zhconv maps 乾 to 干 character by character; the matching view of 乾安县 is 干安县
    assert find_at_start("干安县人民政府办公室").code == "220723"
    assert find_at_start("乾安县人民政府办公室").code == "220723"
