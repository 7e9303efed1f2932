"""Write the dataset: TriG of everything, a Turtle union, compacted JSON-LD (whole and per plan, with the
context), one Turtle file per plan, the residue report, and last the DCAT / VoID description of every
file written (``dataset.ttl``, ``dataset.jsonld``: :mod:`build_graph.portal`).

Output is byte-identical for the same documents and either store: graphs in IRI order,
subjects, predicates and objects sorted, the ontology's blank nodes canonically labelled.
Graphs are streamed: a graph larger than one sort run is sorted on disk and merged, so a
national links graph is written without holding it.  Every file is written to the build's
staging folder and switched into place with the others by the build's commit
(:mod:`build_graph.transaction`), so a failed or killed build leaves the previous outputs whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import re

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from .namespaces import PREFIXES, Ids
from .portal import Description, describe
from .terms import Triples


_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_NS = sorted(((p, str(ns)) for p, ns in PREFIXES.items()), key=lambda x: -len(x[1]))
_XSD = str(XSD)


def iri_n3(t: str) -> str:
    """An IRI as a prefixed name where one fits, else <…>."""
    return _iri(t)


def literal_n3(lex: str, language: str | None, datatype: str | None) -> str:
    """A literal in Turtle syntax (integers and booleans bare, strings plain, others typed)."""
    esc = _escape(lex)
    if language:
        return f'"{esc}"@{language}'
    if datatype is None or datatype == _XSD + "string":
        return f'"{esc}"'
    if datatype == _XSD + "integer" and re.fullmatch(r"[+-]?\d+", lex):
        return lex
    if datatype == _XSD + "boolean" and lex in ("true", "false"):
        return lex
    return f'"{esc}"^^{_iri(datatype)}'


def term_n3(t) -> str:
    """An rdflib term in Turtle syntax."""
    return _term(t)


_ANY_NS = re.compile("|".join(re.escape(ns) for _, ns in _NS))     # longest first, as _NS is sorted
_PREFIX_OF = {ns: p for p, ns in _NS}


def _iri(t: str) -> str:
    m = _ANY_NS.match(t)
    if m is None:                      # most IRIs (the instances): one regex test, not one per namespace
        return f"<{t}>"
    local = t[m.end():]
    if _LOCAL.match(local):
        return f"{_PREFIX_OF[m.group()]}:{local}"
    for p, ns in _NS:
        if t.startswith(ns) and _LOCAL.match(t[len(ns):]):
            return f"{p}:{t[len(ns):]}"
    return f"<{t}>"


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
            .replace("\t", "\\t"))


def _term(t) -> str:
    if isinstance(t, BNode):
        raise BlankNodes
    if isinstance(t, URIRef):
        return _iri(str(t))
    if isinstance(t, Literal):
        return literal_n3(str(t), t.language, str(t.datatype) if t.datatype is not None else None)
    raise TypeError(t)


class BlankNodes(Exception):
    """A graph holds blank nodes (the ontology's OWL axioms): it is exported through canonical labels."""


def _canonical_n3(nt: str) -> list[tuple[str, str, str]]:
    """N-Triples with blank nodes → Turtle terms with canonical blank node labels (pyoxigraph's RDFC-1.0),
    so every store and every run prints them alike."""
    import pyoxigraph as ox

    ds = ox.Dataset(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))
    ds.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)

    def n3(t) -> str:
        if isinstance(t, ox.NamedNode):
            return _iri(t.value)
        if isinstance(t, ox.BlankNode):
            return f"_:{t.value}"
        return literal_n3(t.value, t.language, None if t.language else t.datatype.value)
    return [(n3(q.subject), n3(q.predicate), n3(q.object)) for q in ds]


_A = "rdf:type"
_SEP = "\x01"          # below every character of a Turtle term: "s␁p␁o" sorts as (s, p, o) would
_TYPE_KEY = "\x00"     # rdf:type ("a") sorts before every other predicate

