"""The shapes compiled to SPARQL (the default engine) give exactly pySHACL's results.

pySHACL is the reference implementation; the SPARQL engine exists for corpus scale.  Every result
field is compared — focus, path, severity, shape, message (templates filled) and the node in words —
on every shape fixture, on the seed corpus and on a synthetic sample.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph

from build_graph.build import build
from build_graph.shacl_sparql import CompiledShapes, Unsupported
from build_graph.synth import write_corpus
from build_graph.validate import load_dataset, load_shapes, validate, validate_graph

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
SHAPES = load_shapes()


def _key(r) -> tuple:
    return (r.plan, r.severity, r.focus, r.path, r.message, r.shape, r.node, r.component, r.value,
            tuple(sorted((_key(d) for d in r.details), key=repr)))


def _keys(results) -> Counter:
    return Counter(_key(r) for r in results)


def _fixture_files():
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        kind = json.loads((folder / "expected.json").read_text(encoding="utf-8")).get("kind", "plan")
        for ttl in sorted(folder.glob("*.ttl")):
            spec = folder / ("expected.json" if ttl.stem in ("pass", "fail") else f"{ttl.stem}.json")
            k = json.loads(spec.read_text(encoding="utf-8")).get("kind", kind) if spec.exists() else kind
            yield pytest.param(ttl, k, id=f"{folder.name}/{ttl.stem}")


@pytest.mark.parametrize("path,kind", list(_fixture_files()))
def test_same_results_on_every_shape_fixture(path, kind):
    data = Graph().parse(path, format="turtle")
    sparql = validate_graph(data, kind, SHAPES, engine="sparql")
    reference = validate_graph(data, kind, SHAPES, engine="pyshacl")
    assert _keys(sparql) == _keys(reference)


def test_same_results_on_the_seed_corpus(corpus_build):
    _, out = corpus_build
    ds = load_dataset(out / "zwgk.trig")
    sparql = validate(ds, SHAPES, engine="sparql")
    reference = validate(ds, SHAPES, jobs=2, engine="pyshacl")
    assert [sparql.count(s) for s in ("Violation", "Warning", "Info")] == [0, 13, 198]
    assert _keys(sparql.results) == _keys(reference.results)


def test_same_results_on_synthetic_plans(tmp_path):
    write_corpus(12, 11, tmp_path / "docs")
    build([tmp_path / "docs"], out=tmp_path / "out")
    ds = load_dataset(tmp_path / "out" / "zwgk.trig")
    sparql = validate(ds, SHAPES, engine="sparql")
    reference = validate(ds, SHAPES, jobs=2, engine="pyshacl")
    assert len(sparql.results) > 100
    assert _keys(sparql.results) == _keys(reference.results)


def test_a_feature_the_engine_lacks_is_refused_not_skipped():
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ex:p ; sh:maxLength 3 ; sh:name "p" ; sh:message "too long" ] .
    """, format="turtle")
    with pytest.raises(Unsupported, match="maxLength"):
        CompiledShapes(shapes)


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_results_under_an_sh_node_are_its_details_not_results_of_their_own(engine):
    """SHACL §5.3.2 / pySHACL's own sh:result list: a plan whose source document fails SourceDocumentShape
    has ONE result (PlanShape's sh:node constraint); the two failures of the source document are its
    sh:detail.  Counting them as results of their own gave three."""
    from rdflib.namespace import SH

    from build_graph.validate import Report, to_turtle

    data = Graph().parse(FIXTURES / "SourceDocumentShape" / "fail.ttl", format="turtle")
    results = validate_graph(data, "plan", SHAPES, engine=engine)
    assert [(r.shape, r.component, r.value) for r in results] == [
        ("PlanShape/source document", "NodeConstraintComponent", "<https://w3id.org/zwgk/id/source/3f2a9c0d17b4e865>")]
    assert sorted((d.shape, d.component) for d in results[0].details) == [
        ("SourceDocumentShape/SHA-256", "PatternConstraintComponent"),
        ("SourceDocumentShape/file name", "MinCountConstraintComponent")]
    report = Graph().parse(data=to_turtle(Report(results=results, plans=["test"])), format="turtle")
    top = list(report.objects(None, SH.result))
    assert len(top) == 1 and len(list(report.objects(top[0], SH.detail))) == 2


def _str(term):
    return None if term is None else str(term)


def test_rdfs_inference_changes_no_result(corpus_build):
    """The shapes and the ontology's axioms agree: pySHACL with ``inference="rdfs"`` over each shard and
    the ontology (domains, ranges, sub-classes and sub-properties all applied) reports exactly what
    ``zwgk validate`` reports with its sub-class typing only — no domain or range makes a node something
    a shape then rejects."""
    from pyshacl import validate as shacl_validate
    from rdflib.namespace import RDF, SH

    from build_graph.validate import ENGINES, shards

    _, out = corpus_build
    compared = 0
    for key, data_nt, shapes_ttl, onto_ttl in shards(load_dataset(out / "zwgk.trig"), SHAPES):
        _, report, _ = shacl_validate(Graph().parse(data=data_nt, format="nt"),
                                      shacl_graph=Graph().parse(data=shapes_ttl, format="turtle"),
                                      ont_graph=Graph().parse(data=onto_ttl, format="turtle"), inference="rdfs",
                                      advanced=True, allow_infos=True, allow_warnings=True)
        node = report.value(predicate=RDF.type, object=SH.ValidationReport, any=False)
        inferred = Counter((str(report.value(r, SH.focusNode)), _str(report.value(r, SH.resultPath)),
                            str(report.value(r, SH.resultSeverity)).split("#")[-1])
                           for r in report.objects(node, SH.result))
        ours = Counter((r["focus"], r["path"], r["severity"]) for r in ENGINES["sparql"]((key, data_nt, shapes_ttl, onto_ttl)))
        assert inferred == ours, f"{key}: only with RDFS: {sorted((inferred - ours).elements())[:5]}, " \
                                 f"only without: {sorted((ours - inferred).elements())[:5]}"
        compared += sum(ours.values())
    assert compared >= 200
