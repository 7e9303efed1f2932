"""Every IRI the code uses, declared once.

The ontology namespace is the data contract's; the instance base is configurable
(``--base``) and defaults to :data:`DEFAULT_BASE`.  Nothing else in the package
spells out an ``http`` IRI.
"""

from __future__ import annotations

import re

from rdflib import Namespace
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

ZWGK = Namespace("https://w3id.org/zwgk/ontology#")
DEFAULT_BASE = "https://w3id.org/zwgk/id/"

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
#: what no IRI holds (RFC 3987; SPARQL's and Turtle's IRIREF): spaces, controls and <>"{}|\^`
NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f]')


def check_base(base: str) -> str:
    """``base`` if it can prefix every instance IRI: absolute (a scheme and something after it), no
    character an IRI cannot hold (space, controls, <>"{}|\\^`), ``#`` at the end only, ending in ``/`` or
    ``#``; else a UsageError naming it and what is wrong, in one line."""
    from .errors import UsageError

    def refuse(why: str):
        raise UsageError(f"--base {base!r} {why}")

    scheme = _SCHEME.match(base)
    if not scheme:
        refuse("is not an absolute IRI: no scheme (such as https:)")
    bad = NOT_IN_IRI.search(base)
    if bad:
        c = bad.group()
        what = "a space" if c == " " else repr(c) if c.isprintable() else f"a control character (U+{ord(c):04X})"
        refuse(f"is not a valid IRI: it holds {what}")
    if not base[scheme.end():].strip("/#"):
        refuse("is not an absolute IRI: nothing after the scheme")
    if "#" in base[:-1]:
        refuse("holds '#' before its end: a fragment cannot be extended by a path")
    if not base.endswith(("/", "#")):
        refuse("must end with '/' or '#' (every IRI is the base followed by a path)")
    return base


DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
QB = Namespace("http://purl.org/linked-data/cube#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
IANA_MEDIA_TYPES = Namespace("http://www.iana.org/assignments/media-types/")
#: the licence of the dataset, every plan graph and every export file
LICENCE = "https://creativecommons.org/licenses/by/4.0/"

#: prefix → namespace, bound on every graph we write and shared with queries/shapes.
PREFIXES = {
    "zwgk": ZWGK,
    "dcterms": DCTERMS,
    "org": ORG,
    "owl": OWL,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "xsd": XSD,
    "dcat": DCAT,
    "void": VOID,
    "qb": QB,
}

class Plain:
    """A namespace whose terms are plain IRI strings, cached as attributes after first use."""

    def __init__(self, ns):
        self._ns = str(ns)

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        value = self._ns + name
        setattr(self, name, value)
        return value

    def __getitem__(self, name: str) -> str:
        return self._ns + name


ROLES = {k: str(ZWGK[k]) for k in ("Lead", "Cooperate", "Implement", "Supervise")}
#: how a duty's role was read (reading/usage.py)
ROLE_BASES = {k: str(ZWGK[k]) for k in ("RoleWord", "FieldLabel", "ColumnHeader", "ResponsibleLeads",
                                        "ResponsibleImplements")}
EVIDENCE = {
    "Explicit": str(ZWGK.Explicit),
    "MergedCell": str(ZWGK.MergedCell),
    "SharedBlock": str(ZWGK.SharedBlock),
    "InText": str(ZWGK.InText),
    "CrossPlan": str(ZWGK.CrossPlan),
}
FREQUENCIES = {
    "Daily": str(ZWGK.Daily),
    "EveryFiveDays": str(ZWGK.EveryFiveDays),
    "Weekly": str(ZWGK.Weekly),
    "Biweekly": str(ZWGK.Biweekly),
    "Monthly": str(ZWGK.Monthly),
    "Quarterly": str(ZWGK.Quarterly),
    "HalfYearly": str(ZWGK.HalfYearly),
    "Yearly": str(ZWGK.Yearly),
}
LEVELS = {
    "National": str(ZWGK.National),
    "Provincial": str(ZWGK.Provincial),
    "Prefectural": str(ZWGK.Prefectural),
    "County": str(ZWGK.County),
    "Unknown": str(ZWGK.UnknownLevel),
}


class _Base(str):
    """The instance base: ``base[path]`` is the plain IRI string base + path."""

    def __getitem__(self, path):
        return str.__add__(self, path)


def _unique(bases) -> list[str]:
    """The names as given, a count added only where two would share one (``x``, ``x-2``)."""
    names, seen = [], {}
    for base in bases:
        seen[base] = seen.get(base, 0) + 1
        names.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return names


def note_names(notes) -> list[str]:
    """Stable names for a plan's notes (each with ``.kind`` and ``.line``): the kind's slug and its line
    (``missing-year``, ``lost_header-L12``), a count added only where two would share a name."""
    return _unique((re.sub(r"[^A-Za-z0-9_-]+", "-", n.kind).strip("-") or "note") + (f"-L{n.line}" if n.line else "")
                   for n in notes)


def deadline_names(deadlines) -> list[str]:
    """Stable names for a requirement's deadlines, from what each says: its date (``2017-12-31``) or its
    term (``within-3-working-days``, ``within-24-hours``); ``stated`` for one with neither; a count added
    only where two would share a name."""
    def name(d) -> str:
        if d.date:
            return str(d.date)
        if d.within_days is not None:
            return f"within-{d.within_days}-{'working-days' if d.working_days else 'days'}"
        if d.within_hours is not None:
            return f"within-{d.within_hours}-hours"
        return "stated"
    return _unique(name(d) for d in deadlines)


class Ids:
    """Mint the instance IRIs of one build under a base.

    Every IRI is ASCII and depends only on what the documents say, never on run order.  IRIs are
    plain strings (see :mod:`build_graph.terms`); wrap them in ``URIRef`` to use them with rdflib.
    """

    def __init__(self, base: str = DEFAULT_BASE):
        if not base.endswith(("/", "#")):
            base += "/"
        self.base = _Base(base)

    def jurisdiction(self, code: str):
        return self.base[f"jurisdiction/{code}"]

    def agency(self, jurisdiction_code: str, slug: str):
        return self.base[f"agency/{jurisdiction_code}/{slug}"]

    def agency_parts(self, iri: str) -> tuple[str, str]:
        """The inverse of :meth:`agency`: (jurisdiction code, slug)."""
        code, slug = iri[len(self.base) + len("agency/"):].split("/", 1)
        return code, slug

    def plan(self, key: str):
        return self.base[f"plan/{key}"]

    def theme(self, plan_key: str, path: str):
        return self.base[f"plan/{plan_key}/theme/{path}"]

    def requirement(self, plan_key: str, key: str):
        return self.base[f"plan/{plan_key}/req/{key}"]

    def obligation(self, plan_key: str, req_key: str, role: str, agency_slug: str):
        return self.base[f"plan/{plan_key}/req/{req_key}/{role.lower()}/{agency_slug}"]

    def deadline(self, plan_key: str, req_key: str, name: str):
        """``plan/KEY/req/2-4/deadline/2017-12-31``: named by what it says (:func:`deadline_names`)."""
        return self.base[f"plan/{plan_key}/req/{req_key}/deadline/{name}"]

    def note(self, plan_key: str, kind: str, name: str):
        """A repair or open question: ``plan/KEY/repair/lost_header-L12``, named by what it is and the
        line it is about (see :func:`note_names`), so it keeps its IRI when other notes come or go."""
        return self.base[f"plan/{plan_key}/{kind}/{name}"]

    def source(self, sha256: str):
        return self.base[f"source/{sha256[:16]}"]

    def plan_graph(self, plan_key: str):
        return self.base[f"graph/plan/{plan_key}"]

    @property
    def registry_graph(self):
        return self.base["graph/registry"]

    @property
    def links_graph(self):
        return self.base["graph/links"]

    @property
    def summary_graph(self):
        return self.base["graph/summary"]

    @property
    def ontology_graph(self):
        return self.base["graph/ontology"]

    @property
    def dataset(self):
        return self.base["dataset"]
