"""The document's own usage decides what 负责落实 / 责任单位 means.

Plans use one of two conventions, and each document shows which by what it writes elsewhere:

* it names 牵头 units (a 牵头 role word, a 牵头单位 field or column): then 负责 / 落实 / 负责落实 /
  按职责分工落实 / 责任单位 units *implement* under those leads, and an item naming only them has no lead
  (basis ``ResponsibleImplements``);
* it never names a 牵头 unit: then its sole responsible units *are* the leads (``ResponsibleLeads``).

Every duty records which rule gave its role (``zwgk:roleBasis`` in the graph): ``RoleWord`` (the
assignment's own 牵头 / 配合 / 监督 …), ``FieldLabel`` (``牵头单位：``), ``ColumnHeader`` (a name with no role
word under 牵头单位 / 配合单位 …), or one of the two above.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..agencies import looks_like_name
from ..records import Assignment
from ..textnorm import fold
from . import assignments as grammar
from .normalise import view

_ALIAS = re.compile(r"[（(]\s*以下(?:简称|统称|称)\s*[“\"「『]?(?P<alias>[^”\"」』()（）]{2,16}?)[”\"」』]?\s*[)）]")


def uses_lead(found: Iterable[Assignment]) -> bool:
    """True when any assignment of the document names a lead: by a role word or field label, or by
    standing under a 牵头 column."""
    for a in found:
        if a.default == "Lead":
            return True
        if grammar.names_lead(a.text):
            return True
    return False


def aliases(lines: Iterable[str]) -> dict[str, str]:
    """Short names a document defines for one body: ``国务院办公厅政府信息与政务公开办公室（以下简称国办公开办）``
    → {国办公开办: 国务院办公厅政府信息与政务公开办公室} (folded).  A definition naming a list (``各市、县人民政府
    （以下统称各地）``) defines a collective, which its short name already reads as."""
    out: dict[str, str] = {}
    for line in lines:
        line = view(line)                 # （以下簡稱…） and full-width brackets read alike
        for m in _ALIAS.finditer(line):
            before = re.split(r"[、，,；;。：:\s《》“”\"]", line[:m.start()])[-1]
            if looks_like_name(before):
                out.setdefault(fold(m.group("alias")), fold(before))
    return out


def decide(found: list[Assignment], defined: dict[str, str] | None = None) -> bool:
    """Read every assignment's duties with the document's convention (and the short names it defines);
    return whether it uses 牵头."""
    lead = uses_lead(found)
    for a in found:
        a.duties = grammar.read(a.text, a.default or "responsible", a.cue or "prose", lead)
        for d in a.duties:
            if defined and fold(d.name) in defined:
                d.name = defined[fold(d.name)]      # the written form stays the short name as printed
    return lead
