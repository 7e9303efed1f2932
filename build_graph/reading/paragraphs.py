"""Lines → paragraphs: undo line breaks that a PDF or a repost put inside a sentence.

Web text gives one paragraph per line, and that is the rule; a line joins the paragraph before it
only when the break is proven to fall inside a sentence: the line is punctuation alone (``。`` on a
line of its own), it opens with a mark no sentence starts with (``，`` ``、`` ``）``), the paragraph
before ends with one that no sentence ends with (``，`` ``、`` ``（``) or with a word none ends with
(``和`` ``及`` ``的``), or leaves a bracket open (``（区市场监`` / ``管局牵头）``) — and never when the line
opens with a numbering marker.  A PDF's hard wraps are proven too: in a text whose lines run to one
width (the page's), a line of that width that stops without a sentence end continues on the next; and
a paragraph too long to be a title that holds clauses (``，`` ``；``) but no sentence end yet continues
on the next line (``由自治区财政厅负责，各州（市）人`` / ``民政府配合。``) — but a field line (``责任单位：…``) is
never the start of a wrap into a body, nor its end.  A heading wrapped onto a short line of its own
(``二、…加强信息`` / ``公开``, then the next marker) is one heading.  Page numbers (``— 2 —``) and running heads
(a line each page repeats beside its number) between two lines of one paragraph do not break it.  Each
paragraph keeps, for every character, the line it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .assignments import looks_like_assignment, starts_with_label
from .boilerplate import PAGE_NUMBER
from .normalise import display_width, punctuation_only, tidy, view
from .numbering import CHAPTER, ITEM, SECTION, marker

_OPENS_MID = re.compile(r"^[\s\u00a0\u3000]*[，,、；;）)》”’]")
_ENDS_MID = re.compile(r"([，,、；;（(《“‘]|[和及与的对在把被向从并或])\s*$")
_SENTENCE_MARKS = re.compile(r"[。，,；;：:！!？?、]")
_CLAUSE = re.compile(r"[，,；;、]")
_STOPS = re.compile(r"([。.;；!！?？:：][”\"’」』)）\]】〕》]*|[)）\]】〕》])\s*$")


def page_width(texts: list[str]) -> int | None:
    """The width a PDF wrapped the text at, when its lines show one: the widest lines' width, shared by at
    least five lines and a third of the long ones; None for web text (a paragraph per line)."""
    widths = sorted(display_width(t) for t in texts if t and display_width(t) >= 30)
    if len(widths) < 4:
        return None
    top = widths[int(len(widths) * 0.9)]
    near = [w for w in widths if top - 4 <= w <= top + 2]
    return top if len(near) >= max(5, len(widths) // 3) else None


def _continues(prev: "Paragraph", last_line: str, width: int | None, pv: str, adjacent: bool) -> bool:
    """A hard wrap in a text a PDF wrapped at a page width, on the next line (no blank line between): the
    paragraph stops without a sentence end, and its last line fills the width or the paragraph is a sentence
    already (clauses, too long for a title); never before a numbering marker."""
    if width is None or not adjacent or marker(pv) is not None or _STOPS.search(prev.key):
        return False
    if starts_with_label(pv, time=True):
        return False                      # a field line starts a paragraph of its own
    if starts_with_label(prev.text, time=True) and re.search(r"[，,。；;]", pv):
        return False                      # 责任单位：… as wide as the page, then the item's body: no wrap
    if display_width(last_line) >= width - 4:
        return True
    m = marker(prev.key)
    body = prev.key[m.end:] if m else prev.key
    return bool(_CLAUSE.search(body)) and len(body.strip()) > 40


def _unclosed(text: str) -> bool:
    """A bracket opened near the end of the text and not closed: a break inside an assignment (``（区市场监``)."""
    depth, opened = 0, -1
    for i, ch in enumerate(text):
        if ch in "(（〔[【":
            depth, opened = depth + 1, i if depth == 0 else opened
        elif ch in ")）〕]】":
            depth = max(0, depth - 1)
    return depth > 0 and len(text) - opened <= 30 and opened > 0


@dataclass
class Paragraph:
    """Consecutive source lines read as one paragraph: printed text, its view, and the line of each character."""

    text: str
    key: str
    line_of: list[int] = field(default_factory=list)
    furniture: str | None = None      # why it is page furniture (a running head), where it is

    @property
    def line(self) -> int:
        return self.line_of[0]

    @property
    def lines(self) -> list[int]:
        return sorted(set(self.line_of))

    def lines_in(self, a: int, b: int) -> list[int]:
        """The source lines of characters a..b."""
        return sorted(set(self.line_of[a:b])) or [self.line_of[min(a, len(self.line_of) - 1)]]

    def add(self, no: int, printed: str, v: str) -> None:
        self.text += printed
        self.key += v
        self.line_of.extend([no] * len(printed))


_OPEN, _CLOSE = "(（〔[【《", ")）〕]】》"
_AFTER = set("。；;）)!！?？")


def split_run_on(paras: list[Paragraph]) -> list[Paragraph]:
    """Split paragraphs where a page ran several numbered items into one line: at a marker (一、 (二) 3.)
    outside brackets that continues its kind's numbering (the next number, or 1 right after a heading of a
    larger kind) and follows a sentence end or a closing bracket — or, for a bracketed numeral (（一）),
    the last word of a heading."""
    last: dict[int, int] = {}
    out: list[Paragraph] = []
    for p in paras:
        cuts = []
        m = marker(p.key, (CHAPTER, SECTION, ITEM))
        if m is not None and m.number is not None:
            last = {k: v for k, v in last.items() if k < m.kind}
            last[m.kind] = m.number
        depth = 0
        for i, ch in enumerate(p.key):
            if ch in _CLOSE:
                depth = max(0, depth - 1)
                continue
            if i and not depth:
                after_sentence = p.key[:i].rstrip()[-1:] in _AFTER
                segment = p.key[cuts[-1] if cuts else 0:i]
                after_heading = ch in "(（" and marker(segment, (CHAPTER,)) is not None \
                    and not re.search(r"[。；;，,]", segment)
                m = marker(p.key[i:], (CHAPTER, SECTION, ITEM)) if after_sentence or after_heading else None
                if m is not None and m.number is not None and (after_sentence or m.kind == SECTION):
                    follows = m.kind in last and last[m.kind] + 1 == m.number
                    opens = m.number == 1 and last.get(m.kind) is None and any(k < m.kind for k in last)
                    if follows or opens:
                        cuts.append(i)
                        last = {k: v for k, v in last.items() if k < m.kind}
                        last[m.kind] = m.number
                        continue
            if ch in _OPEN:
                depth += 1
        if not cuts:
            out.append(p)
            continue
        for a, b in zip([0] + cuts, cuts + [len(p.key)]):
            part = Paragraph(p.text[a:b], p.key[a:b], p.line_of[a:b])
            if part.text.strip():
                out.append(part)
    return out


def running_heads(texts: list[str], views: list[str] | None = None) -> set[int]:
    """Where a printed page repeats a line at its top or foot beside its page number (the plan's title,
    the issuer): the rows of a line with no sentence end printed twice or more next to a page number (its
    first printing, as the title, is not one of them).  ``views``: the texts' reading views."""
    views = [view(t) for t in texts] if views is None else views
    seen: dict[str, list[int]] = {}
    for i, t in enumerate(views):
        if not t or PAGE_NUMBER.match(t) or len(t) > 40 or _STOPS.search(t) or marker(t) is not None:
            continue
        if starts_with_label(t, time=True) or looks_like_assignment(t, words_only=True):
            continue                      # 牵头单位：X beside a page number is still the item's field
        near = [views[j] for j in (i - 1, i + 1) if 0 <= j < len(views)]
        if any(n and PAGE_NUMBER.match(n) for n in near):
            seen.setdefault(t, []).append(i)
    return {i for found in seen.values() if len(found) >= 2 for i in found}


