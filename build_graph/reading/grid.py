"""Flattened tables → one cell grid, whatever form the extraction left them in.

Plans publish their task tables as HTML or PDF; what reaches us is one of

``tsv_table``      one row per line, cells separated by tabs (a PDF table exported as text);
``pipe_table``     one row per line, cells separated by ``|`` (``序号 | 工作任务 | 细化分工 | 责任处室 |``), a lone
                   ``|`` line being a row's last, empty cell, a ``| --- |`` line a Markdown rule;
``cell_per_line``  one cell per line or per blank-line paragraph, with or without a ``|`` closing each cell
                   (``省编办 (省审改办) |``) or lone ``|`` lines between cells; extra ``|`` after a cell
                   (``各设区市 | |``) are placeholders the page left for cells a merged cell covers; a PDF
                   cell wrapped over lines (its column's width recurring) is one cell again;
``field_rows``     a table a mobile page printed as cards: every cell a ``header：value`` line (``序号：1`` /
                   ``重点任务：…`` / ``牵头单位：…``), a row starting again at its first header, a line with no
                   header continuing the value above it.

The header is found wherever it stands — a row of header words (:mod:`build_graph.reading.columns`) in
any of these forms — and everything after it is the table's body: rows of cells for the two row forms,
a stream of cells for the third (its rows are rebuilt by :mod:`build_graph.reading.table`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..agencies import JUR_PREFIX, looks_like_name
from ..jurisdictions import find_at_start
from ..textnorm import clean, fold as fold_text, is_blank
from .boilerplate import reason as boilerplate
from .columns import Column, columns, header_word
from .normalise import display_width, split_printed, sub_printed, tidy, view
from .numbering import marker


@dataclass
class GridCell:
    """One cell as printed (pipes and padding removed), its reading view and its line."""

    text: str
    key: str
    line: int
    placeholders: int = 0     # bare "|" printed after the cell: cells the page left empty or covered
    lone: bool = False        # a lone "|" line: the row's last cell, empty


@dataclass
class Grid:
    """A table found in a document: its form, header and body."""

    form: str                               # tsv_table | pipe_table | cell_per_line
    header_line: int                        # first line of the header
    header_lines: list[int]
    columns: list[Column]
    printed: dict[int, str] = field(default_factory=dict)          # header lines as printed (for the residue)
    rows: list[list[GridCell]] = field(default_factory=list)       # row forms
    stream: list[GridCell] = field(default_factory=list)           # cell_per_line
    repeated_headers: list[int] = field(default_factory=list)      # header rows repeated after a page break
    separators: list[int] = field(default_factory=list)            # lone "|" lines between stream cells
    continued: list[int] = field(default_factory=list)             # lines continuing a value or a cell
    empty_cells: list[int] = field(default_factory=list)           # lone "|" lines ending a row (row forms)
    rules: list[int] = field(default_factory=list)                 # | --- | --- | lines of a Markdown table


_PIPES = re.compile(r"(\s*\|)+\s*$")
_RULE = re.compile(r"^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*(:?-{3,}:?\s*)?$")


def _pipe_cells(line: str) -> list[str]:
    """A row's cells as printed, split where its view has a ``|`` (``｜`` too)."""
    cells = split_printed(line, "|")
    if cells and not cells[-1].strip():
        cells = cells[:-1]                  # the row's closing "|"
    return cells


def _bare(line: str) -> str:
    """The line without its closing pipes (``|`` or ``｜``), as printed."""
    return sub_printed(_PIPES, line)


def _stream_cell(no: int, line: str) -> GridCell | None:
    """A stream cell: the text before its closing pipe, and how many placeholder pipes follow."""
    m = _PIPES.search(view(line))
    text, pipes = (line[:m.start()], m.group(0).count("|")) if m else (line, 0)
    if is_blank(text):
        return None
    text = tidy(text)
    return GridCell(text, view(text), no, max(0, pipes - 1))


