"""Golden-folder tests of the reader, in the style of the W3C test suites.

Every case is a folder ``tests/fixtures/layouts/<layout>/<case>/`` holding

* ``input.txt`` — a real fragment copied from a published plan, or a small but complete plan
  document (title block naming a real jurisdiction and year, then a body) built around ONE trap
  of its layout;
* ``expected.json`` — what a careful human reading ``input.txt`` would record, stating
  only what the case is about.

The runner finds the folders itself: adding a folder adds a test, with the folder's
``<layout>/<case>`` as its id.  It runs :func:`build_graph.build.parse_document` on
``input.txt`` and compares exactly the keys ``expected.json`` states:

``layout``            how the body is laid out (tsv_table, pipe_table, cell_per_line, prose)
``column_header``     the agency column's header as printed (tables)
``default_role``      the role of an agency named without a role word
``themes``            every theme, in order: ``{"ordinal", "label", "reconstructed", "path", "line"}``
                      (each entry states the keys it cares about; ``label`` null for a lost theme)
``requirements``      every requirement, in order: ``{"theme", "ordinal", "line", "text", "evidence",
                      "duties", "addressed_to_no_one"}``; ``theme`` is the theme's ordinal or label
                      as printed, or its path as a list of positions (``[1, 2]``); ``duties`` lists
                      the reader found in the requirement's assignments, each as ``[written, role]``,
                      ``[written, role, unit]`` or a ``{"written", "name", "role", "unit", "phrase",
                      "basis"}`` subset (``name``: the body a written form names, e.g. 省商务厅 for a
                      商务厅 under a distributed 省 prefix; ``basis``: the rule that gave the role);
                      ``schedule`` the time cells or time fields read for it, as printed
``repairs``           the repairs of the parser and of the metadata reader, by line: kinds, or
                      ``{"kind", "line", "original", "repaired"}`` subsets
``open_questions``    what the parser left open, by line: kinds, or ``{"kind", "line"}`` subsets
``meta``              a subset of ``{"title", "year", "year_basis", "jurisdiction", "issuer", "issued",
                      "published", "document_number", "implements"}``; ``implements`` as
                      ``["CN-2017", "330000-2018", …]``
``residue_lines``     the line numbers of every residue line (metadata, parser and unaccounted)

Besides these, ``description`` says what the case is about, and ``xfail`` (a reason)
marks a case the reader gets wrong today: it is expected to fail, strictly, so a fix
shows up as XPASS and the marker must then be removed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from build_graph.build import parse_document
from build_graph.reading import LAYOUTS

CASES_ROOT = Path(__file__).resolve().parent / "fixtures" / "layouts"

TOP_KEYS = {"description", "xfail", "layout", "column_header", "default_role", "themes", "requirements",
            "repairs", "open_questions", "meta", "residue_lines"}
THEME_KEYS = {"ordinal", "label", "reconstructed", "path", "line"}
REQUIREMENT_KEYS = {"theme", "ordinal", "line", "text", "evidence", "duties", "addressed_to_no_one", "schedule"}
REPAIR_KEYS = {"kind", "line", "original", "repaired"}
QUESTION_KEYS = {"kind", "line"}
DUTY_KEYS = {"written", "name", "role", "unit", "phrase", "basis"}
META_KEYS = {"title", "year", "jurisdiction", "issuer", "issued", "published", "document_number", "implements", "year_basis"}


def case_folders() -> list[Path]:
    """Return every case folder under ``tests/fixtures/layouts/<layout>/``, sorted."""
    if not CASES_ROOT.is_dir():
        return []
    return sorted(case for layout in CASES_ROOT.iterdir() if layout.is_dir()
                  for case in layout.iterdir() if case.is_dir())


def case_id(case: Path) -> str:
    """Return the case's test id, ``<layout>/<case>``."""
    return f"{case.parent.name}/{case.name}"


def _params():
    params = []
    for case in case_folders():
        marks = []
        try:
            reason = json.loads((case / "expected.json").read_text(encoding="utf-8")).get("xfail")
        except (OSError, ValueError):
            reason = None       # the test itself reports the unreadable file
        if reason:
            marks.append(pytest.mark.xfail(reason=reason, strict=True))
        params.append(pytest.param(case, id=case_id(case), marks=marks))
    return params


