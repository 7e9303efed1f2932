"""Validate a built dataset with the SHACL shapes in ``shapes/`` (pySHACL), plan by plan.

Each plan's named graph is validated on its own with ``shapes/plan-shapes.ttl`` (plus the
type and label triples of the registry it refers to), the registry graph once with
``shapes/registry-shapes.ttl``; the ontology graph drives rdfs:subClassOf inference.  Cost
grows with the number of plans and the shards run on several processes.  When the caller passes the
build's DCAT / VoID description (``out/dataset.ttl``), it is one more shard, keyed ``dataset``, checked
with ``shapes/dataset-shapes.ttl`` — always by pySHACL (the SPARQL compiler lacks sh:or and sh:class
on a node shape, which those shapes use; the description is small, ~20 KB, ~0.1 s).  The shapes
themselves are checked first — against the SHACL vocabulary and the SHACL-SHACL meta shapes,
and every ``zwgk:`` term against the ontology — so a typo fails loudly instead of checking nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.util import from_n3
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, SKOS

from .emitter import ontology_path
from .errors import UsageError, ZwgkError
from .namespaces import ZWGK
from .parallel import imap

SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
RANK = {"Violation": 0, "Warning": 1, "Info": 2}


class BrokenShapes(ZwgkError):
    """The shapes files are not valid SHACL or name terms the ontology lacks."""


def shapes_dir() -> Path:
    """Return the repository's shapes/ folder."""
    return Path(__file__).resolve().parent.parent / "shapes"


@dataclass
class Result:
    """One validation result, with the node described in words."""

    plan: str             # plan key, "registry", or "dataset" (the DCAT / VoID description)
    severity: str
    focus: str
    path: str | None
    message: str
    shape: str
    node: str             # the focus node in words
    component: str | None = None   # the SHACL constraint component, e.g. MinCountConstraintComponent
    value: str | None = None       # the value that failed (N-Triples term), where there is one
    source: str | None = None      # the source shape's IRI, where it has one
    details: list = field(default_factory=list)   # results of an sh:node shape that made this one (sh:detail)

    @classmethod
    def from_dict(cls, d: dict) -> "Result":
        return cls(**{**d, "details": [cls.from_dict(x) for x in d.get("details", [])]})

    def flat(self) -> list["Result"]:
        """This result and, depth first, the results nested under it."""
        return [self] + [n for d in self.details for n in d.flat()]


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)
    plans: list[str] = field(default_factory=list)
    described: bool = False   # the dataset description was validated too (the "dataset" shard)

    def keys(self) -> list[str]:
        """The shards in report order: the plans, the registry, then the description when checked."""
        return self.plans + ["registry"] + (["dataset"] if self.described else [])

    def count(self, severity: str, plan: str | None = None) -> int:
        return sum(1 for r in self.results if r.severity == severity and (plan is None or r.plan == plan))

    def conforms(self, fail_on: str = "violation") -> bool:
        """True when no result reaches the fail-on level (violation, or warning and worse)."""
        limit = RANK["Warning" if fail_on == "warning" else "Violation"]
        return not any(RANK[r.severity] <= limit for r in self.results)


# -- shapes -------------------------------------------------------------------------
def _shacl_terms() -> set[str]:
    names = set(SH.__annotations__) | set(getattr(SH, "_extras", []))
    return {str(SH) + n for n in names}


#: shapes files load_shapes reads: plan and registry are required, dataset (the description's) is optional
SHAPES_FILES = {"plan": True, "registry": True, "dataset": False}


