"""The role grammar: every way a plan states who does what, read into plain duties.

An *assignment* is a text that names agencies and, usually, their roles: a closing parenthesis
(``（省财政厅牵头，各市政府配合）``), a table cell (``X牵头，Y负责落实``, ``牵头处室：财务处``), labelled fields in
any order (``牵头单位：X；责任单位：Y``), a sentence (``此项工作由X负责，Y配合``).  One grammar reads them all:

* labelled fields (``牵头单位：`` ``责任单位：`` ``配合单位：`` …) split the text; a field's label gives the role
  of the names in it that carry no role word, and a time field (``责任时限：``) names no agency;
* ``；`` ``;`` ``。`` separate groups; inside a group ``，`` separates clauses; a clause ending in a role word
  gives that role to itself and to the clauses before it that have none
  (``各市政府，省发展改革委、省财政厅按职责分工分别牵头`` → all Lead);
* ``X会同Y`` (and ``X会Y`` between two units) — X leads, Y cooperates; ``由X负责`` — the 由 is not a name;
* names inside a clause are separated by ``、``, ``,``, spaces, and ``和`` / ``及`` / ``与`` where both sides
  are whole names (never inside 发展和改革委员会); a province or city prefix on the first name distributes
  over bare department names that follow (``省发展改革委、商务厅`` → 省商务厅);
* ``X(Y)`` / ``X〔Y〕`` names body X with the sub-unit Y (``省编办 (省审改办)``); brackets that belong to a name
  (``各县(市、区)政府``, ``各乡镇(街道)``) stay in it; ``X等`` drops the bare 等; ``X等有关部门`` /
  ``X等市有关单位`` names X and the collective of the others, both written as the whole phrase;
* level words alone share the body printed after them (``各区、县（市）政府``: 各区 names 各区政府), unless the
  levels are named together (``市、县两级政府``: one name);
* a name with no role word takes the default of where it stands (the column, the field, or prose); in a
  labelled field a clause without a role word takes the field's role (``责任单位：A、B，C督促指导``);
* a clause saying when (``2022年6月底前完成``) names no one; a task's opening verb (``加强…监管``) is no name.

Role words (:data:`ROLE_WORDS`): 牵头 / 主责 / 负总责 / 统筹 → Lead; 配合 / 协助 / 协办 / 参与 / 协同 →
Cooperate; 监管 / 监督 / 督办 / 督促 / 指导 / 督促指导 / 跟踪督办 → Supervise; 负责 / 落实 / 负责落实 /
按职责分工落实 / 实施 → *responsible*, which leads or implements by the document's own usage
(:mod:`build_graph.reading.usage`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..agencies import JUR_PREFIX, looks_like_name
from ..jurisdictions import find_at_start
from ..records import Duty
from ..textnorm import fold
from .normalise import FILLER, TASK_VERB, strip_pinyin, view

OPEN, CLOSE = "(（〔[【", ")）〕]】"
STRONG = set("；;。")
WEAK = set("，,")
_SPACE = set(" \t\u00a0\u3000" + FILLER)

#: the genre's role words, one table for every place a role is written: a clause's closing words, a field's
#: label, a column's header (columns.py asks :func:`role_of_label`)
ROLE_WORDS = {
    "Lead": ("牵头", "主责", "负总责", "统筹", "主抓", "总牵头", "主办"),
    "Cooperate": ("配合", "协助", "协办", "参与", "协同", "会同办理"),
    "Supervise": ("强化监管", "加强监管", "督促指导", "指导督促", "监督指导", "督查指导", "跟踪督办", "跟踪督查", "督查督办",
                  "监管", "监督", "督办", "督导", "督促", "督查", "指导"),
    "responsible": ("负责落实", "负责推进", "负责实施", "负责", "抓好落实", "落实", "组织实施", "实施", "执行", "承办", "责任"),
}
_DUTY = r"(?:按照?职责(?:分工)?|根据职责(?:分工)?|按职能)?"
_ALT = {role: "|".join(sorted(words, key=len, reverse=True)) for role, words in ROLE_WORDS.items()}
ROLE_CUES = [
    (re.compile(_DUTY + rf"(?:分别|共同|统筹|具体)?(?:{_ALT['Lead']})(?:负责落实|负责|落实|实施|办理)?$"), "Lead"),
    (re.compile(r"(?:均|都|分别)?(?:为|是)(?:牵头|主责)(?:单位|部门)$"), "Lead"),
    (re.compile(_DUTY + rf"(?:分别|积极|共同|协同)?(?:{_ALT['Cooperate']})(?:落实|实施|推进)?$"), "Cooperate"),
    (re.compile(r"(?:均|都|分别)?(?:为|是)(?:配合|协办|协同)(?:单位|部门)$"), "Cooperate"),
    (re.compile(_DUTY + rf"(?:分别|负责)?(?:{_ALT['Supervise']})(?:落实|推进|实施)?$"), "Supervise"),
    (re.compile(_DUTY + r"(?:分别|具体|共同|各自)?(?:负责落实|负责推进|负责实施|负责|抓好落实|落实|组织实施|实施|(?<!参照|遵照|贯彻)执行|"
                r"承办)$"), "responsible"),
    (re.compile(r"(?:均|都|分别)?(?:为|是)(?:责任|落实)(?:单位|部门|主体)$"), "responsible"),
]
_ROLE_STEM = "|".join(w for words in ROLE_WORDS.values() for w in words if len(w) <= 2)
_LABEL = re.compile(rf"(?P<label>(?:市级|省级|县级|区级)?(?:{_ROLE_STEM})(?:单位|部门|处室|科室)?|(?:完成|责任|办结)?时限|完成时间|"
                    r"时间要求|时间节点)[:：]")
_LABEL_AFTER = set(";；,，。(（")
_TIME = re.compile(r"\d{4}\s*年|\d{1,2}\s*月|年底|年内|月底|季度|半年|上旬|中旬|下旬|底前|以前|之前|每年|每月|每季|每周|长期|持续|全年|常年|"
                   r"完成$|到位$")


def role_of_label(label: str) -> str | None:
    """The role a field label or column header gives (牵头单位 → Lead, 配合单位 → Cooperate, 责任单位 →
    responsible); None for a time label or one naming no role."""
    k = fold(label)
    if re.search(r"时限|时间", k):
        return None
    for role in ("Lead", "Cooperate", "Supervise", "responsible"):
        if any(w in k for w in ROLE_WORDS[role] if len(w) <= 3):
            return role
    return None


def is_time_clause(text: str) -> bool:
    """A clause that says when, not who (2022年6月底前完成, 长期坚持): no agency in it."""
    k = fold(text)
    return bool(_TIME.search(k)) and not looks_like_name(k) and len(k) <= 30

#: the head of an assignment sentence: 此项工作由X负责，Y配合
SENTENCE_HEAD = re.compile(r"^(?:此项工作|该项工作|本项工作|上述工作|以上工作|此项任务|该项任务|本项任务|以上任务)?由")
_COLLECTIVE_TAIL = re.compile(r"等(?P<coll>(?:省|市|县|区)?(?:有关|相关|其他|其它|各|公共)?[^等]{0,14}?(?:部门|单位|机构|处室|科室))$")
_SUBUNIT_SUFFIX = ("处", "局", "厅", "室", "科", "办", "中心")


@dataclass
class Span:
    """A piece of the assignment text: [a, b) in both the printed text and its view."""

    a: int
    b: int


@dataclass
class RawDuty:
    """One name of an assignment before the document's usage decides a *responsible* role."""

    written: Span
    phrase: Span
    name: str                 # view text naming the body (a distributed prefix restored; 等… for a collective)
    role: str                 # Lead | Cooperate | Supervise | responsible
    basis: str                # RoleWord | FieldLabel | ColumnHeader
    cue: str                  # the words that gave the role, as printed
    unit: Span | None = None


