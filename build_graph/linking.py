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
import re
from sys import intern as _intern
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Callable

from rdflib.namespace import DCTERMS as _DCTERMS, ORG as _ORG, PROV as _PROV, RDF as _RDF, RDFS as _RDFS, \
    SKOS as _SKOS, XSD as _XSD

from . import english
from .jurisdictions import find_at_start, get as get_jurisdiction, known
from .namespaces import EVIDENCE, ZWGK as _ZWGK, Ids, Plain
from .terms import Lit, Triples, typed, zh, en
from .textnorm import fold

ZWGK, RDF, RDFS, DCTERMS, PROV, ORG, SKOS, XSD = map(Plain, (_ZWGK, _RDF, _RDFS, _DCTERMS, _PROV, _ORG, _SKOS, _XSD))
FUNCTION_NS = "https://w3id.org/zwgk/function/"
TOPIC_NS = "https://w3id.org/zwgk/topic/"
METHOD = "char 1-2-gram TF-IDF cosine on folded text (assignments and jurisdiction words removed); " \
         "one-to-one Hungarian assignment; pairs scoring below {threshold} left unaligned"
# implements: measured on the hand-checked Zhongshan → Guangdong 2017 alignment (P and R flat from 0.15 to
# 0.30); sibling plans are written independently, so a stricter cut, set by inspecting Guangdong ↔ Liaoning
# 2017 (pairs under 0.3 were mostly wrong); successors by inspecting Guangdong 2017 → 2021.
THRESHOLDS = {"implements": 0.20, "successor": 0.20, "sibling": 0.30}
THRESHOLD = THRESHOLDS["implements"]


@lru_cache(maxsize=None)
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


def decimal(x: float) -> Lit:
    """A score as an xsd:decimal in the lexical form every store keeps (no trailing zeros: 1, 0.88)."""
    return typed(f"{x:.3f}".rstrip("0").rstrip(".") or "0", XSD.decimal)


def clean_for_matching(text: str) -> str:
    """A requirement text as alignment compares it: folded, jurisdiction words and punctuation removed."""
    return _clean(text)


def _clean(text: str) -> str:
    t = fold(text)
    t = _NOISE.sub("", t)
    return re.sub(r"[^\w]", "", t)


_PLANE = 0x110000          # code points: a bigram (a, b) is the integer _PLANE + a·_PLANE + b, a unigram its code point
_GRAM_BITS = 41            # every gram id is below 2**41


def encode(texts: list[str], cleaned: bool = False):
    """Texts as character 1-2-gram counts, in CSR form (indptr, gram ids, counts).

    A gram's id is computed from its code points, so two plans encoded apart share ids with no
    vocabulary between them (``cleaned``: the texts are already through :func:`clean_for_matching`).
    """
    import numpy as np

    texts = texts if cleaned else [_clean(t) for t in texts]
    lens = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    cps = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    text_of = np.repeat(np.arange(len(texts), dtype=np.int64), lens)
    within = text_of[:-1] == text_of[1:]                       # bigrams do not cross texts
    bigrams = (_PLANE + cps[:-1] * _PLANE + cps[1:])[within]
    keys = np.concatenate([cps, bigrams]) | (np.concatenate([text_of, text_of[:-1][within]]) << _GRAM_BITS)
    keys, counts = np.unique(keys, return_counts=True)
    indptr = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys >> _GRAM_BITS, minlength=len(texts)), out=indptr[1:])
    return indptr, keys & ((1 << _GRAM_BITS) - 1), counts.astype(np.float64)


def similarity(ea, eb):
    """Cosine similarity of TF-IDF vectors (tf 1 + log c, idf log((1 + n) / (1 + df)) over both lists)."""
    import numpy as np

    (pa, ia, ca), (pb, ib, cb) = ea, eb
    na, nb = len(pa) - 1, len(pb) - 1
    n = na + nb
    idx = np.concatenate([ia, ib])
    counts = np.concatenate([ca, cb])
    rows = np.concatenate([np.repeat(np.arange(na), np.diff(pa)), na + np.repeat(np.arange(nb), np.diff(pb))])
    grams, local = np.unique(idx, return_inverse=True)
    df = np.bincount(local, minlength=len(grams))          # a gram appears once per text in idx
    w = (1 + np.log(counts)) * np.log((1 + n) / (1 + df[local]))
    norms = np.sqrt(np.bincount(rows, w * w, minlength=n))
    norms[norms == 0] = 1
    m = np.zeros((n, len(grams)))
    m[rows, local] = w / norms[rows]
    return m[:na] @ m[na:].T