def load_shapes(folder: Path | None = None) -> dict[str, Graph]:
    """Load and check plan-shapes.ttl, registry-shapes.ttl and, when the folder has it, dataset-shapes.ttl
    (key ``dataset``; a folder without it checks no description); raise BrokenShapes on any problem."""
    folder = folder or shapes_dir()
    onto = Graph().parse(ontology_path(), format="turtle")
    known_zwgk = {str(s) for s in onto.subjects() if str(s).startswith(str(ZWGK))}
    shacl_terms = _shacl_terms()
    out = {}
    for name, required in SHAPES_FILES.items():
        path = folder / f"{name}-shapes.ttl"
        if not required and not path.exists():
            continue
        try:
            g = Graph().parse(path, format="turtle")
        except FileNotFoundError:
            raise BrokenShapes("shapes file missing", path)
        except Exception as exc:  # rdflib raises many parser error types
            raise BrokenShapes(f"not valid Turtle: {str(exc).splitlines()[0]}", path)
        for t in set(g.predicates()) | set(g.objects()):
            if isinstance(t, URIRef) and str(t).startswith(str(SH)) and str(t) not in shacl_terms:
                raise BrokenShapes(f"unknown SHACL term {t.n3(g.namespace_manager)}", path)
            if isinstance(t, URIRef) and str(t).startswith(str(ZWGK)) and str(t) not in known_zwgk:
                raise BrokenShapes(f"term {t.n3(g.namespace_manager)} is not in the ontology", path)
        for ps in set(g.objects(None, SH.property)):
            if g.value(ps, SH.name) is None or g.value(ps, SH.message) is None:
                raise BrokenShapes(f"a property constraint on {g.value(ps, SH.path).n3(g.namespace_manager)} "
                                   "lacks sh:name or sh:message", path)
        from pyshacl import validate as shacl_validate
        try:
            shacl_validate(Graph(), shacl_graph=g, meta_shacl=True, advanced=True)
        except Exception as exc:
            raise BrokenShapes(f"not valid SHACL: {str(exc).splitlines()[0]}", path)
        out[name] = g
    return out


# -- shards -------------------------------------------------------------------------
_IRI = re.compile(r"<([^>]*)>")


def _registry_context(registry: Graph) -> Graph:
    """What a plan shard needs of the registry: types and labels of agencies, jurisdictions, concepts."""
    g = Graph()
    for s, p, o in registry:
        if p == RDF.type and o != ZWGK.Plan:
            g.add((s, p, o))
        elif p in (RDFS.label, SKOS.prefLabel):
            if (s, RDF.type, ZWGK.Plan) not in registry:
                g.add((s, p, o))
    return g


def superclasses(onto: Graph) -> dict:
    """Map each class of the ontology to all its named superclasses (rdfs:subClassOf, transitively)."""
    direct: dict = {}
    for c, sup in onto.subject_objects(RDFS.subClassOf):
        if isinstance(sup, URIRef):
            direct.setdefault(c, set()).add(sup)
    closure = {}
    for c in direct:
        seen, todo = set(), list(direct[c])
        while todo:
            x = todo.pop()
            if x not in seen:
                seen.add(x)
                todo.extend(direct.get(x, ()))
        closure[c] = seen
    return closure


def infer_classes(data: Graph, supers: dict) -> None:
    """Add the superclass types the ontology implies (a CollectiveAgency is an Agency)."""
    for s, c in list(data.subject_objects(RDF.type)):
        for sup in supers.get(c, ()):
            data.add((s, RDF.type, sup))


def shard_graph(data_nt: str, onto_ttl: str) -> Graph:
    """What the shapes see of a shard: its triples plus the superclass types the ontology implies
    (rdfs:subClassOf only: cheaper than a full RDFS closure, and what the shapes rely on)."""
    data = Graph().parse(data=data_nt, format="nt")
    infer_classes(data, superclasses(Graph().parse(data=onto_ttl, format="turtle")))
    return data