def _compact(v: str, a: int, b: int) -> tuple[str, list[int]]:
    """The view between a and b without whitespace or filler, with each character's position."""
    chars, pos = [], []
    for i in range(a, b):
        if v[i] not in _SPACE:
            chars.append(v[i])
            pos.append(i)
    return "".join(chars), pos


def _trim(v: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (v[a] in _SPACE or v[a] in "、,，;；。"):
        a += 1
    while b > a and (v[b - 1] in _SPACE or v[b - 1] in "、,，;；。"):
        b -= 1
    return a, b


def _outside_brackets(v: str, a: int, b: int):
    """(position, character) of every character of [a, b) that stands outside brackets."""
    depth = 0
    for i in range(a, b):
        ch = v[i]
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            yield i, ch


def _split(v: str, a: int, b: int, seps: set[str]) -> list[tuple[int, int]]:
    """Split [a, b) of the view at separator characters outside brackets."""
    out, start = [], a
    for i, ch in _outside_brackets(v, a, b):
        if ch in seps:
            out.append((start, i))
            start = i + 1
    out.append((start, b))
    return [(x, y) for x, y in (_trim(v, x, y) for x, y in out) if y > x]


def _role_cue(v: str, a: int, b: int) -> tuple[str | None, int, int]:
    """(role, end of the names, start of the cue) for a clause ending in a role word; (None, b, b) otherwise."""
    c, pos = _compact(v, a, b)
    for rx, role in ROLE_CUES:
        m = rx.search(c)
        if m and m.start() > 0:
            cut = pos[m.start()]
            return role, cut, cut
    return None, b, b


def _name_tokens(v: str, a: int, b: int) -> list[tuple[int, int]]:
    """Names in a clause body: split at 、 and whitespace outside brackets, a bracket joining the name before it,
    then at 和 / 及 / 与 where both sides are whole names."""
    raw = _split(v, a, b, {"、"} | (_SPACE - {FILLER}))
    merged: list[tuple[int, int]] = []
    for x, y in raw:
        if merged and v[x] in OPEN:
            merged[-1] = (merged[-1][0], y)         # 省编办 (省审改办): the bracket belongs to the name before it
        else:
            merged.append((x, y))
    out: list[tuple[int, int]] = []
    for x, y in merged:
        out.extend(_split_conjunction(v, x, y))
    return out


def _split_conjunction(v: str, a: int, b: int) -> list[tuple[int, int]]:
    for i, ch in _outside_brackets(v, a, b):
        if ch in "和及与" and a < i < b - 1:
            left, right = v[a:i], v[i + 1:b]
            whole = len(fold(right)) >= 3 and not re.fullmatch(r"(有关|相关|其他|其它)?(部门|单位|机构)", fold(right))
            if looks_like_name(left) and whole and (looks_like_name(right) or _COLLECTIVE_TAIL.search(fold(right))
                                                    or looks_like_name(re.sub(r"等$", "", fold(right)))):
                return [(a, i)] + _split_conjunction(v, i + 1, b)
            if looks_like_name(left) and _LEVEL_ONLY.match(fold(right)) and v[b:b + 1] == "、":
                return [(a, i), (i + 1, b)]         # …政府和市、县两级融媒体中心: a level sharing the next body
    return [(a, b)]


def _jointly(v: str, a: int, b: int) -> int | None:
    """Where 会同 (or 会, between two units) splits a clause: X会同Y — X leads, Y cooperates."""
    c, pos = _compact(v, a, b)
    m = re.search(r"会同", c)
    if m and m.start() > 0:
        return pos[m.start()]
    for m in re.finditer(r"(?<=[处局厅室科办心])会(?!议|商|签|审|员|计|展|谈|同)", c):
        left, right = c[: m.start()], c[m.end():]
        if looks_like_name(left) and not left.endswith("委") and looks_like_name(right.split("、")[0]):
            return pos[m.start()]
    return None


def _parts(v: str, a: int, b: int) -> list[tuple[Span, Span, str, Span | None]]:
    """(written, phrase, name, unit) for each name of a clause body, prefixes distributed."""
    parts: list[tuple[Span, Span, str, Span | None]] = []
    for x, y in _name_tokens(v, a, b):
        phrase = Span(x, y)
        tok = v[x:y]
        k = fold(tok)
        m = _COLLECTIVE_TAIL.search(k)
        if m and m.start() > 0 and looks_like_name(k[: m.start()]):
            cut = x + _offset_of_folded(tok, m.start())
            bx, by = _trim(v, x, cut)
            parts.append((Span(bx, by), phrase, v[bx:by], None))
            cx, cy = _trim(v, cut, y)
            parts.append((Span(cx, cy), phrase, v[cx:cy], None))
            continue
        if k.endswith("等") and len(k) > 1:
            y2 = x + _offset_of_folded(tok, len(k) - 1)
            x, y = _trim(v, x, y2)
            tok = v[x:y]
        unit = None
        body = Span(x, y)
        um = re.match(r"^(?P<body>.+?)\s*[(（〔\[【](?P<unit>[^()（）〔〕\[\]【】]+)[)）〕\]】]$", tok)
        if um and len(fold(um.group("unit"))) >= 3 and looks_like_name(um.group("unit")) \
                and looks_like_name(um.group("body")):
            body = Span(x + um.start("body"), x + um.end("body"))
            unit = Span(x + um.start("unit"), x + um.end("unit"))
        parts.append((body, phrase, v[body.a:body.b], unit))
    parts = _share_levels(v, parts)
    # 省发展改革委、商务厅、市场监管局: only the first name carries the prefix, so it distributes
    prefixed = [bool(JUR_PREFIX.match(fold(n))) for _, _, n, _ in parts]
    if len(parts) > 1 and prefixed[0] and not any(prefixed[1:]):
        prefix = JUR_PREFIX.match(fold(parts[0][2])).group(1)
        for i, (w, ph, n, u) in enumerate(parts[1:], start=1):
            t = fold(n)
            if looks_like_name(t) and not re.match(r"^(各|等|中共|国务院|国家|中央|全国|人民银行|银监会|证监会|保监会|银保监会)", t) \
                    and not re.search(r"(省|市|县|区)(?!场)", t[:4]) and find_at_start(t) is None:
                parts[i] = (w, ph, prefix + n, u)
    return parts


_LEVELS = r"(?:设区的市|设区市|省|市|州|县|区|旗|乡|镇|乡镇|街道|县区|区县|县市|市县)"
_LEVEL_ONLY = re.compile(rf"^各?{_LEVELS}(?:\([^()]*\))?$")
_LEVEL_BODY = re.compile(rf"^各?{_LEVELS}(?:\([^()]*\))?(?P<body>(?![直级属])[^,]{{2,}})$")   # not 县直各部门
_LEVELS_TOGETHER = re.compile(r"[两三四五各]级")


def _share_levels(v: str, parts: list) -> list:
    """Level words alone share the body named after them: in ``各区、县（市）政府`` the list prints two
    names, and 各区 names 各区政府; ``市、县两级政府`` names the levels together, so it is one name."""
    out: list = []
    run: list = []
    for part in parts:
        k = fold(part[2])
        if _LEVEL_ONLY.match(k):
            run.append(part)
            continue
        if run:
            m = _LEVEL_BODY.match(k)
            if m and _LEVELS_TOGETHER.search(k):
                a, b = run[0][0].a, part[0].b
                out.append((Span(a, b), Span(run[0][1].a, part[1].b), v[a:b], part[3]))
            else:
                body = m.group("body") if m else ""
                out.extend((w, ph, n + body, u) for w, ph, n, u in run)
                out.append(part)
            run = []
            continue
        out.append(part)
    return out + run


def _offset_of_folded(tok: str, n: int) -> int:
    """Offset in ``tok`` of its n-th folded character (fold drops whitespace and filler)."""
    seen = 0
    for i, ch in enumerate(tok):
        if fold(ch):
            if seen == n:
                return i
            seen += 1
    return len(tok)


def _labels(v: str) -> list:
    """Field labels of the text: matched on its compact form, counted where they open the text or follow a
    separator or whitespace (``牵头单位：X 配合单位：Y``), never inside a name."""
    c, pos = _compact(v, 0, len(v))
    out = []
    for m in _LABEL.finditer(c):
        i = m.start()
        if i == 0 or c[i - 1] in _LABEL_AFTER or pos[i] - pos[i - 1] > 1:
            out.append(m)
    return out, pos


def _fields(v: str) -> list[tuple[int, int, str | None, tuple[int, int]]]:
    """Split at field labels: (start, end, role of the label or None, where the label is)."""
    found, pos = _labels(v)
    if not found:
        return [(0, len(v), None, (0, 0))]
    out = []
    if found[0].start() > 0:
        out.append((0, pos[found[0].start()], None, (0, 0)))
    for i, m in enumerate(found):
        a = pos[m.end() - 1] + 1
        b = pos[found[i + 1].start()] if i + 1 < len(found) else len(v)
        label = m.group("label")
        role = "time" if re.search(r"时限|时间", label) else role_of_label(label) or "responsible"
        out.append((a, b, role, (pos[m.start()], pos[m.end() - 1])))
    return out


def read_raw(printed: str, default: str = "responsible", cue: str = "prose", v: str | None = None) -> list[RawDuty]:
    """Read an assignment text into raw duties, in order of appearance (roles not yet decided by usage)."""
    v = view(printed) if v is None else v
    duties: list[RawDuty] = []
    seen: set[tuple[str, str]] = set()

    def add(part, role, basis, why):
        written, phrase, name, unit = part
        k = (fold(name), role)
        if k in seen or not fold(name):
            return
        seen.add(k)
        duties.append(RawDuty(written, phrase, name, role, basis, why, unit))

    for fa, fb, label_role, label in _fields(v):
        if label_role == "time":
            continue
        f_default, f_basis, f_cue = ((label_role, "FieldLabel", printed[label[0]:label[1]]) if label_role
                                     else (default, "ColumnHeader", cue))
        for ga, gb in _split(v, fa, fb, STRONG):
            pending: list = []
            for ca, cb in _split(v, ga, gb, WEAK):
                if is_time_clause(v[ca:cb]):
                    continue                # 2022年6月底前完成: when, not who (the text keeps it as a deadline)
                c, pos = _compact(v, ca, cb)
                m = SENTENCE_HEAD.match(c)
                if m and m.end() < len(c):
                    ca = pos[m.end()]
                role, end, cue_at = _role_cue(v, ca, cb)
                why = printed[cue_at:cb].strip() if role else ""
                split = _jointly(v, ca, end)
                if split is not None:
                    c2, pos2 = _compact(v, split, end)
                    after = split + (pos2[2] - pos2[0] if c2.startswith("会同") and len(pos2) > 2 else 1)
                    for part in pending + _parts(v, ca, split):
                        add(part, "Lead", "RoleWord", printed[split:after])
                    pending = []
                    for part in _parts(v, after, end):
                        add(part, "Cooperate", "RoleWord", printed[split:after])
                    continue
                if label_role and not role:
                    for part in pending + _parts(v, ca, end):
                        add(part, f_default, f_basis, f_cue)     # 责任单位：A、B，C督促指导: A, B by the label
                    pending = []
                    continue
                pending.extend(_parts(v, ca, end))
                if role:
                    for part in pending:
                        add(part, role, "RoleWord", why)
                    pending = []
            for part in pending:
                add(part, f_default, f_basis, f_cue)
    return duties


def starts_with_label(printed: str, time: bool = False) -> bool:
    """True when the text opens with a field label (``牵头单位：``, ``责任单位：``, ``配合：``; with ``time`` also
    ``完成时限：``)."""
    c, _ = _compact(view(printed), 0, len(printed))
    m = _LABEL.match(c)
    return m is not None and (time or not re.search(r"时限|时间", m.group("label")))


def ends_with_role(text: str) -> bool:
    """True when a text ends in a role word (X牵头, X等按职责分工落实, X配合): a clause that is complete."""
    v = view(text)
    return _role_cue(v, 0, len(v))[0] is not None


def time_fields(printed: str) -> list[str]:
    """The values of the text's time fields as printed (``完成时限：2022年底前`` → ``2022年底前``)."""
    v = view(printed)
    return [t for fa, fb, role, _ in _fields(v) if role == "time"
            for t in [printed[fa:fb].strip(" \t\u3000;；,，。")] if t]


def looks_like_assignment(printed: str, v: str | None = None, words_only: bool = False) -> bool:
    """True when a text reads as an assignment: it carries a role word or a field label, or (unless
    ``words_only``) every name in it looks like an agency.  Before a role word any short noun phrase is a
    name (市残联牵头, 市红十字会负责); a clause saying when (2022年底前完成) names no one and is passed over."""
    v = view(printed) if v is None else v
    c, _ = _compact(v, 0, len(v))
    if not c or len(c) > 240:
        return False
    if _labels(v)[0] and any(r not in (None, "time") for _, _, r, _ in _fields(v)):
        return True
    clauses = [s for g in _split(v, 0, len(v), STRONG) for s in _split(v, g[0], g[1], WEAK)]
    worded = False
    named = False
    for ca, cb in clauses:
        if is_time_clause(v[ca:cb]):
            continue
        role, end, _ = _role_cue(v, ca, cb)
        if role:
            worded = True
        names = [fold(v[x:y]) for x, y in _name_tokens(v, ca, end)]
        # 市、县政府: a level word alone shares the name after it
        names = [n for i, n in enumerate(names) if not (_LEVEL_ONLY.match(n) and i + 1 < len(names))]
        names = [SENTENCE_HEAD.sub("", re.sub(r"等$", "", _COLLECTIVE_TAIL.sub("", n)) or n) for n in names]
        ok = all(looks_like_name(n) or (role and _noun_phrase(n)) or _jointly(v, ca, end) is not None for n in names)
        if not names or not ok:
            return False
        named = True
    return named and (worded or not words_only)


def _noun_phrase(name: str) -> bool:
    """A short name of no known form (市残联, 人民银行某某中心支行): nothing in it that a name never holds."""
    return 2 <= len(name) <= 16 and not re.search(r"[\d。.,;:：“”\"《》?？!！]|的|和|要|应|将|把|对|在|是", name) \
        and not TASK_VERB.match(name)


def decide(raw: list[RawDuty], printed: str, uses_lead: bool) -> list[Duty]:
    """Give every *responsible* duty its role by the document's usage; return the duties as records."""
    out = []
    for d in raw:
        role, basis = d.role, d.basis
        if role == "responsible":
            role, basis = ("Implement", "ResponsibleImplements") if uses_lead else ("Lead", "ResponsibleLeads")
        out.append(Duty(written=strip_pinyin(printed[d.written.a:d.written.b]),
                        phrase=strip_pinyin(printed[d.phrase.a:d.phrase.b]),
                        name=d.name.replace(FILLER, ""), role=role, basis=basis, cue=d.cue,
                        unit=printed[d.unit.a:d.unit.b] if d.unit else None))
    return out


def read(printed: str, default: str = "responsible", cue: str = "prose", uses_lead: bool = True) -> list[Duty]:
    """Read an assignment text into duties (``uses_lead``: the document names 牵头 units somewhere)."""
    return decide(read_raw(printed, default, cue), printed, uses_lead)


def names_lead(printed: str, default: str = "") -> bool:
    """True when the text names a lead by a lead's own word (牵头, 主责 …) or field; X会同Y leads without one."""
    return any(d.role == "Lead" and d.basis in ("RoleWord", "FieldLabel")
               and any(w in fold(d.cue) for w in ROLE_WORDS["Lead"]) for d in read_raw(printed, default))
