"""Where the text stops: a document cut short (a truncated download, a page saved half-loaded, an excerpt).

Whether the *last item* is whole is the body stages' own judgement (:mod:`build_graph.reading.table`'s and
:mod:`build_graph.reading.outline`'s cut-off ends): an item the text stops inside is not read, and is an
open question ``document-cut-off``.  This stage judges the *document* from what its end shows, and tells
the user (``ParsedPlan.warnings``, printed by the build as ``zwgk: warning: FILE: …``) and the graph (an
open question ``truncated``, a Warning of ``zs:TruncatedDocumentShape``).  Its signals:

``cut-item``         the body stages dropped the last item as cut off (that judgement says all);
``heading-at-end``   the text stops at a heading, or at a bare numeral (``2.`` ``十七、``), with nothing under it;
``incomplete-last``  the last line is the last requirement's, and it lacks what every other one has: units
                     of its own (nearly every other: nine in ten), a time cell, a cell under an agency column
                     — its assignment or its last cells are lost.  In prose only against the items of its own
                     section, and only a numbered item where they are numbered (a plan's closing paragraph
                     names no unit);
``last-line``        the last line is read as nothing, is no line a document ends with (a signature, a date,
                     an attachment or file name, a contact row, an assignment or time field) and stops
                     mid-sentence: no 。；！？ and no closing bracket.

A page whose own closing lines follow its text (a site footer, a publication note, print buttons) is whole
but for a cut item: a page cut short has lost them.  Page numbers and lone pipes say nothing either way.
The rules read the structure of the end, never a document's wording.
"""

from __future__ import annotations

import re

from ..agencies import looks_like_name
from ..records import OpenQuestion, ParsedPlan
from ..textnorm import fold
from . import assignments as grammar
from .boilerplate import PAGE_NUMBER, reason as boilerplate
from .normalise import ends_sentence, punctuation_only, tidy
from .numbering import marker
from .outline import ATTACHMENT
from .title_block import RE_GARBLED_DATE

KIND = "truncated"

_PIPES_ONLY = re.compile(r"^[\s|]*$")
_PIPES_AT_END = re.compile(r"[\s|]+$")
_DATE_AT_END = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月(\s*\d{1,2}\s*日?)?$|\d{4}[-./]\d{1,2}[-./]\d{1,2}$")
_FILE_NAME = re.compile(r"\.(pdf|docx?|xlsx?|wps|et|ofd|txt|zip|rar|7z|jpe?g|png)$", re.I)
_PHONE = re.compile(r"\d{3,4}-\d{7,8}|(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)\d{7,8}$")


def _neutral(printed: str, v: str) -> bool:
    """A line that says nothing about where the text stops: a lone pipe, punctuation, a page number (a PDF
    prints one at every page's foot)."""
    return bool(_PIPES_ONLY.match(v) or PAGE_NUMBER.match(v.strip()) or punctuation_only(printed))


def _closing(printed: str, v: str) -> bool:
    """A line a whole document may end with: a signature, a date, an attachment or file name, a contact row,
    an assignment or time field, or a sentence."""
    v = _PIPES_AT_END.sub("", v)
    k = fold(v)
    m = marker(v)
    if m is not None and not fold(v[m.end:]):
        return False                                  # a bare numeral (2. / 十七、): the item under it is lost
    if ends_sentence(v):
        return True
    if _DATE_AT_END.search(k) or RE_GARBLED_DATE.match(k):
        return True
    if ATTACHMENT.match(k) or _FILE_NAME.search(k) or _PHONE.search(k):
        return True
    if len(k) <= 30 and looks_like_name(k):
        return True                                   # the issuer's signature
    if grammar.starts_with_label(v, time=True) or grammar.looks_like_assignment(printed[:len(v)], v):
        return True                                   # an item's assignment or time field printed below it
    return False


def _end(rows: list[tuple[int, str, str]]) -> tuple[tuple[int, str, str] | None, bool]:
    """The last line of text, and whether the page's own closing lines (a footer, a publication note, print
    buttons: site boilerplate) follow it — a page cut short has lost them."""
    closed = False
    for no, printed, v in reversed(rows):
        if _neutral(printed, v):
            continue
        if boilerplate(tidy(printed, v)):             # as the stages see it: lost indentation, tags trimmed
            closed = True
            continue
        return (no, printed, v), closed
    return None, closed


