"""Synthetic plan documents with their ground truth, to test the reader at scale.

:func:`write_corpus` writes ``n`` plan documents (UTF-8 ``.txt``) shaped like the real ones in
``documents/`` and ``/work/shared/real/`` — a province (``省``), a prefecture-level city (``市``) or a
county (``县``/``区``) answering the State Council's, its province's or its city's 政务公开工作要点 of a
year 2016-2023, one plan per jurisdiction and year as in the real corpus — in the four layouts the
reader knows:

``tsv_table``      a PDF table as tab-separated text under ``工作任务 ⇥ 具体要求 ⇥ 牵头落实单位``
                   (names only, items numbered per theme, 2017 style) or ``… ⇥ 落实单位``
                   (roles in words, a collective addressee first, items numbered across
                   the plan, 2021 style);
``pipe_table``     a web table one row per line with `` | `` between cells and a closing ``|``
                   (``序号 | 工作任务 | 具体要求 | 牵头单位 | 责任单位 | 完成时限 | 备注 |``): the 工作任务
                   cell printed on its block's first row only (the rows below have one cell fewer), a
                   merged agency cell dropped from the row (rowspans cover the leading agency columns),
                   a lone ``|`` line after a row for its empty 备注 cell;
``cell_per_line``  a web table flattened to one cell per line in one of three forms — one cell per
                   blank-line paragraph (agency lists wrapped, names broken over lines), each cell
                   closed by `` |`` with placeholder pipes where a merged cell covers a column
                   (``各设区市 | |``, ``一、… | ||``), or lone ``|`` lines between cells — under column sets
                   such as 工作任务/具体要求/牵头落实单位, 工作任务/牵头单位/责任单位, 任务/责任单位/时限,
                   工作任务及要求/责任单位, …/牵头单位/配合单位/完成时限;
``prose``          the covering notice, then headings 一、/（一）/1. and paragraphs closed by an
                   assignment, optionally a second part (二、工作要求) whose paragraphs have none.

Tables may carry a second agency column (责任单位 or 配合单位 beside 牵头单位, 配合单位 beside 责任单位),
a time column (完成时限 / 时限要求: 持续推进, 年底前, 2021年8月前, 每季度 …) and ``——`` for a cell that
names no unit.  Prose assignments use every wording the real plans show: ``（X牵头，Y配合）``,
``（X、Y按职责分工分别牵头）``, ``（X牵头落实）``, labelled fields ``（牵头单位：X；责任单位：Y）`` /
``（牵头单位：X；配合单位：Y）`` / ``（责任单位：X、Y）``, ``（X牵头，Y负责落实）``, ``（X牵头，Y和Z按职责分工负责）``,
``（X会同Y负责）``, ``（X、Y负责落实）``, ``（X、Y分别负责落实）`` and the closing sentence
``此项工作由X负责，Y配合。``.

Each plan follows one of the two conventions of 负责落实 / 责任单位 (:mod:`build_graph.reading.usage`):
it never names a 牵头 unit, so its responsible units *lead*; or it names 牵头 units (a role word, a
field label or a column), so 负责落实 / 责任单位 units *implement*, and an item naming only them has no
lead.  The generator writes such units with the role ``responsible`` and the truth decides it by the
plan's own text, as the rules of ``/work/shared/real/README.md`` read it.

Next to each document, ``truth/<stem>.json`` records what the document *means*: its title, year,
jurisdiction, layout, script, convention, columns, themes, and per requirement the theme, the item
number, the exact text (as printed — traditional in a mirror, with any injected pinyin — ordinal
removed), its time cell (``schedule``), the wording of its assignment and its duties as
``[canonical agency label, role]`` — the label that :func:`build_graph.agencies.resolve` gives for the
agency's written name (a distributed prefix restored, injected pinyin left out) in the plan's
jurisdiction.  A blank (merged) cell means the cell printed above it in the same theme and column
(``——`` above: no unit); a cell shared by several items gives every agency of the cell to each item.
``evidence`` is how the first agency column (or the paragraph) that assigns the item gives it.

The known defects of the real documents occur at realistic rates (:class:`Rates`): merged cells,
shared ``<p>`` blocks and inline-numbered blocks, header rows and theme headings repeated after page
breaks, agency names broken over two lines where the first part ends in no organ suffix, agency lists
wrapped after their separator, spaced header words (``工 作 任 务 |``), mixed full-/half-width
punctuation, titles spaced by the PDF or broken over lines, a distributive ``省`` prefix; the pages'
own boilerplate (breadcrumbs ``首页 > 信息公开 > 正文``, ``来源：… 发布时间：…`` lines, ``【打印】【关闭】``,
footers with ``主办：… 承办：…``, repost headers ``Admin - admin 于2022年04月22日发表``); masking (``*``,
``***``, ``(略)``) in the covering notice; nbsp padding lines; and traditional-script mirrors (the whole
document converted with zhconv), some with pinyin injected after a few characters (``公開(kāi)``), some
with ``??`` where the mirror lost the full-width indents.  Everything is drawn from one
``random.Random(seed)``: the same seed gives byte-identical files.
"""

from __future__ import annotations

import csv
import json
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from importlib import resources

from .agencies import resolve
from .jurisdictions import Jurisdiction, find_at_start
from .textnorm import zhconv

LAYOUTS = ("tsv_table", "pipe_table", "cell_per_line", "prose")
CELL_FORMS = ("paragraph", "closing-pipe", "lone-pipe")     # the forms of a cell_per_line table


@dataclass(frozen=True)
class Rates:
    """How often each known defect (or variant) occurs; the defaults follow the real documents."""

    # layouts: of the 22 real plans with requirements one is a pipe table of rows (04), six are tables of one
    # cell per line or paragraph (01, 03, 11, 25, 31, 32), the rest prose; the seed corpus adds PDF tsv tables
    layouts: tuple[float, float, float, float] = (0.20, 0.20, 0.28, 0.32)   # tsv, pipe, cell_per_line, prose
    # cell_per_line forms (real: paragraphs 11, 25, 32; " |"-closed 03, 31; lone "|" lines 01)
    cell_forms: tuple[float, float, float] = (0.35, 0.35, 0.30)    # paragraph, closing " |", lone "|" lines
    merged_cell: float = 0.20        # table rows (not a theme's first) whose agency cell is blank (merged)
    shared_block: float = 0.10       # tsv rows holding several items in one cell
    page_rows: tuple[int, int] = (8, 16)   # tsv rows per page (a page break repeats a header or heading)
    broken_name: float = 0.05        # cell_per_line agency cells with a name broken over two lines
    wrapped_list: float = 0.30       # cell_per_line agency lists (2+ names) wrapped after a separator
    second_agency: float = 0.15      # table cells naming a second department
    collective: float = 0.08         # table cells addressed to collectives (各地、各部门 …)
    distributed_prefix: float = 0.25  # 落实单位 / prose lists writing the prefix on the first name only
    unnumbered_single: float = 0.5   # a one-item theme of a per-theme table printing no item number
    requirements_part: float = 0.5  # prose plans with a second part (二、工作要求) without parentheses
    numbered_sentence: float = 0.1   # prose "2.One sentence.（X牵头）" items among the numbered sub-themes
    title_break: float = 0.5         # prose titles broken over two lines
    pdf_spaces: float = 0.5          # tsv titles with the PDF's spaces around the year
    half_width: float = 0.4          # web text (pipe, cell_per_line, prose) with half-width punctuation
    # columns (real: 牵头+责任 in 03, 32; 责任单位 alone in 01, 11; a time column in 01, 04, 31)
    second_column: float = 0.55      # pipe / cell_per_line tables with a second agency column (责任/配合单位)
    time_column: float = 0.45        # pipe / cell_per_line tables with a time column (完成时限, 时限要求)
    note_column: float = 0.6         # pipe tables ending in an (empty) 备注 column, a lone "|" after each row
    dash_cell: float = 0.15          # cells of a second agency column printed —— (no unit, 32)
    numbered_task: float = 0.35      # pipe tables whose 工作任务 cells are numbered (一、…); 04 prints none
    spaced_header: float = 0.4       # pipe / " |"-closed header cells with spaced words (工 作 任 务 |, 03)
    by_duty_cell: float = 0.12       # responsible cells written "X、Y等按职责分工落实" (04)
    by_duty_before_cell: float = 0.12  # such cells with a further agency column after them
    jointly_cell: float = 0.08       # responsible cells written "X会同Y" (04's 宣传处会办公室)
    bracketed_collective: float = 1.0   # of the collective wordings drawn with brackets (各县（市、区）人民政府), the share kept
    townships_and_departments: float = 1.0   # of the county wordings 各乡镇、县直各部门 drawn, the share kept
    supervision_tail: float = 0.1    # item sentences closing with 接受社会监督
    # conventions of 负责落实 / 责任单位 (README: 01, 04, 11, 20, 22, 23 never name a 牵头 unit)
    responsible_only: float = 0.30   # plans that never name a 牵头 unit: their responsible units lead
    responsible_item: float = 0.12   # items of plans naming 牵头 units that name only responsible units (16, 18, 21)
    # defects of the pages (real counts of 33: 7 traditional mirrors, 3 masked, 8 with site boilerplate)
    traditional: float = 0.20        # web plans mirrored in traditional script (02, 07, 12, 17, 22, 23, 27)
    pinyin: float = 0.35             # traditional mirrors with pinyin injected after a few characters
    lost_indent: float = 0.20        # prose plans whose full-width indents became "??" (23)
    masked: float = 0.10             # covering notices with *, *** or (略) masking (06, 25, 26)
    site: float = 0.35               # pipe / prose pages with breadcrumbs, source lines, print buttons, footers
    repost: float = 0.25             # of those pages, reposts by a mirror (客服热线, "Admin - admin 于…发表")
    nbsp_padding: float = 0.30       # web plans with nbsp padding lines (11, 13, 16, 18, 20, 25, 26, 29)
    print_close_footer: float = 0.30  # page footers opening with a 【打印】【关闭】 line


@dataclass
class Summary:
    """What :func:`write_corpus` wrote."""

    out_dir: Path
    files: list[Path] = field(default_factory=list)         # the plan documents
    truth_files: list[Path] = field(default_factory=list)
    requirements: int = 0
    duties: int = 0
    themes: int = 0
    layouts: Counter = field(default_factory=Counter)
    defects: Counter = field(default_factory=Counter)       # by kind, over the corpus

    def line(self) -> str:
        """One line for the CLI."""
        lay = ", ".join(f"{k} {self.layouts[k]}" for k in LAYOUTS if self.layouts[k])
        dfx = ", ".join(f"{k} {v}" for k, v in sorted(self.defects.items()))
        return (f"wrote {len(self.files)} plans ({lay}; {self.themes} themes, {self.requirements} requirements, "
                f"{self.duties} duties) and their truth to {self.out_dir}/ — defects: {dfx or 'none'}")


# ---------------------------------------------------------------------------------------------
# agencies

