"""The four real plans, built end to end: values established by reading the documents.

Guangdong 2017 (tab-separated, 牵头落实单位), Zhongshan 2017 (cell per line),
Liaoning 2017 (prose), Guangdong 2021 (tab-separated, 落实单位).
"""

from __future__ import annotations

import hashlib

import pytest

from build_graph.reader import read_document
from build_graph.textnorm import is_blank
from tests.conftest import DOCUMENTS, iri

GD17, ZS17, LN17, GD21 = "440000-2017", "442000-2017", "210000-2017", "440000-2021"


@pytest.mark.parametrize("plan,themes,reconstructed,requirements", [
    (GD17, 22, 1, 118),   # 一…二十二, 九's heading lost; 5+12+1+2+11+6+4+5+2+6+12+5+5+9+3+4+4+6+4+4+6+2
    (ZS17, 22, 0, 114),
    (LN17, 38, 0, 48),    # 一、二 / (一)…(六),(一)…(七) / 1.… ; 41 paragraphs of part 一, 7+1 of part 二
    (GD21, 12, 0, 50),    # items numbered 1-50 across 12 unnumbered themes
])
def test_counts(corpus_build, plan, themes, reconstructed, requirements):
    result, _ = corpus_build
    s = result.stats[plan]
    assert (s.themes, s.reconstructed, s.requirements) == (themes, reconstructed, requirements)


def test_plans_and_lineage(sparql):
    rows = sparql("""SELECT ?p ?y ?j ?impl WHERE { ?p a zwgk:Plan ; zwgk:year ?y ; zwgk:jurisdiction ?j .
                     OPTIONAL { ?p zwgk:implements ?impl } } ORDER BY ?p""")
    assert rows == [
        (iri("plan/210000-2017"), "2017", iri("jurisdiction/210000"), iri("plan/CN-2017")),
        (iri("plan/440000-2017"), "2017", iri("jurisdiction/440000"), iri("plan/CN-2017")),
        (iri("plan/440000-2021"), "2021", iri("jurisdiction/440000"), iri("plan/CN-2021")),
        (iri("plan/442000-2017"), "2017", iri("jurisdiction/442000"), iri("plan/440000-2017")),
        (iri("plan/CN-2017"), "2017", iri("jurisdiction/CN"), None),
        (iri("plan/CN-2021"), "2021", iri("jurisdiction/CN"), None),
    ]


def test_plan_metadata(sparql):
    rows = dict(sparql("""SELECT ?p ?x WHERE { ?p a zwgk:Plan . OPTIONAL { ?p dcterms:issued ?i }
                          OPTIONAL { ?p zwgk:issuedBy/rdfs:label ?by FILTER(LANG(?by) = "zh") } BIND(CONCAT(STR(COALESCE(?i, "-")), " ",
                          STR(COALESCE(?by, "-"))) AS ?x) }"""))
    assert rows[iri("plan/210000-2017")] == "2017-04-26 辽宁省人民政府办公厅"
    # Zhongshan's signature date is printed "201769": repaired, the only valid reading
    assert rows[iri("plan/442000-2017")] == "2017-06-09 中山市人民政府办公室"
    # the Guangdong texts state neither issuer nor date: left open, never invented
    assert rows[iri("plan/440000-2017")] == "- -"
    assert rows[iri("plan/440000-2021")] == "- -"
    assert sparql("SELECT ?n WHERE { <%s> zwgk:documentNumber ?n }" % iri("plan/CN-2017")) == [("国办发〔2017〕24号",)]
    assert sparql("SELECT ?t WHERE { <%s> dcterms:title ?t }" % iri("plan/210000-2017")) == [
        ("关于贯彻落实国务院办公厅《2017年政务公开工作要点》的工作安排",)]


def leads(sparql, req: str, role: str = "Lead") -> list[tuple]:
    return sorted(sparql(f"""SELECT ?label ?ev ?w WHERE {{ ?o zwgk:requirement <{iri(req)}> ; zwgk:role zwgk:{role} ;
        zwgk:agency/rdfs:label ?label ; zwgk:evidence ?e ; zwgk:asWritten ?w . FILTER(LANG(?label) = "zh")
        BIND(STRAFTER(STR(?e), "#") AS ?ev) }}"""))


