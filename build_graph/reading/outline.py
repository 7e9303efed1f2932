"""Outlines in prose: headings and items at any depth, each item closed by its assignment.

Markers 第一部分 / Ⅰ、 / 一、 / 第一条 / (一) / 1. / 1.1 / (1) / 1） / ① / 一是 nest by kind (a marker nests
under every open marker of a smaller kind), bullets ● are unnumbered items.  A marker paragraph is

* a *heading* when it holds only a title (``(一)推进决策公开``), or a title sentence followed by text
  (``(一)加强预期引导。围绕…`` — the title becomes the theme, the rest its requirement);
* a *numbered item* when its first sentence is no title (it runs on with ``，``: ``1.及时发布…，并…。``),
  when it holds one sentence closed by its assignment (``5.严格执行…程序。(责任单位：…)``), when its title is
  followed only by its assignment lines and then a sibling or the end, or when a sibling of its kind is one
  anywhere in the document and it heads nothing (a plan numbers its items one way, and numbering may run
  on across sections).

Every other paragraph is an item of the open heading.  An item's assignment is the parenthesis that
closes it, or each parenthesis that closes one of its sentence groups (``…。(X牵头)…。(Y牵头)`` are two
items); a closing sentence ``此项工作由X负责，Y配合`` states one too.  An item with none is addressed to
whoever its sentences name (``各级政府要…``, evidence InText) — but only in a document that assigns
its items elsewhere; in one that never does, subjects are part of the policy text, and the item is
addressed to no one.  The last item of a document that stops inside it (no sentence end, or an
assignment bracket left open) is cut off: residue, not a requirement.

An assignment on lines of its own — a bracket, field lines (``牵头单位：X`` / ``配合单位：Y``), a line naming
units and their role words, a ``完成时限：`` line (the item's schedule) — closes the item above it, never
across a heading; printed under a heading before its items, it is the heading's, carried by the items
that name no unit (or no lead where it names one).  After an attachment marker (``附件：…``) that follows
the plan's items, an attachment naming no plan (a contact list, a scoring sheet) is residue, and a plan
attached after a notice's own items is read afresh, its title block residue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..agencies import looks_like_name
from ..records import Assignment, OpenQuestion, ParsedPlan, RequirementRec, Residue, ThemeRec
from ..textnorm import clean, fold
from . import assignments as grammar
from .boilerplate import reason as boilerplate
from .normalise import ends_sentence, tidy, view
from .numbering import BULLET, ENUMERATION, Marker, marker
from .paragraphs import Paragraph, paragraphs, split_run_on
from .title_block import PLAN_WORDS

NAME = "prose"

# a sentence opening with its subject: 各级政府要…, 各市政府要…, 省政府各部门应…
RE_SUBJECT = re.compile(r"(?:^|(?<=[。；;，,]))\s*(?P<who>[^，,。；;：:]{2,16}?)(?:(?<![主重需必只])要|应当|应|须|负责(?!同志|人))")
#: an attachment marker: 附件：… / 附件1 / 附件下载：… / 相关附件：
ATTACHMENT = re.compile(r"^(?:相关)?附件(?:下载|列表)?\s*([:：\d一二三]|$)")
_TITLE_END = re.compile(r"。|\.(?!\d)")
_NOT_TITLE = re.compile(r"[,，;；:：]")


def _groups(key: str) -> list[tuple[int, int]]:
    """Top-level round-bracket groups of a text: (start, end) including the brackets."""
    out, depth, start = [], 0, None
    for i, ch in enumerate(key):
        if ch in "(（":
            if depth == 0:
                start = i
            depth += 1
        elif ch in ")）" and depth:
            depth -= 1
            if depth == 0 and start is not None:
                out.append((start, i + 1))
    return out


def _unclosed(key: str) -> bool:
    depth = 0
    for ch in key:
        if ch in "(（〔[【":
            depth += 1
        elif ch in ")）〕]】":
            depth = max(0, depth - 1)
    return depth > 0


def _only_tail(key: str, at: int) -> bool:
    """Nothing but a full stop and spaces after ``at``."""
    return not re.sub(r"[\s。.;；\u200b]", "", key[at:])


def _name_bracket_at_end(text: str) -> bool:
    """The text ends in a bracket that belongs to the name before it (…政府办公厅(室): one or two characters, no
    role word, no time) after no sentence end: it stops mid-sentence all the same — unlike an assignment, a
    time limit or a note closing a sentence."""
    v = view(text).rstrip(" \t\u3000\u200b")
    groups = _groups(v)
    if not groups or groups[-1][1] != len(v):
        return False
    ga, gb = groups[-1]
    inner = text[ga + 1:gb - 1]
    return not ends_sentence(text[:ga]) and 0 < len(fold(inner)) <= 2 and not grammar.is_time_clause(inner) \
        and not grammar.looks_like_assignment(inner, words_only=True)


@dataclass
class _Segment:
    """One sentence group of an item: [a, b) of its paragraph, and the assignment bracket closing it."""

    a: int
    b: int
    closing: tuple[int, int] | None


def _segments(p: Paragraph, a: int, b: int) -> list[_Segment]:
    """Split [a, b) of a paragraph at the assignments that close its sentence groups."""
    key = p.key
    out, start = [], a
    for ga, gb in _groups(key[a:b]):
        ga, gb = ga + a, gb + a
        inner = p.text[ga + 1:gb - 1]
        if _only_tail(key[:b], gb):
            if grammar.looks_like_assignment(inner):
                out.append(_Segment(start, b, (ga, gb)))
                start = b
            break
        if grammar.looks_like_assignment(inner, words_only=True) and re.search(r"[\u4e00-\u9fff]", key[gb:b]):
            out.append(_Segment(start, gb, (ga, gb)))
            start = gb
    if start < b and re.sub(r"[\s。.\u200b]", "", key[start:b]):
        out.append(_Segment(start, b, None))
    return out


def _sentence_assignment(text: str) -> tuple[int, str] | None:
    """A closing sentence stating the assignment (此项工作由X负责，Y配合): (where it starts, its text as printed);
    sentences and words are found in the text's view."""
    v = view(text)
    sentences = [m for m in re.finditer(r"[^。；;]+[。；;]?", v)]
    if not sentences:
        return None
    last = sentences[-1]
    end = last.start() + len(last.group(0).rstrip("。；; "))
    body, body_v = text[last.start():end], v[last.start():end]
    if not grammar.looks_like_assignment(body, body_v, words_only=True):
        return None
    # 此项工作由X负责，Y配合 — or, closing an item of several sentences, one that only assigns (X负责，Y配合。),
    # with no verb of its own (各地要加强…监督 is a sentence of the policy)
    if grammar.SENTENCE_HEAD.match(fold(body_v)) or (len(sentences) > 1 and len(fold(body_v)) <= 60
                                                    and not re.search(r"要|应|须|将|把|对|加强|确保", body_v)):
        return last.start(), body
    return None