# department key → (province form before the 2018 reform, after it), (city form before, after).
# Lists are variants a plan picks one of (wording differs between provinces and cities).
_DEPTS: dict[str, tuple[tuple, tuple]] = {
    "fgw": ((["发展改革委"], ["发展改革委"]), (["发展改革委", "发展改革局"], ["发展改革委", "发展改革局"])),
    "cz": ((["财政厅"], ["财政厅"]), (["财政局"], ["财政局"])),
    "rs": ((["人力资源社会保障厅"], ["人力资源社会保障厅"]), (["人力资源社会保障局"], ["人力资源社会保障局"])),
    "tj": ((["统计局"], ["统计局"]), (["统计局"], ["统计局"])),
    "sj": ((["审计厅"], ["审计厅"]), (["审计局"], ["审计局"])),
    "jy": ((["教育厅"], ["教育厅"]), (["教育局"], ["教育局"])),
    "kj": ((["科技厅"], ["科技厅"]), (["科技局"], ["科技局"])),
    "gx": ((["经济和信息化委"], ["工业和信息化厅"]), (["经济和信息化局"], ["工业和信息化局"])),
    "mz": ((["民政厅"], ["民政厅"]), (["民政局"], ["民政局"])),
    "sf": ((["法制办"], ["司法厅"]), (["法制办"], ["司法局"])),
    "zr": ((["国土资源厅"], ["自然资源厅"]), (["国土资源局"], ["自然资源局", "自然资源和规划局"])),
    "hb": ((["环境保护厅", "环保厅"], ["生态环境厅"]), (["环境保护局", "环保局"], ["生态环境局"])),
    "zj": ((["住房城乡建设厅"], ["住房城乡建设厅"]), (["住房城乡建设局", "住房和城乡建设局"], ["住房城乡建设局", "住房和城乡建设局"])),
    "jt": ((["交通运输厅"], ["交通运输厅"]), (["交通运输局"], ["交通运输局"])),
    "sl": ((["水利厅"], ["水利厅"]), (["水利局", "水务局"], ["水利局", "水务局"])),
    "ny": ((["农业厅"], ["农业农村厅"]), (["农业局"], ["农业农村局"])),
    "sw": ((["商务厅"], ["商务厅"]), (["商务局"], ["商务局"])),
    "wh": ((["文化厅"], ["文化和旅游厅"]), (["文化局"], ["文化广电旅游局"])),
    "wj": ((["卫生计生委"], ["卫生健康委"]), (["卫生计生局"], ["卫生健康委", "卫生健康局"])),
    "yj": ((["安全监管局"], ["应急管理厅"]), (["安全监管局"], ["应急管理局"])),
    "gz": ((["国资委"], ["国资委"]), (["国资委"], ["国资委"])),
    "gs": ((["工商局"], ["市场监管局"]), (["工商局"], ["市场监管局"])),
    "zl": ((["质监局"], ["市场监管局"]), (["质监局"], ["市场监管局"])),
    "sp": ((["食品药品监管局"], ["市场监管局"]), (["食品药品监管局"], ["市场监管局"])),
    "yb": ((["人力资源社会保障厅"], ["医保局"]), (["人力资源社会保障局"], ["医保局"])),
    "bgt": ((["政府办公厅"], ["政府办公厅"]), (["政府办公室"], ["政府办公室"])),
    "tax": ((["国税局", "地税局"], ["税务局"]), (["国税局", "地税局"], ["税务局"])),
    "jr": ((["金融办"], ["地方金融监管局"]), (["金融办"], ["地方金融监管局"])),
    "fp": ((["扶贫办"], ["扶贫办"]), (["扶贫办"], ["扶贫办"])),
    "bb": ((["编办", "委编办"], ["委编办"]), (["编办", "编委办"], ["委编办", "编委办"])),
    "zwfw": ((["政务服务管理办公室"], ["政务服务数据管理局"]), (["政务服务管理办公室"], ["政务服务数据管理局"])),
    "gg": ((["公共资源交易中心"], ["公共资源交易中心"]), (["公共资源交易中心"], ["公共资源交易中心"])),
    "ls": ((["粮食局"], ["粮食和物资储备局"]), (["粮食局"], ["发展改革局"])),
    "xf": ((["信访局"], ["信访局"]), (["信访局"], ["信访局"])),
    "wx": ((["委网信办"], ["委网信办"]), (["委网信办"], ["委网信办"])),
    "xc": ((["委宣传部"], ["委宣传部"]), (["委宣传部"], ["委宣传部"])),
}
_REFORM_YEAR = 2019          # plans of 2019 on name the bodies of the 2018 reform


@dataclass(frozen=True)
class Agency:
    """An agency as a plan writes it: the full written name (with its 省/市 prefix) and the bare one."""

    full: str                # 省财政厅, 各地级以上市人民政府
    bare: str                # 财政厅 (what follows a prefix written on the first name only); = full for collectives
    collective: bool = False


class Agencies:
    """The departments and collectives of one plan: one wording per department, fixed for the plan."""

    def __init__(self, rng: random.Random, level: str, year: int, prefix: str | None = None,
                 rates: "Rates | None" = None):
        self.level = level            # "省" | "市" | "县"
        self.year = year
        self.p = prefix or level      # what names are prefixed with: 省, 市, 县 or 区
        self.names: dict[str, str] = {}
        for key, (prov, city) in _DEPTS.items():
            before, after = prov if level == "省" else city
            pool = after if year >= _REFORM_YEAR else before
            self.names[key] = rng.choice(pool)
        if level == "省":
            self.lower = rng.choice(["各地级以上市人民政府", "各市人民政府", "各设区市人民政府", "各市政府"])
            self.all_units = rng.choice(["省直各单位", "省政府各部门"])
            self.other_units = "省直其他单位"
            self.both = rng.choice(["各地、各部门", "各市政府、省政府各部门"])
        elif level == "市":
            self.lower = rng.choice(["各县区人民政府", "各县（市、区）人民政府", "各区县政府", "各县区"])
            self.all_units = rng.choice(["市直各单位", "市政府各部门"])
            self.other_units = "市直其他单位"
            self.both = rng.choice(["各县区、各部门", "市政府各部门、各县区"])
        else:
            p = self.p
            self.lower = rng.choice(["各乡镇人民政府", "各乡镇（街道）", "各镇人民政府", "各乡镇"])
            self.all_units = rng.choice([f"{p}直各单位", f"{p}政府各部门"])
            self.other_units = f"{p}直其他单位"
            self.both = rng.choice([f"各乡镇、{p}直各部门", f"{p}政府各部门、各乡镇"])
        rates = rates or Rates()
        if "（" in self.lower and rng.random() >= rates.bracketed_collective:
            self.lower = {"各县（市、区）人民政府": "各县区人民政府", "各乡镇（街道）": "各乡镇"}[self.lower]
        if self.both.startswith("各乡镇、") and rng.random() >= rates.townships_and_departments:
            self.both = f"{self.p}政府各部门、各乡镇"

    def dept(self, key: str) -> Agency:
        bare = self.names[key]
        return Agency(self.p + bare, bare)

    def coll(self, text: str) -> list[Agency]:
        """A collective wording, possibly several collectives listed with 、 (各地、各部门)."""
        parts, depth, cur = [], 0, ""
        for ch in text:
            depth += ch in "（(" and 1 or ch in "）)" and -1 or 0
            if ch == "、" and depth == 0:
                parts.append(cur)
                cur = ""
            else:
                cur += ch
        parts.append(cur)
        return [Agency(t, t, True) for t in parts if t]


# ---------------------------------------------------------------------------------------------
# themes and requirement texts

# (labels, first year, last year, domain, [(object, department key)]); {J} 全省/全市, {L} 省/市, {S} 省属/市属.
# The first object's department is the theme's main one; with a domain, the theme also draws on
# the generic objects of that domain (…领域行政许可和行政处罚结果).
_THEMES: list[tuple[tuple[str, ...], int, int, str | None, list[tuple[str, str]]]] = [
    (("加强预期引导", "推进经济形势和政策信息公开"), 2016, 2018, "经济运行", [
        ("{J}国民经济和社会发展年度计划及执行情况", "fgw"), ("{J}主要经济指标数据", "tj"),
        ("{J}一般公共预算收支完成情况", "cz"), ("国家和{L}就业创业优惠政策", "rs"),
        ("重大政策措施落实情况跟踪审计结果", "sj"), ("统计数据解读材料", "tj"),
        ("预算执行和其他财政收支审计工作报告", "sj")]),
    (("推进减税降费信息公开", "推进减税、降费、降低要素成本信息公开"), 2016, 2023, "税费", [
        ("新出台的减税降费政策措施", "tax"), ("涉企行政事业性收费目录清单", "cz"), ("政府性基金目录清单", "cz"),
        ("涉企经营服务性收费目录清单", "fgw"), ("阶段性降低社会保险费率的执行情况", "rs"),
        ("各项税收优惠政策及办税指引", "tax"), ("社会保险参保缴费和基金运行情况", "rs")]),
    (("推进重大建设项目和公共资源配置信息公开", "推进重大建设项目信息公开"), 2016, 2020, "重大建设项目", [
        ("重大建设项目批准和实施情况", "fgw"), ("{L}重点项目建设进度", "fgw"),
        ("公共资源交易公告、资格审查结果和成交信息", "gg"), ("政府采购项目信息", "cz"),
        ("土地使用权出让信息", "zr"), ("重大建设项目招标投标信息", "gg")]),
    (("推进政府和社会资本合作（PPP）项目信息公开",), 2016, 2019, None, [
        ("PPP政策文件和推介项目信息", "fgw"), ("PPP项目库入库项目信息", "cz"), ("PPP项目合同及回报机制", "cz"),
        ("PPP项目采购和实施进展信息", "cz"), ("PPP项目融资对接活动信息", "fgw")]),
    (("推进“放管服”改革信息公开", "推进放管服改革信息公开"), 2016, 2023, "放管服改革", [
        ("调整后的部门权责清单", "bb"), ("随机抽查事项清单及抽查结果", "gs"),
        ("政务服务事项目录及办事指南", "zwfw"), ("已废止和宣布失效的规范性文件目录", "sf"),
        ("行政审批中介服务事项清单", "bb"), ("证明事项清单", "sf"), ("取消下放的行政审批事项", "bb")]),
    (("推进国资国企信息公开",), 2016, 2023, "国资监管", [
        ("{S}国有企业主要经济效益指标", "gz"), ("{S}国有企业增资扩股项目信息", "gz"),
        ("{S}企业负责人重大变动及年度薪酬信息", "gz"), ("国有资产保值增值情况", "gz"),
        ("国有金融企业产权交易信息", "cz"), ("{S}企业改革重组结果", "gz")]),
    (("推进财政信息公开", "推进财税体制改革信息公开", "做好财政信息公开"), 2016, 2023, "财政", [
        ("政府预决算和部门预决算", "cz"), ("地方政府债务限额、余额等信息", "cz"),
        ("财政专项资金管理和使用情况", "cz"), ("“三公”经费预决算情况", "cz"),
        ("惠民惠农财政补贴资金发放情况", "cz"), ("营改增等税收改革进展及成效", "tax")]),
    (("推进农业供给侧结构性改革信息公开",), 2016, 2018, "农业", [
        ("主要粮油市场价格信息", "ls"), ("农业支持补贴政策", "ny"),
        ("农村土地承包经营权确权登记颁证进展情况", "ny"), ("粮油市场形势分析报告", "ls"),
        ("农村集体产权制度改革进展情况", "ny")]),
    (("推进扶贫脱贫信息公开", "推进脱贫攻坚信息公开"), 2016, 2020, "扶贫", [
        ("扶贫资金分配结果和项目安排情况", "fp"), ("贫困退出标准和退出结果", "fp"),
        ("扶贫政策、扶贫对象和帮扶措施", "fp"), ("统筹整合使用的涉农资金来源、用途和项目建设情况", "fp")]),
    (("推进社会救助信息公开",), 2016, 2023, "社会救助", [
        ("城乡低保、特困人员救助供养等社会救助信息", "mz"), ("临时救助政策和救助标准", "mz"),
        ("养老服务机构名录及服务信息", "mz"), ("医疗救助对象和救助标准", "yb")]),
    (("推进环境保护信息公开", "推进生态环境信息公开"), 2016, 2023, "生态环境", [
        ("{J}环境空气质量状况", "hb"), ("集中式生活饮用水水源水质状况", "hb"),
        ("重点排污单位名录及监督性监测结果", "hb"), ("建设项目环境影响评价审批信息", "hb"),
        ("中央环境保护督察整改落实情况", "hb"), ("河长名单及河湖管理保护情况", "sl")]),
    (("推进教育领域信息公开",), 2016, 2023, "教育", [
        ("义务教育招生入学政策、招生范围和招生结果", "jy"), ("学生资助政策及资助名单", "jy"),
        ("高校本科教学质量报告和毕业生就业质量年度报告", "jy"), ("县域义务教育均衡发展督导评估结果", "jy")]),
    (("推进医疗卫生领域信息公开",), 2016, 2023, "医疗卫生", [
        ("医疗机构常规医疗服务价格和常用药品价格", "wj"), ("法定传染病疫情信息", "wj"),
        ("医疗卫生机构监督检查结果", "wj"), ("基本医疗保险药品目录及报销政策", "yb")]),
    (("推进食品药品安全信息公开",), 2016, 2018, "食品药品安全", [
        ("食品安全抽检信息", "sp"), ("药品监督检查及召回信息", "sp"),
        ("食品药品安全违法行为行政处罚案件信息", "sp")]),
    (("推进消费升级和产品质量提升工作信息公开",), 2016, 2018, "产品质量", [
        ("消费市场运行情况分析", "sw"), ("产品质量监督抽查结果", "zl"), ("缺陷产品召回信息", "zl"),
        ("城市公共服务质量监测结果", "zl")]),
    (("做好市场监管信息公开", "推进市场监管信息公开"), 2019, 2023, "市场监管", [
        ("市场准入负面清单", "fgw"), ("食品安全监督抽检结果", "gs"), ("产品质量监督抽查结果", "gs"),
        ("反垄断和反不正当竞争执法信息", "gs")]),
    (("推进就业创业信息公开",), 2016, 2023, "就业创业", [
        ("就业创业扶持政策", "rs"), ("公共就业服务机构名录及招聘信息", "rs"),
        ("职业技能培训补贴政策及补贴发放情况", "rs"), ("创业担保贷款政策及发放情况", "cz")]),
    (("推进房地产市场信息公开", "推进保障性住房信息公开"), 2016, 2023, "住房保障", [
        ("保障性住房分配和退出信息", "zj"), ("棚户区改造任务及完成情况", "zj"),
        ("房地产市场调控政策及解读信息", "zj"), ("土地供应计划和供应结果", "zr")]),
    (("推进安全生产信息公开",), 2016, 2023, "安全生产", [
        ("安全生产行政执法信息", "yj"), ("生产安全事故调查报告", "yj"), ("重大风险隐患排查治理情况", "yj"),
        ("安全生产不良记录“黑名单”", "yj")]),
    (("推进防范金融风险信息公开",), 2017, 2023, "金融", [
        ("非法集资风险提示信息", "jr"), ("地方金融组织监管信息", "jr")]),
    (("加强政策解读", "不断改进政策解读工作方式"), 2016, 2023, None, [
        ("重要政策文件解读材料", "bgt"), ("政府常务会议审议通过的政策文件及解读", "bgt"),
        ("部门出台的政策性文件解读材料", "bgt"), ("政策问答和政策咨询答复情况", "bgt"),
        ("政策执行情况和实施效果评估报告", "bgt"), ("新闻发布会发布计划", "bgt")]),
    (("加强政务舆情回应", "切实增强回应关切效果"), 2016, 2023, None, [
        ("重大突发事件的权威信息", "bgt"), ("网民留言办理情况", "bgt"), ("信访事项办理结果", "xf"),
        ("政务舆情回应情况", "bgt"), ("热点舆情的处置进展", "bgt")]),
    (("加强政务公开平台建设", "完善政务公开平台建设"), 2016, 2023, None, [
        ("政府网站年度工作报表", "bgt"), ("政府公报", "bgt"), ("政务新媒体名录", "bgt"),
        ("政府数据开放目录", "zwfw"), ("政府网站抽查情况", "bgt"), ("政府网站集约化平台建设进展", "bgt")]),
    (("加强建议提案办理结果公开",), 2016, 2023, None, [
        ("人大代表建议和政协委员提案办理结果", "bgt"), ("建议提案办理总体情况", "bgt"),
        ("涉及公共利益的建议提案答复全文", "bgt")]),
    (("做好规划信息公开", "做好各类规划主动公开"), 2019, 2023, None, [
        ("国民经济和社会发展规划纲要及专项规划", "fgw"), ("国土空间规划", "zr"), ("历史规划（计划）", "fgw"),
        ("区域规划和规划实施情况", "fgw")]),
    (("做好常态化疫情防控信息公开",), 2020, 2023, "疫情防控", [
        ("疫情防控权威信息", "wj"), ("疫苗接种信息", "wj"), ("隔离管控和流调溯源信息", "wj")]),
    (("推进基层政务公开标准化规范化",), 2019, 2023, None, [
        ("基层政务公开标准目录", "bgt"), ("村（居）务公开事项", "mz"), ("基层政务公开专区建设情况", "bgt")]),
    (("做好政务信息管理工作",), 2019, 2023, None, [
        ("现行有效规章", "sf"), ("现行有效行政规范性文件", "sf"), ("政府信息公开工作年度报告", "bgt"),
        ("行政法规和规章的正式文本", "sf")]),
    (("推进公共文化体育信息公开",), 2016, 2023, "公共文化", [
        ("公共文化服务设施目录", "wh"), ("文化惠民工程实施情况", "wh")]),
    (("推进交通运输信息公开",), 2016, 2023, "交通运输", [
        ("交通运输行政许可和行政处罚信息", "jt"), ("重点交通建设项目进展情况", "jt")]),
]

