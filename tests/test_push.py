"""zwgk push against a real Oxigraph server: replace not duplicate, stopped mid-push, a server answering 500."""

from __future__ import annotations

import http.server
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph
import pytest
from typer.testing import CliRunner

from build_graph.cli import app
from build_graph.push import PushFailed, graphs_of, push
from build_graph.servers import free_port, serve_oxigraph
from tests.conftest import BASE

MARK = "<urn:zwgk:test> <urn:zwgk:version> \"{v}\" ."


class Server:
    """An `oxigraph serve` on 127.0.0.1 over a store folder; can be stopped and started again."""

    def __init__(self, location: Path):
        self.location, self.port, self.proc = location, free_port(), None

    @property
    def store(self):
        return f"http://127.0.0.1:{self.port}/store"

    def start(self):
        self.proc = serve_oxigraph(self.location, self.port)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)

    def count(self, graph: str) -> int:
        q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        url = f"http://127.0.0.1:{self.port}/query?query=" + urllib.parse.quote(q)
        req = urllib.request.Request(url, headers={"Accept": "text/csv"})
        return int(urllib.request.urlopen(req, timeout=10).read().decode().splitlines()[1])

    def version(self, graph: str) -> str | None:
        q = f"SELECT ?v WHERE {{ GRAPH <{graph}> {{ <urn:zwgk:test> <urn:zwgk:version> ?v }} }}"
        url = f"http://127.0.0.1:{self.port}/query?query=" + urllib.parse.quote(q)
        lines = urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "text/csv"}), timeout=10).read().decode().splitlines()
        return lines[1] if len(lines) > 1 else None


@pytest.fixture
def server(tmp_path):
    s = Server(tmp_path / "store")
    s.start()
    yield s
    if s.proc.poll() is None:
        s.stop()


def _versioned(corpus_build, tmp_path, version: str) -> Path:
    """The built dataset with a version marker triple added to every named graph."""
    _, out = corpus_build
    lines = []
    names = set()
    for q in pyoxigraph.parse(path=str(out / "zwgk.trig"), format=pyoxigraph.RdfFormat.TRIG):
        lines.append(f"{q.subject} {q.predicate} {q.object} {q.graph_name} .")
        names.add(str(q.graph_name))
    lines += [MARK.format(v=version)[:-1] + f" {g} ." for g in sorted(names)]
    path = tmp_path / f"v{version}.nq"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    trig = tmp_path / f"v{version}.trig"
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.N_QUADS)
    store.dump(output=str(trig), format=pyoxigraph.RdfFormat.TRIG)
    return trig


def test_push_replaces_and_never_duplicates(corpus_build, server):
    _, out = corpus_build
    graphs = [g for g, _ in graphs_of(out / "zwgk.trig")]
    assert graphs[:2] == [BASE + "graph/ontology", BASE + "graph/registry"]
    assert graphs[-2:] == [BASE + "graph/links", BASE + "graph/summary"]
    first = push(out / "zwgk.trig", server.store)
    counts = {g: server.count(g) for g in graphs}
    push(out / "zwgk.trig", server.store)
    assert {g: server.count(g) for g in graphs} == counts
    assert first.pushed == graphs and counts[BASE + "graph/plan/440000-2017"] > 1000


def test_server_stopped_mid_push_keeps_previous_graphs(corpus_build, server, tmp_path):
    v1, v2 = _versioned(corpus_build, tmp_path, "1"), _versioned(corpus_build, tmp_path, "2")
    push(v1, server.store)
    graphs = [g for g, _ in graphs_of(v2)]
    stopped = []

    def stop_after_two(graph):
        if len(stopped) == 1:
            server.stop()
        stopped.append(graph)

    with pytest.raises(PushFailed) as err:
        push(v2, server.store, retries=2, backoff=0.05, after_each=stop_after_two)
    msg = err.value.one_line()
    assert "pushed 2 graphs (ontology, registry)" in msg and f"not pushed {len(graphs) - 2}" in msg
    assert "after 3 tries" in msg
    server.start()
    assert [server.version(g) for g in graphs] == ["2", "2"] + ["1"] * (len(graphs) - 2)


class _Failing(http.server.BaseHTTPRequestHandler):
    calls = 0

    def do_PUT(self):  # noqa: N802
        type(self).calls += 1
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(500)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_server_answering_500_is_retried_then_one_line(corpus_build, tmp_path):
    _, out = corpus_build
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Failing)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/store"
    try:
        result = CliRunner().invoke(app, ["push", "--endpoint", url, "--data", str(out / "zwgk.trig"),
                                          "--retries", "3", "--backoff", "0.01"])
    finally:
        httpd.shutdown()
    assert result.exit_code == 2
    assert _Failing.calls == 4
    assert len(result.stderr.strip().splitlines()) == 1
    assert "HTTP 500" in result.stderr and "after 4 tries" in result.stderr and "pushed 0 graphs (none)" in result.stderr


def test_credentials_come_from_the_environment(monkeypatch):
    from build_graph.push import _auth_header

    monkeypatch.setenv("ZWGK_USER", "analyst")
    monkeypatch.setenv("ZWGK_PASSWORD", "s3cret")
    assert _auth_header() == {"Authorization": "Basic YW5hbHlzdDpzM2NyZXQ="}
    monkeypatch.setenv("ZWGK_TOKEN", "t0k")
    assert _auth_header() == {"Authorization": "Bearer t0k"}


def test_unreachable_server(corpus_build):
    _, out = corpus_build
    url = f"http://127.0.0.1:{free_port()}/store"
    result = CliRunner().invoke(app, ["push", "--endpoint", url, "--data", str(out / "zwgk.trig"),
                                      "--retries", "1", "--backoff", "0.01"])
    assert result.exit_code == 2 and "Connection refused" in result.stderr and "Traceback" not in result.stderr
