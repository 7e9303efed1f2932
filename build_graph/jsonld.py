"""Compacted JSON-LD against the published context (``ontology/context.jsonld``), written from the
exporter's sorted Turtle terms: one node object per subject, in the Turtle files' order, so the
output is byte-identical for the same documents and costs about what writing the Turtle costs.

The context (:func:`make_context`) declares the prefixes of :mod:`build_graph.namespaces` and one
term per ``zwgk:`` property of the ontology: ``@type: @id`` for object properties, the datatype for
integer, gYear, date, decimal and boolean ones.  A value the term's coercion does not fit is written
as an explicit value or node object, so every document expands to exactly the triples of its Turtle
twin (``tests/test_portal_exports.py`` parses each back with rdflib and pyoxigraph).

``python -m build_graph.jsonld`` prints the context the ontology implies (the repository's copy is
checked against it by the tests).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .namespaces import FOAF, PREFIXES, SPDX

#: prefixes the dataset description (dataset.ttl / dataset.jsonld) uses beyond the data's own
EXTRA_PREFIXES = {"foaf": str(FOAF), "spdx": str(SPDX)}

_COERCED = {"integer", "gYear", "date", "decimal", "boolean"}
_SEP = "\x01"
_TYPE_KEY = "\x00"
_CANONICAL_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,14})")
_UNESCAPE = re.compile(r"\\(.)")
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def context_path() -> Path:
    from .emitter import ontology_path

    return ontology_path().parent / "context.jsonld"


def make_context(ontology: Path | None = None) -> dict:
    """The context the ontology implies: prefixes, then one term per zwgk: property (sorted)."""
    from rdflib import Graph
    from rdflib.namespace import OWL, RDF, RDFS

    from .emitter import ontology_path
    from .namespaces import ZWGK

    g = Graph().parse(ontology or ontology_path(), format="turtle")
    ctx: dict = {p: str(ns) for p, ns in sorted({**{k: str(v) for k, v in PREFIXES.items()},
                                                  **EXTRA_PREFIXES}.items())}
    terms = {}
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for s in g.subjects(RDF.type, kind):
            if not str(s).startswith(str(ZWGK)):
                continue
            name = str(s)[len(str(ZWGK)):]
            term: dict = {"@id": f"zwgk:{name}"}
            if kind == OWL.ObjectProperty:
                term["@type"] = "@id"
            else:
                ranges = [str(r) for r in g.objects(s, RDFS.range)]
                xsd = str(PREFIXES["xsd"])
                if len(ranges) == 1 and ranges[0].startswith(xsd) and ranges[0][len(xsd):] in _COERCED:
                    term["@type"] = "xsd:" + ranges[0][len(xsd):]
            terms[name] = term
    clash = set(terms) & set(ctx)
    if clash:
        raise ValueError(f"zwgk: properties named like a prefix: {sorted(clash)}")
    ctx.update(sorted(terms.items()))
    return {"@context": ctx}


def context_text(context: dict) -> str:
    """The context as published: one prefix or term a line."""
    lines = [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in context["@context"].items()]
    return '{"@context": {\n' + ",\n".join(lines) + "\n}}\n"


def _unescape(text: str) -> str:
    return _UNESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(0)), text) if "\\" in text else text


class Compactor:
    """Turtle terms (as the exporter writes them) → compacted JSON-LD node objects."""

    def __init__(self, context: dict):
        ctx = context["@context"]
        self.keys: dict[str, tuple[str, str | None]] = {}      # predicate as Turtle term → (key, coercion)
        for term, d in ctx.items():
            if isinstance(d, dict):
                self.keys[d["@id"]] = (term, d.get("@type"))
        self.prefixes = {p for p, v in ctx.items() if isinstance(v, str)}

    def key(self, p: str) -> tuple[str, str | None]:
        hit = self.keys.get(p)
        if hit is not None:
            return hit
        return (p[1:-1] if p[0] == "<" else p), None

    @staticmethod
    def value(o: str, coercion: str | None):
        c = o[0]
        if c == '"':
            end = o.rfind('"')
            lex, rest = _unescape(o[1:end]), o[end + 1:]
            if rest.startswith("@"):
                return {"@value": lex, "@language": rest[1:]}
            if rest.startswith("^^"):
                dt = rest[2:]
                if dt[0] == "<":
                    dt = dt[1:-1]
                return lex if coercion == dt else {"@value": lex, "@type": dt}
            return lex if coercion is None else {"@value": lex}
        if c == "<" or ":" in o:                               # an IRI, a prefixed name, a blank node
            iri = o[1:-1] if c == "<" else o
            return iri if coercion == "@id" else {"@id": iri}
        if o in ("true", "false"):
            return (o == "true") if coercion in (None, "xsd:boolean") else {"@value": o, "@type": "xsd:boolean"}
        # a bare integer
        if coercion in (None, "xsd:integer") and _CANONICAL_INT.fullmatch(o):
            return int(o)
        return o if coercion == "xsd:integer" else {"@value": o, "@type": "xsd:integer"}

    def nodes(self, keys, stats: "GraphStats | None" = None):
        """Sorted "s␁p␁o" keys (duplicates dropped) → one JSON text per subject's node object."""
        b = NodeBuilder(self, stats)
        for k in keys:
            done = b.push(k)
            if done is not None:
                yield done
        done = b.close()
        if done is not None:
            yield done


