"""Plan metadata from the title block: title, year, jurisdiction, issuer, dates, numbers, lineage.

Works on the lines before the body whatever the layout: the notice wrapper (``…关于印发…的通知``),
addressees, the covering text, the signature (issuer and date), the plan's own title, and the page's
metadata block (``发布机构：…`` ``成文日期：…`` ``发文字号：…``, several to a line), each recognised by form.  The
jurisdiction is read from the titles (``北京市西城区…``, after a leading year: ``2025年奉贤区…``), then the
issuer and signature, then a State Council document number (国办发〔2022〕8号); a place followed by a zone
word (``重庆高新区``) names no GB/T 2260 area, so it stays open.  A department's own plan
(``2017年省发展改革委政务公开工作要点``) names its *owner*, whose internal units (办公室, 财务处) its items
assign.  A sidecar file beside the document (``NAME.meta.toml``) may add what the text lacks; the text
always wins, and every fact taken from the sidecar is marked.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path

from ..agencies import looks_like_name
from ..errors import BadSidecar
from ..jurisdictions import Jurisdiction, find_at_start, find_within, get, known, prefecture_of, province_of
from ..reader import Document
from ..records import PlanMeta, PlanRef, Repair, Residue
from ..textnorm import clean, match_view, squash as fold
from .boilerplate import reason as boilerplate
from .normalise import sub_printed, tidy, view
from .paragraphs import page_width, paragraphs

RE_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$")
RE_GARBLED_DATE = re.compile(r"^((?:19|20)\d{2})(\d{2,4})$")
_DOCNO = r"[\u4e00-\u9fff]{1,8}[〔\[【(﹝]\s*\d{4}\s*[〕\]】)﹞]\s*\d{1,4}\s*号"
RE_DOCNO = re.compile(rf"^{_DOCNO}$")
RE_DOCNO_IN = re.compile(rf"(?:^[(（]失效[)）])?(?P<no>{_DOCNO})")
RE_PUBLISHED = re.compile(r"(发布日期|发布时间|成文日期)\s*[:：]?\s*(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")
RE_IMPLEMENTS = re.compile(
    r"贯彻落实(?P<who>国务院办公厅|国办|[^《》]{0,12}?(?:省|市|自治区)(?:人民)?政府办公[厅室])?\s*"
    r"《?(?P<title>(?P<year>\d{4})\s*年\s*政务公开工作要点)》?")
RE_CITED = re.compile(r"《(?P<title>[^《》]{4,80})》\s*[（(](?P<no>[^（）()]{2,20}?〔\d{4}〕\d{1,4}号)[）)]")
SIDECAR_KEYS = {"title", "year", "jurisdiction", "issuer", "issued", "published", "document_number", "implements"}
#: words of the genre's own titles (a plan, its task table, its ledger)
GENRE = re.compile(r"政务公开|政府信息公开|政务服务|工作要点|工作安排|分工方案|任务分解|分解表|任务分工|台账|重点工作|实施方案|工作方案")
#: words that name a plan as a document (a line with only 政务公开 in it may be a slogan or a heading)
PLAN_WORDS = re.compile(r"工作要点|工作安排|分工方案|任务分解|分解表|任务分工|台账|实施方案|工作方案|任务清单|责任清单|工作计划|重点工作")
#: a title ends with the word naming its genre; a line after it starts another line of the block
_TITLE_END = re.compile(r"(要点|安排|方案|分解表|分工|台账|清单|计划|通知|意见|的函)$")
#: a title line that cannot end a title: its rest follows on the next line
_OPEN_END = re.compile(r"(关于|印发|转发|贯彻落实|落实|贯彻|的|《|和|及|与)$")
#: the page's metadata block: key → what it gives
META_KEYS = {"索引号": None, "主题分类": None, "分类": None, "主题词": None, "体裁分类": None, "组配分类": None,
             "发布机构": "issuer", "发文机关": "issuer", "发文单位": "issuer", "成文日期": "issued", "发文日期": "issued",
             "发布日期": "published", "标题": "title", "名称": "title", "发文字号": "document_number",
             "文号": "document_number", "有效性": None, "生效日期": None, "废止日期": None}
_META_KEY = re.compile("(" + "|".join(sorted(META_KEYS, key=len, reverse=True)) + r")[:：]")
_ZONE = re.compile(r"^(高新区|高新技术产业开发区|经开区|经济技术开发区|经济开发区|开发区|新区|综合实验区|示范区|实验区|自贸区|"
                   r"保税区|工业园区|园区|管委会)")
_PLACE_END = ("省", "市", "县", "区", "镇", "乡", "街道", "自治州", "盟", "旗")
_CLOSING_PIPES = re.compile(r"(\s*\|)+\s*$")
_GOVERNMENT = re.compile(r"(人民政府|政府)(办公厅|办公室)?$|^(国务院|中共)")


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def repair_date(text: str) -> tuple[str | None, list[str]]:
    """Read a date whose 年/月/日 were lost (``201769``): the ISO date if exactly one reading is valid."""
    m = RE_GARBLED_DATE.match(text)
    if not m:
        return None, []
    y, rest = int(m.group(1)), m.group(2)
    readings = set()
    for cut in range(1, len(rest)):
        mo, d = rest[:cut], rest[cut:]
        if len(mo) <= 2 and len(d) <= 2:
            iso = _iso(y, int(mo), int(d))
            if iso:
                readings.add(iso)
    if len(rest) == 2 and 1 <= int(rest) <= 12:
        readings.add(f"{y}-{rest}")            # 202112: December 2021 with no day is a reading too
    readings = sorted(readings)
    return (readings[0] if len(readings) == 1 else None), readings


def _complete_title(k: str) -> bool:
    """A line that is a whole plan title by itself (2023年宁波市政务公开工作要点), not a title's wrapped rest."""
    return bool(PLAN_WORDS.search(k)) and (re.match(r"\d{4}\s*年", k) is not None or find_at_start(k) is not None)


