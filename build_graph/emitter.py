"""Turn parsed plans into RDF: the only module that knows the ontology's terms.

One named graph per plan (plan node, themes, requirements, obligations, repairs,
open questions), one registry graph (agencies, jurisdictions, vocabularies, higher-
level plans the corpus lacks, the dataset description), one ontology graph.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import DCTERMS as _DCTERMS, ORG as _ORG, PROV as _PROV, RDF as _RDF, RDFS as _RDFS, \
    SKOS as _SKOS, XSD as _XSD

from . import agencies as ag
from . import english as english_label
from .jurisdictions import Jurisdiction, get as get_jurisdiction, placeholder
from .namespaces import LICENCE, deadline_names, note_names
from .namespaces import DCAT as _DCAT, EVIDENCE, FREQUENCIES, LEVELS, ROLE_BASES, ROLES, VOID as _VOID, ZWGK as _ZWGK, \
    Ids, Plain
from .records import ParsedPlan, PlanMeta, RequirementRec, ThemeRec
from .temporal import Deadline, deadlines, frequencies
from .terms import Lit, Triples, boolean, en, from_rdflib, integer, typed, zh
from .textnorm import match_view

# the ontology's terms as plain strings (the emitter writes plain tuples: see terms.py)
ZWGK, RDF, RDFS, DCTERMS, PROV, ORG, SKOS, XSD, DCAT, VOID = map(
    Plain, (_ZWGK, _RDF, _RDFS, _DCTERMS, _PROV, _ORG, _SKOS, _XSD, _DCAT, _VOID))


def ontology_path() -> Path:
    """Return the ontology file shipped in ontology/ (repository) or with the package."""
    here = Path(__file__).resolve().parent.parent / "ontology" / "zwgk.ttl"
    if here.exists():
        return here
    return Path(str(resources.files("build_graph").joinpath("ontology/zwgk.ttl")))


@dataclass
class PlanInput:
    """Everything the emitter needs about one document."""

    path: Path
    sha256: str
    encoding: str
    parsed: ParsedPlan
    meta: PlanMeta
    key: str = ""                      # plan key, e.g. 440000-2017
    sidecar: Path | None = None


@dataclass
class Stats:
    """Per-plan counts for the summary table."""

    layout: str = ""
    themes: int = 0
    reconstructed: int = 0
    requirements: int = 0
    obligations: dict = field(default_factory=dict)     # role → n
    evidence: dict = field(default_factory=dict)        # evidence → n
    open_items: int = 0
    repairs: int = 0
    residue: int = 0
    no_lead: int = 0


class Emitter:
    """Accumulate plans into one dataset; call :meth:`finish` once, then read :attr:`ds`."""

    def __init__(self, base: str, keep_parsed: bool = True):
        self.ids = Ids(base)
        self.keep_parsed = keep_parsed     # keep each plan's parsed records (small corpora: tests, notebooks)
        self.registry = Triples()
        self.ontology = Graph()
        self.agencies: dict[tuple[str, str], ag.AgencyKey] = {}
        self.written: dict[tuple[str, str], set[str]] = {}
        self.slugs: dict[tuple[str, str], str] = {}
        self.slug_owner: dict[tuple[str, str], tuple[str, str]] = {}
        self.units: dict[tuple[str, str], tuple[str, str]] = {}     # sub-unit → its body
        self.jurisdictions: set[str] = set()
        self.placeholders: dict[str, str] = {}     # a document's unstated jurisdiction → its file name
        self.plans: dict[str, PlanInput] = {}
        self.referenced: dict[str, tuple] = {}
        self.stats: dict[str, Stats] = {}
        self.graph_triples: dict[str, int] = {}     # plan key → distinct triples of its graph

    # -- agencies ---------------------------------------------------------
    def agency(self, written: str, j: Jurisdiction, name: str | None = None) -> tuple[str, str]:
        """Register a written form (naming the body ``name`` if given); return its identity (jurisdiction, label)."""
        return self.register(written, _resolve(written, j, name))

    def register(self, written: str, key: ag.AgencyKey) -> tuple[str, str]:
        """Register a written form of the body ``key``; return its identity (jurisdiction, label)."""
        ident = (key.jurisdiction, key.label)
        self._register(ident, key)
        self.written.setdefault(ident, set()).add(written)
        if key.parent is not None:
            # the central body is written as the head of its branch's name: 人民银行 in 人民银行沈阳分行
            pid = (key.parent.jurisdiction, key.parent.label)
            self._register(pid, key.parent)
            head = ag.central_head(match_view(written))
            self.written.setdefault(pid, set()).add(written[: len(head)] if head else key.parent.label)
        self.jurisdictions.add(key.jurisdiction)
        return ident

    def _register(self, ident: tuple[str, str], key: ag.AgencyKey) -> None:
        """Give a new body its slug now, so every IRI is known while its plan is emitted.

        The slug is the pinyin of the department; two different names with the same pinyin in one
        jurisdiction (rare homophones) give the later one a hash suffix — documents are processed in
        sorted order, so the result depends on the documents, not on the run.
        """
        if ident in self.agencies:
            return
        self.agencies[ident] = key
        slug = key.slug
        if (key.jurisdiction, slug) in self.slug_owner and self.slug_owner[(key.jurisdiction, slug)] != ident:
            slug += "-" + hashlib.sha1(key.label.encode()).hexdigest()[:6]
        self.slug_owner[(key.jurisdiction, slug)] = ident
        self.slugs[ident] = slug

    def agency_iri(self, ident) -> str:
        return self.ids.agency(ident[0], self.slugs[ident])

    def agency_label(self, iri: str) -> str:
        """The canonical name of the agency ``iri`` (registered while its plan was emitted)."""
        return self.slug_owner[self.ids.agency_parts(iri)][1]

    # -- plans ------------------------------------------------------------
    def add_plan(self, plan: PlanInput) -> Triples:
        """Emit one parsed document; return its plan graph, complete (it needs nothing emitted later)."""
        meta, parsed, key = plan.meta, plan.parsed, plan.key
        ids = self.ids
        g = Triples()
        st = self.stats.setdefault(key, Stats())
        j = plan_jurisdiction(meta, plan.sha256)
        if j.level == "Unknown":
            self.placeholders[j.code] = plan.path.name
        self.jurisdictions.add(j.code)
        self.plans[key] = plan if self.keep_parsed else replace(plan, parsed=None)
        st.layout = parsed.layout
        p = ids.plan(key)
        g.add((p, RDF.type, ZWGK.Plan))
        if meta.title:
            g.add((p, DCTERMS.title, zh(meta.title)))
        if meta.year:
            g.add((p, ZWGK.year, typed(f"{meta.year:04d}", XSD.gYear)))
            if meta.year_basis and "year" not in meta.from_sidecar:
                g.add((p, ZWGK.yearBasis, en(meta.year_basis)))
        if meta.jurisdiction:
            g.add((p, ZWGK.jurisdiction, ids.jurisdiction(j.code)))
        g.add((p, ZWGK.layout, Lit(parsed.layout)))
        if parsed.numbering:
            g.add((p, ZWGK.numbering, Lit(parsed.numbering)))
        if parsed.column_header:
            g.add((p, ZWGK.columnHeader, zh(parsed.column_header)))
        g.add((p, ZWGK.namesLeads, boolean(parsed.uses_lead)))
        if meta.issued:
            g.add((p, DCTERMS.issued, typed(str(meta.issued), XSD.date)))
        if meta.published:
            g.add((p, ZWGK.published, typed(str(meta.published), XSD.date)))
        if meta.document_number:
            g.add((p, ZWGK.documentNumber, zh(meta.document_number)))
        if meta.issuer:
            g.add((p, ZWGK.issuedBy, self.agency_iri(self.agency(meta.issuer, j))))
        if meta.owner:
            g.add((p, ZWGK.ownedBy, self.agency_iri(self.agency(meta.owner, j))))
        for ref in meta.implements:
            rkey = f"{ref.jurisdiction}-{ref.year}"
            g.add((p, ZWGK.implements, ids.plan(rkey)))
            issuer = self.agency(ref.issued_by, get_jurisdiction(ref.jurisdiction)) if ref.issued_by else None
            prev = self.referenced.get(rkey)
            if prev is None or (ref.document_number and not prev[0].document_number):
                self.referenced[rkey] = (ref, issuer)
        src = ids.source(plan.sha256)
        g.add((p, PROV.wasDerivedFrom, src))
        g.add((src, RDF.type, ZWGK.SourceDocument))
        g.add((src, ZWGK.sha256, Lit(plan.sha256)))
        g.add((src, ZWGK.fileName, Lit(plan.path.name)))
        g.add((src, ZWGK.encoding, Lit(plan.encoding)))
        self._sidecar_facts(g, p, plan)

        # themes
        theme_iri: dict[tuple, str] = {}
        keys = _path_keys(parsed.themes)
        for t in parsed.themes:
            iri = ids.theme(key, keys[t.path])
            theme_iri[t.path] = iri
            g.add((iri, RDF.type, ZWGK.Theme))
            g.add((iri, ZWGK.plan, p))
            g.add((iri, ZWGK.position, integer(t.position)))
            if t.ordinal:
                g.add((iri, ZWGK.ordinal, zh(t.ordinal)))
            if t.reconstructed:
                g.add((iri, RDF.type, ZWGK.ReconstructedTheme))
                shown = t.ordinal or str(t.position)
                g.add((iri, RDFS.label, zh(f"{shown}（标题在原文中缺失）")))
                g.add((iri, RDFS.label, en(f"{shown} (heading missing in the source)")))
            else:
                g.add((iri, RDFS.label, zh(t.label or "")))
                g.add((iri, ZWGK.sourceLine, integer(t.line)))
            if t.parent:
                g.add((iri, ZWGK.parentTheme, theme_iri[t.parent]))
            st.themes += 1
            st.reconstructed += t.reconstructed

        # requirements
        req_keys = _requirement_keys(parsed.requirements, keys)
        req_iris = [ids.requirement(key, k) for k in req_keys]
        for n, r in enumerate(parsed.requirements):
            self._requirement(g, key, p, j, plan, r, req_keys[n], req_iris, theme_iri[r.theme], st)

        repairs = parsed.repairs + meta.repairs
        for name, rep in zip(note_names(repairs), repairs):
            self._note(g, p, ids.note(key, "repair", name), ZWGK.repair, ZWGK.Repair, rep.kind, rep.note, rep.line, {
                ZWGK.originalText: zh(rep.original), ZWGK.repairedText: zh(rep.repaired)})
        st.repairs = len(parsed.repairs) + len(meta.repairs)
        for name, q in zip(note_names(parsed.open_questions), parsed.open_questions):
            about = {ZWGK.about: req_iris[q.requirement]} if q.requirement is not None else {}
            self._note(g, p, ids.note(key, "open", name), ZWGK.openQuestion, ZWGK.OpenQuestion, q.kind, q.note, q.line, about)
        # open: what the builder could not read, and requirements no agency is assigned to
        st.open_items = len(parsed.open_questions) + sum(1 for r in parsed.requirements if r.assignment is None)
        self.graph_triples[key] = len(set(g))          # the registry's void:triples of the plan graph
        return g

    def _sidecar_facts(self, g: Triples, p: str, plan: PlanInput) -> None:
        meta = plan.meta
        if not meta.from_sidecar or plan.sidecar is None:
            return
        sc = self.ids.base[f"sidecar/{plan.sha256[:16]}"]
        g.add((sc, RDF.type, ZWGK.SidecarFile))
        g.add((sc, ZWGK.fileName, Lit(plan.sidecar.name)))
        g.add((sc, ZWGK.sha256, Lit(hashlib.sha256(plan.sidecar.read_bytes()).hexdigest())))
        props = {"title": DCTERMS.title, "year": ZWGK.year, "jurisdiction": ZWGK.jurisdiction, "issuer": ZWGK.issuedBy,
                 "issued": DCTERMS.issued, "published": ZWGK.published, "document_number": ZWGK.documentNumber}
        for fieldname in sorted(meta.from_sidecar):
            st = self.ids.base[f"plan/{plan.key}/sidecar/{fieldname.replace(':', '-')}"]
            g.add((st, RDF.type, RDF.Statement))
            g.add((st, RDF.subject, p))
            if fieldname.startswith("implements:"):
                g.add((st, RDF.predicate, ZWGK.implements))
                g.add((st, RDF.object, self.ids.plan(fieldname.split(":", 1)[1])))
            else:
                g.add((st, RDF.predicate, props[fieldname]))
                obj = g.value(p, props[fieldname])
                if obj is not None:
                    g.add((st, RDF.object, obj))
            g.add((st, PROV.wasDerivedFrom, sc))

    def _requirement(self, g, key, p, j, plan, r: RequirementRec, rkey, req_iris, theme, st: Stats) -> None:
        ids = self.ids
        iri = ids.requirement(key, rkey)
        g.add((iri, RDF.type, ZWGK.Requirement))
        g.add((iri, ZWGK.plan, p))
        g.add((iri, ZWGK.theme, theme))
        g.add((iri, ZWGK.text, zh(r.text)))
        g.add((iri, ZWGK.sourceLine, integer(r.line)))
        if r.ordinal:
            g.add((iri, ZWGK.ordinal, zh(r.ordinal)))
        rd = r.readings or read_requirement(r, j, plan.meta.year,
                                            _resolve(plan.meta.owner, j) if plan.meta.owner else None)
        for f in rd.frequencies:
            g.add((iri, ZWGK.frequency, FREQUENCIES[f]))
        for name, d in zip(deadline_names(rd.deadlines), rd.deadlines):
            node = ids.deadline(key, rkey, name)
            g.add((iri, ZWGK.deadline, node))
            g.add((node, RDF.type, ZWGK.Deadline))
            g.add((node, ZWGK.asWritten, zh(d.written)))
            if d.date:
                g.add((node, ZWGK.date, typed(str(d.date), XSD.date)))
            if d.within_days is not None:
                g.add((node, ZWGK.withinDays, integer(d.within_days)))
            if d.within_hours is not None:
                g.add((node, ZWGK.withinHours, integer(d.within_hours)))
            if d.working_days:
                g.add((node, ZWGK.workingDays, boolean(True)))
        st.requirements += 1
        if r.addressed_to_no_one:
            g.add((iri, ZWGK.addressedToNoOne, boolean(True)))
        if not r.assignments:
            st.no_lead += 1
            return
        for a in r.assignments:
            g.add((iri, ZWGK.assignmentText, zh(a.text)))
        roles = set()
        for d in rd.duties:
            ident = self.register(d.written, d.key)
            unit = None
            if d.unit_key is not None:
                unit = self.register(d.unit_written, d.unit_key)
                self.units[unit] = ident
            self._obligation(g, iri, ident, unit, r.assignments[d.assignment], d, req_iris)
            roles.add(d.role)
            st.obligations[d.role] = st.obligations.get(d.role, 0) + 1
            ev = r.assignments[d.assignment].evidence
            st.evidence[ev] = st.evidence.get(ev, 0) + 1
        if "Lead" not in roles and not ("Implement" in roles and plan.parsed.default_role == "Implement"):
            st.no_lead += 1

    # -- registry ----------------------------------------------------------
    @staticmethod
    def _note(g, plan, node, link, cls, kind, reason, line, extra) -> None:
        """A repair or an open question of the plan: kind, reason, line, and what else it says."""
        g.add((plan, link, node))
        g.add((node, RDF.type, cls))
        g.add((node, ZWGK.plan, plan))
        g.add((node, ZWGK.repairKind, Lit(kind)))
        g.add((node, ZWGK.reason, en(reason)))
        if line is not None:
            g.add((node, ZWGK.sourceLine, integer(line)))
        for pred, obj in extra.items():
            g.add((node, pred, obj))

    def _obligation(self, g, req, ident, unit, a, d, req_iris) -> None:
        ob = f"{req}/{d.role.lower()}/{ident[0]}-{self.slugs[ident]}"
        g.add((ob, RDF.type, ZWGK.Obligation))
        g.add((ob, ZWGK.requirement, req))
        g.add((ob, ZWGK.agency, self.agency_iri(ident)))
        g.add((ob, ZWGK.role, ROLES[d.role]))
        g.add((ob, ZWGK.evidence, EVIDENCE[a.evidence]))
        g.add((ob, ZWGK.roleBasis, ROLE_BASES[d.basis]))
        g.add((ob, ZWGK.asWritten, zh(d.phrase)))
        g.add((ob, ZWGK.sourceLine, integer(a.lines[0])))
        if a.read_from is not None:
            g.add((ob, ZWGK.readFrom, req_iris[a.read_from]))
        if unit is not None:
            g.add((ob, ZWGK.unit, self.agency_iri(unit)))

    # -- registry ----------------------------------------------------------
    def finish(self, sources: list[str]) -> tuple[Triples, Graph]:
        """Emit agencies, jurisdictions, referenced plans, vocabularies and the dataset description.

        Returns (registry graph, ontology graph).
        """
        ids, reg = self.ids, self.registry
        for ident, key in sorted(self.agencies.items()):
            iri = self.agency_iri(ident)
            reg.add((iri, RDF.type, ZWGK.Agency))
            if key.kind == "collective":
                reg.add((iri, RDF.type, ZWGK.CollectiveAgency))
            elif key.kind == "party":
                reg.add((iri, RDF.type, ZWGK.PartyOrgan))
            reg.add((iri, RDFS.label, zh(key.label)))
            english = english_label.agency(key)      # from our tables; pinyin where they fall short, marked
            reg.add((iri, RDFS.label, en(english.text)))
            reg.add((iri, ZWGK.englishLabelBasis, ZWGK[english.basis]))
            for w in sorted(self.written.get(ident, {key.label})):
                reg.add((iri, SKOS.altLabel, zh(w)))
            reg.add((iri, ZWGK.jurisdiction, ids.jurisdiction(key.jurisdiction)))
            self.jurisdictions.add(key.jurisdiction)
            if key.parent is not None:
                reg.add((iri, ORG.subOrganizationOf, self.agency_iri((key.parent.jurisdiction, key.parent.label))))
            if ident in self.units:
                reg.add((iri, ORG.subOrganizationOf, self.agency_iri(self.units[ident])))
        # plans named but not in the corpus
        for rkey, (ref, issuer) in sorted(self.referenced.items()):
            if rkey in self.plans:
                continue
            p = ids.plan(rkey)
            reg.add((p, RDF.type, ZWGK.Plan))
            reg.add((p, DCTERMS.title, zh(ref.title or f"{ref.year}年政务公开工作要点")))
            reg.add((p, ZWGK.year, typed(f"{ref.year:04d}", XSD.gYear)))
            reg.add((p, ZWGK.jurisdiction, ids.jurisdiction(ref.jurisdiction)))
            self.jurisdictions.add(ref.jurisdiction)
            if ref.document_number:
                reg.add((p, ZWGK.documentNumber, zh(ref.document_number)))
            if issuer is not None:
                reg.add((p, ZWGK.issuedBy, self.agency_iri(issuer)))
        self._jurisdictions()
        self._vocabularies()
        self._describe(sources)
        return self.registry, self.ontology

    def _jurisdictions(self) -> None:
        reg, ids = self.registry, self.ids
        todo = set(self.jurisdictions)
        done = set()
        while todo:
            code = todo.pop()
            if code in done:
                continue
            done.add(code)
            j = get_jurisdiction(code)
            iri = ids.jurisdiction(code)
            reg.add((iri, RDF.type, ZWGK.Jurisdiction))
            if j.level == "Unknown":
                name = self.placeholders.get(code, code)
                reg.add((iri, RDF.type, ZWGK.UnidentifiedJurisdiction))
                reg.add((iri, RDFS.label, zh(f"原文未写明的辖区（{name}）")))
            else:
                reg.add((iri, RDFS.label, zh(j.name)))
            reg.add((iri, RDFS.label, en(english_label.jurisdiction(j, self.placeholders.get(code, code)))))
            reg.add((iri, ZWGK.level, LEVELS[j.level]))
            if j.division_code:
                reg.add((iri, ZWGK.divisionCode, Lit(j.division_code)))
            if j.parent:
                reg.add((iri, ZWGK.parentJurisdiction, ids.jurisdiction(j.parent)))
                todo.add(j.parent)

    def _vocabularies(self) -> None:
        """The ontology's classes and properties → ontology graph; its SKOS vocabularies (roles, evidence,
        frequencies, levels, and functions.ttl / topics.ttl beside it) → registry graph."""
        og = self.ontology
        for path in sorted(ontology_path().parent.glob("*.ttl")):
            onto = _read_turtle(path)
            kinds = (_SKOS.Concept, _SKOS.ConceptScheme)
            concepts = {s for s, pr, o in onto if pr == _RDF.type and o in kinds}
            for s, pr, o in onto:
                if s in concepts:
                    self.registry.add((from_rdflib(s), from_rdflib(pr), from_rdflib(o)))
                else:
                    og.add((s, pr, o))

    def _describe(self, sources: list[str]) -> None:
        reg, ids = self.registry, self.ids
        d = ids.dataset
        reg.add((d, RDF.type, VOID.Dataset))
        reg.add((d, RDF.type, DCAT.Dataset))
        reg.add((d, DCTERMS.title, zh("政务公开工作要点分工方案知识图谱")))
        reg.add((d, DCTERMS.title, en("zwgk: knowledge graph of government-openness work plans")))
        reg.add((d, DCTERMS.description, en("Plans, themes, requirements, agencies and obligations read from the "
                                            "published 政务公开 work plans, with the evidence for each assignment.")))
        reg.add((d, DCTERMS.license, LICENCE))
        reg.add((d, VOID.vocabulary, str(_ZWGK)))
        for sha in sorted(sources):
            reg.add((d, PROV.wasDerivedFrom, ids.source(sha)))
        reg.add((d, VOID.uriSpace, Lit(str(ids.base))))
        for word in (zh("政务公开"), zh("政务公开工作要点"), en("government openness"), en("open government work plans")):
            reg.add((d, DCAT.keyword, word))
        for key in sorted(self.plans):
            subset = ids.plan_graph(key)
            reg.add((d, VOID.subset, subset))
            # each plan graph (and out/plans/KEY.ttl) described as a part of the dataset
            reg.add((subset, RDF.type, VOID.Dataset))
            reg.add((subset, VOID.triples, integer(self.graph_triples[key])))
            reg.add((subset, VOID.rootResource, ids.plan(key)))
            reg.add((subset, DCTERMS.license, LICENCE))
            reg.add((subset, DCTERMS.isPartOf, d))            # read alone, plans/KEY.ttl says what it is part of


def _read_turtle(path: Path) -> list[tuple]:
    """A Turtle file's triples as rdflib terms, parsed by pyoxigraph (ten times rdflib's speed: the
    ontology is read on every build)."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    def term(t):
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return BNode(t.value)
        if t.language:
            return Literal(t.value, lang=t.language)
        dt = t.datatype.value
        return Literal(t.value, datatype=None if dt == str(_XSD.string) else URIRef(dt))

    return [(term(t.subject), term(t.predicate), term(t.object))
            for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]


