"""The corpus counted once per build, so national questions read hundreds of rows, not millions.

Answering "how many requirements did city plans of 2020 have, and who led them?" from the plan
graphs means touching every obligation of every plan: seconds to minutes at 10,000 plans, and it
grows with the corpus.  The build already holds those counts (the emitter's per-plan statistics,
the linker's topics and functions), so it writes them into their own named graph,
``…/graph/summary``, as two W3C Data Cube (``qb:``) datasets:

* ``summary/plans`` — one observation per (province, jurisdiction level, year): plans, themes,
  requirements, obligations by role, requirements no agency leads, residue lines;
* ``summary/leads`` — one observation per (jurisdiction level, year, function, topic): the
  requirements whose lead agency works in the function, in a theme of the topic — the sum over
  those plans of what ``leads-by-function-and-topic`` counts for each.

Like the registry and the links, the summary is rebuilt whole by every build, so it always agrees
with the plan graphs (tests compare it with the per-plan queries).  It says nothing the plan graphs
do not: every number is a count of what they hold.
"""

from __future__ import annotations

from collections import Counter

from rdflib.namespace import RDF as _RDF, RDFS as _RDFS, XSD as _XSD, DCTERMS as _DCTERMS

from .jurisdictions import get as get_jurisdiction, province_of
from .linking import FUNCTION_NS, TOPIC_NS
from .namespaces import LEVELS, QB as _QB, ZWGK as _ZWGK, Ids, Plain
from .terms import Triples, en, integer, typed, zh

ZWGK, RDF, RDFS, XSD, DCTERMS, QB = map(Plain, (_ZWGK, _RDF, _RDFS, _XSD, _DCTERMS, _QB))

#: the measures of ``summary/plans``, in order: (property, the per-plan statistic it sums)
PLAN_MEASURES = (
    (ZWGK.planCount, lambda st: 1),
    (ZWGK.themeCount, lambda st: st.themes),
    (ZWGK.requirementCount, lambda st: st.requirements),
    (ZWGK.leadCount, lambda st: st.obligations.get("Lead", 0)),
    (ZWGK.cooperateCount, lambda st: st.obligations.get("Cooperate", 0)),
    (ZWGK.implementCount, lambda st: st.obligations.get("Implement", 0)),
    (ZWGK.superviseCount, lambda st: st.obligations.get("Supervise", 0)),
    (ZWGK.withoutLeadCount, lambda st: st.no_lead),
    (ZWGK.residueCount, lambda st: st.residue),
)


def plan_tally(plans: dict, stats: dict) -> dict[tuple[str, str, int], list[int]]:
    """(province code, level, year) → the sums of :data:`PLAN_MEASURES` over the parsed plans there."""
    out: dict = {}
    for key, plan in plans.items():
        if not plan.meta.jurisdiction or not plan.meta.year:
            continue                # not placed in the country: its own plan graph says what it holds
        j = get_jurisdiction(plan.meta.jurisdiction)
        cell = out.setdefault((province_of(j).code, j.level, plan.meta.year), [0] * len(PLAN_MEASURES))
        for i, (_, f) in enumerate(PLAN_MEASURES):
            cell[i] += f(stats[key])
    return out


def _year(y: int):
    return typed(f"{y:04d}", XSD.gYear)


def summary_graph(ids: Ids, plans: dict, stats: dict, lead_tally: Counter) -> Triples:
    """The ``…/graph/summary`` triples: both datasets and their observations, in a fixed order."""
    g = Triples()
    plans_ds, leads_ds = ids.base["summary/plans"], ids.base["summary/leads"]
    for ds, zh_label, en_label, comment in (
            (plans_ds, "方案统计（按省、层级、年度）", "plans by province, level and year",
             "Counts over the parsed plans of each province (the country for national plans), jurisdiction "
             "level and year: plans, themes, requirements, obligations by role (corroborations excluded), "
             "requirements no agency leads, residue lines."),
            (leads_ds, "各职能牵头的主题（按层级、年度）", "leads by function and topic, per level and year",
             "Requirements whose lead agency works in a function, by the openness topic of the requirement's "
             "theme, summed over the plans of each jurisdiction level and year (corroborations excluded).")):
        g.add((ds, RDF.type, QB.DataSet))
        g.add((ds, RDFS.label, zh(zh_label)))
        g.add((ds, RDFS.label, en(en_label)))
        g.add((ds, DCTERMS.description, en(comment)))
    for (province, level, year), values in sorted(plan_tally(plans, stats).items()):
        obs = ids.base[f"summary/plans/{province}/{level}/{year:04d}"]
        g.add((obs, RDF.type, ZWGK.PlanTally))
        g.add((obs, QB.dataSet, plans_ds))
        g.add((obs, ZWGK.tallyProvince, ids.jurisdiction(province)))
        g.add((obs, ZWGK.tallyLevel, LEVELS[level]))
        g.add((obs, ZWGK.tallyYear, _year(year)))
        for (prop, _), v in zip(PLAN_MEASURES, values):
            g.add((obs, prop, integer(v)))
    for (level, year, function, topic), n in sorted(lead_tally.items(), key=lambda kv: tuple(map(str, kv[0]))):
        obs = ids.base[f"summary/leads/{level}/{year:04d}/{function}/{topic}"]
        g.add((obs, RDF.type, ZWGK.LeadTally))
        g.add((obs, QB.dataSet, leads_ds))
        g.add((obs, ZWGK.tallyLevel, LEVELS[level]))
        g.add((obs, ZWGK.tallyYear, _year(year)))
        g.add((obs, ZWGK.tallyFunction, FUNCTION_NS + function))
        g.add((obs, ZWGK.tallyTopic, TOPIC_NS + topic))
        g.add((obs, ZWGK.requirementCount, integer(n)))
    return g
