"""The SHACL shapes, tested shape by shape in the style of the W3C test suites.

Every node shape of ``shapes/plan-shapes.ttl``, ``shapes/registry-shapes.ttl`` and ``shapes/dataset-shapes.ttl`` has a folder
``tests/fixtures/shapes/<ShapeLocalName>/`` holding

* ``pass.ttl`` — minimal data that conforms to the shape: validating it yields no result of that
  shape at all;
* ``fail.ttl`` — minimal data that breaks it;
* ``expected.json`` — ``{"description", "kind": "plan"|"registry"|"dataset", "results": [{"focus", "path",
  "severity", "shape"}, …]}``: exactly the results ``fail.ttl`` must produce FOR THAT SHAPE (full
  IRIs, ``path`` null for a SPARQL constraint; ``shape`` as :class:`build_graph.validate.Result`
  names it: ``PlanShape/issue date`` for a property constraint, ``ReconstructedThemeShape`` for a
  SPARQL one).  ``"xfail": "<the bug>"`` marks a fail case the shape gets wrong today.

and, optionally, extra cases ``<case>.ttl`` + ``<case>.json`` (same keys; ``kind`` defaults to the
folder's; ``"results": []`` makes it a passing case) for traps that would blur the main pair.

The runner finds the folders itself: adding a folder (or a case) adds a test, with the folder's
name (``<folder>/<case>``) as its id.  Results are matched to a shape by name: the shape itself
or one of its property constraints (``<ShapeLocalName>`` or ``<ShapeLocalName>/…``); results of
other shapes in the same data are not this folder's business.  Expected values are what the DATA
calls for, not what the shapes happen to output: an xfail is strict, so a fix shows up as XPASS
and the marker must then be removed.  Plan-kind data includes the type and label triples of the
agencies and jurisdictions it refers to, as ``zwgk validate`` adds them from the registry.

Run: ``.venv/bin/python -m pytest tests/test_shapes.py -q``
"""

from __future__ import annotations

import json
import re
import shutil
from functools import lru_cache
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from build_graph.validate import BrokenShapes, Result, load_shapes, shapes_dir, validate_graph

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
SHAPE_FILES = {"plan": "plan-shapes.ttl", "registry": "registry-shapes.ttl", "dataset": "dataset-shapes.ttl"}
SEVERITIES = {"Violation", "Warning", "Info"}
TOP_KEYS = {"description", "kind", "results", "xfail"}
RESULT_KEYS = {"focus", "path", "severity", "shape"}
MAIN_FILES = {"pass.ttl", "fail.ttl", "expected.json"}


# ---------------------------------------------------------------------------------------
# discovery

def node_shapes() -> dict[str, str]:
    """Map the local name of every named sh:NodeShape in the two shapes files to its kind."""
    out = {}
    for kind, name in SHAPE_FILES.items():
        g = Graph().parse(shapes_dir() / name, format="turtle")
        for s in g.subjects(RDF.type, SH.NodeShape):
            if isinstance(s, URIRef):
                out[str(s).split("#")[-1]] = kind
    return out


def shape_folders() -> list[Path]:
    return sorted(p for p in FIXTURES.iterdir() if p.is_dir()) if FIXTURES.is_dir() else []


def extra_cases(folder: Path) -> list[Path]:
    """The extra cases of a folder: every ``<case>.json`` but expected.json."""
    return sorted(p for p in folder.glob("*.json") if p.name != "expected.json")


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}       # the test itself reports the unreadable file


def _xfail_marks(spec: dict) -> list:
    reason = spec.get("xfail")
    return [pytest.mark.xfail(reason=reason, strict=True)] if reason else []


def _folder_params():
    return [pytest.param(f, id=f.name) for f in shape_folders()]


def _fail_params():
    return [pytest.param(f, id=f.name, marks=_xfail_marks(_read_json(f / "expected.json")))
            for f in shape_folders()]


def _case_params():
    return [pytest.param(c, id=f"{c.parent.name}/{c.stem}", marks=_xfail_marks(_read_json(c)))
            for f in shape_folders() for c in extra_cases(f)]


# ---------------------------------------------------------------------------------------
# running

@lru_cache(maxsize=None)
def the_shapes() -> dict[str, Graph]:
    """The repository's shapes, loaded (and self-checked) once."""
    return load_shapes()


@lru_cache(maxsize=None)
def _validate(path: Path, kind: str) -> tuple[Result, ...]:
    return tuple(validate_graph(Graph().parse(path, format="turtle"), kind, the_shapes()))