@dataclass
class Readings:
    """What a requirement says beyond its text, read without the corpus: frequencies, deadlines, and its
    duties as (agency as written, body, role, sub-unit as written, sub-unit's body).  Pure, so worker
    processes compute it (:func:`prepare`) and the emitter only registers and writes."""

    frequencies: list
    deadlines: list
    duties: list
    clean: str = ""           # the text as alignment compares it (linking.clean_for_matching)


@dataclass
class DutyReading:
    """One duty of a requirement, resolved: the agency as written and its body, and the rest as read."""

    written: str              # the body's name as printed (→ skos:altLabel)
    phrase: str               # the assignment's words naming it (→ zwgk:asWritten)
    key: ag.AgencyKey
    role: str
    basis: str
    unit_written: str | None
    unit_key: ag.AgencyKey | None
    assignment: int           # which of the requirement's assignments states it


def _resolve(written: str, j: Jurisdiction, name: str | None = None, owner: ag.AgencyKey | None = None) -> ag.AgencyKey:
    w = match_view(name or written)
    if owner is not None:
        unit = ag.internal_unit(w, owner)
        if unit is not None:
            return unit
    return ag.resolve(w, j)


def plan_jurisdiction(meta: PlanMeta, sha256: str) -> Jurisdiction:
    """The plan's jurisdiction, or its document's own placeholder when the text names none."""
    return get_jurisdiction(meta.jurisdiction) if meta.jurisdiction else placeholder(sha256)


