"""English labels beside the Chinese ones (issue 15): from our own tables, transliteration marked.

Every agency, jurisdiction, 2018-reform successor and change event carries exactly one ``rdfs:label
"…"@en`` beside its ``@zh`` one; bodies say how it was made (``zwgk:englishLabelBasis``
``zwgk:NameTable`` | ``zwgk:Transliteration``).  The values here are the tables' (build_graph/data/
places_en.tsv, departments_en.tsv) and the composition rules of build_graph/english.py.

Run: ``.venv/bin/python -m pytest tests/test_english_labels.py -q``
"""

from __future__ import annotations

import pytest
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import ORG, RDF, RDFS

from build_graph import english as E
from build_graph.agencies import resolve
from build_graph.jurisdictions import COUNTRY, get, placeholder

Z = Namespace("https://w3id.org/zwgk/ontology#")
ID = "https://w3id.org/zwgk/id/"


def _labels(graph, node, lang):
    return sorted(str(x) for x in graph.objects(URIRef(node), RDFS.label) if getattr(x, "language", None) == lang)


# -- places ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name,level,english", [
    ("广东省", "Provincial", "Guangdong Province"),
    ("中山市", "Prefectural", "Zhongshan City"),
    ("东城区", "County", "Dongcheng District"),
    ("北京市", "Provincial", "Beijing Municipality"),
    ("辽宁省", "Provincial", "Liaoning Province"),
    ("陕西省", "Provincial", "Shaanxi Province"),
    ("内蒙古自治区", "Provincial", "Inner Mongolia Autonomous Region"),
    ("广西壮族自治区", "Provincial", "Guangxi Zhuang Autonomous Region"),
    ("新疆维吾尔自治区", "Provincial", "Xinjiang Uygur Autonomous Region"),
    ("香港特别行政区", "Provincial", "Hong Kong Special Administrative Region"),
    ("恩施土家族苗族自治州", "Prefectural", "Enshi Tujia and Miao Autonomous Prefecture"),
    ("长白朝鲜族自治县", "County", "Changbai Korean Autonomous County"),
    ("锡林郭勒盟", "Prefectural", "Xilin Gol League"),
    ("神农架林区", "County", "Shennongjia Forestry District"),
    ("和县", "County", "Hexian County"),            # a one-character proper name keeps its generic
])
def test_place_names(name, level, english):
    assert E.place_name(name, level) == english


@pytest.mark.parametrize("name,level,english", [
    # characters pypinyin reads otherwise outside place names: places_en.tsv's name and char rows
    ("重庆市", "Provincial", "Chongqing Municipality"), ("长沙市", "Prefectural", "Changsha City"),
    ("厦门市", "Prefectural", "Xiamen City"), ("蚌埠市", "Prefectural", "Bengbu City"),
    ("六安市", "Prefectural", "Lu'an City"), ("长治市", "Prefectural", "Changzhi City"),
    ("朝阳区", "County", "Chaoyang District"), ("长宁区", "County", "Changning District"),
    ("闵行区", "County", "Minhang District"), ("乐亭县", "County", "Laoting County"),
    ("单县", "County", "Shanxian County"), ("西安市", "Prefectural", "Xi'an City"),
])
def test_polyphonic_place_names(name, level, english):
    assert E.place_name(name, level) == english


def test_the_country_and_an_unstated_jurisdiction():
    assert E.jurisdiction(COUNTRY) == "People's Republic of China"
    assert E.jurisdiction(placeholder("ab" * 32), "x.txt") == "jurisdiction not stated in the source (x.txt)"


# -- bodies ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("written,plan_code,english", [
    ("广东省财政厅", "440000", "Department of Finance of Guangdong Province"),
    ("省发展改革委", "440000", "Development and Reform Commission of Guangdong Province"),
    ("省政府办公厅", "440000", "General Office of the People's Government of Guangdong Province"),
    ("省公安厅", "440000", "Department of Public Security of Guangdong Province"),
    ("省生态环境厅", "440000", "Department of Ecology and Environment of Guangdong Province"),
    ("省卫生健康委", "440000", "Health Commission of Guangdong Province"),
    ("省市场监管局", "440000", "Administration for Market Regulation of Guangdong Province"),
    ("中山市财政局", "442000", "Finance Bureau of Zhongshan City"),
    ("市政府办公室", "442000", "General Office of the People's Government of Zhongshan City"),
    ("市委宣传部", "442000", "Publicity Department of the CPC Committee of Zhongshan City"),
    ("国务院办公厅", "440000", "General Office of the State Council"),
    ("人民银行沈阳分行", "210000", "Shenyang Branch of the People's Bank of China"),
    ("各地、各部门", "440000", "all localities and departments"),
    ("省直各单位", "440000", "all units directly under the government of Guangdong Province"),
    ("市委", "442000", "CPC Committee of Zhongshan City"),          # the committee itself, not " of the CPC …"
])
def test_agency_names_from_the_tables(written, plan_code, english):
    e = E.agency(resolve(written, get(plan_code)))
    assert (e.text, e.basis) == (english, E.TABLE)


def test_an_unknown_department_is_a_marked_transliteration():
    e = E.agency(resolve("省网格化服务管理中心", get("440000")))
    # the organ word and the place from the tables, the field in pinyin
    assert (e.text, e.basis) == ("Wangge Hua Fuwu Guanli Center of Guangdong Province", E.TRANSLITERATION)


def test_a_branch_in_a_place_the_tables_do_not_know_is_marked():
    assert E.body("国家税务总局高新技术产业开发区税务局", "440000") == E.English(
        "Gaoxinjishuchanyekaifa Tax Service of the State Taxation Administration", E.TRANSLITERATION)
    assert E.body("中国人民银行沈阳分行", "210000") == E.English("Shenyang Branch of the People's Bank of China", E.TABLE)


