"""Compare a plan with the plan it implements, theme by theme (first version: themes and agencies).

Themes are paired by their printed ordinal when both plans number them, else by label
similarity; a pair whose labels differ after folding (traditional and full-width forms) and
with punctuation removed (quotation marks, brackets, 、，) is *changed*, so 推进“放管服”改革 and
推进放管服改革 are the same theme.  A theme whose heading the parent lacks (a reconstructed
heading) is *heading missing*, not changed.  For paired themes, ``lead_changed`` says whether
the named lead departments differ (collectives such as 各地 / 各镇区 aside) and ``lead_change``
lists them (−gone +come).  Agencies of different
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


PUNCT = re.compile(r"[\s\"'`“”‘’「」『』《》〈〉()（）\[\]【】〔〕<>、，,。.．：:；;！!？?·・—–\-_/\\]+")


def fold_label(text: str) -> str:
    """A theme label for comparing: folded (traditional, full-width) and with every punctuation mark and space
    removed — “公开” and "公开" and 公开 are the same."""
    return PUNCT.sub("", fold(text or ""))


def same_label(a: str, b: str) -> bool:
    """Whether two theme labels are the same once punctuation and character forms are folded."""
    return fold_label(a) == fold_label(b)


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, fold_label(a), fold_label(b)).ratio()


def _named(departments) -> set[str]:
    return {d for d in departments if not d.startswith("各")}


def lead_changed(parent_leads, child_leads) -> bool:
    """Whether a theme's lead departments differ, collectives (各地, 各镇区, 各部门) aside: a city says 各镇区
    where its province says 各地, which is the same duty one level down, not a change of lead."""
    return _named(parent_leads) != _named(child_leads)


def lead_change(parent_leads, child_leads) -> str:
    """The lead departments gone and come, in words: "−财政 +政务服务" ("" when the named leads are the same)."""
    gone = sorted(_named(parent_leads) - _named(child_leads))
    came = sorted(_named(child_leads) - _named(parent_leads))
    return " ".join([f"−{d}" for d in gone] + [f"+{d}" for d in came])


def compare_themes(parent: str, child: str, data=None, endpoint=None):
    """Return a DataFrame: one row per theme pair (kept / changed / heading missing / dropped / added) with
    their lead departments and whether the leads changed (``lead_changed``)."""
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
            if bool(p.get("reconstructed")) or bool(c.get("reconstructed")):
                status = "heading missing"
            else:
                status = "kept" if same_label(p.label, c.label) else "changed"
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
            "lead_changed": lead_changed(p_leads, c_leads) if p is not None and c is not None else None,
            "lead_change": lead_change(p_leads, c_leads) if p is not None and c is not None else "",
        })
    return pd.DataFrame(rows)