def read_requirement(r: RequirementRec, j: Jurisdiction, year: int | None,
                     owner: ag.AgencyKey | None = None) -> Readings:
    """What a requirement says beyond its text: frequencies, deadlines (its own and its time-limit cell's),
    and its duties resolved to bodies."""
    view = match_view(r.text)
    duties = []
    for n, a in enumerate(r.assignments):
        for d in a.duties:
            unit_key = _resolve(d.unit, j, owner=owner) if d.unit else None
            duties.append(DutyReading(d.written, d.phrase, _resolve(d.written, j, d.name, owner), d.role, d.basis,
                                      d.unit, unit_key, n))
    from .linking import clean_for_matching

    freq = frequencies(view)
    due = deadlines(view, year)
    for cell in r.schedule:
        cv = match_view(cell)
        freq += [f for f in frequencies(cv) if f not in freq]
        read = deadlines(cv, year)
        due += read or ([] if frequencies(cv) else [Deadline(cell.strip())])
    return Readings(freq, due, duties, clean_for_matching(r.text))


def prepare(parsed: ParsedPlan, meta: PlanMeta, sha256: str = "") -> None:
    """Read every requirement's frequencies, deadlines and duties now (see :class:`Readings`)."""
    j = plan_jurisdiction(meta, sha256)
    owner = _resolve(meta.owner, j) if meta.owner else None
    for r in parsed.requirements:
        r.readings = read_requirement(r, j, meta.year, owner)


