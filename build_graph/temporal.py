"""Frequencies (按月, 每季度 …) and deadlines (12月底前, 30日内 …) stated in a requirement's text."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

FREQUENCY_WORDS = [
    ("EveryFiveDays", r"每\s*(五|5)\s*日|每\s*(五|5)\s*天"),
    ("Daily", r"每日|每天|按日"),
    ("Biweekly", r"每?双周|每两周|每半月"),
    ("Weekly", r"每周|按周|每星期"),
    ("Monthly", r"按月|每月|月度(?!竞争)|月报"),
    ("Quarterly", r"每季度?|按季度?|季度(?=[、，,和与]|抽查|发布|公布|更新|报告)"),
    ("HalfYearly", r"每半年|半年度"),
    ("Yearly", r"每年|按年度?|年度发布|每年度"),
]
_FREQ = [(name, re.compile(rx)) for name, rx in FREQUENCY_WORDS]


@dataclass
class Deadline:
    """A deadline as written, with an exact date or a relative span where the text gives one."""

    written: str
    date: str | None = None
    within_days: int | None = None
    within_hours: int | None = None
    working_days: bool = False


def frequencies(text: str) -> list[str]:
    """Return the frequency concepts the text states, in a fixed order."""
    found = []
    for name, rx in _FREQ:
        if rx.search(text) and name not in found:
            found.append(name)
    # 每双周 also contains 周: it is biweekly, not weekly
    if "Biweekly" in found and "Weekly" in found and not re.search(r"(?<!双)每周|按周", text):
        found.remove("Weekly")
    return found


_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12}
RE_ABS = re.compile(
    r"(?:(?P<y>\d{4})\s*年\s*)?(?:(?P<m>\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月\s*"
    r"(?:(?P<d>\d{1,2})\s*日|(?P<end>底|末|中旬|上旬|下旬))?)\s*(?:以)?前")
RE_YEAR_END = re.compile(r"(?:(?P<y>\d{4})\s*)?年\s*(?:底|末)\s*(?:以)?前|年内")
RE_REL = re.compile(r"(?P<n>\d+|[一二三四五六七八九十]+)\s*(?:个)?\s*(?P<work>工作)?\s*(?P<unit>日|天|小时)\s*(?:以)?内")


def _num(s: str) -> int:
    return int(s) if s.isdigit() else _CN.get(s) or 0


def deadlines(text: str, year: int | None) -> list[Deadline]:
    """Return the deadlines the text states; a date only where the plan's year makes it exact."""
    out: list[Deadline] = []
    taken: list[tuple[int, int]] = []

    def free(a, b):
        return all(b <= x or a >= y for x, y in taken)

    for m in RE_ABS.finditer(text):
        if m.group("m") is None or not free(*m.span()):
            continue
        y = int(m.group("y")) if m.group("y") else year
        mo = _num(m.group("m"))
        iso = None
        if y and 1 <= mo <= 12:
            if m.group("d"):
                try:
                    iso = f"{y:04d}-{mo:02d}-{int(m.group('d')):02d}"
                    calendar.weekday(y, mo, int(m.group("d")))
                except ValueError:
                    iso = None
            elif m.group("end") in ("底", "末", "下旬"):
                iso = f"{y:04d}-{mo:02d}-{calendar.monthrange(y, mo)[1]:02d}"
            elif m.group("end") == "中旬":
                iso = f"{y:04d}-{mo:02d}-20"
            elif m.group("end") == "上旬":
                iso = f"{y:04d}-{mo:02d}-10"
            else:
                iso = None   # "6月前": before June, no exact day
        out.append(Deadline(m.group(0).strip(), iso))
        taken.append(m.span())
    for m in RE_YEAR_END.finditer(text):
        if not free(*m.span()):
            continue
        y = int(m.group("y")) if m.group("y") else year
        out.append(Deadline(m.group(0).strip(), f"{y:04d}-12-31" if y else None))
        taken.append(m.span())
    for m in RE_REL.finditer(text):
        if not free(*m.span()):
            continue
        n = _num(m.group("n"))
        d = Deadline(m.group(0).strip(), working_days=bool(m.group("work")))
        if m.group("unit") == "小时":
            d.within_hours = n
        else:
            d.within_days = n
        out.append(d)
        taken.append(m.span())
    order = {id(d): text.find(d.written) for d in out}
    out.sort(key=lambda d: order[id(d)])
    return out
