"""Read an assignment — a lead cell or a closing parenthesis — into (agency as written, role).

Grammar, shared by every layout:

* ``；`` ``;`` ``。`` separate independent groups: ``各地级以上市人民政府；省财政厅牵头``;
* inside a group ``，`` separates clauses; a clause ending in a role word gives that
  role to itself and to the clauses before it that have none
  (``各市政府，省发展改革委、省财政厅按职责分工分别牵头`` → all Lead);
* names inside a clause are separated by ``、``, ``,`` or spaces; a province or city
  prefix on the first name distributes over bare department names that follow
  (``省发展改革委、商务厅、市场监管局`` → 省商务厅, 省市场监管局);
* ``X(Y)`` names body X with the sub-unit Y; a trailing ``等有关部门`` adds a collective;
* a group with no role word takes the column's default role.

Role words: 牵头 / 分别牵头 / 按职责分工分别牵头 / 牵头落实 / 负责 → Lead; 配合 / 协助 → Cooperate;
落实 / 按职责分工落实 / 实施 → Implement; 强化监管 / 监管 / 监督 → Supervise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .agencies import JUR_PREFIX, looks_like_name
from .jurisdictions import find_at_start
from .textnorm import clean, fold

ROLE_WORDS = [
    (re.compile(r"(按照?职责分工)?(分别)?牵头(负责|落实)?$"), "Lead"),
    (re.compile(r"(按照?职责分工)?(分别)?负责$"), "Lead"),
    (re.compile(r"(按照?职责分工)?(分别)?(配合|协助|参与)$"), "Cooperate"),
    (re.compile(r"(按照?职责分工)?(分别)?(强化监管|加强监管|监管|监督)$"), "Supervise"),
    (re.compile(r"(按照?职责分工)?(分别)?(负责)?(落实|实施|执行)$"), "Implement"),
]
STRONG = re.compile(r"[；;。]")
WEAK = re.compile(r"[，,]")
NAMES = re.compile(r"[、\s]+|(?<=[局厅委办室部府会])和(?=[省市县])")
SUBUNIT = re.compile(r"^(?P<body>[^()（）]+)[（(](?P<unit>[^()（）]+)[)）]$")
TRAILING_COLLECTIVE = re.compile(r"^(?P<body>.+?)(?P<coll>等(有关|相关|其他)?(部门|单位))$")


@dataclass
class Duty:
    """One agency as written, the role the words give it, and a sub-unit if one is named."""

    written: str                    # as printed: 商务厅
    role: str
    unit: str | None = None
    role_from_words: bool = True
    name: str = ""                  # what names the body: 省商务厅 (a distributed prefix restored)

    def __post_init__(self):
        self.name = self.name or self.written


def role_of(clause: str) -> tuple[str | None, str]:
    """Return (role, clause without its role word) for a clause ending in a role word."""
    for rx, role in ROLE_WORDS:
        m = rx.search(clause)
        if m and m.start() > 0:
            return role, clean(clause[: m.start()])
    return None, clause


def split_names(body: str) -> list[tuple[str, str, str | None]]:
    """Split a clause body into (as printed, name, sub-unit), distributing a jurisdiction prefix."""
    out: list[tuple[str, str, str | None]] = []
    body = clean(body)
    # protect parentheses from the separators inside them
    tokens, depth, cur = [], 0, ""
    for ch in body:
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        if depth == 0 and NAMES.fullmatch(ch):
            tokens.append(cur)
            cur = ""
        else:
            cur += ch
    tokens.append(cur)
    parts = []
    for tok in (clean(t) for t in tokens):
        if not tok:
            continue
        extra = None
        m = TRAILING_COLLECTIVE.match(tok)
        if m and looks_like_name(m.group("body")):
            tok, extra = m.group("body"), m.group("coll")
        unit = None
        m = SUBUNIT.match(tok)
        if m and len(fold(m.group("unit"))) >= 3 and looks_like_name(m.group("unit")):
            tok, unit = clean(m.group("body")), clean(m.group("unit"))
        parts.append((tok, tok, unit))
        if extra:
            parts.append((extra, extra, None))
    # 省发展改革委、商务厅、市场监管局: only the first name carries the prefix, so it distributes
    prefixed = [bool(JUR_PREFIX.match(t)) for t, _, _ in parts]
    if len(parts) > 1 and prefixed[0] and not any(prefixed[1:]):
        prefix = JUR_PREFIX.match(parts[0][0]).group(1)
        for i, (tok, _, unit) in enumerate(parts[1:], start=1):
            if looks_like_name(tok) and not re.match(r"^(各|等|中共|国务院|人民银行|银监会|证监会|保监会)", tok) \
                    and not re.search(r"(省|市|县|区)(?!场)", tok[:4]) and find_at_start(tok) is None:
                parts[i] = (tok, prefix + tok, unit)
    out.extend(parts)
    return out


def read_assignment(text: str, default_role: str) -> list[Duty]:
    """Return the duties an assignment text states, in order of appearance."""
    duties: list[Duty] = []
    seen: set[tuple[str, str]] = set()

    def add(part, role, from_words):
        written, name, unit = part
        if (name, role) in seen:
            return
        seen.add((name, role))
        duties.append(Duty(written, role, unit, from_words, name))

    for group in STRONG.split(text):
        pending: list[tuple[str, str, str | None]] = []
        for clause in WEAK.split(group):
            clause = clean(clause)
            if not clause:
                continue
            role, body = role_of(clause)
            pending.extend(split_names(body))
            if role:
                for part in pending:
                    add(part, role, True)
                pending = []
        for part in pending:
            add(part, default_role, False)
    return duties