def _run_shard(args) -> list[dict]:
    key, data_nt, shapes_ttl, onto_ttl = args
    from pyshacl import validate as shacl_validate

    data = shard_graph(data_nt, onto_ttl)
    name_of = describe_description if key == "dataset" else describe
    shapes = Graph().parse(data=shapes_ttl, format="turtle")
    _, results, text = shacl_validate(data, shacl_graph=shapes, inference="none", advanced=True,
                                      allow_infos=True, allow_warnings=True)
    if not isinstance(results, Graph):
        raise BrokenShapes(f"validation of {key} failed: {str(getattr(results, 'message', text)).splitlines()[0]}")
    def read(r) -> dict:
        focus = results.value(r, SH.focusNode)
        sev = SEVERITIES.get(results.value(r, SH.resultSeverity), "Violation")
        msgs = sorted(str(m) for m in results.objects(r, SH.resultMessage))
        path = results.value(r, SH.resultPath)
        shape = results.value(r, SH.sourceShape)
        shape_name = str(shape).split("#")[-1] if isinstance(shape, URIRef) else _parent_shape(shapes, shape)
        component = results.value(r, SH.sourceConstraintComponent)
        value = results.value(r, SH.value)
        return dict(plan=key, severity=sev, focus=str(focus), path=str(path) if path else None,
                    message=" | ".join(msgs), shape=shape_name, node=name_of(data, focus),
                    component=str(component).split("#")[-1] if component is not None else None,
                    value=value.n3() if value is not None and not isinstance(value, BNode) else None,
                    source=str(shape) if isinstance(shape, URIRef) else None,
                    details=sorted((read(d) for d in results.objects(r, SH.detail)), key=_order))
    # the report's own results; those under sh:detail come with the result they explain
    report_node = results.value(predicate=RDF.type, object=SH.ValidationReport, any=False)
    return [read(r) for r in results.objects(report_node, SH.result)]


def _order(d: dict):
    return (d["shape"], d["focus"], d["path"] or "", d["message"])


@lru_cache(maxsize=4)
def _compiled(shapes_ttl: str):
    from .shacl_sparql import CompiledShapes

    return CompiledShapes(Graph().parse(data=shapes_ttl, format="turtle"))


@lru_cache(maxsize=4)
def _supers_values(onto_ttl: str) -> str:
    pairs = sorted((str(c), str(sup)) for c, sups in superclasses(Graph().parse(data=onto_ttl, format="turtle")).items()
                   for sup in sups)
    return " ".join(f"(<{c}> <{sup}>)" for c, sup in pairs)


def _run_shard_sparql(args) -> list[dict]:
    """The same shard checked by the shapes compiled to SPARQL, on an in-memory Oxigraph store."""
    key, data_nt, shapes_ttl, onto_ttl = args
    import pyoxigraph as ox

    from .shacl_sparql import VALUE_TERM, fill

    store = ox.Store()
    store.load(input=data_nt, format=ox.RdfFormat.N_TRIPLES)
    pairs = _supers_values(onto_ttl)
    if pairs:
        store.update("INSERT { ?s a ?sup } WHERE { VALUES (?c ?sup) { " + pairs + " } ?s a ?c }")
    view = _StoreView(store)

    def read(check, focus, bindings, details) -> dict:
        return dict(plan=key, severity=check.severity, focus=focus, path=check.path,
                    message=fill(check.message, bindings), shape=check.shape, node=describe(view, URIRef(focus)),
                    component=check.component, source=check.source,
                    # a node shape's value node is its focus node (SHACL §5.3.2), as pySHACL reports it
                    value=bindings.get(VALUE_TERM) or (f"<{focus}>" if check.path is None else None),
                    details=sorted((read(*d) for d in details), key=_order))
    return [read(*r) for r in _compiled(shapes_ttl).run(store)]


class _StoreView:
    """``value`` and ``in`` over a pyoxigraph store, for :func:`describe`."""

    def __init__(self, store):
        import pyoxigraph as ox

        self.store, self.ox = store, ox

    def _term(self, t):
        return self.ox.NamedNode(str(t))

    def value(self, s, p):
        if s is None:
            return None
        for q in self.store.quads_for_pattern(self._term(s), self._term(p), None, None):
            o = q.object
            return URIRef(o.value) if isinstance(o, self.ox.NamedNode) else Literal(o.value, lang=o.language)
        return None

    def objects(self, s, p):
        for q in self.store.quads_for_pattern(self._term(s), self._term(p), None, None):
            o = q.object
            yield URIRef(o.value) if isinstance(o, self.ox.NamedNode) else Literal(o.value, lang=o.language)

    def __contains__(self, triple):
        s, p, o = triple
        return any(True for _ in self.store.quads_for_pattern(self._term(s), self._term(p), self._term(o), None))