RUNNING_HEAD = "running head of a printed page (a line each page repeats beside its page number)"


def paragraphs(rows: list[tuple[int, str, str]], width: int | None = None) -> list[Paragraph]:
    """Join (line number, printed, view) rows of non-blank lines into paragraphs (see the module docstring);
    ``width``: the page width of the whole document, when ``rows`` are only a part of it."""
    out: list[Paragraph] = []
    last_text: Paragraph | None = None          # the paragraph a continuation would join (page numbers skipped)
    texts = [tidy(line, v) for _, line, v in rows]
    views = [view(t) for t in texts]
    width = width or page_width(texts)
    heads = running_heads(texts, views)
    last_line = ""
    last_no: int | None = None                  # the last row read (text or furniture)
    for i, (no, line, v) in enumerate(rows):
        printed, pv = texts[i], views[i]
        furniture = bool(printed) and (PAGE_NUMBER.match(pv) is not None or i in heads)
        gap = last_no is not None and no - last_no > 1
        if furniture:
            p = Paragraph("", "")
            p.add(no, printed, pv)
            p.furniture = RUNNING_HEAD if i in heads else None
            out.append(p)
            last_no = no
            continue                            # a page number or running head: no text of the paragraph
        if not printed:
            out.append(Paragraph("", "", [no]))
            continue                            # markup alone
        broken = gap and not _after_furniture(views, heads, i)   # a blank line, not beside page furniture
        prev = last_text
        if prev is not None and (punctuation_only(printed) or _OPENS_MID.match(pv)
                                 or (marker(pv) is None and (_ENDS_MID.search(prev.key) or _unclosed(prev.key)))
                                 or _wraps_heading(prev, printed, pv, views[i + 1:])
                                 or _continues(prev, last_line, width, pv, not broken)):
            prev.add(no, printed, pv)
            last_line, last_no = printed, no
            continue
        p = Paragraph("", "")
        p.add(no, printed, pv)
        out.append(p)
        last_text, last_line, last_no = p, printed, no
    return out


def _after_furniture(views: list[str], heads: set[int], i: int) -> bool:
    """The rows just before row i (back to the last text line) are page furniture (``views``: the rows'
    reading views)."""
    j = i - 1
    return j >= 0 and bool(views[j]) and (PAGE_NUMBER.match(views[j]) is not None or j in heads)


def _wraps_heading(prev: Paragraph, printed: str, pv: str, following: list[str]) -> bool:
    """A short line with no punctuation after a heading line, the next line opening a marker: the rest of a
    heading the page wrapped (``二、围绕保障改善民生加强信息`` / ``公开``)."""
    m = marker(prev.key)
    if m is None or _SENTENCE_MARKS.search(prev.key[m.end:]) or marker(pv) is not None:
        return False
    if len(printed) > 12 or _SENTENCE_MARKS.search(pv) or pv.lstrip()[:1] in "(（〔[【":
        return False                      # (市司法局牵头) on its own line is the heading's assignment
    nxt = next((t for t in following if t and not PAGE_NUMBER.match(t)), None)
    return nxt is None or marker(nxt) is not None
