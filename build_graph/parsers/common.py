"""Pieces every layout parser shares: ordinals, item splitting, headers, boilerplate.

All regular expressions run on the *match view* of a line (see
:func:`build_graph.textnorm.match_view`), whose offsets slice the printed line.
"""

from __future__ import annotations

import re

from ..textnorm import clean, fold

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUM = "零〇一二三四五六七八九十百"


def cn_to_int(text: str) -> int | None:
    """Return the value of a Chinese numeral up to 999 (一, 十一, 二十二, 一百零五), else None."""
    if not text or any(c not in CN_NUM for c in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = CN_DIGITS[ch]
    return total + current


def int_to_cn(n: int) -> str:
    """Return the Chinese numeral for 1..99 (used only for reporting)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


# 一、  (level 1);  (一) or （一）  (level 2);  1. 1． 1、  (level 3 / items)
RE_L1 = re.compile(rf"^\s*([{CN_NUM}]+)\s*[、.．]\s*")
RE_L2 = re.compile(rf"^\s*[（(]\s*([{CN_NUM}]+)\s*[）)]\s*")
# "1." but not "2.5亿"; "32.2021年底前" and "2.6月底前" are items followed by a date
_NOT_DECIMAL = r"(?!\d(?!\d{3}年|\d?月))"
RE_ITEM = re.compile(rf"^\s*(\d{{1,3}})\s*[.．、]{_NOT_DECIMAL}\s*")
# an item number inside a cell: "… 。 4.及时…"; the number must follow a sentence end.
RE_INLINE_ITEM = re.compile(rf"(?<=[。；;！!？?」”\"）)])\s*(\d{{1,3}})\s*[.．、]{_NOT_DECIMAL}")
RE_P = re.compile(r"<\s*p\s*>(.*?)<\s*/\s*p\s*>", re.S | re.I)
RE_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")

HEADER_WORDS = {"工作任务", "具体要求", "任务", "重点任务", "工作内容", "序号", "完成时限", "时间要求", "备注"}
AGENCY_HEADER = re.compile(r"^(牵头落实单位|牵头单位|落实单位|责任单位|责任部门|牵头部门|配合单位|实施单位|承办单位|牵头单位及责任单位)$")

NAV_WORDS = ("您现在的位置", "当前位置", "首页", "新媒体", "微信", "二维码", "手机版", "打印本页", "关闭窗口",
             "分享到", "【字体", "字号", "扫一扫", "网站地图", "版权所有", "主办单位", "承办单位：", "ICP备", "网站标识码")


def header_kind(cell_key: str) -> str | None:
    """Classify a table header cell: 'theme', 'text', 'agency', 'other' or None."""
    k = fold(cell_key)
    if AGENCY_HEADER.match(k):
        return "agency"
    if k in ("工作任务", "任务", "重点任务", "工作事项"):
        return "theme"
    if k in ("具体要求", "工作内容", "具体任务", "工作要求", "主要内容"):
        return "text"
    if k in HEADER_WORDS:
        return "other"
    return None


def default_role_for(column_header: str | None) -> str:
    """Return the role an agency named without a role word plays under this column."""
    if column_header and "牵头" in column_header:
        return "Lead"
    return "Implement"


def is_navigation(key: str) -> bool:
    """True for web-page navigation and footer boilerplate (breadcrumbs, share buttons, QR codes)."""
    s = clean(key)
    if not s or re.search(r"[。；;]", s):
        return False                       # boilerplate has no sentences; an item that names 微信 does
    if any(w in s for w in NAV_WORDS) and len(s) <= 40:
        return True
    toks = s.split()
    # "微信 微信 微信二维码", "中山市 中山市 中山市": one word repeated as widget labels
    if len(toks) >= 2 and len(set(t.replace("二维码", "") for t in toks)) == 1:
        return True
    return ">>" in s and len(s) <= 60


def split_items(cell: str, key: str) -> list[tuple[str, str, int]]:
    """Split a requirement cell into items.

    Returns (text, key, offset) per item, text as printed.  ``<p>`` paragraphs are
    items; otherwise a number after a sentence end starts a new item when it is
    the next number in sequence ("3.… 4.… 5.…").
    """
    if RE_P.search(key):
        out = []
        for m in RE_P.finditer(key):
            t = clean(cell[m.start(1):m.end(1)])
            if t:
                out.append((t, clean(key[m.start(1):m.end(1)]), m.start(1)))
        return out
    first = RE_ITEM.match(key)
    if not first:
        return [(clean(cell), clean(key), 0)]
    expected = int(first.group(1)) + 1
    cuts = [0]
    for m in RE_INLINE_ITEM.finditer(key):
        if int(m.group(1)) == expected:
            cuts.append(m.start(1))
            expected += 1
    cuts.append(len(key))
    return [(clean(cell[a:b]), clean(key[a:b]), a) for a, b in zip(cuts, cuts[1:]) if clean(cell[a:b])]


def item_ordinal(text: str, key: str) -> tuple[str | None, int | None, str]:
    """Split '4. 及时公开…' into ('4', 4, '及时公开…'); unnumbered text gives (None, None, text)."""
    m = RE_ITEM.match(key)
    if not m:
        return None, None, clean(text)
    return text[m.start(1):m.end(1)], int(m.group(1)), clean(text[m.end():])


def theme_ordinal(text: str, key: str) -> tuple[str | None, int | None, str, int]:
    """Split '二、推进…' into ('二', 2, '推进…', level); a heading with no ordinal gives (None, None, text, 1)."""
    for level, rx in ((1, RE_L1), (2, RE_L2)):
        m = rx.match(key)
        if m:
            return clean(text[m.start(1):m.end(1)]), cn_to_int(m.group(1)), clean(text[m.end():]), level
    return None, None, clean(text), 1


def strip_tags(text: str) -> str:
    """Remove HTML tags left by extraction, keeping their contents separated by a space."""
    return clean(re.sub(r"\s+", " ", RE_TAG.sub(" ", text)))
