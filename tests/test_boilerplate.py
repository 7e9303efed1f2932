"""Site furniture is residue; a task that names a site's words (新媒体, 首页, 微信) is content."""

from __future__ import annotations

import pytest

from build_graph.reading.boilerplate import reason

FURNITURE = [
    ("您现在的位置：首页 > 政务公开 > 政策文件", "navigation boilerplate of the web page"),
    ("首页", "navigation boilerplate of the web page"),
    ("手机版 二维码", "navigation boilerplate of the web page"),
    ("【打印】【关闭】", "navigation boilerplate of the web page"),
    ("打印本頁　關閉窗口", "navigation boilerplate of the web page"),       # traditional script
    ("— 3 —", "page number of the printed document"),
    ("主办：某某市人民政府办公室 承办：某某市大数据局", "site footer (主办/承办, licence numbers)"),
    ("来源：市政府办公室 发布时间：2021-04-15", "page furniture of the web page (source, date, views)"),
    ("（此件公开发布）", "publication note of the document (此件公开发布)"),
]
CONTENT = [
    "加强政务新媒体管理",              # a table's task cell, no punctuation
    "优化政府网站首页栏目",
    "推进政务微信矩阵建设",
    "4.推进政务微信矩阵建设",            # numbered
    "加强政务新媒体监管，开展季度检查并公开检查结果",
    "规范政务新媒体运维，及时更新内容。",
]


@pytest.mark.parametrize("line,why", FURNITURE, ids=[f[0] for f in FURNITURE])
def test_furniture(line, why):
    assert reason(line) == why


@pytest.mark.parametrize("line", CONTENT)
def test_content(line):
    assert reason(line) is None