def _path_keys(themes: list[ThemeRec]) -> dict[tuple, str]:
    """Readable IRI keys for theme paths: the printed number where unique among siblings, else the position."""
    out: dict[tuple, str] = {}
    siblings: dict[tuple, list[ThemeRec]] = {}
    for t in themes:
        siblings.setdefault(t.path[:-1], []).append(t)
    for parent, ts in siblings.items():
        numbers = [t.number for t in ts]
        for t in ts:
            use = t.number if t.number is not None and numbers.count(t.number) == 1 else t.position
            prefix = out[parent] + "-" if parent else ""
            out[t.path] = f"{prefix}{use}"
    return out


def _requirement_keys(reqs: list[RequirementRec], theme_keys: dict[tuple, str]) -> list[str]:
    """Readable IRI keys: theme key + item number (``2-4``), or ``p``+index for unnumbered items."""
    by_theme: dict[tuple, list[int]] = {}
    for i, r in enumerate(reqs):
        by_theme.setdefault(r.theme, []).append(i)
    keys = [""] * len(reqs)
    for theme, idx in by_theme.items():
        numbers = [reqs[i].number for i in idx]
        for k, i in enumerate(idx, start=1):
            n = reqs[i].number
            item = str(n) if n is not None and numbers.count(n) == 1 else f"p{k}"
            keys[i] = f"{theme_keys[theme]}-{item}"
    return keys