def similarity_matrix(a: list[str], b: list[str]):
    """Cosine similarity of character 1-2-gram TF-IDF vectors (rows: a, columns: b)."""
    return similarity(encode(a), encode(b))


def align(a: list[str], b: list[str], threshold: float = THRESHOLD) -> list[tuple[int, int, float]]:
    """One-to-one pairs (i in a, j in b, score) maximising total similarity, above the threshold."""
    if not a or not b:
        return []
    return _assign(similarity_matrix(a, b), threshold)


@lru_cache(maxsize=None)
def _linear_sum_assignment():
    """SciPy's compiled Hungarian solver, loaded without ``scipy.optimize``'s package (0.6 s of imports)."""
    import glob
    import importlib.machinery
    import importlib.util

    import scipy

    found = glob.glob(scipy.__path__[0] + "/optimize/_lsap*.so") + glob.glob(scipy.__path__[0] + "/optimize/_lsap*.pyd")
    if found:
        try:
            loader = importlib.machinery.ExtensionFileLoader("scipy.optimize._lsap", found[0])
            module = importlib.util.module_from_spec(importlib.util.spec_from_file_location(
                "scipy.optimize._lsap", found[0], loader=loader))
            loader.exec_module(module)
            return module.linear_sum_assignment
        except (ImportError, AttributeError):
            pass
    from scipy.optimize import linear_sum_assignment

    return linear_sum_assignment


def _assign(sim, threshold: float) -> list[tuple[int, int, float]]:
    rows, cols = _linear_sum_assignment()(-sim)
    return [(int(i), int(j), float(sim[i, j])) for i, j in zip(rows, cols) if sim[i, j] >= threshold]


# -- what linking keeps of each plan ----------------------------------------------------
def _put(index: dict, a, b, c) -> None:
    """index[a][b].append(c), creating what is missing."""
    inner = index.get(a)
    if inner is None:
        index[a] = {b: [c]}
    elif b in inner:
        inner[b].append(c)
    else:
        inner[b] = [c]


class _Index:
    """A plan graph's plain triples indexed by subject and (for IRI objects) by (predicate, object)."""

    def __init__(self, triples, predicates: frozenset | None = None):
        self.spo: dict = {}
        self.pos: dict = {}
        for s, p, o in triples:
            if predicates is not None and p not in predicates:
                continue
            _put(self.spo, s, p, o)
            if type(o) is not Lit:
                _put(self.pos, p, o, s)

    def value(self, s, p):
        v = self.spo.get(s, {}).get(p)
        return v[0] if v else None

    def subjects(self, p, o):
        return self.pos.get(p, {}).get(o, [])

    def label(self, s):
        """The node's Chinese rdfs:label (agencies carry an @en one beside it)."""
        v = self.spo.get(s, {}).get(RDFS.label) or []
        return next((o for o in v if type(o) is Lit and o.lang == "zh"), v[0] if v else None)


def _lex(o) -> str:
    return o.lex if type(o) is Lit else o


@dataclass(eq=False)
class PlanView:
    """What alignment and cross-plan evidence need of one plan (requirement texts in source order)."""

    iri: str
    key: str
    year: int
    jurisdiction: str
    implements: list[str]
    keys: list[str] = field(default_factory=list)     # requirement IRIs are ``{iri}/req/{key}``
    texts: list[str] = field(default_factory=list)    # as clean_for_matching gives them
    # requirement key → ((obligation IRI after the requirement's, agency, evidence), …) of its Lead
    # obligations; the strings are interned, so a view costs little beside its texts at 10,000 plans
    leads: dict = field(default_factory=dict)

    @property
    def requirements(self) -> list[str]:
        prefix = self.iri + "/req/"
        return [k if k.startswith("http") else prefix + k for k in self.keys]

    def leads_of(self, req: str) -> list[tuple[str, str, str]]:
        """(obligation, agency, evidence) of each Lead obligation on the requirement ``req`` (its IRI)."""
        prefix = self.iri + "/req/"
        key = req[len(prefix):] if req.startswith(prefix) else req
        return [(f"{req}/{tail}", agency, ev) for tail, agency, ev in self.leads.get(key, ())]


