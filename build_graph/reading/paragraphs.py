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
from .numbering import marker

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
