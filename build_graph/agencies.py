"""Agency names: what looks like one, and the one body a written form denotes.

A written form such as ``省发展改革委`` in a Guangdong plan and ``省发展和改革委员会``
elsewhere denote one body, 广东省发展和改革委员会.  :func:`resolve` maps a written
form, in the context of the plan's jurisdiction, to an :class:`AgencyKey` —
jurisdiction, canonical full name, slug, kind — using the standard abbreviations
of Chinese government bodies in ``data/abbreviations.tsv`` (not any one document's
wording).  Collective addressees (各地、各部门、省直各单位 …) are recognised by form.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .jurisdictions import Jurisdiction, province_of, prefecture_of
from .textnorm import clean, fold

SUFFIXES = ("委员会", "办公厅", "办公室", "管委会", "监管局", "分行", "分局", "中心", "街道", "单位", "部门", "机构",
            "政府", "局", "厅", "委", "办", "室", "部", "府", "联合会", "协会", "处", "组", "站", "所", "队", "院", "区", "镇", "署",
            "科", "股", "馆", "团", "公司", "联", "工会", "红十字会", "科协", "工商联", "支行", "海关", "法院", "检察院")
JUR_PREFIX = re.compile(r"^(省|市|州|县|区|镇)(?!场|级)")
COLLECTIVE = re.compile(
    r"^各.{0,12}$|(各部门|各单位|其他单位|相关单位|有关单位|相关部门|有关部门|各直属机构|各级政府|各[^各]{0,6}部门)$|"
    r"^[省市州县]直")
#: bodies of a level below every plan that names them generically: each township's, each sub-district's …
_LOWER_LEVEL = re.compile(r"^(乡镇|乡|街道|设区的?市|县级|县区|区县|县市区|村|社区)")


@dataclass(frozen=True)
class AgencyKey:
    """The identity of one body: its jurisdiction and canonical name."""

    jurisdiction: str          # division code or "CN"
    label: str                 # canonical full name, e.g. 广东省发展和改革委员会
    slug: str                  # ASCII, unique within the jurisdiction
    kind: str                  # "body" | "collective" | "party"
    parent: "AgencyKey | None" = None   # for a central body's local branch: the central body


@lru_cache(maxsize=1)
def _abbreviations() -> list[tuple[str, str]]:
    rows = []
    with resources.files("build_graph.data").joinpath("abbreviations.tsv").open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if row and not row[0].startswith("#") and len(row) >= 2:
                rows.append((fold(row[0]), row[1].strip()))
    rows.sort(key=lambda r: -len(r[0]))
    return rows


@lru_cache(maxsize=1)
def _central() -> dict[str, str]:
    out = {}
    with resources.files("build_graph.data").joinpath("central_bodies.tsv").open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if row and not row[0].startswith("#") and len(row) >= 2:
                out[fold(row[0])] = row[1].strip()
    return out


def central_head(written: str) -> str | None:
    """Return the central body's name heading a branch's written name (人民银行 of 人民银行沈阳分行)."""
    w = fold(written)
    for short in sorted(_central(), key=len, reverse=True):
        if w.startswith(short) and len(w) > len(short):
            return short
    return None


_NOT_AN_ORGAN = re.compile(r"(平台|专区|专栏|网站|网页|系统|目录|清单|园区|景区|城区|政区|地区|辖区|小区|片区|社会)$")


def looks_like_name(token: str) -> bool:
    """True when ``token`` reads as one agency name (ends in an organ suffix, or is a collective)."""
    t = fold(token)
    t = re.sub(r"\(.*?\)$", "", t)
    if not t or len(t) > 30 or re.search(r"[。;:：\"“”《》]", t) or _NOT_AN_ORGAN.search(t):
        return False
    if COLLECTIVE.search(t):
        return True
    return t.endswith(SUFFIXES)


def expand(dept: str) -> str:
    """Expand a department's standard abbreviation: 发展改革委 → 发展和改革委员会."""
    for short, full in _abbreviations():
        if dept == short:
            return full
    for short, full in _abbreviations():
        if dept.endswith(short) and len(short) >= 2:
            return dept[: -len(short)] + full
    return dept


