"""zwgk push against a real Oxigraph server: replace not duplicate, stopped mid-push, a server answering 500."""

from __future__ import annotations

import base64
import http.server
import threading
import time
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
from tests.conftest import BASE, HTML_PAGE, hanging_server, http_server, one_error_line, output_of, zwgk

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


# -- issue 13: bad answers, secrets, option ranges, timeouts: one line, exit 2, no secret ever printed -------
TINY = """@prefix ex: <https://example.org/> .
<https://w3id.org/zwgk/id/graph/registry> { ex:a ex:b "registry" . }
<https://w3id.org/zwgk/id/graph/plan/440000-2017> { ex:a ex:b "plan" . }
"""
SECRETS = ("s3cret-PW", "tok-SECRET-123")


@pytest.fixture
def tiny(tmp_path) -> Path:
    path = tmp_path / "tiny.trig"
    path.write_text(TINY, encoding="utf-8")
    return path


def _push(data, url, *options, env=None, timeout=30):
    return zwgk("push", "--data", data, "--endpoint", url, "--retries", "0", *options, env=env, timeout=timeout)


def test_push_to_an_endpoint_answering_html(tiny):
    with http_server(200, HTML_PAGE, "text/html") as (url, seen):
        proc = _push(tiny, f"{url}/store")
    line = one_error_line(proc)
    assert f"{url}/store" in line and "HTML" in line and "not a Graph Store" in line and "pushed 0 graphs" in line, line
    assert len(seen) == 1                          # not retried: a web page will not turn into a store


def test_push_accepts_an_empty_text_html_answer(tiny):
    # Virtuoso answers a Graph Store PUT with 201 Created, Content-Type text/html and no body
    with http_server(201, b"", "text/html; charset=UTF-8") as (url, seen):
        proc = _push(tiny, f"{url}/store")
    assert proc.returncode == 0, output_of(proc)
    assert len(seen) == 2 and "pushed 2 graphs" in output_of(proc)


@pytest.mark.parametrize("env, names", [
    ({"ZWGK_TOKEN": "tok-SECRET-123\r"}, "ZWGK_TOKEN"),
    ({"ZWGK_TOKEN": "tok-SECRET-123\n"}, "ZWGK_TOKEN"),
    ({"ZWGK_TOKEN": "tok-SE\nCRET-123"}, "ZWGK_TOKEN"),
    ({"ZWGK_USER": "analyst\r", "ZWGK_PASSWORD": "s3cret-PW"}, "ZWGK_USER"),
    ({"ZWGK_USER": "analyst", "ZWGK_PASSWORD": "s3cret-PW\r\n"}, "ZWGK_PASSWORD"),
    ({"ZWGK_USER": "ana:lyst", "ZWGK_PASSWORD": "s3cret-PW"}, "ZWGK_USER"),
])
def test_credentials_with_line_ends_are_refused_without_showing_them(env, names, tiny):
    with http_server(204) as (url, seen):
        proc = _push(tiny, f"{url}/store", env=env)
    line = one_error_line(proc)
    assert names in line, line
    assert not any(s in output_of(proc) for s in SECRETS), output_of(proc)
    assert not seen                                # refused before anything is sent


def _failing_pushes(tiny, url_of):
    """Every way a push can fail (or succeed), with a password in the URL and a token in the environment."""
    env = {"ZWGK_TOKEN": "tok-SECRET-123"}
    procs = {}
    procs["refused"] = _push(tiny, url_of(f"http://127.0.0.1:{free_port()}"), env=env)
    for status, body, ctype in ((401, b"who are you?", "text/plain"), (500, b"", None),
                                (200, HTML_PAGE, "text/html")):
        with http_server(status, body, ctype) as (url, _):
            procs[status] = _push(tiny, url_of(url), env=env)
    with hanging_server() as url:
        procs["timeout"] = _push(tiny, url_of(url), "--timeout", "0.2", env=env)
    with http_server(204) as (url, seen):
        procs["ok"] = _push(tiny, url_of(url), env={})
    return procs, seen


def test_no_secret_is_ever_printed(tiny):
    procs, seen = _failing_pushes(tiny, lambda url: url.replace("http://", "http://analyst:s3cret-PW@") + "/store")
    for what, proc in procs.items():
        out = output_of(proc)
        assert not any(s in out for s in SECRETS), (what, out)
        assert "analyst:***@127.0.0.1" in out, (what, out)
        if what != "ok":
            one_error_line(proc)
    assert procs["ok"].returncode == 0 and "pushed 2 graphs to http://analyst:***@127.0.0.1" in output_of(procs["ok"])
    # the URL's user and password are sent as HTTP Basic credentials, not in the request line
    assert seen[0]["headers"]["Authorization"] == "Basic " + base64.b64encode(b"analyst:s3cret-PW").decode()
    assert seen[0]["path"].startswith("/store?graph=")


@pytest.mark.parametrize("option, value", [("--retries", "-1"), ("--backoff", "-1"), ("--timeout", "0"),
                                           ("--timeout", "-3"), ("--backoff", "nan"), ("--timeout", "inf")])
def test_push_option_out_of_range(option, value, tiny):
    proc = zwgk("push", "--data", tiny, "--endpoint", f"http://127.0.0.1:{free_port()}/store", option, value)
    line = one_error_line(proc)
    assert option in line and value in line, line


def test_a_server_that_never_answers_times_out(tiny):
    # 3 tries of 0.3 s and waits of 0.1 + 0.2 s: about 1.2 s, whatever the server does
    with hanging_server() as url:
        start = time.monotonic()
        proc = zwgk("push", "--data", tiny, "--endpoint", f"{url}/store", "--timeout", "0.3", "--retries", "2",
                    "--backoff", "0.1", timeout=20)
        elapsed = time.monotonic() - start
    line = one_error_line(proc)
    assert "after 3 tries" in line and "no answer within 0.3 s" in line, line
    assert 1.1 < elapsed < 4.5, elapsed


def test_push_from_an_oxigraph_store(tiny, tmp_path):
    store = pyoxigraph.Store(str(tmp_path / "store"))
    store.load(path=str(tiny), format=pyoxigraph.RdfFormat.TRIG)
    store.flush()
    del store
    with http_server(204) as (url, seen):
        proc = zwgk("push", "--data", f"oxigraph:{tmp_path / 'store'}", "--endpoint", f"{url}/store")
    assert proc.returncode == 0, output_of(proc)
    assert [urllib.parse.unquote(s["path"]).split("graph=")[1] for s in seen] == [
        BASE + "graph/registry", BASE + "graph/plan/440000-2017"]