def _parent_shape(shapes: Graph, node) -> str:
    for s in shapes.subjects(SH.property, node):
        name = shapes.value(node, SH.name)
        return f"{str(s).split('#')[-1]}/{name}" if name else str(s).split("#")[-1]
    return "anonymous shape"


def _one(g, s, p):
    """One value of a property, the same whichever store holds the graph: the smallest, @zh first."""
    if s is None:
        return None
    values = sorted(g.objects(s, p), key=lambda x: (getattr(x, "language", None) not in (None, "zh"), str(x)))
    return values[0] if values else None


def describe(g: Graph, node) -> str:
    """Name a node in words: plan key and title, theme ordinal, item number, agency name."""
    if node is None:
        return ""
    s = str(node)
    plan = _one(g, node, ZWGK.plan)
    if (node, RDF.type, ZWGK.Obligation) in g:
        req = _one(g, node, ZWGK.requirement)
        agency = _one(g, _one(g, node, ZWGK.agency), RDFS.label) or _one(g, node, ZWGK.asWritten)
        role = str(_one(g, node, ZWGK.role) or "").split("#")[-1]
        return f"{describe(g, req)} · {agency or '?'} ({role})"
    if (node, RDF.type, ZWGK.Requirement) in g:
        theme = _one(g, node, ZWGK.theme)
        t = _one(g, theme, ZWGK.ordinal) or _one(g, theme, RDFS.label) or "?"
        item = _one(g, node, ZWGK.ordinal)
        line = _one(g, node, ZWGK.sourceLine)
        where = f"第{item}项 item {item}" if item else f"第{line}行 line {line}"
        return f"{_plan_name(g, plan)} · {t} · {where}"
    if (node, RDF.type, ZWGK.Theme) in g:
        t = _one(g, node, ZWGK.ordinal) or _one(g, node, RDFS.label)
        return f"{_plan_name(g, plan)} · 工作任务 theme {t}"
    if (node, RDF.type, ZWGK.Plan) in g or _one(g, node, ZWGK.layout) is not None:
        return _plan_name(g, node)
    labels = sorted(g.objects(node, RDFS.label), key=lambda x: (getattr(x, "language", None) != "zh", str(x)))
    label = labels[0] if labels else None
    return f"{label} <{s.rsplit('/id/', 1)[-1]}>" if label else s


def describe_description(g: Graph, node) -> str:
    """Name a node of the dataset description: its dcterms:title (@zh first) and its IRI after …/id/;
    a node without a title (a checksum) by the titled node that points to it."""
    if node is None:
        return ""
    short = str(node).rsplit("/id/", 1)[-1]
    title = _one(g, node, DCTERMS.title)
    if title is not None:
        return f"{title} <{short}>"
    for s, p in sorted(g.subject_predicates(node)):
        if _one(g, s, DCTERMS.title) is not None:
            return f"{describe_description(g, s)} · {re.split('[#/]', str(p))[-1]}"
    return str(node)


def _plan_name(g: Graph, plan) -> str:
    if plan is None:
        return "?"
    title = _one(g, plan, DCTERMS.title)
    return f"{str(plan).rsplit('/plan/', 1)[-1]} 《{title}》" if title else str(plan)


ENGINES = {"sparql": _run_shard_sparql, "pyshacl": _run_shard}


def validate_graph(data: Graph, kind: str, shapes: dict[str, Graph] | None = None, key: str = "test",
                   engine: str = "sparql") -> list[Result]:
    """Validate one graph with the plan, registry or dataset shapes (what a shard does); used by tests and
    tools.  The dataset shapes always run on pySHACL, as in :func:`validate`."""
    shapes = shapes or load_shapes()
    onto = Graph().parse(ontology_path(), format="turtle")
    if kind == "dataset":
        engine, key = "pyshacl", "dataset"
    chunk = ENGINES[engine]((key, data.serialize(format="nt"), shapes[kind].serialize(format="turtle"),
                        onto.serialize(format="turtle")))
    return [Result.from_dict(r) for r in chunk]