def test_guangdong_2017_explicit_and_merged(sparql):
    assert leads(sparql, f"plan/{GD17}/req/1-3") == [("广东省财政厅", "Explicit", "省财政厅")]
    # 二.4 has a blank lead cell: the merged cell above (二.3's row) covers it — recorded as such
    assert leads(sparql, f"plan/{GD17}/req/2-4") == [("广东省人力资源和社会保障厅", "MergedCell", "省人力资源社会保障厅")]
    assert sparql(f"SELECT ?r WHERE {{ ?o zwgk:requirement <{iri(f'plan/{GD17}/req/2-4')}> ; zwgk:readFrom ?r }}") == [
        (iri(f"plan/{GD17}/req/2-3"),)]
    # 省府办公厅 (2017) and 省政府办公厅 (2021) are one body
    assert leads(sparql, f"plan/{GD17}/req/19-3") == [("广东省人民政府办公厅", "Explicit", "省府办公厅")]


def test_guangdong_2017_displaced_and_lost(sparql):
    # 五.11 is printed beside 六's heading (line 34): its number continues 五
    rows = sparql(f"SELECT ?l ?t WHERE {{ <{iri(f'plan/{GD17}/req/5-11')}> zwgk:sourceLine ?l ; zwgk:theme ?t }}")
    assert rows == [("34", iri(f"plan/{GD17}/theme/5"))]
    assert leads(sparql, f"plan/{GD17}/req/5-11") == [("广东省经济和信息化委员会", "MergedCell", "省经济和信息化委")]
    # 九's heading and items 1-4 are lost; items 5-6 printed beside 十 belong to a reconstructed 九
    rows = sparql(f"""SELECT ?o ?label WHERE {{ <{iri(f'plan/{GD17}/theme/9')}> a zwgk:ReconstructedTheme ;
                      zwgk:ordinal ?o ; rdfs:label ?label . FILTER(LANG(?label) = "zh") }}""")
    assert rows == [("九", "九（标题在原文中缺失）")]
    items = sparql(f"SELECT ?l WHERE {{ ?r zwgk:theme <{iri(f'plan/{GD17}/theme/9')}> ; zwgk:sourceLine ?l }} ORDER BY ?l")
    assert items == [("46",), ("47",)]
    assert leads(sparql, f"plan/{GD17}/req/9-5") == [("广东省科学技术厅", "Explicit", "省科技厅")]
    assert sparql(f"SELECT ?l WHERE {{ ?r zwgk:theme <{iri(f'plan/{GD17}/theme/10')}> ; zwgk:ordinal '1'@zh ; zwgk:sourceLine ?l }}") == [("48",)]


def test_guangdong_2017_shared_block_and_agency_rows(sparql):
    # 八's five items share one cell; rows 41-44 carry only agencies and continue it
    assert [x[0] for x in leads(sparql, f"plan/{GD17}/req/8-3")] == sorted(
        ["广东省财政厅", "广东省国家税务局", "广东省地方税务局", "广东省发展和改革委员会", "广东省经济和信息化委员会"])
    assert {x[1] for x in leads(sparql, f"plan/{GD17}/req/8-3")} == {"SharedBlock"}
    assert [x[0] for x in leads(sparql, f"plan/{GD17}/req/4-2")] == ["广东省发展和改革委员会", "广东省财政厅"]
    collective = sparql(f"""SELECT ?label WHERE {{ ?o zwgk:requirement <{iri(f'plan/{GD17}/req/5-7')}> ;
                            zwgk:agency ?a . ?a a zwgk:CollectiveAgency ; rdfs:label ?label FILTER(LANG(?label) = "zh") }} ORDER BY ?label""")
    assert collective == [("各地",), ("各部门",)]


def test_zhongshan(sparql):
    # 市人力资源社会 / 保障局 broken over lines 41/43
    assert leads(sparql, f"plan/{ZS17}/req/1-2") == [("中山市人力资源和社会保障局", "Explicit", "市人力资源社会保障局")]
    assert leads(sparql, f"plan/{ZS17}/req/2-5") == [("中山市财政局", "MergedCell", "市财政局")]
    # 市政府办公室 with the sub-unit (市政府督查室)
    rows = sparql(f"""SELECT ?a ?u WHERE {{ ?o zwgk:requirement <{iri(f'plan/{ZS17}/req/19-3')}> ;
                      zwgk:agency/rdfs:label ?a ; zwgk:unit/rdfs:label ?u FILTER(LANG(?a) = "zh" && LANG(?u) = "zh") }}""")
    assert rows == [("中山市人民政府办公室", "中山市人民政府督查室")]
    party = sparql("SELECT ?l WHERE { ?a a zwgk:PartyOrgan ; rdfs:label ?l FILTER(LANG(?l) = \"zh\") }")
    assert party == [("中共中山市委宣传部",)]
    assert sorted(x[0] for x in leads(sparql, f"plan/{ZS17}/req/20-1")) == [
        "中共中山市委宣传部", "中山市人民政府各部门", "各镇区"]