def plan_view(ix: _Index, cleaned: dict | None = None) -> PlanView | None:
    """What linking needs of one plan graph."""
    for p in (s for s, preds in ix.spo.items() if ZWGK.layout in preds):
        key = p.rsplit("/plan/", 1)[-1]
        if ix.value(p, ZWGK.jurisdiction) is None or ix.value(p, ZWGK.year) is None:
            return None             # a plan whose text names no jurisdiction or year relates to no other
        jur = ix.value(p, ZWGK.jurisdiction).rsplit("/", 1)[-1]
        pv = PlanView(p, key, int(_lex(ix.value(p, ZWGK.year))), jur, sorted(ix.spo[p].get(ZWGK.implements, [])))
        reqs = ix.subjects(RDF.type, ZWGK.Requirement)
        reqs = sorted(reqs, key=lambda r: (int(_lex(ix.value(r, ZWGK.sourceLine))), r))
        prefix = p + "/req/"
        pv.keys = [r[len(prefix):] if r.startswith(prefix) else r for r in reqs]
        raw = [_lex(ix.value(r, ZWGK.text)) for r in reqs]
        pv.texts = [(cleaned or {}).get(t) or _clean(t) for t in raw]
        own = {k: k for k in pv.keys}      # share the key strings with pv.keys
        leads: dict = {}
        for ob in ix.subjects(RDF.type, ZWGK.Obligation):
            if ix.value(ob, ZWGK.role) == ZWGK.Lead:
                req = ix.value(ob, ZWGK.requirement)
                tail = ob[len(req) + 1:] if ob.startswith(req + "/") else ob
                key = req[len(prefix):] if req.startswith(prefix) else req
                leads.setdefault(own.get(key, key), []).append(
                    (_intern(str(tail)), _intern(str(ix.value(ob, ZWGK.agency))), _intern(str(ix.value(ob, ZWGK.evidence)))))
        pv.leads = {k: tuple(v) for k, v in leads.items()}
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


#: what linking reads of a plan graph (topics of themes, the plan view)
_PLAN_PREDICATES = frozenset({
    RDF.type, RDFS.label, ZWGK.theme, ZWGK.parentTheme, ZWGK.text, ZWGK.layout, ZWGK.jurisdiction, ZWGK.year,
    ZWGK.implements, ZWGK.sourceLine, ZWGK.role, ZWGK.requirement, ZWGK.agency, ZWGK.evidence})