def _is_issuer(key: str) -> bool:
    s = fold(key)
    return (looks_like_name(s) and (find_at_start(s) is not None or s.startswith("国务院")) and len(s) <= 30
            and not re.search(r"(印发|关于|通知|方案|安排|要点|贯彻|落实)", s))


def _meta_fields(s: str) -> list[tuple[str, str]] | None:
    """A metadata-block line's (key, value) pairs (``發文機關: 國務院辦公廳 成文日期: 2022年04月11日``), or None."""
    k = fold(s)
    found = list(_META_KEY.finditer(k))
    if not found or found[0].start() != 0:
        return None
    return [(m.group(1), k[m.end():found[i + 1].start() if i + 1 < len(found) else len(k)])
            for i, m in enumerate(found)]


def read_metadata(doc: Document, body_start: int) -> tuple[PlanMeta, list[Residue]]:
    """Read the lines before the body into plan facts and residue."""
    meta = PlanMeta()
    residue: list[Residue] = []
    rows = [(n, ln, view(ln)) for n, ln, _ in doc.numbered() if n < body_start]
    titles: list[tuple[list[int], str]] = []
    block_title: str | None = None
    block_title_line: int | None = None
    run: list[tuple[list[int], str]] = []
    preamble_text: list[str] = []
    issuers: list[tuple[list[int], str]] = []
    issued_at: list[int] = []

    def close_run():
        if run:
            titles.append(([n for ls, _ in run for n in ls],
                           "".join(clean(sub_printed(_CLOSING_PIPES, clean(t))) for _, t in run)))
            run.clear()

    def note(lines, what):
        for n in lines:
            meta.meta_lines[n] = what

    def drop(lines, why):
        residue.extend(Residue(n, why, doc.lines[n - 1].strip()) for n in lines)

    prev_kind = None
    width = page_width([tidy(ln, view(ln)) for _, ln, _ in doc.numbered()])
    for para in paragraphs(rows, width):
        lines = para.lines
        n = lines[0]
        if not para.text:
            drop(lines, "HTML markup left by the extraction, no text")
            prev_kind = "markup"
            close_run()
            continue
        stripped = re.sub(r"^[\s?]*\?[\s?]*", "", para.key)
        s = clean(stripped)
        # the same line as printed (traditional script stays traditional): kept where it maps one to one
        printed = clean(para.text[len(para.key) - len(stripped):])
        printed = printed if len(printed) == len(s) else s
        k = fold(s)
        kind = None
        fields = _meta_fields(s)
        pub = RE_PUBLISHED.search(s)
        docno = RE_DOCNO_IN.match(k)
        if fields:
            gave = []
            for key_, v in fields:
                what = META_KEYS[key_]
                if not v:
                    continue
                if what == "issuer" and meta.issuer is None:
                    meta.issuer, _ = v, gave.append("issuer")
                elif what == "title" and block_title is None:
                    block_title, block_title_line = v, n
                    gave.append("title")
                elif what == "document_number" and meta.document_number is None and RE_DOCNO.match(v):
                    meta.document_number, _ = v, gave.append("document number")
                elif what in ("issued", "published"):
                    dm = re.match(r"(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})", v)
                    iso = _iso(int(dm.group(1)), int(dm.group(2)), int(dm.group(3))) if dm else None
                    if iso and what == "issued" and meta.issued is None:
                        meta.issued, _ = iso, gave.append("date of issue")
                    elif iso and what == "published" and meta.published is None:
                        meta.published, _ = iso, gave.append("publication date")
            note(lines, "the page's metadata block" + (f" ({', '.join(gave)})" if gave else ""))
            kind = "meta"
        elif pub:
            meta.published = _iso(int(pub.group(2)), int(pub.group(3)), int(pub.group(4)))
            note(lines, "web page source and publication date (→ zwgk:published)")
            kind = "published"
        elif boilerplate(s):
            drop(lines, boilerplate(s))
            kind = "nav"
        elif re.fullmatch(r"[*＊×]+|[(（]?略[)）]?", k):
            drop(lines, "masked by the mirror site (*** or 略 in place of a name)")
            kind = "masked"
        elif re.fullmatch(r"附件\d*[:：]?", k):
            drop(lines, "attachment marker (the attachment follows)")
            kind = "attachment"
        elif re.fullmatch(r".{2,30}?\d{4}年\d{1,2}月\d{1,2}日印发", k):
            drop(lines, "colophon of the printed document (issuer and date of printing)")
            kind = "colophon"
        elif RE_DATE.match(k):
            m = RE_DATE.match(k)
            iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            issued_at.append(n)
            if meta.issued is None and iso:
                meta.issued = iso
                if not k.endswith("日"):
                    meta.repairs.append(Repair("date-without-day-sign", n, clean(para.text), iso,
                                               "date printed without its final 日; year, month and day are all there"))
                note(lines, "date of issue (→ dcterms:issued)")
            else:
                drop(lines, "a further date in the title block")
            kind = "date"
        elif RE_GARBLED_DATE.match(k):
            iso, readings = repair_date(k)
            issued_at.append(n)
            if iso and meta.issued is None:
                meta.issued = iso
                meta.repairs.append(Repair("garbled-date", n, clean(para.text), iso,
                                           "date printed without 年/月/日; only one reading is a valid date"))
                note(lines, "date of issue, repaired (→ dcterms:issued)")
            else:
                drop(lines, f"garbled date with {len(readings)} possible readings "
                            f"({', '.join(readings) or 'none valid'}); left open")
            kind = "date"
        elif RE_DOCNO.match(k):
            if meta.document_number is None:
                meta.document_number = clean(para.text)
                note(lines, "document number (→ zwgk:documentNumber)")
            else:
                note(lines, "document number, repeated")
            kind = "docno"
        elif _is_issuer(s):
            issuers.append((lines, printed))
            kind = "issuer"
        elif re.search(r"[:：]$", s) and len(k) <= 90 and not re.match(r"^(为|根据|按照|现将|现就|结合|经)", k):
            drop(lines, "addressees of the covering notice (主送)")
            kind = "addressees"
        elif re.search(r"[。.!！:：]$", s) or len(k) > 60 and not (docno and "通知" in k) \
                or re.match(r"^(为|根据|按照|现将|现就|结合|经[^济])", k):
            drop(lines, "text of the covering notice or preamble")
            preamble_text.append(k)
            kind = "text"
        else:
            kind = "title"
            s = printed
            if docno and docno.end() < len(k):
                # 肥政办字〔2020〕12号 肥城市人民政府办公室关于印发…的通知: the number, then the notice's title
                meta.document_number = meta.document_number or docno.group("no")
                s = k[docno.end():].strip()
            elif not docno:
                tail = re.search(rf"(?P<no>{_DOCNO})$", k)
                if tail and tail.start() > 0:
                    no = re.sub(r"^.*(通知|的函|》|方案|要点|安排)", "", tail.group("no"))
                    meta.document_number = meta.document_number or no
                    s = k[:tail.end() - len(no)]
            if view(s).startswith("《") and view(s).endswith("》"):
                s = s[1:-1]
        if kind == "title":
            so_far = fold("".join(t for _, t in run))
            # a new title line: the run ends a title and this line ends none (…工作要点 / 主要任务), or this line
            # is a whole title after a run that can end (a slogan) — not after 关于印发 / 贯彻落实 / 的
            if prev_kind != "title" or (run and (_TITLE_END.search(so_far) and not _TITLE_END.search(fold(s))
                                                 or _complete_title(fold(s)) and not _OPEN_END.search(so_far))):
                close_run()
            run.append((lines, s))
        else:
            close_run()
        prev_kind = kind
    close_run()
    # the signature is the issuer written just above the date; other issuer-like lines are page headers
    if issuers:
        signed = [x for x in issuers if any(d > x[0][-1] and d - x[0][-1] <= 4 for d in issued_at)]
        chosen = (signed or issuers)[-1 if signed else 0]
        if meta.issuer is None:
            meta.issuer = chosen[1]
            note(chosen[0], "issuer's signature (→ zwgk:issuedBy)")
        for x in issuers:
            if x is not chosen or meta.meta_lines.get(x[0][0]) is None:
                if x is chosen:
                    drop(x[0], "a further signature in the title block (the issuer is stated above)")
                else:
                    drop(x[0], "a further signature or page header naming a body")

    notice = [(ls, t) for ls, t in titles if re.search(r"印发.*(通知|的函)$", fold(t))]
    own = [(ls, t) for ls, t in titles if (ls, t) not in notice and GENRE.search(fold(t))]
    other = [(ls, t) for ls, t in titles if (ls, t) not in notice and (ls, t) not in own]
    if block_title and GENRE.search(block_title) and not re.search(r"印发.*(通知|的函)$", block_title):
        meta.title = block_title
        meta.title_lines = [block_title_line]
    elif own and (notice == [] or any(PLAN_WORDS.search(fold(t)) for _, t in own)):
        named = [x for x in own if PLAN_WORDS.search(fold(x[1]))] or own
        lines, meta.title = named[-1]
        meta.title_lines = lines
    elif notice:
        lines, t = notice[-1]
        meta.title = _notice_names(t) or t
        meta.title_lines = lines
    elif block_title:
        meta.title = _notice_names(block_title) or block_title
    else:
        # a repost that names the plan it reports: …国务院办公厅印发《当前政府信息公开重点工作安排》…
        named = [m.group(1) for t in preamble_text for m in re.finditer(r"印发《([^《》]{4,60})》", t)
                 if GENRE.search(m.group(1))]
        if named:
            meta.title = named[0]
    for ls, t in notice + own + other:
        for n in ls:
            if ls == meta.title_lines:
                meta.meta_lines[n] = "plan title (→ dcterms:title)"
            elif (ls, t) in own and (PLAN_WORDS.search(fold(t)) or not PLAN_WORDS.search(fold(meta.title or ""))):
                meta.meta_lines[n] = "plan title (→ dcterms:title)"
            elif (ls, t) in own:
                residue.append(Residue(n, "a heading or slogan in the title block, not the plan's title",
                                       doc.lines[n - 1].strip()))
            elif (ls, t) in notice:
                meta.meta_lines[n] = "title of the covering notice (issuer and lineage read from it)"
            else:
                residue.append(Residue(n, "unrecognised line in the title block", doc.lines[n - 1].strip()))

    texts = [fold(meta.title or "")] + [fold(t) for _, t in notice] + ([fold(block_title)] if block_title else [])
    j, basis = None, None
    for what, t in [("title", x) for x in texts] + [("issuer", fold(meta.issuer or ""))]:
        j = place(t)
        if j is not None:
            basis = what
            break
    if j is None and (meta.issuer and fold(meta.issuer) in ("国务院办公厅", "国务院")
                      or re.match(r"^国(办|发|函|办发|办函)", fold(meta.document_number or ""))):
        j, basis = get("CN"), "the State Council's issuer or document number"
    meta.jurisdiction = j.code if j else None
    meta.jurisdiction_basis = basis
    if meta.issuer is None:
        for _, t in notice:
            m = re.match(r"^(.+?)(关于)?印发", fold(t))
            if m and looks_like_name(m.group(1)):
                meta.issuer = m.group(1)
                break
    for t in [meta.title or ""] + [t for _, t in notice] + ([block_title] if block_title else []):
        ym = re.search(r"(\d{4})\s*(?:[—\-－~～至到]\s*\d{4}\s*)?年", fold(t))   # （2020—2022年）: its first
        if ym:
            meta.year = int(ym.group(1))
            break
    if meta.year is None:
        # a title with no year (关于进一步做好政务公开工作的通知, 当前…重点工作安排): the plan is of the year
        # it was issued in, as its document number (豫政办〔2015〕101号) or its date of issue states it
        ym = re.search(r"[〔\[(（【]\s*((?:19|20)\d{2})\s*[〕\])）】]", fold(meta.document_number or ""))
        if ym:
            meta.year, meta.year_basis = int(ym.group(1)), "the year of its document number"
        elif meta.issued:
            meta.year, meta.year_basis = int(meta.issued[:4]), "the year of its date of issue"
    meta.owner = owner(meta.title or "")
    meta.implements = _lineage(texts, preamble_text, j, department=meta.owner is not None)
    return meta, residue


