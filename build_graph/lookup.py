"""Names and orders the notebooks need beside the saved queries: plan names, themes in plan order, deadlines with
what is due and who must do it.  Small SPARQL run where ``queries.run`` runs (``ZWGK_ENDPOINT``, else the last
build), so notebooks hold no parsing code.
"""

from __future__ import annotations

import os
import re

from . import queries

PREFIXES = """PREFIX zwgk: <https://w3id.org/zwgk/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


def _columns(text: str) -> list[str]:
    """The variables a SELECT projects, in order (``?a ?b`` before ``WHERE``)."""
    head = re.split(r"\bWHERE\b", text.split("SELECT", 1)[1], maxsplit=1)[0]
    return list(dict.fromkeys(re.findall(r"\?(\w+)", re.sub(r"\([^()]*\bAS\s+", "(", head))))


def sparql(text: str, data=None, endpoint=None):
    """Run a SELECT on the same data ``queries.run`` would use; a DataFrame of its variables."""
    import pandas as pd

    text = PREFIXES + text
    cols = _columns(text)
    if endpoint is None and data is None:
        endpoint = os.environ.get("ZWGK_ENDPOINT") or None
    rows = queries.select(text, data=data, endpoint=endpoint)
    return pd.DataFrame([[r.get(c) for c in cols] for r in rows], columns=cols)


def plan_names(data=None, endpoint=None) -> dict[str, str]:
    """Plan IRI → a short name for axes: 辽宁省 2017 (jurisdiction and year, from the plan-lineage query)."""
    lin = queries.run("plan-lineage", data=data, endpoint=endpoint)
    return {r.plan: f"{r.jurisdictionLabel} {r.year}" for r in lin.itertuples()}


THEMES = """
SELECT ?plan ?theme ?label ?ordinal ?parentOrdinal ?p1 ?p2 ?p3 WHERE {
  ?theme a zwgk:Theme ; zwgk:plan ?plan ; zwgk:position ?p3 ; rdfs:label ?label . FILTER(LANG(?label) = "zh")
  OPTIONAL { ?theme zwgk:ordinal ?ordinal }
  OPTIONAL { ?theme zwgk:parentTheme ?t2 . ?t2 zwgk:position ?p2
             OPTIONAL { ?t2 zwgk:ordinal ?parentOrdinal }
             OPTIONAL { ?t2 zwgk:parentTheme ?t1 . ?t1 zwgk:position ?p1 } }
}"""


def theme_order(data=None, endpoint=None):
    """Every theme (nested ones too) with its place in its plan: ``key`` (positions from the top, numeric),
    ``rank`` (0, 1, 2, … in plan order within the plan) and ``number``, its ordinal as printed, after its
    parent's for a theme two levels down ((一)1: item 1 of sub-theme (一)), so that rows read unambiguously."""
    df = sparql(THEMES, data=data, endpoint=endpoint)
    if df.empty:
        return df.assign(key=[], rank=[])

    def key(r):
        return tuple(int(p) for p in (r.get("p1"), r.get("p2"), r.get("p3")) if p is not None and p == p)

    df["key"] = [key(r) for _, r in df.iterrows()]
    df = df.sort_values(["plan", "key"]).reset_index(drop=True)
    df["rank"] = df.groupby("plan").cumcount()

    def number(r):
        own = r.ordinal if isinstance(r.ordinal, str) else ""
        parent = r.parentOrdinal if isinstance(r.parentOrdinal, str) and len(r.key) >= 3 else ""
        return parent + own
    df["number"] = [number(r) for r in df.itertuples()]
    return df


