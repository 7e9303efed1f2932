"""Compare a plan with the plan it implements, theme by theme (first version: themes and agencies).

Themes are paired by their printed ordinal when both plans number them, else by label
similarity; a pair whose labels differ after folding is *changed*.  Agencies of different
jurisdictions are compared by their department name with the jurisdiction and the organ
suffix removed (广东省财政厅 and 中山市财政局 both give 财政), a crude stand-in for the
functions of government that the linking work will add.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from . import queries
from .linking import department as linking_department
from .textnorm import fold

SUFFIX = re.compile(r"(委员会|办公厅|办公室|管理局|监督管理局|厅|局|委|办)$")


def department(label: str) -> str:
    """The department part of a canonical agency name: 广东省财政厅 → 财政; collectives stay whole."""
    name = linking_department(label)
    if name.startswith("各") or not name:
        return name or label
    name = re.sub(r"^委(?=宣传部|组织部|办公室)", "", name)
    if re.fullmatch(r"人民政府办公[厅室]", name):
        return "政府办公厅(室)"
    name = re.sub(r"^人民政府", "", name)
    return SUFFIX.sub("", name) or name


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, fold(a), fold(b)).ratio()


def compare_themes(parent: str, child: str, data=None, endpoint=None):
    """Return a DataFrame: one row per theme pair (kept / changed / dropped / added) with leads."""
    import pandas as pd

    kw = dict(data=data, endpoint=endpoint)
    pt = queries.run("themes", plan=parent, **kw)
    ct = queries.run("themes", plan=child, **kw)
    pl = queries.run("leads-by-theme", plan=parent, **kw)
    cl = queries.run("leads-by-theme", plan=child, **kw)

    def leads(df, theme):
        return sorted({department(a) for a in df[df.theme == theme].agencyLabel})

    pairs, used = [], set()
    for _, p in pt.iterrows():
        match = None
        if p.ordinal and p.ordinal in set(ct.ordinal.dropna()):
            match = ct[ct.ordinal == p.ordinal].iloc[0]
        else:
            scored = sorted(((_similar(p.label, c.label), i) for i, c in ct.iterrows() if i not in used), reverse=True)
            if scored and scored[0][0] >= 0.6:
                match = ct.loc[scored[0][1]]
        if match is not None:
            used.add(match.name)
        pairs.append((p, match))
    for i, c in ct.iterrows():
        if i not in used:
            pairs.append((None, c))
    rows = []
    for p, c in pairs:
        if p is not None and c is not None:
            status = "kept" if fold(p.label) == fold(c.label) else "changed"
        else:
            status = "dropped" if c is None else "added"
        p_leads = leads(pl, p.theme) if p is not None else []
        c_leads = leads(cl, c.theme) if c is not None else []
        rows.append({
            "ordinal": (p.ordinal if p is not None else c.ordinal),
            "status": status,
            "parent_theme": p.label if p is not None else None,
            "child_theme": c.label if c is not None else None,
            "label_similarity": round(_similar(p.label, c.label), 2) if p is not None and c is not None else None,
            "parent_requirements": int(p.requirements) if p is not None else 0,
            "child_requirements": int(c.requirements) if c is not None else 0,
            "shared_lead_departments": sorted(set(p_leads) & set(c_leads)),
            "parent_only_departments": sorted(set(p_leads) - set(c_leads)),
            "child_only_departments": sorted(set(c_leads) - set(p_leads)),
        })
    return pd.DataFrame(rows)