def _notice_names(title: str) -> str | None:
    """The plan a notice's title says it issues (…关于印发《X》的通知 → X, as printed; 印發 read alike), or None."""
    m = re.search(r"印发(.+?)的(通知|函)$", match_view(title))
    if not m:
        return None
    name = clean(title[m.start(1):m.end(1)])
    v = match_view(name)
    a, b = len(v) - len(v.lstrip("《")), len(v.rstrip("》"))
    return clean(name[a:b]) or None


def place(text: str) -> Jurisdiction | None:
    """The jurisdiction a title or name opens with, down to the smallest area named (北京市西城区 → 西城区);
    a leading year is skipped; a place followed by a zone word (重庆高新区) names no GB/T 2260 area."""
    t = re.sub(r"^\d{4}\s*年(度)?", "", fold(text))
    j = find_at_start(t)
    if j is None:
        return None
    rest = t[len(_name_at_start(t, j)):]
    while True:
        child = find_within(rest, j)
        if child is None:
            break
        j, rest = child, rest[len(_name_at_start(rest, child)):]
    if _ZONE.match(rest):
        return None
    return j


def _name_at_start(text: str, j: Jurisdiction) -> str:
    from ..jurisdictions import names_of

    return max((n for n in names_of(j) if text.startswith(n)), key=len, default="")


