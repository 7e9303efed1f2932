"""Choose the layout parser for a document by what its text looks like, never by its name."""

from __future__ import annotations

from .errors import UnknownLayout
from .parsers import cell_per_line, prose, tsv_table
from .reader import Document

#: every layout we parse, with a one-line description for error messages and --help
LAYOUTS = {
    tsv_table.NAME: (tsv_table, "a table as tab-separated text under a 工作任务/具体要求/…单位 header"),
    cell_per_line.NAME: (cell_per_line, "a web table flattened to one cell per line"),
    prose.NAME: (prose, "headings 一、/(一)/1. with paragraphs closed by (…牵头) assignments"),
}


def detect(doc: Document):
    """Return the parser module whose layout the document matches best; UnknownLayout if none does."""
    scored = sorted(((mod.score(doc), name) for name, (mod, _) in LAYOUTS.items()), reverse=True)
    best, name = scored[0]
    if best <= 0:
        known = "; ".join(f"{n} ({desc})" for n, (_, desc) in LAYOUTS.items())
        raise UnknownLayout(f"unknown layout: the text matches none of the layouts we parse: {known}", doc.path)
    return LAYOUTS[name][0]
