"""Normalise text for matching only: the stored text is always the source's.

:func:`view` maps a printed line to its *reading view*: the same length, so every match's offsets
slice the printed line, with

* full-width ASCII as half-width, traditional and variant characters as simplified, odd spaces
  plain (:func:`build_graph.textnorm.match_view`) — but circled and Roman numerals (① Ⅲ) kept, they
  are outline numbering;
* pinyin injected in brackets after characters (``公開(kāi)``, ``監(jiān)察局``) and zero-width
  characters turned into a filler that every name and word comparison skips;
* lost indentation (``??`` where a mirror dropped full-width spaces) turned into spaces;
* HTML tags the extraction left (``<p>``, ``<br />``, ``<strong>``) and ``&nbsp;`` turned into filler.

:func:`key` folds a whole text for comparing words (header cells, labels, role words): the view
without any whitespace or filler, so spaced words (``工 作 任 务``, ``责任 单位``) match too.
"""

from __future__ import annotations

import re
import unicodedata

from ..textnorm import clean, fold, is_blank, match_view

FILLER = "\u200b"   # zero-width space: fold() removes it, and it separates nothing

_NUMERALS = set("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ")
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>|&nbsp;")
_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])[（(]\s*[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ\s]{0,20}[）)]")
_LOST_INDENT = re.compile(r"^[\s?]*\?[\s?]*")
_PUNCT_ONLY = re.compile(r"^[\s,，.。;；:：、!！?？)）\]】》>\"”'’]+$")
#: a requirement's opening verb: 加强政务新媒体监管 is a task — not a name before a role word, not a site menu
TASK_VERB = re.compile(r"^(加强|推进|做好|开展|建立|完善|落实|深化|健全|规范|强化|提升|优化|公开|发布|编制|加大|持续|全面|积极|及时|"
                       r"严格|进一步|切实|扎实|抓好|加快|坚持|围绕|聚焦|组织|探索|实行|实施|执行|畅通|拓展|丰富|创新|打造|接受|主动|"
                       r"自觉|广泛|依法|定期|按时|按规定|自觉接受|欢迎)")
_SENTENCE_END = re.compile(r"([。.;；!！?？][”\"’」』)）\]】〕》]*|[)）\]】〕》])\s*$")


def view(line: str) -> str:
    """Return the reading view of a printed line (same length; see the module docstring)."""
    v = match_view(line)
    if not _NUMERALS.isdisjoint(line):
        v = "".join(p if p in _NUMERALS else c for p, c in zip(line, v))
    if "<" in v or "&" in v:
        v = _TAG.sub(lambda m: FILLER * len(m.group(0)), v)
    if "(" in v or "（" in v:
        v = _PINYIN.sub(lambda m: FILLER * len(m.group(0)), v)
    if v.lstrip(" \t\u00a0\u3000").startswith("?"):
        v = _LOST_INDENT.sub(lambda m: " " * len(m.group(0)), v)
    return v.replace("\ufeff", FILLER)


def strip_pinyin(text: str) -> str:
    """A name as written without the pinyin a mirror injected after its characters (市監(jiān)察局 → 市監察局)."""
    return _PINYIN.sub("", text) if "(" in text or "（" in text else text


def key(text: str) -> str:
    """Fold ``text`` for comparing words: its view with no whitespace or filler (fold() of the view)."""
    return fold(view(text))


def tidy(printed: str, v: str | None = None, keep_markup: bool = False) -> str:
    """Trim a printed text where its view is blank at either end (spaces, nbsp, lost indentation, HTML tags);
    HTML tags left inside by the extraction are markup, not text, and go too (unless ``keep_markup``)."""
    v = view(printed) if v is None else v
    blank = (lambda ch: ch.isspace()) if keep_markup else (lambda ch: ch.isspace() or ch == FILLER)
    a, b = 0, len(v)
    while a < b and blank(v[a]):
        a += 1
    while b > a and blank(v[b - 1]):
        b -= 1
    out = printed[a:b]
    return out if keep_markup or ("<" not in out and "&" not in out) else _TAG.sub("", out)


def punctuation_only(line: str) -> bool:
    """True for a line holding only punctuation (a PDF or repost that put each mark on its own line)."""
    return bool(_PUNCT_ONLY.match(view(line))) and not is_blank(line)


def sub_printed(rx: re.Pattern, printed: str, repl: str = "", v: str | None = None) -> str:
    """``printed`` with every match of ``rx`` *in its view* replaced by ``repl``: a pattern written for the
    folded text (``<p>``, ``|``) finds its full-width or traditional forms too, and the rest stays as printed."""
    v = view(printed) if v is None else v
    out, at = [], 0
    for m in rx.finditer(v):
        out.append(printed[at:m.start()])
        out.append(repl)
        at = m.end()
    out.append(printed[at:])
    return "".join(out)


def split_printed(printed: str, seps: str, v: str | None = None) -> list[str]:
    """``printed`` split where its view holds one of ``seps`` (``|`` splits at ``｜`` too)."""
    v = view(printed) if v is None else v
    out, at = [], 0
    for i, ch in enumerate(v):
        if ch in seps:
            out.append(printed[at:i])
            at = i + 1
    out.append(printed[at:])
    return out


def display_width(text: str) -> int:
    """Display width: a wide, full-width or ambiguous character (CJK, “”) counts two, others one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text.strip())


def ends_sentence(text: str) -> bool:
    """True when a text ends with sentence-final punctuation (a closing quote may follow it) or a closing
    bracket: not cut mid-sentence (matched on the view: ``．`` and ``。`` alike)."""
    return bool(_SENTENCE_END.search(clean(view(text))))


__all__ = ["FILLER", "TASK_VERB", "view", "key", "tidy", "punctuation_only", "ends_sentence", "display_width",
           "sub_printed", "split_printed",
           "clean", "is_blank", "fold"]