def owner(title: str) -> str | None:
    """The department a plan's own title names as its owner (广东省卫生健康委2021年…台账, 2017年省发展改革委…要点,
    市文化旅游委关于…), or None for a government's plan (北京市西城区2017年…)."""
    t = re.sub(r"^\d{4}\s*年(度)?", "", fold(title))
    m = re.match(r"^(?P<who>[^\d《》]{2,30}?)(?=\d{4}\s*年|关于|贯彻|政务公开|政府信息公开|政务服务)", t)
    if not m:
        return None
    who = m.group("who")
    if not looks_like_name(who) or who.endswith(_PLACE_END) or _GOVERNMENT.search(who):
        return None
    return who


def _lineage(titles: list[str], preamble: list[str], j: Jurisdiction | None, department: bool = False) -> list[PlanRef]:
    """Higher-level plans the title says this plan implements, with what the preamble cites of them (``j``:
    the plan's jurisdiction, None where the text states none — then only a plan the title names by its
    issuer's place, or the national one, can be told; ``department``: a department's own plan, which may
    implement its own government's plan)."""
    refs: list[PlanRef] = []
    for t in titles:
        m = RE_IMPLEMENTS.search(t)
        if not m:
            continue
        # the 政务公开工作要点 of a year is the national one unless the title names a province or city;
        # the issuer is recorded only as the text writes it (a title naming none gives none)
        who = m.group("who")
        year = int(m.group("year"))
        if not who or "国务院" in who or who == "国办":
            target = get("CN")
        elif "省" in who or "自治区" in who:
            target = find_at_start(who) or (province_of(j) if j else None)
        else:
            target = find_at_start(who) or (prefecture_of(j) if j else None)
        if target is None or (j is not None and target.code == j.code and not department):
            continue
        ref = PlanRef(target.code, year, m.group("title"), who or None)
        for p in preamble + titles:
            for c in RE_CITED.finditer(p):
                cited = c.group("title")
                if str(year) in cited and "工作要点" in cited and (("国务院" in cited) == (target.code == "CN")):
                    ref.document_number = ref.document_number or c.group("no")
            for c in re.finditer(r"《([^《》]{4,80})》", p):
                cited = c.group(1)
                if target.code != "CN" and cited.startswith(target.name) and str(year) in cited:
                    ref.title = cited
        if all((r.jurisdiction, r.year) != (ref.jurisdiction, ref.year) for r in refs):
            refs.append(ref)
    return refs


