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

from typing import Iterable

from ..records import Assignment
from . import assignments as grammar


def uses_lead(found: Iterable[Assignment]) -> bool:
    """True when any assignment of the document names a lead: by a role word or field label, or by
    standing under a 牵头 column."""
    for a in found:
        if a.default == "Lead":
            return True
        if grammar.names_lead(a.text):
            return True
    return False


def decide(found: list[Assignment]) -> bool:
    """Read every assignment's duties with the document's convention; return whether it uses 牵头."""
    lead = uses_lead(found)
    for a in found:
        a.duties = grammar.read(a.text, a.default or "responsible", a.cue or "prose", lead)
    return lead
