"""Golden folders of table flattening (:mod:`build_graph.reading.grid`), found automatically.

Each ``tests/fixtures/grid/<case>/`` holds ``input.txt`` — a table as an extraction left it (tabs, pipes,
a cell per line or per paragraph), real fragments — and ``expected.json``: the ``form`` found, the
``header_lines``, the ``columns`` as ``[kind, header as printed, default role]``, and the body as ``rows``
of cell texts (row forms) or a ``stream`` of ``[line, text, placeholder pipes]`` (one cell per line).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from build_graph.reading import grid
from build_graph.reading.normalise import view

ROOT = Path(__file__).resolve().parent / "fixtures" / "grid"
CASES = sorted(p for p in ROOT.iterdir() if p.is_dir()) if ROOT.is_dir() else []


def test_cases_are_found():
    assert {json.loads((c / "expected.json").read_text(encoding="utf-8"))["form"] for c in CASES} == \
        {"tsv_table", "pipe_table", "cell_per_line"}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_grid(case: Path):
    want = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    assert set(want) <= {"description", "form", "header_lines", "columns", "rows", "stream"}
    text = (case / "input.txt").read_text(encoding="utf-8")
    rows = [(n, line, view(line)) for n, line in enumerate(text.split("\n"), 1) if line.strip(" \u00a0\u3000")]
    g = grid.find(rows)
    assert g is not None, "no table header found"
    got = {"form": g.form, "header_lines": g.header_lines, "columns": [[c.kind, c.header, c.default] for c in g.columns]}
    if "rows" in want:
        got["rows"] = [[c.text for c in r] for r in g.rows]
    if "stream" in want:
        got["stream"] = [[c.line, c.text, c.placeholders] for c in g.stream]
    assert got == {k: v for k, v in want.items() if k != "description"}


def test_prose_is_no_table():
    """An outline whose lines hold header words in running text is not taken for a table."""
    text = "一、工作任务\n（一）责任单位要及时公开。（省财政厅牵头）\n"
    rows = [(n, line, view(line)) for n, line in enumerate(text.split("\n"), 1) if line]
    assert grid.find(rows) is None
