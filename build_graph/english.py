"""English labels beside the Chinese ones, composed from our own tables — never machine translation.

Places: the pinyin of the proper name plus the English of the level suffix, from ``data/places_en.tsv``
(广东省 → "Guangdong Province", 中山市 → "Zhongshan City", 东城区 → "Dongcheng District", 北京市 → "Beijing
Municipality", the country → "People's Republic of China").  Bodies: the English the government publishes
for the department, from ``data/departments_en.tsv``, composed "<department> of <place>" (广东省财政厅 →
"Department of Finance of Guangdong Province").  Whatever part of a name the tables do not cover is
transliterated (capitalised pinyin words) and the result's :attr:`English.basis` says so: the emitter
marks such a body ``zwgk:englishLabelBasis zwgk:Transliteration`` (``zwgk:NameTable`` otherwise).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .jurisdictions import Jurisdiction, find_at_start, find_within, get as get_jurisdiction, known

TABLE = "NameTable"
TRANSLITERATION = "Transliteration"


@dataclass(frozen=True)
class English:
    """An English label and how it was made: ``NameTable`` (every part from the tables) or ``Transliteration``."""

    text: str
    basis: str = TABLE

    def __add__(self, other: "English") -> "English":
        return English(self.text + other.text, TABLE if TABLE == self.basis == other.basis else TRANSLITERATION)


def _plain(text: str) -> English:
    return English(text, TABLE)


@lru_cache(maxsize=None)
def _rows(name: str) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    with resources.files("build_graph.data").joinpath(name).open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if len(row) >= 3 and not row[0].startswith("#"):
                out.setdefault(row[0].strip(), {})[row[1].strip()] = row[2].strip()
    return out


def _longest(table: dict[str, str]) -> list[tuple[str, str]]:
    return sorted(table.items(), key=lambda kv: (-len(kv[0]), kv[0]))


# -- pinyin ------------------------------------------------------------------------------------------------
_VOWEL_START = re.compile(r"^[aoe]")


@lru_cache(maxsize=None)
def pinyin_word(text: str) -> str:
    """``text`` as one pinyin word, capitalised, an apostrophe before a syllable opening in a/o/e (Xi'an)."""
    from pypinyin import lazy_pinyin   # its dictionaries take most of a second to import

    syllables = [s for s in lazy_pinyin(text, v_to_u=True, errors=lambda chars: [c for c in chars if c.isalnum()])
                 if s]
    word = ""
    for s in syllables:
        s = s.lower()
        word += ("'" if word and _VOWEL_START.match(s) and word[-1].isalpha() else "") + s
    return word[:1].upper() + word[1:]


@lru_cache(maxsize=None)
def transliterate(text: str) -> str:
    """Pinyin of a name the tables do not know: one capitalised word per word of pypinyin's segmentation."""
    from pypinyin.seg.mmseg import seg

    words, buf = [], ""
    # runs of Latin letters and digits stay one word (12345, ABC): only the Chinese is segmented
    for w in (p for part in re.split(r"([A-Za-z0-9]+)", text) if part
              for p in ([part] if part.isascii() and part.isalnum() else seg.cut(part))):
        # mmseg leaves unknown text as single characters: keep runs of them together, two syllables a word
        if len(w) == 1 and re.match(r"[\u4e00-\u9fff]", w):
            buf += w
            if len(buf) == 2:
                words.append(buf)
                buf = ""
            continue
        if buf:
            words.append(buf)
            buf = ""
        words.append(w)
    if buf:
        words.append(buf)
    return " ".join(w if w.isascii() else pinyin_word(w) for w in words if w.isascii() or pinyin_word(w))


# -- places -----------------------------------------------------------------------------------------------
def _proper(base: str) -> str:
    """The English of a place's proper name: a "name" row, else its pinyin with the "char" rows' readings
    (长 is chang in place names, whatever pypinyin's phrase dictionary says)."""
    t = _rows("places_en.tsv")
    if base in t.get("name", {}):
        return t["name"][base]
    chars = t.get("char", {})
    if not any(c in chars for c in base):
        return pinyin_word(base)
    from pypinyin import lazy_pinyin

    syllables = [chars.get(c) or s for c, s in zip(base, lazy_pinyin(base, v_to_u=True))] \
        if len(lazy_pinyin(base)) == len(base) else lazy_pinyin(base, v_to_u=True)
    word = ""
    for syl in syllables:
        word += ("'" if word and _VOWEL_START.match(syl) else "") + syl
    return word[:1].upper() + word[1:]


def _split_place(name: str, level: str) -> tuple[str, list[str], str, str]:
    """(proper name, ethnic groups' English, suffix as written, suffix's English) of an area's name."""
    t = _rows("places_en.tsv")
    suffixes = dict(t.get("suffix", {}))
    if level == "Provincial":
        suffixes.update(t.get("suffix@Provincial", {}))
    for zh_suffix, en_suffix in _longest(suffixes):
        if name.endswith(zh_suffix) and len(name) > len(zh_suffix):
            base = name[: -len(zh_suffix)]
            groups: list[str] = []
            # 内蒙古 is a proper name, not 内 + 蒙古 (Mongolian)
            if zh_suffix.startswith("自治") and base not in t.get("name", {}):
                again = True
                while again:
                    again = False
                    for zh_e, en_e in _longest(t.get("ethnic", {})):
                        if base.endswith(zh_e) and len(base) > len(zh_e) and base not in t.get("name", {}):
                            groups.insert(0, en_e)
                            base = base[: -len(zh_e)]
                            again = True
                            break
            return base, groups, zh_suffix, en_suffix
    return name, [], "", ""


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@lru_cache(maxsize=None)
def place_name(name: str, level: str = "") -> str:
    """The English name of an area: 广东省 → Guangdong Province, 恩施土家族苗族自治州 → Enshi Tujia and Miao
    Autonomous Prefecture, 单县 → Shanxian County (a one-character proper name keeps its generic, GB/T 17693)."""
    t = _rows("places_en.tsv")
    if name in t.get("country", {}):
        return t["country"][name]
    if name in t.get("whole", {}):
        return t["whole"][name]
    base, groups, zh_suffix, en_suffix = _split_place(name, level)
    if not zh_suffix:
        return _proper(name)
    if len(base) == 1 and not groups:
        proper = _proper(base) + pinyin_word(zh_suffix).lower()
    else:
        proper = _proper(base)
    return " ".join(x for x in (proper, _and(groups) if groups else "", en_suffix) if x)


@lru_cache(maxsize=None)
def short_place_name(name: str, level: str = "") -> str:
    """The proper name alone (广东省 → Guangdong), as in "Guangdong Tax Service"."""
    base, groups, zh_suffix, _ = _split_place(name, level)
    if not zh_suffix:
        return _proper(name)
    return _proper(base) + (pinyin_word(zh_suffix).lower() if len(base) == 1 and not groups else "")


def jurisdiction(j: Jurisdiction, placeholder_name: str = "") -> str:
    """The English label of a jurisdiction (an unidentified one: what it is, and the document it is of)."""
    if j.level == "Unknown":
        return f"jurisdiction not stated in the source ({placeholder_name or j.code})"
    return place_name(j.name, j.level)


# -- bodies -----------------------------------------------------------------------------------------------
def _field(text: str) -> English:
    """A department's field: a table row, A和B of two rows, else transliterated."""
    fields = _rows("departments_en.tsv").get("field", {})
    if text in fields:
        return _plain(fields[text])
    if "和" in text:
        parts = text.split("和")
        if all(p in fields for p in parts):
            return _plain(_and([fields[p] for p in parts]))
    return English(transliterate(text), TRANSLITERATION)


def department(dept: str) -> English:
    """The English name of a department (its canonical name without the jurisdiction)."""
    t = _rows("departments_en.tsv")
    if dept in t.get("dept", {}):
        return _plain(t["dept"][dept])
    if dept.startswith("人民政府") and len(dept) > len("人民政府"):
        inner = department(dept[len("人民政府"):])
        return English(f"{inner.text} of the People's Government", inner.basis)
    for zh_organ, pattern in _longest(t.get("organ", {})):
        if dept.endswith(zh_organ) and len(dept) > len(zh_organ):
            f = _field(dept[: -len(zh_organ)])
            return English(pattern.format(f.text), f.basis)
    return English(transliterate(dept), TRANSLITERATION)


def _collective(phrase: str) -> English:
    t = _rows("departments_en.tsv").get("collective", {})
    key = phrase.replace("(", "（").replace(")", "）").replace(",", "、") if phrase not in t else phrase
    if phrase in t or key in t:
        return _plain(t.get(phrase) or t[key])
    # the areas of a level, or their governments: 各县区, 区县政府, 各乡镇人民政府, 县（市、区）政府
    levels = _rows("departments_en.tsv").get("level", {})
    m = re.fullmatch(r"(各)?(.+?)(人民政府|政府)?", key)
    if m and m.group(2) in levels:
        areas = ("all " if m.group(1) else "") + levels[m.group(2)]
        if not m.group(3):
            return _plain(areas)
        return _plain(("people's governments of " if m.group(3) == "人民政府" else "governments of ") + areas)
    if phrase.startswith(("各", "全")) and len(phrase) > 1:
        rest = phrase[1:]
        if phrase.startswith("全"):       # 全区各部门: every department of the district
            head = rest[:1]
            if head in _EACH_EN and len(rest) > 1:
                inner = _collective(rest[1:])
                return English(f"{inner.text} of {_PREFIX_EN[head]}", inner.basis)
            return English(transliterate(phrase), TRANSLITERATION)
        inner = _collective(rest) if rest in t or _is_collective_phrase(rest) else department(rest)
        return English(("" if inner.text.startswith("all ") else "all ") + inner.text, inner.basis)
    return department(phrase)


def _is_collective_phrase(text: str) -> bool:
    """True when the table reads ``text`` whole as a collective (县区人民政府: not 县 + 区人民政府)."""
    key = text.replace("(", "（").replace(")", "）").replace(",", "、")
    t = _rows("departments_en.tsv")
    if text in t.get("collective", {}) or key in t.get("collective", {}):
        return True
    m = re.fullmatch(r"(各)?(.+?)(人民政府|政府)?", key)
    return bool(m and m.group(2) in t.get("level", {}))


def _place_of(code: str) -> Jurisdiction | None:
    if code == "CN" or known(code):
        return get_jurisdiction(code)
    return None


def _of(head: English, place: English) -> English:
    return English(f"{head.text} of {place.text}", head.basis if place.basis == TABLE else TRANSLITERATION)


_PREFIX_EN = {"省": "the province", "市": "the city", "州": "the prefecture", "县": "the county", "区": "the district",
              "镇": "the town"}
#: a collective of the level below the plan's (县财政局 in a city's plan: the counties' bureaus)
_EACH_EN = {"市": "each city", "州": "each prefecture", "县": "each county", "区": "each district", "镇": "each town"}
#: the level a prefix character names, ranked from the country down
_RANK = {"National": 0, "Provincial": 1, "Prefectural": 2, "County": 3}
_PREFIX_RANK = {"省": 1, "市": 2, "州": 2, "县": 3, "区": 3, "镇": 4}
#: words that open with a level character without naming a level (市场 market, 区块链 blockchain, 县级 …)
_NOT_A_PREFIX = ("市场", "区块", "区域", "省级", "市级", "州级", "县级", "区级", "镇级")


def _level_prefix(rest: str) -> bool:
    """True when ``rest`` opens with a level character standing for a level (省, 市 …), not a word."""
    return rest[:1] in _PREFIX_EN and len(rest) > 1 and not rest.startswith(_NOT_A_PREFIX) \
        and not _is_collective_phrase(rest)


def body(label: str, code: str, kind: str = "body", parent_label: str | None = None,
         parent_code: str | None = None) -> English:
    """The English label of a body with canonical name ``label`` in jurisdiction ``code``.

    ``kind`` as :class:`build_graph.agencies.AgencyKey` has it (body, collective, party); ``parent_label`` the
    canonical name of the department an internal unit or a branch belongs to."""
    t = _rows("departments_en.tsv")
    central = t.get("central", {})
    if label in central:
        return _plain(central[label])
    j = _place_of(code)
    # a central body's local branch: 中国人民银行沈阳分行, 国家税务总局广东省税务局
    for zh_c, en_c in _longest(central):
        if label.startswith(zh_c) and len(label) > len(zh_c):
            rest = label[len(zh_c):]
            for zh_b, en_b in _longest(t.get("branch", {})):
                if rest.endswith(zh_b) and len(rest) > len(zh_b):
                    where = rest[: -len(zh_b)]
                    # the place as named (广东省) or in its short form (沈阳 for 沈阳市)
                    area = None
                    for suffix in ("", "市", "省", "自治区", "县", "区") if len(where) >= 2 else ():
                        found = find_at_start(where + suffix)
                        if found is not None and found.name == where + suffix:
                            area = found
                            break
                    known_place = area is not None
                    name = short_place_name(area.name, area.level) if known_place else short_place_name(where)
                    # a place the tables do not know is pinyin: marked so
                    return English(f"{name} {en_b} of the {en_c}", TABLE if known_place else TRANSLITERATION)
    # an internal unit of a department: 广东省卫生健康委员会办公室
    if parent_label and label.startswith(parent_label) and len(label) > len(parent_label):
        unit = label[len(parent_label):]
        units = t.get("unit", {})
        head = _plain(units[unit]) if unit in units else department(unit)
        owner = body(parent_label, parent_code or code)
        return English(f"{head.text} of the {owner.text}",
                       TABLE if head.basis == owner.basis == TABLE else TRANSLITERATION)
    place, rest = None, label
    if kind == "party" and label.startswith("中共"):
        rest = label[len("中共"):]
    if j is not None and j.code != "CN" and j.name and rest.startswith(j.name):
        place, rest = _plain(place_name(j.name, j.level)), rest[len(j.name):]
        inner = find_within(rest, j) if rest else None
        if inner is not None and len(rest) > len(inner.name) and rest.startswith(inner.name):
            # 北京市东城区人民政府办公室 of 北京市: the district's body, named with its city
            place = _plain(f"{place_name(inner.name, inner.level)}, {place.text}")
            rest = rest[len(inner.name):]
    elif j is None and _level_prefix(rest):
        # a document without a stated jurisdiction keeps the 省/市 prefix: 省发展和改革委员会
        place, rest = _plain(_PREFIX_EN[rest[:1]]), rest[1:]
    elif kind == "collective" and rest[:1] in _EACH_EN and _level_prefix(rest):
        # 县财政局 in a city's plan: the counties' bureaus; 市直有关单位 in a city's plan: the city's own
        own = j is not None and _RANK.get(j.level) == _PREFIX_RANK[rest[:1]]
        place = _plain(place_name(j.name, j.level)) if own else _plain(_EACH_EN[rest[:1]])
        rest = rest[1:]
    if kind == "party" and rest.startswith("委"):
        dept = rest[1:]
        committee = "the CPC Committee" + (f" of {place.text}" if place is not None else "")
        if not dept:                                  # 中共中山市委: the committee itself
            return English(committee[len("the "):], TABLE if place is not None else TRANSLITERATION)
        party = t.get("party", {})
        head = _plain(party[dept]) if dept in party else department(dept)
        return English(f"{head.text} of {committee}", head.basis)
    if kind == "collective" or _is_collective_phrase(rest):
        head = _collective(rest)
        return _of(head, place) if place is not None else head
    head = department(rest)
    return _of(head, place) if place is not None else head


def agency(key) -> English:
    """The English label of an :class:`build_graph.agencies.AgencyKey`; never empty: a name the composition
    leaves nothing of (punctuation, a bare place word) is the pinyin of the whole name, marked so."""
    parent = key.parent
    english = body(key.label, key.jurisdiction, key.kind, parent.label if parent is not None else None,
                   parent.jurisdiction if parent is not None else None)
    text = " ".join(english.text.split())
    if not text or text.startswith(("of ", "all of")) or not re.search(r"[A-Za-z0-9]", text):
        return English(transliterate(key.label) or key.label, TRANSLITERATION)
    return English(text, english.basis)


def change_event(successor: English) -> English:
    """The English label of a 2018-reform change event, from its successor's English name."""
    return English(f"2018 institutional reform: {successor.text}", successor.basis)
