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
The scoring is :mod:`build_graph.scoring`, which ``tests/test_real_documents.py`` uses too.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from build_graph.scoring import line, score_document, totals

REPO = Path(__file__).resolve().parent.parent
REAL = REPO.parent / "shared" / "real"


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