def _row_header(line: str, sep: str) -> list[Column] | None:
    cells = line.split("\t") if sep == "\t" else _pipe_cells(line)
    if len([c for c in cells if clean(c)]) < 2:
        return None
    return columns(cells)


def find(rows: list[tuple[int, str, str]]) -> Grid | None:
    """Find the first table header among (line number, printed, view) rows and read the table after it."""
    for i, (no, line, v) in enumerate(rows):
        if "\t" in v:
            cols = _row_header(line, "\t")
            if cols:
                return _rows(rows, i, cols, "\t")
        if "|" in v and len(_pipe_cells(v)) >= 2:
            cols = _row_header(line, "|")
            if cols:
                return _rows(rows, i, cols, "|")
        if header_word(_bare(line)):
            grid = _stream(rows, i)
            if grid:
                return grid
        if _FIELD.match(v) and header_word(_FIELD.match(v).group("label")):
            grid = _field_rows(rows, i)
            if grid:
                return grid
    return None


_FIELD = re.compile(r"^\s*(?P<label>[^:：\s]{1,12})\s*[:：]\s*(?P<value>.*)$")


def _field_rows(rows, i: int) -> Grid | None:
    """``header：value`` lines from rows[i] on, read as a table (see the module docstring); None unless they
    name a text column and repeat as rows."""
    order: list[str] = []
    records: list[dict[str, GridCell]] = []
    last: GridCell | None = None
    continued: list[int] = []
    printed_label: dict[str, str] = {}
    for no, line, v in rows[i:]:
        m = _FIELD.match(v)
        label = m.group("label") if m and header_word(m.group("label")) else None
        if label is None:
            if last is None:
                break
            if boilerplate(line):
                continue                    # a page number or the site's footer continues no value
            last.text += tidy(line)
            last.key = view(last.text)
            continued.append(no)
            continue
        if label not in order:
            order.append(label)
            printed_label[label] = line[m.start("label"):m.end("label")]
        if not records or label in records[-1]:
            records.append({})
        value = tidy(line[m.start("value"):])
        last = records[-1][label] = GridCell(value, view(value), no)
    cols = columns([printed_label[label] for label in order]) if len(records) >= 1 else None
    if not cols or len(order) < 2:
        return None
    grid = Grid("field_rows", records[0][order[0]].line, [], cols, continued=continued)
    for rec in records:
        grid.rows.append([rec.get(label) or GridCell("", "", min(c.line for c in rec.values())) for label in order])
    return grid


def _rows(rows, i: int, cols: list[Column], sep: str) -> Grid:
    form = "tsv_table" if sep == "\t" else "pipe_table"
    grid = Grid(form, rows[i][0], [rows[i][0]], cols, {rows[i][0]: clean(rows[i][1])})
    for no, line, v in rows[i + 1:]:
        if sep == "|" and not _PIPES.sub("", v).strip() and grid.rows:
            grid.rows[-1].append(GridCell("", "", no, lone=True))   # a lone "|": the row's last cell, empty
            grid.empty_cells.append(no)
            continue
        if sep == "|" and _RULE.match(v):
            grid.rules.append(no)                                # | --- | --- |: a Markdown table's rule
            grid.printed[no] = clean(line)
            continue
        if _row_header(line, sep) is not None:
            grid.repeated_headers.append(no)
            grid.printed[no] = clean(line)
            continue
        cells = line.split("\t") if sep == "\t" else _pipe_cells(line)
        grid.rows.append([GridCell(tidy(c, keep_markup=True), view(tidy(c, keep_markup=True)), no) for c in cells])
    return grid


