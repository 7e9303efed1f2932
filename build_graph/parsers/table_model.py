"""The table model shared by the two table layouts (tab-separated and cell-per-line).

A table parser turns its lines into a stream of events — a theme heading, a row of
items with its agency cell, a row holding only agencies — and :func:`assemble`
turns the stream into themes and requirements, repairing what the structure proves:

* a theme heading repeated after a page break is merged with the theme it repeats;
* items printed beside the next theme's heading are put back under their true theme
  when the numbering proves it (item k follows item k-1 of the theme above);
* a theme whose heading is lost is reconstructed (ordinal only, never a title) when
  the theme ordinals skip exactly one and the displaced items' numbers prove it;
* a blank agency cell is read from the merged cell above it within the same theme
  (evidence ``MergedCell``), a cell shared by several items gives ``SharedBlock``;
* a row holding only agencies continues the agency cell of the row above.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..records import Assignment, OpenQuestion, Repair, RequirementRec, ThemeRec
from ..textnorm import fold
from .common import int_to_cn, item_ordinal, theme_ordinal


@dataclass
class Cell:
    """An agency cell; rows below may extend it, so requirements hold a reference."""

    parts: list[str]
    lines: list[int]

    @property
    def text(self) -> str:
        return " ".join(p for p in self.parts if p)


@dataclass
class ThemeEvent:
    text: str
    key: str
    line: int


@dataclass
class ItemsEvent:
    items: list[tuple[str, str, int]]       # (text, key, line) per item
    agency: Cell | None


@dataclass
class AgencyOnlyEvent:
    text: str
    line: int


@dataclass
class _Theme:
    ordinal: str | None
    number: int | None
    label: str | None
    line: int | None
    reconstructed: bool = False
    last_number: int | None = None
    last_cell: tuple[Cell, int] | None = None      # (cell, index of the requirement whose row holds it)


@dataclass
class Assembled:
    numbering: str | None = None
    themes: list[ThemeRec] = field(default_factory=list)
    requirements: list[RequirementRec] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    open_questions: list[OpenQuestion] = field(default_factory=list)


def _numbering_restarts(events) -> bool:
    """True when item numbers restart under each theme (1, 2, … then 1 again)."""
    seen_big = False
    for ev in events:
        if isinstance(ev, ItemsEvent):
            for text, key, _ in ev.items:
                _, n, _ = item_ordinal(text, key)
                if n is None:
                    continue
                if n == 1 and seen_big:
                    return True
                if n > 1:
                    seen_big = True
    return False


def assemble(events: list) -> Assembled:
    """Turn table events into themes and requirements; see the module docstring."""
    out = Assembled()
    per_theme = _numbering_restarts(events)
    numbered = any(item_ordinal(t, k)[1] is not None for ev in events if isinstance(ev, ItemsEvent) for t, k, _ in ev.items)
    out.numbering = ("per-theme" if per_theme else "continuous") if numbered else None
    order: list[_Theme] = []
    reqs: list[tuple[_Theme, RequirementRec, Cell | None, str]] = []
    current: _Theme | None = None
    previous: _Theme | None = None
    route: _Theme | None = None      # where items go; differs from current while items are displaced
    fresh = False                    # a new heading was just read: check the next item's number

    def new_theme(ev: ThemeEvent) -> _Theme:
        ordinal, number, label, _ = theme_ordinal(ev.text, ev.key)
        return _Theme(ordinal, number, label, ev.line)

    last_row_reqs: list[int] = []
    for ev in events:
        if isinstance(ev, ThemeEvent):
            t = new_theme(ev)
            if current is not None and fold(t.label or "") == fold(current.label or "") and t.ordinal == current.ordinal:
                out.repairs.append(Repair("merged-repeated-theme-header", ev.line, ev.text, current.label or "",
                                          "theme heading repeated after a page break; merged with the theme it repeats"))
                route = current
                fresh = False
                continue
            previous, current, route, fresh = current, t, t, True
            order.append(t)
            continue
        if isinstance(ev, AgencyOnlyEvent):
            if not last_row_reqs:
                out.open_questions.append(OpenQuestion("agency-row-without-item", ev.line,
                                                       f"row holds only agencies ({ev.text}) and no item precedes it"))
                continue
            theme, first, cell, _ = reqs[last_row_reqs[0]]
            if cell is None:
                cell = Cell([], [])
                theme.last_cell = (cell, last_row_reqs[0])
                for i in last_row_reqs:
                    t_, r_, _, _ = reqs[i]
                    reqs[i] = (t_, r_, cell, "Explicit" if len(last_row_reqs) == 1 else "SharedBlock")
            cell.parts.append(ev.text)
            cell.lines.append(ev.line)
            out.repairs.append(Repair("agency-only-row-attached", ev.line, ev.text, cell.text,
                                      f"row holds only agencies; attached to the agency cell of the row above "
                                      f"(line {reqs[last_row_reqs[0]][1].line})"))
            continue
        # an ItemsEvent
        if route is None:
            current = route = _Theme(None, None, None, None, reconstructed=True)
            order.append(current)
            out.open_questions.append(OpenQuestion("items-before-any-theme", ev.items[0][2],
                                                   "items printed before any theme heading"))
        parsed = [(text, key, line, *item_ordinal(text, key)) for text, key, line in ev.items]
        first_no = parsed[0][4]
        if fresh and per_theme and first_no is not None and first_no > 1 and previous is not None:
            if previous.last_number is not None and first_no == previous.last_number + 1:
                route = previous
            elif (current.number is not None and previous.number is not None
                  and current.number == previous.number + 2):
                lost = _Theme(int_to_cn(previous.number + 1), previous.number + 1, None, None, reconstructed=True)
                order.insert(order.index(current), lost)
                route = lost
                out.open_questions.append(OpenQuestion(
                    "lost-theme-heading", parsed[0][2],
                    f"theme {lost.ordinal}'s heading is missing (themes jump from {previous.ordinal} to "
                    f"{current.ordinal}); items {first_no}- printed beside {current.ordinal}'s heading belong "
                    f"to it; its items 1-{first_no - 1} are not in the source"))
        fresh = False
        row_reqs = []
        for text, key, line, ordinal, number, body in parsed:
            if route is not current and number == 1:
                route = current
            target = route
            if target is not current:
                kind = "lost-theme-item" if target.reconstructed else "item-beside-wrong-header"
                why = (f"the theme ordinals skip {target.ordinal}, whose heading is lost" if target.reconstructed
                       else f"its number continues theme {target.ordinal}")
                out.repairs.append(Repair(kind, line, f"{current.ordinal}、… {ordinal}.", f"{target.ordinal}.{ordinal}",
                                          f"item {ordinal} printed beside theme {current.ordinal}'s heading; "
                                          f"{why}, so it is placed there"))
            rec = RequirementRec(theme=(), ordinal=ordinal, number=number, text=body, line=line)
            if number is not None:
                target.last_number = number
            reqs.append((target, rec, None, ""))
            row_reqs.append(len(reqs) - 1)
        # agencies for the row
        targets = {id(reqs[i][0]) for i in row_reqs}
        for i in row_reqs:
            theme, rec, _, _ = reqs[i]
            if ev.agency is not None and ev.agency.text:
                reqs[i] = (theme, rec, ev.agency, "SharedBlock" if len(row_reqs) > 1 else "Explicit")
            elif theme.last_cell is not None:
                reqs[i] = (theme, rec, theme.last_cell[0], "MergedCell")
            else:
                out.open_questions.append(OpenQuestion(
                    "blank-agency-cell", rec.line,
                    "agency cell is blank and no cell above it in the same theme could cover it", requirement=i))
        if ev.agency is not None and ev.agency.text:
            for tid in targets:
                th = next(reqs[i][0] for i in row_reqs if id(reqs[i][0]) == tid)
                th.last_cell = (ev.agency, next(i for i in row_reqs if id(reqs[i][0]) == tid))
        last_row_reqs = row_reqs

    # positions and paths
    index = {id(t): n for n, t in enumerate(order, start=1)}
    for t in order:
        out.themes.append(ThemeRec(path=(index[id(t)],), ordinal=t.ordinal, number=t.number, label=t.label,
                                   line=t.line, reconstructed=t.reconstructed))
    cell_owner: dict[int, int] = {}
    for n, (theme, rec, cell, evidence) in enumerate(reqs):
        rec.theme = (index[id(theme)],)
        if cell is not None:
            owner = cell_owner.setdefault(id(cell), n)
            rec.assignment = Assignment(text="", lines=list(cell.lines), evidence=evidence,
                                        read_from=owner if evidence == "MergedCell" else None)
            rec.assignment._cell = cell  # resolved below, after agency-only rows extended it
        out.requirements.append(rec)
    for rec in out.requirements:
        if rec.assignment is not None:
            cell = rec.assignment.__dict__.pop("_cell")
            rec.assignment.text = cell.text
            rec.assignment.lines = list(cell.lines)
    return out