def test_liaoning_roles(sparql):
    req17 = f"plan/{LN17}/req/1-1-2-p1"     # line 17: 省地税局、省国税局、省物价局分别牵头，省财政厅配合
    assert [x[0] for x in leads(sparql, req17)] == ["辽宁省国家税务局", "辽宁省地方税务局", "辽宁省物价局"]
    assert leads(sparql, req17, "Cooperate") == [("辽宁省财政厅", "Explicit", "省财政厅")]
    req54 = f"plan/{LN17}/req/1-6-1-p2"     # (省编委办牵头，省政府办公厅配合，各市政府、省政府各部门落实)
    assert leads(sparql, req54) == [("辽宁省机构编制委员会办公室", "Explicit", "省编委办")]
    assert leads(sparql, req54, "Cooperate") == [("辽宁省人民政府办公厅", "Explicit", "省政府办公厅")]
    assert [x[0] for x in leads(sparql, req54, "Implement")] == ["各市人民政府", "辽宁省政府各部门"]
    # a central body's local branch
    rows = sparql("""SELECT ?p WHERE { ?a rdfs:label "中国人民银行沈阳分行"@zh ; org:subOrganizationOf/rdfs:label ?p ;
                     zwgk:jurisdiction ?j FILTER(LANG(?p) = "zh") }""")
    assert rows == [("中国人民银行",)]
    # part 二 has no parentheses: 各级政府要… is read in the text, the rest is addressed to no one
    assert leads(sparql, f"plan/{LN17}/req/2-3-p1", "Implement") == [("各级政府", "InText", "各级政府")]
    none = sparql("SELECT ?r WHERE { ?r zwgk:addressedToNoOne true } ORDER BY ?r")
    assert none == [(iri(f"plan/{LN17}/req/2-2-p1"),), (iri(f"plan/{LN17}/req/2-4-p1"),), (iri(f"plan/{LN17}/req/2-5-p1"),)]


def test_liaoning_time(sparql):
    rows = sparql(f"""SELECT ?w ?d WHERE {{ <{iri(f'plan/{LN17}/req/1-6-1-p2')}> zwgk:deadline ?x .
                      ?x zwgk:asWritten ?w ; zwgk:date ?d }} ORDER BY ?d""")
    assert rows == [("11月底前", "2017-11-30"), ("12月底前", "2017-12-31")]
    rows = sparql(f"""SELECT ?w ?h WHERE {{ <{iri(f'plan/{LN17}/req/2-6-p1')}> zwgk:deadline ?x .
                      ?x zwgk:asWritten ?w ; zwgk:withinHours ?h }} ORDER BY ?h""")
    assert rows == [("5小时内", "5"), ("24小时内", "24")]
    # deadlines are named by what they say, not by their order in the item
    rows = sparql(f"""SELECT ?x WHERE {{ <{iri(f'plan/{LN17}/req/1-6-1-p2')}> zwgk:deadline ?x }} ORDER BY ?x""")
    assert rows == [(iri(f"plan/{LN17}/req/1-6-1-p2/deadline/2017-11-30"),),
                    (iri(f"plan/{LN17}/req/1-6-1-p2/deadline/2017-12-31"),)]
    rows = sparql(f"""SELECT ?x WHERE {{ <{iri(f'plan/{LN17}/req/2-6-p1')}> zwgk:deadline ?x }} ORDER BY ?x""")
    assert rows == [(iri(f"plan/{LN17}/req/2-6-p1/deadline/within-24-hours"),),
                    (iri(f"plan/{LN17}/req/2-6-p1/deadline/within-5-hours"),)]
    rows = sparql(f"""SELECT ?f WHERE {{ <{iri(f'plan/{LN17}/req/1-2-4-p1')}> zwgk:frequency ?x .
                      BIND(STRAFTER(STR(?x), "#") AS ?f) }} ORDER BY ?f""")
    assert rows == [("EveryFiveDays",), ("Monthly",), ("Weekly",)]
    assert sparql(f"""SELECT ?f WHERE {{ <{iri(f'plan/{GD17}/req/7-4')}> zwgk:frequency ?x .
                      BIND(STRAFTER(STR(?x), "#") AS ?f) }} ORDER BY ?f""") == [("Biweekly",), ("Quarterly",), ("Yearly",)]


