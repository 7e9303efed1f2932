"""The numbering markers plans print, each with the kind, ordinal and number the reader records."""

from __future__ import annotations

import pytest

from build_graph.reading.numbering import (ARTICLE, BULLET, CHAPTER, CIRCLED_ITEM, DECIMAL, ENUMERATION, ITEM, PART,
                                           ROMAN_ITEM, SECTION, SUBITEM, marker)
from build_graph.reading.normalise import view

CASES = [
    ("第一部分　总体要求", PART, "第一部分", 1),
    ("第三章 保障措施", PART, "第三章", 3),
    ("Ⅲ、推进结果公开", ROMAN_ITEM, "Ⅲ", 3),
    ("Ⅰ.公开审计结果", ROMAN_ITEM, "Ⅰ", 1),
    ("二十一、加强政策解读", CHAPTER, "二十一", 21),
    ("第十二条　各单位要明确责任。", ARTICLE, "第十二条", 12),
    ("（三）推进执行公开", SECTION, "(三)", 3),
    ("12.做好政策解读", ITEM, "12", 12),
    ("32.2021年底前完成", ITEM, "32", 32),
    ("1.2 公开重大项目", DECIMAL, "1.2", 2),
    ("2.3推进政务公开", DECIMAL, "2.3", 3),
    ("（4）规范办理", SUBITEM, "(4)", 4),
    ("4）规范办理", SUBITEM, "(4)", 4),
    ("⑤优化栏目", CIRCLED_ITEM, "⑤", 5),
    ("三是加强解读", ENUMERATION, "三是", 3),
    ("●推进公开", BULLET, None, None),
]


@pytest.mark.parametrize("text,kind,ordinal,number", CASES, ids=[c[0] for c in CASES])
def test_marker(text, kind, ordinal, number):
    m = marker(view(text), printed=text)
    assert m is not None and (m.kind, m.ordinal, m.number) == (kind, ordinal, number)


@pytest.mark.parametrize("text", ["1.5亿元资金", "2.5%以上", "第十条规定的内容", "3.2万人次", "一般性公开"])
def test_not_a_marker(text):
    """A decimal number with its unit, a wrapped line opening with 第十条规定, a word starting with 一."""
    assert marker(view(text), printed=text) is None
