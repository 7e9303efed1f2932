"""The dataset's DCAT / VoID description for portals (``out/dataset.ttl`` and ``out/dataset.jsonld``).

The registry graph describes ``…/id/dataset`` inside the data (title, licence, keywords, URI space,
each plan graph as a ``void:subset`` with its triple count).  What cannot be inside the data — a
``dcat:Distribution`` per export file with its size and SHA-256 (a file cannot hold its own checksum)
and the statistics of every named graph, the registry included — is written after every other file,
to ``dataset.ttl`` and ``dataset.jsonld``, which describe every file of the build but each other.
Both repeat the registry's description of the dataset, so either one read alone says it all.

Dates come from the documents, never the clock, so rebuilds stay byte-identical: ``dcterms:issued`` is
the earliest and ``dcterms:modified`` the latest issue date a plan states (``dcterms:issued`` of the
plans); where no plan states one, the earliest and latest plan year (``xsd:gYear``).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import namespaces as ns
from .namespaces import NOT_IN_IRI, Ids, Plain
from .terms import Lit, Triples, en, integer, typed, zh

DEFAULT_PUBLISHER = "zwgk project"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
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
    issued = sorted(p.issued for p in plans.values() if p.issued)
    if issued:
        t.add((d, DCT.issued, typed(issued[0], XSD.date)))
        t.add((d, DCT.modified, typed(issued[-1], XSD.date)))
    years = sorted(p.year for p in plans.values() if p.year)
    if years and not issued:
        t.add((d, DCT.issued, typed(years[0], XSD.gYear)))
        t.add((d, DCT.modified, typed(years[-1], XSD.gYear)))
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
