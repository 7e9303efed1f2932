"""`zwgk validate` checks the build's DCAT / VoID description (dataset.ttl beside the TriG file) with
shapes/dataset-shapes.ttl, as one more shard keyed "dataset", always with pySHACL."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SH
from typer.testing import CliRunner

from build_graph.cli import app
from build_graph.namespaces import SPDX
from build_graph.validate import (BrokenShapes, description_shard, load_dataset, load_shapes, shapes_dir,
                                  shard_graph, to_json, to_junit, to_turtle, validate)
from tests.conftest import BASE, ROOT

runner = CliRunner()
D = URIRef(BASE + "dataset")
#: the files a seed build describes (tests/test_portal_exports.py DESCRIBED): a distribution each
FILES = 15
TRIG_DIST = URIRef(BASE + "dataset/distribution/zwgk.trig")


@pytest.fixture(scope="module")
def description(corpus_build) -> Graph:
    _, out = corpus_build
    return Graph().parse(out / "dataset.ttl", format="turtle")


@pytest.fixture(scope="module")
def report(corpus_build, description):
    _, out = corpus_build
    return validate(load_dataset(out / "zwgk.trig"), jobs=2, description=description)


def _copy_build(out: Path, dest: Path) -> Path:
    """The seed build's TriG file and description in a folder of their own (to break the description)."""
    dest.mkdir()
    shutil.copy(out / "zwgk.trig", dest / "zwgk.trig")
    shutil.copy(out / "dataset.ttl", dest / "dataset.ttl")
    return dest


def test_load_shapes_reads_and_checks_the_dataset_shapes():
    shapes = load_shapes()
    assert set(shapes) == {"plan", "registry", "dataset"}
    g = shapes["dataset"]
    props = set(g.objects(None, SH.property))
    assert len(props) == 32
    for ps in props:      # named, and a Chinese / English message
        assert g.value(ps, SH.name) is not None
        assert re.fullmatch(r"[^/]*[\u4e00-\u9fff][^/]* / [ -~]+", str(g.value(ps, SH.message)).replace("@zh / @en", "@")), \
            g.value(ps, SH.message)


@pytest.mark.parametrize("pattern, replacement, reason", [
    (r"sh:minCount 1", "sh:minCont 1", "unknown SHACL term"),
    (r'(sh:name "publisher" ;)\s*sh:message "[^"]*"', r"\1", "lacks sh:name or sh:message"),
    (r'sh:name "publisher" ;', "", "lacks sh:name or sh:message"),
    (r"sh:targetClass dcat:Dataset", "sh:targetClass dcat:Dataset ; sh:path dcterms:title", "not valid SHACL"),
])
def test_broken_dataset_shapes_are_refused(tmp_path, pattern, replacement, reason):
    folder = tmp_path / "shapes"
    shutil.copytree(shapes_dir(), folder)
    path = folder / "dataset-shapes.ttl"
    text = path.read_text(encoding="utf-8")
    broken, n = re.subn(pattern, replacement, text, count=1)
    assert n == 1, f"pattern {pattern!r} not found: update this test"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(BrokenShapes) as err:
        load_shapes(folder)
    assert reason in str(err.value) and err.value.path.name == "dataset-shapes.ttl"


def test_the_ontology_step_adds_nothing_to_the_description(description):
    """The description names DCAT / VoID / FOAF / SPDX classes only: rdfs:subClassOf inference is a no-op."""
    _, nt, _, onto = description_shard(description, load_shapes())
    assert len(shard_graph(nt, onto)) == len(description)


def test_seed_description_gives_only_the_missing_url_warnings(report):
    """Without --download-base a seed build has no access URL: a Warning per file (a download URL is optional)."""
    mine = [r for r in report.results if r.plan == "dataset"]
    assert report.described and report.keys()[-2:] == ["registry", "dataset"]
    assert report.count("Violation", "dataset") == 0 and report.count("Info", "dataset") == 0
    assert Counter(r.shape for r in mine) == {"DistributionShape/access URL": FILES}
    assert {r.severity for r in mine} == {"Warning"} and len({r.focus for r in mine}) == FILES
    r = next(r for r in mine if r.focus == str(TRIG_DIST))
    assert r.path == "http://www.w3.org/ns/dcat#accessURL" and r.component == "MinCountConstraintComponent"
    assert r.node == "zwgk.trig <dataset/distribution/zwgk.trig>"
    assert r.message.startswith("分发须有 dcat:accessURL") and "build with --download-base URL" in r.message
    # the totals: the plans' and the registry's 0 / 13 / 198, and the description's 15 Warnings
    assert (report.count("Violation"), report.count("Warning"), report.count("Info")) == (0, 28, 198)


