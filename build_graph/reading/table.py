"""A table's cell grid → themes and requirements, whatever its columns and merged cells.

The grid (:mod:`build_graph.reading.grid`) gives rows of cells, or for a table flattened to one cell
per line a stream of cells whose rows this module rebuilds from what each cell holds (a heading, an
item, agencies, a time limit) and the order of the columns.  Then, for every form alike:

* a theme heading (a theme column's cell, or ``一、`` / ``(一)`` / an unnumbered title row) opens a theme;
  headings nest by their numbering; a heading repeated after a page break is merged with the one it repeats;
* a row's text cell holds one item, or several (``<p>`` blocks, ``3.… 4.…``) that share the row's cells;
* every agency column is read on its own: a blank cell takes the merged cell above it in the same theme
  (evidence ``MergedCell``), a cell shared by several items gives ``SharedBlock``, ``——`` says "none";
* a row holding only agencies continues the agency cell of the row above; a row holding only the rest of
  the cells above (``市政府办公`` / ``室``, a text that stopped mid-sentence) rejoins them; a text cell a page
  break cut goes on below the repeated header, and the line above that header (the page's running head)
  is residue;
* items printed beside the next theme's heading go back to the theme their number continues, and a
  theme whose heading is lost is reconstructed (ordinal only, never a title) when the numbering proves it.

Where a row has fewer cells than the header (the page dropped the cells a merged cell covers), its
cells are matched to the columns by what they hold, and the covered columns are taken to be the
leftmost ones they could be — rowspans group the leading columns of a task table.  Placeholder pipes
(``各设区市 | |``) count such covered cells; a lone ``|`` after a short row is the last column's empty
cell, unless the row's own time cell already fills that column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..agencies import JUR_PREFIX, SUFFIXES, looks_like_name
from ..jurisdictions import find_at_start
from ..records import Assignment, OpenQuestion, ParsedPlan, Repair, RequirementRec, Residue, ThemeRec
from ..textnorm import clean, fold, is_blank, match_view
from . import assignments as grammar
from .boilerplate import reason as boilerplate
from .columns import Column, header_word
from .grid import Grid, GridCell
from .normalise import ends_sentence, sub_printed, tidy, view
from .numbering import CHAPTER, ITEM, NOT_DECIMAL, RE_INLINE_ITEM, SECTION, int_to_cn, marker

RE_P = re.compile(r"<\s*p\s*>(.*?)<\s*/\s*p\s*>", re.S | re.I)
RE_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
_OPEN_P = re.compile(r"\s*<\s*p\s*>(?!.*<\s*/\s*p\s*>)", re.S | re.I)
RE_ITEM = re.compile(rf"^\s*(\d{{1,3}})\s*[.．、]{NOT_DECIMAL}\s*")
_DASH = re.compile(r"^[—\-－–─]{1,4}$|^(无|/|／)$")
# a time-limit cell: a date or period (2021年8月前, 年底前, 每季度), or one of the standing phrases for "ongoing"
_TIME = re.compile(r"\d{4}\s*年|\d{1,2}\s*月|[一二三四五六七八九十]{1,2}月|年底|年内|年末|月底|月末|季度|半年|上旬|中旬|下旬|"
                   r"(以|之)?前$|底前|以后|起$|每年|每月|每季|每周|每半年|每日|按月|按季|按年|按周|定期|长期|全年|常年")
#: how a whole time cell ends: a date or period (底前, 6月, 每季度), or a standing phrase (持续推进, 长期坚持)
_TIME_END = re.compile(r"(前|后|底|末|内|止|起|日|号|月|年|季度|旬|周|天|期|度|推进|完成|开展|坚持|实施|落实|执行|办理|公开|"
                       r"发布|更新|化|长期|持续|全年|常年|及时|随时|立即|适时|同步|定期|[|)）])$")
_STANDING = re.compile(r"^(持续|长期|稳步|逐步|常态化|及时|适时|随时|同步|立即)(推进|开展|坚持|实施|落实|完成)?$|^(常态化|长期|持续)")


# ---------------------------------------------------------------------------------------------
# events

@dataclass
class Cell:
    """An agency cell; rows below may extend it, so requirements hold a reference."""

    parts: list[str]
    lines: list[int]
    empty: bool = False       # printed as —— (no unit): it covers the rows below as an empty cell does

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
    items: list[tuple[str, str, int]]                   # (text, key, line) per item
    cells: dict[int, Cell] = field(default_factory=dict)   # agency column → its cell in this row
    schedule: list[tuple[str, int]] = field(default_factory=list)   # the time column's cell
    number: tuple[str, int] | None = None               # a 序号 cell: (as printed, value)
    lines: list[int] = field(default_factory=list)      # lines of detail cells joined into the text


@dataclass
class AgencyOnlyEvent:
    text: str
    line: int


def strip_tags(text: str) -> str:
    """Remove HTML tags left by extraction (found in the view: ``＜p＞`` too), keeping their contents separated
    by a space."""
    return clean(re.sub(r"\s+", " ", sub_printed(RE_TAG, text, " ", match_view(text))))


def split_items(cell: str, key: str) -> list[tuple[str, str, int]]:
    """Split a requirement cell into items: ``<p>`` paragraphs, or a number after a sentence end that is the
    next number in sequence (``3.… 4.… 5.…``).  Returns (text, key, offset) per item, text as printed."""
    folded = match_view(cell)                     # the reading view hides tags: find them in the folded text
    if RE_P.search(folded):
        out = []
        end = 0
        for m in RE_P.finditer(folded):
            t = clean(cell[m.start(1):m.end(1)])
            if t:
                out.append((t, clean(key[m.start(1):m.end(1)]), m.start(1)))
            end = m.end()
        opened = _OPEN_P.match(folded, end)
        if opened and clean(cell[opened.end():]):
            # a <p> the text stops inside (its </p> never comes): an item all the same, judged whole or cut
            # off by the end of the table (_cut_at_end)
            a = opened.end()
            out.append((tidy(cell[a:]), clean(key[a:]), a))
        return out
    first = RE_ITEM.match(key)
    if not first:
        return [(tidy(cell), clean(key), 0)]
    expected = int(first.group(1)) + 1
    cuts = [0]
    for m in RE_INLINE_ITEM.finditer(key):
        if int(m.group(1)) == expected:
            cuts.append(m.start(1))
            expected += 1
    cuts.append(len(key))
    return [(tidy(cell[a:b]), clean(key[a:b]), a) for a, b in zip(cuts, cuts[1:]) if tidy(cell[a:b])]


def item_ordinal(text: str, key: str) -> tuple[str | None, int | None, str]:
    """Split '4. 及时公开…' into ('4', 4, '及时公开…'); unnumbered text gives (None, None, text)."""
    m = RE_ITEM.match(key)
    if not m:
        return None, None, clean(text)
    return text[m.start(1):m.end(1)], int(m.group(1)), clean(text[m.end():])


def theme_ordinal(text: str, key: str) -> tuple[str | None, int | None, str, int]:
    """Split '二、推进…' into ('二', 2, '推进…', kind); a heading with no ordinal gives (None, None, text, 0)."""
    m = marker(key, (CHAPTER, SECTION))
    if m:
        label = clean(text[m.end:])
        return m.ordinal, m.number, label[:-1] if re.search(r"[。.]$", view(label)) else label, m.kind
    return None, None, clean(text), 0


# ---------------------------------------------------------------------------------------------
# assembly

@dataclass
class _Theme:
    ordinal: str | None
    number: int | None
    label: str | None
    line: int | None
    kind: int = 0
    parent: "_Theme | None" = None
    reconstructed: bool = False
    last_number: int | None = None
    last_cells: dict = field(default_factory=dict)   # column → (cell, index of the requirement whose row holds it)


@dataclass
class Assembled:
    numbering: str | None = None
    themes: list[ThemeRec] = field(default_factory=list)
    requirements: list[RequirementRec] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    open_questions: list[OpenQuestion] = field(default_factory=list)
    dropped: list[tuple[int, str]] = field(default_factory=list)   # headings not read as themes


def _numbering_restarts(events) -> bool:
    """True when item numbers restart under each theme (1, 2, … then 1 again)."""
    seen_big = False
    for ev in events:
        if isinstance(ev, ItemsEvent):
            for n in _numbers(ev):
                if n is None:
                    continue
                if n == 1 and seen_big:
                    return True
                if n > 1:
                    seen_big = True
    return False


def _numbers(ev: ItemsEvent) -> list[int | None]:
    if ev.number is not None:
        return [ev.number[1]] + [None] * (len(ev.items) - 1)
    return [item_ordinal(t, k)[1] for t, k, _ in ev.items]


def assemble(events: list, agency_cols: list[int], columns: list[Column]) -> Assembled:
    """Turn table events into themes and requirements; see the module docstring."""
    out = Assembled()
    main = agency_cols[0] if agency_cols else None
    per_theme = _numbering_restarts(events)
    numbered = any(n is not None for ev in events if isinstance(ev, ItemsEvent) for n in _numbers(ev))
    out.numbering = ("per-theme" if per_theme else "continuous") if numbered else None
    order: list[_Theme] = []
    reqs: list[tuple[_Theme, RequirementRec, dict]] = []
    stack: list[_Theme] = []
    current: _Theme | None = None
    previous: _Theme | None = None
    route: _Theme | None = None      # where items go; differs from current while items are displaced
    fresh = False                    # a new heading was just read: check the next item's number
    run = 0                          # unnumbered headings in a row (they nest, general to specific)
    last_row_reqs: list[int] = []
    for ev in events:
        if isinstance(ev, ThemeEvent):
            ordinal, number, label, kind = theme_ordinal(ev.text, ev.key)
            if not label:
                out.open_questions.append(OpenQuestion(
                    "heading-without-title", ev.line, f"a heading numeral {ordinal} with no title after it "
                    "(the text stops there, or the title is lost): not read as a theme"))
                out.dropped.append((ev.line, ev.text))
                continue
            if not kind:
                kind, run = 100 + run, run + 1
            else:
                run = 0
            repeated = next((t for t in reversed(stack) if fold(label or "") == fold(t.label or "")
                             and ordinal == t.ordinal), None)
            if repeated is not None:
                out.repairs.append(Repair("merged-repeated-theme-header", ev.line, ev.text, repeated.label or "",
                                          "theme heading repeated after a page break; merged with the theme it repeats"))
                if repeated is current:
                    route, fresh = current, False
                continue
            while stack and stack[-1].kind >= kind:
                stack.pop()
            t = _Theme(ordinal, number, label, ev.line, kind, stack[-1] if stack else None)
            stack.append(t)
            previous, current, route, fresh = current, t, t, True
            order.append(t)
            continue
        run = 0
        if isinstance(ev, AgencyOnlyEvent):
            if not last_row_reqs or main is None:
                out.open_questions.append(OpenQuestion("agency-row-without-item", ev.line,
                                                       f"row holds only agencies ({ev.text}) and no item precedes it"))
                continue
            theme, first, cells = reqs[last_row_reqs[0]]
            if main not in cells:
                cell = Cell([], [])
                theme.last_cells[main] = (cell, last_row_reqs[0])
                for i in last_row_reqs:
                    reqs[i][2][main] = (cell, "Explicit" if len(last_row_reqs) == 1 else "SharedBlock")
            cell = reqs[last_row_reqs[0]][2][main][0]
            cell.parts.append(ev.text)
            cell.lines.append(ev.line)
            out.repairs.append(Repair("agency-only-row-attached", ev.line, ev.text, cell.text,
                                      f"row holds only agencies; attached to the agency cell of the row above "
                                      f"(line {first.line})"))
            continue
        # an ItemsEvent
        if route is None:
            current = route = _Theme(None, None, None, None, reconstructed=True)
            order.append(current)
            stack = [current]
            out.open_questions.append(OpenQuestion("items-before-any-theme", ev.items[0][2],
                                                   "items printed before any theme heading"))
        parsed = []
        for n, (text, key, line) in enumerate(ev.items):
            ordinal, number, body = item_ordinal(text, key)
            if ev.number is not None and n == 0:
                ordinal, number, body = ev.number[0], ev.number[1], clean(text)
            parsed.append((text, key, line, ordinal, number, body))
        first_no = parsed[0][4]
        same_level = previous is not None and current is not None and previous.kind == current.kind
        if fresh and per_theme and first_no is not None and first_no > 1 and same_level:
            if previous.last_number is not None and first_no == previous.last_number + 1:
                route = previous
            elif (current.number is not None and previous.number is not None
                  and current.number == previous.number + 2):
                lost = _Theme(int_to_cn(previous.number + 1), previous.number + 1, None, None, current.kind,
                              current.parent, reconstructed=True)
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
            if ev.lines:
                rec.lines = sorted({line, *ev.lines})
            rec.schedule = [t for t, _ in ev.schedule]
            if number is not None:
                target.last_number = number
            reqs.append((target, rec, {}))
            row_reqs.append(len(reqs) - 1)
        for col in agency_cols:
            cell = ev.cells.get(col)
            for i in row_reqs:
                theme, rec, cells = reqs[i]
                if cell is not None and (cell.text or cell.empty):
                    if not cell.empty:
                        cells[col] = (cell, "SharedBlock" if len(row_reqs) > 1 else "Explicit")
                elif col in theme.last_cells:
                    above = theme.last_cells[col][0]
                    if not above.empty:
                        cells[col] = (above, "MergedCell")
                elif col == main:
                    out.open_questions.append(OpenQuestion(
                        "blank-agency-cell", rec.line,
                        "agency cell is blank and no cell above it in the same theme could cover it", requirement=i))
            if cell is not None and (cell.text or cell.empty):
                for i in row_reqs:
                    theme = reqs[i][0]
                    if col not in theme.last_cells or theme.last_cells[col][1] not in row_reqs:
                        theme.last_cells[col] = (cell, i)
        last_row_reqs = row_reqs

    # positions and paths
    paths: dict[int, tuple[int, ...]] = {}
    counters: dict[tuple, int] = {}
    for t in order:
        parent = paths[id(t.parent)] if t.parent is not None and id(t.parent) in paths else ()
        counters[parent] = counters.get(parent, 0) + 1
        paths[id(t)] = parent + (counters[parent],)
        out.themes.append(ThemeRec(path=paths[id(t)], ordinal=t.ordinal, number=t.number, label=t.label,
                                   line=t.line, reconstructed=t.reconstructed))
    owners: dict[int, int] = {}
    for n, (theme, rec, cells) in enumerate(reqs):
        rec.theme = paths[id(theme)]
        for col in agency_cols:
            if col not in cells:
                continue
            cell, evidence = cells[col]
            owner = owners.setdefault(id(cell), n)
            column = columns[col]
            rec.assignments.append(Assignment(text=cell.text, lines=list(cell.lines), evidence=evidence,
                                              read_from=owner if evidence == "MergedCell" else None, form="cell",
                                              default=column.default, cue=column.header))
        out.requirements.append(rec)
    return out


# ---------------------------------------------------------------------------------------------
# cells: what one holds

def is_dash(key: str) -> bool:
    """A cell printed as —— (or 无, /): the column holds no unit for this row."""
    return bool(_DASH.match(fold(key)))


def is_agency_cell(text: str, key: str) -> bool:
    """A cell holding agencies: an assignment (names, role words, labelled fields), or a bracketed sub-unit."""
    s = clean(key)
    if not s or RE_ITEM.match(s) or marker(s, (CHAPTER, SECTION)):
        return False
    if re.fullmatch(r"[（(][^()（）]{1,20}[)）]", s):
        return True
    return len(fold(s)) <= 160 and grammar.looks_like_assignment(text, key)


_TITLE_WORDS = re.compile(r"工作要点|分解表|实施方案|工作方案|任务清单|台账|政务公开|信息公开")


def is_time_cell(key: str) -> bool:
    """A time-limit cell: short, and written in time words (持续推进, 年底前, 2021年8月前, 每季度)."""
    k = fold(key)
    return (0 < len(k) <= 40 and "。" not in key and bool(_TIME.search(k) or _STANDING.match(k))
            and not looks_like_name(k) and not _TITLE_WORDS.search(k) and find_at_start(k) is None)


def _agency_fragment(key: str) -> bool:
    """A short line with no sentence punctuation: part of an agency cell broken over lines."""
    s = fold(key)
    return 0 < len(s) <= 16 and not re.search(r"[.。:：;；!?\"《》]", s) and not RE_ITEM.match(key)


def _continues_name(key: str) -> bool:
    # a name broken over lines starts with a jurisdiction prefix and has no suffix yet
    s = clean(key)
    return bool(JUR_PREFIX.match(s) or s.startswith("各")) and _agency_fragment(s)


# ---------------------------------------------------------------------------------------------
# the three forms → events

def read(grid: Grid) -> ParsedPlan:
    """Read a table into themes, requirements, residue and repairs."""
    cols = grid.columns
    agency_cols = [i for i, c in enumerate(cols) if c.kind == "agency"]
    main = agency_cols[0] if agency_cols else None
    plan = ParsedPlan(layout=grid.form, column_header=cols[main].header if main is not None else None,
                      default_role=_plain_role(cols[main].default) if main is not None else "Implement",
                      body_start=grid.header_line)
    for no in grid.header_lines:
        plan.residue.append(Residue(no, "table header cell" if grid.form == "cell_per_line" else "table header row",
                                    grid.printed.get(no, "")))
        plan.body_lines.add(no)
    for no in grid.repeated_headers:
        plan.residue.append(Residue(no, "table header row repeated after a page break", grid.printed.get(no, "")))
        plan.body_lines.add(no)
    if grid.form == "cell_per_line":
        events = _stream_events(grid, plan)
    else:
        events = _row_events(grid, plan)
    asm = assemble(events, agency_cols, cols)
    plan.themes, plan.requirements = asm.themes, asm.requirements
    plan.repairs += asm.repairs
    plan.open_questions += asm.open_questions
    plan.numbering = asm.numbering
    for no, text in asm.dropped:
        plan.residue.append(Residue(no, "a heading numeral with no title after it", text))
    for no in grid.separators:
        plan.residue.append(Residue(no, "a lone | between the cells of a flattened table", "|"))
    plan.content_lines.update(grid.continued)
    for no in grid.empty_cells:
        plan.residue.append(Residue(no, "a lone |: an empty cell ending the row above", "|"))
    for no in grid.rules:
        plan.residue.append(Residue(no, "the rule under a Markdown table's header (| --- |)", grid.printed[no]))
    _cut_at_end(plan, grid)
    return plan


def _plain_role(default: str) -> str:
    return {"responsible": "Implement"}.get(default, default)


def _cut_at_end(plan: ParsedPlan, grid: Grid) -> None:
    """The table's last item is cut off when the document stops inside it: its text has no sentence end or
    leaves a bracket open, or no cell of its own follows its text and no merged cell above can stand for
    them (none above, or a table where no other row leaves a cell to a merged cell)."""
    if not plan.requirements:
        return
    last = plan.requirements[-1]
    last_line = max([c.line for c in grid.stream] + [c.line for r in grid.rows for c in r] or [0])
    if _assignment_cut(last, last_line):
        _cut(plan, last, "its assignment is cut off")
        return
    if _row_cut(grid, last):
        _cut(plan, last, "its row stops before its last cells, which every other row prints")
        return
    if _time_cut(grid, last):
        _cut(plan, last, "its time cell is cut off")
        return
    if max([last.line, *last.lines]) != last_line or last.schedule \
            or any(a.evidence != "MergedCell" for a in last.assignments):
        return
    depth = sum(1 if ch in "(（〔[【" else -1 if ch in ")）〕]】" else 0 for ch in view(last.text))
    text_cut = depth > 0 or not ends_sentence(last.text)
    merged_elsewhere = any(a.evidence == "MergedCell" for r in plan.requirements[:-1] for a in r.assignments)
    if not text_cut and last.assignments and merged_elsewhere:
        return                      # the merged cell above covers it, as it covers other rows of this table
    _cut(plan, last, "its text is cut off" if text_cut else "no cell of its own follows its text" + (
        ", and no other row of the table leaves a cell to a merged cell" if last.assignments
        else ", and no cell above could cover it"))


def _time_cut(grid: Grid, last: RequirementRec) -> bool:
    """The document stops inside the item's time cell: the cell is the last thing printed and stops short of
    the word a time limit ends with (持续推 for 持续推进, 每季 for 每季度, 2024年6 for 2024年6月底前)."""
    cells = grid.stream or [c for c in (grid.rows[-1] if grid.rows else []) if fold(c.key)]
    if not cells or not last.schedule:
        return False
    cell = cells[-1]
    k = fold(cell.key)
    return fold(view(last.schedule[-1])) == k and not _TIME_END.search(k)


def _row_cut(grid: Grid, last: RequirementRec) -> bool:
    """The document stops inside the item's row: in a table whose rows print every cell (empty ones as an
    empty cell), the last row has fewer cells than the header."""
    if grid.form not in ("tsv_table", "pipe_table") or not grid.rows:
        return False
    text = next(i for i, c in enumerate(grid.columns) if c.kind == "text")
    rows = [r for r in grid.rows if len(r) > text and fold(r[text].key)]
    final = grid.rows[-1]
    if len(rows) < 5 or rows[-1] is not final or last.line not in {c.line for c in final}:
        return False
    n = len(grid.columns)
    return len(final) < n and all(len(r) >= n for r in rows[:-1])


def _assignment_cut(last: RequirementRec, last_line: int) -> bool:
    """The document stops inside the item's last agency cell: the cell is the last thing printed and its list
    ends without a whole name (``市司法局、市``)."""
    own = [a for a in last.assignments if a.evidence != "MergedCell"]
    if not own or max(own[-1].lines) != last_line:
        return False
    text = fold(own[-1].text).rstrip(".")
    if not text or text.endswith(("、", ",", ";")):
        return bool(text)                  # a list left open
    tail = re.split(r"[、,;]", text)[-1]
    if is_dash(tail):
        return False
    # a whole cell ends in a whole name (an organ's suffix, a bracket closing a sub-unit, a short 各… collective)
    # or in a role word (X牵头, X等按职责分工落实): 各地级以上市人民 / 按职责分 stop inside one
    whole = tail.endswith(SUFFIXES + (")", "）")) or grammar.ends_with_role(tail) \
        or re.fullmatch(r"各[\u4e00-\u9fff]{1,2}", tail) is not None
    return not (grammar.looks_like_assignment(tail) and whole)


def _cut(plan: ParsedPlan, last: RequirementRec, why: str) -> None:
    plan.requirements.pop()
    gone = len(plan.requirements)
    plan.open_questions[:] = [q for q in plan.open_questions if q.requirement != gone]
    plan.residue.append(Residue(last.line, f"the document ends inside this item: {why}, so it is not read as a "
                                           f"requirement", last.text))
    for a in last.assignments:
        if a.evidence != "MergedCell":
            plan.residue.extend(Residue(no, "the cut-off item's agency cell", a.text) for no in a.lines)
    plan.open_questions.append(OpenQuestion("document-cut-off", last.line,
                                            "the text stops inside an item (truncated publication or excerpt)"))


def _align(cells: list[GridCell], cols: list[Column]) -> dict[int, GridCell]:
    """Match a short row's cells to columns by what they hold; covered columns are the leftmost possible."""
    kinds = []
    for c in cells:
        if not fold(c.key):
            kinds.append("empty")
        elif re.fullmatch(r"\d{1,3}", fold(c.key)):
            kinds.append("number")
        elif is_dash(c.key):
            kinds.append("dash")
        elif is_time_cell(c.key):
            kinds.append("time")
        elif is_agency_cell(c.text, c.key):
            kinds.append("agency")
        else:
            kinds.append("text")
    fit = {
        "number": {"number": 0},
        "text": {"text": 0, "theme": 0.5, "detail": 0.5, "note": 3},
        "agency": {"agency": 0, "note": 3, "text": 4},
        "time": {"time": 0, "note": 2, "text": 4},
        "dash": {"agency": 0, "time": 0, "note": 0},
        "empty": {k: 0.2 for k in ("number", "theme", "text", "detail", "agency", "time", "note")},
    }
    n, m = len(cells), len(cols)
    inf = float("inf")
    # best[i][j]: cost of placing cells[:i] in cols[:j]; skipping column j costs less the further left it is
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back: dict[tuple[int, int], tuple[int, int]] = {}
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if best[i][j] == inf:
                continue
            if j < m:
                skip = best[i][j] + 1.0 + 0.01 * j
                if skip < best[i][j + 1]:
                    best[i][j + 1], back[(i, j + 1)] = skip, (i, j)
            if i < n and j < m:
                cost = fit[kinds[i]].get(cols[j].kind)
                if cost is not None and best[i][j] + cost < best[i + 1][j + 1]:
                    best[i + 1][j + 1], back[(i + 1, j + 1)] = best[i][j] + cost, (i, j)
    if best[n][m] == inf:
        return {j: c for j, c in enumerate(cells[:m])}
    out: dict[int, GridCell] = {}
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj = back[(i, j)]
        if pi == i - 1 and pj == j - 1:
            out[j - 1] = cells[i - 1]
        i, j = pi, pj
    return out


