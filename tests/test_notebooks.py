"""Every notebook runs from a clean kernel without error, and is committed without outputs."""

from __future__ import annotations


import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_the_four_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == ["01-overview", "02-who-leads-what", "03-province-and-city", "04-duty-calendar",
                                         "05-everywhere"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs_and_opens_with_the_question(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].cell_type == "markdown" and "?" in nb.cells[0].source
    assert all(not c.get("outputs") and not c.get("execution_count") for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_executes(path, corpus_build, tmp_path, monkeypatch):
    """Run in a scratch folder whose out/ is the session's build (the embedded default)."""
    _, out = corpus_build
    (tmp_path / "out").symlink_to(out)
    monkeypatch.delenv("ZWGK_ENDPOINT", raising=False)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    assert any(o.get("output_type") in ("display_data", "execute_result") for c in nb.cells for o in c.get("outputs", []))


def test_runs_on_a_sparql_server(oxigraph, tmp_path, monkeypatch):
    """With ZWGK_ENDPOINT set, a notebook queries the server (here a real Oxigraph) and no local file."""
    monkeypatch.setenv("ZWGK_ENDPOINT", oxigraph)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(ROOT / "notebooks" / "01-overview.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    printed = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert f"data: {oxigraph}" in printed
    assert not (tmp_path / "out").exists()