def _features(r) -> set[str]:
    """What a requirement's row or item carries besides its text: units of its own, a time limit, and a cell
    under each agency column."""
    out = {f"column:{a.cue}" for a in r.assignments if a.form == "cell"}
    if any(a.form != "subject" for a in r.assignments):
        out.add("units")
    if r.schedule:
        out.add("time")
    return out


def _lacks(plan: ParsedPlan) -> list[str]:
    """What the last requirement lacks that every other one has (nearly every one, for its units): its
    assignment or its last cells are lost.  In prose the others of its own section must have it too, and it
    is numbered where they are (a closing paragraph of a plan's last section names no unit, and no number)."""
    reqs = plan.requirements
    final, others = reqs[-1], reqs[:-1]
    if len(others) < 4:
        return []
    have = _features(final)
    prose = plan.layout == "prose"
    siblings = [r for r in others if r.theme == final.theme]
    if prose and (not siblings or (final.number is None and any(r.number is not None for r in siblings))):
        return []
    out = []
    feats = [_features(r) for r in others]
    near = {"units": 0.9}
    for f in sorted(set().union(*feats)):
        if f in have:
            continue
        share = sum(1 for x in feats if f in x) / len(feats)
        if share >= near.get(f, 1.0) and (not prose or all(f in _features(r) for r in siblings)):
            out.append(f)
    return out


def signals(plan: ParsedPlan, rows: list[tuple[int, str, str]]) -> tuple[int, list[tuple[str, list[str]]]] | None:
    """(the last line of text, the signals that the text is cut short there: (kind, what the last item
    lacks)), or None for a whole document."""
    last, closed = _end(rows)
    if last is None or not plan.requirements:
        return None
    no, printed, v = last
    found: list[tuple[str, list[str]]] = []
    if any(q.kind == "document-cut-off" for q in plan.open_questions):
        return no, [("cut-item", [])]             # the body stages' own judgement: it says all
    if closed:
        return None
    reqs = plan.requirements
    in_req = {n for r in reqs for n in (r.line, *r.lines, *(x for a in r.assignments for x in a.lines))}
    read = in_req | plan.content_lines
    # a heading (or a bare numeral) is the last thing printed and nothing is under it
    after_items = [t for t in plan.themes if t.line is not None and max(in_req) < t.line <= no]
    if after_items:
        head = max(after_items, key=lambda t: t.line)
        rest = [n for n, p, x in rows if head.line < n <= no and not _neutral(p, x)]
        if not any(r.theme[:len(head.path)] == head.path for r in reqs) \
                and all(n in plan.content_lines for n in rest):
            found.append(("heading-at-end", []))
    if not found and any(q.kind == "heading-without-title" and q.line == no for q in plan.open_questions):
        found.append(("heading-at-end", []))          # a table's numeral with no title
    final = reqs[-1]
    if no in {final.line, *final.lines, *(x for a in final.assignments for x in a.lines)} | (
            plan.content_lines if plan.layout != "prose" else set()):
        lacks = _lacks(plan)
        if lacks:
            found.append(("incomplete-last", lacks))
    elif not found and no not in read and not _closing(printed, v):
        m = marker(v)
        found.append(("heading-at-end" if m is not None and not fold(v[m.end:]) else "last-line", []))
    return (no, found) if found else None


def _why(kind: str, lacks: list[str]) -> str:
    if kind == "incomplete-last":
        names = {"units": "its units", "time": "its time limit"}
        what = [names.get(f, f"a {f.split(':', 1)[-1]} cell") for f in lacks]
        return f"its last item lacks {' and '.join(what)}, which every other item has"
    return {
        "cut-item": "the text stops inside its last item, which is not read",
        "heading-at-end": "the text stops at a heading or numeral with nothing under it",
        "last-line": "its last line stops mid-sentence",
    }[kind]


def mark(plan: ParsedPlan, rows: list[tuple[int, str, str]]) -> None:
    """Record a document that looks cut short on its plan: an open question ``truncated`` and a warning."""
    found = signals(plan, rows)
    if found is None:
        return
    no, kinds = found
    why = "; ".join(_why(k, lacks) for k, lacks in kinds)
    note = (f"the document looks cut short at line {no} ({why}): {len(plan.requirements)} requirements were read, "
            f"and whatever followed is not in the file")
    plan.open_questions.append(OpenQuestion(KIND, no, note))
    plan.warnings.append(note)