#: lines sorted in memory at a time; a larger graph is sorted in runs on disk and merged
SORT_RUN_LINES = 500_000


class _Sorter:
    """Triples in Turtle terms in, their "s␁p␁o" keys out in sorted order.

    Up to ``SORT_RUN_LINES`` keys are sorted in memory; beyond that, sorted runs are written to
    ``workdir`` and merged, so memory holds one run, never the graph (the links graph of a national
    corpus holds tens of millions of triples).  Triples may be added a chunk at a time.
    """

    def __init__(self, workdir: Path | None):
        self.workdir, self.runs, self.buf = workdir, [], []

    def add(self, triples) -> None:
        buf = self.buf
        for s, p, o in triples:
            buf.append(f"{s}{_SEP}{_TYPE_KEY if p == _A else p}{_SEP}{o}")
            if len(buf) >= SORT_RUN_LINES:
                self._spill()

    def _spill(self) -> None:
        self.buf.sort()
        fd, path = tempfile.mkstemp(dir=self.workdir, prefix=".sort-", suffix=".run")
        self.runs.append(Path(path))
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.writelines(k + "\n" for k in self.buf)
        self.buf.clear()          # the same list: add() holds it

    def __bool__(self) -> bool:
        return bool(self.buf or self.runs)

    def keys(self):
        """The sorted keys (once); run files are removed as the merge ends."""
        import heapq

        if not self.runs:
            self.buf.sort()
            return iter(self.buf)
        if self.buf:
            self._spill()
        runs, self.runs = self.runs, []

        def merged():
            files = [open(r, encoding="utf-8", newline="\n") for r in runs]
            try:
                for line in heapq.merge(*files):
                    yield line[:-1]
            finally:
                for fh, r in zip(files, runs):
                    fh.close()
                    r.unlink(missing_ok=True)
        return merged()

    def discard(self) -> None:
        for r in self.runs:
            r.unlink(missing_ok=True)
        self.runs, self.buf = [], []


def _sorted_keys(triples, workdir: Path | None):
    """Consume ``triples`` (Turtle terms) now; return their sorted keys.  Raises :class:`BlankNodes` first."""
    sorter = _Sorter(workdir)
    try:
        sorter.add(triples)
    except BaseException:
        sorter.discard()
        raise
    return sorter.keys()


def _blocks(keys):
    """Sorted "s␁p␁o" keys → Turtle subject blocks ("s p o, o ;\n    p o .\n"), duplicates dropped."""
    subject = None
    parts: list[str] = []
    pred, objs, last = None, [], None
    for key in keys:
        if key == last:
            continue
        last = key
        s, p, o = key.split(_SEP, 2)
        if s != subject:
            if subject is not None:
                parts.append(f"{pred} {', '.join(objs)}")
                yield subject + " " + " ;\n    ".join(parts) + " .\n"
            subject, parts, pred, objs = s, [], ("a" if p == _TYPE_KEY else p), [o]
        elif (p if p != _TYPE_KEY else "a") != pred:
            parts.append(f"{pred} {', '.join(objs)}")
            pred, objs = ("a" if p == _TYPE_KEY else p), [o]
        else:
            objs.append(o)
    if subject is not None:
        parts.append(f"{pred} {', '.join(objs)}")
        yield subject + " " + " ;\n    ".join(parts) + " .\n"


def graph_blocks(store, name: str, workdir: Path | None = None):
    """The named graph as sorted Turtle subject blocks, without prefixes (streamed for large graphs)."""
    try:
        keys = _sorted_keys(store.n3_triples(name), workdir)
    except BlankNodes:
        keys = _sorted_keys(_canonical_n3(store.nt(name)), workdir)
    return _blocks(keys)


def turtle(store, name: str) -> str:
    """One named graph as a Turtle document (prefixes, then subjects in order)."""
    return _prefix_block() + "".join("\n" + b for b in graph_blocks(store, name))


