"""Layout ``tsv_table``: a table exported as tab-separated text (PDF or HTML tables).

One table row per line, cells separated by tabs, under a header row such as
``工作任务 ⇥ 具体要求 ⇥ 牵头落实单位`` (or ``落实单位``, ``责任单位`` …).  A row may
leave the theme cell blank (the theme continues), leave the agency cell blank (a
merged cell above covers it), put several items in one cell (``<p>…</p>`` or
``3.… 4.…``) sharing one agency list, or hold only agencies.  Header rows repeat
after page breaks.  Lines before the first header are the title block.
"""

from __future__ import annotations

from ..reader import Document
from ..records import ParsedPlan, Residue
from ..textnorm import clean, is_blank
from . import table_model as tm
from .common import default_role_for, header_kind, split_items, strip_tags

NAME = "tsv_table"


def header_columns(key: str) -> dict[str, int] | None:
    """Return {'theme': i, 'text': j, 'agency': k} if the tab-separated line is a header row."""
    cells = [clean(c) for c in key.split("\t")]
    if len(cells) < 2:
        return None
    kinds = [header_kind(c) for c in cells]
    if "text" not in kinds and "theme" not in kinds:
        return None
    if any(k is None for k, c in zip(kinds, cells) if c):
        return None
    cols = {}
    for i, k in enumerate(kinds):
        if k in ("theme", "text", "agency") and k not in cols:
            cols[k] = i
    if "text" not in cols:
        return None
    return cols


def score(doc: Document) -> float:
    """How strongly the document looks like this layout (0..1)."""
    lines = [k for _, _, k in doc.numbered()]
    if not lines:
        return 0.0
    tabbed = sum(1 for k in lines if "\t" in k)
    if tabbed < 3 or not any(header_columns(k) for k in lines):       # the cheap test first
        return 0.0
    return min(1.0, 0.5 + tabbed / len(lines))


def parse(doc: Document) -> ParsedPlan:
    """Read the table into themes, requirements, residue and repairs."""
    cols = None
    header_text = None
    body_start = None
    events: list = []
    residue: list[Residue] = []
    body_lines: set[int] = set()
    for no, line, key in doc.numbered():
        hc = header_columns(key)
        if hc is not None:
            if cols is None:
                cols, body_start = hc, no
                if "agency" in hc:
                    header_text = clean(line.split("\t")[hc["agency"]])
                residue.append(Residue(no, "table header row", clean(line)))
            else:
                residue.append(Residue(no, "table header row repeated after a page break", clean(line)))
            body_lines.add(no)
            continue
        if cols is None:
            continue            # the title block: read by the metadata reader
        body_lines.add(no)
        cells, kcells = line.split("\t"), key.split("\t")
        if len(cells) < 2:
            residue.append(Residue(no, "line outside the table's columns (no tab)", clean(line)))
            continue

        def cell(name):
            i = cols.get(name)
            if i is None or i >= len(cells):
                return "", ""
            return cells[i], kcells[i]

        theme_t, theme_k = cell("theme")
        text_t, text_k = cell("text")
        ag_t, _ = cell("agency")
        # columns beyond the header's are agency spill-over
        if "agency" in cols and len(cells) > len(cols):
            ag_t = " ".join(c for c in cells[cols["agency"]:] if not is_blank(c))
        if not is_blank(theme_t):
            events.append(tm.ThemeEvent(clean(theme_t), clean(theme_k), no))
        agency = strip_tags(ag_t)
        if not is_blank(text_t):
            items = [(t, k, no) for t, k, _ in split_items(text_t, text_k)]
            events.append(tm.ItemsEvent(items, tm.Cell([agency], [no]) if agency else None))
        elif agency:
            events.append(tm.AgencyOnlyEvent(agency, no))
    if cols is None:
        from ..errors import UnknownLayout
        raise UnknownLayout("no table header row (工作任务 / 具体要求 / …单位) found", doc.path)
    asm = tm.assemble(events)
    return ParsedPlan(layout=NAME, column_header=header_text, default_role=default_role_for(header_text),
                      body_start=body_start, themes=asm.themes, requirements=asm.requirements,
                      residue=residue, repairs=asm.repairs, open_questions=asm.open_questions, numbering=asm.numbering,
                      body_lines=body_lines)
