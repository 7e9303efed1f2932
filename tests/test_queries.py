"""Saved queries: headers, specific rows on the seed graph, safe parameters, and the same rows on a
real Oxigraph server (``oxigraph serve`` from PyPI, on 127.0.0.1) through SPARQLWrapper."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from build_graph import queries as Q
from build_graph.cli import app
from build_graph.errors import UsageError, ZwgkError
from tests.conftest import free_port, iri

QUERIES = [q.name for q in Q.list_queries()]
EXAMPLES = {"agency-portfolio": {"agency": "省财政厅"}, "city-vs-province": {"child": iri("plan/442000-2017")},
            "duties-across-reform": {"agency": "省环境保护厅"}}


def run(corpus_build, name, **params):
    _, out = corpus_build
    return Q.run(name, data=out / "zwgk.trig", **params)


def key(v: str) -> str:
    return v.rsplit("/id/", 1)[-1] if isinstance(v, str) else v


def test_there_are_ten_or_more_queries_each_with_a_header():
    assert len(QUERIES) >= 10
    for q in Q.list_queries():
        assert re.search(r"[\u4e00-\u9fff].* / [A-Za-z]", q.title), q.name        # Chinese / English
        assert q.description and q.columns
        for p in q.params:
            assert p.description and p.example, (q.name, p.name)
        select = re.search(r"SELECT(.*?)WHERE", q.text, re.S).group(1)
        projected = re.findall(r"(?:AS\s+)?\?(\w+)\)?", select)
        assert [c for c in projected if c in q.columns] == q.columns or set(q.columns) <= set(projected), q.name


@pytest.mark.parametrize("name", QUERIES)
def test_columns_match_results(corpus_build, name):
    df = run(corpus_build, name, **EXAMPLES.get(name, {}))
    cols = Q.get(name).columns
    assert list(df.columns)[:len(cols)] == cols                       # the header's columns, then labels
    assert list(df.columns)[len(cols):] == [f"{c}_label" for c in cols if f"{c}_label" in df.columns]
    assert len(df) > 0


def test_leads_by_theme(corpus_build):
    df = run(corpus_build, "leads-by-theme", plan=iri("plan/440000-2017"))
    rows = df[df.themeLabel == "加强预期引导"][["agencyLabel", "requirements", "explicit"]].values.tolist()
    assert sorted(rows) == sorted([["广东省发展和改革委员会", 1, 1], ["广东省人力资源和社会保障厅", 1, 1],
                                   ["广东省财政厅", 1, 1], ["广东省统计局", 1, 1], ["广东省审计厅", 1, 1]])
    assert set(df.plan) == {iri("plan/440000-2017")}


def test_portfolio_of_the_finance_department(corpus_build):
    df = run(corpus_build, "agency-portfolio", agency="省财政厅")
    gd17 = df[df.plan == iri("plan/440000-2017")]
    # the items Guangdong 2017's 省财政厅 leads, in plan order: lines 8, 16, 17 (merged), 26 (shared), 35,
    # 40 (八, shared), 52, 82 (十六, shared) — one row each; Zhongshan's explicit 市财政局 corroborates three of the
    # layout-read ones (the links graph): those rows list both evidences
    assert [(key(r).split("/req/")[1], e) for r, e in zip(gd17.requirement, gd17.evidence)] == [
        ("1-3", "Explicit"), ("2-5", "Explicit"), ("2-6", "MergedCell"), ("4-1", "SharedBlock"),
        ("4-2", "CrossPlan, SharedBlock"), ("6-1", "Explicit"), ("8-1", "CrossPlan, SharedBlock"), ("8-2", "SharedBlock"),
        ("8-3", "SharedBlock"), ("8-4", "SharedBlock"), ("8-5", "SharedBlock"), ("10-5", "Explicit"),
        ("16-1", "SharedBlock"), ("16-2", "SharedBlock"), ("16-3", "CrossPlan, SharedBlock")]
    assert gd17.line.tolist() == sorted(gd17.line.tolist()) and not gd17.requirement.duplicated().any()
    # scoped to Guangdong, or to one plan: exactly those rows of the unscoped answer
    gd = run(corpus_build, "agency-portfolio", agency="省财政厅", jurisdiction=iri("jurisdiction/440000"))
    assert gd.values.tolist() == df[df.agencyLabel == "广东省财政厅"].values.tolist()
    one = run(corpus_build, "agency-portfolio", agency="省财政厅", plan=iri("plan/440000-2017"))
    assert one.values.tolist() == gd17.values.tolist()
    # the same written form names Liaoning's 省财政厅 too
    assert set(df.agencyLabel) == {"广东省财政厅", "辽宁省财政厅"}
    by_iri = run(corpus_build, "agency-portfolio", agency=iri("agency/210000/caizhengting"))
    assert len(by_iri) == 9 and set(by_iri.role) == {"Lead", "Cooperate"}


def test_without_lead_and_layout(corpus_build):
    df = run(corpus_build, "requirements-without-lead")
    counts = df.groupby([df.plan.map(key), "status"]).size().to_dict()
    assert counts == {("plan/210000-2017", "addressed-to-no-one"): 3, ("plan/210000-2017", "implement-only"): 5,
                      ("plan/440000-2017", "lead-from-layout"): 118, ("plan/440000-2021", "implement-only"): 33,
                      ("plan/440000-2021", "lead-from-layout"): 20, ("plan/442000-2017", "lead-from-layout"): 60}


def test_shared_leadership(corpus_build):
    df = run(corpus_build, "shared-leadership")
    assert df.iloc[0, :5].tolist() == [iri("plan/440000-2017"), "各地", "各部门", 10, 4]
    assert ["广东省发展和改革委员会", "广东省财政厅", 7, 0] in df[df.plan == iri("plan/440000-2017")].iloc[:, 1:5].values.tolist()


def test_recurring_and_deadlines(corpus_build):
    df = run(corpus_build, "recurring-duties", frequency="https://w3id.org/zwgk/ontology#Monthly")
    assert set(df.frequencyLabel) == {"monthly"}
    assert ["广东省财政厅", 8] in df[["agencyLabel", "line"]].values.tolist()
    dl = run(corpus_build, "deadlines")
    assert dl.iloc[0][["date", "written", "line"]].tolist() == ["2017-05-31", "5月31日前", 66]
    assert dl[dl.written == "5小时内"].withinHours.tolist() == [5]


def test_lineage_and_statistics(corpus_build):
    df = run(corpus_build, "plan-lineage")
    assert [(key(p), key(i), c) for p, i, c in zip(df.plan, df.implements, df.inCorpus)] == [
        ("plan/210000-2017", "plan/CN-2017", False), ("plan/440000-2017", "plan/CN-2017", False),
        ("plan/440000-2021", "plan/CN-2021", False), ("plan/442000-2017", "plan/440000-2017", True)]
    gd = run(corpus_build, "plan-lineage", jurisdiction=iri("jurisdiction/440000"))
    assert [key(p) for p in gd.plan] == ["plan/440000-2017", "plan/440000-2021"]
    assert set(gd.jurisdictionLabel) == {"广东省"}
    zs = run(corpus_build, "plan-lineage", plan=iri("plan/442000-2017"))
    assert zs[["jurisdictionLabel", "implementedJurisdictionLabel", "inCorpus"]].values.tolist() == [["中山市", "广东省", True]]
    st = run(corpus_build, "plan-statistics").set_index("plan")[Q.get("plan-statistics").columns[1:]]
    assert st.loc[iri("plan/440000-2017")].tolist() == [22, 118, 169, 0, 0, 0, 51, 35, 83, 0, 30]
    assert st.loc[iri("plan/210000-2017")].tolist() == [38, 48, 77, 29, 7, 0, 108, 0, 0, 5, 47]


def test_written_forms_and_collectives(corpus_build):
    df = run(corpus_build, "agency-written-forms", jurisdiction=iri("jurisdiction/440000"))
    office = df[df.agencyLabel == "广东省人民政府办公厅"].written.tolist()
    assert office == ["省府办公厅", "省政府办公厅"]
    co = run(corpus_build, "collective-addressees")
    assert co.groupby("agencyLabel").size()["各地级以上市人民政府"] == 44
    assert co[(co.agencyLabel == "各地") & (co.plan == iri("plan/440000-2017"))].line.tolist() == [
        30, 31, 96, 97, 100, 101, 104, 105, 106, 110, 110]


def test_parameters_are_bound_as_terms_not_text(corpus_build):
    nasty = '省财政厅" } ; DROP ALL ; SELECT * { ?s ?p "'
    text = Q.bind(Q.get("agency-portfolio"), {"agency": nasty})
    assert 'VALUES (?agencyName) { ("省财政厅\\" } ; DROP ALL ; SELECT * { ?s ?p \\""@zh) }' in text
    with pytest.raises(UsageError, match="no agency of that name"):   # matched literally: no agency has that name
        run(corpus_build, "agency-portfolio", agency=nasty)
    assert len(run(corpus_build, "agency-portfolio", agency="省财政厅")) == 29   # and nothing was dropped


def test_parameter_errors():
    with pytest.raises(UsageError, match="needs parameter agency"):
        Q.bind(Q.get("agency-portfolio"), {})
    with pytest.raises(UsageError, match="has no parameter colour"):
        Q.bind(Q.get("deadlines"), {"colour": "red"})
    with pytest.raises(UsageError, match="must be an IRI"):
        Q.bind(Q.get("deadlines"), {"plan": "440000-2017"})
    with pytest.raises(UsageError, match="no saved query 'nope'"):
        Q.get("nope")


def test_cli_query(corpus_build):
    _, out = corpus_build
    runner = CliRunner()
    r = runner.invoke(app, ["query", "plan-lineage", "--data", str(out / "zwgk.trig"), "--format", "csv"])
    assert r.exit_code == 0 and r.output.splitlines()[0].startswith("plan,title,jurisdictionLabel,year,implements")
    listed = runner.invoke(app, ["query", "--list"])
    assert "agency-portfolio" in listed.output and "by IRI or by any written form" in " ".join(listed.output.split())
    bad = runner.invoke(app, ["query", "agency-portfolio", "--data", str(out / "zwgk.trig")])
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1
    down = runner.invoke(app, ["query", "deadlines", "--endpoint", f"http://127.0.0.1:{free_port()}/query"])
    assert down.exit_code == 2 and "cannot reach the SPARQL endpoint" in down.stderr and "Traceback" not in down.stderr


# -- a real Oxigraph server (fixture `oxigraph` in conftest.py) -----------------------
# the same rows, in the same order, on rdflib, pyoxigraph and this server: tests/test_query_labels.py


def test_server_error_is_one_line(oxigraph):
    with pytest.raises(ZwgkError, match="refused the query|cannot reach"):
        Q._run_endpoint("SELECT * WHERE { ?s ?p }", oxigraph)


def test_integer_columns_stay_integers_in_every_format(corpus_build):
    """withinDays holds 10 (10个工作日内) beside empty cells: an integer with gaps, never 10.0."""
    import subprocess
    import sys

    from build_graph import queries as Q
    from tests.conftest import ROOT

    _, out = corpus_build
    df = Q.run("deadlines", data=out / "zwgk.trig")
    assert 10 in set(df["withinDays"]) and None in set(df["withinDays"])
    assert all(v is None or type(v) is int for v in df["withinDays"])
    for fmt, needle in (("csv", ",10个工作日内,10,"), ("json", '"withinDays":10,'), ("markdown", "| 10 |")):
        text = subprocess.run([sys.executable, "-m", "build_graph.cli", "query", "deadlines", "--data",
                               str(out / "zwgk.trig"), "--format", fmt], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout
        assert needle in text and "10.0" not in text, fmt