def _in_text_subjects(text: str, key: str) -> list[str]:
    """Agencies named as the subject of a sentence (各级政府要…), in order, as printed (found in ``key``, the
    text's view)."""
    out, seen = [], set()
    for m in RE_SUBJECT.finditer(key):
        who = clean(m.group("who"))
        parts = [p for p in re.split(r"[、及和]", who) if p]
        if re.search(r"(同志|负责人|领导|人员|干部|群众|公众)$", fold(who)):
            continue                      # 各单位主要负责同志要…: people, not a body
        if parts and all(looks_like_name(p) for p in parts) and fold(who) not in seen:
            seen.add(fold(who))
            out.append(tidy(text[m.start("who"):m.end("who")]))
    return out


def _split_title(key: str, a: int) -> tuple[int, int] | None:
    """(end of the title, start of the rest) at the first sentence end after ``a``; None if there is none."""
    m = _TITLE_END.search(key, a)
    if not m:
        return None
    return m.start(), m.end()


def _title_like(text: str) -> bool:
    """A heading's title: short, and no clause of a sentence (no ，；：)."""
    return 0 < len(fold(text)) <= 40 and not _NOT_TITLE.search(view(text))


def assignment_only(p: Paragraph) -> tuple[str, str] | None:
    """A paragraph that holds nothing but an assignment: ``("parenthesis", inner)`` for ``（X牵头）``,
    ``("field", text)`` for ``牵头单位：X``, ``("time", text)`` for ``完成时限：…``; None otherwise."""
    k = p.key.strip()
    if not k:
        return None
    groups = _groups(k)
    if len(groups) == 1 and groups[0] == (0, len(k)):
        inner = tidy(p.text)[1:-1]
        return ("parenthesis", inner) if grammar.looks_like_assignment(inner) else None
    text = tidy(p.text)
    if grammar.starts_with_label(text) and grammar.looks_like_assignment(text, words_only=True):
        return "field", text
    body = view(text).rstrip("。；; ")
    if marker(p.key) is None and len(fold(body)) <= 80 and "。" not in body \
            and not re.search(r"[（(][^）)]*[:：]", body) and grammar.looks_like_assignment(body, words_only=True):
        return "field", text                    # 市政府办公厅督促指导；责任单位：…: an assignment line of its own
    if grammar.starts_with_label(text, time=True) and grammar.time_fields(text):
        return "time", text
    return None