# ---------------------------------------------------------------------------
# the actual result, projected onto the shape (and only the keys) expected.json states

def _project(full: dict, keys) -> dict:
    return {k: full[k] for k in keys if k in full}


def _project_list(actual: list, expected: list, default_keys: set, full_of) -> list:
    """Project each actual entry onto the keys its expected counterpart states (by position)."""
    out = []
    for i, item in enumerate(actual):
        want = expected[i] if i < len(expected) else None
        full = full_of(item, want)
        if isinstance(want, str):
            out.append(full["kind"])
        elif isinstance(want, dict):
            out.append(_project(full, want))
        else:
            out.append(_project(full, default_keys))
    return out


def _theme_ref(theme, want):
    """Render the theme a requirement sits in the way the expected entry refers to it."""
    if isinstance(want, list):
        return list(theme.path)
    if want is not None and want in (theme.ordinal, theme.label):
        return want
    return f"{theme.ordinal or ''}、{theme.label}" if theme.ordinal else theme.label


def _duties(req, default_role: str, want):
    """The requirement's duties as the reader found them, each in the form its expected counterpart uses."""
    duties = [d for a in req.assignments for d in a.duties]
    want = want if isinstance(want, list) else []
    out = []
    for i, d in enumerate(duties):
        w = want[i] if i < len(want) else None
        full = {"written": d.written, "role": d.role, "unit": d.unit, "name": d.name, "phrase": d.phrase,
                "basis": d.basis}
        if isinstance(w, dict):
            out.append(_project(full, w))
        elif isinstance(w, list) and len(w) == 3:
            out.append([d.written, d.role, d.unit])
        else:
            out.append([d.written, d.role])
    return out


def actual_view(case: Path, expected: dict) -> dict:
    """Parse the case's input and return the actual result in the shape of ``expected``."""
    plan, residue, _warnings = parse_document(case / "input.txt")
    parsed, meta = plan.parsed, plan.meta
    themes_by_path = {t.path: t for t in parsed.themes}
    actual: dict = {}
    if "layout" in expected:
        actual["layout"] = parsed.layout
    if "column_header" in expected:
        actual["column_header"] = parsed.column_header
    if "default_role" in expected:
        actual["default_role"] = parsed.default_role
    if "themes" in expected:
        def theme_full(t, _want):
            return {"ordinal": t.ordinal, "label": t.label, "reconstructed": t.reconstructed,
                    "path": list(t.path), "line": t.line}
        actual["themes"] = _project_list(parsed.themes, expected["themes"],
                                         {"ordinal", "label", "reconstructed"}, theme_full)
    if "requirements" in expected:
        def req_full(r, want):
            want = want if isinstance(want, dict) else {}
            theme = themes_by_path.get(r.theme)
            return {"theme": _theme_ref(theme, want.get("theme")) if theme else list(r.theme),
                    "ordinal": r.ordinal, "line": r.line, "text": r.text,
                    "evidence": r.assignment.evidence if r.assignment else None,
                    "duties": _duties(r, parsed.default_role, want.get("duties")),
                    "addressed_to_no_one": r.addressed_to_no_one, "schedule": r.schedule}
        actual["requirements"] = _project_list(parsed.requirements, expected["requirements"],
                                               {"theme", "ordinal", "line", "evidence", "duties"}, req_full)
    if "repairs" in expected:
        repairs = sorted(parsed.repairs + meta.repairs, key=lambda r: r.line)
        actual["repairs"] = _project_list(
            repairs, expected["repairs"], {"kind", "line"},
            lambda r, _w: {"kind": r.kind, "line": r.line, "original": r.original, "repaired": r.repaired})
    if "open_questions" in expected:
        questions = sorted(parsed.open_questions, key=lambda q: q.line or 0)
        actual["open_questions"] = _project_list(
            questions, expected["open_questions"], {"kind", "line"},
            lambda q, _w: {"kind": q.kind, "line": q.line})
    if "meta" in expected:
        full = {"title": meta.title, "year": meta.year, "jurisdiction": meta.jurisdiction,
                "issuer": meta.issuer, "issued": meta.issued, "published": meta.published,
                "document_number": meta.document_number, "year_basis": meta.year_basis,
                "implements": [f"{ref.jurisdiction}-{ref.year}" for ref in meta.implements]}
        actual["meta"] = _project(full, expected["meta"])
    if "residue_lines" in expected:
        actual["residue_lines"] = sorted(r.line for r in residue)
    return actual


