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
