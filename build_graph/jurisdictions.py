"""Administrative areas by GB/T 2260 division code (``data/gb2260.tsv``), and the country."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Jurisdiction:
    code: str            # six-digit GB/T 2260 code, or "CN" for the country
    name: str
    level: str           # National | Provincial | Prefectural | County
    parent: str | None

    @property
    def division_code(self) -> str | None:
        return None if self.code == "CN" or self.level == "Unknown" else self.code


COUNTRY = Jurisdiction("CN", "中华人民共和国", "National", None)


@lru_cache(maxsize=1)
def _table() -> dict[str, Jurisdiction]:
    table = {"CN": COUNTRY}
    with resources.files("build_graph.data").joinpath("gb2260.tsv").open(encoding="utf-8") as fh:
        rows = (r for r in csv.reader(fh, delimiter="\t") if r and not r[0].startswith("#") and r[0] != "code")
        for code, name, level, parent in rows:
            table[code] = Jurisdiction(code, name, level, parent)
    return table


#: the code of a document's own placeholder jurisdiction, where its text names none: doc-<12 hex digits>
PLACEHOLDER_PREFIX = "doc-"


def placeholder(sha256: str) -> Jurisdiction:
    """The jurisdiction of a document whose text does not state one: unknown, and that document's alone."""
    return Jurisdiction(PLACEHOLDER_PREFIX + sha256[:12], "", "Unknown", None)


def get(code: str) -> Jurisdiction:
    """Return the jurisdiction with this division code ("CN" for the country, doc-… for a document's
    unstated one); KeyError if unknown."""
    if code.startswith(PLACEHOLDER_PREFIX):
        return Jurisdiction(code, "", "Unknown", None)
    return _table()[code]


def known(code: str) -> bool:
    """True when the code is a division we know."""
    return code in _table()


_SHORT = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")


@lru_cache(maxsize=1)
def _names() -> list[tuple[str, Jurisdiction]]:
    by_name: dict[str, list[Jurisdiction]] = {}
    for j in _table().values():
        if j.code == "CN":
            continue
        by_name.setdefault(j.name, []).append(j)
        if j.level == "Provincial":
            short = _SHORT.sub("", j.name)
            if len(short) >= 2:
                by_name.setdefault(short, []).append(j)
    # matching text is folded to simplified characters, and the converter turns some place names'
    # characters into others (乾安县 → 干安县 character by character): those spellings name the place too
    from .textnorm import match_view, to_simplified

    for name, js in list(by_name.items()):
        for variant in {to_simplified(name), match_view(name)} - {name}:
            by_name.setdefault(variant, []).extend(x for x in js if x not in by_name.get(variant, []))
    rank = {"Provincial": 0, "Prefectural": 1, "County": 2}
    out = []
    for name, js in by_name.items():
        js.sort(key=lambda j: rank[j.level])
        # a county name shared by several counties names none of them
        if len(js) > 1 and rank[js[0].level] == rank[js[1].level]:
            continue
        out.append((name, js[0]))
    out.sort(key=lambda x: -len(x[0]))
    return out


@lru_cache(maxsize=None)
def _names_by_first_char() -> dict[str, list[tuple[str, Jurisdiction]]]:
    out: dict[str, list] = {}
    for name, j in _names():                 # longest first, kept within each group
        out.setdefault(name[0], []).append((name, j))
    return out


def find_at_start(text: str) -> Jurisdiction | None:
    """Return the jurisdiction whose name opens ``text`` (广东省…, 中山市…), longest name first."""
    for name, j in _names_by_first_char().get(text[:1], ()):
        if text.startswith(name):
            return j
    return None


def province_of(j: Jurisdiction) -> Jurisdiction:
    """Return the province containing ``j`` (``j`` itself for a province, the country or an unknown area)."""
    if j.level in ("National", "Provincial", "Unknown"):
        return j
    return get(j.code[:2] + "0000")


def prefecture_of(j: Jurisdiction) -> Jurisdiction:
    """Return the prefecture-level area containing ``j``; a province or the country stands for itself."""
    if j.level in ("National", "Provincial", "Prefectural", "Unknown"):
        return j
    code = j.code[:4] + "00"
    return get(code) if known(code) else j


@lru_cache(maxsize=None)
def _descendants(code: str) -> list[tuple[str, Jurisdiction]]:
    """(name, area) of every area below ``code`` (children and their children), longest name first; a name
    two of them share names neither."""
    table = _table()
    kids: dict[str, list[Jurisdiction]] = {}
    for j in table.values():
        if j.parent:
            kids.setdefault(j.parent, []).append(j)
    found: dict[str, list[Jurisdiction]] = {}
    todo = list(kids.get(code, []))
    while todo:
        j = todo.pop()
        for name in names_of(j):
            found.setdefault(name, []).append(j)
        todo.extend(kids.get(j.code, []))
    out = [(n, js[0]) for n, js in found.items() if len(js) == 1]
    out.sort(key=lambda x: -len(x[0]))
    return out


def find_within(text: str, j: Jurisdiction) -> Jurisdiction | None:
    """Return the area inside ``j`` whose name opens ``text`` (西城区… inside 北京市), longest name first."""
    for name, child in _descendants(j.code):
        if text.startswith(name):
            return child
    return None


def names_of(j: Jurisdiction) -> set[str]:
    """The names an area is written by: its name, a province's short name, their simplified spellings."""
    from .textnorm import match_view, to_simplified

    names = {j.name}
    if j.level == "Provincial":
        short = _SHORT.sub("", j.name)
        if len(short) >= 2:
            names.add(short)
    return names | {to_simplified(n) for n in names} | {match_view(n) for n in names}
