"""Score a build against hand-made expected answers (the format of ``../shared/real``).

Each ``NN_name.txt`` document comes with ``NN_name.json`` listing what a faithful reader must find
(``expected_requirements``: ``text_head``, ``leads``, ``cooperating``, ``implementers`` …).  The
document is built alone and its graph compared:

``found``   expected requirements whose ``text_head`` lies inside one requirement's ``zwgk:text``;
``leads``   of those with expected leads, the graph's Lead agencies are exactly the expected ones
            (compared by every written form and label the graph keeps); ``cooperating`` /
            ``implementers`` likewise.

The answers' ``text_head`` is "the first 12 characters of the item's own body, number, punctuation,
symbols, tags and whitespace removed", so by default the text is compared with punctuation and symbols
removed too; ``punctuation=True`` keeps them, as ``../shared/tools/score_real.py`` does (which no
faithful ``zwgk:text`` can match when the head drops a mark the text prints).
"""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from pathlib import Path

from rdflib import Dataset
from rdflib.namespace import RDFS, SKOS

from .namespaces import ZWGK as Z

ROLES = {"leads": Z.Lead, "cooperating": Z.Cooperate, "implementers": Z.Implement}
FIELDS = ("leads", "cooperating", "implementers")


def norm(s: str) -> str:
    """NFKC, tags and whitespace removed (the shared scorer's normalisation)."""
    s = re.sub(r"<[^>]+>", "", unicodedata.normalize("NFKC", s))
    return re.sub(r"\s+", "", s)


def bare(s: str) -> str:
    """norm() with punctuation and symbols removed too (how the answers' text_head was written)."""
    return "".join(ch for ch in norm(s) if unicodedata.category(ch)[0] not in "PSZ")


def _key(s: str) -> str:
    return re.sub(r"^(省|市|县|縣|区|區)", "", norm(s))


def atoms(name: str) -> set:
    """Keys of a name split at list separators outside brackets (各地、各部门 → 各地, 各部门)."""
    parts, depth, cur = [], 0, ""
    for ch in norm(name):
        depth += ch in "(（〔[" and 1 or 0
        depth -= ch in ")）〕]" and 1 or 0
        if ch in "、,，;；" and depth <= 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return {_key(p) for p in parts if p}


def same_set(expected, found) -> bool:
    """True when the graph's agencies cover exactly the expected ones (each found agency one of them)."""
    want = set().union(*(atoms(n) for n in expected)) if expected else set()
    covered = set()
    for names in found:
        have = set().union(*(atoms(n) for n in names)) if names else set()
        hit = want & have
        if not hit:
            return False
        covered |= hit
    return covered == want


def requirements(ds) -> dict:
    """Every requirement of the dataset: its text and, per role, each agency's names."""
    out = {}
    for r in set(ds.subjects(Z.text, None)):
        if (r, Z.plan, None) not in ds:
            continue
        roles: dict = {}
        for o in ds.subjects(Z.requirement, r):
            a = ds.value(o, Z.agency)
            names = {str(x) for x in ds.objects(a, RDFS.label)} | {str(x) for x in ds.objects(a, SKOS.altLabel)}
            names |= {str(x) for x in ds.objects(o, Z.asWritten)}
            roles.setdefault(ds.value(o, Z.role), []).append(names)
        out[r] = {"text": str(ds.value(r, Z.text)), "roles": roles}
    return out


def build_one(txt: Path) -> tuple[str, Dataset | None, str]:
    """Build one document alone; (outcome, dataset, what the builder said)."""
    from .build import build
    from .errors import ZwgkError

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        try:
            result = build([txt], out=out)
            result.dataset.close()
        except ZwgkError as exc:
            return "refused", None, exc.one_line()
        ds = Dataset(default_union=True)
        ds.parse(out / "zwgk.trig", format="trig")
        return "built", ds, ""


def score_document(txt: Path, punctuation: bool = False) -> dict:
    """Build and score one document; ``punctuation`` keeps punctuation in the text (the shared scorer's way)."""
    side = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
    expected = side.get("expected_requirements", [])
    row = {"doc": txt.stem, "expected": len(expected), "found": 0, "misses": [], "requirements": 0}
    for field in ("leads", "cooperating", "implementers"):
        row[field + "_n"] = sum(1 for e in expected if e.get(field))
        row[field + "_ok"] = 0
    outcome, ds, said = build_one(txt)
    row["outcome"], row["said"] = outcome, said
    if ds is None:
        row["misses"] = [f"not built: {e['text_head']}" for e in expected]
        return row
    reqs = requirements(ds)
    row["requirements"] = len(reqs)
    view = norm if punctuation else bare
    texts = {r: view(v["text"]) for r, v in reqs.items()}
    used: set = set()
    for e in expected:
        head = view(e["text_head"])
        cands = [r for r in reqs if head in texts[r] and r not in used]
        if not cands:
            row["misses"].append(f"not found: {e['text_head']}")
            continue
        r = min(cands, key=lambda x: len(texts[x]))
        used.add(r)
        row["found"] += 1
        for field in ("leads", "cooperating", "implementers"):
            if e.get(field):
                got = reqs[r]["roles"].get(ROLES[field], [])
                if same_set(e[field], got):
                    row[field + "_ok"] += 1
                else:
                    names = sorted(min(n, key=len) for n in got if n)
                    row["misses"].append(f"{field} of {e['text_head']}: expected {e[field]}, got {names}")
    return row


def totals(rows: list[dict]) -> dict:
    """Sums over scored documents."""
    keys = ("expected", "found", "leads_ok", "leads_n", "cooperating_ok", "cooperating_n", "implementers_ok",
            "implementers_n")
    out = {k: sum(r[k] for r in rows) for k in keys}
    out["docs"] = len(rows)
    out["built"] = sum(r["outcome"] == "built" for r in rows)
    out["refused"] = sum(r["outcome"] == "refused" for r in rows)
    return out


def line(t: dict) -> str:
    """The totals in one line."""
    pct = lambda a, b: f"{a}/{b} ({100 * a / b:.0f} %)" if b else f"{a}/{b}"
    return (f"docs {t['docs']}: built {t['built']}, refused {t['refused']}; requirements found "
            f"{pct(t['found'], t['expected'])}; leads exact {pct(t['leads_ok'], t['leads_n'])}; cooperating "
            f"{pct(t['cooperating_ok'], t['cooperating_n'])}; implementers {pct(t['implementers_ok'], t['implementers_n'])}")