# objects any domain has (…领域行政许可和行政处罚结果)
_DOMAIN_OBJECTS = ["{D}领域政策文件及解读材料", "{D}领域行政许可和行政处罚结果", "{D}领域“双随机、一公开”抽查结果",
                   "{D}领域专项资金分配和使用情况", "{D}领域公共服务事项清单和办事指南", "{D}领域重点工作进展情况",
                   "{D}领域统计数据", "{D}领域突发事件应对处置信息", "{D}领域监督检查结果"]

# a second sentence some items add
_FOLLOW = ["密切跟踪社会关注热点，及时解疑释惑。", "加强对相关政策的解读，提高政策知晓度。",
           "指导督促{LOWER}做好本地区相关信息公开工作。", "建立健全信息发布协调机制，确保信息发布及时准确。",
           "对社会关注度高的事项，适时召开新闻发布会进行说明。", "涉及群众切身利益的，广泛征求社会意见。",
           "畅通咨询渠道，积极回应企业和群众关切。"]

_FREQ = ["及时", "及时", "按月", "每月", "每季度", "按季度", "定期", "每年", "按年度", "适时", "每周", "每双周", "", "", ""]
_VERB = ["公开", "公开", "发布", "公布", "集中公开", "主动公开", "更新并公开", "披露"]
_CHANNEL = ["通过政府门户网站", "在{L}政府门户网站", "通过政务新媒体", "依托政府网站信息公开专栏", "在本单位网站",
            "通过新闻发布会、政府网站等渠道"]
_TAIL = ["并加强政策解读", "加强宣传解读", "及时回应社会关切", "并根据调整情况动态更新",
         "方便公众查询", "扩大知晓度和影响力", "做好解疑释惑和舆论引导工作", "确保信息准确完整"]
_DEADLINE = ["6月底前", "9月底前", "12月底前", "{Y}年底前", "年底前"]
_WITHIN = ["在信息形成或变更之日起20个工作日内", "在文件印发后30日内", "在3个工作日内", "于每季度结束后15日内"]

_GROUPS = ["以政务公开助力稳增长", "以政务公开助力促改革", "以政务公开助力调结构", "以政务公开助力惠民生",
           "以政务公开助力防风险", "加快推进“互联网+政务服务”工作", "加强政策解读和回应关切", "加强政务公开平台建设"]

# the second part of a prose plan: (heading, paragraph, collective subjects the paragraph names)
_REQUIREMENTS_PART = [
    ("加强组织领导", "各级政府要把政务公开工作列入重要议事日程，明确分管负责同志和工作机构。", ["各级政府"]),
    ("强化监督考核", "将政务公开工作纳入绩效考核体系，分值权重不低于4%。", []),
    ("加强业务培训", "各地区各部门要定期组织开展政务公开业务培训，提升工作人员业务能力。", ["各地区各部门"]),
    ("明确公文公开属性", "拟制公文时，明确主动公开、依申请公开、不予公开等属性，随公文一并报批。", []),
    ("加强督查评估", "{L}政府办公{O}要适时对落实情况进行督查，组织开展第三方评估。", ["{L}政府办公{O}"]),
    ("做好信息集中发布", "重点公开工作任务的相关信息，统一在政府门户网站集中发布展示。", []),
]

_CN = "零一二三四五六七八九"


def cn_numeral(n: int) -> str:
    """Chinese numeral for 1..99: 一, 十, 十一, 二十, 二十二."""
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


_HALF = str.maketrans({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")"})


# time cells of a table (完成时限 / 时限要求), as the real plans write them; {Y} the plan's year
_TIMES = ["持续推进", "持续推进", "长期推进", "年底前", "{Y}年底前", "{Y}年6月底前", "{Y}年8月前", "{Y}年9月底前",
          "每季度", "每月", "按季度更新", "每年", "常态化推进", "{Y}年12月31日前"]

# pinyin a mirror injects after characters (公開(kāi)): traditional characters of the plans' texts
_PINYIN = {"公": "gōng", "開": "kāi", "務": "wù", "政": "zhèng", "資": "zī", "財": "cái", "發": "fā", "監": "jiān",
           "督": "dū", "管": "guǎn", "規": "guī", "劃": "huà", "項": "xiàng", "環": "huán", "預": "yù", "算": "suàn",
           "統": "tǒng", "計": "jì", "審": "shěn", "稅": "shuì", "費": "fèi", "價": "jià", "險": "xiǎn", "網": "wǎng",
           "醫": "yī", "療": "liáo", "農": "nóng", "貧": "pín", "救": "jiù", "創": "chuàng", "業": "yè", "廳": "tīng",
           "局": "jú", "辦": "bàn", "點": "diǎn", "據": "jù", "質": "zhì", "量": "liàng", "佈": "bù", "息": "xī"}

# prose assignment wordings: (name, weight); the ones naming a 牵头 unit, and the ones that do not
_LEAD_WORDINGS = [("lead", 0.18), ("lead-cooperate", 0.14), ("leads-by-duty", 0.08), ("lead-cooperate-implement", 0.07),
                  ("collective-leads", 0.05), ("lead-others-cooperate", 0.05), ("lead-implement-word", 0.06),
                  ("lead-collective-implement", 0.05), ("fields-lead-responsible", 0.09),
                  ("fields-lead-cooperate", 0.06), ("lead-and-by-duty", 0.06), ("lead-responsible", 0.06),
                  ("jointly", 0.05)]
_RESPONSIBLE_WORDINGS = [("fields-responsible", 0.3), ("responsible", 0.22), ("respectively-responsible", 0.14),
                         ("sentence", 0.2), ("jointly", 0.14)]


@dataclass
class Assign:
    text: str                       # as printed (before a mirror's conversion)
    duties: list                    # [(full written name, role)]; role "responsible" until the usage decides
    wording: str = "cell"
    names: list = field(default_factory=list)   # a plain list of agencies: the writer prints it


@dataclass
class Req:
    text: str                       # body as printed (prose: without the closing assignment)
    dept: str                       # the department the text is about
    ordinal: str | None = None
    assigns: list = field(default_factory=list)  # the assignments that apply (column order); [] for none
    duties: list = field(default_factory=list)   # [(full name, role)] when no assignment: in-text subjects
    evidence: str | None = None
    line: int = 0
    paren: str = ""                 # prose: the closing parenthesis (or closing sentence) as printed
    partners: tuple = ()            # departments of the theme (cooperating, second lead)
    schedule: list = field(default_factory=list)   # the row's time cell
    wording: str | None = None
    out_text: str | None = None     # the text as finally printed (mirror, pinyin), when it differs


@dataclass
class Theme:
    path: tuple[int, ...]
    ordinal: str | None
    label: str
    line: int = 0
    reqs: list[Req] = field(default_factory=list)
    out_label: str | None = None


@dataclass(frozen=True)
class Col:
    """A column of a pipe / cell_per_line table."""

    kind: str                       # number | theme | text | agency | time | note
    header: str
    role: str = ""                  # agency columns: Lead | responsible | Cooperate


