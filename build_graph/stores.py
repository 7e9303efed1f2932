"""Where the graph lives: one small interface over rdflib (memory) and pyoxigraph (on disk).

``memory`` suits a few plans; ``oxigraph:DIR`` is persistent, fast to query and bulk-load, and
holds a country's corpus on disk.  Build, validate and query talk to a store only through
:class:`Store`: replace one named graph, list graphs, read one graph, run SPARQL over the union.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Dataset, Graph, URIRef

from .errors import UsageError
from .namespaces import PREFIXES, ZWGK

#: above this many documents ``zwgk build`` uses an on-disk Oxigraph store by default (see README:
#: rdflib's memory store costs ~0.85 KB per triple, ~1 MB per plan; Oxigraph on disk stays flat)
MEMORY_LIMIT_DOCUMENTS = 200


class Store:
    """Named graphs of one dataset."""

    kind = "store"

    def replace_graph(self, name: str, graph: Graph) -> None:
        raise NotImplementedError

    def remove_graph(self, name: str) -> None:
        raise NotImplementedError

    def graph_names(self) -> list[str]:
        raise NotImplementedError

    def graph(self, name: str) -> Graph:
        raise NotImplementedError

    def n3_triples(self, name: str):
        """The graph's triples as Turtle term strings (s, p, o); None when it holds blank nodes."""
        from .export import term_n3

        g = self.graph(name)
        if any(isinstance(x, BNode) for t in g for x in t):
            return None
        return [(term_n3(a), term_n3(b), term_n3(c)) for a, b, c in g]

    def light_graph(self, name: str):
        """A read-only view of the graph with value/subjects/objects (what linking reads)."""
        return self.graph(name)

    def source_sha256(self, name: str) -> str | None:
        """The SHA-256 of the document a plan graph was built from, if the store has that graph."""
        g = self.graph(name)
        return next((str(o) for o in g.objects(None, ZWGK.sha256)), None)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        """Release the store (an on-disk store is locked while open)."""


class MemoryStore(Store):
    kind = "memory"

    def __init__(self):
        self.ds = Dataset()
        for p, ns in PREFIXES.items():
            self.ds.bind(p, ns)

    def replace_graph(self, name, graph):
        self.remove_graph(name)
        ctx = self.ds.graph(URIRef(name))
        for t in graph:
            ctx.add(t)

    def remove_graph(self, name):
        ctx = self.ds.graph(URIRef(name))
        ctx.remove((None, None, None))

    def graph_names(self):
        return sorted(str(g.identifier) for g in self.ds.graphs() if len(g) and not str(g.identifier).startswith("urn:x-rdflib"))

    def graph(self, name):
        return self.ds.graph(URIRef(name))      # the live graph: callers only read it

    @classmethod
    def from_trig(cls, path: Path) -> "MemoryStore":
        store = cls()
        try:
            store.ds.parse(path, format="trig")
        except FileNotFoundError:
            raise UsageError("no such dataset file", path)
        except Exception as exc:  # rdflib raises many parser error types
            raise UsageError(f"cannot read the dataset: {str(exc).splitlines()[0]}", path)
        return store


class OxigraphStore(Store):
    kind = "oxigraph"

    def __init__(self, path: Path):
        import pyoxigraph

        self._ox = pyoxigraph
        path.mkdir(parents=True, exist_ok=True)
        try:
            self.store = pyoxigraph.Store(str(path))
        except OSError as exc:
            raise UsageError(f"cannot open the Oxigraph store: {exc}", path)
        self.path = path

    def replace_graph(self, name, graph):
        node = self._ox.NamedNode(name)
        self.store.remove_graph(node) if self.store.contains_named_graph(node) else None
        data = graph.serialize(format="nt", encoding="utf-8")
        self.store.load(input=data, format=self._ox.RdfFormat.N_TRIPLES, to_graph=node)

    def remove_graph(self, name):
        node = self._ox.NamedNode(name)
        if self.store.contains_named_graph(node):
            self.store.remove_graph(node)

    def graph_names(self):
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, self._ox.NamedNode))

    def graph(self, name):
        lines = [f"{q.subject} {q.predicate} {q.object} ." for q in
                 self.store.quads_for_pattern(None, None, None, self._ox.NamedNode(name))]
        g = Graph()
        if lines:
            g.parse(data="\n".join(lines), format="nt")
        return g

    def n3_triples(self, name):
        from .export import iri_n3, literal_n3

        ox = self._ox
        out = []

        def n3(t):
            if isinstance(t, ox.NamedNode):
                return iri_n3(t.value)
            if isinstance(t, ox.Literal):
                return literal_n3(t.value, t.language, None if t.language else t.datatype.value)
            raise TypeError
        try:
            for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(name)):
                out.append((n3(q.subject), n3(q.predicate), n3(q.object)))
        except TypeError:
            return None          # blank nodes: the caller takes the rdflib path
        return out

    def light_graph(self, name):
        ox = self._ox
        g = LightGraph()
        for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(name)):
            o = q.object
            g.add(URIRef(q.subject.value), URIRef(q.predicate.value),
                  URIRef(o.value) if isinstance(o, ox.NamedNode) else o.value)
        return g

    def source_sha256(self, name):
        rows = self.store.query(f"SELECT ?h WHERE {{ GRAPH <{name}> {{ ?s <{ZWGK.sha256}> ?h }} }}")
        return next((r["h"].value for r in rows), None)

    def flush(self):
        self.store.flush()

    def close(self):
        self.store.flush()
        del self.store
        import gc

        gc.collect()


class LightGraph:
    """Just enough of rdflib's Graph API over plain indexes: literals are their lexical strings."""

    def __init__(self):
        self.spo: dict = {}
        self.pos: dict = {}

    def add(self, s, p, o):
        self.spo.setdefault(s, {}).setdefault(p, []).append(o)
        self.pos.setdefault(p, {}).setdefault(o, []).append(s)

    def value(self, s, p):
        vals = self.spo.get(s, {}).get(p)
        return vals[0] if vals else None

    def objects(self, s, p):
        return iter(self.spo.get(s, {}).get(p, []))

    def subject_objects(self, p):
        return iter([(s, o) for o, ss in self.pos.get(p, {}).items() for s in ss])

    def __contains__(self, triple):
        s, p, o = triple
        return o in self.spo.get(s, {}).get(p, [])

    def subjects(self, p, o=None):
        if o is None:
            return iter([s for ss in self.pos.get(p, {}).values() for s in ss])
        return iter(self.pos.get(p, {}).get(o, []))


def open_store(spec: str | None, n_documents: int = 0, default_dir: Path = Path("out") / "store") -> Store:
    """Open ``memory`` or ``oxigraph:DIR``; with no spec, choose by the number of documents."""
    if spec is None:
        spec = "memory" if n_documents <= MEMORY_LIMIT_DOCUMENTS else f"oxigraph:{default_dir}"
    if spec == "memory":
        return MemoryStore()
    if spec.startswith("oxigraph:") and len(spec) > len("oxigraph:"):
        return OxigraphStore(Path(spec.split(":", 1)[1]))
    raise UsageError(f"unknown store {spec!r}: use memory or oxigraph:DIR")
