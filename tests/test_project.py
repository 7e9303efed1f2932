"""Where the data is found (build_graph/project.py): $ZWGK_HOME, walking up from the current folder, the
source checkout; the built graph's location in one line; one error line saying what to run when there is
nothing to read."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from build_graph.errors import UsageError
from build_graph.project import data_line, default_dataset, project_root
from tests.conftest import ROOT, one_error_line, zwgk

CHECKOUT_TOML = '[project]\nname = "zwgk"\nversion = "0.1.0"\n'


@pytest.fixture(autouse=True)
def no_variables(monkeypatch):
    for name in ("ZWGK_HOME", "ZWGK_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)


def _checkout(folder, name="zwgk"):
    """A folder laid out as a zwgk checkout: documents/ and queries/ beside a pyproject.toml naming ``name``."""
    (folder / "documents").mkdir(parents=True)
    (folder / "queries").mkdir()
    (folder / "pyproject.toml").write_text(CHECKOUT_TOML.replace('"zwgk"', f'"{name}"'), encoding="utf-8")
    return folder


# -- $ZWGK_HOME ---------------------------------------------------------------------------------------
def test_zwgk_home_wins_wherever_you_are(tmp_path, monkeypatch):
    home = _checkout(tmp_path / "elsewhere")
    monkeypatch.setenv("ZWGK_HOME", str(home))
    assert project_root(ROOT / "notebooks") == home
    assert project_root(tmp_path) == home


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_zwgk_home_that_is_no_folder_is_one_line(kind, tmp_path, monkeypatch):
    bad = tmp_path / "no-such-folder"
    if kind == "file":
        bad.write_text("x")
    monkeypatch.setenv("ZWGK_HOME", str(bad))
    what = "does not exist" if kind == "missing" else "is not a folder"
    with pytest.raises(UsageError) as exc:
        project_root()
    assert str(exc.value) == (f"{bad}: $ZWGK_HOME {what}: set it to the zwgk project folder (the one holding "
                              "documents/ or out/zwgk.trig), or unset it")
    proc = zwgk("query", "plan-statistics", env={"ZWGK_HOME": str(bad)}, cwd=tmp_path)
    assert one_error_line(proc) == f"zwgk: error: {exc.value}"


def test_zwgk_home_without_data_says_what_to_do(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = zwgk("query", "plan-statistics", env={"ZWGK_HOME": str(empty)}, cwd=tmp_path)
    assert one_error_line(proc) == (f"zwgk: error: no built graph (out/zwgk.trig) and no documents/ in "
                                    f"$ZWGK_HOME={empty}: set it to the zwgk project folder, or build into it "
                                    f"(zwgk build DOCUMENTS --out {empty / 'out'})")
    assert list(empty.iterdir()) == []


# -- walking up --------------------------------------------------------------------------------------
def test_walks_up_from_a_subfolder_to_the_checkout(tmp_path):
    proj = _checkout(tmp_path / "proj")
    deep = proj / "notebooks" / "drafts"
    deep.mkdir(parents=True)
    assert project_root(deep) == proj
    assert project_root(proj) == proj


def test_walks_up_to_a_folder_holding_a_built_graph(project_home):
    deep = project_home / "analysis" / "2026"
    deep.mkdir(parents=True)
    assert project_root(deep) == project_home


def test_the_nearest_folder_wins(tmp_path):
    outer = _checkout(tmp_path / "outer")
    inner = _checkout(outer / "copies" / "inner")
    assert project_root(inner / "documents") == inner


def test_a_pyproject_of_another_project_is_not_ours(tmp_path):
    other = _checkout(tmp_path / "other", name="not-zwgk")
    # not a zwgk checkout: the lookup goes on to the source checkout the package was imported from
    assert project_root(other / "documents") == ROOT


def test_from_the_notebooks_folder_the_root_is_the_checkout(monkeypatch):
    """What JupyterLab's kernel sees after `make lab`: it runs in notebooks/, no variable set."""
    monkeypatch.chdir(ROOT / "notebooks")
    assert project_root() == ROOT


def test_from_anywhere_else_the_source_checkout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert project_root() == ROOT


def test_nothing_found_is_one_line_saying_what_to_run(tmp_path):
    """An installed package (not a checkout: no documents/ beside it) run in a folder with no project."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "build_graph", site / "build_graph", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "queries", site / "queries")
    nowhere = tmp_path / "nowhere"
    nowhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZWGK_")}
    env["PYTHONPATH"] = str(site)
    where = subprocess.run([sys.executable, "-c", "import build_graph; print(build_graph.__file__)"],
                           capture_output=True, text=True, env=env, cwd=nowhere, check=True)
    assert where.stdout.strip() == str(site / "build_graph" / "__init__.py")
    proc = subprocess.run([sys.executable, "-m", "build_graph.cli", "query", "plan-statistics"], capture_output=True,
                          env=env, cwd=nowhere, timeout=60)
    assert one_error_line(proc) == (f"zwgk: error: no built graph and no documents/ found from {nowhere}: run "
                                    "`make run` in the project folder, or set ZWGK_HOME=/path/to/zwgk")
    assert list(nowhere.iterdir()) == []


# -- the built graph, and where it is said to be --------------------------------------------------------
def test_builds_the_documents_when_there_is_no_graph(tmp_path):
    proj = _checkout(tmp_path / "proj")
    for doc in sorted((ROOT / "documents").glob("*.txt"))[:2]:
        shutil.copy(doc, proj / "documents")
    (proj / "notebooks").mkdir()
    path = default_dataset(proj / "notebooks")
    assert path == proj / "out" / "zwgk.trig" and path.is_file()
    assert sorted(p.name for p in (proj / "out" / "plans").iterdir()) == ["440000-2017.jsonld", "440000-2017.ttl",
                                                                          "440000-2021.jsonld", "440000-2021.ttl"]
    assert not (proj / "notebooks" / "out").exists()


def test_data_line_names_the_real_location(project_home, monkeypatch):
    monkeypatch.chdir(project_home)
    trig = project_home / "out" / "zwgk.trig"
    built = time.strftime("%Y-%m-%d %H:%M", time.localtime(trig.stat().st_mtime))
    assert data_line() == f"data: {trig} (built {built}, 4 plans)"
    assert data_line(endpoint="http://ana:s3cret@127.0.0.1:7878/query") == \
        "data: http://ana:***@127.0.0.1:7878/query (SPARQL endpoint)"
    monkeypatch.setenv("ZWGK_ENDPOINT", "http://127.0.0.1:7878/query")
    assert data_line() == "data: http://127.0.0.1:7878/query (SPARQL endpoint)"


def test_query_from_another_folder_reads_the_project_and_says_so(project_home, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = zwgk("query", "plan-statistics", "--format", "csv", env={"ZWGK_HOME": str(project_home)}, cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    rows = proc.stdout.decode().splitlines()
    assert len(rows) == 5 and rows[1].startswith("https://w3id.org/zwgk/id/plan/210000-2017,38,48,")
    trig = project_home / "out" / "zwgk.trig"
    err = proc.stderr.decode().splitlines()
    assert len(err) == 1 and err[0].startswith(f"zwgk: data: {trig} (built ")
    assert err[0].endswith(f", 4 plans) — the project folder found from {elsewhere}")
    assert list(elsewhere.iterdir()) == []


def test_query_in_the_project_folder_reads_its_out_quietly(project_home):
    proc = zwgk("query", "plan-statistics", "--format", "csv", cwd=project_home)
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.decode().splitlines()) == 5 and proc.stderr.decode() == ""