@dataclass
class Row:
    items: list                     # the Req(s) of the row
    cells: dict                     # agency column → Assign | "dash" | "merged"
    time: str | None = None


class _Doc:
    """The lines of one document, with the truth gathered while writing them."""

    def __init__(self):
        self.lines: list[str] = []
        self.defects: Counter = Counter()

    def add(self, line: str = "") -> int:
        self.lines.append(line)
        return len(self.lines)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


# ---------------------------------------------------------------------------------------------
# one plan


class _Plan:
    """One plan: drawn, written line by line (``doc``), and its truth gathered while writing."""

    def __init__(self, rng: random.Random, rates: Rates, j: Jurisdiction, year: int):
        self.rng, self.rates = rng, rates
        self.j, self.year = j, year
        self.level = {"Provincial": "省", "Prefectural": "市"}.get(j.level, "县")
        self.p_ = self.level if self.level != "县" else j.name[-1]        # 县 or 区
        self.layout = rng.choices(LAYOUTS, weights=rates.layouts)[0]
        self.ag = Agencies(rng, self.level, self.year, self.p_, rates)
        self.responsible_only = rng.random() < rates.responsible_only
        self.J = "全" + self.p_
        self.S = self.p_ + "属"
        self.office = "厅" if self.level == "省" else "室"
        self.doc = _Doc()
        self.themes: list[Theme] = []
        self.half = False                   # every ，；：（） printed half-width (web text)
        self.mixed = False                  # half-width in some cells only (2021 style)
        self.texts: set[str] = set()        # item texts so far: no two items of a plan alike
        self.title_printed = ""
        self.title_lines: list[tuple[int, str]] = []    # (line, part) of the plan's title as printed
        self.column_header: str | None = None
        self.columns: list[str] | None = None
        self.cell_form: str | None = None
        self.issued: date | None = None
        self.published: date | None = None
        self.issuer_line: int | None = None
        self.addressee_line: int | None = None
        self.lead_column_printed = False    # a cell printed under a 牵头 column
        self.stream_columns = 0             # agency columns of a cell_per_line table
        self.traditional = False
        self.conv = lambda s: s             # a written string as the document finally prints it
        self.out_title: str | None = None
        self.out_issuer: str | None = None

    # -- wording ------------------------------------------------------------------------------

    def p(self, s: str) -> str:
        """Punctuation as this document prints it (web text often turns ，；：（） half-width)."""
        if self.half or (self.mixed and self.rng.random() < 0.5):
            return s.translate(_HALF)
        return s

    def title(self) -> str:
        who = self.who()
        if self.layout == "prose":
            return f"{self.j.name}贯彻落实{who}《{self.year}年政务公开工作要点》的工作安排"
        return f"{self.j.name}贯彻落实{who}{self.year}年政务公开工作要点分工方案"

    def who(self) -> str:
        """The office whose 工作要点 the plan answers: the State Council's, the province's or the city's."""
        return {"省": "国务院办公厅", "市": "省政府办公厅"}.get(self.level, "市政府办公室")

    def we(self) -> str:
        return "我" + self.p_

    def sentence(self, obj: str, dept: str | None, subject: bool) -> str:
        r = self.rng
        obj = self.fill(obj)
        freq, verb = r.choice(_FREQ), r.choice(_VERB)
        if subject and dept and r.random() < 0.5:
            head = f"{self.ag.dept(dept).full}网站"
        elif r.random() < 0.3:
            head = self.fill(r.choice(_CHANNEL))
        else:
            head = ""
        k = r.random()
        if k < 0.35:
            s = f"{head}{freq}{verb}{obj}。"
        elif k < 0.65:
            s = f"{head}{freq}{verb}{obj}，{self.fill(self.tail())}。"
        elif k < 0.75:
            s = f"{self.fill(r.choice(_DEADLINE))}，{head}{verb}{obj}。"
        elif k < 0.85:
            s = f"{head}{verb}{obj}，{self.fill(r.choice(_DEADLINE))}完成。"
        elif k < 0.92:
            s = f"{self.fill(r.choice(_WITHIN))}{verb}{obj}。"
        else:
            s = f"{head}{freq}{verb}{obj}，{self.fill(self.tail())}；{r.choice(_VERB)}相关解读材料。"
        return s

    def tail(self) -> str:
        """A closing clause of an item's sentence (接受社会监督 only at its rate)."""
        r = self.rng
        k = r.random()
        if k < self.rates.supervision_tail:
            return "接受社会监督"
        return _TAIL[int((k - self.rates.supervision_tail) / (1 - self.rates.supervision_tail) * len(_TAIL)) % len(_TAIL)]

    def requirement_text(self, obj: str, dept: str, subject: bool) -> str:
        for _ in range(20):
            s = self.sentence(obj, dept, subject)
            if self.rng.random() < 0.2:
                s += self.fill(self.rng.choice(_FOLLOW))
            s = self.p(s)
            if s not in self.texts:
                self.texts.add(s)
                return s
        s = self.p(f"进一步做好{self.fill(obj)}公开工作（第{len(self.texts) + 1}项）。")
        self.texts.add(s)
        return s

    # -- content ------------------------------------------------------------------------------

    def fill(self, s: str, domain: str | None = None) -> str:
        s = s.replace("{J}", self.J).replace("{L}", self.p_).replace("{S}", self.S) \
            .replace("{Y}", str(self.year)).replace("{O}", self.office) \
            .replace("{LOWER}", {"省": "各地", "市": "各县区"}.get(self.level, "各乡镇"))
        return s.replace("{D}", domain) if domain else s

    def choose_themes(self, n: int) -> list[tuple[str, list[tuple[str, str]]]]:
        """Pick n themes of the plan's year; each with its objects in the order items will use them."""
        pool = [t for t in _THEMES if t[1] <= self.year <= t[2]]
        out = []
        for labels, _, _, domain, objs in self.rng.sample(pool, min(n, len(pool))):
            own = list(objs)
            self.rng.shuffle(own)
            generic = [(self.fill(o, domain), objs[0][1]) for o in _DOMAIN_OBJECTS] if domain else []
            self.rng.shuffle(generic)
            out.append((self.rng.choice(labels), own + generic))
        return out

    def make_reqs(self, objs, k: int, subject: bool) -> list[Req]:
        """k items about the theme's objects, each object once before any is used again."""
        partners = tuple(dict.fromkeys(d for _, d in objs))
        out = []
        for i in range(k):
            obj, dept = objs[i % len(objs)]
            out.append(Req(self.requirement_text(obj, dept, subject), dept, partners=partners))
        return out

    def table_themes(self, n_themes: int) -> None:
        """The themes of a table, each with 1-12 items (about its objects)."""
        for n, (label, objs) in enumerate(self.choose_themes(n_themes), start=1):
            t = Theme((n,), cn_numeral(n), self.p(label))
            t.reqs = self.make_reqs(objs, self.rng.randint(1, 12), subject=False)
            self.themes.append(t)

    # -- agencies of an assignment ------------------------------------------------------------------

    def other_dept(self, dept: str, partners: tuple = ()) -> str:
        """Another department for the same item: one of the theme's, else a usual partner."""
        same = self.ag.names[dept]
        pool = [k for k in partners if self.ag.names[k] != same]
        if not pool or self.rng.random() < 0.3:
            pool = [k for k in ("cz", "fgw", "bgt", "tj", "sf", "rs") if self.ag.names[k] != same]
        return self.rng.choice(pool)

    def others(self, dept: str, partners: tuple, k: int, exclude: list[Agency] = ()) -> list[Agency]:
        """Up to k other departments (none of ``exclude``)."""
        out: list[Agency] = []
        for _ in range(k):
            a = self.ag.dept(self.other_dept(dept, partners))
            if a not in out and a not in exclude and a.full != self.ag.dept(dept).full:
                out.append(a)
        return out

    def lead_names(self, depts: list[str], partners: tuple = ()) -> list[Agency]:
        """Agencies of a 牵头落实单位 cell: the departments, sometimes a second one, sometimes collectives."""
        r = self.rng
        if r.random() < self.rates.collective:
            return self.ag.coll(r.choice([self.ag.both, f"{self.ag.all_units}、{self.ag.lower}", self.ag.lower]))
        names: list[Agency] = []
        for d in depts:
            a = self.ag.dept(d)
            if a not in names:
                names.append(a)
        if r.random() < self.rates.second_agency:
            a = self.ag.dept(self.other_dept(depts[0], partners))
            if a not in names:
                names.append(a)
        return names

    def units(self, dept: str, partners: tuple, exclude: list[Agency]) -> list[Agency]:
        """Units that implement beside a lead: the lower governments, the departments, or a few others."""
        r, ag = self.rng, self.ag
        k = r.random()
        if k < 0.3:
            return ag.coll(ag.lower)
        if k < 0.55:
            return ag.coll(f"{ag.all_units}、{ag.lower}")
        if k < 0.7:
            return ag.coll(ag.both)
        return self.others(dept, partners, r.randint(1, 3), exclude) or ag.coll(ag.lower)

    def dist(self, agencies: list[Agency]) -> tuple[str, bool]:
        """Write a list of departments, the prefix on the first only when the plan does so."""
        if len(agencies) > 1 and all(not a.collective for a in agencies) and self.rng.random() < self.rates.distributed_prefix:
            return "、".join([agencies[0].full] + [a.bare for a in agencies[1:]]), True
        return "、".join(a.full for a in agencies), False

    def names_text(self, agencies: list[Agency]) -> str:
        """A list of agencies as printed, counting a distributed prefix."""
        text, distributed = self.dist(agencies)
        if distributed:
            self.doc.defects["distributed-prefix"] += 1
        return text

    def impl_cell(self, depts: list[str], partners: tuple = ()) -> Assign:
        """A 落实单位 cell (2021 style): roles in words, the lower governments first."""
        r = self.rng
        ag = self.ag
        lower = Agency(ag.lower, ag.lower, True)
        leads = []
        for d in depts:
            a = ag.dept(d)
            if a not in leads:
                leads.append(a)
        if r.random() < 0.2:
            a = ag.dept(self.other_dept(depts[0], partners))
            if a not in leads:
                leads.append(a)
        lead_text = self.names_text(leads)
        k = r.random()
        if self.responsible_only:
            k = 0.4 + 0.6 * k               # a plan that never names 牵头 units
        if k < 0.4:
            other = Agency(ag.other_units, ag.other_units, True)
            text = f"{lower.full}；{lead_text}牵头，{other.full}按职责分工落实"
            duties = [(lower.full, "responsible")] + [(a.full, "Lead") for a in leads] + [(other.full, "responsible")]
        elif k < 0.6:
            text = f"{lower.full}；{lead_text}"
            duties = [(lower.full, "responsible")] + [(a.full, "responsible") for a in leads]
        elif k < 0.75:
            text = f"{lower.full}；{ag.all_units}"
            duties = [(lower.full, "responsible"), (ag.all_units, "responsible")]
        elif k < 0.85:
            sup = [ag.dept("fgw"), ag.dept("cz")] if r.random() < 0.5 else [ag.dept("gs")]
            sup_text = self.names_text(sup)
            text = f"{lower.full}；{ag.all_units}。{sup_text}按照职责分工强化监管。"
            duties = [(lower.full, "responsible"), (ag.all_units, "responsible")] + [(a.full, "Supervise") for a in sup]
        elif k < 0.93:
            text = f"{lead_text}按职责分工落实"
            duties = [(a.full, "responsible") for a in leads]
        else:
            text = ag.all_units
            duties = [(ag.all_units, "responsible")]
        return Assign(self.p(text), duties)

    def prose_assign(self, dept: str, partners: tuple = (), sentence_ok: bool = True) -> Assign:
        """The assignment closing a prose paragraph: a parenthesis, or (wording ``sentence``) a closing sentence."""
        r = self.rng
        ag = self.ag
        lead = ag.dept(dept)
        coops = self.others(dept, partners, r.choice([0, 0, 1, 1, 2]), [lead])
        if self.responsible_only or r.random() < self.rates.responsible_item:
            return self._responsible_assign(lead, coops, dept, partners, sentence_ok)
        wording = r.choices([w for w, _ in _LEAD_WORDINGS], [p for _, p in _LEAD_WORDINGS])[0]
        co = coops or self.others(dept, partners, 1, [lead]) or [ag.dept("cz" if dept != "cz" else "fgw")]
        lower = Agency(ag.lower, ag.lower, True)
        if wording == "lead":
            text, duties = f"{lead.full}牵头", [(lead.full, "Lead")]
        elif wording == "lead-cooperate":
            text = f"{lead.full}牵头，{self.names_text(co)}配合"
            duties = [(lead.full, "Lead")] + [(a.full, "Cooperate") for a in co]
        elif wording == "leads-by-duty":
            text = f"{'、'.join(a.full for a in [lead] + co)}按职责分工分别牵头"
            duties = [(a.full, "Lead") for a in [lead] + co]
        elif wording == "lead-cooperate-implement":
            text = f"{lead.full}牵头，{co[0].full}配合，{lower.full}落实"
            duties = [(lead.full, "Lead"), (co[0].full, "Cooperate"), (lower.full, "responsible")]
        elif wording == "collective-leads":
            leads = [lead] + co[:1]
            text = f"{lower.full}，{'、'.join(a.full for a in leads)}分别牵头"
            duties = [(lower.full, "Lead")] + [(a.full, "Lead") for a in leads]
        elif wording == "lead-others-cooperate":
            text = f"{lead.full}牵头，{co[0].full}等有关部门配合"
            duties = [(lead.full, "Lead"), (co[0].full, "Cooperate"), ("等有关部门", "Cooperate")]
        elif wording == "lead-implement-word":
            text, duties = f"{lead.full}牵头落实", [(lead.full, "Lead")]
        elif wording == "lead-collective-implement":
            units = ag.coll(ag.both) if r.random() < 0.5 else [Agency(ag.all_units, ag.all_units, True)]
            text = f"{lead.full}牵头，{'、'.join(a.full for a in units)}落实"
            duties = [(lead.full, "Lead")] + [(a.full, "responsible") for a in units]
        elif wording == "fields-lead-responsible":
            leads = [lead] + (co[:1] if r.random() < 0.3 else [])
            units = self.units(dept, partners, leads)
            text = f"牵头单位：{self.names_text(leads)}；责任单位：{self.names_text(units)}"
            duties = [(a.full, "Lead") for a in leads] + [(a.full, "responsible") for a in units]
        elif wording == "fields-lead-cooperate":
            text = f"牵头单位：{lead.full}；配合单位：{self.names_text(co)}"
            duties = [(lead.full, "Lead")] + [(a.full, "Cooperate") for a in co]
        elif wording == "lead-and-by-duty":
            first = co[0] if r.random() < 0.5 else Agency(ag.all_units, ag.all_units, True)
            text = f"{lead.full}牵头，{first.full}和{lower.full}按职责分工负责"
            duties = [(lead.full, "Lead"), (first.full, "responsible"), (lower.full, "responsible")]
        elif wording == "lead-responsible":
            units = self.units(dept, partners, [lead])
            text = f"{lead.full}牵头，{self.names_text(units)}负责落实"
            duties = [(lead.full, "Lead")] + [(a.full, "responsible") for a in units]
        else:                                   # jointly
            text = f"{lead.full}会同{self.names_text(co)}负责"
            duties = [(lead.full, "Lead")] + [(a.full, "Cooperate") for a in co]
        return Assign(self.p(text), duties, wording)

    def _responsible_assign(self, lead: Agency, coops: list[Agency], dept: str, partners: tuple,
                            sentence_ok: bool) -> Assign:
        """An assignment naming no 牵头 unit: 责任单位 fields, 负责落实, 分别负责落实, 由X负责 or X会同Y负责."""
        r, ag = self.rng, self.ag
        pool = [(w, p) for w, p in _RESPONSIBLE_WORDINGS
                if (w != "sentence" or sentence_ok) and (w != "jointly" or self.responsible_only)]
        wording = r.choices([w for w, _ in pool], [p for _, p in pool])[0]
        names = [lead] + coops
        if wording in ("fields-responsible", "responsible") and r.random() < 0.25:
            names = names[:1] + ag.coll(r.choice([ag.lower, ag.both, f"{ag.all_units}、{ag.lower}"]))
        if wording == "respectively-responsible" and len(names) < 2:
            names += self.others(dept, partners, 1, names) or ag.coll(ag.lower)
        if wording == "fields-responsible":
            text = f"责任单位：{self.names_text(names)}"
            duties = [(a.full, "responsible") for a in names]
        elif wording == "responsible":
            text = f"{self.names_text(names)}负责落实"
            duties = [(a.full, "responsible") for a in names]
        elif wording == "respectively-responsible":
            text = f"{self.names_text(names)}分别负责落实"
            duties = [(a.full, "responsible") for a in names]
        elif wording == "sentence":
            head = r.choice(["此项工作", "此项工作", "该项工作", ""])
            text = f"{head}由{lead.full}负责" + (f"，{self.names_text(coops)}配合" if coops else "")
            duties = [(lead.full, "responsible")] + [(a.full, "Cooperate") for a in coops]
        else:                                   # jointly
            co = coops or self.others(dept, partners, 1, [lead]) or [ag.dept("cz" if dept != "cz" else "fgw")]
            text = f"{lead.full}会同{self.names_text(co)}负责"
            duties = [(lead.full, "Lead")] + [(a.full, "Cooperate") for a in co]
        return Assign(self.p(text), duties, wording)

    # -- title block ----------------------------------------------------------------------------

    def issuer(self) -> str:
        return f"{self.j.name}人民政府办公{self.office}"

    def dates(self) -> tuple[date, date]:
        issued = date(self.year, self.rng.randint(3, 8), self.rng.randint(1, 28))
        return issued, issued + timedelta(days=self.rng.randint(0, 10))

    def addressees(self) -> str:
        if self.level == "省":
            return self.p(self.rng.choice(["各地级以上市人民政府，省政府各部门、各直属机构：",
                                           "各市人民政府，省政府各厅委、各直属机构："]))
        if self.level == "市":
            return self.p(self.rng.choice(["各县（市、区）人民政府，市政府各部门、各直属单位：",
                                           "各区县人民政府，市政府各委办局："]))
        return self.p(self.rng.choice([f"各乡镇人民政府，{self.p_}政府各部门：",
                                       f"各乡镇（街道），{self.p_}直各单位："]))

    def _notice(self, blank_between: bool, nav: bool) -> None:
        """The covering notice: its title, addressees, text, signature (issuer and date); on a web page
        (``nav``) the page's head above it (breadcrumbs or a repost header, a source line)."""
        r, d, rates = self.rng, self.doc, self.rates
        issued, published = self.dates()
        self.issued = issued
        title = self.title()

        def add(s):
            n = d.add(s)
            if blank_between:
                d.add()
            return n
        repost = False
        if nav:
            if r.random() < rates.repost:
                repost = True
                when = date(min(2024, self.year + r.randint(1, 3)), r.randint(1, 12), r.randint(1, 28))
                add("客服热线：0755-8882 8155")
                add(f"Admin - admin 于{when.year}年{when.month:02d}月{when.day:02d}日发表  ")
                d.defects["repost-header"] += 1
            else:
                d.add(r.choice(["您现在的位置: 首页 >> 政务公开", "您现在的位置：首页 > 政务公开 > 计划规划",
                                "当前位置：首页 > 政府信息公开 > 规划计划", "首页 > 信息公开 > 正文",
                                "首页  >  信息公开  >  法规文件  >  其他文件 > 正文",
                                "您当前的位置：首页>>政务公开>>政府信息公开>>通知公告"]))
                d.defects["breadcrumb"] += 1
            d.defects["navigation"] += 1
        notice = f"{self.issuer()}关于印发{title}的通知"
        if not nav and r.random() < 0.5:
            cut = notice.index("关于")
            cut = r.choice([cut, notice.index("《") if "《" in notice else cut])
            if cut == notice.index("关于"):
                d.add(f"{self.issuer()}印发")
                d.add(notice[cut:].replace("关于印发", "关于"))
            else:
                d.add(notice[:cut])
                d.add(notice[cut:])
            if blank_between:
                d.add()
        else:
            add(notice)
        if nav and not repost:
            self.published = published
            if r.random() < 0.5:
                add(self.p(f"信息来源：{self.issuer()} 发布日期：{published.year}年{published.month:02d}月"
                           f"{published.day:02d}日"))
            else:
                add(f"来源：{self.issuer()}  发布时间：{published.isoformat()}")
                d.defects["source-line"] += 1
            if r.random() < 0.4:
                for ln in r.choice([["【打印】【关闭】"], ["打印", "分享到"], ["【打印】 【关闭】"]]):
                    add(ln)
                d.defects["print-buttons"] += 1
        self.addressee_line = add(self.addressees())
        quoted = title.replace("《", "〈").replace("》", "〉")
        approver = {"省": "省政府", "市": "市政府"}.get(self.level, f"{self.p_}政府")
        if r.random() < rates.masked:
            # a bid-information mirror masks numbers and names in the notice ( * , *** , (略) )
            masked = quoted.replace(str(self.year), " * ").replace(self.j.name, " (略) ")
            if self.level == "省":
                add(self.p(f"《{masked}》已经***同意，现印发给你们，请 (略) 。"))
            else:
                add(self.p(f"经***同意，现将《{masked}》印发给你们，请结合实际 (略) 。"))
            d.defects["masked-notice"] += 1
        elif self.level == "省":
            add(self.p(f"《{quoted}》已经{approver}同意，现印发给你们，请结合实际认真贯彻落实。"))
        else:
            add(self.p(f"现将《{quoted}》印发给你们，请结合实际认真贯彻执行。"))
        self.issuer_line = add(self.issuer())
        add(f"{issued.year}年{issued.month}月{issued.day}日")
        d.defects["signature-block"] += 1
        if self.nbsp:
            for _ in range(r.randint(2, 6)):
                d.add("\u00a0" * r.randint(1, 30))
            d.defects["nbsp-padding"] += 1

    def _page_foot(self) -> None:
        """The web page's footer under the plan."""
        r, d = self.rng, self.doc
        foot = r.choice([["扫一扫在手机打开当前页", "【打印本页】 【关闭窗口】"],
                         ["新媒体", "微信 微信 微信二维码", "手机版 手机版 手机版二维码",
                          f"{self.j.name} {self.j.name} {self.j.name}"],
                         [f"主办：{self.issuer()}  承办：{self.j.name}大数据中心"],
                         [f"网站标识码{self.j.code}0001", f"版权所有：{self.j.name}人民政府",
                          f"主办：{self.issuer()}承办：{self.j.name}信息中心"]])
        if r.random() < self.rates.print_close_footer:
            foot = [r.choice(["【打印】【关闭】", "【打印】 【关闭】"])] + foot
            d.defects["print-close-footer"] += 1
        for ln in foot:
            d.add(ln)
        if any(ln.startswith("主办") for ln in foot):
            d.defects["site-footer"] += 1
        d.defects["navigation"] += 1

    # -- layouts --------------------------------------------------------------------------------

    def build(self, n_themes: int) -> None:
        r = self.rng
        self.nbsp = self.layout != "tsv_table" and r.random() < self.rates.nbsp_padding
        getattr(self, "_" + self.layout)(n_themes)
        self._finish()

    def _table_rows(self, theme: Theme, style: str, shared_ok: bool):
        """Group a theme's requirements into rows: (items, cell or None for a blank merged cell)."""
        r, rates = self.rng, self.rates
        rows = []
        i = 0
        reqs = theme.reqs
        while i < len(reqs):
            size = 1
            if shared_ok and len(reqs) - i >= 2 and r.random() < rates.shared_block:
                size = r.randint(2, min(5, len(reqs) - i))
            items = reqs[i:i + size]
            if rows and r.random() < rates.merged_cell:
                rows.append((items, None))
            else:
                rows.append((items, self._tsv_cell(style, items)))
            i += size
        return rows

    def _tsv_cell(self, style: str, items: list[Req]):
        depts = [q.dept for q in items]
        if style == "lead":
            return self.lead_names(depts, items[0].partners)
        return self.impl_cell(depts, items[0].partners)

    def _number_items(self, continuous: bool) -> None:
        """Item numbers: per theme (a one-item theme may print none) or running across the plan."""
        running = 0
        for t in self.themes:
            single = len(t.reqs) == 1 and not continuous and self.rng.random() < self.rates.unnumbered_single
            for k, q in enumerate(t.reqs, start=1):
                running += 1
                q.ordinal = None if single else str(running if continuous else k)

    def _tsv_table(self, n_themes: int) -> None:
        r, d, rates = self.rng, self.doc, self.rates
        style = "impl" if self.responsible_only else r.choice(["lead", "impl"])
        header = "牵头落实单位" if style == "lead" else "落实单位"
        self.column_header = header
        self.columns = ["工作任务", "具体要求", header]
        self.mixed = style == "impl" and r.random() < 0.5
        self.table_themes(n_themes)
        self._number_items(continuous=(style == "impl"))
        space = " " if style == "lead" else ""
        title = self.title()
        if r.random() < rates.pdf_spaces:
            title = title.replace(f"{self.year}年", f" {self.year} 年")
            d.defects["pdf-spaced-title"] += 1
        self.title_printed = title
        d.add()
        d.add()
        self.title_lines = [(d.add(title), title)]
        d.add()
        head_row = f"工作任务\t具体要求\t{header}"
        d.add(head_row)
        page_left = r.randint(*rates.page_rows)
        break_style = "theme" if style == "lead" else "header"
        table = [self._table_rows(t, style, shared_ok=True) for t in self.themes]
        if table and table[-1] and table[-1][-1][1] is None:
            # the table's last row prints its cell: a document ending on a blank cell may be cut off
            items = table[-1][-1][0]
            table[-1][-1] = (items, self._tsv_cell(style, items))
        for t, rows in zip(self.themes, table):
            prev_cell: Assign | None = None
            for row_no, (items, cell) in enumerate(rows):
                repeat_theme = False
                if page_left <= 0:
                    d.add()
                    if break_style == "header":
                        d.add(head_row)
                        d.defects["repeated-header-row"] += 1
                        repeat_theme = row_no > 0 and r.random() < 0.6
                    else:
                        repeat_theme = row_no > 0
                    if repeat_theme:
                        d.defects["repeated-theme-heading"] += 1
                    page_left = r.randint(*rates.page_rows)
                page_left -= 1
                theme_cell = f"{t.ordinal}、{t.label}" if row_no == 0 or repeat_theme else ""
                if len(items) > 1:
                    d.defects["shared-block"] += 1
                    if style == "lead" or r.random() < 0.5:
                        text_cell = " ".join(f"<p>{q.ordinal}.{space}{q.text}</p>" for q in items)
                    else:
                        text_cell = " ".join(f"{q.ordinal}.{q.text}" for q in items)
                else:
                    q = items[0]
                    text_cell = f"{q.ordinal}.{space}{q.text}" if q.ordinal else q.text
                if cell is None:
                    d.defects["merged-cell"] += 1
                    agency_cell, assign = "", prev_cell
                    evidence = "MergedCell"
                else:
                    if isinstance(cell, Assign):
                        assign = cell
                        agency_cell = cell.text
                    else:
                        agency_cell, assign = self._lead_cell_tsv(cell, multi=len(items) > 1)
                        self.lead_column_printed = True
                    prev_cell = assign
                    evidence = "SharedBlock" if len(items) > 1 else "Explicit"
                line = d.add(f"{theme_cell}\t{text_cell}\t{agency_cell}")
                if row_no == 0:
                    t.line = line
                for q in items:
                    q.line, q.evidence = line, evidence
                    q.assigns = [assign] if assign is not None else []

    def _lead_cell_tsv(self, names: list[Agency], multi: bool) -> tuple[str, Assign]:
        duties = [(a.full, "Lead") for a in names]
        if len(names) == 1:
            return names[0].full, Assign(names[0].full, duties)
        k = self.rng.random()
        if multi and k < 0.3:
            text = " ".join(f"<p>{a.full}</p>" for a in names)
            plain = " ".join(a.full for a in names)
        elif k < 0.8:
            text = plain = " ".join(a.full for a in names)
        else:
            text = plain = "、".join(a.full for a in names)
        return text, Assign(plain, duties)

    # -- pipe and cell_per_line tables -------------------------------------------------------------

    def _agency_headers(self) -> list[Col]:
        """The agency columns of a pipe / cell_per_line table, by the plan's convention."""
        r = self.rng
        two = r.random() < self.rates.second_column
        if self.responsible_only:
            first = Col("agency", r.choice(["责任单位", "责任单位", "落实单位"]), "responsible")
            return [first, Col("agency", "配合单位", "Cooperate")] if two else [first]
        if two:
            second = r.choice([("责任单位", "responsible"), ("责任单位", "responsible"), ("配合单位", "Cooperate")])
            return [Col("agency", "牵头单位", "Lead"), Col("agency", *second)]
        return [Col("agency", r.choice(["牵头单位", "牵头落实单位"]), "Lead")]

    def _time_header(self) -> list[Col]:
        if self.rng.random() < self.rates.time_column:
            return [Col("time", self.rng.choice(["完成时限", "完成时限", "时限要求", "时限", "完成时间"]))]
        return []

    def _table_cell(self, col: Col, items: list[Req], main: bool, taken: list[Agency] = ()) -> Assign:
        """An agency cell of a pipe / cell_per_line table under ``col`` (naming none of ``taken``)."""
        r, ag = self.rng, self.ag
        depts = [q.dept for q in items]
        partners = items[0].partners
        taken = [a.full for a in taken] + [ag.dept(d).full for d in depts]
        if col.role == "Lead":
            names = self.lead_names(depts, partners)
            return Assign("", [(a.full, "Lead") for a in names], "cell", names)
        if col.role == "responsible" and main:
            names = self.lead_names(depts, partners)
            depts_only = all(not a.collective for a in names)
            k = r.random()
            by_duty = self.rates.by_duty_before_cell if self.stream_columns > 1 else self.rates.by_duty_cell
            if depts_only and k < by_duty:
                text = self.names_text(names) + "等按职责分工落实"
                return Assign(self.p(text), [(a.full, "responsible") for a in names], "cell-by-duty")
            if depts_only and self.responsible_only and by_duty <= k < by_duty + self.rates.jointly_cell:
                co = self.others(depts[0], partners, 1, names)
                if co:
                    text = f"{names[0].full}会同{co[0].full}"
                    return Assign(text, [(names[0].full, "Lead"), (co[0].full, "Cooperate")], "cell-jointly")
            return Assign("", [(a.full, "responsible") for a in names], "cell", names)
        if col.role == "responsible":
            names = [a for a in self.units(depts[0], partners, []) if a.full not in taken] or self._spare(taken)
            if all(not a.collective for a in names) and r.random() < self.rates.by_duty_cell:
                text = self.names_text(names) + "等按职责分工落实"   # the last agency column: nothing follows it
                return Assign(self.p(text), [(a.full, "responsible") for a in names], "cell-by-duty")
            return Assign("", [(a.full, "responsible") for a in names], "cell", names)
        names = ([a for a in self.others(depts[0], partners, r.randint(1, 2)) if a.full not in taken]
                 if r.random() < 0.8 else []) or self._spare(taken)
        return Assign("", [(a.full, "Cooperate") for a in names], "cell", names)

    def _spare(self, taken: list[str]) -> list[Agency]:
        """A collective no other cell of the row names."""
        ag = self.ag
        name = next(n for n in (ag.all_units, ag.lower, ag.other_units) if n not in taken)
        return [Agency(name, name, True)]

    def _grid_rows(self, theme: Theme, cols: list[Col], side: str) -> list[Row]:
        """One row per item: its agency cells (printed, —— or merged) and its time cell.

        A merged row leaves blank the leading agency columns (``side`` prefix: pipes show where the
        blank is) or the trailing ones (``suffix``: the printed cells stay in the leading columns)."""
        r, rates = self.rng, self.rates
        acols = [i for i, c in enumerate(cols) if c.kind == "agency"]
        timed = any(c.kind == "time" for c in cols)
        rows = []
        last: dict = {}                     # agency column → the cell printed last in this theme
        for n, q in enumerate(theme.reqs):
            merged: list[int] = []
            if n > 0 and r.random() < rates.merged_cell:
                k = len(acols) if len(acols) == 1 or r.random() < 0.5 else 1
                merged = acols[:k] if side == "prefix" else acols[len(acols) - k:]
            cells: dict = {}
            # no unit in two columns of one row, a merged cell's units included
            taken: list[Agency] = [Agency(name, name) for ci in merged if isinstance(last.get(ci), Assign)
                                   for name, _ in last[ci].duties]
            for ci in acols:
                cells[ci] = "merged" if ci in merged else self._table_cell(cols[ci], [q], ci == acols[0], taken)
                if cells[ci] != "merged":
                    taken += [Agency(name, name) for name, _ in cells[ci].duties]

            def units_of(ci):
                st = last.get(ci) if cells[ci] == "merged" else cells[ci]
                return set(name for name, _ in st.duties) if isinstance(st, Assign) else set()
            named = [name for ci in acols for name in units_of(ci)]
            if merged and len(named) != len(set(named)):
                # the cells above name a unit of this row's own cell: the row prints its cells
                merged, taken = [], []
                for ci in acols:
                    cells[ci] = self._table_cell(cols[ci], [q], ci == acols[0], taken)
                    taken += [Agency(name, name) for name, _ in cells[ci].duties]
            if not merged and len(acols) > 1:
                if r.random() < rates.dash_cell:
                    cells[acols[1]] = "dash"
                elif cols[acols[0]].role == "Lead" and cols[acols[1]].role == "responsible" \
                        and r.random() < rates.responsible_item:
                    cells[acols[0]] = "dash"        # an item naming only 责任单位 units: it has no lead
            time = self.fill(r.choice(_TIMES)) if timed else None
            rows.append(Row([q], cells, time))
            last.update({ci: st for ci, st in cells.items() if st != "merged"})
        return rows

    def _all_rows(self, cols: list[Col], side: str) -> list[list[Row]]:
        table = [self._grid_rows(t, cols, side) for t in self.themes]
        last = table[-1][-1] if table and table[-1] else None
        acols = [i for i, c in enumerate(cols) if c.kind == "agency"]
        if last is not None and last.time is None and all(last.cells[ci] == "merged" for ci in acols):
            # the table's last row prints a cell: a document ending on an item alone may be cut off
            last.cells[acols[0]] = self._table_cell(cols[acols[0]], last.items, True)
            if len(acols) > 1 and side == "prefix":
                last.cells[acols[1]] = self._table_cell(cols[acols[1]], last.items, False)
        return table

    def _resolve_row(self, row: Row, acols: list[int], above: dict) -> None:
        """The row's items take its printed cells, and the cells above for its blank ones."""
        assigns, evidence = [], None
        for ci in acols:
            st = row.cells[ci]
            if st == "merged":
                st = above.get(ci)
                self.doc.defects["merged-cell"] += 1
                if isinstance(st, Assign):
                    assigns.append(st)
                    evidence = evidence or "MergedCell"
                continue
            above[ci] = st
            if st == "dash":
                self.doc.defects["dash-cell"] += 1
                continue
            assigns.append(st)
            evidence = evidence or "Explicit"
        for q in row.items:
            q.assigns, q.evidence = list(assigns), evidence
            q.schedule = [row.time] if row.time else []
            q.wording = next((a.wording for a in assigns), None)

    def _cell_text(self, cell: Assign, header: str) -> str:
        """Print an agency cell on one line (a plain list of names: its separators, a distributed prefix)."""
        if "牵头" in header:
            self.lead_column_printed = True
        if cell.names and not cell.text:
            if len(cell.names) > 1 and self.rng.random() < 0.2:
                cell.text = self.p("，").join(a.full for a in cell.names)
            else:
                cell.text = self.p(self.names_text(cell.names))
        return cell.text

    def _pipe_table(self, n_themes: int) -> None:
        r, d, rates = self.rng, self.doc, self.rates
        self.half = r.random() < rates.half_width
        agencies = self._agency_headers()
        cols = [Col("number", "序号"), Col("theme", r.choice(["工作任务", "工作任务", "重点任务"])),
                Col("text", r.choice(["具体要求", "细化分工", "具体任务"]))] + agencies + self._time_header()
        note = r.random() < rates.note_column
        if note:
            cols.append(Col("note", "备注"))
        self.columns = [c.header for c in cols]
        self.column_header = agencies[0].header
        self.table_themes(n_themes)
        self._number_items(continuous=True)
        numbered = r.random() < rates.numbered_task
        if not numbered:
            for t in self.themes:
                t.ordinal = None
        site = r.random() < rates.site
        if site or r.random() < 0.6:
            self._notice(blank_between=False, nav=site)
        title = self.title()
        self.title_printed = title
        closing = r.random() < 0.5
        self.title_lines = [(d.add(title + (" |" if closing else "")), title)]
        spaced = r.random() < rates.spaced_header
        if spaced:
            d.defects["spaced-header"] += 1
        d.add(" | ".join(" ".join(c.header) if spaced and len(c.header) > 2 and c.kind != "agency" else c.header
                         for c in cols) + " |")
        acols = [i for i, c in enumerate(cols) if c.kind == "agency"]
        for t, rows in zip(self.themes, self._all_rows(cols, "prefix")):
            above: dict = {}
            for row_no, row in enumerate(rows):
                q = row.items[0]
                cells = []
                for i, c in enumerate(cols):
                    if c.kind == "number":
                        cells.append(q.ordinal)
                    elif c.kind == "theme" and row_no == 0:
                        cells.append(f"{t.ordinal}、{t.label}" if t.ordinal else t.label)
                    elif c.kind == "text":
                        cells.append(q.text)
                    elif c.kind == "agency":
                        st = row.cells[i]
                        if st == "dash":
                            cells.append("——")
                        elif st != "merged":
                            cells.append(self._cell_text(st, c.header))
                    elif c.kind == "time":
                        cells.append(row.time)
                if row_no > 0:
                    d.defects["merged-task-cell"] += 1
                line = d.add(" | ".join(cells) + " |")
                if note:
                    d.add("|")
                    d.defects["lone-pipe-empty-cell"] += 1
                if row_no == 0:
                    t.line = line
                q.line = line
                self._resolve_row(row, acols, above)
        if site:
            self._page_foot()

    def _stream_columns(self) -> list[Col]:
        r = self.rng
        agencies = self._agency_headers()
        if self.responsible_only or len(agencies) > 1 or r.random() < 0.5:
            text = r.choice([[Col("theme", "工作任务"), Col("text", "具体要求")], [Col("text", "工作任务")],
                             [Col("text", "任务")], [Col("text", "工作任务及要求")],
                             [Col("theme", "工作事项"), Col("text", "具体任务")]])
            return text + agencies + self._time_header()
        return [Col("theme", "工作任务"), Col("text", "具体要求"), Col("agency", "牵头落实单位", "Lead")]

    def _cell_per_line(self, n_themes: int) -> None:
        r, d, rates = self.rng, self.doc, self.rates
        self.half = r.random() < rates.half_width
        form = r.choices(CELL_FORMS, rates.cell_forms)[0]
        self.cell_form = form
        cols = self._stream_columns()
        self.columns = [c.header for c in cols]
        acols = [i for i, c in enumerate(cols) if c.kind == "agency"]
        self.stream_columns = len(acols)
        self.column_header = cols[acols[0]].header
        self.table_themes(n_themes)
        self._number_items(continuous=False)
        width = r.randint(6, 8)          # characters a line of the web table's agency column holds
        paragraph = form == "paragraph"
        self._notice(blank_between=paragraph, nav=True)
        if paragraph and r.random() < 0.5:
            d.add(" ")
            d.add()
        self.title_printed = self.title()
        self.title_lines = [(d.add(self.title_printed), self.title_printed)]
        d.add()
        spaced = form == "closing-pipe" and r.random() < rates.spaced_header

        def emit(lines: list[str], pipes: int = 0) -> int:
            first = 0
            for k, ln in enumerate(lines):
                if form == "closing-pipe":
                    extra = pipes if k == len(lines) - 1 else 0
                    ln = ln + " |" + (("|" * extra) if r.random() < 0.5 else (" |" * extra))
                no = d.add(ln)
                first = first or no
                if paragraph:
                    d.add()
                elif form == "lone-pipe":
                    d.add("|")
            return first
        for c in cols:
            emit([" ".join(c.header) if spaced and len(c.header) > 2 else c.header])
        if spaced:
            d.defects["spaced-header"] += 1
        if form == "closing-pipe":
            d.defects["closing-pipe-cells"] += 1
        elif form == "lone-pipe":
            d.defects["lone-pipe-separators"] += 1
        for t, rows in zip(self.themes, self._all_rows(cols, "prefix" if form == "closing-pipe" else "suffix")):
            colspan = len(cols) - 1 if form == "closing-pipe" and r.random() < 0.5 else 0
            t.line = emit([f"{t.ordinal}、{t.label}"], colspan)
            above: dict = {}
            for row in rows:
                q = row.items[0]
                blank = [ci for ci in acols if row.cells[ci] == "merged"]
                printed = [ci for ci in acols if ci not in blank]
                if blank and form == "closing-pipe":
                    d.defects["placeholder-pipes"] += 1
                q.line = emit([f"{q.ordinal}.{q.text}" if q.ordinal else q.text],
                              len(blank) if form == "closing-pipe" and not printed else 0)
                for ci in printed:
                    st = row.cells[ci]
                    pipes = len(blank) if form == "closing-pipe" and ci == printed[-1] else 0
                    if st == "dash":
                        emit(["——"], pipes)
                    elif paragraph and st.names and not st.text:
                        if "牵头" in cols[ci].header:
                            self.lead_column_printed = True
                        lines = self._cpl_agency_lines(st.names, width)
                        st.text = "".join(lines)
                        emit(lines)
                    else:
                        emit([self._cell_text(st, cols[ci].header)], pipes)
                if row.time:
                    emit([row.time])
                if paragraph and r.random() < 0.05:
                    d.add(" ")
                    d.add()
                self._resolve_row(row, acols, above)
        for _ in range(r.randint(1, 3)):
            d.add(" ")
            d.add()
        self._page_foot()

    def _cpl_agency_lines(self, names: list[Agency], width: int) -> list[str]:
        """Print an agency cell on lines: one line, a list wrapped after its separator, a name broken."""
        r, d = self.rng, self.doc
        sep = r.choice(["、", "、", self.p("，")])
        if len(names) > 1 and r.random() < self.rates.wrapped_list:
            d.defects["wrapped-agency-list"] += 1
            lines = [a.full + sep for a in names[:-1]] + [names[-1].full]
        else:
            lines = [sep.join(a.full for a in names)]
        if r.random() < self.rates.broken_name:
            last = lines[-1]
            # the web column holds `width` characters; a single name breaks there when its first
            # part ends in no organ suffix (市人力资源社会 / 保障局)
            if len(last) > width + 1 and last[width - 1] not in "局厅委办室部府会处组站所队院区镇署心" \
                    and last[0] in "省市县区各" and not any(c in last for c in "、，,（()）"):
                lines[-1:] = [last[:width], last[width:]]
                d.defects["broken-agency-name"] += 1
        return lines

    # -- prose --------------------------------------------------------------------------------------

    def _prose(self, n_themes: int) -> None:
        r, d, rates = self.rng, self.doc, self.rates
        self.half = r.random() < rates.half_width
        self.column_header = None
        blank = r.random() < 0.5
        nested = r.random() < 0.6
        site = r.random() < rates.site

        def add(s):
            if self.nbsp and r.random() < 0.1:
                s += "\u00a0" * r.randint(2, 6)             # a run of nbsp after the paragraph
            n = d.add(s)
            if blank:
                d.add()
            if self.nbsp and r.random() < 0.08:
                d.add("\u00a0" * r.randint(1, 8))
            return n
        picked = self.choose_themes(n_themes)
        self._notice(blank_between=blank, nav=site)
        title = self.title()
        if r.random() < rates.title_break:
            cut = title.index("《")
            self.title_lines = [(d.add(title[:cut]), title[:cut]), (d.add(title[cut:]), title[cut:])]
            if blank:
                d.add()
            d.defects["title-broken"] += 1
        else:
            self.title_lines = [(add(title), title)]
        self.title_printed = title
        who = self.who()
        add(self.p(f"为贯彻落实{who}《{self.year}年政务公开工作要点》精神，结合{self.we()}"
                   f"实际，作出如下工作安排。"))
        if not nested:
            for n, (label, objs) in enumerate(picked, start=1):
                t = Theme((n,), cn_numeral(n), self.p(label))
                t.line = add(f"{t.ordinal}、{t.label}")
                self.themes.append(t)
                for q in self.make_reqs(objs, r.randint(1, 12), subject=True):
                    self._close(q)
                    q.line = add(q.text + q.paren)
                    t.reqs.append(q)
            if site:
                self._page_foot()
            return
        top = Theme((1,), "一", "重点工作任务")
        top.line = add("一、重点工作任务")
        self.themes.append(top)
        groups: list[list] = []
        i = 0
        while i < len(picked):
            k = r.randint(2, 4)
            groups.append(picked[i:i + k])
            i += k
        group_labels = r.sample(_GROUPS, min(len(groups), len(_GROUPS)))
        while len(group_labels) < len(groups):
            group_labels.append(f"推进重点领域信息公开（{len(group_labels) + 1}）")
        for g, (glabel, members) in enumerate(zip(group_labels, groups), start=1):
            gt = Theme((1, g), f"({cn_numeral(g)})", self.p(glabel))
            gt.line = add(self.p(f"（{cn_numeral(g)}）{glabel}。"))
            self.themes.append(gt)
            slot = 0
            for label, objs in members:
                slot += 1
                if r.random() < rates.numbered_sentence:
                    # "2.One sentence.（X牵头）": a numbered requirement directly under the group
                    obj, dept = r.choice(objs)
                    q = Req(self.p(self._one_sentence(obj)), dept, ordinal=str(slot))
                    self._close(q, sentence_ok=False)
                    q.line = add(f"{slot}.{q.text}{q.paren}")
                    gt.reqs.append(q)
                    d.defects["numbered-sentence-item"] += 1
                    slot += 1
                st = Theme((1, g, len([t for t in self.themes if t.path[:2] == (1, g) and len(t.path) == 3]) + 1),
                           str(slot), self.p(label))
                reqs = self.make_reqs(objs, r.randint(1, 12), subject=True)
                for q in reqs:
                    self._close(q)
                first = reqs[0]
                line = add(f"{slot}.{st.label}。{first.text}{first.paren}")
                st.line = first.line = line
                for q in reqs[1:]:
                    q.line = add(q.text + q.paren)
                st.reqs = reqs
                self.themes.append(st)
        if r.random() < rates.requirements_part:
            part = Theme((2,), "二", "工作要求")
            part.line = add("二、工作要求")
            self.themes.append(part)
            for g, (head, para, who) in enumerate(r.sample(_REQUIREMENTS_PART, r.randint(2, 4)), start=1):
                t = Theme((2, g), f"({cn_numeral(g)})", head)
                q = Req(self.p(self.fill(para)), "")
                q.duties = [(self.fill(w), "responsible") for w in who]
                q.evidence = "InText" if who else None
                q.wording = "in-text-subject" if who else None
                t.line = q.line = add(self.p(f"（{cn_numeral(g)}）{head}。") + q.text)
                t.reqs = [q]
                self.themes.append(t)
                d.defects["no-parenthesis-paragraph"] += 1
        if site:
            self._page_foot()

    def _one_sentence(self, obj: str) -> str:
        for _ in range(20):
            s = f"{self.rng.choice(_FREQ)}{self.rng.choice(_VERB)}{self.fill(obj)}。"
            if s not in self.texts:
                self.texts.add(s)
                return s
        s = f"做好{self.fill(obj)}公开工作（第{len(self.texts) + 1}项）。"
        self.texts.add(s)
        return s

    def _close(self, q: Req, sentence_ok: bool = True) -> None:
        a = self.prose_assign(q.dept, q.partners, sentence_ok)
        q.assigns, q.wording = [a], a.wording
        if a.wording == "sentence":
            q.evidence = "InText"
            q.paren = a.text + self.p("。")
            self.doc.defects["closing-sentence"] += 1
        else:
            q.evidence = "Explicit"
            q.paren = self.p(f"（{a.text}）")

    # -- the mirror: traditional script, pinyin, lost indents ---------------------------------------

    def _finish(self) -> None:
        r, rates, d = self.rng, self.rates, self.doc
        if self.layout != "tsv_table" and r.random() < rates.traditional:
            self._to_traditional()
            if self.traditional and r.random() < rates.pinyin:
                self._inject_pinyin()
        if self.layout == "prose" and r.random() < rates.lost_indent and self.addressee_line:
            for i in range(self.addressee_line, len(d.lines)):
                if d.lines[i].strip(" \u00a0\u3000"):
                    d.lines[i] = "??" + d.lines[i]
            d.defects["lost-indent"] += 1

    def _printed_spans(self) -> list[tuple[object, str, int, str]]:
        """(owner, attribute, line, text) for every truth string that is a piece of one printed line."""
        out: list = []
        for t in self.themes:
            out.append((t, "out_label", t.line, t.label))
            for q in t.reqs:
                out.append((q, "out_text", q.line, self._printed_text(q)))
        return out

    def _printed_text(self, q: Req) -> str:
        return q.text + q.paren if self.layout == "prose" else q.text

    def _to_traditional(self) -> None:
        """Mirror the whole document in traditional script; the truth's texts follow the printed lines."""
        d = self.doc

        def hant(s: str) -> str:
            return zhconv.convert(s, "zh-hant")
        lines = [hant(ln) for ln in d.lines]

        def mapped(no: int, s: str) -> str | None:
            src, out = d.lines[no - 1], lines[no - 1]
            at = src.find(s)
            if at < 0:
                return None
            piece = out[at:at + len(s)] if len(src) == len(out) else hant(s)
            return piece if piece in out else None
        spans = [(o, a, mapped(no, s)) for o, a, no, s in self._printed_spans()]
        title = [mapped(no, s) for no, s in self.title_lines]
        issuer = mapped(self.issuer_line, self.issuer()) if self.issuer_line else ""
        if any(v is None for _, _, v in spans) or any(v is None for v in title) or issuer is None:
            return                          # a phrase converted across a cell's edge: stay simplified
        for o, a, v in spans:
            setattr(o, a, v)
        self.out_title = "".join(title)
        self.out_issuer = issuer or None
        d.lines = lines
        self.conv = hant
        self.traditional = True
        d.defects["traditional-mirror"] += 1

    def _inject_pinyin(self) -> None:
        """A mirror's pinyin after a few characters of items (公開(kāi)) and of an agency name."""
        r, d = self.rng, self.doc
        reqs = [q for t in self.themes for q in t.reqs if q.out_text]
        for q in r.sample(reqs, min(len(reqs), r.randint(1, 3))):
            line = d.lines[q.line - 1]
            at = line.find(q.out_text)
            spots = [i for i, ch in enumerate(q.out_text) if i > 1 and ch in _PINYIN and i < len(q.out_text) - 1]
            if at < 0 or not spots:
                continue
            i = r.choice(spots)
            text = q.out_text[:i + 1] + f"({_PINYIN[q.out_text[i]]})" + q.out_text[i + 1:]
            d.lines[q.line - 1] = line[:at] + text + line[at + len(q.out_text):]
            q.out_text = text
            d.defects["pinyin"] += 1
        if self.layout == "prose":
            # a name inside a closing parenthesis: its label is the name's, the pinyin left out
            for q in (q for t in self.themes for q in t.reqs if q.assigns and q.paren.startswith(("（", "("))):
                line = d.lines[q.line - 1]
                paren = self.conv(q.paren)
                at = line.find(paren)
                spots = [i for i, ch in enumerate(paren) if ch in _PINYIN and 1 < i < len(paren) - 2]
                if at < 0 or not spots or not q.out_text or not q.out_text.endswith(paren):
                    continue
                i = r.choice(spots)
                new = paren[:i + 1] + f"({_PINYIN[paren[i]]})" + paren[i + 1:]
                d.lines[q.line - 1] = line[:at] + new + line[at + len(paren):]
                q.out_text = q.out_text[:-len(paren)] + new
                d.defects["pinyin-in-name"] += 1
                break

    # -- truth ----------------------------------------------------------------------------------

    def uses_lead(self) -> bool:
        """Whether the document names a 牵头 unit anywhere: a role word, a field label or a column."""
        if self.lead_column_printed:
            return True
        return any("牵头" in a.text for t in self.themes for q in t.reqs for a in q.assigns)

    def truth(self, file: str) -> dict:
        lead = self.uses_lead()
        conv = self.conv

        def label(name: str) -> str:
            return resolve(conv(name), self.j).label

        def as_written(name: str, assign: Assign | None) -> str:
            """The name as the document prints it: web text may turn its brackets half-width."""
            half = name.translate(_HALF)
            if assign is not None and name not in assign.text and half in assign.text:
                return half
            return name

        def role_of(role: str) -> str:
            if role == "responsible":
                return "Implement" if lead else "Lead"
            return role

        def duties_of(pairs) -> list[list[str]]:
            out: list[list[str]] = []
            for name, role in pairs:
                item = [label(name), role_of(role)]
                if item not in out:
                    out.append(item)
            return out

        reqs = []
        wordings: Counter = Counter()
        for t in self.themes:
            for q in t.reqs:
                text = q.out_text or self._printed_text(q)
                pairs = ([(as_written(n, a), role) for a in q.assigns for n, role in a.duties] if q.assigns
                         else [(as_written(n, None) if not self.half else n.translate(_HALF), role)
                               for n, role in q.duties])
                if q.wording:
                    wordings[q.wording] += 1
                reqs.append({"theme": list(t.path), "theme_ordinal": t.ordinal, "ordinal": q.ordinal,
                             "line": q.line, "text": text, "evidence": q.evidence,
                             "assignment": conv(q.assigns[0].text) if q.assigns else None,
                             "wording": q.wording, "schedule": [conv(s) for s in q.schedule],
                             "written": [[conv(n), role_of(role)] for n, role in pairs],
                             "duties": duties_of(pairs)})
        reqs.sort(key=lambda x: (x["line"], x["theme"]))
        return {
            "file": file,
            "title": self.out_title or self.title_printed,
            "year": self.year,
            "jurisdiction": self.j.code,
            "jurisdiction_name": self.j.name,
            "level": self.level,
            "layout": self.layout,
            "cell_form": self.cell_form,
            "script": "traditional" if self.traditional else "simplified",
            "convention": "names-lead" if lead else "responsible-leads",
            "column_header": conv(self.column_header) if self.column_header else None,
            "columns": [conv(c) for c in self.columns] if self.columns else None,
            "issuer": (self.out_issuer or self.issuer()) if self.issued else None,
            "issued": self.issued.isoformat() if self.issued else None,
            "published": self.published.isoformat() if self.published else None,
            "themes": [{"path": list(t.path), "ordinal": t.ordinal, "label": t.out_label or t.label, "line": t.line}
                       for t in self.themes],
            "requirements": reqs,
            "wordings": dict(sorted(wordings.items())),
            "defects": dict(sorted(self.doc.defects.items())),
        }


