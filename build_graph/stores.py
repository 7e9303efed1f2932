"""Where the graph lives: one small interface over rdflib (memory) and pyoxigraph (on disk).

``memory`` suits a few plans; ``oxigraph:DIR`` is persistent, fast to query and bulk-load, and
holds a country's corpus on disk.  Build, validate and query talk to a store only through
:class:`Store`: replace one named graph, list graphs, read one graph, run SPARQL over the union.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from .errors import UsageError
from .namespaces import PREFIXES, ZWGK
from .terms import Triples, rdflib_triple

#: above this many documents ``zwgk build`` uses an on-disk Oxigraph store by default (see README:
#: rdflib's memory store costs ~0.85 KB per triple, ~1 MB per plan; Oxigraph on disk stays flat)
MEMORY_LIMIT_DOCUMENTS = 200


class Store:
    """Named graphs of one dataset.

    Graphs arrive as plain triples (:class:`~build_graph.terms.Triples`, what the emitter and linker
    write) or as rdflib graphs (the ontology, with its blank nodes); they are read back as rdflib
    graphs (:meth:`graph`) or as Turtle terms (:meth:`n3_triples`, what the exports write).
    """

    kind = "store"

    def replace_graph(self, name: str, data) -> None:
        """Make ``data`` (Triples or an rdflib Graph) the whole content of graph ``name``."""
        raise NotImplementedError

    def append(self, name: str, triples: Triples) -> None:
        """Add plain triples to graph ``name`` (used to write a large graph a chunk at a time)."""
        raise NotImplementedError

    def remove_graph(self, name: str) -> None:
        raise NotImplementedError

    def graph_names(self) -> list[str]:
        raise NotImplementedError

    def graph(self, name: str) -> Graph:
        raise NotImplementedError

    def n3_triples(self, name: str):
        """The graph's triples as Turtle term strings (s, p, o), lazily; iterating raises
        :class:`~build_graph.export.BlankNodes` at a blank node (the exports then label them canonically)."""
        from .export import term_n3

        return ((term_n3(a), term_n3(b), term_n3(c)) for a, b, c in self.graph(name))

    def nt(self, name: str) -> str:
        """The graph as N-Triples text."""
        return self.graph(name).serialize(format="nt")

    def source_sha256(self, name: str) -> str | None:
        """The SHA-256 of the document a plan graph was built from, if the store has that graph."""
        g = self.graph(name)
        return next((str(o) for o in g.objects(None, URIRef(ZWGK.sha256))), None)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        """Release the store (an on-disk store is locked while open)."""


class MemoryStore(Store):
    """rdflib in memory; graphs are kept as they arrive and become rdflib graphs when first read."""

    kind = "memory"

    def __init__(self):
        self._graphs: dict[str, Triples | Graph] = {}

    def replace_graph(self, name, data):
        self._graphs[name] = data if isinstance(data, Graph) else Triples(data)

    def append(self, name, triples):
        current = self._graphs.setdefault(name, Triples())
        if isinstance(current, Graph):
            for t in triples:
                current.add(rdflib_triple(t))
        else:
            current.extend(triples)

    def remove_graph(self, name):
        self._graphs.pop(name, None)

    def graph_names(self):
        return sorted(n for n, g in self._graphs.items() if len(g))

    def graph(self, name):
        g = self._graphs.get(name)
        if g is None:
            return Graph(identifier=URIRef(name))
        if not isinstance(g, Graph):
            g = self._graphs[name] = g.to_rdflib()
        return g

    def n3_triples(self, name):
        g = self._graphs.get(name)
        if isinstance(g, Triples):
            return g.n3()
        return super().n3_triples(name)

    def nt(self, name):
        g = self._graphs.get(name)
        return g.nt() if isinstance(g, Triples) else super().nt(name)

    @property
    def ds(self) -> Dataset:
        """Every graph in one rdflib Dataset (for rdflib SPARQL)."""
        ds = Dataset()
        for p, ns in PREFIXES.items():
            ds.bind(p, ns)
        for name in self.graph_names():
            ctx = ds.graph(URIRef(name))
            for t in self.graph(name):
                ctx.add(t)
        return ds

    @classmethod
    def from_dataset(cls, ds: Dataset) -> "MemoryStore":
        store = cls()
        for g in ds.graphs():
            if len(g) and not str(g.identifier).startswith("urn:x-rdflib"):
                store._graphs[str(g.identifier)] = g
        return store

    @classmethod
    def from_trig(cls, path: Path) -> "MemoryStore":
        """Read a TriG file (or a build's output folder, its zwgk.trig); UsageError naming the file and line."""
        from .datasets import trig_file, trig_parse_error

        path = trig_file(path)
        ds = Dataset()
        try:
            ds.parse(path, format="trig")
        except Exception:  # rdflib raises many parser error types, most without a line: ask pyoxigraph's parser
            raise trig_parse_error(path) from None
        return cls.from_dataset(ds)


class OxigraphStore(Store):
    """pyoxigraph on disk.  Writes are queued as N-Quads and bulk-loaded a batch at a time."""

    kind = "oxigraph"
    #: batches start small, so a small corpus loads while it is parsed, and double up to this size
    #: (a bulk load costs more per quad in small batches: 100,000-quad batches took ~1.4× the CPU of 400,000)
    FIRST_BATCH_QUADS = 50_000
    BATCH_QUADS = 400_000

    def __init__(self, path: Path):
        import pyoxigraph

        self._ox = pyoxigraph
        path.mkdir(parents=True, exist_ok=True)
        try:
            self.store = pyoxigraph.Store(str(path))
        except OSError as exc:
            raise UsageError(f"cannot open the Oxigraph store: {exc}", path)
        self.path = path
        self._pending: list[str] = []
        self._pending_quads = 0
        self._pending_graphs: set[str] = set()
        self._batch = self.FIRST_BATCH_QUADS
        self._loading = None            # the batch being bulk-loaded in the background (the loader releases the GIL)
        self._loader = None

    def replace_graph(self, name, data):
        self.remove_graph(name)
        if isinstance(data, Graph):
            nt = data.serialize(format="nt", encoding="utf-8")
            self.store.load(input=nt, format=self._ox.RdfFormat.N_TRIPLES, to_graph=self._ox.NamedNode(name))
        else:
            self.append(name, data)

    def append(self, name, triples):
        self._pending.append(Triples.nquads(triples, name))
        self._pending_quads += len(triples)
        self._pending_graphs.add(name)
        if self._pending_quads >= self._batch:
            self._start_load()
            self._batch = min(2 * self._batch, self.BATCH_QUADS)

    def _start_load(self):
        """Hand the queued batch to the background loader (after the previous batch is in)."""
        self._wait()
        if self._pending:
            from concurrent.futures import ThreadPoolExecutor

            data = "".join(self._pending).encode("utf-8")
            self._pending, self._pending_quads, self._pending_graphs = [], 0, set()
            self._loader = self._loader or ThreadPoolExecutor(max_workers=1, thread_name_prefix="zwgk-bulk-load")
            self._loading = self._loader.submit(self.store.bulk_load, input=data, format=self._ox.RdfFormat.N_QUADS)

    def _wait(self):
        if self._loading is not None:
            loading, self._loading = self._loading, None
            loading.result()            # re-raises a loader error here

    def _load_pending(self):
        """Everything queued is in the store (what reads and removals need first)."""
        self._start_load()
        self._wait()

    def remove_graph(self, name):
        if name in self._pending_graphs:
            self._load_pending()
        node = self._ox.NamedNode(name)
        if self.store.contains_named_graph(node):
            self._wait()                # no removal while a batch is going in
            self.store.remove_graph(node)

    def graph_names(self):
        self._load_pending()
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, self._ox.NamedNode))

    def graph(self, name):
        self._load_pending()
        lines = [f"{q.subject} {q.predicate} {q.object} ." for q in
                 self.store.quads_for_pattern(None, None, None, self._ox.NamedNode(name))]
        g = Graph()
        if lines:
            g.parse(data="\n".join(lines), format="nt")
        return g

    def nt(self, name):
        self._load_pending()
        return self.store.dump(format=self._ox.RdfFormat.N_TRIPLES, from_graph=self._ox.NamedNode(name)).decode("utf-8")

    def n3_triples(self, name):
        from .export import BlankNodes, iri_n3, literal_n3

        self._load_pending()
        ox = self._ox

        def n3(t):
            if isinstance(t, ox.NamedNode):
                return iri_n3(t.value)
            if isinstance(t, ox.Literal):
                return literal_n3(t.value, t.language, None if t.language else t.datatype.value)
            raise BlankNodes
        for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(name)):
            yield n3(q.subject), n3(q.predicate), n3(q.object)

    def source_sha256(self, name):
        self._load_pending()
        rows = self.store.query(f"SELECT ?h WHERE {{ GRAPH <{name}> {{ ?s <{ZWGK.sha256}> ?h }} }}")
        return next((r["h"].value for r in rows), None)

    def flush(self):
        self._load_pending()
        self.store.flush()

    def close(self):
        self.flush()
        if self._loader is not None:
            self._loader.shutdown()
        del self.store
        import gc

        gc.collect()