def _prefix_block() -> str:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items()))


def residue_tsv(result) -> str:
    """The residue report: file, line, reason, text — sorted by file and line."""
    rows = ["file\tline\treason\ttext"]
    for name, r in sorted(result.residue, key=lambda x: (x[0], x[1].line)):
        text = r.text.replace("\t", " ⇥ ").replace("\n", " ")
        rows.append(f"{name}\t{r.line}\t{r.reason}\t{text}")
    return "\n".join(rows) + "\n"


def rejected_tsv(result) -> str:
    """The refused documents: file, reason (one line each, as the error said it)."""
    rows = ["file\treason"]
    for path, reason in sorted(result.rejected, key=lambda x: str(x[0])):
        rows.append(f"{Path(path).name}\t{reason.replace(chr(9), ' ').replace(chr(10), ' ')}")
    return "\n".join(rows) + "\n"


class _Staged:
    """Output files written to their staged paths (see :mod:`build_graph.transaction`), switched into
    place together by the build's commit."""

    def __init__(self, txn):
        self.txn, self.staged = txn, []          # (staged, final)

    def open(self, path: Path):
        staged = self.txn.stage(path)
        self.staged.append((staged, path))
        return open(staged, "w", encoding="utf-8", newline="\n")

    def open_binary(self, path: Path):
        staged = self.txn.stage(path)
        self.staged.append((staged, path))
        return open(staged, "wb")

    def staged_path(self, path: Path) -> Path:
        return next(staged for staged, final in self.staged if final == path)


def _write_graph(trig_fh, union_fh, own, name: str, blocks) -> None:
    """One named graph: into the TriG (indented), the union and, if it has one, its own file."""
    trig_fh.write(f"\n<{name}> {{\n")
    union_fh.write("\n")
    if own:
        own.write(_prefix_block() + "\n")
    for i, block in enumerate(blocks):
        sep = "\n" if i else ""
        # split on "\n" only: a literal may hold other line separators (U+2028 …)
        trig_fh.write(sep + "".join("    " + line + "\n" for line in block[:-1].split("\n")))
        union_fh.write(sep + block)
        if own:
            own.write(sep + block)
    trig_fh.write("}\n")


def _remove_stale_plans(out: Path, written: set[Path], txn) -> None:
    """Plan files of plans no longer built would mislead: removed in the same commit."""
    for stale in sorted([*(out / "plans").glob("*.ttl"), *(out / "plans").glob("*.jsonld")]):
        if stale not in written:
            txn.remove(stale)