def test_guangdong_2021_roles(sparql):
    # 各地级以上市人民政府；省发展改革委、商务厅、市场监管局牵头，省直其他单位按职责分工落实
    assert leads(sparql, f"plan/{GD21}/req/2-3") == [
        ("广东省发展和改革委员会", "SharedBlock", "省发展改革委"),
        ("广东省商务厅", "SharedBlock", "商务厅"),
        ("广东省市场监督管理局", "SharedBlock", "市场监管局")]
    assert [x[0] for x in leads(sparql, f"plan/{GD21}/req/2-3", "Implement")] == ["各地级以上市人民政府", "广东省直其他单位"]
    assert [x[0] for x in leads(sparql, f"plan/{GD21}/req/11-38", "Supervise")] == [
        "广东省发展和改革委员会", "广东省审计厅", "广东省市场监督管理局", "广东省财政厅"]
    # "32.2021年底前…": item 32, followed by a year
    rows = sparql(f"""SELECT ?o ?d WHERE {{ <{iri(f'plan/{GD21}/req/9-32')}> zwgk:ordinal ?o ;
                      zwgk:deadline/zwgk:date ?d }}""")
    assert rows == [("32", "2021-12-31")]
    same = sparql("""SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?o zwgk:agency ?a ; zwgk:requirement/zwgk:plan ?p .
                     ?a rdfs:label "广东省人民政府办公厅"@zh }""")
    assert same == [("2",)]


def test_agencies_keep_every_written_form(sparql):
    rows = sparql("""SELECT ?w WHERE { ?a rdfs:label "广东省人民政府办公厅"@zh ; skos:altLabel ?w } ORDER BY ?w""")
    assert rows == [("省府办公厅",), ("省政府办公厅",)]
    bad = sparql("""SELECT ?a WHERE { ?a a zwgk:Agency . FILTER NOT EXISTS { ?a skos:altLabel ?w } }""")
    assert bad == []


def test_repairs_recorded(sparql):
    rows = sparql(f"""SELECT ?k (COUNT(?x) AS ?n) WHERE {{ <{iri(f'plan/{GD17}')}> zwgk:repair ?x .
                      ?x zwgk:repairKind ?k }} GROUP BY ?k ORDER BY ?k""")
    assert rows == [("agency-only-row-attached", "4"), ("item-beside-wrong-header", "1"),
                    ("lost-theme-item", "2"), ("merged-repeated-theme-header", "3")]
    rows = sparql(f"""SELECT ?l ?o ?r WHERE {{ <{iri(f'plan/{ZS17}')}> zwgk:repair ?x . ?x zwgk:repairKind "garbled-date" ;
                      zwgk:sourceLine ?l ; zwgk:originalText ?o ; zwgk:repairedText ?r }}""")
    assert rows == [("17", "201769", "2017-06-09")]
    # repairs and open questions are named by kind and line, never by a counter
    counters = sparql("""SELECT ?x WHERE { { ?p zwgk:repair ?x } UNION { ?p zwgk:openQuestion ?x }
                         FILTER(REGEX(STR(?x), "/[0-9]+$")) }""")
    assert counters == []
    assert (iri(f"plan/{GD17}/repair/agency-only-row-attached-L41"),) in sparql(
        f"SELECT ?x WHERE {{ <{iri(f'plan/{GD17}')}> zwgk:repair ?x }}")


def test_nothing_lost(corpus_build):
    """Every non-blank line is a theme, requirement, agency cell, metadata line or residue."""
    result, out = corpus_build
    residue = {(name, r.line) for name, r in result.residue}
    for plan in result.plans.values():
        doc = read_document(plan.path)
        content = set(plan.meta.meta_lines) | {t.line for t in plan.parsed.themes if t.line}
        for r in plan.parsed.requirements:
            content.add(r.line)
            content.update(r.assignment.lines if r.assignment else [])
        for n, line in enumerate(doc.lines, start=1):
            if not is_blank(line):
                assert n in content or (plan.path.name, n) in residue, f"{plan.path.name}:{n} lost"
    text = (out / "residue.tsv").read_text(encoding="utf-8")
    assert "zhongshan-2017-city-plan.txt\t468\tnavigation boilerplate of the web page" in text
    assert "guangdong-2021-province-plan.txt\t13\ttable header row repeated after a page break" in text
    assert "not recognised" not in text


def test_sources_are_the_documents(sparql):
    rows = sparql("SELECT ?f ?h WHERE { ?p a zwgk:Plan ; prov:wasDerivedFrom ?s . ?s zwgk:fileName ?f ; zwgk:sha256 ?h } ORDER BY ?f")
    expected = sorted((p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in DOCUMENTS.glob("*.txt"))
    assert rows == expected