def start_of_body(paras: list[Paragraph]) -> int | None:
    """Index of the first paragraph of the outline: a marker, or a paragraph closed by an assignment."""
    for i, p in enumerate(paras):
        if ATTACHMENT.match(fold(p.text)) or boilerplate(p.text):
            continue
        m = marker(p.key)
        if m is not None and fold(p.key[m.end:]):
            return i
        segs = _segments(p, 0, len(p.key))
        if segs and segs[0].closing is not None:
            return i
    return None


def read(rows: list[tuple[int, str, str]]) -> ParsedPlan | None:
    """Read the outline of a document's non-blank lines (number, printed, view); None if there is none."""
    paras = split_run_on(paragraphs(rows))
    start = start_of_body(paras)
    if start is None:
        return None
    body = paras[start:]
    plan = ParsedPlan(layout=NAME, column_header=None, default_role="Implement", body_start=body[0].line)
    for p in body:
        plan.body_lines.update(p.lines)
    _Reader(plan, body).run()
    return plan


class _Reader:
    """The state of one outline read: the open headings and the items so far."""

    def __init__(self, plan: ParsedPlan, paras: list[Paragraph]):
        self.plan = plan
        self.paras = paras
        self.stack: list[ThemeRec] = []
        self.kinds: list[int] = []
        self.counters: dict[tuple, int] = {}
        self.subjects: list[tuple[RequirementRec, list[str], int]] = []   # in-text candidates
        self.implicit: ThemeRec | None = None
        self.after_item = False                   # the last paragraph read closed an item
        self.appendix = False                     # past an attachment marker that follows the plan's items
        self.blocks: dict[tuple, list] = {}         # heading path → the assignment lines printed under it
        self.attached_head = False                # just past an attachment marker naming a plan

    # -- themes ------------------------------------------------------------
    def open_theme(self, m: Marker, label: str, line: int) -> None:
        depth = len([k for k in self.kinds if k < m.kind])
        self.stack, self.kinds = self.stack[:depth], self.kinds[:depth] + [m.kind]
        parent = self.stack[-1].path if self.stack else ()
        self.counters[parent] = self.counters.get(parent, 0) + 1
        t = ThemeRec(path=parent + (self.counters[parent],), ordinal=m.ordinal, number=m.number,
                     label=label, line=line)
        self.plan.themes.append(t)
        self.stack.append(t)
        self.after_item = False

    def close_to(self, kind: int) -> None:
        depth = len([k for k in self.kinds if k < kind])
        self.stack, self.kinds = self.stack[:depth], self.kinds[:depth]

    def theme(self, line: int) -> tuple[int, ...]:
        if self.stack:
            return self.stack[-1].path
        if self.implicit is None:
            # items before any heading (a bulleted page, an excerpt): a theme whose heading is not in the text
            self.counters[()] = self.counters.get((), 0) + 1
            self.implicit = ThemeRec(path=(self.counters[()],), ordinal=None, number=None, label=None, line=None,
                                     reconstructed=True)
            self.plan.themes.append(self.implicit)
            self.plan.open_questions.append(OpenQuestion(
                "items-before-any-theme", line, "items printed before any heading: their theme's heading is not in the text"))
        self.stack, self.kinds = [self.implicit], [0]
        return self.implicit.path

    # -- items -------------------------------------------------------------
    def item(self, p: Paragraph, a: int, m: Marker | None, last: bool) -> None:
        """Requirements from [a, end) of a paragraph: one per sentence group closed by an assignment."""
        segs = _segments(p, a, len(p.key))
        self.after_item = False
        for n, seg in enumerate(segs):
            final = last and n == len(segs) - 1
            text = tidy(p.text[seg.a:seg.b])
            if not text:
                continue
            if final and n and seg.closing is None and boilerplate(text):
                # the page's footer run into the last item's line (…负责落实） 【打印】 主办：…): furniture
                self.plan.residue.extend(Residue(no, boilerplate(text), _line_text(p, no))
                                         for no in p.lines_in(seg.a, seg.b) if no not in p.lines_in(0, seg.a))
                continue
            if final and (_unclosed(p.key[seg.a:seg.b]) or not ends_sentence(p.text[seg.a:seg.b])
                          or _name_bracket_at_end(p.text[seg.a:seg.b])):
                self.cut(p, seg.a, seg.b)
                continue
            rec = RequirementRec(theme=self.theme(p.line), ordinal=m.ordinal if m and n == 0 else None,
                                 number=m.number if m and n == 0 else None, text=text,
                                 line=p.line_of[seg.a] if seg.a < len(p.line_of) else p.line)
            lines = p.lines_in(seg.a, seg.b)
            if len(lines) > 1:
                rec.lines = lines
            if seg.closing is not None:
                ga, gb = seg.closing
                rec.assignments.append(Assignment(text=tidy(p.text[ga + 1:gb - 1]), lines=p.lines_in(ga, gb),
                                                  evidence="Explicit", form="parenthesis", default="responsible",
                                                  cue="prose"))
            else:
                sentence = _sentence_assignment(p.text[seg.a:seg.b])
                if sentence is not None:
                    at, body = sentence
                    rec.assignments.append(Assignment(text=tidy(body), lines=p.lines_in(seg.a + at, seg.b),
                                                      evidence="InText", form="sentence", default="responsible",
                                                      cue="prose"))
                else:
                    self.subjects.append((rec, _in_text_subjects(p.text[seg.a:seg.b], p.key[seg.a:seg.b]), p.line))
            self.plan.requirements.append(rec)
            self.after_item = True

    def cut(self, p: Paragraph, a: int, b: int) -> None:
        lines = p.lines_in(a, b)
        for no in lines:
            self.plan.residue.append(Residue(no, "the document ends inside this item: its text or its assignment "
                                             "is cut off, so it is not read as a requirement",
                                             _line_text(p, no)))
        self.plan.open_questions.append(OpenQuestion(
            "document-cut-off", lines[0], "the text stops inside an item (truncated publication or excerpt)"))

    def attach(self, p: Paragraph) -> bool:
        """A paragraph that is only an assignment closes the item before it (never across a heading): a
        parenthesis a PDF put on its own line, labelled fields printed under the item (``牵头单位：X`` /
        ``责任单位：Y``, one or more lines), or a time field (``完成时限：…``, the item's schedule)."""
        found = assignment_only(p)
        if found is None or not self.plan.requirements or not self.after_item:
            return False
        form, inner = found
        rec = self.plan.requirements[-1]
        if form == "time":
            rec.schedule.extend(grammar.time_fields(inner))
            self.plan.content_lines.update(p.lines)
            return True
        if rec.assignments and not (form == "field" and rec.assignments[-1].form == "field"):
            return False
        rec.schedule.extend(grammar.time_fields(inner) if form == "field" else [])
        if rec.assignments:                      # a further field line of the same assignment
            a = rec.assignments[-1]
            a.text, a.lines = a.text + " " + inner, sorted(set(a.lines) | set(p.lines))
            return True
        rec.assignments.append(Assignment(text=tidy(inner), lines=p.lines, evidence="Explicit", form=form,
                                          default="responsible", cue="prose"))
        self.subjects = [s for s in self.subjects if s[0] is not rec]
        rec.addressed_to_no_one = False
        if form == "parenthesis":
            rec.text = rec.text + p.text.strip()
        return True

    # -- the walk ------------------------------------------------------------
    def run(self) -> None:
        plan = self.plan
        decisions = self.decide()
        # the last paragraph of text: page furniture after it (a page number, a footer) does not end the text
        end = max((i for i, p in enumerate(self.paras) if fold(p.text) and not (p.furniture or boilerplate(p.text))),
                  default=len(self.paras) - 1)
        for i, p in enumerate(self.paras):
            last = i == end
            s = fold(p.text)
            if not s:
                plan.residue.append(Residue(p.line, "HTML markup left by the extraction, no text", ""))
                continue
            if ATTACHMENT.match(s):
                plan.residue.append(Residue(p.line, "attachment reference (the attachment is not part of this text)",
                                            clean(p.text)))
                title = ATTACHMENT.sub("", s) or (fold(self.paras[i + 1].text) if i + 1 < len(self.paras) else "")
                # an attachment after the plan's items that is no plan (a contact list, a scoring sheet)
                self.appendix = bool(plan.requirements) and not PLAN_WORDS.search(title)
                self.attached_head = not self.appendix
                if self.attached_head and plan.requirements:
                    # a plan attached after the notice's own items: its outline starts afresh
                    self.stack, self.kinds, self.implicit, self.after_item = [], [], None, False
                continue
            if self.attached_head and marker(p.key) is None and not ends_sentence(p.text) and len(fold(p.text)) <= 40:
                # the attached plan's own title block: the notice's signature and date, the plan's title
                plan.residue.extend(Residue(no, "title block of the attached plan (signature, date, its title)",
                                            _line_text(p, no)) for no in p.lines)
                continue
            self.attached_head = False
            if self.appendix:
                # after the plan's items, an attachment (a contact list, a form): its lines are no requirements
                plan.residue.extend(Residue(no, "a line of an attachment printed after the plan's items",
                                            _line_text(p, no)) for no in p.lines)
                continue
            why = p.furniture or boilerplate(p.text)
            if why:
                plan.residue.extend(Residue(no, why, _line_text(p, no)) for no in p.lines)
                continue
            if self.attach(p):
                continue
            found = assignment_only(p) if not self.after_item and self.stack else None
            if found is not None:
                # under a heading, before its items: the heading's assignment, which its items that name
                # none carry (a block of items sharing it)
                path = self.stack[-1].path
                block = self.blocks.setdefault(path, [])
                block.append((found, p))
                continue
            m = marker(p.key)
            if m is None:
                self.item(p, 0, None, last)
                continue
            if m.kind == BULLET:
                self.item(p, m.end, None, last)
                continue
            kind, cut = decisions[i]
            if kind == "item":
                self.close_to(m.kind)
                self.item(p, m.end, m, last)
                continue
            title_end = cut[0] if cut else len(p.key)
            label = tidy(p.text[m.end:title_end])
            self.open_theme(m, label, p.line)
            plan.content_lines.update(p.lines_in(0, cut[1] if cut else len(p.key)))
            if cut and re.sub(r"[\s\u200b]", "", p.key[cut[1]:]):
                self.item(p, cut[1], None, last)
        self.shared()
        self.in_text()

    def decide(self) -> dict[int, tuple[str, tuple[int, int] | None]]:
        """Heading or numbered item, for every marker paragraph (see the module docstring)."""
        out: dict[int, tuple[str, tuple[int, int] | None]] = {}
        runon: set[int] = set()
        for i, p in enumerate(self.paras):
            m = marker(p.key)
            if m is None or m.kind == BULLET:
                continue
            key = p.key
            segs = _segments(p, m.end, len(key))
            cut = _split_title(key, m.end)
            rest = cut is not None and bool(re.sub(r"[\s\u200b]", "", key[cut[1]:]))
            closing = segs[0].closing if len(segs) == 1 else None
            if m.kind == ENUMERATION:
                out[i] = ("item", None)
            elif closing is not None and (cut is None or cut[0] >= closing[0]
                                          or not re.sub(r"[\s。.\u200b]", "", key[cut[1]:closing[0]])):
                out[i] = ("item", None)          # one sentence closed by its assignment
            elif not rest:
                title = p.text[m.end:cut[0]] if cut else p.text[m.end:]
                heading = _title_like(title) or (not ends_sentence(p.text) and len(fold(title)) <= 60)
                out[i] = ("heading", cut) if heading else ("item", None)
                if not heading:
                    runon.add(i)
            elif _title_like(p.text[m.end:cut[0]]):
                out[i] = ("heading", cut)
            else:
                out[i] = ("item", None)
                runon.add(i)
        # a plan numbers its items one way: where one paragraph of a kind runs on as an item, that kind numbers
        # items, so its paragraphs with a body are items too, and so is one that stops without a sentence end
        # and heads nothing (an item cut off where the text stops)
        items_kinds = {marker(self.paras[i].key).kind for i in runon}
        for i, (kind, cut) in list(out.items()):
            p = self.paras[i]
            if kind != "heading" or marker(p.key).kind not in items_kinds:
                continue
            has_body = cut is not None and re.sub(r"[\s\u200b]", "", p.key[cut[1]:])
            heads_nothing = i + 1 >= len(self.paras) or marker(self.paras[i + 1].key) is not None
            if has_body or (not ends_sentence(p.text) and heads_nothing and i == len(self.paras) - 1):
                out[i] = ("item", None)
        # a title of a kind that numbers items elsewhere, heading nothing (a sibling or a higher heading
        # follows it, or the text ends): an item with no assignment, not an empty section
        item_kinds = {marker(self.paras[i].key).kind for i, (kind, _) in out.items() if kind == "item"}
        for i, (kind, cut) in list(out.items()):
            k = marker(self.paras[i].key).kind
            if kind != "heading" or k not in item_kinds \
                    or cut is not None and re.sub(r"[\s\u200b]", "", self.paras[i].key[cut[1]:]):
                continue
            nxt = marker(self.paras[i + 1].key) if i + 1 < len(self.paras) else None
            if i + 1 == len(self.paras) or (nxt is not None and nxt.kind != BULLET and nxt.kind <= k):
                out[i] = ("item", None)
        # a title followed by nothing but an assignment (its own bracket line, field lines) is an item,
        # unless a numbered list opens under it after that assignment (then the assignment heads its items)
        for i, (kind, cut) in list(out.items()):
            if kind != "heading" or cut is not None and re.sub(r"[\s\u200b]", "", self.paras[i].key[cut[1]:]):
                continue
            j = i + 1
            while j < len(self.paras) and assignment_only(self.paras[j]) is not None:
                j += 1
            if j == i + 1 or assignment_only(self.paras[i + 1])[0] == "time":
                continue
            nxt = marker(self.paras[j].key) if j < len(self.paras) else None
            own = marker(self.paras[i].key).kind
            if j == len(self.paras) or (nxt is not None and nxt.kind != BULLET and nxt.kind <= own):
                out[i] = ("item", None)        # heads nothing: its assignment is its own
            # else: a body paragraph or a list of deeper items follows — they carry the heading's assignment
        return out

    def shared(self) -> None:
        """Items under a heading whose assignment is printed below it, naming none of their own, carry it
        (evidence SharedBlock; Explicit where the heading holds one item); unused, its lines are residue."""
        for path, block in self.blocks.items():
            under = [r for r in self.plan.requirements if r.theme[:len(path)] == path]
            fields = [(f, p) for f, p in block if f[0] != "time"]
            leads = any(grammar.names_lead(f[1]) for f, _ in fields)
            # items naming no one, and — where the heading names the lead — items naming only whom else
            takers = [r for r in under if not r.assignments
                      or leads and not any(grammar.names_lead(a.text) for a in r.assignments)]
            if not takers or not fields:
                for _, p in block:
                    self.plan.residue.extend(Residue(no, "an assignment printed under a heading that no item "
                                                     "under it can carry", _line_text(p, no)) for no in p.lines)
                continue
            text = " ".join(f[1] for f, _ in fields)
            lines = sorted({no for _, p in fields for no in p.lines})
            form = fields[0][0][0]
            for rec in takers:
                rec.assignments.append(Assignment(text=tidy(text), lines=lines,
                                                  evidence="Explicit" if len(under) == 1 else "SharedBlock",
                                                  form=form, default="responsible", cue="prose"))
                rec.addressed_to_no_one = False
                for f, _ in block:
                    if f[0] == "time":
                        rec.schedule.extend(grammar.time_fields(f[1]))
            self.subjects = [x for x in self.subjects if x[0] not in takers]
            for f, p in block:
                if f[0] == "time":
                    self.plan.content_lines.update(p.lines)

    def in_text(self) -> None:
        """Items with no assignment: addressed to their sentences' subjects where the document assigns items."""
        assigns = any(r.assignments for r in self.plan.requirements)
        for rec, who, line in self.subjects:
            if who and assigns:
                rec.assignments.append(Assignment(text="、".join(who), lines=[line], evidence="InText", form="subject",
                                                  default="responsible", cue="prose"))
            else:
                rec.addressed_to_no_one = True


def _line_text(p: Paragraph, no: int) -> str:
    return clean("".join(ch for ch, n in zip(p.text, p.line_of) if n == no))
