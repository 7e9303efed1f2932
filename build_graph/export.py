"""Write the dataset: TriG of everything, a Turtle union, one Turtle file per plan, the residue report.

Output is byte-identical for the same documents and either store: graphs in IRI order,
subjects, predicates and objects sorted, the ontology's blank nodes canonically labelled.
Graphs are streamed: a graph larger than one sort run is sorted on disk and merged, so a
national links graph is written without holding it.  Every file is written to a temporary
name in the output folder and renamed into place, so a failed build leaves the previous
outputs whole.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import re

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from .namespaces import PREFIXES, Ids


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


def _iri(t: str) -> str:
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


def _sorted_keys(triples, workdir: Path | None, run_lines: int = SORT_RUN_LINES):
    """Consume ``triples`` (Turtle terms) now; return an iterator over their "s␁p␁o" keys in sorted order.

    A graph of up to ``run_lines`` triples is sorted in memory; a larger one (the links graph of a
    national corpus holds tens of millions) in sorted runs written to ``workdir`` and merged, so
    memory holds one run, never the graph.  Raises :class:`BlankNodes` before returning.
    """
    import heapq

    runs: list[Path] = []
    buf: list[str] = []

    def spill():
        buf.sort()
        path = Path(tempfile.mkstemp(dir=workdir, prefix=".sort-", suffix=".run")[1])
        runs.append(path)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.writelines(k + "\n" for k in buf)
        buf.clear()

    try:
        for s, p, o in triples:
            buf.append(f"{s}{_SEP}{_TYPE_KEY if p == _A else p}{_SEP}{o}")
            if len(buf) >= run_lines:
                spill()
        if not runs:
            buf.sort()
            return iter(buf)
        if buf:
            spill()
    except BaseException:
        for r in runs:
            r.unlink(missing_ok=True)
        raise

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


class _Staged:
    """Files written under temporary names and renamed into place together at the end."""

    def __init__(self, out: Path):
        self.out, self.staged = out, []          # (temporary, final)

    def open(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        self.staged.append((Path(tmp), path))
        return os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    def commit(self):
        for tmp, path in self.staged:
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)

    def abort(self):
        for tmp, _ in self.staged:
            if tmp.exists():
                tmp.unlink()


def write_outputs(result, out: Path, ids: Ids) -> list[Path]:
    """Write every output, one graph at a time (memory holds one graph's Turtle), then rename all into place.

    A failure leaves the previous outputs whole: nothing is renamed until everything is written.
    """
    st = result.dataset
    stage = _Staged(out)
    plan_files = {str(ids.plan_graph(k)): out / "plans" / f"{k}.ttl" for k in sorted(result.plans)}
    links_file = out / "links.ttl"
    try:
        with stage.open(out / "zwgk.trig") as trig_fh, stage.open(out / "zwgk.ttl") as union_fh:
            trig_fh.write(_prefix_block())
            union_fh.write(_prefix_block())
            for name in st.graph_names():
                target = plan_files.get(name) or (links_file if name == str(ids.links_graph) else None)
                with stage.open(target) if target is not None else contextlib.nullcontext() as own:
                    trig_fh.write(f"\n<{name}> {{\n")
                    union_fh.write("\n")
                    if own:
                        own.write(_prefix_block() + "\n")
                    for i, block in enumerate(graph_blocks(st, name, out)):
                        sep = "\n" if i else ""
                        # split on "\n" only: a literal may hold other line separators (U+2028 …)
                        trig_fh.write(sep + "".join("    " + line + "\n" for line in block[:-1].split("\n")))
                        union_fh.write(sep + block)
                        if own:
                            own.write(sep + block)
                    trig_fh.write("}\n")
        with stage.open(out / "residue.tsv") as fh:
            fh.write(residue_tsv(result))
        stage.commit()
    except BaseException:
        stage.abort()
        raise
    written = {final for _, final in stage.staged}
    # plan files of plans no longer built would mislead: remove them
    for stale in (out / "plans").glob("*.ttl"):
        if stale not in written:
            stale.unlink()
    return sorted(written)