class Linker:
    """Collect what linking needs while plans are emitted; then write the links graph in chunks.

    :meth:`add_plan` takes each plan graph (plain triples) as it is emitted: its themes get their
    topics at once and a slim view is kept; :meth:`finish` adds functions, the 2018 reform and the
    alignments of related plans, handing the triples to ``sink`` a chunk at a time, so memory holds
    the views, not the links.
    """

    def __init__(self, ids: Ids, agency_label: Callable[[str], str] | None = None):
        self.ids = ids
        self.report = LinkReport()
        self.views: list[PlanView] = []
        self.topics = Triples()
        self._encoded: OrderedDict = OrderedDict()
        # (level, year, function slug, topic slug) → requirements led there (for the summary graph);
        # counted as plans arrive when the canonical names of agencies are at hand
        self.agency_label = agency_label
        self.lead_tally: Counter = Counter()

    def add_plan(self, triples, cleaned: dict | None = None) -> None:
        """Take a plan graph as emitted; ``cleaned`` maps its requirement texts to clean_for_matching's."""
        ix = _Index(triples, _PLAN_PREDICATES)
        topics = _topics(ix, self.topics, self.report)
        pv = plan_view(ix, cleaned)
        if pv is not None:
            self.views.append(pv)
            if self.agency_label is not None:
                self._tally_leads(ix, pv, topics)

    def _tally_leads(self, ix: _Index, pv: PlanView, topics: dict) -> None:
        """Count, per function and topic, the requirements of this plan an agency of the function leads
        in a theme of the topic — what ``leads-by-function-and-topic`` counts for one plan."""
        if not known(pv.jurisdiction):
            return
        level = get_jurisdiction(pv.jurisdiction).level
        prefix = pv.iri + "/req/"
        counted: set = set()
        for key, leads in pv.leads.items():
            topic = topics.get(ix.value(key if key.startswith("http") else prefix + key, ZWGK.theme))
            if topic is None:
                continue
            for _, agency, _ in leads:
                f = _function_of_cached(self.agency_label(agency))[0]
                if f is not None and (f, key) not in counted:
                    counted.add((f, key))
                    self.lead_tally[(level, pv.year, f, topic)] += 1

    def finish(self, registry, sink) -> LinkReport:
        reg = _Index(registry)
        g = Triples()
        functions = _functions(reg, g, self.report)
        _succession(reg, g, self.ids, functions)
        g.extend(self.topics)
        self.topics = Triples()
        sink(g)
        chunk = Triples()
        labels = {a: _lex(reg.label(a)) for a in reg.subjects(RDF.type, ZWGK.Agency)}
        for compared, baseline, kind in related_pairs(self.views):
            pairs = self._align_plans(chunk, compared, baseline, kind)
            self.report.alignments[(compared.key, baseline.key, kind)] = len(pairs)
            if kind == "implements":
                _cross_plan(chunk, compared, baseline, pairs, functions, self.report, labels)
            if len(chunk) > 200_000:
                sink(chunk)
                chunk = Triples()
        sink(chunk)
        return self.report

    def _encode(self, pv: PlanView):
        """A plan's texts as gram counts; the most recently used plans stay encoded."""
        enc = self._encoded.get(pv.key)
        if enc is None:
            enc = self._encoded[pv.key] = encode(pv.texts, cleaned=True)
            if len(self._encoded) > 256:
                self._encoded.popitem(last=False)
        else:
            self._encoded.move_to_end(pv.key)
        return enc

    def _align_plans(self, g: Triples, compared: PlanView, baseline: PlanView, kind: str):
        threshold = THRESHOLDS[kind]
        pairs = []
        if compared.texts and baseline.texts:
            pairs = _assign(similarity(self._encode(compared), self._encode(baseline)), threshold)
        method = METHOD.format(threshold=threshold)
        comp = self.ids.base[f"comparison/{compared.key}/{baseline.key}"]
        g.add((comp, RDF.type, ZWGK.PlanComparison))
        g.add((comp, ZWGK.comparedPlan, compared.iri))
        g.add((comp, ZWGK.baselinePlan, baseline.iri))
        g.add((comp, ZWGK.linkKind, Lit(kind)))
        g.add((comp, ZWGK.method, Lit(method)))
        compared_reqs, baseline_reqs = compared.requirements, baseline.requirements
        matched_a, matched_b = set(), set()
        link = ZWGK.implements if kind == "implements" else SKOS.closeMatch
        for i, j, score in pairs:
            ra, rb = compared_reqs[i], baseline_reqs[j]
            matched_a.add(ra)
            matched_b.add(rb)
            g.add((ra, link, rb))
            node = f"{comp}/{ra.rsplit('/req/', 1)[-1]}"
            g.add((node, RDF.type, ZWGK.Alignment))
            g.add((node, ZWGK.alignedRequirement, ra))
            g.add((node, ZWGK.counterpart, rb))
            g.add((node, ZWGK.linkKind, Lit(kind)))
            g.add((node, ZWGK.score, decimal(score)))
            g.add((node, PROV.wasDerivedFrom, comp))
        for r in baseline_reqs:
            if r not in matched_b:
                g.add((comp, ZWGK.dropped, r))
        for r in compared_reqs:
            if r not in matched_a:
                g.add((comp, ZWGK.added, r))
        return [(compared_reqs[i], baseline_reqs[j], s) for i, j, s in pairs]


def _functions(reg: _Index, g: Triples, report: LinkReport) -> dict:
    functions = {}
    for a in sorted(set(reg.subjects(RDF.type, ZWGK.Agency))):
        label = _lex(reg.label(a))
        slug, basis = _function_of_cached(label)
        if slug is None:
            report.without_function.append(label)
            continue
        functions[a] = slug
        g.add((a, ZWGK.function, FUNCTION_NS + slug))
        g.add((a, ZWGK.functionBasis, en(basis)))
    return functions


@lru_cache(maxsize=None)
def _function_of_cached(label: str):
    return function_of(label)


def _topics(pg: _Index, g: Triples, report: LinkReport) -> dict:
    """Map each theme to its topic (links into ``g``); return theme → topic slug or None."""
    themes = sorted(pg.subjects(RDF.type, ZWGK.Theme), key=lambda t: (len(t), t))
    items = defaultdict(list)
    for t, rs in pg.pos.get(ZWGK.theme, {}).items():
        items[t] = [_lex(pg.value(r, ZWGK.text)) for r in rs]
    done: dict = {}

    def topic(t):
        if t in done:
            return done[t]
        parent = pg.value(t, ZWGK.parentTheme)
        parent_topic = topic(parent) if parent is not None else None
        label = None if ZWGK.ReconstructedTheme in pg.spo[t].get(RDF.type, []) else pg.value(t, RDFS.label)
        done[t] = topic_of(_lex(label) if label else "", parent_topic if parent_topic and parent_topic[0] else None,
                           items[t])
        return done[t]

    slugs = {}
    for t in themes:
        slug, kind, basis = topic(t)
        slugs[t] = slug
        if slug is None:
            report.themes_without_topic.append(t)
            continue
        g.add((t, SKOS.exactMatch if kind == "exact" else SKOS.closeMatch, TOPIC_NS + slug))
        g.add((t, ZWGK.topicBasis, en(basis)))
    return slugs


