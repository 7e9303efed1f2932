"""Score the builder on real plan documents against their hand-made expected answers.

    python benchmarks/real_documents.py [--real DIR] [--verbose] [--json]

DIR (default ``../shared/real`` beside the repository) holds ``NN_name.txt`` documents, each with an
``NN_name.json`` of what a faithful reader must find (``../shared/real/README.md``).  Every document is
built alone, in-process, into a temporary folder; the graph is read back and compared:

``found``   expected requirements whose ``text_head`` lies inside one requirement's ``zwgk:text``;
``leads``   of those with expected leads, the graph's Lead agencies are exactly the expected ones
            (compared by every written form and label the graph keeps); ``coop`` / ``impl`` likewise.

The answers' ``text_head`` is "the first 12 characters of the item's own body, number, punctuation,
symbols, tags and whitespace removed" (their README), so the text is compared with punctuation and
symbols removed too.  ``../shared/tools/score_real.py`` compares with punctuation kept in the text,
which no faithful ``zwgk:text`` can match for 22 of the 67 heads; both figures are printed.
The scoring functions are :func:`score_document` and :func:`totals`, which ``tests/test_real_documents.py``
uses too.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from rdflib import Dataset, Namespace
from rdflib.namespace import RDFS, SKOS

REPO = Path(__file__).resolve().parent.parent
REAL = REPO.parent / "shared" / "real"
Z = Namespace("https://w3id.org/zwgk/ontology#")
ROLES = {"leads": Z.Lead, "cooperating": Z.Cooperate, "implementers": Z.Implement}


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
    from build_graph.build import build
    from build_graph.errors import ZwgkError

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
    keys = ("expected", "found", "leads_ok", "leads_n", "cooperating_ok", "cooperating_n", "implementers_ok",
            "implementers_n")
    out = {k: sum(r[k] for r in rows) for k in keys}
    out["docs"] = len(rows)
    out["built"] = sum(r["outcome"] == "built" for r in rows)
    out["refused"] = sum(r["outcome"] == "refused" for r in rows)
    return out


def line(t: dict) -> str:
    pct = lambda a, b: f"{a}/{b} ({100 * a / b:.0f} %)" if b else f"{a}/{b}"
    return (f"docs {t['docs']}: built {t['built']}, refused {t['refused']}; requirements found "
            f"{pct(t['found'], t['expected'])}; leads exact {pct(t['leads_ok'], t['leads_n'])}; cooperating "
            f"{pct(t['cooperating_ok'], t['cooperating_n'])}; implementers {pct(t['implementers_ok'], t['implementers_n'])}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--real", type=Path, default=REAL)
    ap.add_argument("--verbose", action="store_true", help="print what was missed or read wrongly")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    docs = sorted(args.real.glob("[0-9]*.txt"))
    if not docs:
        print(f"real_documents: no NN_name.txt documents in {args.real}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    rows = [score_document(d) for d in docs]
    seconds = time.perf_counter() - t0
    kept = [score_document(d, punctuation=True) for d in docs]
    if args.json:
        print(json.dumps({"rows": rows, "totals": totals(rows), "totals_punctuation_kept": totals(kept)},
                         ensure_ascii=False, indent=1))
        return 0
    for r in rows:
        print(f"{r['doc']}: {r['outcome']}, found {r['found']}/{r['expected']}, leads {r['leads_ok']}/{r['leads_n']}"
              + (f" — {r['said']}" if r["said"] else ""))
        if args.verbose:
            for m in r["misses"]:
                print("    " + m)
    print("text compared as the answers were written (punctuation and symbols removed):")
    print("  " + line(totals(rows)))
    print("text compared with punctuation kept (../shared/tools/score_real.py's way):")
    print("  " + line(totals(kept)))
    print(f"{len(docs)} documents built and scored in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
