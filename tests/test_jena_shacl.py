"""Our SHACL reports against Apache Jena's, on every shape fixture and on the seed build.

Each case is validated twice — by ``zwgk validate``'s engine, its report written as Turtle
(:func:`build_graph.validate.to_turtle`), and by Jena SHACL on the same data graph (the shard's
triples plus the superclass types the ontology implies, :func:`build_graph.validate.shard_graph`).
The two reports must hold the same top-level results — the same focus node, path, severity and
constraint component, as many times — and say ``sh:conforms`` alike; results nested under a failing
``sh:node`` are ``sh:detail``, not results of the report.  The seed build's dataset description
(out/dataset.ttl, the ``dataset`` shard, with shapes/dataset-shapes.ttl) is one more case, checked on
our side by pySHACL as ``zwgk validate`` checks it.  All cases run in one JVM
(tests/engines/ZwgkJena.java).  Skipped, naming the install command, where Jena is not installed
(see tests/second_engines.py).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from build_graph.validate import (ENGINES, Report, Result, description_shard, load_dataset, shard_graph, shards,
                                  to_turtle)
from tests.second_engines import jena, require

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"


def _fixture_cases():
    """Every fixture file of tests/fixtures/shapes with the kind of shapes it is checked with."""
    cases = []
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        kind = json.loads((folder / "expected.json").read_text(encoding="utf-8")).get("kind", "plan")
        for ttl in sorted(folder.glob("*.ttl")):
            spec = folder / ("expected.json" if ttl.stem in ("pass", "fail") else f"{ttl.stem}.json")
            case_kind = json.loads(spec.read_text(encoding="utf-8")).get("kind", kind) if spec.exists() else kind
            cases.append((f"{folder.name}/{ttl.stem}", ttl, case_kind))
    return cases


def _keys(report: Graph) -> tuple[bool, Counter]:
    """``sh:conforms`` and the top-level results of a report, as (focus, path, severity, component)."""
    node = report.value(predicate=RDF.type, object=SH.ValidationReport, any=False)
    keys = Counter()
    for r in report.objects(node, SH.result):
        path = report.value(r, SH.resultPath)
        keys[(str(report.value(r, SH.focusNode)), str(path) if isinstance(path, URIRef) else None,
              str(report.value(r, SH.resultSeverity)).split("#")[-1],
              str(report.value(r, SH.sourceConstraintComponent)).split("#")[-1])] += 1
    return report.value(node, SH.conforms).toPython(), keys


def _broken(description: Graph) -> Graph:
    """The seed description with a Violation for sh:node, sh:or, sh:class, sh:minCount, sh:maxCount."""
    from rdflib import Literal, Namespace
    from rdflib.namespace import DCTERMS, FOAF

    base, spdx = "https://w3id.org/zwgk/id/", Namespace("http://spdx.org/rdf/terms#")
    g = Graph()
    for t in description:
        g.add(t)
    d, dist = URIRef(base + "dataset"), URIRef(base + "dataset/distribution/zwgk.trig")
    publisher = g.value(d, DCTERMS.publisher)
    g.remove((publisher, RDF.type, None))                                       # sh:node -> sh:class foaf:Agent
    g.add((publisher, RDF.type, FOAF.Person))
    g.set((d, DCTERMS.issued, Literal("2018-01")))                              # sh:or: neither date nor year
    g.add((d, DCTERMS.license, URIRef("https://example.org/licence")))          # sh:maxCount
    g.remove((dist, DCTERMS.title, None))                                       # sh:minCount
    checksum = g.value(dist, spdx.checksum)
    g.set((checksum, spdx.checksumValue, Literal("ABCD")))                      # sh:node -> datatype, pattern
    return g


@pytest.fixture(scope="module")
def compared(corpus_build, tmp_path_factory):
    """{case: (our conforms and keys, Jena's)} for every fixture and every shard of the seed build."""
    work = tmp_path_factory.mktemp("jena")
    classpath = require("jena", work)
    from build_graph.validate import load_shapes

    shapes = load_shapes()
    shapes_files = {}
    for kind, g in shapes.items():
        shapes_files[kind] = work / f"{kind}-shapes.ttl"
        g.serialize(shapes_files[kind], format="turtle")
    onto_ttl = None
    jobs = []            # (case, data N-Triples, shapes Turtle, kind)
    for case, ttl, kind in _fixture_cases():
        from build_graph.emitter import ontology_path

        onto_ttl = onto_ttl or Graph().parse(ontology_path(), format="turtle").serialize(format="turtle")
        data_nt = Graph().parse(ttl, format="turtle").serialize(format="nt")
        jobs.append((case, data_nt, shapes[kind].serialize(format="turtle"), onto_ttl, kind))
    _, out = corpus_build
    for key, data_nt, shapes_ttl, shard_onto in shards(load_dataset(out / "zwgk.trig"), shapes):
        jobs.append((f"seeds/{key}", data_nt, shapes_ttl, shard_onto, "registry" if key == "registry" else "plan"))
    description = Graph().parse(out / "dataset.ttl", format="turtle")
    _, data_nt, shapes_ttl, shard_onto = description_shard(description, shapes)
    jobs.append(("seeds/dataset", data_nt, shapes_ttl, shard_onto, "dataset"))
    _, data_nt, shapes_ttl, shard_onto = description_shard(_broken(description), shapes)
    jobs.append(("broken/dataset", data_nt, shapes_ttl, shard_onto, "dataset"))
    args, ours = [], {}
    for n, (case, data_nt, shapes_ttl, onto, kind) in enumerate(jobs):
        data_file, report_file = work / f"data-{n}.nt", work / f"report-{n}.nt"
        shard_graph(data_nt, onto).serialize(data_file, format="nt", encoding="utf-8")
        args += [str(shapes_files[kind]), str(data_file), str(report_file)]
        engine = ENGINES["pyshacl" if kind == "dataset" else "sparql"]      # as zwgk validate runs the shard
        results = [Result.from_dict(r) for r in engine(("dataset" if kind == "dataset" else case, data_nt, shapes_ttl, onto))]
        ours[case] = (_keys(Graph().parse(data=to_turtle(Report(results=results)), format="turtle")), report_file)
    jena(classpath, "shacl", *args)
    return {case: (mine, _keys(Graph().parse(report_file, format="nt"))) for case, (mine, report_file) in ours.items()}


def test_every_fixture_and_seed_shard_is_compared(compared):
    assert sum(c.startswith("seeds/") for c in compared) == 6          # four plans, the registry, the description
    assert len(compared) - 7 == len(_fixture_cases()) >= 40            # and the broken description


def test_the_description_reports_equal_jena(compared):
    """The seed description (15 Warnings: no access URL for its 15 files) and a broken one, with pySHACL."""
    (conforms, mine), (jena_conforms, theirs) = compared["seeds/dataset"]
    assert not conforms and not jena_conforms and mine == theirs and sum(mine.values()) == 15
    (conforms, mine), (jena_conforms, theirs) = compared["broken/dataset"]
    assert not conforms and not jena_conforms
    assert mine == theirs, f"only ours: {sorted((mine - theirs).elements())}\nonly Jena's: {sorted((theirs - mine).elements())}"
    components = Counter(c for (_, _, severity, c), n in mine.items() if severity == "Violation" for _ in range(n))
    assert components == {"NodeConstraintComponent": 2, "OrConstraintComponent": 1, "MaxCountConstraintComponent": 1,
                          "MinCountConstraintComponent": 1}, components


@pytest.mark.parametrize("case", [c for c, _, _ in _fixture_cases()])
def test_fixture_report_equals_jena(compared, case):
    (conforms, mine), (jena_conforms, theirs) = compared[case]
    assert conforms == jena_conforms
    if case.endswith("/fail"):                     # a fail case both engines find nothing in proves nothing
        assert sum(mine.values()) > 0 and not conforms, case
    assert mine == theirs, f"only ours: {sorted((mine - theirs).elements())}\nonly Jena's: {sorted((theirs - mine).elements())}"


def test_seed_reports_equal_jena(compared):
    total = Counter()
    for case, ((conforms, mine), (jena_conforms, theirs)) in sorted(compared.items()):
        if case.startswith("seeds/"):
            assert conforms == jena_conforms, case
            assert mine == theirs, (f"{case}: only ours: {sorted((mine - theirs).elements())}\n"
                                    f"only Jena's: {sorted((theirs - mine).elements())}")
            total += mine
    by_severity = Counter()
    for (_, _, severity, _), n in total.items():
        by_severity[severity] += n
    # the seed build's report, as `make validate` prints it: 0 Violation, 28 Warning, 198 Info
    assert by_severity == {"Warning": 28, "Info": 198}


def test_the_comparison_sees_results(compared):
    """Not an agreement on nothing: the fail fixtures and the seeds give results in both engines."""
    fixtures = sum(sum(mine.values()) for c, ((_, mine), _) in compared.items() if not c.startswith("seeds/"))
    seeds = sum(sum(mine.values()) for c, ((_, mine), _) in compared.items() if c.startswith("seeds/"))
    print(f"fixture results {fixtures}, seed results {seeds}")
    assert fixtures >= 60 and seeds >= 200