def _stream(rows, i: int) -> Grid | None:
    """A header of one cell per line: two or more header words in a row (lone pipes between them skipped)."""
    header: list[GridCell] = []
    j = i
    while j < len(rows) and len(header) < 12:
        no, line, v = rows[j]
        if not _PIPES.sub("", v).strip():
            j += 1
            continue
        cell = _stream_cell(no, line)
        if cell is None or not header_word(cell.text):
            break
        header.append(cell)
        j += 1
    cols = columns([c.text for c in header]) if len(header) >= 2 else None
    if not cols:
        return None
    grid = Grid("cell_per_line", header[0].line, [c.line for c in header], cols,
                {no: clean(line) for no, line, v in rows[i:j] if _PIPES.sub("", v).strip()})
    grid.separators = [no for no, _, v in rows[i:j] if not _PIPES.sub("", v).strip()]
    last: tuple[int, str, bool] | None = None                # the previous line: number, text, closed by "|"
    full = widths(rows[j:])
    for no, line, v in rows[j:]:
        if not _PIPES.sub("", v).strip():
            grid.separators.append(no)                       # a lone "|" between cells
            last = None
            continue
        cell = _stream_cell(no, line)
        if cell is None:
            continue
        if grid.stream and last is not None and last[0] == no - 1 and not last[2] \
                and _wraps(last[1], grid.stream[-1].text, cell.text, full):
            prev = grid.stream[-1]
            prev.text += cell.text
            prev.key = view(prev.text)
            grid.continued.append(no)                        # a line the PDF wrapped the cell onto
        else:
            grid.stream.append(cell)
        last = (no, cell.text, bool(_PIPES.search(v)))
    return grid


def widths(rows) -> set[int]:
    """The widths a PDF wrapped its table's cells at: line widths that recur (three lines or more)."""
    counts: dict[int, int] = {}
    for _, line, _ in rows:
        w = display_width(_bare(line))
        if w >= 8:
            counts[w] = counts.get(w, 0) + 1
    return {w for w, n in counts.items() if n >= 3}


_MID_END = re.compile(r"[，,、（(《“]$")
_MID_START = re.compile(r"^[，,、。；;）)》”]")
_STOP = re.compile(r"[。；;！!？?）)》”]$")


def _wraps(last_line: str, cell: str, line: str, full: set[int]) -> bool:
    """A PDF cell wrapped onto the next line (``区就业和人才中心配`` / ``合``): the line continues the cell
    when it opens mid-sentence, when the cell stops after a mark no cell ends with, or when the cell's
    last line runs to a width its column wraps at and stops without an end — unless the line is a new
    cell on its own (a 序号, a header word, a marker, or an agency or time cell after a complete one)."""
    from .table import is_agency_cell, is_time_cell      # the table stage reads grids: imported late
    if boilerplate(line) or boilerplate(cell):
        return False
    line_v, cell_v = view(line), view(cell)
    if _MID_START.match(line_v):
        return True
    if _STOP.search(cell_v) or re.fullmatch(r"\d{1,3}", fold_text(line)) or header_word(line) or header_word(cell) \
            or marker(line_v):
        return False
    if _MID_END.search(cell_v):
        return True
    if not any(w - max(1, w // 10) <= display_width(last_line) <= w + 1 for w in full):
        return False
    if is_time_cell(view(cell)):
        # 2022年6月 / 底前: the rest of a date; 持续推进 / 每季度 would be two cells
        return bool(re.match(r"(月|底|末|前|以前|之前|上旬|中旬|下旬|\d{1,2}\s*[日号月])", fold_text(line))) \
            or (is_time_cell(view(cell + line)) and not is_time_cell(view(line)))
    if is_time_cell(line_v) and len(fold_text(line)) <= 16 and not re.search(r"[，,；;]", line_v):
        return False                                 # 区大数据发展局负责 / 每季度: the next column's cell
    if is_agency_cell(line, line_v) and not is_agency_cell(cell, cell_v) and looks_like_name(
            fold_text(re.split(r"[、，,；;\s]", line_v.strip())[0])):
        return False                                 # a task cell that fills its width, then the unit cell
    tail = re.split(r"[、，,；;\s]", view(last_line).strip())[-1]
    if is_agency_cell(cell, cell_v) and _starts_name(line) and looks_like_name(fold_text(tail)):
        return False                                 # a complete name, then a name of the next column
    return True


def _starts_name(line: str) -> bool:
    k = fold_text(line)
    return bool(JUR_PREFIX.match(k) or k.startswith("各") or find_at_start(k) is not None)


