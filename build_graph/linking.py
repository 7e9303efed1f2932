"""Link the plans into one picture: functions, topics, the 2018 reform, requirement alignment, cross-plan evidence.

Everything here is derived from the built plan and registry graphs and goes into its own
named graph (``…/graph/links``), so a portal can take the plans with or without the links:

* every agency gets a ``zwgk:function`` by rules over its name (``data/functions.tsv``), the basis recorded;
* every theme gets ``skos:exactMatch`` / ``skos:closeMatch`` to an openness topic (``data/topics.tsv``);
* the 2018 reform of government bodies becomes ``org:ChangeEvent``s per jurisdiction (``data/reform_2018.tsv``);
* requirements of related plans are aligned one-to-one (character n-gram TF-IDF cosine, Hungarian
  assignment, a threshold), with ``zwgk:Alignment`` nodes carrying score and method, and the
  dropped / added requirements of each comparison;
* a lead read from layout in a parent plan that the child's explicit lead (same function)
  corroborates gets a ``zwgk:CrossPlan`` obligation; disagreements are reported, never overridden.
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from .jurisdictions import find_at_start, get as get_jurisdiction, known
from .namespaces import EVIDENCE, ZWGK, Ids
from .textnorm import fold

FUNCTION_NS = "https://w3id.org/zwgk/function/"
TOPIC_NS = "https://w3id.org/zwgk/topic/"
METHOD = "char 1-2-gram TF-IDF cosine on folded text (assignments and jurisdiction words removed); " \
         "one-to-one Hungarian assignment; pairs scoring below {threshold} left unaligned"
# implements: measured on the hand-checked Zhongshan → Guangdong 2017 alignment (P and R flat from 0.15 to
# 0.30); sibling plans are written independently, so a stricter cut, set by inspecting Guangdong ↔ Liaoning
# 2017 (pairs under 0.3 were mostly wrong); successors by inspecting Guangdong 2017 → 2021.
THRESHOLDS = {"implements": 0.20, "successor": 0.20, "sibling": 0.30}
THRESHOLD = THRESHOLDS["implements"]


def _rows(name: str) -> list[list[str]]:
    with resources.files("build_graph.data").joinpath(name).open(encoding="utf-8") as fh:
        return [r for r in csv.reader(fh, delimiter="\t") if r and not r[0].startswith("#")]


# -- functions ----------------------------------------------------------------------
def department(label: str) -> str:
    """An agency's department name: its canonical name without 中共 and its jurisdiction."""
    name = re.sub(r"^中共", "", label)
    j = find_at_start(name)
    return name[len(j.name):] if j is not None and len(name) > len(j.name) else name


def function_of(label: str) -> tuple[str | None, str]:
    """Return (function slug, basis) for an agency's canonical name."""
    # 人民政府 holds 民政: read it as 政府 so 人民政府金融工作办公室 is about 金融, not civil affairs
    dept = department(label).replace("人民政府", "政府")
    for pattern, slug in ((r[0], r[1]) for r in _rows("functions.tsv")):
        if re.search(pattern, dept):
            return slug, f"name rule /{pattern}/ on {dept}"
    return None, f"no rule matches {dept}"


# -- topics -------------------------------------------------------------------------
def topic_of(label: str, parent_topic: tuple | None, item_texts: list[str]) -> tuple[str | None, str, str]:
    """Return (topic slug, kind exact|close, basis) for a theme."""
    rules = [(r[0], r[1], r[2]) for r in _rows("topics.tsv")]
    key = fold(label or "")
    for kind in ("exact", "close"):
        for pattern, slug, k in rules:
            if k == kind and key and re.search(pattern, key):
                return slug, kind, f"label matches /{pattern}/"
    if parent_topic:
        return parent_topic[0], "close", "inherited from the parent theme"
    joined = fold(" ".join(item_texts))
    hits = Counter()
    for pattern, slug, k in rules:
        if k == "close":
            hits[slug] += len(re.findall(pattern, joined))
    if hits and hits.most_common(1)[0][1] > 0:
        slug, n = hits.most_common(1)[0]
        return slug, "close", f"no label: {n} keyword hits of {slug} in the theme's item texts"
    return None, "", "no rule matched"


