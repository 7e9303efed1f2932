"""Exports: byte-identical on rebuild, parse back with strict parsers, one graph per plan."""

from __future__ import annotations

import os
import subprocess
import sys

import pyoxigraph
from rdflib import Dataset, Graph

from tests.conftest import BASE, DOCUMENTS, ROOT

PLAN_FILES = ["210000-2017.ttl", "440000-2017.ttl", "440000-2021.ttl", "442000-2017.ttl"]


def _build(out, seed: str):
    env = dict(os.environ, PYTHONHASHSEED=seed)
    cmd = [sys.executable, "-m", "build_graph.cli", "build", str(DOCUMENTS), "--out", str(out)]
    subprocess.run(cmd, check=True, cwd=ROOT, env=env, capture_output=True)
    return {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_rebuild_is_byte_identical(tmp_path):
    a = _build(tmp_path / "a", "1")
    b = _build(tmp_path / "b", "4242")
    assert sorted(map(str, a)) == sorted(["plans/" + f for f in PLAN_FILES] + ["links.ttl", "rejected.tsv", "residue.tsv", "zwgk.trig", "zwgk.ttl"])
    assert a == b


def test_trig_has_one_graph_per_plan_plus_registry_links_summary_and_ontology(corpus_build):
    _, out = corpus_build
    ds = Dataset()
    ds.parse(out / "zwgk.trig", format="trig")
    names = sorted(str(g.identifier) for g in ds.graphs() if len(g))
    assert names == sorted([BASE + "graph/ontology", BASE + "graph/registry", BASE + "graph/links", BASE + "graph/summary"] +
                           [BASE + "graph/plan/" + f[:-4] for f in PLAN_FILES])


def test_strict_parsers_read_every_export(corpus_build):
    _, out = corpus_build
    store = pyoxigraph.Store()
    store.load(path=str(out / "zwgk.trig"), format=pyoxigraph.RdfFormat.TRIG)
    n_quads = len(store)
    union = list(pyoxigraph.parse(path=str(out / "zwgk.ttl"), format=pyoxigraph.RdfFormat.TURTLE))
    # the union holds every triple of every graph once
    distinct = {(q.subject, q.predicate, q.object) for q in store}
    assert len(union) == len(distinct) and n_quads >= len(distinct)
    for f in PLAN_FILES:
        g = Graph()
        g.parse(out / "plans" / f, format="turtle")
        triples = list(pyoxigraph.parse(path=str(out / "plans" / f), format=pyoxigraph.RdfFormat.TURTLE))
        assert len(g) == len(triples) > 500


def test_no_blank_nodes_in_data(corpus_build):
    """Data graphs use IRIs only (stable, linkable); only the ontology's OWL axioms need blank nodes."""
    _, out = corpus_build
    quads = pyoxigraph.parse(path=str(out / "zwgk.trig"), format=pyoxigraph.RdfFormat.TRIG)
    data = [q for q in quads if q.graph_name.value != BASE + "graph/ontology"]
    assert len(data) > 5000
    assert not any(isinstance(t, pyoxigraph.BlankNode) for q in data for t in (q.subject, q.object))


def test_contract_check_passes(corpus_build):
    """The shared contract checker, when shared/ lies beside the repository (as in CI)."""
    _, out = corpus_build
    checker = ROOT.parent / "shared" / "tools" / "contract_check.py"
    if not checker.exists():
        import pytest
        pytest.skip("shared/tools/contract_check.py is not beside the repository")
    run = subprocess.run([sys.executable, str(checker), str(out), "--documents", str(DOCUMENTS)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout
    assert run.stdout.strip().splitlines()[-1] == "11 passed, 0 failed"
