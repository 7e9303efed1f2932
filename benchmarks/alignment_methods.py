"""Compare text-similarity methods for aligning a city's requirements with its province's.

Measured against the hand-checked fixture tests/fixtures/alignment/zhongshan-guangdong-2017.tsv on
the built graph (run `zwgk build` first). Not part of the test run:
    .venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/alignment_methods.py
Prints precision, recall and F1 per method and threshold, with one-to-one (Hungarian) and greedy matching.
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz
from scipy.optimize import linear_sum_assignment

from build_graph import linking as L
from build_graph import queries as Q

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "alignment" / "zhongshan-guangdong-2017.tsv"
BASE = "https://w3id.org/zwgk/id/plan/"


def requirements(plan: str) -> tuple[list[str], list[str]]:
    store = Q._store(str((ROOT / "out" / "zwgk.trig").resolve()), (ROOT / "out" / "zwgk.trig").stat().st_mtime)
    rows = store.query(f"""PREFIX zwgk: <https://w3id.org/zwgk/ontology#>
        SELECT ?r ?t ?l WHERE {{ ?r zwgk:plan <{BASE}{plan}> ; a zwgk:Requirement ; zwgk:text ?t ; zwgk:sourceLine ?l }}
        ORDER BY ?l""", use_default_graph_as_union=True)
    keys, texts = [], []
    for s in rows:
        keys.append(s["r"].value.split("/req/")[1])
        texts.append(s["t"].value)
    return keys, texts


def tfidf(a, b, lo, hi):
    def grams(t):
        t = L._clean(t)
        g = Counter()
        for n in range(lo, hi + 1):
            g.update(t[i:i + n] for i in range(len(t) - n + 1))
        return g
    docs = [grams(t) for t in a + b]
    df = Counter(x for d in docs for x in d)
    n = len(docs)
    vocab = {x: i for i, x in enumerate(df)}
    m = np.zeros((n, len(vocab)))
    for r, d in enumerate(docs):
        for x, c in d.items():
            m[r, vocab[x]] = (1 + math.log(c)) * math.log((1 + n) / (1 + df[x]))
    m /= np.linalg.norm(m, axis=1)[:, None]
    return m[: len(a)] @ m[len(a):].T


def main() -> None:
    ck, ct = requirements("442000-2017")
    pk, pt = requirements("440000-2017")
    gold = {(r["child"], r["parent"]) for r in csv.DictReader(FIXTURE.open(encoding="utf-8"), delimiter="\t") if r["parent"]}

    def rf(fn):
        a, b = [L._clean(t) for t in ct], [L._clean(t) for t in pt]
        return np.array([[fn(x, y) / 100 for y in b] for x in a])

    methods = {
        "tfidf char 1-2 (chosen)": L.similarity_matrix(ct, pt), "tfidf char 2": tfidf(ct, pt, 2, 2),
        "tfidf char 3": tfidf(ct, pt, 3, 3), "rapidfuzz ratio": rf(fuzz.ratio),
        "rapidfuzz token_set_ratio": rf(fuzz.token_set_ratio), "rapidfuzz partial_ratio": rf(fuzz.partial_ratio)}

    def score(sim, th, greedy):
        if greedy:
            pairs = {(ck[i], pk[int(np.argmax(sim[i]))]) for i in range(len(ck)) if sim[i].max() >= th}
        else:
            r, c = linear_sum_assignment(-sim)
            pairs = {(ck[i], pk[j]) for i, j in zip(r, c) if sim[i, j] >= th}
        tp = len(pairs & gold)
        p, rc = (tp / len(pairs) if pairs else 0), tp / len(gold)
        return p, rc, (2 * p * rc / (p + rc) if p + rc else 0)

    print(f"{'method':28s} {'threshold':>9s} {'P':>6s} {'R':>6s} {'F1':>6s} {'greedy F1':>9s}")
    for name, sim in methods.items():
        for th in (0.15, 0.20, 0.30):
            p, r, f = score(sim, th, False)
            print(f"{name:28s} {th:9.2f} {p:6.3f} {r:6.3f} {f:6.3f} {score(sim, th, True)[2]:9.3f}")


if __name__ == "__main__":
    main()