def test_digits_and_latin_stay_whole_and_no_label_is_empty():
    e = E.agency(resolve("市12345热线", get("442000")))
    assert (e.text, e.basis) == ("12345 Rexian of Zhongshan City", E.TRANSLITERATION)
    assert E.transliterate("ABC123热线") == "ABC123 Rexian"
    # a name the composition leaves nothing of: the pinyin of the whole name, marked
    for written, english in (("市（", "Shi"), ("省·", "Guangdong Sheng"), ("——", "Guangdong Sheng")):
        assert E.agency(resolve(written, get("440000"))) == E.English(english, E.TRANSLITERATION), written


@pytest.mark.parametrize("label,code,kind,english", [
    # a level character opening a word is no level: 市场 (market), 区块链 (blockchain), 县级 (county-level)
    ("市场监督管理局", "doc-0123456789ab", "body", E.English("Administration for Market Regulation", E.TABLE)),
    ("区块链办公室", "doc-0123456789ab", "body", E.English("Qukuai Lian Office", E.TRANSLITERATION)),
    ("县级以上政府", "440000", "collective", E.English("Xianji Yishang Zhengfu", E.TRANSLITERATION)),
    # the plan's own level is the plan's own body, a lower one each of its areas
    ("市直有关单位", "442000", "collective",
     E.English("relevant units directly under the government of Zhongshan City", E.TABLE)),
    ("县财政局", "442000", "collective", E.English("Finance Bureau of each county", E.TABLE)),
])
def test_level_characters_read_as_levels_only_where_they_are(label, code, kind, english):
    assert E.body(label, code, kind) == english


@pytest.mark.parametrize("label,code,kind,english", [
    ("各县区人民政府", "442000", "collective", "people's governments of all counties and districts"),
    ("县财政局", "442000", "collective", "Finance Bureau of each county"),
    ("北京市东城区人民政府办公室", "110000", "body",
     "General Office of the People's Government of Dongcheng District, Beijing Municipality"),
    # a document that names no jurisdiction keeps the 省 prefix: "the province"
    ("省发展和改革委员会", "doc-0123456789ab", "body", "Development and Reform Commission of the province"),
])
def test_composed_names(label, code, kind, english):
    assert E.body(label, code, kind) == E.English(english, E.TABLE)


def test_the_reform_successors_english():
    assert E.body("国家税务总局广东省税务局", "440000").text == "Guangdong Tax Service of the State Taxation Administration"
    assert E.change_event(E.body("辽宁省生态环境厅", "210000")).text == \
        "2018 institutional reform: Department of Ecology and Environment of Liaoning Province"


# -- the seed build ---------------------------------------------------------------------------------------
def test_every_agency_and_jurisdiction_has_one_english_label(graph):
    agencies = set(graph.subjects(RDF.type, Z.Agency))
    places = set(graph.subjects(RDF.type, Z.Jurisdiction))
    assert len(agencies) == 132 and len(places) == 4
    for node in agencies | places:
        assert len(_labels(graph, node, "zh")) == 1, node
        assert len(_labels(graph, node, "en")) == 1, node
    for a in agencies:
        assert len(set(graph.objects(a, Z.englishLabelBasis))) == 1, a
    # the seed plans name no department the tables lack
    assert {o for a in agencies for o in graph.objects(a, Z.englishLabelBasis)} == {Z.NameTable}


def test_seed_values(graph):
    assert _labels(graph, ID + "agency/440000/caizhengting", "en") == ["Department of Finance of Guangdong Province"]
    assert _labels(graph, ID + "agency/442000/caizhengju", "en") == ["Finance Bureau of Zhongshan City"]
    assert _labels(graph, ID + "agency/440000/gedi", "en") == ["all localities"]
    assert _labels(graph, ID + "jurisdiction/442000", "en") == ["Zhongshan City"]
    assert _labels(graph, ID + "jurisdiction/CN", "en") == ["People's Republic of China"]


def test_reform_nodes_have_english_labels(graph):
    events = set(graph.subjects(RDF.type, ORG.ChangeEvent))
    successors = {o for e in events for o in graph.objects(e, ORG.resultingOrganization)}
    assert (len(events), len(successors)) == (27, 27)
    for node in events | successors:
        assert len(_labels(graph, node, "en")) == 1 and len(_labels(graph, node, "zh")) == 1, node
        assert (node, Z.englishLabelBasis, Z.NameTable) in graph, node
    succ = URIRef(ID + "agency/210000/reform2018-shengtaihuanjing")
    assert _labels(graph, succ, "en") == ["Department of Ecology and Environment of Liaoning Province"]


def test_readers_of_the_label_keep_the_chinese_one(graph):
    """The table's label column (build_graph.queries.labels) and the saved queries name an agency in Chinese."""
    from build_graph.queries import labels

    def ask(q):
        rows = [{str(k): (str(v) if v is not None else None) for k, v in r.asdict().items()} for r in graph.query(q)]
        return rows, None

    a = ID + "agency/440000/caizhengting"
    assert labels([a, ID + "jurisdiction/440000"], ask) == {a: "广东省财政厅", ID + "jurisdiction/440000": "广东省"}
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "queries" / "agency-written-forms.rq").read_text(encoding="utf-8")
    rows = [r for r in graph.query(text) if str(r.agency) == a]
    assert rows and {(str(r.agencyLabel), str(r.jurisdictionLabel)) for r in rows} == {("广东省财政厅", "广东省")}
    assert len(rows) == len({str(r.written) for r in rows})         # one row per written form, not per label