def run(path: Path, kind: str) -> list[Result]:
    assert path.is_file(), f"missing {path.relative_to(FIXTURES.parent)}"
    # a fixture says what each shape reports, the results nested under an sh:node result included
    return [x for r in _validate(path, kind) for x in r.flat()]


def of_shape(results, shape: str) -> list[Result]:
    """The results of one shape: the shape itself or one of its property constraints."""
    return [r for r in results if r.shape == shape or r.shape.startswith(shape + "/")]


def as_keys(results) -> set[tuple]:
    return {(r.focus, r.path, r.severity, r.shape) for r in results}


def load_spec(path: Path, shape: str, default_kind: str | None = None) -> dict:
    """Read expected.json (or a case's json) and check its form."""
    assert path.is_file(), f"missing {path.relative_to(FIXTURES.parent)}"
    spec = json.loads(path.read_text(encoding="utf-8"))
    assert set(spec) <= TOP_KEYS, f"{path.name}: unknown keys {sorted(set(spec) - TOP_KEYS)}"
    spec.setdefault("kind", default_kind)
    assert spec["kind"] in SHAPE_FILES, f"{path.name}: kind must be plan, registry or dataset"
    assert isinstance(spec.get("results"), list), f"{path.name}: results must be a list"
    for r in spec["results"]:
        assert set(r) == RESULT_KEYS, f"{path.name}: a result states exactly {sorted(RESULT_KEYS)}: {r}"
        assert r["severity"] in SEVERITIES, f"{path.name}: bad severity {r['severity']}"
        assert r["shape"] == shape or r["shape"].startswith(shape + "/"), \
            f"{path.name}: {r['shape']} is not a result of {shape}"
        assert r["focus"].startswith("https://w3id.org/zwgk/id/"), f"{path.name}: focus not a full IRI: {r['focus']}"
        assert r["path"] is None or r["path"].startswith("http"), f"{path.name}: path not a full IRI: {r['path']}"
    return spec


def expected_keys(spec: dict) -> set[tuple]:
    return {(r["focus"], r["path"], r["severity"], r["shape"]) for r in spec["results"]}


def explain(results, shape: str) -> str:
    lines = [f"  {r.severity} {r.shape} {r.focus} {r.path}\n    {r.message}" for r in of_shape(results, shape)]
    return "results of " + shape + ":\n" + ("\n".join(lines) or "  (none)")


# ---------------------------------------------------------------------------------------
# the folders

def test_every_node_shape_has_a_folder():
    """A new shape without fixtures fails here; so does a folder whose shape is gone."""
    shapes_by_name = node_shapes()
    folders = {f.name for f in shape_folders()}
    assert shapes_by_name, "no sh:NodeShape found in the shapes files"
    assert not set(shapes_by_name) - folders, f"shapes without fixtures: {sorted(set(shapes_by_name) - folders)}"
    assert not folders - set(shapes_by_name), f"folders of no shape: {sorted(folders - set(shapes_by_name))}"
    for f in shape_folders():
        missing = {n for n in MAIN_FILES if not (f / n).is_file()}
        assert not missing, f"{f.name} lacks {sorted(missing)}"
        spec = load_spec(f / "expected.json", f.name)
        assert spec["kind"] == shapes_by_name[f.name], \
            f"{f.name} is in {SHAPE_FILES[shapes_by_name[f.name]]}: kind must be {shapes_by_name[f.name]!r}"
        for case in extra_cases(f):
            assert case.with_suffix(".ttl").is_file(), f"{f.name}/{case.name} has no {case.stem}.ttl"
        orphans = {p.name for p in f.glob("*.ttl")} - {"pass.ttl", "fail.ttl"} \
            - {c.stem + ".ttl" for c in extra_cases(f)}
        assert not orphans, f"{f.name}: data without a json: {sorted(orphans)}"


@pytest.mark.parametrize("folder", _folder_params())
def test_pass(folder: Path):
    """pass.ttl yields no result of the folder's shape."""
    spec = load_spec(folder / "expected.json", folder.name)
    results = run(folder / "pass.ttl", spec["kind"])
    assert not of_shape(results, folder.name), explain(results, folder.name)