@lru_cache(maxsize=None)
def slug(text: str) -> str:
    """Return an ASCII slug: the pinyin of the name, letters and digits only."""
    from pypinyin import lazy_pinyin   # its dictionaries take most of a second to import

    out = "".join(lazy_pinyin(text, errors=lambda chars: [c for c in chars if c.isascii() and c.isalnum()]))
    out = re.sub(r"[^a-z0-9]+", "", out.lower())
    return out or "x"


_RANK = {"National": 0, "Provincial": 1, "Prefectural": 2, "County": 3}
_PREFIX_RANK = {"省": 1, "市": 2, "州": 2, "县": 3, "区": 3, "镇": 4}


def _scope(prefix: str, plan_j: Jurisdiction) -> Jurisdiction | None:
    """The jurisdiction a 省/市/县/区/镇 prefix names in a plan: the plan's own where the plan is of that level
    (a county-level city's and a municipality's 市 is itself), an enclosing one above it; None for a level
    below the plan's (县财政局 in a city's plan: the counties' bureaus, not one body)."""
    if prefix == "市" and plan_j.name.endswith("市"):
        return plan_j
    rank, own = _PREFIX_RANK[prefix], _RANK.get(plan_j.level)
    if own is not None and rank > own and not (prefix == "区" and plan_j.name.endswith("区")):
        return None
    if prefix == "市" and plan_j.level == "Prefectural":
        return None                       # 市财政局 in an autonomous prefecture's (州, 盟) plan: its cities'
    if prefix == "省":
        return province_of(plan_j)
    if prefix in ("市", "州"):
        up = prefecture_of(plan_j)
        if up == plan_j and plan_j.level == "County" and province_of(plan_j).name.endswith("市"):
            return province_of(plan_j)    # a district of 北京市 / 上海市 / 重庆市 / 天津市: 市 is the municipality
        return up
    return plan_j