# -- similarity ---------------------------------------------------------------------
_NOISE = re.compile(r"[（(][^（）()]*[)）]$|全省|全市|我省|我市|本省|本市|省级|市级|各市|各镇区|省|市|县|镇")


def decimal(x: float) -> Literal:
    """A score as an xsd:decimal in the lexical form every store keeps (no trailing zeros: 1, 0.88)."""
    return Literal(f"{x:.3f}".rstrip("0").rstrip(".") or "0", datatype=XSD.decimal)


def _clean(text: str) -> str:
    t = fold(text)
    t = _NOISE.sub("", t)
    return re.sub(r"[^\w]", "", t)


def _ngrams(text: str) -> Counter:
    t = _clean(text)
    grams = Counter(t)
    grams.update(t[i:i + 2] for i in range(len(t) - 1))
    return grams


def similarity_matrix(a: list[str], b: list[str]):
    """Cosine similarity of character 1-2-gram TF-IDF vectors (rows: a, columns: b)."""
    import numpy as np

    docs = [_ngrams(t) for t in a + b]
    df = Counter(g for d in docs for g in d)
    n = len(docs)
    vocab = {g: i for i, g in enumerate(sorted(df))}
    m = np.zeros((n, len(vocab)))
    for r, d in enumerate(docs):
        for g, c in d.items():
            m[r, vocab[g]] = (1 + math.log(c)) * math.log((1 + n) / (1 + df[g]))
    norms = np.linalg.norm(m, axis=1)
    norms[norms == 0] = 1
    m = m / norms[:, None]
    return m[: len(a)] @ m[len(a):].T


def align(a: list[str], b: list[str], threshold: float = THRESHOLD) -> list[tuple[int, int, float]]:
    """One-to-one pairs (i in a, j in b, score) maximising total similarity, above the threshold."""
    if not a or not b:
        return []
    from scipy.optimize import linear_sum_assignment

    sim = similarity_matrix(a, b)
    rows, cols = linear_sum_assignment(-sim)
    return [(int(i), int(j), float(sim[i, j])) for i, j in zip(rows, cols) if sim[i, j] >= threshold]


# -- reading the built graphs ---------------------------------------------------------
@dataclass
class PlanView:
    iri: URIRef
    key: str
    year: int
    jurisdiction: str
    implements: list[URIRef]
    requirements: list[URIRef] = field(default_factory=list)
    text: dict = field(default_factory=dict)
    theme: dict = field(default_factory=dict)
    obligations: dict = field(default_factory=lambda: defaultdict(list))   # req → [(ob, agency, role, evidence)]


def plan_view(g: Graph) -> PlanView | None:
    """What linking needs of one plan graph."""
    for p in g.subjects(ZWGK.layout, None):
        key = str(p).rsplit("/plan/", 1)[-1]
        jur = str(g.value(p, ZWGK.jurisdiction)).rsplit("/", 1)[-1]
        pv = PlanView(p, key, int(str(g.value(p, ZWGK.year))), jur, sorted(g.objects(p, ZWGK.implements)))
        lines = {}
        for r in g.subjects(RDF.type, ZWGK.Requirement):
            pv.requirements.append(r)
            pv.text[r] = str(g.value(r, ZWGK.text))
            pv.theme[r] = g.value(r, ZWGK.theme)
            lines[r] = int(g.value(r, ZWGK.sourceLine))
        pv.requirements.sort(key=lambda r: (lines[r], str(r)))
        for ob in g.subjects(RDF.type, ZWGK.Obligation):
            req = g.value(ob, ZWGK.requirement)
            pv.obligations[req].append((ob, g.value(ob, ZWGK.agency), g.value(ob, ZWGK.role), g.value(ob, ZWGK.evidence)))
        return pv
    return None