def sidecar_path(path: Path) -> Path:
    """Return where a document's sidecar would be: ``NAME.meta.toml`` beside it."""
    return path.with_name(path.stem + ".meta.toml")


#: the years a plan (and a plan it implements) may be of: the genre is younger; next year's plan is issued late
FIRST_YEAR = 1990
_PLAN_ID = re.compile(r"(CN|\d{6})-(\d{4})")


def _toml(value) -> str:
    """A value as the sidecar wrote it (true, not True)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + "}"
    return value.isoformat() if hasattr(value, "isoformat") else repr(value)


def _key_line(text: str, key: str) -> int | None:
    """The line of the sidecar where ``key`` is set (``key = …``), if it stands on a line of its own."""
    m = re.search(rf"^[ \t]*(?:{key}|\"{key}\"|'{key}')[ \t]*=", text, re.M)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _sidecar_values(data: dict, sc: Path, text: str) -> dict:
    """Every key's value checked for its type and range, normalised (dates as ISO text, codes as text)."""
    last_year = date.today().year + 1

    def bad(key: str, why: str, got: bool = True):
        raise BadSidecar(f"{key} {why}" + (f", got {_toml(data[key])}" if got else ""), sc, _key_line(text, key))

    def year_ok(y) -> bool:
        return type(y) is int and FIRST_YEAR <= y <= last_year

    out: dict = {}
    for key in ("title", "issuer", "document_number"):
        if key in data:
            if not isinstance(data[key], str):
                bad(key, 'must be text in quotes (key = "…")')
            if not data[key].strip():
                bad(key, "must not be empty")
            out[key] = data[key]
    if "year" in data:
        if not year_ok(data["year"]):
            bad("year", f"must be a year from {FIRST_YEAR} to {last_year}, written as a number (year = 2021)")
        out["year"] = data["year"]
    if "jurisdiction" in data:
        value = data["jurisdiction"]
        code = value if isinstance(value, str) else str(value) if type(value) is int else None
        if code is None or not known(code):
            bad("jurisdiction", 'must be a GB/T 2260 code we know, in quotes (jurisdiction = "440000")')
        out["jurisdiction"] = code
    for key in ("issued", "published"):
        if key in data:
            value = data[key]
            if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                try:
                    value = date.fromisoformat(value)
                except ValueError:
                    pass
            if type(value) is not date or not year_ok(value.year):
                bad(key, f"must be a date from {FIRST_YEAR} to {last_year} without a time ({key} = 2021-03-15)")
            out[key] = value.isoformat()
    if "implements" in data:
        refs = data["implements"]
        refs = [refs] if isinstance(refs, str) else refs
        if not isinstance(refs, list):
            bad("implements", 'must be a list of plan ids (implements = ["440000-2017"])')
        out["implements"] = []
        for ref in refs:
            m = _PLAN_ID.fullmatch(ref) if isinstance(ref, str) else None
            if not m:
                bad("implements", f"entries must be plan ids in quotes, like \"440000-2017\" or \"CN-2017\", got {_toml(ref)}",
                    got=False)
            if not known(m.group(1)):
                bad("implements", f"entry {_toml(ref)} names {m.group(1)}, not a GB/T 2260 code we know", got=False)
            if not year_ok(int(m.group(2))):
                bad("implements", f"entry {_toml(ref)} is of the year {m.group(2)}, not one from {FIRST_YEAR} to "
                    f"{last_year}", got=False)
            out["implements"].append((m.group(1), int(m.group(2)), ref))
    return out