DUTIES = """
SELECT ?plan ?requirement ?line ?item ?text ?written ?date ?withinDays ?withinHours ?workingDays
       ?role ?agency ?agencyLabel WHERE {
  ?requirement zwgk:deadline ?d ; zwgk:plan ?plan ; zwgk:sourceLine ?line ; zwgk:text ?text .
  ?d zwgk:asWritten ?written .
  OPTIONAL { ?d zwgk:date ?date }
  OPTIONAL { ?d zwgk:withinDays ?withinDays }
  OPTIONAL { ?d zwgk:withinHours ?withinHours }
  OPTIONAL { ?d zwgk:workingDays ?wd }
  BIND(COALESCE(?wd, false) AS ?workingDays)
  OPTIONAL { ?requirement zwgk:ordinal ?ordinal }
  BIND(COALESCE(STR(?ordinal), CONCAT("line ", STR(?line))) AS ?item)
  OPTIONAL { ?ob zwgk:requirement ?requirement ; zwgk:role ?r ; zwgk:agency ?agency .
             ?agency rdfs:label ?agencyLabel . FILTER(LANG(?agencyLabel) = "zh")
             ?r rdfs:label ?role . FILTER(LANG(?role) = "zh") }
}"""


def with_names(df, names: dict[str, str] | None = None, column: str = "plan", data=None, endpoint=None):
    """``df`` with a ``name`` column first: the plan's short name from ``plan_names()`` (辽宁省 2017), else the
    query's own label column (``plan_label``), else the plan's id."""
    df = df.copy()
    names = names if names is not None else plan_names(data=data, endpoint=endpoint)
    name = df[column].map(names)
    for c in (f"{column}_label", f"{column}Label"):
        if c in df.columns:
            name = name.fillna(df[c])
    df.insert(0, "name", name.fillna(df[column].astype(str).str.rsplit("/", n=1).str[-1]))
    return df


def due_clause(text: str, written: str) -> str:
    """The clause of a requirement's text that holds a deadline's words (6月底前,实现省电子政务外网与各市互联互通),
    i.e. what falls due then; the whole text when the words are not found."""
    import re

    parts = [p.strip() for p in re.split(r"(?<=[。；;！!？?])", text or "") if p.strip()]
    hit = next((p for p in parts if written and written in p), None)
    return (hit or text or "").rstrip("。；;")


def span(days=None, hours=None, working: bool = False) -> str:
    """A relative deadline in words, keeping its unit: 3 个工作日, 30 天, 24 小时."""
    if days is not None and days == days:
        return f"{int(days)} 个工作日" if working else f"{int(days)} 天"
    if hours is not None and hours == hours:
        return f"{int(hours)} 小时"
    return ""


def deadline_duties(data=None, endpoint=None):
    """One row per deadline: plan, item, what is due (the requirement's text), when (``date`` for an exact one,
    else ``within`` — "3 个工作日" / "30 天" / "24 小时", from zwgk:withinDays, zwgk:withinHours and
    zwgk:workingDays), what falls due (``due``: the clause holding the deadline; ``text``: the whole requirement)
    and who must do it (``who``: agency（role）; "—" where the plan names no one)."""
    import pandas as pd

    df = sparql(DUTIES, data=data, endpoint=endpoint)
    cols = ["plan", "item", "line", "date", "written", "within", "workingDays", "due", "who", "text", "requirement"]
    if df.empty:
        return pd.DataFrame(columns=cols)
    for c in ("date", "withinDays", "withinHours", "agencyLabel", "role"):
        if c not in df:
            df[c] = None
    df["workingDays"] = df.workingDays.map(lambda v: v is True or str(v).lower() == "true")

    def who(g):
        pairs = sorted({(a, r) for a, r in zip(g.agencyLabel, g.role) if isinstance(a, str)},
                       key=lambda p: (p[1] != "牵头", p[1] or "", p[0]))
        return "、".join(f"{a}（{r}）" for a, r in pairs) or "—（未写明责任单位）"

    keys = ["plan", "requirement", "written"]
    people = df.groupby(keys, sort=False).apply(who, include_groups=False).rename("who")
    first = df.drop_duplicates(keys).set_index(keys)
    out = first.join(people).reset_index()
    out["within"] = [span(d, h, w) for d, h, w in zip(out.withinDays, out.withinHours, out.workingDays)]
    out["line"] = out.line.astype(int)
    out["due"] = [due_clause(t, w) for t, w in zip(out.text, out.written)]
    out = out.sort_values(["date", "plan", "line", "written"], na_position="last").reset_index(drop=True)
    return out[cols]
