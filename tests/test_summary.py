"""The summary graph (:mod:`build_graph.summary`): national counts written by the build.

Its numbers must be what the per-plan queries count, summed: checked on the seeds (exact values
read from the documents' statistics) and on a synthetic corpus of every level and several years.
"""

from __future__ import annotations

import pandas as pd
import pytest
from rdflib import Dataset, URIRef
from typer.testing import CliRunner

from build_graph import build as B
from build_graph import queries as Q
from build_graph.cli import app
from build_graph.errors import UsageError
from build_graph.synth import write_corpus
from tests.conftest import iri

ZWGK = "https://w3id.org/zwgk/ontology#"
PLAN_COLUMNS = ["themes", "requirements", "lead", "cooperate", "implement", "supervise"]


def run(out, name, **params):
    return Q.run(name, data=out / "zwgk.trig", **params)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """30 synthetic plans (every level, several years), built into an Oxigraph store."""
    docs = tmp_path_factory.mktemp("synth-summary") / "docs"
    write_corpus(30, 11, docs)
    out = tmp_path_factory.mktemp("synth-summary-out")
    B.build([docs], out=out, store=f"oxigraph:{out / 'db'}", jobs=1)
    return out


def test_overview_of_the_seeds(corpus_build):
    _, out = corpus_build
    df = run(out, "national-overview")
    rows = [[r.year, r.levelLabel, *r[2:]] for r in df.drop(columns=["level", "level_label"]).itertuples(index=False)]
    # Zhongshan 2017 (prefectural); Guangdong 2017 + Liaoning 2017 (provincial); Guangdong 2021
    assert rows == [
        ["2017", "地级", 1, 22, 114, 131, 0, 0, 0, 0, 11],
        ["2017", "省级", 2, 60, 166, 246, 29, 7, 0, 3, 5],
        ["2021", "省级", 1, 12, 50, 26, 0, 120, 4, 0, 7]]
    gd = run(out, "national-overview", province=iri("jurisdiction/440000"), year="2017")
    # Guangdong's province: its own plan and Zhongshan's
    assert gd[["levelLabel", "plans", "requirements"]].values.tolist() == [["地级", 1, 114], ["省级", 1, 118]]


def _per_plan_sums(out) -> pd.DataFrame:
    """plan-statistics summed by (year, level), from the plan graphs themselves."""
    stats = run(out, "plan-statistics")
    lineage = Q.run("plan-lineage", data=out / "zwgk.trig")
    years = dict(zip(lineage.plan, lineage.year))
    ds = Dataset(default_union=True)
    ds.parse(out / "zwgk.trig", format="trig")
    level = {}
    for p in stats.plan:
        j = ds.value(URIRef(p), URIRef(ZWGK + "jurisdiction"))
        level[p] = str(ds.value(j, URIRef(ZWGK + "level")))
        years.setdefault(p, str(ds.value(URIRef(p), URIRef(ZWGK + "year"))))
    stats["year"] = [str(years[p]) for p in stats.plan]
    stats["level"] = [level[p] for p in stats.plan]
    stats["plans"] = 1
    return stats.groupby(["year", "level"])[["plans", *PLAN_COLUMNS]].sum().sort_index()


@pytest.mark.parametrize("which", ["seeds", "synthetic"])
def test_overview_is_the_per_plan_statistics_summed(corpus_build, synthetic, which):
    out = corpus_build[1] if which == "seeds" else synthetic
    overview = run(out, "national-overview").set_index(["year", "level"])[["plans", *PLAN_COLUMNS]].sort_index()
    expected = _per_plan_sums(out)
    assert overview.values.tolist() == expected.values.tolist()
    assert list(overview.index) == list(expected.index)
    if which == "synthetic":
        assert len(overview) >= 4 and overview.plans.sum() == 30


@pytest.mark.parametrize("which", ["seeds", "synthetic"])
def test_national_leads_are_the_per_plan_leads_summed(corpus_build, synthetic, which):
    out = corpus_build[1] if which == "seeds" else synthetic
    national = run(out, "national-leads-by-function-and-topic").set_index(["function", "topic"]).requirements
    per_plan = run(out, "leads-by-function-and-topic").groupby(["function", "topic"]).requirements.sum()
    assert national.sort_index().to_dict() == per_plan.sort_index().to_dict()
    if which == "seeds":
        assert (len(national), national.sum()) == (75, 366)
        top = run(out, "national-leads-by-function-and-topic", level=ZWGK + "Provincial", year="2017").iloc[0]
        assert (top.functionLabel, top.topicLabel, top.requirements) == ("市场监管", "调结构", 13)


def test_summary_lives_in_its_own_graph(corpus_build):
    result, out = corpus_build
    name = iri("graph/summary")
    assert name in result.dataset.graph_names()
    ds = Dataset()
    ds.parse(out / "zwgk.trig", format="trig")
    graphs = {str(g) for _, _, _, g in ds.quads((None, URIRef(ZWGK + "tallyYear"), None, None))}
    assert graphs == {name}
    assert "PlanTally" not in (out / "plans" / "440000-2017.ttl").read_text(encoding="utf-8")


def test_year_parameter_must_be_a_year(corpus_build):
    with pytest.raises(UsageError, match="must be a year"):
        run(corpus_build[1], "national-overview", year="17")
    bad = CliRunner().invoke(app, ["query", "national-overview", "--param", "year=2017年",
                                   "--data", str(corpus_build[1] / "zwgk.trig")])
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1 and "must be a year" in bad.stderr
    assert "Traceback" not in bad.stderr
