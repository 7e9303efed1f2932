"""Plain RDF terms for the hot path: an IRI is a ``str``, a literal a :class:`Lit`.

The emitter and the linker write thousands of triples per plan; building rdflib terms for each
costs more than parsing the document.  They write plain tuples instead, and this module turns a
graph of them into N-Triples (for the on-disk store's bulk loader), Turtle terms (for the exports)
or rdflib terms (for the memory store, pySHACL and rdflib queries).
"""

from __future__ import annotations

from typing import NamedTuple

XSD = "http://www.w3.org/2001/XMLSchema#"


class Lit(NamedTuple):
    """A literal: lexical form, language tag or datatype IRI (neither: xsd:string)."""

    lex: str
    lang: str | None = None
    dt: str | None = None


def zh(text: str) -> Lit:
    return Lit(text, "zh")


def en(text: str) -> Lit:
    return Lit(text, "en")


def integer(n: int) -> Lit:
    return Lit(str(int(n)), None, XSD + "integer")


def boolean(b: bool) -> Lit:
    return Lit("true" if b else "false", None, XSD + "boolean")


def typed(lex: str, datatype: str) -> Lit:
    return Lit(lex, None, str(datatype))


class Triples(list):
    """One graph's triples as plain tuples ``(subject IRI, predicate IRI, object IRI | Lit)``."""

    add = list.append

    def value(self, s, p):
        return next((o for s2, p2, o in self if s2 == s and p2 == p), None)

    def nt(self) -> str:
        return "".join([f"<{s}> <{p}> <{o}> .\n" if type(o) is str else f"<{s}> <{p}> {nt(o)} .\n"
                        for s, p, o in self])

    def nquads(self, graph: str) -> str:
        g = f" <{graph}> .\n"
        return "".join([f"<{s}> <{p}> <{o}>{g}" if type(o) is str else f"<{s}> <{p}> {nt(o)}{g}" for s, p, o in self])

    def n3(self):
        """The triples as Turtle term strings (s, p, o), lazily."""
        from .export import iri_n3, literal_n3

        return ((iri_n3(s), iri_n3(p), literal_n3(*o) if type(o) is Lit else iri_n3(o)) for s, p, o in self)

    def to_rdflib(self):
        from rdflib import Graph

        g = Graph()
        for t in self:
            g.add(rdflib_triple(t))
        return g


def _escape_nt(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def nt(o) -> str:
    if type(o) is Lit:
        lex = _escape_nt(o.lex)
        if o.lang:
            return f'"{lex}"@{o.lang}'
        if o.dt and o.dt != XSD + "string":
            return f'"{lex}"^^<{o.dt}>'
        return f'"{lex}"'
    return f"<{o}>"


def rdflib_term(t):
    from rdflib import Literal, URIRef

    if type(t) is Lit:
        if t.lang:
            return Literal(t.lex, lang=t.lang)
        return Literal(t.lex, datatype=URIRef(t.dt) if t.dt and t.dt != XSD + "string" else None)
    return URIRef(t)


def rdflib_triple(t):
    s, p, o = t
    return rdflib_term(s), rdflib_term(p), rdflib_term(o)


def from_rdflib(t):
    """An rdflib URIRef or Literal as a plain term."""
    from rdflib import Literal

    if isinstance(t, Literal):
        return Lit(str(t), t.language, str(t.datatype) if t.datatype is not None else None)
    return str(t)
