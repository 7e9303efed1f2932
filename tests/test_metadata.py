"""Plan lineage from titles: the implemented plan is linked, its issuer only as the text writes it."""

from build_graph.jurisdictions import get
from build_graph.reading.title_block import _lineage


def test_issuer_named_in_the_title_is_kept():
    refs = _lineage(["广东省贯彻落实国务院办公厅2017年政务公开工作要点分工方案"], [], get("440000"))
    assert [(r.jurisdiction, r.year, r.issued_by) for r in refs] == [("CN", 2017, "国务院办公厅")]


def test_no_issuer_in_the_title_gives_none():
    # the national 要点 is implied, its issuer is not written: nothing is invented
    refs = _lineage(["浙江省贯彻落实2019年政务公开工作要点实施方案"], [], get("330000"))
    assert [(r.jurisdiction, r.year, r.issued_by) for r in refs] == [("CN", 2019, None)]


import pytest  # noqa: E402

from build_graph.reading.title_block import repair_date  # noqa: E402


@pytest.mark.parametrize("printed,repaired,readings", [
    ("201769", "2017-06-09", ["2017-06-09"]),              # 6月9日 is the only valid reading
    ("20211231", "2021-12-31", ["2021-12-31"]),
    ("202112", None, ["2021-01-02", "2021-12"]),           # 1月2日, or December with no day: left open
    ("2021112", None, ["2021-01-12", "2021-11-02"]),
])
def test_garbled_date_is_repaired_only_when_one_reading_is_valid(printed, repaired, readings):
    assert repair_date(printed) == (repaired, readings)
