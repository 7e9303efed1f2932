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


def _keys(results) -> Counter:
    return Counter((r.plan, r.severity, r.focus, r.path, r.message, r.shape, r.node, r.component, r.value)
                   for r in results)


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