def load_dataset(path: str | Path):
    """Open a dataset for validation, read-only: a TriG file (into memory) or a store spec ``oxigraph:DIR``
    (an existing store; none is created where there is none)."""
    from .datasets import open_existing_store

    return open_existing_store(path)


def _store(store):
    if isinstance(store, Dataset):
        from .stores import MemoryStore

        return MemoryStore.from_dataset(store)
    return store


def shards(store, shapes: dict[str, Graph] | None = None):
    """The shards a validation runs, as ``(key, data N-Triples, shapes Turtle, ontology Turtle)``: each
    plan graph with what it needs of the registry (the types and labels of the nodes it names — not the
    whole registry, which grows with the corpus: a shard's size stays that of its plan), then the registry."""
    shapes = shapes or load_shapes()
    store = _store(store)
    names = store.graph_names()
    registry_name = next((n for n in names if n.endswith("/graph/registry")), None)
    registry = store.graph(registry_name) if registry_name else Graph()
    onto_name = next((n for n in names if n.endswith("/graph/ontology")), None)
    onto = store.graph(onto_name) if onto_name else Graph().parse(ontology_path(), format="turtle")
    onto_ttl = onto.serialize(format="turtle")
    context: dict[str, list[str]] = {}
    for line in _registry_context(registry).serialize(format="nt").splitlines():
        if line.startswith("<"):
            context.setdefault(line[1:line.index(">")], []).append(line + "\n")
    plan_ttl = shapes["plan"].serialize(format="turtle")
    plan_names = [n for n in names if "/graph/plan/" in n]
    if not plan_names:
        raise UsageError("the dataset holds no plan graph (…/graph/plan/…)")
    registry_ttl = shapes["registry"].serialize(format="turtle")
    for name in plan_names:
        data = store.nt(name)
        named = sorted(set(_IRI.findall(data)) & context.keys())
        yield name.rsplit("/graph/plan/", 1)[-1], data + "".join(x for i in named for x in context[i]), plan_ttl, onto_ttl
    yield "registry", registry.serialize(format="nt"), registry_ttl, onto_ttl


def description_shard(description: Graph, shapes: dict[str, Graph], onto_ttl: str | None = None):
    """The ``dataset`` shard: the DCAT / VoID description with shapes/dataset-shapes.ttl (and the ontology,
    for the same rdfs:subClassOf step as the other shards: it names no class of the ontology, so it adds nothing)."""
    onto_ttl = onto_ttl or Graph().parse(ontology_path(), format="turtle").serialize(format="turtle")
    return "dataset", description.serialize(format="nt"), shapes["dataset"].serialize(format="turtle"), onto_ttl


def validate(store, shapes: dict[str, Graph] | None = None, jobs: int = 1, engine: str = "sparql",
             description: Graph | None = None) -> Report:
    """Validate every plan graph of a store (or an rdflib Dataset) and its registry; return the report.

    ``engine``: ``sparql`` (the shapes compiled to SPARQL on Oxigraph: ~20 ms a plan) or ``pyshacl``
    (the reference implementation: ~2 s a plan); both give the same results (tested).

    ``description``: the build's DCAT / VoID description (out/dataset.ttl, parsed), validated as one more
    shard keyed ``dataset`` with the shapes' ``dataset`` graph (shapes/dataset-shapes.ttl) — always with
    pySHACL, whatever ``engine`` says (those shapes use sh:or and sh:class on a node shape, which the SPARQL
    compiler lacks; the description is small).  Skipped when the shapes have no ``dataset`` graph (a
    ``--shapes`` folder without dataset-shapes.ttl).  The library reads no file: the caller finds it.
    """
    if engine not in ENGINES:
        raise UsageError(f"unknown validation engine {engine!r}: use sparql or pyshacl")
    store, report = _store(store), Report()

    def named(work):                  # shards are made lazily: a shard's size stays that of its plan
        for shard in work:
            if shard[0] != "registry":
                report.plans.append(shard[0])
            yield shard
    plans = sum(1 for n in store.graph_names() if "/graph/plan/" in n)
    shapes = shapes or load_shapes()
    for chunk in imap(ENGINES[engine], named(shards(store, shapes)), jobs if plans > 1 else 1):
        report.results.extend(Result.from_dict(r) for r in chunk)
    if description is not None and "dataset" in shapes:
        report.described = True
        report.results.extend(Result.from_dict(r) for r in _run_shard(description_shard(description, shapes)))
    report.results.sort(key=lambda r: (r.plan, RANK[r.severity], r.shape, r.focus, r.message))
    return report


