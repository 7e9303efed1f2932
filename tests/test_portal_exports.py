"""Exports for data portals: compacted JSON-LD against the published context, the DCAT / VoID
description with a distribution per file (out/dataset.ttl, out/dataset.jsonld), plan files that read
alone, and the DCAT shapes the description meets."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS

from build_graph.namespaces import DCAT, FOAF, SPDX, VOID
from tests.conftest import BASE, DOCUMENTS, ROOT

# a plain namespace: pytest's collection probes module attributes, and rdflib's closed XSD warns on each probe
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

PLANS = ["210000-2017", "440000-2017", "440000-2021", "442000-2017"]
D = URIRef(BASE + "dataset")
#: every file a seed build writes but the two descriptions, which describe it
DESCRIBED = sorted(["context.jsonld", "links.ttl", "rejected.tsv", "residue.tsv", "zwgk.jsonld", "zwgk.trig",
                    "zwgk.ttl"] + [f"plans/{k}.{ext}" for k in PLANS for ext in ("ttl", "jsonld")])


def _inline(path: Path, out: Path) -> str:
    """The JSON-LD document, whose context is out/context.jsonld's, inline (parsed with no loader, no network)."""
    text = path.read_text(encoding="utf-8")
    assert json.loads(text)["@context"] == json.loads((out / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    return text


def _description(out: Path) -> Graph:
    return Graph().parse(out / "dataset.ttl", format="turtle")


# -- the context --------------------------------------------------------------------------------------

def test_published_context_is_the_one_the_ontology_implies(corpus_build):
    """ontology/context.jsonld is what `python -m build_graph.jsonld` prints (regenerate it after adding a
    property); out/context.jsonld is the same bytes."""
    from build_graph.jsonld import context_path, context_text, make_context

    _, out = corpus_build
    assert context_path().read_text(encoding="utf-8") == context_text(make_context()), \
        "ontology/context.jsonld is stale: run .venv/bin/python -m build_graph.jsonld > ontology/context.jsonld"
    assert (out / "context.jsonld").read_bytes() == context_path().read_bytes()
    ctx = json.loads(context_path().read_text(encoding="utf-8"))["@context"]
    assert ctx["zwgk"] == "https://w3id.org/zwgk/ontology#" and ctx["spdx"] == SPDX
    assert ctx["agency"] == {"@id": "zwgk:agency", "@type": "@id"}
    assert ctx["sourceLine"] == {"@id": "zwgk:sourceLine", "@type": "xsd:integer"}
    assert ctx["year"] == {"@id": "zwgk:year", "@type": "xsd:gYear"}
    assert ctx["date"] == {"@id": "zwgk:date", "@type": "xsd:date"}
    assert ctx["text"] == {"@id": "zwgk:text"}                     # a language-tagged string: no coercion


# -- JSON-LD round trips ------------------------------------------------------------------------------

def test_each_plan_json_ld_parses_back_to_its_turtle(corpus_build):
    """plans/KEY.jsonld is compacted (terms of the context, not full IRIs) and holds exactly the triples of
    plans/KEY.ttl, read by rdflib and by pyoxigraph."""
    _, out = corpus_build
    for key in PLANS:
        path = out / "plans" / f"{key}.jsonld"
        text = _inline(path, out)
        doc = json.loads(text)
        plan = next(n for n in doc["@graph"] if n["@id"] == BASE + f"plan/{key}")
        assert plan["@type"] == "zwgk:Plan" and plan["jurisdiction"] == BASE + f"jurisdiction/{key[:6]}"
        assert plan["year"] == key[-4:]
        turtle = Graph().parse(out / "plans" / f"{key}.ttl", format="turtle")
        assert isomorphic(Graph().parse(data=text, format="json-ld"), turtle), key
        assert set(ox.parse(text, format=ox.RdfFormat.JSON_LD)) == \
            set(ox.parse(path=str(out / "plans" / f"{key}.ttl"), format=ox.RdfFormat.TURTLE)), key


def test_whole_json_ld_parses_back_to_the_trig(corpus_build):
    """zwgk.jsonld: one @graph per named graph, each isomorphic to the TriG's (the ontology's blank nodes
    included), by rdflib and by pyoxigraph (canonicalised)."""
    _, out = corpus_build
    text = _inline(out / "zwgk.jsonld", out)
    assert [g["@id"] for g in json.loads(text)["@graph"]] == sorted(
        [BASE + "graph/ontology", BASE + "graph/registry", BASE + "graph/links", BASE + "graph/summary"]
        + [BASE + "graph/plan/" + k for k in PLANS])
    from_json, from_trig = Dataset(), Dataset()
    from_json.parse(data=text, format="json-ld")
    from_trig.parse(out / "zwgk.trig", format="trig")
    graphs = {str(g.identifier): g for g in from_trig.graphs() if len(g)}
    read = {str(g.identifier): g for g in from_json.graphs() if len(g)}
    assert sorted(read) == sorted(graphs)
    for name, g in graphs.items():
        assert isomorphic(g, read[name]), name
    a = ox.Dataset(ox.parse(text, format=ox.RdfFormat.JSON_LD))
    b = ox.Dataset(ox.parse(path=str(out / "zwgk.trig"), format=ox.RdfFormat.TRIG))
    for ds in (a, b):
        ds.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    assert set(a) == set(b) and len(b) > 10_000


def test_dataset_json_ld_is_the_dataset_turtle(corpus_build):
    _, out = corpus_build
    g = Graph().parse(data=_inline(out / "dataset.jsonld", out), format="json-ld")
    assert isomorphic(g, _description(out))
    assert set(ox.parse(_inline(out / "dataset.jsonld", out), format=ox.RdfFormat.JSON_LD)) == \
        set(ox.parse(path=str(out / "dataset.ttl"), format=ox.RdfFormat.TURTLE))


# -- the description ----------------------------------------------------------------------------------

def test_a_distribution_per_file_with_its_size_and_sha256(corpus_build):
    _, out = corpus_build
    g = _description(out)
    dists = sorted(g.subjects(RDF.type, DCAT.Distribution))
    assert len(dists) == len(DESCRIBED) == 15
    by_title = {str(g.value(x, DCTERMS.title)): x for x in dists}
    assert sorted(by_title) == DESCRIBED
    for path, x in by_title.items():
        data = (out / path).read_bytes()
        assert g.value(x, DCAT.byteSize) == Literal(str(len(data)), datatype=XSD.nonNegativeInteger), path
        checksum = g.value(x, URIRef(SPDX + "checksum"))
        assert g.value(checksum, URIRef(SPDX + "algorithm")) == URIRef(SPDX + "checksumAlgorithm_sha256")
        assert str(g.value(checksum, URIRef(SPDX + "checksumValue"))) == hashlib.sha256(data).hexdigest(), path
        # no --download-base: no URL (tests below give one)
        assert g.value(x, DCAT.downloadURL) is None and g.value(x, DCAT.accessURL) is None
    media = {p: str(g.value(x, DCAT.mediaType)).rsplit("/", 2)[-2:] for p, x in by_title.items()}
    assert media["zwgk.trig"] == ["application", "trig"] and media["zwgk.ttl"] == ["text", "turtle"]
    assert media["plans/440000-2017.jsonld"] == ["application", "ld+json"]
    assert media["residue.tsv"] == ["text", "tab-separated-values"]
    # plan files are distributions of their plan graph, the others of the dataset
    assert by_title["plans/440000-2017.ttl"] in set(g.objects(URIRef(BASE + "graph/plan/440000-2017"), DCAT.distribution))
    assert by_title["links.ttl"] in set(g.objects(URIRef(BASE + "graph/links"), DCAT.distribution))
    assert by_title["zwgk.trig"] in set(g.objects(D, DCAT.distribution))
    assert all((x, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in g for x in by_title.values())


def test_description_dates_publisher_and_counts(corpus_build):
    """issued / modified: the earliest and latest of the plans' dates — the earliest is Liaoning's stated
    2017年4月26日; the latest is Guangdong 2021's year, which states no date of issue (not Zhongshan's
    2017年06月09日, the latest stated date); the default publisher; void:triples per graph as the TriG has them."""
    _, out = corpus_build
    assert "2017年4月26日" in (DOCUMENTS / "liaoning-2017-province-plan.txt").read_text(encoding="utf-8")
    assert "2017年06月09日" in (DOCUMENTS / "zhongshan-2017-city-plan.txt").read_text(encoding="utf-8")
    g = _description(out)
    assert g.value(D, DCTERMS.issued) == Literal("2017-04-26", datatype=XSD.date)
    assert g.value(D, DCTERMS.modified) == Literal("2021", datatype=XSD.gYear)
    period = g.value(D, DCTERMS.temporal)
    assert (g.value(period, DCAT.startDate), g.value(period, DCAT.endDate)) == \
        (Literal("2017", datatype=XSD.gYear), Literal("2021", datatype=XSD.gYear))
    publisher = g.value(D, DCTERMS.publisher)
    assert g.value(publisher, URIRef(FOAF + "name")) == Literal("zwgk project")
    assert (publisher, RDF.type, URIRef(FOAF + "Agent")) in g
    assert g.value(D, VOID.uriSpace) == Literal(BASE)
    assert g.value(D, VOID.sparqlEndpoint) is None and not list(g.subjects(RDF.type, DCAT.DataService))
    ds = Dataset()
    ds.parse(out / "zwgk.trig", format="trig")
    graphs = {str(x.identifier): x for x in ds.graphs() if len(x)}
    assert sorted(str(s) for s in g.objects(D, VOID.subset)) == sorted(graphs)
    for name, x in graphs.items():
        sub = URIRef(name)
        assert g.value(sub, VOID.triples).toPython() == len(x), name
        assert g.value(sub, VOID.distinctSubjects).toPython() == len(set(x.subjects())), name
        assert g.value(sub, VOID.classes).toPython() == len(set(x.objects(None, RDF.type))), name
        assert g.value(sub, VOID.entities).toPython() == len({s for s in x.subjects() if str(s).startswith(BASE)})
    assert g.value(D, VOID.triples).toPython() == sum(len(x) for x in graphs.values())


def test_build_options_publisher_download_base_and_endpoint(tmp_path):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "build_graph.cli", "build", str(DOCUMENTS / "liaoning-2017-province-plan.txt"),
           "--out", str(out), "--publisher", "Open Data Lab <http://xmlns.com/foaf/0.1/>", "--download-base", "https://data.example.org/zwgk/",
           "--sparql-endpoint", "https://data.example.org/zwgk/sparql"]
    subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True)
    g = Graph().parse(out / "dataset.ttl", format="turtle")
    assert g.value(g.value(D, DCTERMS.publisher), URIRef(FOAF + "name")) == Literal("Open Data Lab <http://xmlns.com/foaf/0.1/>")
    trig = g.value(predicate=DCTERMS.title, object=Literal("zwgk.trig"))
    assert g.value(trig, DCAT.downloadURL) == URIRef("https://data.example.org/zwgk/zwgk.trig") == g.value(trig, DCAT.accessURL)
    assert URIRef("https://data.example.org/zwgk/zwgk.trig") in set(g.objects(D, VOID.dataDump))
    assert g.value(D, VOID.sparqlEndpoint) == URIRef("https://data.example.org/zwgk/sparql")
    service = g.value(None, DCAT.servesDataset, D)
    assert g.value(service, DCAT.endpointURL) == URIRef("https://data.example.org/zwgk/sparql")
    conforms, _, text = _conforms(g)
    assert conforms, text
    bad = subprocess.run(cmd[:-1] + ["not a url"], cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 2 and "--sparql-endpoint" in bad.stderr
    bad = subprocess.run([*cmd[:10], "https://data.example.org/zwgk"], cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 2 and "must end with '/'" in bad.stderr
    for url, why in [("http://x/%zz/", "not a valid IRI"), ("https:///", "no host"), ("http://[x/", "not a valid IRI"),
                     ("http://x/?q=1#f/", "no query or fragment")]:
        bad = subprocess.run([*cmd[:10], url], cwd=ROOT, capture_output=True, text=True)
        assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and why in bad.stderr, (url, bad.stderr)


# -- plan files read alone ----------------------------------------------------------------------------

def test_plan_file_is_its_graph_plus_the_registry_triples_it_needs(corpus_build):
    """plans/KEY.ttl = the plan graph's Turtle (byte for byte, as in the TriG) followed by registry triples:
    the plan graph's description (licence, part of the dataset) and the types and labels of the agencies
    and jurisdictions it names; every triple of it is in the TriG."""
    _, out = corpus_build
    ds = Dataset()
    ds.parse(out / "zwgk.trig", format="trig")
    registry = ds.graph(URIRef(BASE + "graph/registry"))
    for key in PLANS:
        name = URIRef(BASE + "graph/plan/" + key)
        plan_graph = ds.graph(name)
        whole = Graph().parse(out / "plans" / f"{key}.ttl", format="turtle")
        extra = set(whole) - set(plan_graph)
        assert set(plan_graph) <= set(whole) and extra <= set(registry), key
        assert (name, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in extra
        assert (name, DCTERMS.isPartOf, D) in extra and (D, VOID.subset, name) in extra
        named = {o for o in plan_graph.objects() if str(o).startswith((BASE + "agency/", BASE + "jurisdiction/"))}
        assert named and all(whole.value(a, RDFS.label) is not None for a in named), key
        for agency in (a for a in named if "/agency/" in a):
            place = whole.value(agency, URIRef("https://w3id.org/zwgk/ontology#jurisdiction"))
            assert set(whole.objects(agency, RDFS.label)) == set(registry.objects(agency, RDFS.label))
            assert place is not None and whole.value(place, RDFS.label, any=True) is not None, agency
        text = (out / "plans" / f"{key}.ttl").read_text(encoding="utf-8")
        head = text.split("\n# From the registry graph")[0]
        assert isomorphic(Graph().parse(data=head, format="turtle"), plan_graph), key


# -- DCAT shapes --------------------------------------------------------------------------------------

def _conforms(g: Graph):
    from pyshacl import validate

    shapes = Graph().parse(ROOT / "shapes" / "dataset-shapes.ttl", format="turtle")
    conforms, results, text = validate(g, shacl_graph=shapes, inference="none")
    return conforms, results, text


def test_description_meets_the_dcat_shapes(corpus_build):
    """No Violation; without --download-base, a Warning per distribution for its missing dcat:accessURL
    (with the option, it conforms: see test_build_options_publisher_download_base_and_endpoint)."""
    from rdflib.namespace import SH

    _, out = corpus_build
    conforms, results, text = _conforms(_description(out))
    found = sorted((str(results.value(r, SH.resultPath)).rsplit("#", 1)[-1],
                    str(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1])
                   for r in results.subjects(RDF.type, SH.ValidationResult))
    assert found == [("accessURL", "Warning")] * 15, text


def test_a_broken_description_fails_the_dcat_shapes(corpus_build):
    from rdflib.namespace import SH

    _, out = corpus_build
    g = _description(out)
    dist = URIRef(BASE + "dataset/distribution/zwgk.trig")
    g.remove((dist, DCAT.byteSize, None))
    checksum = g.value(dist, URIRef(SPDX + "checksum"))
    g.set((checksum, URIRef(SPDX + "checksumValue"), Literal("ABCD", datatype=XSD.hexBinary)))
    g.remove((D, DCTERMS.publisher, None))
    g.add((D, DCTERMS.issued, Literal("2018-01-01", datatype=XSD.date)))
    conforms, results, _ = _conforms(g)
    assert not conforms
    found = sorted((str(results.value(r, SH.focusNode)).rsplit("/", 1)[-1],
                    str(results.value(r, SH.resultPath)).rsplit("/", 1)[-1].rsplit("#", 1)[-1],
                    str(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1])
                   for r in results.subjects(RDF.type, SH.ValidationResult)
                   if results.value(r, SH.resultSeverity) == SH.Violation)
    assert found == [("dataset", "issued", "Violation"), ("dataset", "publisher", "Violation"),
                     ("zwgk.trig", "byteSize", "Violation"), ("zwgk.trig", "checksum", "Violation"),
                     ("zwgk.trig", "checksumValue", "Violation")]     # the checksum node itself, and its value


# -- determinism --------------------------------------------------------------------------------------

def test_new_files_are_byte_identical_across_rebuilds(tmp_path):
    def build(out, seed):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-m", "build_graph.cli", "build", str(DOCUMENTS), "--out", str(out)],
                       check=True, cwd=ROOT, env=env, capture_output=True)
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}

    a, b = build(tmp_path / "a", "7"), build(tmp_path / "b", "99")
    assert sorted(a) == sorted(DESCRIBED + ["dataset.jsonld", "dataset.ttl"])
    assert a == b
