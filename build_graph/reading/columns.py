"""The header vocabulary of plan tables: what each column holds, and the role of its agencies.

A header cell is recognised by its folded words (spaces, traditional script and a trailing
parenthetical such as ``贯彻举措(市上统一要求)`` ignored).  Kinds:

``number``    序号
``theme``     the task a block of rows belongs to (工作任务, 工作事项 …) when a text column follows
``text``      the requirement itself (具体要求, 细化分工, 贯彻举措, 任务 …); a second text column is ``detail``
``agency``    units: its ``default`` role says what a name with no role word does there —
              ``Lead`` under 牵头单位 / 牵头落实单位 / 市级牵头单位 / 牵头及责任单位, ``Cooperate`` under
              配合单位, ``Supervise`` under 督办单位, ``responsible`` under 责任单位 / 落实单位 / 责任处室
              (lead or implement by the document's usage: :mod:`build_graph.reading.usage`)
              and ``responsible`` under a column of whole assignments (责任分工: X牵头，Y配合)
``time``      完成时限, 时限要求 … (a deadline or frequency as written)
``person``    责任领导, 责任人 … (a person, never an agency: read as nothing)
``note``      备注, 成果形式 … — and one short header word the vocabulary does not know, in a row that is a
              header by every other cell (nothing is read from it)

A header row must name who or when (an agency or a time column): 主要任务 / 工作要求 alone are headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalise import key as fold_key, sub_printed, tidy

NUMBER_WORDS = {"序号", "编号"}
THEME_WORDS = {"工作任务", "重点任务", "工作事项", "任务类别", "工作类别", "类别", "主要任务", "任务名称", "重点工作任务",
               "重点领域", "工作项目", "项目", "重点工作"}
TEXT_WORDS = {"具体要求", "细化分工", "贯彻举措", "具体任务", "工作任务及要求", "任务", "工作内容", "主要内容", "具体措施",
              "工作措施", "工作要求", "任务内容", "具体内容", "重点任务及要求", "具体工作", "工作目标", "任务要求",
              "具体工作任务", "主要工作", "工作举措", "重点工作内容", "具体事项", "落实举措", "工作重点", "具体举措", "主要举措",
              "举措", "措施", "推进措施", "主要措施", "实施举措", "细化措施", "任务举措", "具体工作措施", "工作内容及要求"}
TIME_WORDS = {"完成时限", "时限", "时限要求", "完成时间", "时间要求", "时间节点", "进度安排", "完成期限", "时间安排", "办结时限",
              "时间进度"}
#: a column of whole assignments (X牵头，Y配合): agencies whose role words say their roles
ASSIGNMENT_WORDS = {"责任分工", "分工", "任务分工", "职责分工", "责任主体", "牵头及配合单位", "牵头和配合单位", "责任单位及分工",
                    "牵头单位及配合单位", "分工安排"}
NOTE_WORDS = {"备注", "说明", "成果形式", "工作成果", "预期成果", "完成标准", "工作标准", "公开方式", "公开渠道", "考核方式",
              "评价标准", "完成情况", "进展情况"}
_AGENCY = re.compile(r"^(市级|省级|县级|区级|委内|局内|内部)?(牵头|责任|落实|实施|承办|配合|协办|协助|协同|参与|督办|监督|主办|主责)"
                     r".{0,6}(单位|部门|处室|科室|机构|主体)$")
_PERSON = re.compile(r"^(牵头|责任|分管|主管|联系)?(市|县|区|省)?(领导|负责人|责任人|联系人)$")
_CLOSING_PIPES = re.compile(r"[\s|]*\|[\s|]*$")
_TRAILING_NOTE = re.compile(r"[(\[][^()\[\]]{1,20}[)\]]$")


@dataclass(frozen=True)
class Column:
    """One column of a table: its kind, the header as printed, and its agencies' default role."""

    kind: str                 # number | theme | text | detail | agency | time | note
    header: str               # as printed, trimmed
    default: str = ""         # agency columns: Lead | Cooperate | Supervise | responsible


def header_word(cell: str) -> str | None:
    """Classify a header cell by its words: number, theme, text, agency, time, note; None if it is none."""
    k = fold_key(cell).rstrip("|")
    k = _TRAILING_NOTE.sub("", k)
    if not k:
        return None
    if k in NUMBER_WORDS:
        return "number"
    if _PERSON.match(k):
        return "person"
    if (_AGENCY.match(k) or k in ASSIGNMENT_WORDS) and not k.endswith(("时限", "时间")):
        return "agency"
    if k in THEME_WORDS:
        return "theme"
    if k in TEXT_WORDS:
        return "text"
    if k in TIME_WORDS:
        return "time"
    if k in NOTE_WORDS:
        return "note"
    return None


def _short_header(cell: str) -> bool:
    k = fold_key(cell)
    return 2 <= len(k) <= 8 and re.fullmatch(r"[\u4e00-\u9fff]+", k) is not None


def agency_default(header: str) -> str:
    """The role of a name with no role word under this agency column (the grammar's role words decide)."""
    from .assignments import role_of_label

    return role_of_label(fold_key(header)) or "responsible"


def columns(cells: list[str]) -> list[Column] | None:
    """Read a header row into columns; None unless it is one (every cell a header word, a text or
    theme column and at least two columns)."""
    kinds = [header_word(c) if fold_key(c) else "" for c in cells]
    named = [k for k in kinds if k]
    unknown = [c for c, k in zip(cells, kinds) if k is None]
    if len(unknown) == 1 and len(named) >= 3 and "agency" in named and _short_header(unknown[0]):
        # one header word the vocabulary does not know (预期效果, 公开形式) in a row that is a header by
        # every other cell: a column nothing is read from
        kinds = ["note" if k is None else k for k in kinds]
        named = [k for k in kinds if k]
    if len(named) < 2 or any(k is None for k in kinds):
        return None
    if not any(k in ("theme", "text") for k in named) or not any(k in ("agency", "time") for k in named):
        return None                       # a table says who or when; 主要任务 / 工作要求 alone are headings
    has_text = "text" in named
    out: list[Column] = []
    seen_text = False
    for c, k in zip(cells, kinds):
        if not k:
            out.append(Column("note", c.strip()))       # an empty header cell: nothing is read from it
            continue
        header = tidy(sub_printed(_CLOSING_PIPES, c))      # as printed, less a closing | (or ｜)
        if k == "theme" and not has_text:
            k = "text"                                   # 工作任务 alone is the requirement column
        if k == "text":
            k = "detail" if seen_text else "text"
            seen_text = True
        out.append(Column(k, header, agency_default(header) if k == "agency" else ""))
    if not any(c.kind == "text" for c in out):
        return None
    return out