def related_pairs(plans: list[PlanView]) -> list[tuple[PlanView, PlanView, str]]:
    """(compared, baseline, kind): child→parent, sibling (same level and year), successor (later → earlier)."""
    by_iri = {p.iri: p for p in plans}
    pairs = []
    for p in plans:
        for parent in p.implements:
            if parent in by_iri:
                pairs.append((p, by_iri[parent], "implements"))
    # siblings share a year, a level and a parent (the provinces; the cities of one province), and
    # successors are consecutive plans of one jurisdiction: the pairs grow with the corpus, not its square
    def parent(p):
        return get_jurisdiction(p.jurisdiction).parent if known(p.jurisdiction) else None

    groups: dict = defaultdict(list)
    for p in plans:
        groups[(p.year, parent(p))].append(p)
    for (_, _), members in sorted(groups.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        members.sort(key=lambda p: p.key)
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if a.jurisdiction != b.jurisdiction:
                    pairs.append((b, a, "sibling"))
    by_jur: dict = defaultdict(list)
    for p in plans:
        by_jur[p.jurisdiction].append(p)
    for jur, members in sorted(by_jur.items()):
        members.sort(key=lambda p: (p.year, p.key))
        for earlier, later in zip(members, members[1:]):
            if later.year != earlier.year:
                pairs.append((later, earlier, "successor"))
    return pairs


# -- the links graph -----------------------------------------------------------------
@dataclass
class LinkReport:
    without_function: list[str] = field(default_factory=list)
    themes_without_topic: list[str] = field(default_factory=list)
    alignments: dict = field(default_factory=dict)          # (compared, baseline, kind) → n pairs
    crossplan: int = 0
    conflicts: list[str] = field(default_factory=list)


def link(store, ids: Ids, registry: Graph) -> LinkReport:
    """Compute every link into the store's ``graph/links``; return what a person should know.

    Plan graphs are read one at a time: a first pass maps themes to topics and keeps a slim index
    of each plan (jurisdiction, year, lineage); related pairs are then aligned, loading only the
    two plans of a pair.
    """
    g = Graph()
    report = LinkReport()
    functions = _functions(registry, g, report)
    index = []
    for name in store.graph_names():
        if "/graph/plan/" not in name:
            continue
        pg = store.light_graph(name)
        _topics(pg, g, report)
        pv = plan_view(pg)
        if pv is not None:
            index.append((pv.iri, pv.key, pv.year, pv.jurisdiction, pv.implements, name))
    _succession(registry, g, ids, functions)
    slim = [PlanView(iri, key, year, jur, impl) for iri, key, year, jur, impl, _ in index]
    names = {key: name for _, key, _, _, _, name in index}
    cache: dict[str, PlanView] = {}

    def full(pv: PlanView) -> PlanView:
        if pv.key not in cache:
            if len(cache) > 8:
                cache.clear()
            cache[pv.key] = plan_view(store.light_graph(names[pv.key]))
        return cache[pv.key]

    for compared, baseline, kind in related_pairs(slim):
        c, b = full(compared), full(baseline)
        pairs = _align_plans(g, ids, c, b, kind)
        report.alignments[(compared.key, baseline.key, kind)] = len(pairs)
        if kind == "implements":
            _cross_plan(g, ids, c, b, pairs, functions, report, registry)
    store.replace_graph(str(ids.links_graph), g)
    return report


def _functions(registry: Graph, g: Graph, report: LinkReport) -> dict:
    functions = {}
    for a in sorted(set(registry.subjects(RDF.type, ZWGK.Agency))):
        label = str(registry.value(a, RDFS.label))
        slug, basis = function_of(label)
        if slug is None:
            report.without_function.append(label)
            continue
        functions[a] = slug
        g.add((a, ZWGK.function, URIRef(FUNCTION_NS + slug)))
        g.add((a, ZWGK.functionBasis, Literal(basis)))
    return functions


def _topics(pg: Graph, g: Graph, report: LinkReport) -> None:
    themes = sorted(pg.subjects(RDF.type, ZWGK.Theme), key=lambda t: (len(str(t)), str(t)))
    items = defaultdict(list)
    for r, t in pg.subject_objects(ZWGK.theme):
        items[t].append(str(pg.value(r, ZWGK.text)))
    done: dict = {}

    def topic(t):
        if t in done:
            return done[t]
        parent = pg.value(t, ZWGK.parentTheme)
        parent_topic = topic(parent) if parent is not None else None
        label = None if (t, RDF.type, ZWGK.ReconstructedTheme) in pg else pg.value(t, RDFS.label)
        done[t] = topic_of(str(label) if label else "", parent_topic if parent_topic and parent_topic[0] else None,
                           items[t])
        return done[t]

    for t in themes:
        slug, kind, basis = topic(t)
        if slug is None:
            report.themes_without_topic.append(str(t))
            continue
        g.add((t, SKOS.exactMatch if kind == "exact" else SKOS.closeMatch, URIRef(TOPIC_NS + slug)))
        g.add((t, ZWGK.topicBasis, Literal(basis)))


def _succession(registry: Graph, g: Graph, ids: Ids, functions: dict) -> None:
    """The 2018 reform: predecessors present in a jurisdiction → their successor there."""
    rules = _rows("reform_2018.tsv")
    by_jur = defaultdict(list)
    for a in registry.subjects(RDF.type, ZWGK.Agency):
        if (a, RDF.type, ZWGK.CollectiveAgency) in registry:
            continue
        jur = str(registry.value(a, ZWGK.jurisdiction)).rsplit("/", 1)[-1]
        by_jur[jur].append((a, department(str(registry.value(a, RDFS.label)))))
    for jur in sorted(by_jur):
        if jur == "CN" or not known(jur):
            continue
        j = get_jurisdiction(jur)
        for pattern, successor_prov, successor_city, slug in rules:
            preds = sorted(a for a, dept in by_jur[jur] if re.fullmatch(pattern, dept))
            if not preds:
                continue
            name = (successor_prov if j.level == "Provincial" else successor_city).format(j=j.name)
            existing = next((a for a, dept in by_jur[jur] if fold(j.name + dept) == fold(name)
                             or fold(dept) == fold(name.replace(j.name, "", 1))), None)
            succ = existing or ids.agency(jur, "reform2018-" + slug)
            if existing is None:
                g.add((succ, RDF.type, ORG.Organization))
                g.add((succ, RDFS.label, Literal(name, lang="zh")))
                g.add((succ, ZWGK.jurisdiction, ids.jurisdiction(jur)))
                if functions.get(preds[0]):
                    g.add((succ, ZWGK.function, URIRef(FUNCTION_NS + functions[preds[0]])))
                g.add((succ, RDFS.comment, Literal("Successor body created by the 2018 reform; named by the reform, "
                                                   "not written in any document of the corpus.", lang="en")))
            ev = ids.base[f"change/2018/{jur}/{slug}"]
            g.add((ev, RDF.type, ORG.ChangeEvent))
            g.add((ev, RDFS.label, Literal(f"2018年机构改革：{name}", lang="zh")))
            g.add((ev, DCTERMS.date, Literal("2018", datatype=XSD.gYear)))
            g.add((ev, ZWGK.jurisdiction, ids.jurisdiction(jur)))
            g.add((ev, DCTERMS.source, Literal("国务院机构改革方案（2018）及各地机构改革方案", lang="zh")))
            for a in preds:
                g.add((ev, ORG.originalOrganization, a))
                g.add((a, ORG.changedBy, ev))
            g.add((ev, ORG.resultingOrganization, succ))
            g.add((succ, ORG.resultedFrom, ev))


def _align_plans(g: Graph, ids: Ids, compared: PlanView, baseline: PlanView, kind: str):
    a = [compared.text[r] for r in compared.requirements]
    b = [baseline.text[r] for r in baseline.requirements]
    threshold = THRESHOLDS[kind]
    pairs = align(a, b, threshold)
    method = METHOD.format(threshold=threshold)
    comp = ids.base[f"comparison/{compared.key}/{baseline.key}"]
    g.add((comp, RDF.type, ZWGK.PlanComparison))
    g.add((comp, ZWGK.comparedPlan, compared.iri))
    g.add((comp, ZWGK.baselinePlan, baseline.iri))
    g.add((comp, ZWGK.linkKind, Literal(kind)))
    g.add((comp, ZWGK.method, Literal(method)))
    matched_a, matched_b = set(), set()
    for i, j, score in pairs:
        ra, rb = compared.requirements[i], baseline.requirements[j]
        matched_a.add(ra)
        matched_b.add(rb)
        g.add((ra, ZWGK.implements if kind == "implements" else SKOS.closeMatch, rb))
        node = URIRef(f"{comp}/{str(ra).rsplit('/req/', 1)[-1]}")
        g.add((node, RDF.type, ZWGK.Alignment))
        g.add((node, ZWGK.alignedRequirement, ra))
        g.add((node, ZWGK.counterpart, rb))
        g.add((node, ZWGK.linkKind, Literal(kind)))
        g.add((node, ZWGK.score, decimal(score)))
        g.add((node, PROV.wasDerivedFrom, comp))
    for r in baseline.requirements:
        if r not in matched_b:
            g.add((comp, ZWGK.dropped, r))
    for r in compared.requirements:
        if r not in matched_a:
            g.add((comp, ZWGK.added, r))
    return [(compared.requirements[i], baseline.requirements[j], s) for i, j, s in pairs]


def _cross_plan(g, ids, child: PlanView, parent: PlanView, pairs, functions, report, registry) -> None:
    """A parent's layout-read lead that the child's explicit lead (same function) corroborates."""
    layout = {EVIDENCE["MergedCell"], EVIDENCE["SharedBlock"]}
    lead = ZWGK.Lead
    for rc, rp, score in pairs:
        child_leads = sorted((ob, a) for ob, a, role, ev in child.obligations.get(rc, [])
                             if role == lead and ev == EVIDENCE["Explicit"])
        if not child_leads:
            continue
        child_functions = {functions.get(a) for _, a in child_leads}
        for ob, agency, role, ev in sorted(parent.obligations.get(rp, [])):
            if role != lead or ev not in layout:
                continue
            f = functions.get(agency)
            support = next(((cob, ca) for cob, ca in child_leads if functions.get(ca) == f and f is not None), None)
            if support is not None:
                cp = URIRef(f"{ob}/crossplan")
                g.add((cp, RDF.type, ZWGK.Obligation))
                g.add((cp, ZWGK.requirement, rp))
                g.add((cp, ZWGK.agency, agency))
                g.add((cp, ZWGK.role, lead))
                g.add((cp, ZWGK.evidence, EVIDENCE["CrossPlan"]))
                g.add((cp, ZWGK.score, decimal(score)))
                g.add((cp, ZWGK.basedOn, support[0]))
                g.add((cp, ZWGK.corroborates, ob))
                report.crossplan += 1
            elif not (child_functions & {f}):
                names = "、".join(sorted(str(registry.value(a, RDFS.label)) for _, a in child_leads))
                report.conflicts.append(
                    f"{rp.rsplit('/plan/', 1)[-1]}: lead {registry.value(agency, RDFS.label)} ({f}) read from a "
                    f"{str(ev).rsplit('#', 1)[-1]}; the counterpart {rc.rsplit('/plan/', 1)[-1]} names {names} "
                    f"({', '.join(sorted(str(x) for x in child_functions))}) explicitly")
                node = URIRef(f"{ob}/conflict")
                g.add((node, RDF.type, ZWGK.OpenQuestion))
                g.add((node, ZWGK.about, ob))
                g.add((node, ZWGK.repairKind, Literal("cross-plan-conflict")))
                g.add((node, ZWGK.reason, Literal(report.conflicts[-1])))
