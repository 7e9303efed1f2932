"""SHACL validation of the four real plans: the exact results the README lists, and the command."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from typer.testing import CliRunner

from build_graph.cli import app
from build_graph.validate import load_dataset, to_json, to_junit, to_turtle, validate
from tests.conftest import ROOT, iri

runner = CliRunner()


@pytest.fixture(scope="module")
def report(corpus_build):
    _, out = corpus_build
    return validate(load_dataset(out / "zwgk.trig"), jobs=2)


def test_no_violations(report):
    assert report.count("Violation") == 0
    assert report.conforms("violation") and not report.conforms("warning")


def test_warnings_are_exactly_the_known_gaps(report):
    warnings = sorted((r.plan, r.shape, r.focus.rsplit("/id/", 1)[-1]) for r in report.results if r.severity == "Warning")
    assert warnings == [
        # Liaoning's 二、工作要求 part: three paragraphs name no agency at all
        ("210000-2017", "AddressedToNoOneShape", "plan/210000-2017/req/2-2-p1"),
        ("210000-2017", "AddressedToNoOneShape", "plan/210000-2017/req/2-4-p1"),
        ("210000-2017", "AddressedToNoOneShape", "plan/210000-2017/req/2-5-p1"),
        ("210000-2017", "PlanShape/document number", "plan/210000-2017"),
        # Guangdong 2017: theme 九's heading and its items 1-4 are lost; no date, number or issuer printed
        ("440000-2017", "LostItemsShape", "plan/440000-2017/theme/9"),
        ("440000-2017", "PlanShape/document number", "plan/440000-2017"),
        ("440000-2017", "PlanShape/issue date", "plan/440000-2017"),
        ("440000-2017", "PlanShape/issuer", "plan/440000-2017"),
        ("440000-2017", "ReconstructedThemeShape", "plan/440000-2017/theme/9"),
        ("440000-2021", "PlanShape/document number", "plan/440000-2021"),
        ("440000-2021", "PlanShape/issue date", "plan/440000-2021"),
        ("440000-2021", "PlanShape/issuer", "plan/440000-2021"),
        ("442000-2017", "PlanShape/document number", "plan/442000-2017"),
    ]
    lost = next(r for r in report.results if r.shape == "LostItemsShape")
    assert "items 1-4 of the lost theme 九" in lost.message and "第1至4项" in lost.message


def test_info_counts_leads_resting_on_layout(report, sparql):
    infos = Counter(r.plan for r in report.results if r.severity == "Info")
    # Guangdong 2017: 35 merged-cell + 83 shared-block leads; Zhongshan: 60 merged-cell leads;
    # Guangdong 2021: 20 of its 26 leads sit in shared or merged cells
    assert infos == {"440000-2017": 118, "442000-2017": 60, "440000-2021": 20}
    n = sparql("""SELECT (COUNT(?o) AS ?n) WHERE { ?o zwgk:role zwgk:Lead ; zwgk:evidence ?e .
                  FILTER(?e IN (zwgk:MergedCell, zwgk:SharedBlock)) }""")
    assert n == [("198",)]
    one = next(r for r in report.results if r.severity == "Info" and r.focus == iri(
        "plan/440000-2017/req/2-4/lead/440000-renliziyuanheshehuibaozhangting"))
    assert one.node.endswith("二 · 第4项 item 4 · 广东省人力资源和社会保障厅 (Lead)")


def test_report_formats(report):
    data = json.loads(to_json(report))
    assert data["counts"]["440000-2017"] == {"Violation": 0, "Warning": 5, "Info": 118}
    junit = ET.fromstring(to_junit(report, "warning"))
    suites = {s.get("name"): int(s.get("failures")) for s in junit.iter("testsuite")}
    assert suites == {"210000-2017": 4, "440000-2017": 5, "440000-2021": 3, "442000-2017": 1, "registry": 0}
    assert {s.get("name"): int(s.get("failures")) for s in ET.fromstring(to_junit(report)).iter("testsuite")} == {
        "210000-2017": 0, "440000-2017": 0, "440000-2021": 0, "442000-2017": 0, "registry": 0}
    # SHACL §3.6.1: conforms is false whenever a result exists (Warnings and Infos included)
    from rdflib import Graph, Literal
    from rdflib.namespace import SH

    g = Graph().parse(data=to_turtle(report), format="turtle")
    assert list(g.objects(None, SH.conforms)) == [Literal(False)]
    assert len(list(g.objects(None, SH.result))) == 211
    # every result carries what SHACL requires of it (§3.6.2), and the failing value where there is one
    for r in g.objects(None, SH.result):
        for prop in (SH.focusNode, SH.resultSeverity, SH.sourceConstraintComponent, SH.sourceShape):
            assert g.value(r, prop) is not None, (r, prop)
    components = {str(c).split("#")[-1] for c in g.objects(None, SH.sourceConstraintComponent)}
    assert components == {"SPARQLConstraintComponent", "MinCountConstraintComponent", "InConstraintComponent"}
    assert all(g.value(r, SH.value) is not None for r in g.objects(None, SH.result)
               if g.value(r, SH.sourceConstraintComponent) == SH.SPARQLConstraintComponent)


def test_cli_exit_codes(corpus_build):
    _, out = corpus_build
    trig = str(out / "zwgk.trig")
    text = runner.invoke(app, ["validate", trig])
    assert text.exit_code == 0, text.output
    # the plans and the registry: 0 Violation, 13 Warning, 198 Info; the description beside the TriG file
    # (out/dataset.ttl, the "dataset" shard) adds 30 Warning: no download or access URL for its 15 files
    assert "0 Violation, 28 Warning, 198 Info: conforms (fail on violation)" in text.output
    strict = runner.invoke(app, ["validate", trig, "--fail-on", "warning", "--format", "junit"])
    assert strict.exit_code == 1
    assert ET.fromstring(strict.output).get("name") == "zwgk validate"


def test_unusable_input_exits_2(tmp_path):
    missing = runner.invoke(app, ["validate", str(tmp_path / "nope.trig")])
    assert missing.exit_code == 2 and "no such dataset file" in missing.stderr
    garbage = tmp_path / "bad.trig"
    garbage.write_text("<a> <b> .", encoding="utf-8")
    bad = runner.invoke(app, ["validate", str(garbage)])
    assert bad.exit_code == 2 and "cannot read the dataset" in bad.stderr
    folder = runner.invoke(app, ["validate", str(tmp_path)])      # a folder with no zwgk.trig in it
    assert folder.exit_code == 2 and "a folder, not a dataset" in folder.stderr
    assert len(folder.stderr.strip().splitlines()) == 1
    shapes = tmp_path / "shapes"
    shutil.copytree(ROOT / "shapes", shapes)
    p = shapes / "plan-shapes.ttl"
    p.write_text(p.read_text(encoding="utf-8").replace("sh:maxCount 1 ; sh:datatype xsd:gYear",
                                                       "sh:minCont 1 ; sh:maxCount 1 ; sh:datatype xsd:gYear"),
                 encoding="utf-8")
    broken = runner.invoke(app, ["validate", str(garbage), "--shapes", str(shapes)])
    assert broken.exit_code == 2 and "unknown SHACL term sh:minCont" in broken.stderr
    assert len(broken.stderr.strip().splitlines()) == 1


def test_unknown_engine_and_a_shape_the_sparql_engine_lacks_exit_2(corpus_build, tmp_path):
    _, out = corpus_build
    trig = str(out / "zwgk.trig")
    engine = runner.invoke(app, ["validate", trig, "--engine", "jena"])
    assert engine.exit_code == 2
    assert engine.stderr.strip() == "zwgk: error: unknown validation engine 'jena': use sparql or pyshacl"
    shapes = tmp_path / "shapes"
    shutil.copytree(ROOT / "shapes", shapes)
    p = shapes / "plan-shapes.ttl"
    text = p.read_text(encoding="utf-8")
    assert "sh:path zwgk:fileName ; sh:minCount 1 ;" in text
    # sh:maxLength is valid SHACL (the shapes' own checks pass) but not compiled: refused, not skipped
    p.write_text(text.replace("sh:path zwgk:fileName ; sh:minCount 1 ;", "sh:path zwgk:fileName ; sh:maxLength 80 ; sh:minCount 1 ;"),
                 encoding="utf-8")
    lacking = runner.invoke(app, ["validate", trig, "--shapes", str(shapes)])
    assert lacking.exit_code == 2 and "maxLength" in lacking.stderr
    assert len(lacking.stderr.strip().splitlines()) == 1
    assert runner.invoke(app, ["validate", trig, "--shapes", str(shapes), "--engine", "pyshacl"]).exit_code == 0
