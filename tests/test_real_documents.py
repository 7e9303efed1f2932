"""Real documents as the yardstick: every plan of ``../shared/real/`` is built alone and scored
against its hand-made expected answers (``../shared/real/README.md``; :mod:`build_graph.scoring`).

Per document: the outcome (a document with expected requirements is built; a negative one is built
empty-but-honest or refused with one line), every expected requirement found, and its leads,
cooperating units and implementers exactly right.  ``KNOWN`` would name a document whose answer we
believe is wrong, with the reason — it is empty: every answer is met.  Skipped, with the reason,
where the shared folder is not beside the repository (set ``ZWGK_REAL_DOCUMENTS`` to point elsewhere).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from build_graph.scoring import score_document, totals

REAL = Path(os.environ.get("ZWGK_REAL_DOCUMENTS", Path(__file__).resolve().parents[2] / "shared" / "real"))
DOCS = sorted(REAL.glob("[0-9]*.txt")) if REAL.is_dir() else []
pytestmark = pytest.mark.skipif(
    not DOCS, reason=f"the real documents are not on this machine (looked in {REAL}; set ZWGK_REAL_DOCUMENTS "
                     f"to a folder of NN_name.txt + NN_name.json)")

#: document → why its expected answer is not met (none today)
KNOWN: dict[str, str] = {}


@pytest.fixture(scope="module")
def scores() -> dict[str, dict]:
    return {d.stem: score_document(d) for d in DOCS}


@pytest.mark.parametrize("doc", [d.stem for d in DOCS])
def test_document(scores, doc):
    row = scores[doc]
    expected = json.loads((REAL / f"{doc}.json").read_text(encoding="utf-8"))["expected_requirements"]
    if doc in KNOWN:
        pytest.xfail(KNOWN[doc])
    if expected:
        assert row["outcome"] == "built", row["said"]
    else:
        # a negative case: an honest refusal (one line naming the file) or a plan without false requirements
        assert row["outcome"] == "refused" and row["said"].startswith(str(REAL / doc)) or row["outcome"] == "built"
    assert row["found"] == row["expected"], row["misses"]
    for field in ("leads", "cooperating", "implementers"):
        assert row[field + "_ok"] == row[field + "_n"], row["misses"]


def test_totals(scores):
    """The figures the README quotes."""
    t = totals(list(scores.values()))
    assert t["docs"] == 33 and t["refused"] == 6 and t["built"] == 27
    assert (t["found"], t["expected"]) == (67, 67)
    assert (t["leads_ok"], t["leads_n"]) == (63, 63)
    assert (t["implementers_ok"], t["implementers_n"]) == (21, 21)
    assert (t["cooperating_ok"], t["cooperating_n"]) == (1, 1)


def test_negative_documents_refused_say_what_they_hold(scores):
    said = {d: r["said"] for d, r in scores.items() if r["outcome"] == "refused"}
    assert sorted(said) == ["06_zhejiang_2017_masked", "07_sichuan_2017_big5", "08_hunan_2022_cut_mid_assignment",
                            "10_henan_2021_forwarded_pdf_spacing", "30_xiamen_2021_cover_only_footer",
                            "33_yuyao_yearbook_2020_ocr_columns"]
    assert "a covering notice or page text only" in said["30_xiamen_2021_cover_only_footer"]
    assert "the only item is cut off where the text stops" in said["08_hunan_2022_cut_mid_assignment"]
