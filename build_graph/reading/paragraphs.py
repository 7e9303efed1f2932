"""Lines → paragraphs: undo line breaks that a PDF or a repost put inside a sentence.

Web text gives one paragraph per line, and that is the rule; a line joins the paragraph before it
only when the break is proven to fall inside a sentence: the line is punctuation alone (``。`` on a
line of its own), it opens with a mark no sentence starts with (``，`` ``、`` ``）``), or the paragraph
before ends with one that no sentence ends with (``，`` ``、`` ``（``) — and never when the line opens
with a numbering marker.  Each paragraph keeps, for every character, the line it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .normalise import punctuation_only, tidy, view
from .numbering import CHAPTER, ITEM, SECTION, marker

_OPENS_MID = re.compile(r"^[\s\u00a0\u3000]*[，,、；;）)》”’]")
_ENDS_MID = re.compile(r"[，,、；;（(《“‘]\s*$")


@dataclass
class Paragraph:
    """Consecutive source lines read as one paragraph: printed text, its view, and the line of each character."""

    text: str
    key: str
    line_of: list[int] = field(default_factory=list)

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


def paragraphs(rows: list[tuple[int, str, str]]) -> list[Paragraph]:
    """Join (line number, printed, view) rows of non-blank lines into paragraphs (see the module docstring)."""
    out: list[Paragraph] = []
    for no, line, v in rows:
        printed = tidy(line, v)
        pv = view(printed)
        if out and (punctuation_only(printed) or _OPENS_MID.match(printed)
                    or (_ENDS_MID.search(out[-1].text) and marker(pv) is None)):
            out[-1].add(no, printed, pv)
            continue
        p = Paragraph("", "")
        p.add(no, printed, pv)
        out.append(p)
    return out
