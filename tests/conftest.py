"""Shared fixtures: one build of the four real plans per test session."""

from __future__ import annotations

import contextlib
import http.server
import os
import socket
import subprocess
import sys
import threading
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


# -- the real CLI in a subprocess, and throw-away HTTP servers ----------------------------------------
ZWGK_BIN = Path(sys.executable).parent / "zwgk"
#: variables that would change what a command does; tests set them explicitly
ZWGK_ENV = ("ZWGK_TOKEN", "ZWGK_USER", "ZWGK_PASSWORD", "ZWGK_ENDPOINT", "ZWGK_DEBUG", "ZWGK_HOME")


def zwgk(*args, env: dict | None = None, cwd=None, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run the installed ``zwgk`` command; ``args`` may be str, Path or bytes (undecodable argv)."""
    full_env = {k: v for k, v in os.environ.items() if k not in ZWGK_ENV}
    full_env.update(env or {})
    cmd = [str(ZWGK_BIN) if ZWGK_BIN.exists() else sys.executable]
    if not ZWGK_BIN.exists():
        cmd += ["-c", "from build_graph.cli import main; main()"]
    cmd += [a if isinstance(a, bytes) else str(a) for a in args]
    return subprocess.run(cmd, capture_output=True, env=full_env, cwd=cwd, timeout=timeout)


def output_of(proc: subprocess.CompletedProcess) -> str:
    """stdout and stderr together, decoded."""
    return proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")


def one_error_line(proc: subprocess.CompletedProcess, code: int = 2, prefix: str = "zwgk: error:") -> str:
    """Assert the command failed with ``code`` and exactly one non-empty stderr line, no traceback; return it."""
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in output_of(proc), err
    assert proc.returncode == code, (proc.returncode, err)
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith(prefix), lines[0]
    return lines[0]


@contextlib.contextmanager
def http_server(status: int = 204, body: bytes = b"", content_type: str | None = None):
    """A server on 127.0.0.1 answering every GET/POST/PUT with ``status``; yields (base URL, requests seen)."""
    seen: list[dict] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self):
            n = int(self.headers.get("Content-Length") or 0)
            if n:
                self.rfile.read(n)
            seen.append({"method": self.command, "path": self.path, "headers": dict(self.headers)})
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = _answer

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


HTML_PAGE = b"<!DOCTYPE html>\n<html><head><title>Welcome</title></head><body><p>It works!</p></body></html>\n"


@contextlib.contextmanager
def hanging_server():
    """A socket on 127.0.0.1 that takes connections (the kernel's backlog) and never answers; yields its URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        sock.close()


@pytest.fixture
def project_home(corpus_build, tmp_path):
    """A project folder (for ZWGK_HOME) holding the session's build as out/ and the checkout's documents/."""
    _, out = corpus_build
    home = tmp_path / "project"
    home.mkdir()
    (home / "out").symlink_to(out, target_is_directory=True)
    (home / "documents").symlink_to(DOCUMENTS, target_is_directory=True)
    return home
