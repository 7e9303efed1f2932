"""Every notebook runs as JupyterLab runs it — from a clean kernel whose working folder is ``notebooks/`` —
without error, on the embedded graph and on a real SPARQL server; and is committed without outputs.

No folder is faked around the kernel: it starts in ``notebooks/`` and the package finds the data itself
(:mod:`build_graph.project`).  So that the notebooks read this session's build and not whatever
``out/`` the last ``make run`` left in the checkout, ``ZWGK_HOME`` names a scratch project folder whose
``out/`` is the session build (``corpus_build``) and whose ``documents/`` are the checkout's: the same
lookup a user gets with ``ZWGK_HOME`` set, and without the 4 s of a second build.  Finding the project
by walking up from ``notebooks/`` (what ``make lab`` relies on, no variable set) is tested on its own in
``tests/test_project.py``.
"""

from __future__ import annotations

import json

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
#: run in the kernel after the notebook: where the package found the project, from the kernel's own folder
PROBE = "from build_graph.project import data_line, project_root\nprint(data_line())\nprint('root:', project_root())"


def test_the_five_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == ["01-overview", "02-who-leads-what", "03-province-and-city", "04-duty-calendar",
                                         "05-everywhere"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs_and_opens_with_the_question(path):
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert [i for i, c in enumerate(raw["cells"]) if not c.get("id")] == []   # nbformat ≥ 4.5 cell ids, no warning
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].cell_type == "markdown" and "?" in nb.cells[0].source
    assert all(not c.get("outputs") and not c.get("execution_count") for c in nb.cells if c.cell_type == "code")


def _execute(path):
    """Execute the notebook at ``path`` with ``notebooks/`` as the kernel's working folder, as JupyterLab
    does, then the probe cell; return the notebook, its error outputs and all printed text."""
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    errors = [f"{o.get('ename')}: {o.get('evalue')}" for o in outputs if o.get("output_type") == "error"]
    printed = "".join(o.get("text", "") for o in outputs)
    return nb, errors, printed


def _first_line(nb) -> str:
    """The first line the notebook itself prints (its first code cell says where the data is)."""
    first = next(c for c in nb.cells if c.cell_type == "code")
    return "".join(o.get("text", "") for o in first.get("outputs", [])).splitlines()[0]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_executes_in_its_own_folder(path, project_home, monkeypatch):
    """In notebooks/, on the embedded graph of $ZWGK_HOME: no error, a table or figure, nothing written there."""
    monkeypatch.delenv("ZWGK_ENDPOINT", raising=False)
    monkeypatch.setenv("ZWGK_HOME", str(project_home))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    before = sorted(p.name for p in (ROOT / "notebooks").iterdir())
    nb, errors, printed = _execute(path)
    assert errors == []
    assert any(o.get("output_type") in ("display_data", "execute_result") for c in nb.cells for o in c.get("outputs", []))
    trig = project_home / "out" / "zwgk.trig"
    assert _first_line(nb).startswith(f"data: {trig} (built ") and _first_line(nb).endswith(", 4 plans)")
    assert f"root: {project_home}\n" in printed
    assert sorted(p.name for p in (ROOT / "notebooks").iterdir()) == before      # no out/ built beside them


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_on_a_sparql_server(path, oxigraph, tmp_path, monkeypatch):
    """With ZWGK_ENDPOINT set, every notebook queries the server (a real `oxigraph serve`) and no local file:
    ZWGK_HOME names an empty folder, so reading the embedded graph would fail with 'no built graph'."""
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("ZWGK_ENDPOINT", oxigraph)
    monkeypatch.setenv("ZWGK_HOME", str(empty))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb, errors, _ = _execute(path)
    assert errors == []
    assert any(o.get("output_type") in ("display_data", "execute_result") for c in nb.cells for o in c.get("outputs", []))
    assert _first_line(nb) == f"data: {oxigraph} (SPARQL endpoint)"
    assert list(empty.iterdir()) == []
