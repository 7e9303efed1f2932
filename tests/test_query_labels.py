"""Answers in names, not IRIs (issue 14): label columns, short ids as parameters, plan order on every engine,
one portfolio row per requirement, and tables that fit 80 and 120 columns without cutting an id or a number."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from rich.cells import cell_len

from build_graph import queries as Q
from build_graph.errors import UsageError
from tests.conftest import ROOT, iri

QUERIES = [q.name for q in Q.list_queries()]
EXAMPLES = {"agency-portfolio": {"agency": "省财政厅"}, "city-vs-province": {"child": "442000-2017"},
            "duties-across-reform": {"agency": "省环境保护厅"}}
GD17 = iri("plan/440000-2017")


def run(corpus_build, name, **params):
    _, out = corpus_build
    return Q.run(name, data=out / "zwgk.trig", **params)


def _rows(df):
    return [tuple("" if v is None or v != v else str(v) for v in row) for row in df.itertuples(index=False)]


# -- labels ----------------------------------------------------------------------------------------------------
def test_every_iri_column_has_a_label_column(corpus_build):
    df = run(corpus_build, "leads-by-theme", plan="440000-2017")
    assert list(df.columns) == ["plan", "theme", "themeLabel", "agency", "agencyLabel", "requirements", "explicit",
                                "plan_label", "theme_label", "agency_label"]
    # the lead of 440000-2017 item 1-3 (按月公开全省及各市一般公共预算收支完成情况, line 8) is 省财政厅
    row = df[(df.theme == iri("plan/440000-2017/theme/1")) & (df.agency == iri("agency/440000/caizhengting"))]
    assert row[["agency_label", "theme_label", "requirements"]].values.tolist() == [["广东省财政厅", "加强预期引导", 1]]
    assert set(df.plan_label) == {"广东省贯彻落实国务院办公厅 2017 年政务公开工作要点分工方案"}
    assert (df.agency_label == df.agencyLabel).all() and (df.theme_label == df.themeLabel).all()


def test_labels_of_requirements_concepts_and_levels(corpus_build):
    pf = run(corpus_build, "agency-portfolio", agency="省财政厅", plan="440000-2017")
    first = pf.iloc[0]
    assert (Q.short_id(first.requirement), first.requirement_label) == (
        "440000-2017/req/1-3", "按月公开全省及各市一般公共预算收支完成情况。")          # zwgk:text
    nat = run(corpus_build, "national-overview")
    assert dict(zip(nat.level.map(Q.short_id), nat.level_label)) == {"Prefectural": "地级", "Provincial": "省级"}
    fn = run(corpus_build, "national-leads-by-function-and-topic")
    assert (fn.function_label == fn.functionLabel).all() and (fn.topic_label == fn.topicLabel).all()


def test_label_columns_alike_on_every_engine(corpus_build, oxigraph):
    _, out = corpus_build
    for engine in ("oxigraph", "rdflib"):
        df = Q.run("leads-by-theme", data=out / "zwgk.trig", engine=engine, plan=GD17)
        assert "agency_label" in df.columns
    served = Q.run("leads-by-theme", endpoint=oxigraph, plan="440000-2017")
    assert _rows(served) == _rows(df)


# -- short ids as parameters -----------------------------------------------------------------------------------
def test_short_ids_name_the_same_nodes_as_iris(corpus_build):
    assert _rows(run(corpus_build, "leads-by-theme", plan="440000-2017")) == _rows(
        run(corpus_build, "leads-by-theme", plan=GD17))
    by_iri = _rows(run(corpus_build, "plan-lineage", jurisdiction=iri("jurisdiction/440000")))
    assert _rows(run(corpus_build, "plan-lineage", jurisdiction="440000")) == by_iri
    assert _rows(run(corpus_build, "plan-lineage", jurisdiction="广东省")) == by_iri
    monthly = run(corpus_build, "recurring-duties", frequency="Monthly")
    assert _rows(monthly) == _rows(run(corpus_build, "recurring-duties",
                                       frequency="https://w3id.org/zwgk/ontology#Monthly"))
    assert len(monthly) == 12
    assert len(run(corpus_build, "national-leads-by-function-and-topic", level="Prefectural")) > 0
    # an agency by its written form, in Python as on the command line
    pf = run(corpus_build, "agency-portfolio", agency="省政务服务数据管理局", plan="440000-2021")
    assert set(pf.agencyLabel) == {"广东省政务服务数据管理局"} and len(pf) > 0


def test_a_short_id_naming_nothing_or_several_is_one_line(corpus_build):
    with pytest.raises(UsageError, match=r"--param plan=440000-2099: no plan of that name") as e:
        run(corpus_build, "leads-by-theme", plan="440000-2099")
    assert "\n" not in str(e.value)
    with pytest.raises(UsageError, match="no jurisdiction of that name"):
        run(corpus_build, "plan-lineage", jurisdiction="999999")
    with pytest.raises(UsageError, match="no agency of that name"):
        run(corpus_build, "agency-portfolio", agency="省无此局")
    # "plan" is the name of the class zwgk:Plan and of the property zwgk:plan: both are listed
    with pytest.raises(UsageError, match=r"level=plan names 2 concepts: Plan \(方案\), plan \(所属方案\)"):
        run(corpus_build, "national-leads-by-function-and-topic", level="plan")


def test_cli_short_id_errors_exit_2_on_one_line(corpus_build):
    _, out = corpus_build
    r = _zwgk(["query", "leads-by-theme", "--data", str(out / "zwgk.trig"), "--param", "plan=440000-2099"], 80)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and r.stderr.startswith("zwgk: error: --param plan=")


# -- order -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", QUERIES)
def test_same_rows_in_the_same_order_on_every_engine(corpus_build, oxigraph, name):
    """Every ORDER BY is total: rdflib, pyoxigraph and an Oxigraph server give the rows in one order."""
    _, out = corpus_build
    params = EXAMPLES.get(name, {})
    on_oxigraph = run(corpus_build, name, **params)
    on_rdflib = Q.run(name, data=out / "zwgk.trig", engine="rdflib", **params)
    served = Q.run(name, endpoint=oxigraph, **params)
    assert _rows(on_rdflib) == _rows(on_oxigraph) == _rows(served)
    assert list(on_rdflib.columns) == list(on_oxigraph.columns) == list(served.columns)


def test_themes_in_plan_order_numeric(corpus_build):
    df = run(corpus_build, "leads-by-theme", plan="440000-2017")
    themes = df.theme.map(Q.short_id).drop_duplicates().tolist()
    assert themes == [f"440000-2017/theme/{n}" for n in range(1, 23)]      # 1, 2, … 10, 11 …, not 1, 10, 11 … 2
    cvp = run(corpus_build, "city-vs-province", child="442000-2017")
    kept = cvp[cvp.status == "kept"].childRequirement.map(Q.short_id).tolist()
    assert kept[:3] == ["442000-2017/req/1-1", "442000-2017/req/1-2", "442000-2017/req/1-3"]


# -- one portfolio row per requirement -------------------------------------------------------------------------
def test_a_requirement_read_twice_is_one_row(corpus_build):
    df = run(corpus_build, "agency-portfolio", agency="省财政厅")
    assert len(df) == 29 and not df.duplicated(["agency", "requirement", "role"]).any()
    row = df[df.requirement == iri("plan/440000-2017/req/4-2")]
    assert row[["item", "line", "role", "evidence"]].values.tolist() == [["2", 26, "Lead", "CrossPlan, SharedBlock"]]
    assert "one row per requirement and role" in Q.get("agency-portfolio").description


# -- widths ----------------------------------------------------------------------------------------------------
def _zwgk(args, width):
    env = {**os.environ, "COLUMNS": str(width)}
    env.pop("ZWGK_ENDPOINT", None)
    return subprocess.run([sys.executable, "-m", "build_graph.cli", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300)


def _fits(text, width):
    lines = text.splitlines()
    assert lines and max(cell_len(line) for line in lines) <= width
    assert "…" not in text


@pytest.mark.parametrize("width", [80, 120])
def test_build_summary_fits_and_cuts_nothing(corpus_build, tmp_path, width):
    result, _ = corpus_build
    r = _zwgk(["build", "documents", "--out", str(tmp_path / "out")], width)
    assert r.returncode == 0, r.stderr
    _fits(r.stdout, width)
    for plan, s in result.stats.items():
        cells = [c for line in r.stdout.splitlines() if line.startswith(plan + " ") for c in line.split()]
        assert cells, plan                                     # the plan id, whole, at the head of its rows
        expected = [s.requirements, *s.obligations.values(), *s.evidence.values(), s.themes, s.open_items,
                    s.repairs, s.residue]
        for n in expected:
            assert str(n) in cells, (plan, n)


@pytest.mark.parametrize("width", [80, 120])
def test_query_tables_fit_and_show_names(corpus_build, width):
    _, out = corpus_build
    data = ["--data", str(out / "zwgk.trig")]
    r = _zwgk(["query", "leads-by-theme", *data], width)
    assert r.returncode == 0, r.stderr
    _fits(r.stdout, width)
    assert "https://" not in r.stdout and "440000-2017" in r.stdout and "广东省财政厅" in r.stdout
    assert r.stdout.rstrip().endswith("207 rows")
    for name in QUERIES:
        r = _zwgk(["query", name, *data, *[f"--param={k}={v}" for k, v in EXAMPLES.get(name, {}).items()]], width)
        assert r.returncode == 0, (name, r.stderr)
        _fits(r.stdout, width)
    stats = _zwgk(["query", "plan-statistics", *data], width).stdout
    gd = next(line.split() for line in stats.splitlines() if line.startswith("440000-2017 "))
    assert gd == ["440000-2017", "22", "118", "169", "0", "0", "0", "51", "35", "83", "0", "30"]


@pytest.mark.parametrize("width", [80, 120])
def test_query_list_keeps_examples_whole(width):
    r = _zwgk(["query", "--list"], width)
    assert r.returncode == 0
    _fits(r.stdout, width)
    for q in Q.list_queries():
        for p in q.params:
            assert f"--param {p.name}={p.example}" in r.stdout, (q.name, p.name)
            assert not p.example.startswith("http"), (q.name, p.name)   # short ids as examples


def test_csv_and_json_keep_iris_and_labels(corpus_build):
    _, out = corpus_build
    args = ["query", "leads-by-theme", "--data", str(out / "zwgk.trig"), "--param", "plan=440000-2017"]
    csv = _zwgk([*args, "--format", "csv"], 80).stdout.splitlines()
    assert csv[0] == "plan,theme,themeLabel,agency,agencyLabel,requirements,explicit,plan_label,theme_label,agency_label"
    assert csv[1].startswith(GD17 + ",")
    js = _zwgk([*args, "--format", "json"], 80).stdout
    assert '"agency_label":"广东省' in js and '"agency":"https:' in js