def _row_events(grid: Grid, plan: ParsedPlan) -> list:
    """Rows of cells (tabs, pipes) → events, each cell in its column."""
    cols = grid.columns
    idx = {k: next((i for i, c in enumerate(cols) if c.kind == k), None) for k in ("number", "theme", "text", "detail", "time")}
    agency_cols = [i for i, c in enumerate(cols) if c.kind == "agency"]
    events: list = []
    for row in grid.rows:
        no = row[0].line
        plan.body_lines.update(c.line for c in row)
        if len(row) < 2 or (grid.form == "pipe_table" and not any(fold(c.key) for c in row[1:])):
            # a line with no cell separator: a heading spanning the columns, agencies spilling onto a line of
            # their own, a page number, or text that belongs to no cell
            c = row[0]
            why = boilerplate(c.text)
            if why:
                plan.residue.append(Residue(no, why, c.text))
            elif marker(clean(c.key), (CHAPTER, SECTION)) and not ends_sentence(c.text):
                events.append(ThemeEvent(clean(c.text), clean(c.key), no))
            elif agency_cols and events and is_agency_cell(c.text, c.key):
                events.append(AgencyOnlyEvent(strip_tags(c.text), no))
            else:
                sep = "tab" if grid.form == "tsv_table" else "cell separator"
                plan.residue.append(Residue(no, f"line outside the table's columns (no {sep})", c.text))
            continue
        last_items = next((e for e in reversed(events) if isinstance(e, ItemsEvent)), None)
        if last_items is not None and events[-1] is last_items and len(row) <= len(cols) \
                and _wrapped_row(row, idx, agency_cols, last_items, plan):
            continue
        if row[-1].lone and len(row) <= len(cols) and len(row) > 2:
            # a lone "|" is the last column's empty cell (备注) — unless the row's own last cell is already
            # of that column's kind (a time cell under 完成时限): then it only closes the row
            rest = row[:-1]
            if cols[-1].kind == "time" and is_time_cell(rest[-1].key):
                placed = {j: c for j, c in enumerate(rest)} if len(rest) == len(cols) else _align(rest, cols)
            else:
                placed = ({j: c for j, c in enumerate(rest)} if len(rest) == len(cols) - 1
                          else _align(rest, cols[:-1]))
                placed[len(cols) - 1] = row[-1]
        elif len(row) == len(cols) or grid.form in ("tsv_table", "field_rows"):
            placed = {j: c for j, c in enumerate(row[:len(cols)])}
            if agency_cols and len(row) > len(cols):
                # columns beyond the header's are agency spill-over
                last = agency_cols[-1]
                extra = [c for c in row[last:] if not is_blank(c.text)]
                placed[last] = GridCell(" ".join(c.text for c in extra), " ".join(c.key for c in extra), no)
        else:
            placed = _align(row, cols)

        def cell(kind):
            j = idx[kind]
            return placed.get(j) if j is not None else None

        theme = cell("theme")
        text = cell("text")
        if theme is not None and not is_blank(theme.text):
            events.append(ThemeEvent(clean(theme.text), clean(theme.key), no))
        cells: dict[int, Cell] = {}
        for j in agency_cols:
            c = placed.get(j)
            if c is None or is_blank(c.text):
                continue
            if is_dash(c.key):
                cells[j] = Cell([], [c.line], empty=True)
            else:
                cells[j] = Cell([strip_tags(c.text)], [c.line])
        if grid.form == "field_rows":
            plan.content_lines.update(c.line for c in row if fold(c.key))
        if text is not None and not is_blank(text.text):
            items = [(t, k, text.line) for t, k, _ in split_items(text.text, text.key)]
            ev = ItemsEvent(items, cells)
            num = cell("number")
            if num is not None and re.fullmatch(r"\d{1,3}", fold(num.key)) and len(items) == 1:
                ev.number = (clean(num.text), int(fold(num.key)))
            detail = cell("detail")
            if detail is not None and not is_blank(detail.text):
                t, k, ln = ev.items[-1]
                ev.items[-1] = (t + "\n" + detail.text, k + "\n" + detail.key, ln)
            tm = cell("time")
            if tm is not None and not is_blank(tm.text):
                ev.schedule.append((tm.text, tm.line))
                plan.content_lines.add(tm.line)
            events.append(ev)
        elif cells.get(agency_cols[0] if agency_cols else -1) is not None and cells[agency_cols[0]].text:
            events.append(AgencyOnlyEvent(cells[agency_cols[0]].text, no))
    return events