def test_report_formats_carry_the_dataset_shard(report):
    assert json.loads(to_json(report))["counts"]["dataset"] == {"Violation": 0, "Warning": 15, "Info": 0}
    suites = {s.get("name"): int(s.get("failures")) for s in ET.fromstring(to_junit(report, "warning")).iter("testsuite")}
    assert suites["dataset"] == 15 and suites["registry"] == 0
    ok = [s for s in ET.fromstring(to_junit(report)).iter("testsuite") if s.get("name") == "dataset"]
    assert [c.get("name") for c in ok[0].iter("testcase")] == ["conforms"]
    g = Graph().parse(data=to_turtle(report), format="turtle")
    assert len(list(g.objects(None, SH.result))) == 211 + 15


def test_cli_names_the_dataset_row(corpus_build):
    _, out = corpus_build
    text = runner.invoke(app, ["validate", str(out / "zwgk.trig")], terminal_width=250)
    assert text.exit_code == 0, text.output
    row = next(line for line in text.output.splitlines() if "dataset " in line and "Warning" in line)
    assert "0 Violation, 15 Warning, 0 Info" in row
    assert "0 Violation, 28 Warning, 198 Info: conforms" in text.output
    # the build's output folder names the same TriG file, and the description beside it
    folder = runner.invoke(app, ["validate", str(out), "--format", "json"])
    assert json.loads(folder.output)["counts"]["dataset"]["Warning"] == 15


def test_the_pyshacl_engine_gives_the_same_dataset_results(corpus_build, report):
    _, out = corpus_build
    text = runner.invoke(app, ["validate", str(out / "zwgk.trig"), "--engine", "pyshacl", "--format", "json"])
    assert text.exit_code == 0
    mine = [(r["shape"], r["focus"]) for r in json.loads(text.output)["results"] if r["plan"] == "dataset"]
    assert sorted(mine) == sorted((r.shape, r.focus) for r in report.results if r.plan == "dataset")