@pytest.mark.parametrize("folder", _fail_params())
def test_fail(folder: Path):
    """fail.ttl yields exactly the results of expected.json for the folder's shape."""
    spec = load_spec(folder / "expected.json", folder.name)
    assert spec["results"], f"{folder.name}/expected.json: a fail case must expect at least one result"
    results = run(folder / "fail.ttl", spec["kind"])
    got, want = as_keys(of_shape(results, folder.name)), expected_keys(spec)
    assert got == want, (f"unexpected: {sorted(got - want, key=str)}\nmissing: {sorted(want - got, key=str)}\n"
                         + explain(results, folder.name))


@pytest.mark.parametrize("case", _case_params())
def test_case(case: Path):
    """An extra case yields exactly the results of its json (none for a passing case)."""
    shape = case.parent.name
    folder_kind = _read_json(case.parent / "expected.json").get("kind")
    spec = load_spec(case, shape, default_kind=folder_kind)
    results = run(case.with_suffix(".ttl"), spec["kind"])
    got, want = as_keys(of_shape(results, shape)), expected_keys(spec)
    assert got == want, (f"unexpected: {sorted(got - want, key=str)}\nmissing: {sorted(want - got, key=str)}\n"
                         + explain(results, shape))


HAN = re.compile(r"[\u4e00-\u9fff]")
ENGLISH = re.compile(r"[A-Za-z]{2,}[ ,;:'()-]+[A-Za-z]{2,}")   # two English words in a row


@pytest.mark.parametrize("folder", _folder_params())
def test_fail_messages_in_chinese_and_english(folder: Path):
    """Every result of a fail case says what is wrong in Chinese and in English, with no hole left."""
    spec = load_spec(folder / "expected.json", folder.name)
    results = run(folder / "fail.ttl", spec["kind"])
    assert results
    for r in results:
        assert HAN.search(r.message), f"{r.shape}: no Chinese in {r.message!r}"
        assert ENGLISH.search(r.message), f"{r.shape}: no English in {r.message!r}"
        assert "{?" not in r.message and "{$" not in r.message, f"{r.shape}: unfilled placeholder in {r.message!r}"
        assert not re.search(r"\bNone\b", r.message), f"{r.shape}: a missing value printed as None in {r.message!r}"


# ---------------------------------------------------------------------------------------
# the shapes' self-check: a broken shapes file fails loudly instead of checking nothing

def copy_shapes(tmp_path: Path) -> Path:
    folder = tmp_path / "shapes"
    folder.mkdir()
    for name in SHAPE_FILES.values():
        shutil.copy(shapes_dir() / name, folder / name)
    return folder


def break_shapes(folder: Path, file: str, pattern: str, replacement: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    broken, n = re.subn(pattern, replacement, text, count=1)
    assert n == 1 and broken != text, f"pattern {pattern!r} not found in {file}: update this test"
    path.write_text(broken, encoding="utf-8")


def test_load_shapes_accepts_a_faithful_copy(tmp_path):
    """The control for the cases below: the unmodified copy loads."""
    loaded = load_shapes(copy_shapes(tmp_path))
    assert set(loaded) == set(SHAPE_FILES)
    assert all(len(g) for g in loaded.values())


@pytest.mark.parametrize("file, pattern, replacement, reason", [
    pytest.param("plan-shapes.ttl", r"sh:minCount 1", "sh:minCont 1", "unknown SHACL term", id="plan-typo-minCont"),
    pytest.param("registry-shapes.ttl", r"sh:minCount 1", "sh:minCont 1", "unknown SHACL term",
                 id="registry-typo-minCont"),
    pytest.param("plan-shapes.ttl", r'(sh:name "title" ;)\s*sh:message "[^"]*"', r"\1", "lacks sh:name or sh:message",
                 id="plan-property-without-message"),
    pytest.param("registry-shapes.ttl", r'(sh:name "level" ;)\s*sh:message "[^"]*"', r"\1",
                 "lacks sh:name or sh:message", id="registry-property-without-message"),
    pytest.param("plan-shapes.ttl", r"sh:path zwgk:year\b", "sh:path zwgk:yeer", "not in the ontology",
                 id="plan-unknown-term-yeer"),
    pytest.param("registry-shapes.ttl", r"sh:path zwgk:year\b", "sh:path zwgk:yeer", "not in the ontology",
                 id="registry-unknown-term-yeer"),
])
def test_broken_shapes_are_refused(tmp_path, file, pattern, replacement, reason):
    folder = copy_shapes(tmp_path)
    break_shapes(folder, file, pattern, replacement)
    with pytest.raises(BrokenShapes) as err:
        load_shapes(folder)
    assert reason in str(err.value)
    assert err.value.path is not None and err.value.path.name == file