@lru_cache(maxsize=1 << 16)
def resolve(written: str, plan_j: Jurisdiction) -> AgencyKey:
    """Return the body a written agency name denotes, in the context of a plan's jurisdiction.

    In a plan whose text names no jurisdiction (``plan_j`` a document's placeholder), a 省/市/县 prefix
    cannot be resolved to a place: it is kept in the name (省发展和改革委员会) so 省 and 市 bodies stay apart."""
    w = fold(clean(written))
    unknown = plan_j.level == "Unknown"
    if re.fullmatch(r"等(有关|相关|其他)?(部门|单位)", w):
        # "…等部门": the other departments the list leaves unnamed
        return AgencyKey(plan_j.code, "其他有关部门", "qitayouguanbumen", "collective")
    if w.startswith("等") and len(w) > 1:
        # "…等市有关单位", "…等公共企事业单位行业主管部门": the others of a kind the list leaves unnamed
        key = resolve(w[1:], plan_j)
        return AgencyKey(key.jurisdiction, key.label, key.slug, "collective")
    if _LOWER_LEVEL.match(w) and plan_j.level != "Unknown":
        # 乡镇政府, 街道办事处, 设区市政府 named in a plan above them: the bodies of each such area
        label = re.sub(r"\s+", "", clean(written))
        return AgencyKey(plan_j.code, label, slug(label), "collective")
    if "," in re.sub(r"\([^()]*\)", "", w):
        # 市、县两级政府: the governments of several levels, as a group (各县(市、区)政府 is one name)
        label = re.sub(r"\s+", "", clean(written))
        return AgencyKey(plan_j.code, label, slug(label), "collective")
    central = _central()
    # the State Council's organs and central bodies are national whoever names them
    if w in central:
        return AgencyKey("CN", central[w], slug(central[w]), "body")
    m = re.match(r"^(人民银行|银监会|证监会|保监会|银保监会|国家税务总局|海关总署|国家统计局)(.+?)(分行|监管局|监管分局|分局|税务局|调查总队|海关)$", w)
    if m and m.group(1) in central:
        parent = AgencyKey("CN", central[m.group(1)], slug(central[m.group(1)]), "body")
        label = central[m.group(1)] + m.group(2) + m.group(3)
        return AgencyKey(plan_j.code, label, slug(m.group(2) + m.group(3)) + "-" + slug(m.group(1)), "body", parent)
    # full jurisdiction name written out: 广东省财政厅, 中山市财政局
    scope = plan_j
    rest = w
    prefix = ""
    for j in (province_of(plan_j), prefecture_of(plan_j), plan_j):
        if j and j.name and w.startswith(j.name) and len(w) > len(j.name):
            scope, rest = j, w[len(j.name):]
            break
    else:
        m = JUR_PREFIX.match(w)
        if m:
            scope, rest, prefix = _scope(m.group(1), plan_j), w[1:], m.group(1)
            if scope is None and not unknown:
                # the bodies of the level below the plan's, in each of its areas: one collective
                label = re.sub(r"\s+", "", clean(written))
                return AgencyKey(plan_j.code, label, slug(label), "collective")
            scope = scope or plan_j
    place = prefix if unknown else scope.name
    if COLLECTIVE.search(w):
        label = w if unknown else _collective_label(w, scope)
        return AgencyKey(scope.code, label, slug(label.replace(scope.name, "", 1) if scope.name and label.startswith(scope.name) else label),
                         "collective")
    if rest.startswith("委") and not rest.startswith("委员会"):
        # a Party committee's organ: 市委宣传部 → 中共中山市委宣传部
        dept = expand(rest[1:])
        return AgencyKey(scope.code, f"中共{place}委{dept}", "zhonggong-" + slug(prefix + "委" + dept if unknown else "委" + dept),
                         "party")
    gov = re.match(r"^(人民政府|政府|府)(?=.)", rest)
    if gov:
        rest = rest[gov.end():]
    dept = expand(rest)
    if gov and not dept.startswith("人民政府"):
        dept = "人民政府" + dept
    return AgencyKey(scope.code, place + dept, slug(prefix + dept if unknown else dept), "body")


_INTERNAL = re.compile(r"^(?:[\u4e00-\u9fff]{1,12}(?:处|科|室)|办公室|(?:机关|委内|局内|厅内)?各(?:处室|科室|处|科|内设机构|直属单位|所属单位))$")


def internal_unit(written: str, owner: AgencyKey) -> AgencyKey | None:
    """The internal unit of a department that a name with no jurisdiction denotes in that department's own
    plan (办公室, 财务处, 各处室 of 广东省卫生健康委员会); None for any other name."""
    w = fold(clean(written))
    if not _INTERNAL.match(w) or JUR_PREFIX.match(w) or re.search(r"政府|人民|党委|中共", w):
        return None
    kind = "collective" if w.startswith(("各", "机关", "委内", "局内", "厅内")) else "body"
    return AgencyKey(owner.jurisdiction, owner.label + w, owner.slug + "-" + slug(w), kind, owner)


def _collective_label(w: str, scope: Jurisdiction) -> str:
    """Canonical label of a collective addressee: the jurisdiction's name spelled out, 政府 as 人民政府."""
    label = re.sub(r"(?<=[市县区乡])政府", "人民政府", w)
    m = JUR_PREFIX.match(label)
    if m:
        label = scope.name + label[1:]
    label = re.sub(r"^(.+?)(省|市|县|区)(?=人民政府各|人民政府相关|人民政府有关)", r"\1\2", label)
    return label.replace(",", "、")          # the key folds 、 to ","; a label keeps the list mark


def party_or_collective(key: AgencyKey) -> str:
    """Return the OWL class name for the key: Agency, CollectiveAgency or PartyOrgan."""
    return {"collective": "CollectiveAgency", "party": "PartyOrgan"}.get(key.kind, "Agency")
