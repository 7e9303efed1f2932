"""Which body a written name denotes, by the plan's jurisdiction: prefixes resolved level by level."""

from __future__ import annotations

import pytest

from build_graph.agencies import resolve
from build_graph.jurisdictions import get

CASES = [
    # a county-level city calls itself 市: its 市财政局 is its own, not its prefecture's
    ("370983", "市财政局", "370983", "肥城市财政局", "body"),
    ("370983", "省财政厅", "370000", "山东省财政厅", "body"),
    # a district's plan: 市 is the prefecture above it, 区 itself
    ("330106", "市财政局", "330100", "杭州市财政局", "body"),
    ("330106", "区财政局", "330106", "西湖区财政局", "body"),
    # a level below the plan's: the bodies of each of its areas, one collective — never the plan's own body
    ("330100", "县财政局", "330100", "县财政局", "collective"),
    ("440000", "市财政局", "440000", "市财政局", "collective"),
    ("442000", "镇政府", "442000", "镇政府", "collective"),
    # a municipality's 市 is itself, its 区 the districts
    ("110000", "市财政局", "110000", "北京市财政局", "body"),
    ("110000", "区财政局", "110000", "区财政局", "collective"),
    # a district of a municipality: 市 is the municipality, not the district
    ("110108", "市政务服务局", "110000", "北京市政务服务局", "body"),
    ("500103", "市财政局", "500000", "重庆市财政局", "body"),
    # an autonomous prefecture's 州 is itself; its 市 are the county-level cities below it
    ("422800", "州政府办公室", "422800", "恩施土家族苗族自治州人民政府办公室", "body"),
    ("422800", "市财政局", "422800", "市财政局", "collective"),
    # generic lower levels, and a level's collective of departments
    ("330522", "乡镇政府", "330522", "乡镇政府", "collective"),
    ("370983", "街道办事处", "370983", "街道办事处", "collective"),
    ("330000", "设区市政府", "330000", "设区市政府", "collective"),
    ("330000", "省级各主管部门", "330000", "省级各主管部门", "collective"),
    # several levels named together, and a level word sharing the body after it
    ("330100", "市、县两级政府", "330100", "市、县两级政府", "collective"),
    ("330100", "各区政府", "330100", "各区人民政府", "collective"),
]


@pytest.mark.parametrize("plan,written,jurisdiction,label,kind", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_resolve(plan, written, jurisdiction, label, kind):
    key = resolve(written, get(plan))
    assert (key.jurisdiction, key.label, key.kind) == (jurisdiction, label, kind)