def difference(key: str, actual, expected) -> str:
    """Describe how one stated key differs, entry by entry for lists."""
    def show(v):
        return json.dumps(v, ensure_ascii=False)
    if not (isinstance(actual, list) and isinstance(expected, list)):
        return f"  {key}: expected {show(expected)}\n  {' ' * len(key)}  actual   {show(actual)}"
    lines = [f"  {key}: {len(expected)} entries expected, {len(actual)} found"]
    for i in range(max(len(actual), len(expected))):
        a = actual[i] if i < len(actual) else "(none)"
        e = expected[i] if i < len(expected) else "(none)"
        if a != e:
            lines.append(f"    [{i}] expected {show(e)}\n        actual   {show(a)}")
    return "\n".join(lines)


def check_shape(expected: dict) -> None:
    """Fail on keys the runner does not know: a misspelt key would silently test nothing."""
    unknown = set(expected) - TOP_KEYS
    assert not unknown, f"unknown keys in expected.json: {sorted(unknown)}"
    for name, allowed in (("themes", THEME_KEYS), ("requirements", REQUIREMENT_KEYS),
                          ("repairs", REPAIR_KEYS), ("open_questions", QUESTION_KEYS)):
        for entry in expected.get(name, []):
            if isinstance(entry, dict):
                bad = set(entry) - allowed
                assert not bad, f"unknown keys in an entry of {name}: {sorted(bad)}"
            else:
                assert isinstance(entry, str) and name in ("repairs", "open_questions"), \
                    f"entries of {name} must be objects"
    for entry in expected.get("requirements", []):
        for duty in entry.get("duties", []):
            if isinstance(duty, dict):
                assert not set(duty) - DUTY_KEYS, f"unknown keys in a duty: {sorted(set(duty) - DUTY_KEYS)}"
            else:
                assert isinstance(duty, list) and len(duty) in (2, 3), f"a duty is [written, role(, unit)]: {duty}"
    bad = set(expected.get("meta", {})) - META_KEYS
    assert not bad, f"unknown keys in meta: {sorted(bad)}"


# ---------------------------------------------------------------------------
# the tests

def test_cases_are_found():
    """Every layout the reader knows has golden cases, and every folder is a complete case."""
    cases = case_folders()
    assert {c.parent.name for c in cases} >= set(LAYOUTS), "a layout has no golden case"
    for case in cases:
        assert case.parent.name in LAYOUTS, f"{case_id(case)}: {case.parent.name} is not a layout we read"
        assert (case / "input.txt").is_file(), f"{case_id(case)}: no input.txt"
        assert (case / "expected.json").is_file(), f"{case_id(case)}: no expected.json"


@pytest.mark.parametrize("case", [pytest.param(c, id=case_id(c)) for c in case_folders()])
def test_expected_is_well_formed(case: Path):
    """expected.json is JSON with only keys the runner knows (checked apart, so an xfail case cannot hide it)."""
    check_shape(json.loads((case / "expected.json").read_text(encoding="utf-8")))


@pytest.mark.parametrize("case", _params())
def test_golden(case: Path):
    """The reader reads the case's input as a careful human reader would."""
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    check_shape(expected)
    stated = {k: v for k, v in expected.items() if k not in ("description", "xfail")}
    actual = actual_view(case, stated)
    problems = [difference(key, actual[key], want) for key, want in stated.items() if actual[key] != want]
    assert not problems, f"{case_id(case)} differs from expected.json:\n" + "\n".join(problems)
