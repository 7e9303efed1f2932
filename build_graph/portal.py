"""The dataset's DCAT / VoID description for portals (``out/dataset.ttl`` and ``out/dataset.jsonld``).

The registry graph describes ``…/id/dataset`` inside the data (title, licence, keywords, URI space,
each plan graph as a ``void:subset`` with its triple count).  What cannot be inside the data — a
``dcat:Distribution`` per export file with its size and SHA-256 (a file cannot hold its own checksum)
and the statistics of every named graph, the registry included — is written after every other file,
to ``dataset.ttl`` and ``dataset.jsonld``, which describe every file of the build but each other.
Both repeat the registry's description of the dataset, so either one read alone says it all.

Dates come from the documents, never the clock, so rebuilds stay byte-identical: ``dcterms:issued`` is
the earliest and ``dcterms:modified`` the latest of the plans' dates — each plan's date of issue where its
document states one, else its year (``xsd:gYear``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import namespaces as ns
from .namespaces import LICENCE, NOT_IN_IRI, Ids, Plain
from .terms import Lit, Triples, en, integer, typed, zh

DEFAULT_PUBLISHER = "zwgk project"
RDF, DCT, DCAT, VOID, XSD, FOAF, SPDX, IANA = map(
    Plain, (ns.RDF, ns.DCTERMS, ns.DCAT, ns.VOID, ns.XSD, ns.FOAF, ns.SPDX, ns.IANA_MEDIA_TYPES))

MEDIA_TYPES = {".trig": "application/trig", ".ttl": "text/turtle", ".jsonld": "application/ld+json",
               ".tsv": "text/tab-separated-values"}
#: what each top-level file is (plan files are described by their plan)
TITLES = {
    "zwgk.trig": "the whole dataset as TriG: one named graph per plan, registry, links, summary, ontology",
    "zwgk.ttl": "the union of all graphs as Turtle",
    "zwgk.jsonld": "the whole dataset as compacted JSON-LD (context.jsonld), one @graph per named graph",
    "links.ttl": "the links graph as Turtle: functions, topics, alignments, cross-plan evidence",
    "context.jsonld": "the JSON-LD context of every .jsonld file here",
    "residue.tsv": "every non-blank source line not carried into the graph as content, with the reason",
    "rejected.tsv": "every document refused, with the reason",
}


@dataclass
class Description:
    """Build options of the description: who publishes, where the files are downloaded, the endpoint."""

    publisher: str = DEFAULT_PUBLISHER
    download_base: str | None = None          # absolute IRI ending in '/'; None: no download URLs
    sparql_endpoint: str | None = None        # absolute IRI of a SPARQL endpoint serving the dataset


def check_url(option: str, url: str | None, directory: bool = False) -> str | None:
    """``url`` if it is an absolute http(s) IRI (ending in '/' for a ``directory``); else a UsageError."""
    from .errors import UsageError

    if url is None:
        return None
    if not url.startswith(("http://", "https://")) or len(url.split("://", 1)[1]) == 0:
        raise UsageError(f"{option} {url!r} is not an absolute http(s) IRI")
    if NOT_IN_IRI.search(url):
        raise UsageError(f"{option} {url!r} is not a valid IRI: it holds a space, a control or one of <>\"{{}}|\\^`")
    import pyoxigraph
    from urllib.parse import urlsplit

    try:
        pyoxigraph.NamedNode(url)                 # RFC 3987, as the strict parsers read it (percent escapes, hosts)
        parts = urlsplit(url)
    except ValueError as exc:
        raise UsageError(f"{option} {url!r} is not a valid IRI: {exc}")
    if not parts.hostname:
        raise UsageError(f"{option} {url!r} has no host")
    if directory and (parts.query or parts.fragment):
        raise UsageError(f"{option} {url!r}: give a folder URL, with no query or fragment (file names are appended to it)")
    if directory and not url.endswith("/"):
        raise UsageError(f"{option} {url!r} must end with '/' (file names are appended to it)")
    return url


def describe(ids: Ids, desc: Description, files, stats, plans, registry) -> Triples:
    """The description's own triples (the registry's, copied by the exporter, come on top).

    ``files``: (path relative to out/, bytes, sha256 hex) of every file written before; ``stats``: graph
    name → GraphStats; ``plans``: plan graph name → _PlanInfo; ``registry``: the registry index."""
    t = Triples()
    d = ids.dataset
    t.add((d, RDF.type, DCAT.Dataset))
    t.add((d, RDF.type, VOID.Dataset))
    publisher = ids.base["dataset/publisher"]
    t.add((d, DCT.publisher, publisher))
    t.add((publisher, RDF.type, FOAF.Agent))
    t.add((publisher, FOAF.name, Lit(desc.publisher)))
    # each plan's date as its document states it: the date of issue, else only the year (xsd:gYear); the
    # dataset is issued with the earliest and modified with the latest (a stated date before a bare year
    # of the same year), so a plan of 2021 that states no date still makes the dataset's modified 2021
    dated = sorted(((p.issued or p.year)[:4], 0 if p.issued else 1, p.issued or p.year)
                   for p in plans.values() if p.issued or p.year)
    if dated:
        first = dated[0]
        last = max(dated, key=lambda x: (x[0], -x[1], x[2]))
        for prop, (_, bare_year, value) in ((DCT.issued, first), (DCT.modified, last)):
            t.add((d, prop, typed(value, XSD.gYear if bare_year else XSD.date)))
    years = sorted(p.year for p in plans.values() if p.year)
    if years:                                        # the plan years the dataset covers
        period = ids.base["dataset/period"]
        t.add((d, DCT.temporal, period))
        t.add((period, RDF.type, DCT.PeriodOfTime))
        t.add((period, DCAT.startDate, typed(years[0], XSD.gYear)))
        t.add((period, DCAT.endDate, typed(years[-1], XSD.gYear)))
    t.add((d, VOID.triples, integer(sum(s.triples for s in stats.values()))))
    t.add((d, DCT.conformsTo, "https://www.w3.org/TR/vocab-dcat-3/"))
    if desc.sparql_endpoint:
        service = ids.base["dataset/sparql"]
        t.add((d, VOID.sparqlEndpoint, desc.sparql_endpoint))
        t.add((service, RDF.type, DCAT.DataService))
        t.add((service, DCT.title, en("SPARQL endpoint of the zwgk dataset")))
        t.add((service, DCAT.endpointURL, desc.sparql_endpoint))
        t.add((service, DCAT.servesDataset, d))
        t.add((service, DCT.conformsTo, "https://www.w3.org/TR/sparql11-protocol/"))
        t.add((service, DCT.license, LICENCE))
    titles = {ids.registry_graph: en("the registry graph: agencies, jurisdictions, plans named, vocabularies"),
              ids.links_graph: en("the links graph: functions, topics, alignments, cross-plan evidence"),
              ids.summary_graph: en("the summary graph: per-plan counts as Data Cube observations"),
              ids.ontology_graph: en("the ontology graph: the OWL ontology")}
    for name, s in sorted(stats.items()):
        t.add((d, VOID.subset, name))
        t.add((name, RDF.type, VOID.Dataset))
        t.add((name, DCT.isPartOf, d))
        t.add((name, VOID.triples, integer(s.triples)))
        t.add((name, VOID.entities, integer(s.entities)))
        t.add((name, VOID.distinctSubjects, integer(s.subjects)))
        t.add((name, VOID.classes, integer(len(s.classes))))
        if name in titles:
            t.add((name, DCT.title, titles[name]))
    graph_of = {}                                   # plans/KEY.* and links.ttl: distributions of their graph
    for name, info in plans.items():
        graph_of[f"plans/{info.key}.ttl"] = graph_of[f"plans/{info.key}.jsonld"] = name
        t.add((name, RDF.type, DCAT.Dataset))
        t.add((name, DCT.title, _title(info)))
    if str(ids.links_graph) in stats:
        graph_of["links.ttl"] = ids.links_graph
        t.add((ids.links_graph, RDF.type, DCAT.Dataset))
        t.add((ids.links_graph, DCT.license, LICENCE))
    for path, size, sha in files:
        dist = ids.base[f"dataset/distribution/{path}"]
        checksum = ids.base[f"dataset/checksum/{path}"]
        url = desc.download_base + path if desc.download_base else None
        t.add((graph_of.get(path, d), DCAT.distribution, dist))
        t.add((dist, RDF.type, DCAT.Distribution))
        t.add((dist, DCT.title, Lit(path)))
        if path in TITLES:
            t.add((dist, DCT.description, en(TITLES[path])))
        suffix = path[path.rfind("."):]
        t.add((dist, DCAT.mediaType, IANA[MEDIA_TYPES[suffix]]))
        t.add((dist, DCAT.byteSize, typed(str(size), XSD.nonNegativeInteger)))
        t.add((dist, SPDX.checksum, checksum))
        t.add((checksum, RDF.type, SPDX.Checksum))
        t.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        t.add((checksum, SPDX.checksumValue, typed(sha, XSD.hexBinary)))
        if url:
            t.add((dist, DCAT.downloadURL, url))
            t.add((dist, DCAT.accessURL, url))
        t.add((dist, DCT.license, LICENCE))
        if suffix == ".jsonld" and path != "context.jsonld":
            t.add((dist, DCT.conformsTo, "https://www.w3.org/TR/json-ld11/"))
        if url and path in ("zwgk.trig", "zwgk.ttl", "zwgk.jsonld"):
            t.add((d, VOID.dataDump, url))
    return t


def _title(info) -> Lit:
    if info.title and info.title.endswith('"@zh'):
        from .jsonld import _unescape

        return zh(_unescape(info.title[1:-4]))
    return en(f"plan graph {info.key}")


def read_description(path: Path):
    """Read a build's ``dataset.ttl`` for validation (an rdflib Graph), checking that it is one and that it
    still describes the files beside it: a distribution whose file is there with another size or SHA-256
    is a description left from another build.  Raises UsageError (one line) otherwise."""
    import hashlib

    import pyoxigraph
    from rdflib import Graph, Literal, URIRef

    from .errors import UsageError

    if not path.is_file():
        raise UsageError("the dataset description is not a regular file", path)
    data = path.read_bytes()
    if not data.strip():
        raise UsageError("the dataset description is empty: rebuild, or remove it", path)
    try:
        for _ in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()):
            pass
    except (SyntaxError, ValueError) as exc:      # pyoxigraph says where: "Parser error at line 3 between columns …"
        raise UsageError(f"the dataset description is not Turtle: {' '.join(str(exc).split())}", path)
    g = Graph().parse(data=data, format="turtle")
    datasets = [d for d in g.subjects(URIRef(VOID.uriSpace), None)]
    if not datasets:
        raise UsageError("the file holds no dataset description (no dataset with a void:uriSpace)", path)
    folder = path.parent
    for dist in sorted(g.subjects(URIRef(RDF.type), URIRef(DCAT.Distribution))):
        name = g.value(dist, URIRef(DCT.title))
        size = g.value(dist, URIRef(DCAT.byteSize))
        checksum = g.value(g.value(dist, URIRef(SPDX.checksum)), URIRef(SPDX.checksumValue))
        if not isinstance(name, Literal) or ".." in str(name).split("/") or str(name).startswith("/"):
            continue
        file = folder / str(name)
        if not file.is_file() or not re.fullmatch(r"[0-9]+", str(size)) or not re.fullmatch(r"[0-9a-f]{64}", str(checksum)):
            continue                              # a malformed size or checksum is the shapes' to report
        body = file.read_bytes()
        if str(len(body)) != str(size) or hashlib.sha256(body).hexdigest() != str(checksum):
            raise UsageError(f"the dataset description does not match {name} ({len(body)} bytes here, {size} in the "
                             "description, or another SHA-256): it is left from another build; rebuild", path)
    return g
