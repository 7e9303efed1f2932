"""Push a built dataset to a SPARQL server with the SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph goes in its own ``PUT <store>?graph=<iri>`` (PUT replaces, so pushing twice never
duplicates; the server swaps a graph in one transaction, so a failed PUT leaves its previous graph
intact).  Transient failures — connection refused, 5xx, timeouts — are retried with exponential
backoff; after the last try the push stops with one line saying which graphs were pushed and which
were not.  Each request waits ``timeout`` seconds at most for each step (connecting, sending, each read),
so a server that takes the connection and never answers fails a graph within about
``timeout × (retries + 1) + backoff × (2**retries − 1)``.  An answer that is a web page (2xx, text/html
with a body) is no Graph Store answer: the push stops at once, naming the URL.

Credentials come from the environment, not the command line: ``ZWGK_USER`` and ``ZWGK_PASSWORD``
(HTTP Basic) or ``ZWGK_TOKEN`` (Bearer); a URL's own ``user:password@`` is sent as HTTP Basic and wins.
No message ever shows a password or a token (:mod:`build_graph.endpoints`).
"""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .endpoints import auth_header, endpoint, looks_like_html, scrub
from .errors import UsageError, ZwgkError

#: the longest wait between two tries, however many retries are asked for
MAX_WAIT = 60.0


class PushFailed(ZwgkError):
    """Some graphs could not be pushed."""


class NotAGraphStore(Exception):
    """The server answered, but not as a Graph Store (a web page)."""


@dataclass
class PushResult:
    pushed: list[str] = field(default_factory=list)
    not_pushed: list[str] = field(default_factory=list)
    attempts: int = 0


def _auth_header() -> dict[str, str]:
    """The Authorization header the environment's credentials give (checked: no line ends)."""
    return auth_header()[0]


def graphs_of(dataset: str | Path) -> list[tuple[str, bytes]]:
    """Split a dataset — a TriG file, a build's output folder or ``oxigraph:DIR`` (opened read-only) — into
    (graph IRI, N-Triples bytes), ontology and registry first, links last."""
    import pyoxigraph

    from .datasets import is_store_spec, oxigraph_read_only, trig_error, trig_file

    by_graph: dict[str, bytes] = {}
    if is_store_spec(dataset):
        store = oxigraph_read_only(str(dataset))
        for g in store.named_graphs():
            if isinstance(g, pyoxigraph.NamedNode):
                by_graph[g.value] = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=g)
        del store
    else:
        path = trig_file(dataset)
        lines: dict[str, list[str]] = {}
        try:
            for q in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TRIG):
                name = q.graph_name.value if isinstance(q.graph_name, pyoxigraph.NamedNode) else ""
                lines.setdefault(name, []).append(f"{q.subject} {q.predicate} {q.object} .")
        except (SyntaxError, ValueError, OSError) as exc:
            raise trig_error(exc, path) from None
        by_graph = {name: ("\n".join(ls) + "\n").encode("utf-8") for name, ls in lines.items() if name}
    order = {"graph/ontology": 0, "graph/registry": 1, "graph/links": 3, "graph/summary": 4}

    def rank(name):
        return next((v for k, v in order.items() if name.endswith(k)), 2), name

    if not by_graph:
        raise UsageError("the dataset holds no named graph to push", str(dataset))
    return sorted(by_graph.items(), key=lambda x: rank(x[0]))


def _put(store: str, graph: str, body: bytes, timeout: float, headers: dict[str, str]) -> None:
    url = f"{store}{'&' if '?' in store else '?'}graph={urllib.parse.quote(graph, safe='')}"
    req = urllib.request.Request(url, data=body, method="PUT",
                                 headers={"Content-Type": "application/n-triples",
                                          "Accept": "application/json, text/plain, */*;q=0.1", **headers})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        answer = resp.read()
        if looks_like_html(resp.headers.get("Content-Type"), answer):
            raise NotAGraphStore(f"HTTP {resp.status} {resp.headers.get('Content-Type')}: an HTML page")


def _timed_out(exc: Exception) -> bool:
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError):
        exc = exc.reason if isinstance(exc.reason, Exception) else exc
    return isinstance(exc, (socket.timeout, TimeoutError))


def _transient(exc: Exception) -> bool:
    if isinstance(exc, NotAGraphStore):
        return False
    if isinstance(exc, urllib.error.HTTPError):
        return exc.code >= 500
    return isinstance(exc, (urllib.error.URLError, ConnectionError, socket.timeout, TimeoutError))


def _reason(exc: Exception, timeout: float) -> str:
    if _timed_out(exc):
        return f"no answer within {timeout:g} s"
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        return str(exc.reason)
    if isinstance(exc, NotAGraphStore):
        return f"{exc}, not a Graph Store answer; is the URL the store's endpoint, like http://127.0.0.1:7878/store?"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def push(dataset: str | Path, store: str, retries: int = 4, backoff: float = 0.5, timeout: float = 30.0,
         after_each: Callable[[str], None] | None = None) -> PushResult:
    """PUT every named graph of ``dataset`` to the Graph Store endpoint ``store``; raise PushFailed on failure."""
    if retries < 0 or backoff < 0 or not timeout > 0:
        raise UsageError(f"retries and backoff must be 0 or more and timeout above 0, got {retries}, {backoff:g}, "
                         f"{timeout:g}")
    ep = endpoint(store)
    headers, secrets = auth_header(ep)
    secrets += ep.secrets()
    graphs = graphs_of(dataset)
    result = PushResult()
    for n, (graph, body) in enumerate(graphs):
        delay = backoff
        for attempt in range(retries + 1):
            result.attempts += 1
            try:
                _put(ep.url, graph, body, timeout, headers)
                break
            except Exception as exc:  # classified below: transient ones are retried, others stop at once
                if not _transient(exc) or attempt == retries:
                    result.not_pushed = [g for g, _ in graphs[n:]]
                    tries = f" after {attempt + 1} tries" if attempt else ""
                    raise PushFailed(scrub(
                        f"{ep.shown}: pushing {graph} failed{tries} ({_reason(exc, timeout)}); pushed "
                        f"{len(result.pushed)} graphs ({', '.join(_short(g) for g in result.pushed) or 'none'}), "
                        f"not pushed {len(result.not_pushed)} ({', '.join(_short(g) for g in result.not_pushed)})",
                        secrets)) from None
                time.sleep(delay)
                delay = min(delay * 2, max(backoff, MAX_WAIT))
        result.pushed.append(graph)
        if after_each:
            after_each(graph)
    return result


def _short(graph: str) -> str:
    return graph.rsplit("/graph/", 1)[-1]
