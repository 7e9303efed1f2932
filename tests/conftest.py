"""Shared fixtures: one build of the four real plans per test session."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from rdflib import Dataset

from build_graph.build import build

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph(corpus_build, tmp_path_factory):
    """Load the built TriG into an Oxigraph store and serve it with a union default graph."""
    exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    _, out = corpus_build
    store = tmp_path_factory.mktemp("oxigraph")
    subprocess.run([exe, "load", "--location", str(store), "--file", str(out / "zwgk.trig")], check=True,
                   capture_output=True)
    port = free_port()
    proc = subprocess.Popen([exe, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except urllib.error.HTTPError:      # the server answers: it is up
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