def _wrapped_row(row: list[GridCell], idx: dict, agency_cols: list[int], above: ItemsEvent,
                 plan: ParsedPlan) -> bool:
    """A row the page wrapped the row above onto: no number and no theme, its text cell (if any) continuing
    a text that stops mid-sentence, its agency cells (if any) fragments of the names above (``市政府办公`` /
    ``室``).  Joins every cell to the one above and returns True; False (nothing changed) for any other row."""
    filled = [j for j, c in enumerate(row) if fold(c.key)]
    text_col = idx["text"]
    own = {text_col, idx["time"], *agency_cols} - {None}
    if not filled or not set(filled) <= own:
        return False
    text_filled = text_col in filled
    if text_filled and ends_sentence(above.items[-1][0]):
        return False                                   # a new item without a number, not a wrapped cell
    fragments = [j for j in filled if j in agency_cols]
    for j in fragments:
        c, prev = row[j], above.cells.get(j)
        tail = prev.parts[-1].split()[-1] if prev is not None and not prev.empty and prev.parts \
            and prev.parts[-1].split() else ""
        alone = fold(c.key)
        if not tail or not _agency_fragment(c.key) or (len(alone) > 2 and looks_like_name(alone)) \
                or not looks_like_name(fold(tail + c.key)):
            return False
    if not text_filled and not fragments:
        return False
    if text_filled:
        t, k, ln = above.items[-1]
        more = row[text_col]
        above.items[-1] = (t + tidy(more.text), k + clean(more.key), ln)
        above.lines.append(more.line)
        plan.repairs.append(Repair("cell-text-continued", more.line, more.text, above.items[-1][0],
                                   "a row holding only the rest of the cells above, under a text that stops "
                                   "mid-sentence: the page wrapped those cells onto it"))
    for j in fragments:
        cell, c = above.cells[j], row[j]
        cell.parts[-1] += strip_tags(c.text)
        cell.lines.append(c.line)
        plan.repairs.append(Repair("agency-name-rejoined", c.line, c.text, cell.parts[-1],
                                   "the rest of an agency name the page wrapped onto the next row"))
    j = idx["time"]
    if j is not None and j in filled and above.schedule:
        t, ln = above.schedule[-1]
        above.schedule[-1] = (t + tidy(row[j].text), ln)
        plan.content_lines.add(row[j].line)
    return True


