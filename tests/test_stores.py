"""Stores: memory and on-disk Oxigraph give the same dataset; a rebuild knows which plans are unchanged."""

from __future__ import annotations

import shutil

import pytest

from build_graph import queries as Q
from build_graph.build import build
from build_graph.errors import UsageError
from build_graph.stores import MemoryStore, OxigraphStore, open_store
from build_graph.validate import load_dataset, validate
from tests.conftest import BASE, DOCUMENTS


def test_oxigraph_store_exports_what_memory_exports(corpus_build, tmp_path):
    _, memory_out = corpus_build
    result = build([DOCUMENTS], out=tmp_path / "out", store=f"oxigraph:{tmp_path / 'db'}")
    assert isinstance(result.dataset, OxigraphStore)
    for name in ("zwgk.trig", "zwgk.ttl", "links.ttl", "plans/440000-2017.ttl"):
        assert (tmp_path / "out" / name).read_bytes() == (memory_out / name).read_bytes(), name


def test_rebuild_counts_unchanged_documents_and_drops_gone_ones(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(DOCUMENTS, docs)
    db = f"oxigraph:{tmp_path / 'db'}"
    first = build([docs], out=tmp_path / "o1", store=db)
    first.dataset.close()
    assert first.unchanged == 0
    # Zhongshan's web page gains a footer line: one document changes
    page = docs / "zhongshan-2017-city-plan.txt"
    page.write_bytes(page.read_bytes() + "\n网站地图\n".encode("utf-8"))
    second = build([docs], out=tmp_path / "o2", store=db)
    assert second.unchanged == 3
    assert "网站地图" in (tmp_path / "o2" / "residue.tsv").read_text(encoding="utf-8")
    assert second.dataset.source_sha256(BASE + "graph/plan/442000-2017") != first.plans["442000-2017"].sha256
    second.dataset.close()
    # a document that goes away takes its plan graph with it
    (docs / "liaoning-2017-province-plan.txt").unlink()
    third = build([docs], out=tmp_path / "o3", store=db)
    assert BASE + "graph/plan/210000-2017" not in third.dataset.graph_names()
    assert not (tmp_path / "o3" / "plans" / "210000-2017.ttl").exists()


def test_queries_and_validation_run_on_the_store(tmp_path):
    db = tmp_path / "db"
    build([DOCUMENTS], out=tmp_path / "out", store=f"oxigraph:{db}").dataset.close()
    st = Q.run("plan-statistics", data=f"oxigraph:{db}").set_index("plan")
    assert st.loc[BASE + "plan/442000-2017"].requirements == 114
    report = validate(load_dataset(f"oxigraph:{db}"))
    assert (report.count("Violation"), report.count("Warning"), report.count("Info")) == (0, 13, 198)


def test_store_choice():
    assert isinstance(open_store(None, n_documents=4), MemoryStore)
    assert isinstance(open_store("memory"), MemoryStore)
    with pytest.raises(UsageError, match="unknown store"):
        open_store("postgres:db")