class Exporter:
    """Writes the exports while the build emits its graphs, so nothing is read back from the store.

    A plan's Turtle goes to its (staged) ``plans/KEY.ttl`` as the plan is emitted; the links graph
    is sorted in runs as its chunks arrive; :meth:`finish` writes ``zwgk.trig`` and ``zwgk.ttl`` in
    graph-IRI order (plan bodies read back from their staged files); the build's commit switches
    them into place.  Reading a national store back costs ~18 µs a quad in pyoxigraph (lookups of every term);
    this path costs what writing the text costs.  Same bytes as :func:`turtle` of the store's graphs.
    """

    def __init__(self, out: Path, ids: Ids, txn, description: "Description | None" = None):
        from .jsonld import Compactor, context_path

        self.out, self.ids = Path(out), ids
        self.stage = _Staged(txn)
        self.work = txn.staging                                 # sort runs go to the staging folder too
        self.plan_files: dict[str, Path] = {}                  # plan graph name → its staged file
        self.small: dict[str, list[str]] = {}                  # registry, ontology: their blocks
        self.small_keys: dict[str, list[str]] = {}             # … and their sorted keys (JSON-LD, stats)
        self.links = _Sorter(self.work)
        self.seconds = 0.0                                      # time spent here (the build reports it)
        self.description = description or Description()
        self.context_bytes = context_path().read_bytes()
        self.compactor = Compactor(json.loads(self.context_bytes))
        self.plan_info: dict[str, _PlanInfo] = {}              # plan graph name → what its files need
        self.stats: dict[str, object] = {}                     # graph name → jsonld.GraphStats

    def _head(self) -> str:
        from .jsonld import document_head

        return document_head(self.context_bytes.decode("utf-8"))

    def plan(self, name: str, key: str, triples) -> None:
        from .jsonld import GraphStats

        t = time.perf_counter()
        keys = list(_sorted_keys(Triples.n3(triples), self.work))
        with self.stage.open(self.out / "plans" / f"{key}.ttl") as fh:
            fh.write(_prefix_block())
            for block in _blocks(keys):
                fh.write("\n" + block)
        self.plan_files[name] = self.stage.staged[-1][0]
        stats = GraphStats(str(self.ids.base))
        with self.stage.open(self.out / "plans" / f"{key}.jsonld") as fh:   # its nodes; finished by finish()
            fh.write(",\n".join(self.compactor.nodes(keys, stats)))
        self.stats[name] = stats
        self.plan_info[name] = _PlanInfo.read(key, keys, self.ids)
        self.seconds += time.perf_counter() - t

    def graph(self, name: str, data) -> None:
        """A graph held whole (registry: plain triples; ontology: an rdflib graph with blank nodes)."""
        t = time.perf_counter()
        if isinstance(data, Triples):
            keys = _sorted_keys(data.n3(), self.work)
        else:
            keys = _sorted_keys(_canonical_n3(data.serialize(format="nt")), self.work)
        keys = list(keys)
        self.small_keys[name] = keys
        self.small[name] = list(_blocks(keys))
        self.seconds += time.perf_counter() - t

    def links_chunk(self, triples) -> None:
        t = time.perf_counter()
        self.links.add(Triples.n3(triples))
        self.seconds += time.perf_counter() - t

    def finish(self, result) -> list[Path]:
        t = time.perf_counter()
        out, links_name = self.out, str(self.ids.links_graph)
        prefix_len = len(_prefix_block())
        from .jsonld import GraphStats

        try:
            names = sorted([*self.plan_files, *self.small] + ([links_name] if self.links else []))
            registry = _RegistryIndex(self.small_keys.get(str(self.ids.registry_graph), []), self.ids)
            with self.stage.open(out / "zwgk.trig") as trig_fh, self.stage.open(out / "zwgk.ttl") as union_fh, \
                    self.stage.open(out / "zwgk.jsonld") as json_fh:
                trig_fh.write(_prefix_block())
                union_fh.write(_prefix_block())
                json_fh.write(self._head())
                for i, name in enumerate(names):
                    json_fh.write(("," if i else "") + f'\n  {{"@id": {json.dumps(name)}, "@graph": [\n')
                    if name == links_name:
                        stats = self.stats[name] = GraphStats(str(self.ids.base))
                        nodes = _NodeSink(json_fh)
                        with self.stage.open(out / "links.ttl") as own:
                            keys = nodes.tap(self.compactor, self.links.keys(), stats)
                            _write_graph(trig_fh, union_fh, own, name, _blocks(keys))
                            nodes.close()
                    elif name in self.small:
                        _write_graph(trig_fh, union_fh, None, name, self.small[name])
                        stats = self.stats[name] = GraphStats(str(self.ids.base))
                        json_fh.write(",\n".join(self.compactor.nodes(self.small_keys[name], stats)))
                    else:
                        body = self.plan_files[name].read_text(encoding="utf-8")[prefix_len:]
                        _write_graph(trig_fh, union_fh, None, name, _split_blocks(body))
                        self._finish_plan(name, json_fh, registry)
                    json_fh.write("\n  ]}")
                json_fh.write("\n]}\n")
            with self.stage.open(out / "residue.tsv") as fh:
                fh.write(residue_tsv(result))
            with self.stage.open(out / "rejected.tsv") as fh:
                fh.write(rejected_tsv(result))
            with self.stage.open_binary(out / "context.jsonld") as fh:
                fh.write(self.context_bytes)
            self._describe_files(registry)                       # last: it describes every file above
        except BaseException:
            self.abort()
            raise
        written = {final for _, final in self.stage.staged}
        _remove_stale_plans(out, written, self.stage.txn)
        self.seconds += time.perf_counter() - t
        return sorted(written)

    def abort(self) -> None:
        self.links.discard()

    def _finish_plan(self, name: str, json_fh, registry: "_RegistryIndex") -> None:
        """A plan's nodes into the whole dataset's JSON-LD; then its own files get what makes them readable
        alone: the registry's description of the plan graph (licence, triple count, part of the dataset)
        and the types and labels of the agencies and jurisdictions it names (``plans/KEY.ttl`` is the plan
        graph's Turtle followed by these registry triples; ``plans/KEY.jsonld`` holds the same triples)."""
        info = self.plan_info[name]
        staged_json = self.stage.staged_path(self.out / "plans" / f"{info.key}.jsonld")
        nodes = staged_json.read_text(encoding="utf-8")
        json_fh.write(nodes)
        extra = sorted(registry.context_of(name, info))
        if extra:
            with open(self.plan_files[name], "a", encoding="utf-8", newline="\n") as fh:
                fh.write(f"\n# From the registry graph <{self.ids.registry_graph}>: this graph's description "
                         "and the agencies and jurisdictions it names.\n")
                for block in _blocks(extra):
                    fh.write("\n" + block)
        from .jsonld import graph_document

        with open(staged_json, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(graph_document(self._head(), [n for n in (nodes, *self.compactor.nodes(extra)) if n]))

    def _describe_files(self, registry: "_RegistryIndex") -> None:
        """``dataset.ttl`` and ``dataset.jsonld``: the dataset's DCAT / VoID description with a distribution
        (media type, size, SHA-256) for every other file this build writes.  A file cannot hold its own
        checksum, so the description is kept out of the graph and written last."""
        from .jsonld import graph_document

        files = []
        for staged, final in self.stage.staged:
            data = staged.read_bytes()
            files.append((final.relative_to(self.out).as_posix(), len(data), hashlib.sha256(data).hexdigest()))
        triples = describe(self.ids, self.description, sorted(files), self.stats, self.plan_info, registry)
        copied = [k for k in (*registry.subject(registry.dataset),
                              *(k for name in self.plan_info for k in registry.subject(f"<{name}>")))]
        keys = sorted([_extra_prefixed_key(k) for k in _sorted_keys(triples.n3(), self.work)]
                      + [k for _, _, k in copied])
        extra = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(_EXTRA_PREFIXES.items()))
        with self.stage.open(self.out / "dataset.ttl") as fh:
            fh.write("".join(sorted((_prefix_block() + extra).splitlines(keepends=True)))
                     + "".join("\n" + b for b in _blocks(keys)))
        with self.stage.open(self.out / "dataset.jsonld") as fh:
            fh.write(graph_document(self._head(), list(self.compactor.nodes(keys))))