def _jurisdictions() -> tuple[list[Jurisdiction], list[Jurisdiction], list[Jurisdiction]]:
    """From data/gb2260.tsv: the provinces named …省 (Taiwan aside), their prefecture-level cities (…市)
    and those cities' counties and districts (…县, …区)."""
    with resources.files("build_graph.data").joinpath("gb2260.tsv").open(encoding="utf-8") as fh:
        rows = [Jurisdiction(*r) for r in csv.reader(fh, delimiter="\t")
                if len(r) == 4 and not r[0].startswith("#") and r[0] != "code"]
    provinces = [j for j in rows if j.level == "Provincial" and j.name.endswith("省") and j.code != "710000"]
    codes = {j.code for j in provinces}
    cities = [j for j in rows if j.level == "Prefectural" and j.name.endswith("市") and j.parent in codes]
    city_codes = {j.code for j in cities}
    # counties whose name alone tells which they are (桥东区 is a district of three cities: documents write 邢台市桥东区)
    counties = [j for j in rows if j.level == "County" and j.name.endswith(("县", "区")) and len(j.name) > 2
                and j.parent in city_codes and find_at_start(j.name) == j]
    return tuple(sorted(js, key=lambda j: j.code) for js in (provinces, cities, counties))


YEARS = range(2016, 2024)