def apply_sidecar(meta: PlanMeta, path: Path) -> list[str]:
    """Fill facts the text lacks from the sidecar; return warnings for facts where the text differs.

    Every value is checked for its type and range first; a bad one is a BadSidecar naming the sidecar,
    the line and the key (the build refuses it, as it refuses unknown keys)."""
    sc = sidecar_path(path)
    if not sc.exists():
        return []
    if sc.is_dir():
        raise BadSidecar("a folder, not a sidecar file (NAME.meta.toml holds key = value lines)", sc)
    try:
        text = sc.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadSidecar(f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start})", sc)
    except OSError as exc:
        raise BadSidecar(f"cannot be read: {exc.strerror or exc}", sc)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        raise BadSidecar(f"not valid TOML: {str(exc).splitlines()[0]}", sc, int(at.group(1)) if at else None)
    unknown = set(data) - SIDECAR_KEYS
    if unknown:
        raise BadSidecar(f"unknown keys {sorted(unknown)}; allowed: {sorted(SIDECAR_KEYS)}", sc)
    values = _sidecar_values(data, sc, text)
    warnings = []
    fields = {"title": "title", "year": "year", "jurisdiction": "jurisdiction", "issuer": "issuer",
              "issued": "issued", "published": "published", "document_number": "document_number"}
    for key, attr in fields.items():
        if key not in values:
            continue
        value = values[key]
        current = getattr(meta, attr)
        if current is None:
            setattr(meta, attr, value)
            meta.from_sidecar.add(attr)
        elif current != value:
            warnings.append(f"{sc.name}: {key} = {value!r} differs from the text's {current!r}; the text is kept")
    for code, year, ref in values.get("implements", []):
        if all((r.jurisdiction, r.year) != (code, year) for r in meta.implements):
            meta.implements.append(PlanRef(code, year, None, None))
            meta.from_sidecar.add(f"implements:{ref}")
    return warnings