def _split_blocks(body: str) -> list[str]:
    """A Turtle body written by :class:`Exporter` ("\n" + block, …) back into its blocks."""
    return [b + "\n" for b in body[1:-1].split("\n\n")] if body else []


from .jsonld import EXTRA_PREFIXES as _EXTRA_PREFIXES                          # noqa: E402

_EXTRA_NS = re.compile("<(" + "|".join(re.escape(ns) for ns in _EXTRA_PREFIXES.values()) + ")([A-Za-z0-9_]+)>")
_EXTRA_OF = {ns: p for p, ns in _EXTRA_PREFIXES.items()}


def _extra_prefixed(m) -> str:
    return f"{_EXTRA_OF[m.group(1)]}:{m.group(2)}"


def _extra_prefixed_key(key: str) -> str:
    """A "s␁p␁o" key with its foaf: / spdx: IRIs written as prefixed names; a literal is left as it is
    (a publisher named "Team <http://xmlns.com/foaf/0.1/Agent>" keeps its name)."""
    return _SEP.join(_EXTRA_NS.fullmatch(t) and _EXTRA_NS.sub(_extra_prefixed, t) or t for t in key.split(_SEP, 2))


class _NodeSink:
    """The links graph's JSON-LD node objects, written while its sorted keys stream into the TriG."""

    def __init__(self, fh):
        self.fh, self.first, self.builder = fh, True, None

    def _emit(self, text) -> None:
        if text is not None:
            self.fh.write(text if self.first else ",\n" + text)
            self.first = False

    def tap(self, compactor, keys, stats):
        from .jsonld import NodeBuilder

        self.builder = b = NodeBuilder(compactor, stats)
        for k in keys:
            self._emit(b.push(k))
            yield k

    def close(self) -> None:
        if self.builder is not None:
            self._emit(self.builder.close())


