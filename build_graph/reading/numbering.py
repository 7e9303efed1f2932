"""Outline numbering as plans print it: 第一部分 Ⅰ、 一、 第一条 (一) 1. 1.1 (1) 1） ① 一是, and bullets ●.

Every pattern runs on a line's *reading view* (:func:`build_graph.reading.normalise.view`, the
same length as the printed line), so a match's offsets slice the printed text.  Lost indentation
(spaces, nbsp, ``??``) before a marker is skipped; a masked numeral (``* 、``, ``( * )``) is a
marker of its kind whose number is unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUM = "零〇一二三四五六七八九十百"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
BULLETS = "●○◆◇■□▲△★☆•▪◎"

ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ"

#: marker kinds, outermost first; nesting follows these (a kind nests under every smaller open kind)
PART, ROMAN_ITEM, CHAPTER, ARTICLE, SECTION, ITEM, DECIMAL, SUBITEM, CIRCLED_ITEM, ENUMERATION, BULLET = range(1, 12)
ALL_KINDS = (PART, ROMAN_ITEM, CHAPTER, ARTICLE, SECTION, ITEM, DECIMAL, SUBITEM, CIRCLED_ITEM, ENUMERATION, BULLET)

_LEAD = r"^[\s?]*"
# "1." but not "2.5亿"; "32.2021年底前" and "2.6月底前" are items followed by a date
NOT_DECIMAL = r"(?!\d(?!\d{3}年|\d?月))"
# "1.1 公开…" / "2.3推进…" but not "1.5亿元", "2.5%": a decimal number is followed by its unit
_DECIMAL_END = r"(?![\d.．%％万亿元倍个年月日天时分秒米吨人家次项])"
_PATTERNS = [
    (PART, re.compile(_LEAD + rf"第\s*(?P<n>[{CN_NUM}]+)\s*(?:部分|章|篇)[、.．:：\s]*")),
    (ROMAN_ITEM, re.compile(_LEAD + rf"(?P<n>[{ROMAN}])\s*[、.．]\s*")),
    (CHAPTER, re.compile(_LEAD + rf"(?P<n>[{CN_NUM}]+|\*+)\s*[、.．](?!\d)\s*")),
    # 第一条 needs its separator: a wrapped line may open with "第十条规定…"
    (ARTICLE, re.compile(_LEAD + rf"第\s*(?P<n>[{CN_NUM}]+)\s*条[、.．:：\s]+")),
    (SECTION, re.compile(_LEAD + rf"[（(]\s*(?P<n>[{CN_NUM}]+|\*+)\s*[）)]\s*")),
    (DECIMAL, re.compile(_LEAD + rf"(?P<n>\d{{1,2}}[.．]\d{{1,2}}(?:[.．]\d{{1,2}})?){_DECIMAL_END}[、.．]?\s*"
                                 r"(?=[\u4e00-\u9fff“\"《（(])")),
    (ITEM, re.compile(_LEAD + rf"(?P<n>\d{{1,3}})\s*[.．、]{NOT_DECIMAL}\s*")),
    (SUBITEM, re.compile(_LEAD + r"(?:[（(]\s*(?P<n>\d{1,3})\s*[）)]|(?P<h>\d{1,3})\s*[）)])\s*")),
    (CIRCLED_ITEM, re.compile(_LEAD + rf"(?P<n>[{CIRCLED}])\s*")),
    (ENUMERATION, re.compile(_LEAD + r"(?P<n>[一二三四五六七八九十]{1,3})是(?=[\u4e00-\u9fff\"“])")),
    (BULLET, re.compile(_LEAD + rf"[{BULLETS}]\s*")),
]


def cn_to_int(text: str) -> int | None:
    """Return the value of a Chinese numeral up to 999 (一, 十一, 二十二, 一百零五), else None."""
    if not text or any(c not in CN_NUM and c != "两" for c in text):
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


@dataclass(frozen=True)
class Marker:
    """A numbering marker at the start of a line or cell."""

    kind: int                 # CHAPTER … BULLET
    ordinal: str | None       # as the graph records it: "二", "(一)", "1", "(1)", "①", "一是"; None for a bullet
    number: int | None        # its value; None for a masked numeral or a bullet
    start: int                # where the numeral starts in the line
    end: int                  # where the text after the marker starts


def marker(key: str, kinds: tuple[int, ...] = ALL_KINDS, printed: str | None = None) -> Marker | None:
    """Return the numbering marker opening ``key`` (a reading view), or None."""
    printed = key if printed is None else printed
    for kind, rx in _PATTERNS:
        if kind not in kinds:
            continue
        m = rx.match(key)
        if not m:
            continue
        if kind == BULLET:
            return Marker(kind, None, None, m.start(), m.end())
        group = "h" if kind == SUBITEM and m.group("n") is None else "n"
        raw = m.group(group)
        shown = printed[m.start(group):m.end(group)].strip()
        masked = raw.startswith("*")
        if kind in (PART, CHAPTER, ARTICLE, SECTION, ENUMERATION):
            number = None if masked else cn_to_int(raw)
        elif kind == CIRCLED_ITEM:
            number = CIRCLED.index(raw) + 1
        elif kind == ROMAN_ITEM:
            number = ROMAN.index(raw) + 1
        elif kind == DECIMAL:
            number = int(re.split(r"[.．]", raw)[-1])
        else:
            number = int(raw)
        ordinal = {SECTION: f"({shown})", SUBITEM: f"({shown})", ENUMERATION: f"{shown}是",
                   PART: printed[m.start():m.end()].strip(" \t\u3000、.．:："),
                   ARTICLE: printed[m.start():m.end()].strip(" \t\u3000、.．:：")}.get(kind, shown)
        return Marker(kind, ordinal, number, m.start(group), m.end())
    return None


#: an item number inside a table cell: "… 。 4.及时…"; the number must follow a sentence end
RE_INLINE_ITEM = re.compile(rf"(?<=[。；;！!？?」”\"）)])\s*(\d{{1,3}})\s*[.．、]{NOT_DECIMAL}")