# -- formats ------------------------------------------------------------------------
def to_json(report: Report) -> str:
    counts = {p: {s: report.count(s, p) for s in RANK} for p in report.keys()}
    return json.dumps({"counts": counts, "results": [asdict(r) for r in report.results]},
                      ensure_ascii=False, indent=2) + "\n"


def to_turtle(report: Report) -> str:
    """The results as a SHACL validation report graph.  ``sh:conforms`` is false whenever there is a
    result, of any severity, as the SHACL spec says (§3.6.1); ``--fail-on`` decides only the exit code."""
    g = Graph()
    g.bind("sh", SH)
    rep = URIRef("urn:zwgk:validation-report")
    g.add((rep, RDF.type, SH.ValidationReport))
    g.add((rep, SH.conforms, Literal(not report.results)))
    for n, r in enumerate(report.results, start=1):
        node = URIRef(f"urn:zwgk:validation-result:{n}")
        g.add((rep, SH.result, node))
        _result_triples(g, node, r)
    return g.serialize(format="turtle")


def _result_triples(g: Graph, node: URIRef, r: Result) -> None:
    """One result's triples; the results under it (an sh:node shape's) as its sh:detail."""
    g.add((node, RDF.type, SH.ValidationResult))
    g.add((node, SH.focusNode, URIRef(r.focus)))
    g.add((node, SH.resultSeverity, SH[r.severity]))
    g.add((node, SH.resultMessage, Literal(r.message)))
    g.add((node, SH.sourceConstraintComponent, SH[r.component or "SPARQLConstraintComponent"]))
    if r.source:
        g.add((node, SH.sourceShape, URIRef(r.source)))
    else:                 # an anonymous (property) shape: described by its path and name
        shape = BNode()
        g.add((node, SH.sourceShape, shape))
        if r.path:
            g.add((shape, SH.path, URIRef(r.path)))
        g.add((shape, SH.name, Literal(r.shape)))
    if r.path:
        g.add((node, SH.resultPath, URIRef(r.path)))
    if r.value:
        g.add((node, SH.value, from_n3(r.value)))
    for i, d in enumerate(r.details, start=1):
        child = URIRef(f"{node}.{i}")
        g.add((node, SH.detail, child))
        _result_triples(g, child, d)


def to_junit(report: Report, fail_on: str = "violation") -> str:
    """JUnit XML: a test suite per plan, a failing test case per result at or above the fail-on level."""
    limit = RANK["Warning" if fail_on == "warning" else "Violation"]
    suites = []
    for plan in report.keys():
        rs = [r for r in report.results if r.plan == plan]
        failing = [r for r in rs if RANK[r.severity] <= limit]
        cases = [f'    <testcase classname={quoteattr("zwgk." + plan)} name={quoteattr(r.shape + " " + r.focus)}>'
                 f'<failure type={quoteattr(r.severity)} message={quoteattr(r.message)}>{escape(r.node)}</failure>'
                 f'</testcase>' for r in failing]
        if not failing:
            cases = [f'    <testcase classname={quoteattr("zwgk." + plan)} name="conforms"/>']
        suites.append(f'  <testsuite name={quoteattr(plan)} tests="{len(cases)}" failures="{len(failing)}">\n'
                      + "\n".join(cases) + "\n  </testsuite>")
    return '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="zwgk validate">\n' + "\n".join(suites) + "\n</testsuites>\n"