_ISSUED = "dcterms:issued"


@dataclass
class _PlanInfo:
    """What a plan graph's own files and the dataset description need of it, read from its keys: the
    registry resources it names (agencies, jurisdictions), its plan's issue date, year and title."""

    key: str
    named: set = field(default_factory=set)
    issued: str | None = None
    year: str | None = None
    title: str | None = None                 # as a Turtle term

    @classmethod
    def read(cls, key: str, keys, ids: Ids) -> "_PlanInfo":
        info = cls(key)
        plan = f"<{ids.plan(key)}>"
        agency, jurisdiction = f"<{ids.base}agency/", f"<{ids.base}jurisdiction/"
        named = info.named
        for k in keys:
            s, p, o = k.split(_SEP, 2)
            if o[0] == "<" and (o.startswith(agency) or o.startswith(jurisdiction)):
                named.add(o)
            if s == plan:
                if p == _ISSUED and o[0] == '"':
                    info.issued = o[1:o.rfind('"')]
                elif p == "zwgk:year" and o[0] == '"':
                    info.year = o[1:o.rfind('"')]
                elif p == "dcterms:title" and info.title is None:
                    info.title = o
        return info


class _RegistryIndex:
    """The registry graph's keys by subject, for the plan files' context and the dataset description."""

    AGENCY_KEEP = (_TYPE_KEY, "rdfs:label", "zwgk:jurisdiction")
    PLACE_KEEP = (_TYPE_KEY, "rdfs:label")
    DATASET_KEEP = (_TYPE_KEY, "dcterms:title", "dcterms:license")

    def __init__(self, keys, ids: Ids):
        self.ids = ids
        self.by_subject: dict[str, list[tuple[str, str, str]]] = {}
        for k in keys:
            s, p, o = k.split(_SEP, 2)
            self.by_subject.setdefault(s, []).append((p, o, k))
        self.dataset = f"<{ids.dataset}>"

    def subject(self, s: str):
        return self.by_subject.get(s, ())

    def context_of(self, graph: str, info: _PlanInfo) -> list[str]:
        """Registry keys that make a plan's file readable alone (see :meth:`Exporter._finish_plan`)."""
        g = f"<{graph}>"
        out = [k for _, _, k in self.subject(g)]
        out += [k for p, o, k in self.subject(self.dataset)
                if p in self.DATASET_KEEP or (p == "void:subset" and o == g)]
        places = set()
        agency = f"<{self.ids.base}agency/"
        for iri in sorted(info.named):
            if iri.startswith(agency):
                for p, o, k in self.subject(iri):
                    if p in self.AGENCY_KEEP:
                        out.append(k)
                        if p == "zwgk:jurisdiction":
                            places.add(o)
            else:
                places.add(iri)
        for iri in sorted(places):
            out += [k for p, o, k in self.subject(iri) if p in self.PLACE_KEEP]
        return out
