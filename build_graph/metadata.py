"""Plan metadata from the title block: title, year, jurisdiction, issuer, dates, numbers, lineage.

Works on the lines before the body whatever the layout: the notice wrapper
(``…关于印发…的通知``), addressees, the covering text, the signature (issuer and
date), and the plan's own title, each recognised by form.  A sidecar file beside the
document (``NAME.meta.toml``) may add what the text lacks; the text always wins, and
every fact taken from the sidecar is marked.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path

from .agencies import looks_like_name
from .errors import BadSidecar
from .jurisdictions import Jurisdiction, find_at_start, get, known, prefecture_of, province_of
from .parsers.common import is_navigation
from .reader import Document
from .records import PlanMeta, PlanRef, Repair, Residue
from .textnorm import clean, squash as fold

RE_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
RE_GARBLED_DATE = re.compile(r"^((?:19|20)\d{2})(\d{2,4})$")
RE_DOCNO = re.compile(r"^[\u4e00-\u9fff]{1,8}[〔\[【(]\d{4}[〕\]】)]\d{1,4}号$")
RE_PUBLISHED = re.compile(r"(发布日期|发布时间|成文日期)\s*[:：]?\s*(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")
RE_IMPLEMENTS = re.compile(
    r"贯彻落实(?P<who>国务院办公厅|国办|[^《》]{0,12}?(?:省|市|自治区)(?:人民)?政府办公[厅室])?\s*"
    r"《?(?P<title>(?P<year>\d{4})\s*年\s*政务公开工作要点)》?")
RE_CITED = re.compile(r"《(?P<title>[^《》]{4,80})》\s*[（(](?P<no>[^（）()]{2,20}?〔\d{4}〕\d{1,4}号)[）)]")
SIDECAR_KEYS = {"title", "year", "jurisdiction", "issuer", "issued", "published", "document_number", "implements"}


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
    readings = sorted(readings)
    return (readings[0] if len(readings) == 1 else None), readings


def _is_issuer(key: str) -> bool:
    s = fold(key)
    return (looks_like_name(s) and find_at_start(s) is not None and len(s) <= 30
            and not re.search(r"(印发|关于|通知|方案|安排|要点|贯彻|落实)", s))


def read_metadata(doc: Document, body_start: int) -> tuple[PlanMeta, list[Residue]]:
    """Read the lines before the body into plan facts and residue."""
    meta = PlanMeta()
    residue: list[Residue] = []
    rows = [(n, ln, k) for n, ln, k in doc.numbered() if n < body_start]
    titles: list[tuple[list[int], str]] = []
    run: list[tuple[int, str]] = []
    preamble_text: list[str] = []

    def close_run():
        if run:
            titles.append(([n for n, _ in run], "".join(clean(t) for _, t in run)))
            run.clear()

    prev_kind = None
    for n, line, key in rows:
        s = clean(key)
        kind = None
        pub = RE_PUBLISHED.search(s)
        if pub:
            meta.published = _iso(int(pub.group(2)), int(pub.group(3)), int(pub.group(4)))
            meta.meta_lines[n] = "web page source and publication date (→ zwgk:published)"
            kind = "published"
        elif is_navigation(s):
            residue.append(Residue(n, "navigation boilerplate of the web page", clean(line)))
            kind = "nav"
        elif RE_DATE.match(fold(s)):
            m = RE_DATE.match(fold(s))
            if meta.issued is None:
                meta.issued = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                meta.meta_lines[n] = "date of issue (→ dcterms:issued)"
            else:
                residue.append(Residue(n, "a further date in the title block", clean(line)))
            kind = "date"
        elif RE_GARBLED_DATE.match(fold(s)):
            iso, readings = repair_date(fold(s))
            if iso and meta.issued is None:
                meta.issued = iso
                meta.repairs.append(Repair("garbled-date", n, clean(line), iso,
                                           "date printed without 年/月/日; only one reading is a valid date"))
                meta.meta_lines[n] = "date of issue, repaired (→ dcterms:issued)"
            else:
                residue.append(Residue(n, f"garbled date with {len(readings)} possible readings "
                                          f"({', '.join(readings) or 'none valid'}); left open", clean(line)))
            kind = "date"
        elif RE_DOCNO.match(fold(s)):
            meta.document_number = clean(line)
            meta.meta_lines[n] = "document number (→ zwgk:documentNumber)"
            kind = "docno"
        elif _is_issuer(s):
            if meta.issuer is None:
                meta.issuer = clean(line)
                meta.meta_lines[n] = "issuer's signature (→ zwgk:issuedBy)"
            else:
                residue.append(Residue(n, "a further signature in the title block", clean(line)))
            kind = "issuer"
        elif re.search(r"[:：]$", s):
            residue.append(Residue(n, "addressees of the covering notice (主送)", clean(line)))
            kind = "addressees"
        elif re.search(r"[。.!！]$", s) or len(fold(s)) > 60:
            residue.append(Residue(n, "text of the covering notice or preamble", clean(line)))
            preamble_text.append(fold(s))
            kind = "text"
        else:
            kind = "title"
        if kind == "title":
            if prev_kind != "title":
                close_run()
            run.append((n, line))
        else:
            close_run()
        prev_kind = kind
    close_run()

    notice = [(ls, t) for ls, t in titles if re.search(r"印发.*(通知|的函)$", fold(t))]
    own = [(ls, t) for ls, t in titles if (ls, t) not in notice and ("政务公开" in fold(t) or "工作要点" in fold(t))]
    other = [(ls, t) for ls, t in titles if (ls, t) not in notice and (ls, t) not in own]
    if own:
        lines, meta.title = own[-1]
        meta.title_lines = lines
    elif notice:
        lines, t = notice[-1]
        m = re.search(r"印发(.+?)的(通知|函)$", t)
        meta.title = clean(m.group(1)) if m else t
        meta.title_lines = lines
    for ls, t in notice + own + other:
        for n in ls:
            if ls == meta.title_lines:
                meta.meta_lines[n] = "plan title (→ dcterms:title)"
            elif (ls, t) in notice:
                meta.meta_lines[n] = "title of the covering notice (issuer and lineage read from it)"
            else:
                residue.append(Residue(n, "unrecognised line in the title block", doc.lines[n - 1].strip()))

    texts = [fold(meta.title or "")] + [fold(t) for _, t in notice]
    j = None
    for t in texts + ([fold(meta.issuer)] if meta.issuer else []):
        j = find_at_start(t) or j
        if j:
            break
    if j is None and meta.issuer:
        j = find_at_start(fold(meta.issuer))
    if j is None:
        for _, t in notice:
            j = find_at_start(fold(t))
            if j:
                break
    meta.jurisdiction = j.code if j else None
    if meta.issuer is None:
        for _, t in notice:
            m = re.match(r"^(.+?)(关于)?印发", fold(t))
            if m and looks_like_name(m.group(1)):
                meta.issuer = m.group(1)
                break
    ym = re.search(r"(\d{4})\s*年", fold(meta.title or ""))
    if ym:
        meta.year = int(ym.group(1))
    if j is not None:
        meta.implements = _lineage(texts, preamble_text, j)
    return meta, residue


def _lineage(titles: list[str], preamble: list[str], j: Jurisdiction) -> list[PlanRef]:
    """Higher-level plans the title says this plan implements, with what the preamble cites of them."""
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
            target = find_at_start(who) or province_of(j)
        else:
            target = find_at_start(who) or prefecture_of(j)
        if target.code == j.code:
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


def apply_sidecar(meta: PlanMeta, path: Path) -> list[str]:
    """Fill facts the text lacks from the sidecar; return warnings for facts where the text differs."""
    sc = sidecar_path(path)
    if not sc.exists():
        return []
    try:
        data = tomllib.loads(sc.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadSidecar(f"not valid TOML: {exc}", sc)
    unknown = set(data) - SIDECAR_KEYS
    if unknown:
        raise BadSidecar(f"unknown keys {sorted(unknown)}; allowed: {sorted(SIDECAR_KEYS)}", sc)
    warnings = []
    fields = {"title": "title", "year": "year", "jurisdiction": "jurisdiction", "issuer": "issuer",
              "issued": "issued", "published": "published", "document_number": "document_number"}
    for key, attr in fields.items():
        if key not in data:
            continue
        value = data[key]
        if key in ("issued", "published"):
            value = value.isoformat() if isinstance(value, date) else str(value)
            try:
                date.fromisoformat(value)
            except ValueError:
                raise BadSidecar(f"{key} must be a date (YYYY-MM-DD), got {value!r}", sc)
        if key == "year":
            if not isinstance(value, int):
                raise BadSidecar(f"year must be an integer, got {value!r}", sc)
        if key == "jurisdiction":
            value = str(value)
            if not known(value):
                raise BadSidecar(f"jurisdiction {value!r} is not a GB/T 2260 code we know", sc)
        current = getattr(meta, attr)
        if current is None:
            setattr(meta, attr, value)
            meta.from_sidecar.add(attr)
        elif current != value:
            warnings.append(f"{sc.name}: {key} = {value!r} differs from the text's {current!r}; the text is kept")
    for ref in data.get("implements", []):
        m = re.fullmatch(r"(CN|\d{6})-(\d{4})", str(ref))
        if not m:
            raise BadSidecar(f"implements entries look like '440000-2017' or 'CN-2017', got {ref!r}", sc)
        if all((r.jurisdiction, r.year) != (m.group(1), int(m.group(2))) for r in meta.implements):
            meta.implements.append(PlanRef(m.group(1), int(m.group(2)), None, None))
            meta.from_sidecar.add(f"implements:{ref}")
    return warnings
