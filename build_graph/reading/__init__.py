"""One reader for the genre: a document's lines → a plan's records, in stages named for their jobs.

``normalise``    the reading view of a line (traditional script, pinyin, lost indentation) and word keys
``boilerplate``  site navigation, page furniture, footers, repost headers
``paragraphs``   lines joined where a PDF or repost broke a sentence; page numbers and running heads
``numbering``    outline markers 第一部分 Ⅰ、 一、 第一条 (一) 1. 1.1 (1) 1） ① 一是 ●
``columns``      the header vocabulary of task tables and each column's role
``grid``         any flattened table (tabs, pipes, a cell per line) → one cell grid
``table``        a grid → themes and requirements (merged cells, shared blocks, lost headings)
``outline``      prose → themes and requirements (headings, items, sentence groups, cut-off ends)
``assignments``  the role grammar: parentheses, cells, labelled fields, sentences → duties
``usage``        what 负责落实 / 责任单位 means in this document
``title_block``  title, year (and its basis), jurisdiction, issuer, dates, number, lineage, owner
``ends``         a document cut short (its end shows it): an open question ``truncated`` and a warning

:func:`read` runs them: a table wherever its header stands, else the outline; then every assignment's
duties by the document's usage; then whether the text is cut short; then the title block before the body.  A document with nothing to read
raises :class:`~build_graph.errors.NothingToRead` with one line saying what it holds.
"""

from __future__ import annotations

from ..errors import NothingToRead
from ..reader import Document
from ..records import ParsedPlan, PlanMeta, Residue
from . import ends, grid as grids, outline, table, usage
from .boilerplate import reason as boilerplate
from .normalise import view
from .numbering import marker
from .title_block import read_metadata

#: the layouts a body is read in (ParsedPlan.layout, zwgk:layout), with a line for messages and --help
LAYOUTS = {
    "tsv_table": "a table as tab-separated text, one row per line",
    "pipe_table": "a table with | between cells, one row per line",
    "cell_per_line": "a web table flattened to one cell per line or paragraph (with or without closing |)",
    "field_rows": "a table printed as header：value lines, one block per row (a mobile page's cards)",
    "prose": "an outline (一、/(一)/1./●) whose items carry their assignments",
}


def read(doc: Document) -> tuple[ParsedPlan, PlanMeta, list[Residue]]:
    """Read a decoded document into its body's records, its metadata and the title block's residue."""
    rows = [(no, line, view(line)) for no, line, _ in doc.numbered()]
    plan = None
    found = grids.find(rows)
    if found is not None:
        plan = table.read(found)
        before = outline.read([r for r in rows if r[0] < found.header_line])
        if before is not None and _assigned(before) > _assigned(plan):
            # an outline whose items carry their assignments, then a table (an attachment: a contact list,
            # a breakdown of the same tasks): the outline is the plan; the table is accounted, not read
            before.residue.extend(Residue(no, "a table after the plan's outline (an attachment): the outline, "
                                          "whose items carry more assignments, is read instead", line.strip())
                                  for no, line, _ in rows if no >= found.header_line and line.strip())
            plan = before
    cut = plan is not None and any(q.kind == "document-cut-off" for q in plan.open_questions)
    if plan is None or (not plan.requirements and not cut):
        # a header with no row under it: the document may still hold an outline
        prose = outline.read(rows)
        if prose is not None and (plan is None or prose.requirements):
            plan = prose
    if plan is None or not plan.requirements:
        raise NothingToRead(f"no requirement to read: {describe(rows, plan)}", doc.path)
    everything = [a for r in plan.requirements for a in r.assignments]
    plan.uses_lead = usage.decide(everything, usage.aliases(doc.lines))
    if plan.layout != outline.NAME and plan.column_header is not None:
        default = next((a.default for a in everything if a.cue == plan.column_header), None)
        if default == "responsible":
            plan.default_role = "Implement" if plan.uses_lead else "Lead"
    ends.mark(plan, rows)                 # a document cut short: an open question and a warning
    meta, residue = read_metadata(doc, plan.body_start)
    return plan, meta, residue


def _assigned(plan: ParsedPlan) -> int:
    return sum(1 for r in plan.requirements if r.assignments)


def describe(rows: list[tuple[int, str, str]], plan: ParsedPlan | None) -> str:
    """What a document holds when no requirement can be read from it, in one clause."""
    nav = sum(1 for _, line, _ in rows if boilerplate(line))
    marked = sum(1 for _, _, v in rows if marker(v) is not None)
    cut = plan is not None and any(q.kind == "document-cut-off" for q in plan.open_questions)
    if plan is not None and plan.layout != outline.NAME:
        what = f"a table header ({plan.column_header or 'no agency column'}) and no complete row under it"
    elif cut:
        what = "the only item is cut off where the text stops (its text or its assignment is incomplete)"
    elif marked:
        what = f"{marked} numbered lines but no item under them"
    else:
        what = "a covering notice or page text only, with no numbered item, bullet, assignment or table"
    return f"{what} ({len(rows)} lines, {nav} of them site boilerplate)"
