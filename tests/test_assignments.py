"""Golden folders of the role grammar (:mod:`build_graph.reading.assignments`), found automatically.

Each ``tests/fixtures/assignments/<case>/`` holds ``input.txt`` — one assignment as a plan prints it (a
parenthesis's inside, a table cell, a sentence), most of them real fragments — and ``expected.json``:
``default`` (the role of a name with no role word where it stands: ``Lead``, ``responsible`` …),
``uses_lead`` (the document names 牵头 units somewhere) and ``duties``, each a subset of
``{written, phrase, name, role, basis, unit}`` in order.  Adding a folder adds a test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from build_graph.reading.assignments import read

ROOT = Path(__file__).resolve().parent / "fixtures" / "assignments"
CASES = sorted(p for p in ROOT.iterdir() if p.is_dir()) if ROOT.is_dir() else []
KEYS = {"written", "phrase", "name", "role", "basis", "unit"}


def test_cases_are_found():
    assert len(CASES) >= 15, "the golden folders of the role grammar are missing"
    for case in CASES:
        assert (case / "input.txt").is_file() and (case / "expected.json").is_file(), case.name


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_grammar(case: Path):
    want = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    assert set(want) <= {"description", "default", "uses_lead", "duties"}
    text = (case / "input.txt").read_text(encoding="utf-8").rstrip("\n")
    got = read(text, want.get("default", "responsible"), "prose", want.get("uses_lead", True))
    view = []
    for d, w in zip(got, want["duties"]):
        assert not set(w) - KEYS, f"unknown keys {set(w) - KEYS}"
        view.append({k: getattr(d, k) for k in w})
    assert len(got) == len(want["duties"]), [(d.written, d.role) for d in got]
    assert view == want["duties"]