class NodeBuilder:
    """Keys pushed one at a time (sorted); :meth:`push` returns a subject's node object as JSON text when
    the next subject begins, :meth:`close` the last one.  Streams a graph too large to hold."""

    __slots__ = ("c", "stats", "subject", "node", "last")

    def __init__(self, compactor: Compactor, stats: "GraphStats | None" = None):
        self.c, self.stats, self.subject, self.node, self.last = compactor, stats, None, None, None

    def push(self, k: str):
        if k == self.last:
            return None
        self.last = k
        s, p, o = k.split(_SEP, 2)
        if self.stats is not None:
            self.stats.add(s, p, o)
        done = None
        if s != self.subject:
            if self.node is not None:
                done = json.dumps(_flat(self.node), ensure_ascii=False)
            self.subject = s
            self.node = {"@id": s[1:-1] if s[0] == "<" else s}
        node = self.node
        if p == _TYPE_KEY and o[0] != '"' and o[0] != "_":
            node.setdefault("@type", []).append(o[1:-1] if o[0] == "<" else o)
            return done
        c = self.c
        hit = c.keys.get(p)
        key, coercion = hit if hit is not None else c.key("rdf:type" if p == _TYPE_KEY else p)
        if coercion == "@id" and o[0] == "<":                  # the common case, inline
            value = o[1:-1]
        else:
            value = c.value(o, coercion)
        values = node.get(key)
        if values is None:
            node[key] = [value]
        else:
            values.append(value)
        return done

    def close(self):
        node, self.node = self.node, None
        return json.dumps(_flat(node), ensure_ascii=False) if node is not None else None


def _flat(node: dict) -> dict:
    return {k: (v[0] if type(v) is list and len(v) == 1 else v) for k, v in node.items()}


class GraphStats:
    """VoID statistics of one graph, counted from its sorted, de-duplicated keys: triples, distinct
    subjects, entities (distinct IRI subjects in the dataset's URI space) and classes (distinct objects of
    rdf:type)."""

    def __init__(self, base: str):
        self.entity_prefix = "<" + base
        self.triples = self.subjects = self.entities = 0
        self.classes: set[str] = set()
        self._last = None

    def add(self, s: str, p: str, o: str) -> None:
        self.triples += 1
        if s != self._last:
            self._last = s
            self.subjects += 1
            if s.startswith(self.entity_prefix):
                self.entities += 1
        if p == _TYPE_KEY:
            self.classes.add(o)


def document_head(context_file_text: str) -> str:
    """The start of every JSON-LD document written: the published context, inline (the text of
    context.jsonld without its closing brace), so a document parses with no loader and no network."""
    assert context_file_text.endswith("\n}}\n")
    return context_file_text[:-2] + ',\n "@graph": ['


def graph_document(head: str, nodes) -> str:
    """A JSON-LD document of one graph's triples in the default graph (``head``: :func:`document_head`)."""
    body = ",\n".join(nodes)
    return head + ("\n" + body + "\n]}\n" if body else "]}\n")


if __name__ == "__main__":                                    # pragma: no cover
    print(context_text(make_context()), end="")