def _slots(master: random.Random, n: int, provinces, cities, counties) -> list[tuple[Jurisdiction, int]]:
    """``n`` distinct (jurisdiction, year) pairs: one plan per jurisdiction and year, as governments issue them.

    Levels are drawn in proportion to how many governments each has (provinces : cities : counties), so a
    large corpus looks like the country's; each pair is drawn at most once.
    """
    pools = [list(provinces), list(cities), list(counties)]
    taken: set = set()
    weights = [len(p) for p in pools]
    total = sum(weights) * len(YEARS)
    if n > total:
        raise ValueError(f"at most {total} distinct plans (jurisdiction × year) can be drawn")
    out = []
    while len(out) < n:
        pool = master.choices(pools, weights)[0]
        j, year = master.choice(pool), master.choice(YEARS)
        if (j.code, year) not in taken:
            taken.add((j.code, year))
            out.append((j, year))
    return out




def _make(rng: random.Random, rates: Rates, j: Jurisdiction, year: int) -> tuple[_Plan, str]:
    plan = _Plan(rng, rates, j, year)
    plan.build(rng.randint(5, 20))
    return plan, plan.doc.text()


def write_corpus(n_plans: int, seed: int, out_dir: Path, rates: Rates = Rates()) -> Summary:
    """Write ``n_plans`` synthetic plan documents and ``truth/<stem>.json`` beside them into ``out_dir``.

    Deterministic for a seed: plan ``i`` draws from its own generator seeded from
    ``random.Random(seed)``, so the first plans of a larger corpus are the same documents.
    """
    out_dir = Path(out_dir)
    truth_dir = out_dir / "truth"
    truth_dir.mkdir(parents=True, exist_ok=True)
    provinces, cities, counties = _jurisdictions()
    master = random.Random(seed)
    slots = _slots(random.Random(f"slots-{seed}"), n_plans, provinces, cities, counties)
    summary = Summary(out_dir=out_dir)
    width = max(4, len(str(n_plans)))
    for i in range(n_plans):
        rng = random.Random(master.getrandbits(64))
        plan, text = _make(rng, rates, *slots[i])
        stem = f"synth-{seed}-{i + 1:0{width}d}"
        path = out_dir / f"{stem}.txt"
        path.write_text(text, encoding="utf-8", newline="\n")
        truth = plan.truth(path.name)
        tpath = truth_dir / f"{stem}.json"
        tpath.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8", newline="\n")
        summary.files.append(path)
        summary.truth_files.append(tpath)
        summary.themes += len(truth["themes"])
        summary.requirements += len(truth["requirements"])
        summary.duties += sum(len(r["duties"]) for r in truth["requirements"])
        summary.layouts[plan.layout] += 1
        summary.defects.update(plan.doc.defects)
    return summary
