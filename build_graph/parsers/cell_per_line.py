"""Layout ``cell_per_line``: a web table flattened to text, one table cell per line.

The header cells (工作任务 / 具体要求 / 牵头落实单位) stand on lines of their own, then
each theme heading (``一、…``), each item (``1.…``) and each agency cell follows on
its own line, usually with blank lines between.  A blank agency cell simply does not
appear (the merged cell above covers it).  Agency cells may be broken over lines
(``市人力资源社会`` / ``保障局``), continue a list (``市编委办，`` / ``各镇区``) or add a
parenthetical sub-unit (``(市政府督查室)``).  Navigation and footer boilerplate of
the web page surrounds the table.
"""

from __future__ import annotations

import re

from ..agencies import JUR_PREFIX, SUFFIXES, looks_like_name
from ..errors import UnknownLayout
from ..reader import Document
from ..records import ParsedPlan, Repair, Residue
from ..textnorm import clean, fold
from . import table_model as tm
from .common import RE_ITEM, RE_L1, default_role_for, header_kind, is_navigation

NAME = "cell_per_line"


def _header_at(rows: list[tuple[int, str, str]]) -> int | None:
    """Index in ``rows`` of the first header cell of a run of ≥2 header cells ending in an agency column."""
    for i in range(len(rows)):
        kinds = []
        for j in range(i, min(i + 5, len(rows))):
            k = header_kind(rows[j][2])
            if k is None:
                break
            kinds.append(k)
            if k == "agency" and len(kinds) >= 2:
                return i
    return None


def _agency_fragment(key: str) -> bool:
    """A short line with no sentence punctuation: part of an agency cell broken over lines."""
    s = fold(key)
    return 0 < len(s) <= 16 and not re.search(r"[.。:：;；!?\"《》]", s) and not RE_ITEM.match(key)


def _is_agency_line(key: str, continuing: bool) -> bool:
    s = clean(key)
    if RE_ITEM.match(s) or RE_L1.match(s):
        return False
    if re.fullmatch(r"[（(][^()（）]{1,20}[)）]", s):
        return True
    tokens = [t for t in re.split(r"[、，,；;\s]+", s) if t]
    if tokens and all(looks_like_name(t) for t in tokens) and len(s) <= 60:
        return True
    if continuing and _agency_fragment(s):
        return True
    # a name broken over lines starts with a jurisdiction prefix and has no suffix yet
    return bool(JUR_PREFIX.match(s) or s.startswith("各")) and _agency_fragment(s)


def score(doc: Document) -> float:
    """How strongly the document looks like this layout (0..1)."""
    rows = list(doc.numbered())
    if not rows or sum(1 for _, _, k in rows if "\t" in k) > 2:
        return 0.0
    start = _header_at(rows)
    body = rows[start:] if start is not None else rows
    items = sum(1 for _, _, k in body if RE_ITEM.match(k))
    agencies = sum(1 for _, _, k in body if _is_agency_line(k, False))
    if items < 3 or agencies < 2:
        return 0.0
    return (0.6 if start is not None else 0.3) + min(0.4, agencies / max(items, 1) * 0.4)


def parse(doc: Document) -> ParsedPlan:
    """Read the flattened table into themes, requirements, residue and repairs."""
    rows = list(doc.numbered())
    start = _header_at(rows)
    if start is None:
        raise UnknownLayout("no header cells (工作任务 / 具体要求 / …单位) on lines of their own", doc.path)
    residue: list[Residue] = []
    repairs: list[Repair] = []
    events: list = []
    body_lines: set[int] = set()
    header_text = None
    i = start
    while i < len(rows) and header_kind(rows[i][2]) is not None:
        no, line, key = rows[i]
        if header_kind(key) == "agency":
            header_text = clean(line)
        residue.append(Residue(no, "table header cell", clean(line)))
        body_lines.add(no)
        i += 1
    last_items: tm.ItemsEvent | None = None     # the row waiting for (more of) its agency cell
    theme_open = False                            # a heading was read and no item yet
    prev_fragment = False                         # the last agency line did not end a name
    for no, line, key in rows[i:]:
        body_lines.add(no)
        s = clean(key)
        if not RE_ITEM.match(s) and not RE_L1.match(s) and is_navigation(s):
            residue.append(Residue(no, "navigation boilerplate of the web page", clean(line)))
            continue
        if RE_L1.match(s) and not _is_agency_line(s, False):
            events.append(tm.ThemeEvent(clean(line), s, no))
            last_items, theme_open, prev_fragment = None, True, False
            continue
        if RE_ITEM.match(s):
            last_items = tm.ItemsEvent([(clean(line), s, no)], None)
            events.append(last_items)
            theme_open, prev_fragment = False, False
            continue
        if last_items is not None and _is_agency_line(s, prev_fragment):
            cell = last_items.agency
            if cell is None:
                last_items.agency = tm.Cell([clean(line)], [no])
            elif prev_fragment and not re.match(r"^[（(]", s) and not fold(cell.parts[-1]).endswith(("、", ",")):
                joined = cell.parts[-1] + clean(line)
                repairs.append(Repair("agency-name-joined", no, f"{cell.parts[-1]} / {clean(line)}", joined,
                                      "agency name broken over two lines; the first part ends in no organ suffix"))
                cell.parts[-1] = joined
                cell.lines.append(no)
            else:
                # a list continued after "、"/"，", a "(sub-unit)", or a further complete name
                ends_open = fold(cell.parts[-1]).endswith(("、", ",")) or re.match(r"^[（(]", s)
                cell.parts[-1] = cell.parts[-1] + ("" if ends_open else " ") + clean(line)
                cell.lines.append(no)
            tail = fold(last_items.agency.parts[-1])
            # the cell goes on when it ends in a list separator or in no organ suffix yet
            prev_fragment = tail.endswith(("、", "，", ",")) or not tail.endswith(SUFFIXES + (")", "）"))
            continue
        if theme_open or (last_items is None and events and isinstance(events[-1], tm.ThemeEvent)):
            # text right under a heading with no number: an unnumbered item
            last_items = tm.ItemsEvent([(clean(line), s, no)], None)
            events.append(last_items)
            theme_open, prev_fragment = False, False
            continue
        if events:
            residue.append(Residue(no, "text after the table that is not a table cell", clean(line)))
        else:
            residue.append(Residue(no, "text between the header and the first theme", clean(line)))
    # a cell that only continued a list ("市编委办，" + "各镇区") has been joined already;
    # a trailing separator left in a cell is harmless to the assignment reader.
    asm = tm.assemble(events)
    return ParsedPlan(layout=NAME, column_header=header_text, default_role=default_role_for(header_text),
                      body_start=rows[start][0], themes=asm.themes, requirements=asm.requirements,
                      residue=residue, repairs=repairs + asm.repairs, open_questions=asm.open_questions, numbering=asm.numbering,
                      body_lines=body_lines)