def _stream_events(grid: Grid, plan: ParsedPlan) -> list:
    """A stream of cells (one per line or paragraph) → rows → events.

    A row starts at an item (a numbered or plain text cell); each later cell goes to the first column after
    the last one filled that can hold it (a further text to a detail column, a time to the time column,
    agencies to the next agency column), and agency lines that continue a name or a list join the cell
    they continue."""
    cols = grid.columns
    agency_cols = [i for i, c in enumerate(cols) if c.kind == "agency"]
    text_col = next(i for i, c in enumerate(cols) if c.kind == "text")
    has_theme = any(c.kind == "theme" for c in cols)
    number_col = next((i for i, c in enumerate(cols) if c.kind == "number"), None)
    theme_col = next((i for i, c in enumerate(cols) if c.kind == "theme"), None)
    pending_number: tuple[str, int] | None = None     # a 序号 cell waiting for its row's text
    stream = grid.stream
    events: list = []
    row: ItemsEvent | None = None
    ptr = text_col                # the last column the open row filled
    row_pipes = 0
    prev_fragment = False         # the last agency line did not end a name
    last_agency: int | None = None

    def after(kinds: set[str]) -> int | None:
        return next((j for j in range(ptr + 1, len(cols)) if cols[j].kind in kinds), None)

    def close_row():
        nonlocal row_pipes
        if row is not None and row_pipes and agency_cols:
            used = [j for j in agency_cols if j in row.cells]
            if used and len(used) + row_pipes == len(agency_cols):
                # the page dropped the cells a merged cell covers and left a placeholder: the cells printed
                # belong to the rightmost columns, the covered ones are the leftmost
                row.cells = dict(zip(agency_cols[-len(used):], [row.cells[j] for j in used]))
        row_pipes = 0

    def kind_of(i: int, ahead: bool = False) -> str:
        """What stream cell i holds; ``ahead``: looked at from the cell before it, as if its row were open."""
        c = stream[i]
        open_row = row is not None or ahead
        s = clean(c.key)
        if boilerplate(c.text) and not RE_ITEM.match(s) and not marker(s, (CHAPTER, SECTION)):
            return "nav"
        if header_word(c.text) and i + 1 < len(stream) and header_word(stream[i + 1].text):
            return "header"
        if is_dash(c.key):
            return "dash"
        if number_col is not None and re.fullmatch(r"\d{1,3}", fold(c.key)):
            return "number"
        if RE_ITEM.match(s):
            return "item"
        if marker(s, (CHAPTER, SECTION)):
            return "marker"
        if re.fullmatch(r"[（(][^()（）]{1,20}[)）]", s) and open_row:
            return "agency"
        if open_row and is_time_cell(c.key) and after({"time"}) is not None \
                and after({"detail", "time"}) == after({"time"}):
            return "time"
        if is_agency_cell(c.text, c.key) or (open_row and _continues_name(s)):
            return "agency"
        return "text"

    kinds: list[str | None] = [None] * len(stream)
    for i, c in enumerate(stream):
        plan.body_lines.add(c.line)
        kind = kinds[i] = kind_of(i)
        s = clean(c.key)
        if kind == "nav":
            plan.residue.append(Residue(c.line, boilerplate(c.text), c.text))
            continue
        if kind == "header" or (i and kinds[i - 1] == "header" and header_word(c.text)):
            kinds[i] = "header"
            plan.residue.append(Residue(c.line, "table header cell repeated after a page break", c.text))
            continue
        nxt = _next_kind(stream, i, kind_of)
        if kind == "text" and nxt == "header" and not ends_sentence(c.text) and len(fold(c.key)) <= 40:
            # the line above a header repeated after a page break: the page's running head (the title)
            plan.residue.append(Residue(c.line, "running head of a printed page (above the repeated header)", c.text))
            continue
        after_break = i > 0 and kinds[i - 1] == "header"
        if after_break and kind == "text" and row is not None and not row.cells and not row.schedule \
                and not ends_sentence(row.items[-1][0]):
            # the text cell the page break cut: it goes on below the repeated header
            t, k, ln = row.items[-1]
            row.items[-1] = (t + c.text, k + s, ln)
            row.lines.append(c.line)
            plan.repairs.append(Repair("cell-text-continued", c.line, c.text, row.items[-1][0],
                                       "a text cell cut by a page break, continued below the repeated header"))
            continue
        continuing = prev_fragment and row is not None and _agency_fragment(s) and kind in ("text", "agency")
        if kind == "number":
            close_row()
            row, prev_fragment, ptr = None, False, number_col
            pending_number = (c.text, int(fold(c.key)))
            plan.content_lines.add(c.line)
            continue
        if pending_number is not None and kind in ("text", "item", "marker") and theme_col is not None \
                and ptr < theme_col and nxt in ("text", "item"):
            # 序号 | 工作任务 | 工作措施 …: the task after the number heads the row's measure
            events.append(ThemeEvent(c.text, s, c.line))
            ptr = theme_col
            continue
        # a numbered cell of the theme column: a heading followed by the item's own text cell
        theme_cell = kind == "item" and has_theme and nxt == "text" and row is None or kind == "marker"
        if theme_cell and nxt not in ("agency", "time", "dash"):
            close_row()
            events.append(ThemeEvent(c.text, s, c.line))
            row, prev_fragment = None, False
            continue
        if kind in ("item", "marker") or (kind == "text" and not continuing):
            if kind == "text" and row is not None:
                j = after({"detail", "note", "person"})
                if j is not None and cols[j].kind == "detail":
                    t, k, ln = row.items[-1]
                    row.items[-1] = (t + "\n" + c.text, k + "\n" + c.key, ln)
                    row.lines.append(c.line)
                    ptr = j
                    continue
                if j is not None:
                    what = "the person named" if cols[j].kind == "person" else "remarks"
                    plan.residue.append(Residue(c.line, f"the {cols[j].header} cell ({what}, not an agency) of the row "
                                                        f"at line {row.items[0][2]}", c.text))
                    ptr = j
                    continue
            if kind == "text" and nxt in ("text", "marker", "item") and not ends_sentence(c.text) \
                    and len(fold(c.key)) <= 30:
                close_row()
                events.append(ThemeEvent(c.text, s, c.line))      # an unnumbered title row
                row, prev_fragment = None, False
                continue
            close_row()
            row = ItemsEvent([(c.text, s, c.line)], number=pending_number)
            pending_number = None
            events.append(row)
            ptr, prev_fragment, last_agency = text_col, False, None
            row_pipes = c.placeholders
            continue
        if row is None:
            plan.residue.append(Residue(c.line, "text between the header and the first item that is not a table cell",
                                        c.text))
            continue
        row_pipes += c.placeholders
        if kind == "time":
            row.schedule.append((c.text, c.line))
            plan.content_lines.add(c.line)
            ptr = after({"time"})
            continue
        if kind == "dash":
            j = after({"agency", "time", "note"})
            plan.content_lines.add(c.line)
            if j is not None:
                if cols[j].kind == "agency":
                    row.cells[j] = Cell([], [c.line], empty=True)
                ptr = j
            prev_fragment = False
            continue
        # agencies: a new cell in the next agency column, or more of the one open
        cell = row.cells.get(last_agency) if last_agency is not None else None
        j = after({"agency"})
        open_list = cell is not None and (prev_fragment or fold(cell.parts[-1]).endswith(("、", ","))
                                          or re.match(r"^[（(]", s))
        if cell is None or (j is not None and not open_list):
            if j is None:
                plan.residue.append(Residue(c.line, "a further agency cell beyond the table's columns", c.text))
                continue
            row.cells[j] = cell = Cell([c.text], [c.line])
            ptr = last_agency = j
        elif prev_fragment and not re.match(r"^[（(]", s) and not fold(cell.parts[-1]).endswith(("、", ",")):
            joined = cell.parts[-1] + c.text
            plan.repairs.append(Repair("agency-name-joined", c.line, f"{cell.parts[-1]} / {c.text}", joined,
                                       "agency name broken over two lines; the first part ends in no organ suffix"))
            cell.parts[-1] = joined
            cell.lines.append(c.line)
        else:
            # a list continued after "、"/"，", a "(sub-unit)", or a further complete name
            ends_open = fold(cell.parts[-1]).endswith(("、", ",")) or re.match(r"^[（(]", s)
            cell.parts[-1] = cell.parts[-1] + ("" if ends_open else " ") + c.text
            cell.lines.append(c.line)
        tail = fold(cell.parts[-1])
        # the cell goes on when it ends in a list separator or in no organ suffix yet
        # (a cell ending in a role word — X等按职责分工落实, X牵头 — is whole)
        prev_fragment = tail.endswith(("、", "，", ",")) or not (tail.endswith(SUFFIXES + (")", "）"))
                                                              or grammar.ends_with_role(tail))
    close_row()
    return events


def _next_kind(stream: list[GridCell], i: int, kind_of) -> str | None:
    """The kind of the next cell that is not boilerplate."""
    for j in range(i + 1, min(i + 4, len(stream))):
        k = kind_of(j, True)
        if k != "nav":
            return k
    return None