def _succession(reg: _Index, g: Triples, ids: Ids, functions: dict) -> None:
    """The 2018 reform: predecessors present in a jurisdiction → their successor there."""
    rules = _rows("reform_2018.tsv")
    by_jur = defaultdict(list)
    for a in reg.subjects(RDF.type, ZWGK.Agency):
        if ZWGK.CollectiveAgency in reg.spo[a].get(RDF.type, []):
            continue
        jur = reg.value(a, ZWGK.jurisdiction).rsplit("/", 1)[-1]
        by_jur[jur].append((a, department(_lex(reg.label(a)))))
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
            succ_en = english.body(name, jur, "party" if name.startswith("中共") else "body")
            if existing is None:
                g.add((succ, RDF.type, ORG.Organization))
                g.add((succ, RDFS.label, zh(name)))
                g.add((succ, RDFS.label, en(succ_en.text)))
                g.add((succ, ZWGK.englishLabelBasis, ZWGK[succ_en.basis]))
                g.add((succ, ZWGK.jurisdiction, ids.jurisdiction(jur)))
                if functions.get(preds[0]):
                    g.add((succ, ZWGK.function, FUNCTION_NS + functions[preds[0]]))
                g.add((succ, RDFS.comment, en("Successor body created by the 2018 reform; named by the reform, "
                                              "not written in any document of the corpus.")))
            ev = ids.base[f"change/2018/{jur}/{slug}"]
            g.add((ev, RDF.type, ORG.ChangeEvent))
            g.add((ev, RDFS.label, zh(f"2018年机构改革：{name}")))
            ev_en = english.change_event(succ_en)
            g.add((ev, RDFS.label, en(ev_en.text)))
            g.add((ev, ZWGK.englishLabelBasis, ZWGK[ev_en.basis]))
            g.add((ev, DCTERMS.date, typed("2018", XSD.gYear)))
            g.add((ev, ZWGK.jurisdiction, ids.jurisdiction(jur)))
            g.add((ev, DCTERMS.source, zh("国务院机构改革方案（2018）及各地机构改革方案")))
            for a in preds:
                g.add((ev, ORG.originalOrganization, a))
                g.add((a, ORG.changedBy, ev))
            g.add((ev, ORG.resultingOrganization, succ))
            g.add((succ, ORG.resultedFrom, ev))


def _cross_plan(g, child: PlanView, parent: PlanView, pairs, functions, report, labels) -> None:
    """A parent's layout-read lead that the child's explicit lead (same function) corroborates."""
    layout = {EVIDENCE["MergedCell"], EVIDENCE["SharedBlock"]}
    explicit = EVIDENCE["Explicit"]
    for rc, rp, score in pairs:
        child_leads = sorted((ob, a) for ob, a, ev in child.leads_of(rc) if ev == explicit)
        if not child_leads:
            continue
        child_functions = {functions.get(a) for _, a in child_leads}
        for ob, agency, ev in sorted(parent.leads_of(rp)):
            if ev not in layout:
                continue
            f = functions.get(agency)
            support = next(((cob, ca) for cob, ca in child_leads if functions.get(ca) == f and f is not None), None)
            if support is not None:
                cp = f"{ob}/crossplan"
                g.add((cp, RDF.type, ZWGK.Obligation))
                g.add((cp, ZWGK.requirement, rp))
                g.add((cp, ZWGK.agency, agency))
                g.add((cp, ZWGK.role, ZWGK.Lead))
                g.add((cp, ZWGK.evidence, EVIDENCE["CrossPlan"]))
                g.add((cp, ZWGK.score, decimal(score)))
                g.add((cp, ZWGK.basedOn, support[0]))
                g.add((cp, ZWGK.corroborates, ob))
                report.crossplan += 1
            elif not (child_functions & {f}):
                names = "、".join(sorted(labels.get(a, a) for _, a in child_leads))
                report.conflicts.append(
                    f"{rp.rsplit('/plan/', 1)[-1]}: lead {labels.get(agency)} ({f}) read from a "
                    f"{str(ev).rsplit('#', 1)[-1]}; the counterpart {rc.rsplit('/plan/', 1)[-1]} names {names} "
                    f"({', '.join(sorted(str(x) for x in child_functions))}) explicitly")
                node = f"{ob}/conflict"
                g.add((node, RDF.type, ZWGK.OpenQuestion))
                g.add((node, ZWGK.about, ob))
                g.add((node, ZWGK.repairKind, Lit("cross-plan-conflict")))
                g.add((node, ZWGK.reason, en(report.conflicts[-1])))
