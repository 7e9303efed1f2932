"""Push a built dataset to a SPARQL server with the SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph goes in its own ``PUT <store>?graph=<iri>`` (PUT replaces, so pushing twice never
duplicates; the server swaps a graph in one transaction, so a failed PUT leaves its previous graph
intact).  Transient failures — connection refused, 5xx, timeouts — are retried with exponential
backoff; after the last try the push stops with one line saying which graphs were pushed and which
were not.  Credentials come from the environment, never the command line: ``ZWGK_USER`` and
``ZWGK_PASSWORD`` (HTTP Basic) or ``ZWGK_TOKEN`` (Bearer).
"""

from __future__ import annotations

import base64
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .errors import ZwgkError


class PushFailed(ZwgkError):
    """Some graphs could not be pushed."""


@dataclass
class PushResult:
    pushed: list[str] = field(default_factory=list)
    not_pushed: list[str] = field(default_factory=list)
    attempts: int = 0


def _auth_header() -> dict[str, str]:
    token = os.environ.get("ZWGK_TOKEN")
    if token:
        return {"Authorization": f"Bearer {token}"}
    user, password = os.environ.get("ZWGK_USER"), os.environ.get("ZWGK_PASSWORD")
    if user and password is not None:
        return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}
    return {}


def graphs_of(path: Path) -> list[tuple[str, bytes]]:
    """Split a TriG dataset into (graph IRI, N-Triples bytes), ontology and registry first, links last."""
    import pyoxigraph

    by_graph: dict[str, list[str]] = {}
    for q in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TRIG):
        name = q.graph_name.value if isinstance(q.graph_name, pyoxigraph.NamedNode) else ""
        by_graph.setdefault(name, []).append(f"{q.subject} {q.predicate} {q.object} .")
    order = {"graph/ontology": 0, "graph/registry": 1, "graph/links": 3, "graph/summary": 4}

    def rank(name):
        return next((v for k, v in order.items() if name.endswith(k)), 2), name

    return [(name, ("\n".join(lines) + "\n").encode("utf-8")) for name, lines in sorted(by_graph.items(), key=lambda x: rank(x[0]))
            if name]


def _put(store: str, graph: str, body: bytes, timeout: float) -> None:
    url = f"{store}{'&' if '?' in store else '?'}graph={urllib.parse.quote(graph, safe='')}"
    req = urllib.request.Request(url, data=body, method="PUT",
                                 headers={"Content-Type": "application/n-triples", **_auth_header()})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        resp.read()


def _transient(exc: Exception) -> bool:
    if isinstance(exc, urllib.error.HTTPError):
        return exc.code >= 500
    return isinstance(exc, (urllib.error.URLError, ConnectionError, socket.timeout, TimeoutError))


def _reason(exc: Exception) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        return str(exc.reason)
    return str(exc) or type(exc).__name__


def push(dataset: Path, store: str, retries: int = 4, backoff: float = 0.5, timeout: float = 60.0,
         after_each: Callable[[str], None] | None = None) -> PushResult:
    """PUT every named graph of ``dataset`` to the Graph Store endpoint ``store``; raise PushFailed on failure."""
    if not dataset.exists():
        raise ZwgkError("no such dataset file", dataset)
    result = PushResult()
    graphs = graphs_of(dataset)
    for n, (graph, body) in enumerate(graphs):
        delay = backoff
        for attempt in range(retries + 1):
            result.attempts += 1
            try:
                _put(store, graph, body, timeout)
                break
            except Exception as exc:  # classified below: transient ones are retried, others stop at once
                if not _transient(exc) or attempt == retries:
                    result.not_pushed = [g for g, _ in graphs[n:]]
                    tries = f" after {attempt + 1} tries" if attempt else ""
                    raise PushFailed(
                        f"{store}: pushing {graph} failed{tries} ({_reason(exc)}); pushed {len(result.pushed)} "
                        f"graphs ({', '.join(_short(g) for g in result.pushed) or 'none'}), not pushed "
                        f"{len(result.not_pushed)} ({', '.join(_short(g) for g in result.not_pushed)})")
                time.sleep(delay)
                delay *= 2
        result.pushed.append(graph)
        if after_each:
            after_each(graph)
    return result


def _short(graph: str) -> str:
    return graph.rsplit("/graph/", 1)[-1]
