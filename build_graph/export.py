"""Write the dataset: TriG of everything, a Turtle union, one Turtle file per plan, the residue report.

Output is byte-identical for the same documents: graphs in IRI order, Turtle from
rdflib's sorted serializer, no blank nodes.  Every file is written to a temporary
name in the output folder and renamed into place, so a failed build leaves the
previous outputs whole.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import re

from rdflib import BNode, Graph, Literal, URIRef
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
    if isinstance(t, URIRef):
        return _iri(str(t))
    if isinstance(t, Literal):
        return literal_n3(str(t), t.language, str(t.datatype) if t.datatype is not None else None)
    raise TypeError(t)


def _turtle(g: Graph) -> str:
    """Serialise a graph as sorted Turtle; graphs with blank nodes (the ontology) go through rdflib."""
    if any(isinstance(x, BNode) for t in g for x in t):
        # blank nodes (the ontology's OWL axioms) get their RDFC-1.0 canonical labels (_:c14n0 …), so every
        # store and every run prints them alike
        return _turtle_n3(_canonical_n3(g.serialize(format="nt")))
    return _turtle_n3([(_term(s), _term(p), _term(o)) for s, p, o in g])


def _canonical_n3(nt: str) -> list[tuple[str, str, str]]:
    """N-Triples with blank nodes → Turtle terms with canonical blank node labels (pyoxigraph's RDFC-1.0)."""
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


def _turtle_n3(triples) -> str:
    """Sorted Turtle from triples already in Turtle term syntax."""
    by_subject: dict[str, dict[str, list[str]]] = {}
    for s, p, o in triples:
        preds = by_subject.setdefault(s, {})
        preds.setdefault("a" if p == _A else p, []).append(o)
    lines = [_prefix_block()]
    for subj in sorted(by_subject):
        preds = by_subject[subj]
        keys = sorted(preds, key=lambda k: (k != "a", k))
        parts = [f"{k} {', '.join(sorted(set(preds[k])))}" for k in keys]
        lines.append(subj + " " + " ;\n    ".join(parts) + " .\n")
    return "\n".join(lines)


def _prefix_block() -> str:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items()))


def _body(turtle: str) -> str:
    """Drop the @prefix lines of a Turtle document (they are declared once at the top)."""
    return "\n".join(line for line in turtle.splitlines() if not line.startswith("@prefix")).strip() + "\n"


def trig(store, bodies: dict[str, str] | None = None) -> str:
    """Serialise the store's named graphs as TriG, in graph-IRI order."""
    bodies = bodies if bodies is not None else graph_bodies(store)
    parts = [_prefix_block()]
    for name, body in bodies.items():
        indented = "\n".join(("    " + line) if line else "" for line in body.splitlines())
        parts.append(f"\n<{name}> {{\n{indented}\n}}\n")
    return "".join(parts)


def union(store, bodies: dict[str, str] | None = None) -> str:
    """Every graph's triples in one Turtle document (graph by graph: a subject may recur; Turtle allows it)."""
    bodies = bodies if bodies is not None else graph_bodies(store)
    return "\n".join([_prefix_block()] + list(bodies.values()))


def graph_bodies(store) -> dict[str, str]:
    """Each named graph as Turtle without its prefix lines, in graph-IRI order (computed once per export)."""
    out = {}
    for name in store.graph_names():
        triples = store.n3_triples(name)
        out[name] = _body(_turtle(store.graph(name)) if triples is None else _turtle_n3(triples))
    return out


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


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
                triples = st.n3_triples(name)
                body = _body(_turtle(st.graph(name)) if triples is None else _turtle_n3(triples))
                indented = "\n".join(("    " + line) if line else "" for line in body.splitlines())
                trig_fh.write(f"\n<{name}> {{\n{indented}\n}}\n")
                union_fh.write("\n" + body)
                target = plan_files.get(name) or (links_file if name == str(ids.links_graph) else None)
                if target is not None:
                    with stage.open(target) as fh:
                        fh.write(_prefix_block() + "\n" + body)
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