def test_a_broken_description_fails(corpus_build, tmp_path):
    """Publisher removed, checksum value not hex: Violations of the dataset shard, exit 1."""
    _, out = corpus_build
    folder = _copy_build(out, tmp_path / "broken")
    g = Graph().parse(folder / "dataset.ttl", format="turtle")
    g.remove((D, DCTERMS.publisher, None))
    checksum = g.value(TRIG_DIST, URIRef(SPDX + "checksum"))
    value = URIRef(SPDX + "checksumValue")
    g.set((checksum, value, Literal("not-hex", datatype=g.value(checksum, value).datatype)))
    g.serialize(folder / "dataset.ttl", format="turtle")
    result = runner.invoke(app, ["validate", str(folder / "zwgk.trig"), "--format", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    violations = sorted((r["shape"], r["focus"].rsplit("/id/", 1)[-1], r["component"])
                        for r in data["results"] if r["severity"] == "Violation")
    assert violations == [
        ("DescribedDatasetShape/publisher", "dataset", "MinCountConstraintComponent"),
        ("DistributionShape/checksum", "dataset/distribution/zwgk.trig", "NodeConstraintComponent"),
    ]
    assert data["counts"]["dataset"] == {"Violation": 2, "Warning": 15, "Info": 0}
    # the failing sh:node: the checksum node's own results (datatype and pattern of its value) are its details
    node = next(r for r in data["results"] if r["shape"] == "DistributionShape/checksum")
    assert node["value"] == f"<{BASE}dataset/checksum/zwgk.trig>"
    assert node["message"].startswith("分发须有且仅有一个 SHA-256 spdx:Checksum")
    assert node["node"] == "zwgk.trig <dataset/distribution/zwgk.trig>"
    assert sorted((d["shape"], d["component"], d["value"]) for d in node["details"]) == [
        ("ChecksumShape/value", c, '"not-hex"^^<http://www.w3.org/2001/XMLSchema#hexBinary>')
        for c in ("DatatypeConstraintComponent", "PatternConstraintComponent")]
    assert {d["node"] for d in node["details"]} == {"zwgk.trig <dataset/distribution/zwgk.trig> · checksum"}
    pub = next(r for r in data["results"] if r["shape"] == "DescribedDatasetShape/publisher")
    assert pub["node"].endswith(" <dataset>") and pub["path"] == str(DCTERMS.publisher)
    text = runner.invoke(app, ["validate", str(folder / "zwgk.trig")], terminal_width=250)
    assert text.exit_code == 1 and "2 Violation, 28 Warning, 198 Info: does not conform" in text.output


@pytest.mark.parametrize("case,why", [
    ("not Turtle", "the dataset description is not Turtle: Parser error at line 1"),
    ("cut short", "the dataset description is not Turtle: Parser error at line"),
    ("binary", "the dataset description is not Turtle: Parser error at line 1 column 1: Invalid UTF-8"),
    ("empty", "the dataset description is empty: rebuild, or remove it"),
    ("a folder", "the dataset description is not a regular file"),
    ("unrelated triples", "the file holds no dataset description (no dataset with a void:uriSpace)"),
    ("stale", "the dataset description does not match residue.tsv"),
])
def test_a_description_that_is_none_or_stale_exits_2_on_one_line(corpus_build, tmp_path, case, why):
    _, out = corpus_build
    folder = _copy_build(out, tmp_path / "bad")
    description = folder / "dataset.ttl"
    text = description.read_bytes()
    if case == "not Turtle":
        description.write_text("<a> <b> .", encoding="utf-8")
    elif case == "cut short":
        description.write_bytes(text[: len(text) // 2])
    elif case == "binary":
        description.write_bytes(b"\xff\xfe\x00\x01binary")
    elif case == "empty":
        description.write_bytes(b"")
    elif case == "a folder":
        description.unlink()
        description.mkdir()
    elif case == "unrelated triples":
        description.write_text("<http://a.example/s> <http://a.example/p> <http://a.example/o> .\n", encoding="utf-8")
    elif case == "stale":                          # a file rewritten after the build: its size and SHA-256 differ
        with open(folder / "residue.tsv", "a", encoding="utf-8") as fh:
            fh.write("x\n")
    result = runner.invoke(app, ["validate", str(folder / "zwgk.trig")])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines() == [result.stderr.strip()] and why in result.stderr, result.stderr


def test_shapes_without_dataset_shapes_check_no_description(corpus_build, tmp_path):
    _, out = corpus_build
    shapes = tmp_path / "shapes"
    shapes.mkdir()
    for name in ("plan-shapes.ttl", "registry-shapes.ttl"):
        shutil.copy(ROOT / "shapes" / name, shapes / name)
    assert set(load_shapes(shapes)) == {"plan", "registry"}
    result = runner.invoke(app, ["validate", str(out / "zwgk.trig"), "--shapes", str(shapes), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert "dataset" not in data["counts"] and not any(r["plan"] == "dataset" for r in data["results"])
    report = validate(load_dataset(out / "zwgk.trig"), load_shapes(shapes), description=Graph())
    assert not report.described and "dataset" not in report.keys()


def test_a_trig_file_without_a_description_is_validated_as_before(corpus_build, tmp_path):
    _, out = corpus_build
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(out / "zwgk.trig", alone / "zwgk.trig")
    result = runner.invoke(app, ["validate", str(alone / "zwgk.trig"), "--format", "junit"])
    assert result.exit_code == 0
    assert "dataset" not in {s.get("name") for s in ET.fromstring(result.output).iter("testsuite")}
    text = runner.invoke(app, ["validate", str(alone / "zwgk.trig")])
    assert "0 Violation, 13 Warning, 198 Info: conforms" in text.output
