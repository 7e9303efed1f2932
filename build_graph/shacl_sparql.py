"""Our SHACL shapes run as SPARQL on Oxigraph: the validator for large corpora.

pySHACL is the reference, but it costs ~2 s a plan; 10,000 plans would take hours.  This module
reads the same shapes files and turns every constraint into one SPARQL SELECT that returns the
violating (focus node, value) rows of a whole shard at once; Oxigraph answers them in
milliseconds.  It covers the SHACL-Core subset our shapes use — targets ``sh:targetClass``,
``sh:targetSubjectsOf`` and ``sh:SPARQLTarget``; property shapes on a single predicate with
``sh:minCount``, ``sh:maxCount``, ``sh:class``, ``sh:datatype``, ``sh:languageIn``, ``sh:in``,
``sh:pattern``, ``sh:minInclusive``, ``sh:node``, ``sh:qualifiedValueShape`` (of ``sh:languageIn`` /
``sh:datatype``) with ``sh:qualifiedMinCount`` / ``sh:qualifiedMaxCount``; ``sh:SPARQLConstraint``s with ``{?var}``
message templates — and refuses a shape using anything else (:class:`Unsupported`), so a new
constraint cannot be skipped silently.  ``tests/test_validate_engines.py`` requires the same
results as pySHACL on the seed corpus, every shape fixture and a synthetic sample.

SPARQL constraints are evaluated once per shard and joined with the focus nodes (rather than once
per focus node with ``$this`` pre-bound); our queries group by ``$this`` so both readings agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from .errors import ZwgkError

SUPPORTED_PROPERTY = {SH.path, SH.name, SH.message, SH.severity, SH.description, SH.minCount, SH.maxCount,
                      SH["class"], SH.datatype, SH.languageIn, SH["in"], SH.pattern, SH.flags,
                      SH.minInclusive, SH.node, SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount}
SUPPORTED_NODE = {RDF.type, SH.targetClass, SH.targetSubjectsOf, SH.target, SH.property, SH.sparql,
                  SH.severity, SH.message, SH.name, SH.description}


FOCUS = "%FOCUS%"          # where a check's query takes the pattern binding its focus nodes ?this
VALUE_TERM = " value"      # in a row's bindings: ?value as an N-Triples term (for the report's sh:value)


class Unsupported(ZwgkError):
    """A shape uses a SHACL feature the SPARQL engine does not implement."""


def _n3(t) -> str:
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, Literal):
        return t.n3()
    raise Unsupported(f"blank node {t} where a constant is expected")


@dataclass
class Check:
    """One constraint as a query: rows ``?this`` (and ``?value``, template variables)."""

    shape: str               # shape name as the report prints it
    severity: str
    path: str | None
    message: str
    query: str               # with FOCUS where the focus pattern goes; empty for an sh:node check
    node: object = None      # sh:node: the node shape the values must conform to
    component: str = "SPARQLConstraintComponent"   # the sh: constraint component (sh:sourceConstraintComponent)
    source: str | None = None                      # the source shape's IRI, where it has one


@dataclass
class NodeShape:
    name: str
    focus: str                               # SPARQL pattern binding ?this
    checks: list[Check] = field(default_factory=list)


class CompiledShapes:
    """Every check of a shapes graph, ready to run on a pyoxigraph store holding one shard."""

    def __init__(self, shapes: Graph):
        self.g = shapes
        self.prefixes = self._prefixes()
        self.node_shapes: dict = {}
        for s in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
            self.node_shapes[s] = self._node_shape(s)

    # -- reading the shapes ------------------------------------------------------------------
    def _prefixes(self) -> str:
        out = {}
        for d in self.g.objects(None, SH.declare):
            out[str(self.g.value(d, SH.prefix))] = str(self.g.value(d, SH.namespace))
        return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(out.items()))

    def _severity(self, node, default: str = "Violation") -> str:
        sev = self.g.value(node, SH.severity)
        return str(sev).split("#")[-1] if sev is not None else default

    def _name(self, s) -> str:
        return str(s).split("#")[-1] if isinstance(s, URIRef) else "anonymous shape"

    def _focus(self, s) -> str:
        g = self.g
        parts = []
        for c in g.objects(s, SH.targetClass):
            parts.append(f"{{ ?this a {_n3(c)} }}")
        for p in g.objects(s, SH.targetSubjectsOf):
            parts.append(f"{{ ?this {_n3(p)} [] }}")
        for t in g.objects(s, SH.target):
            if (t, RDF.type, SH.SPARQLTarget) not in g:
                raise Unsupported(f"target of {self._name(s)} is not a SPARQLTarget")
            parts.append(f"{{ {g.value(t, SH.select)} }}")
        if not parts:
            return ""
        return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }"

    def _node_shape(self, s) -> NodeShape:
        g = self.g
        for p in set(g.predicates(s)):
            if p not in SUPPORTED_NODE and not str(p).startswith((str(RDF), str(RDFS))):  # comments, labels
                raise Unsupported(f"{self._name(s)} uses {p}, which the SPARQL engine does not implement")
        ns = NodeShape(self._name(s), self._focus(s))
        severity = self._severity(s)
        for c in g.objects(s, SH.sparql):
            message = str(g.value(c, SH.message) or g.value(s, SH.message) or "")
            inner = str(g.value(c, SH.select)).replace("$this", "?this")
            ns.checks.append(Check(ns.name, severity, None, message, f"SELECT * WHERE {{ {FOCUS} {{ {inner} }} }}",
                                   source=str(s) if isinstance(s, URIRef) else None))
        for ps in sorted(g.objects(s, SH.property), key=lambda x: str(g.value(x, SH.name))):
            ns.checks.extend(self._property(ns, ps, severity))
        return ns

    def _property(self, ns: NodeShape, ps, node_severity: str) -> list[Check]:
        g = self.g
        for p in set(g.predicates(ps)):
            if p not in SUPPORTED_PROPERTY:
                raise Unsupported(f"property shape {g.value(ps, SH.name)} of {ns.name} uses {p}")
        path = g.value(ps, SH.path)
        if not isinstance(path, URIRef):
            raise Unsupported(f"property shape {g.value(ps, SH.name)} of {ns.name}: only predicate paths")
        name = g.value(ps, SH.name)
        shape = f"{ns.name}/{name}" if name else ns.name
        sev = self._severity(ps, node_severity)
        msg = str(g.value(ps, SH.message) or "")
        P = _n3(path)
        out = []

        source = str(ps) if isinstance(ps, URIRef) else None

        def check(component, q):
            out.append(Check(shape, sev, str(path), msg, q, component=component, source=source))

        lo = g.value(ps, SH.minCount)
        if lo is not None and int(lo) > 0:
            check("MinCountConstraintComponent",
                  f"SELECT ?this WHERE {{ {FOCUS} FILTER NOT EXISTS {{ ?this {P} ?v }} }}" if int(lo) == 1 else
                  f"SELECT ?this WHERE {{ {FOCUS} OPTIONAL {{ ?this {P} ?v }} }} GROUP BY ?this "
                  f"HAVING (COUNT(DISTINCT ?v) < {int(lo)})")
        hi = g.value(ps, SH.maxCount)
        if hi is not None:
            check("MaxCountConstraintComponent", f"SELECT ?this WHERE {{ {FOCUS} ?this {P} ?v }} GROUP BY ?this "
                  f"HAVING (COUNT(DISTINCT ?v) > {int(hi)})")
        values = f"{FOCUS} ?this {P} ?value ."
        for c in g.objects(ps, SH["class"]):
            check("ClassConstraintComponent",
                  f"SELECT ?this ?value WHERE {{ {values} FILTER NOT EXISTS {{ ?value a {_n3(c)} }} }}")
        dt = g.value(ps, SH.datatype)
        if dt is not None:
            check("DatatypeConstraintComponent", f"SELECT ?this ?value WHERE {{ {values} "
                  f"FILTER (!isLiteral(?value) || datatype(?value) != {_n3(dt)} || "
                  f"(datatype(?value) = <{RDF.langString}> && lang(?value) = \"\")) }}")
        langs = g.value(ps, SH.languageIn)
        if langs is not None:
            tags = [str(x) for x in Collection(g, langs)]
            test = " || ".join(f'langMatches(lang(?value), "{t}")' for t in tags) or "false"
            check("LanguageInConstraintComponent",
                  f"SELECT ?this ?value WHERE {{ {values} FILTER (!isLiteral(?value) || !({test})) }}")
        members = g.value(ps, SH["in"])
        if members is not None:
            listed = ", ".join(_n3(x) for x in Collection(g, members))
            check("InConstraintComponent", f"SELECT ?this ?value WHERE {{ {values} FILTER (?value NOT IN ({listed})) }}")
        pattern = g.value(ps, SH.pattern)
        if pattern is not None:
            flags = g.value(ps, SH.flags)
            args = f'{Literal(str(pattern)).n3()}' + (f', "{flags}"' if flags else "")
            check("PatternConstraintComponent",
                  f"SELECT ?this ?value WHERE {{ {values} FILTER (isBlank(?value) || !regex(str(?value), {args})) }}")
        low = g.value(ps, SH.minInclusive)
        if low is not None:
            check("MinInclusiveConstraintComponent",
                  f"SELECT ?this ?value WHERE {{ {values} FILTER (!(?value >= {_n3(low)})) }}")
        qualified = g.value(ps, SH.qualifiedValueShape)
        if qualified is not None:
            cond = self._value_condition(qualified, f"{ns.name}/{name}")
            qlo, qhi = g.value(ps, SH.qualifiedMinCount), g.value(ps, SH.qualifiedMaxCount)
            if qlo is not None and int(qlo) > 0:
                check("QualifiedMinCountConstraintComponent",
                      f"SELECT ?this WHERE {{ {FOCUS} OPTIONAL {{ ?this {P} ?v FILTER ({cond}) }} }} GROUP BY ?this "
                      f"HAVING (COUNT(DISTINCT ?v) < {int(qlo)})")
            if qhi is not None:
                check("QualifiedMaxCountConstraintComponent",
                      f"SELECT ?this WHERE {{ {FOCUS} ?this {P} ?v FILTER ({cond}) }} GROUP BY ?this "
                      f"HAVING (COUNT(DISTINCT ?v) > {int(qhi)})")
        node = g.value(ps, SH.node)
        if node is not None:
            out.append(Check(shape, sev, str(path), msg, "", node, component="NodeConstraintComponent", source=source))
        return out

    def _value_condition(self, shape, where: str) -> str:
        """A qualified value shape as a SPARQL condition on ``?v`` (true when ``?v`` conforms)."""
        g = self.g
        tests = []
        for p, o in sorted(g.predicate_objects(shape)):
            if p == SH.languageIn:
                tags = [str(x) for x in Collection(g, o)]
                tests.append("(isLiteral(?v) && (" + (" || ".join(f'langMatches(lang(?v), "{t}")' for t in tags)
                                                      or "false") + "))")
            elif p == SH.datatype:
                tests.append(f"(isLiteral(?v) && datatype(?v) = {_n3(o)} && "
                             f"!(datatype(?v) = <{RDF.langString}> && lang(?v) = \"\"))")
            elif p != RDF.type:
                raise Unsupported(f"qualified value shape of {where} uses {p}")
        return " && ".join(tests) or "true"

    # -- running ------------------------------------------------------------------------------
    def run(self, store) -> list[tuple[Check, str, dict, list]]:
        """Every result of every shape on ``store``: (check, focus IRI, template bindings, the results
        nested under it — an sh:node shape's results on the value, pySHACL's sh:detail)."""
        out = []
        for ns in self.node_shapes.values():
            if ns.focus:
                for c in ns.checks:
                    out.extend(self._results(store, c, ns.focus))
        return out

    def _results(self, store, c: Check, focus: str) -> list[tuple[Check, str, dict, list]]:
        if c.node is not None:
            # sh:node: a value failing the other shape fails this constraint; the other shape's own
            # results are nested under it (sh:detail), not results of their own
            target = self.node_shapes[c.node]
            pairs = [(_value(r["this"]), r["value"]) for r in store.query(
                self.prefixes + f"SELECT DISTINCT ?this ?value WHERE {{ {focus} ?this <{c.path}> ?value . }}")]
            if not pairs:
                return []
            values = "{ VALUES ?this { " + " ".join(sorted({str(v) for _, v in pairs})) + " } }"
            nested = [r for tc in target.checks for r in self._results(store, tc, values)]
            out = []
            for f, v in pairs:
                details = [r for r in nested if r[1] == _value(v)]
                if details:
                    out.append((c, f, {"value": _value(v), VALUE_TERM: str(v)}, details))
            return out
        result = store.query(self.prefixes + c.query.replace(FOCUS, focus))
        names = [v.value for v in result.variables]
        return [(c, _value(row["this"]), {**{n: _value(row[n]) for n in names if row[n] is not None},
                                          **({VALUE_TERM: str(row["value"])} if "value" in names and row["value"] is not None
                                             else {})}, []) for row in result]


def _value(term) -> str:
    return getattr(term, "value", str(term))


_TEMPLATE = re.compile(r"\{[?$](\w+)\}")


def fill(message: str, bindings: dict) -> str:
    """A message with its ``{?var}`` placeholders replaced by the row's values (as pySHACL does)."""
    return _TEMPLATE.sub(lambda m: bindings.get(m.group(1), m.group(0)), message)
