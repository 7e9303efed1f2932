"""Shared fixtures: one build of the four real plans per test session."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from rdflib import Dataset

from build_graph.build import build
from build_graph.servers import free_port, oxigraph_binary, serve_oxigraph  # noqa: F401 (free_port: for tests)

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ROOT / "documents"
BASE = "https://w3id.org/zwgk/id/"
PREFIXES = """
PREFIX zwgk: <https://w3id.org/zwgk/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory):
    """Build the four seed plans once; yield (BuildResult, out folder)."""
    out = tmp_path_factory.mktemp("out")
    result = build([DOCUMENTS], out=out)
    return result, out


@pytest.fixture(scope="session")
def graph(corpus_build) -> Dataset:
    """The exported TriG parsed back, with the union of named graphs as default graph."""
    _, out = corpus_build
    ds = Dataset(default_union=True)
    ds.parse(out / "zwgk.trig", format="trig")
    return ds


@pytest.fixture(scope="session")
def sparql(graph):
    """Run a SPARQL query (prefixes added) on the built graph; return rows as tuples of strings."""

    def run(query: str) -> list[tuple]:
        return [tuple(None if v is None else str(v) for v in row) for row in graph.query(PREFIXES + query)]

    return run


def iri(path: str) -> str:
    """Return the instance IRI for a path under the default base."""
    return BASE + path


@pytest.fixture(scope="module")
def oxigraph(corpus_build, tmp_path_factory):
    """Load the built TriG into an Oxigraph store and serve it with a union default graph."""
    _, out = corpus_build
    store = tmp_path_factory.mktemp("oxigraph")
    subprocess.run([oxigraph_binary(), "load", "--location", str(store), "--file", str(out / "zwgk.trig")],
                   check=True, capture_output=True)
    port = free_port()
    proc = serve_oxigraph(store, port, read_only=True, union_default_graph=True)
    try:
        yield f"http://127.0.0.1:{port}/query"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
