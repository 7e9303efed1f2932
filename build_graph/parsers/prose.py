"""Layout ``prose``: a plan written as paragraphs under nested headings.

Headings ``一、`` / ``(一)`` / ``1.`` nest three deep.  A heading paragraph may carry
text after its title sentence (``1.公开预期引导信息。围绕…``): the title becomes the
theme, the rest a requirement.  Every other paragraph is a requirement, usually
closed by a parenthetical assignment ``(省财政厅牵头，各市政府配合)``.  A paragraph
without one is addressed to whoever its sentences name (``各级政府要…`` → InText),
or to no one.  Lines before the first ``一、`` heading are the title block; an
attachment line (``附件：…``) is residue.
"""

from __future__ import annotations

import re

from ..agencies import looks_like_name
from ..assignments import ROLE_WORDS
from ..errors import UnknownLayout
from ..reader import Document
from ..records import Assignment, OpenQuestion, ParsedPlan, RequirementRec, Residue, ThemeRec
from ..textnorm import clean
from .common import RE_ITEM, RE_L1, RE_L2, cn_to_int

NAME = "prose"

# a closing parenthesis at the end of a paragraph, optionally followed by 。
# one level of brackets may nest inside: (省财政厅牵头，各市（州）政府配合)
RE_CLOSING = re.compile(r"[（(](?P<body>(?:[^（()）]|[（(][^（()）]{1,20}[)）]){2,200})[)）]\s*[。.]?\s*$")
RE_ROLE = re.compile(r"(牵头|配合|落实|负责|监管|协助)")
# a sentence opening with its subject: 各级政府要…, 各市政府要…, 省政府各部门应…
RE_SUBJECT = re.compile(r"(?:^|(?<=[。；;，,]))\s*(?P<who>[^，,。；;：:]{2,16}?)(?:要|应当|应|须|负责)")


def _closing_assignment(key: str) -> re.Match | None:
    m = RE_CLOSING.search(key)
    if not m:
        return None
    body = m.group("body")
    names = [t for t in re.split(r"[、，,；;\s]+", RE_ROLE.sub("", re.sub(r"[（(][^（()）]*[)）]", "", body))) if t]
    if RE_ROLE.search(body) or (names and all(looks_like_name(t) for t in names)):
        return m
    return None


def score(doc: Document) -> float:
    """How strongly the document looks like this layout (0..1)."""
    rows = list(doc.numbered())
    if not rows or sum(1 for _, _, k in rows if "\t" in k) > 2:
        return 0.0
    l1 = sum(1 for _, _, k in rows if RE_L1.match(k))
    l2 = sum(1 for _, _, k in rows if RE_L2.match(k))
    closing = sum(1 for _, _, k in rows if _closing_assignment(k))
    if l1 < 1 or closing < 3:
        return 0.0
    return min(1.0, 0.4 + closing / len(rows) + (0.1 if l2 else 0.0))


def _split_title(text: str, key: str) -> tuple[str, str, str, str]:
    """Split a heading paragraph into (title, key, rest, rest key) at its first sentence end."""
    m = re.search(r"。|\.(?!\d)", key)
    if not m:
        return clean(text), clean(key), "", ""
    head, rest = text[: m.start()], text[m.end():]
    return clean(head), clean(key[: m.start()]), clean(rest), clean(key[m.end():])


def _in_text_subjects(key: str) -> list[str]:
    """Agencies named as the subject of a sentence (各级政府要…), in order."""
    out = []
    for m in RE_SUBJECT.finditer(key):
        who = clean(m.group("who"))
        parts = [p for p in re.split(r"[、及和]", who) if p]
        if parts and all(looks_like_name(p) for p in parts) and who not in out:
            out.append(who)
    return out


def parse(doc: Document) -> ParsedPlan:
    """Read headings and paragraphs into themes, requirements and residue."""
    rows = list(doc.numbered())
    start = next((i for i, (_, _, k) in enumerate(rows) if RE_L1.match(k) and not _closing_assignment(k)), None)
    if start is None:
        raise UnknownLayout("no top-level heading (一、…) found", doc.path)
    themes: list[ThemeRec] = []
    reqs: list[RequirementRec] = []
    residue: list[Residue] = []
    questions: list[OpenQuestion] = []
    body_lines: set[int] = set()
    stack: list[ThemeRec] = []          # the open theme at each level
    kinds: list[int] = []               # the heading kind (1 一、, 2 (一), 3 1.) of each stack entry
    counters: dict[tuple, int] = {}

    def open_theme(kind: int, ordinal: str, number: int | None, label: str, line: int):
        nonlocal stack, kinds
        # nest under the nearest open heading of a higher kind: "1." under "一、" directly is level 2
        depth = len([k for k in kinds if k < kind])
        stack, kinds = stack[:depth], kinds[:depth] + [kind]
        parent = stack[-1].path if stack else ()
        counters[parent] = counters.get(parent, 0) + 1
        t = ThemeRec(path=parent + (counters[parent],), ordinal=ordinal, number=number, label=label, line=line)
        themes.append(t)
        stack.append(t)
        return t

    def add_requirement(text: str, key: str, line: int, ordinal=None, number=None):
        if not stack:
            questions.append(OpenQuestion("paragraph-outside-themes", line, "paragraph before any heading"))
            return
        m = _closing_assignment(key)
        rec = RequirementRec(theme=stack[-1].path, ordinal=ordinal, number=number, text=clean(text), line=line)
        if m:
            rec.assignment = Assignment(text=clean(text[m.start("body"):m.end("body")]), lines=[line],
                                        evidence="Explicit")
        else:
            who = _in_text_subjects(key)
            if who:
                rec.assignment = Assignment(text="、".join(who), lines=[line], evidence="InText")
            else:
                rec.addressed_to_no_one = True
        reqs.append(rec)

    for no, line, key in rows[start:]:
        body_lines.add(no)
        s = clean(key)
        if re.match(r"^附件\s*[:：\d一二三]", s):
            residue.append(Residue(no, "attachment reference (the attachment is not part of this text)", clean(line)))
            continue
        m1, m2, m3 = RE_L1.match(key), RE_L2.match(key), RE_ITEM.match(key)
        m = m1 or m2 or m3
        if m:
            level = 1 if m1 else 2 if m2 else 3
            text, k = line[m.end():], key[m.end():]
            number = int(m.group(1)) if m3 else cn_to_int(m.group(1))
            ordinal = clean(line[m.start(1):m.end(1)])
            if level == 2:
                ordinal = f"({ordinal})"
            title, tkey, rest, rkey = _split_title(text, k)
            closing = _closing_assignment(k)
            if closing and (not rest or not clean(rkey[: _closing_assignment(rkey).start()] if _closing_assignment(rkey) else rkey)):
                # "1.Some requirement.(X牵头)": a numbered requirement, not a heading; it closes
                # any open heading of its own kind or deeper
                depth = len([x for x in kinds if x < level])
                stack[:], kinds[:] = stack[:depth], kinds[:depth]
                add_requirement(text, k, no, ordinal, number)
                continue
            open_theme(level, ordinal, number, title, no)
            if rest:
                add_requirement(rest, rkey, no)
            continue
        add_requirement(line, key, no)
    return ParsedPlan(layout=NAME, column_header=None, default_role="Implement", body_start=rows[start][0],
                      themes=themes, requirements=reqs, residue=residue, open_questions=questions,
                      body_lines=body_lines)


__all__ = ["NAME", "parse", "score", "ROLE_WORDS"]