def store_location(spec: str | None, n_documents: int = 0, default_dir: Path = Path("out") / "store") -> Path | None:
    """The folder of the on-disk store ``spec`` names (``None`` for ``memory``); with no spec, choose by
    the number of documents."""
    if spec is None:
        spec = "memory" if n_documents <= MEMORY_LIMIT_DOCUMENTS else f"oxigraph:{default_dir}"
    if spec == "memory":
        return None
    if spec.startswith("oxigraph:") and len(spec) > len("oxigraph:"):
        return Path(spec.split(":", 1)[1])
    raise UsageError(f"unknown store {spec!r}: use memory or oxigraph:DIR")


def open_store(spec: str | None, n_documents: int = 0, default_dir: Path = Path("out") / "store") -> Store:
    """Open ``memory`` or ``oxigraph:DIR``; with no spec, choose by the number of documents."""
    path = store_location(spec, n_documents, default_dir)
    return MemoryStore() if path is None else OxigraphStore(path)


def stored_hashes(path: Path) -> dict[str, str]:
    """Plan graph name → its document's SHA-256, read from the on-disk store at ``path`` (empty when there
    is no store there yet).  The store is opened for writing, so a store another process holds open
    (a server, a notebook) is found here, before a build that would replace it begins."""
    import pyoxigraph

    if not (path / "CURRENT").exists():
        return {}
    try:
        store = pyoxigraph.Store(str(path))
    except OSError as exc:
        raise UsageError(f"cannot open the Oxigraph store (is it open in another process?): "
                         f"{str(exc).splitlines()[0]}", path)
    rows = store.query(f"SELECT ?g ?h WHERE {{ GRAPH ?g {{ ?s <{ZWGK.sha256}> ?h }} }}")
    hashes = {r["g"].value: r["h"].value for r in rows if "/graph/plan/" in r["g"].value}
    del rows, store
    import gc

    gc.collect()                # the store's lock is released when the object is gone
    return hashes
