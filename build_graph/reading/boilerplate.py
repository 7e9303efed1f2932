"""Site boilerplate around a plan's text: navigation, page furniture, footers, repost headers.

Each check returns the reason a line is boilerplate (for the residue report), or None.  A line with
a sentence in it is never boilerplate, nor is a line that opens with outline numbering: an item
that names 微信 or 网站 is content.
"""

from __future__ import annotations

import re

from ..textnorm import clean, fold, match_view
from .normalise import TASK_VERB, view
from .numbering import marker

#: a page number a PDF printed between lines: -3-, 第3页共12页, 3/12
PAGE_NUMBER = re.compile(r"^[\s\u3000]*([—\-－–─]+\s*\d{1,3}\s*[—\-－–─]+|第\s*\d{1,3}\s*页(\s*共\s*\d{1,3}\s*页)?|"
                         r"\d{1,3}\s*/\s*\d{1,3})[\s\u3000]*$")

NAV_WORDS = ("您现在的位置", "您当前的位置", "当前位置", "首页", "新媒体", "微信", "二维码", "手机版", "打印本页", "关闭窗口",
             "分享到", "【字体", "字号", "扫一扫", "网站地图", "版权所有", "主办单位", "承办单位：", "ICP备", "网站标识码",
             "无障碍", "繁体版", "繁體版", "关怀版", "智能机器人", "公网安备")
# page furniture: source, date, views and print/share buttons of the page itself
_PAGE_FIELDS = re.compile(r"^(信息来源|文章来源|来源|发布时间|发布日期|浏览量|浏览次数|点击数|点击量|访问量|阅读量|作者|编辑|责任编辑|日期)[:：]")
_REPOST = re.compile(r"^(\S{1,20}\s*-\s*\S{1,20}\s*于\s*\d{4}年\d{1,2}月\d{1,2}日\s*发表|客服热线[:：]|联系电话[:：]|投稿邮箱)")
_FOOTER = re.compile(r"(主办[:：]|承办[:：]|协办[:：]|技术支持[:：]|网站标识码|ICP备|公网安备|版权所有|Copyright|©|建议使用.{0,30}浏览器|"
                     r"最佳浏览|分辨率)")
_BUTTON_ROW = re.compile(r"^(?:[【\[]?(?:打印|打印本页|关闭|关闭窗口|收藏|分享|返回顶部|返回|顶部)[】\]]?\s*){2,}$")
_BUTTONS = re.compile(r"^(打印|打印本页|关闭|关闭窗口|分享到[:：]?|收藏|返回顶部|【打印】|【关闭】|\[打印\]|\[关闭\]|字号[:：]?.{0,12}|"
                      r"扫一扫.{0,20}|上一篇.*|下一篇.*)$")
_PUBLICATION = re.compile(r"^[（(]?此件(公开发布|主动公开|依申请公开|不予公开)[）)]?$")


def is_navigation(text: str) -> bool:
    """True for web-page navigation and footer boilerplate (breadcrumbs, share buttons, QR codes)."""
    return reason(text) is not None


def reason(text: str) -> str | None:
    """Why a line is site boilerplate, or None when it may be content."""
    s = clean(match_view(text))
    k = fold(s)
    if not k:
        return None
    if PAGE_NUMBER.match(k):
        return "page number of the printed document"
    if re.fullmatch(r"\S{4,40}(文件|简报|通报)", k) and re.search(r"(政府|办公室|办公厅|委员会|局|厅)(文件|简报|通报)$", k):
        return "letterhead of the issuing body (…文件)"
    if _PUBLICATION.match(k):
        return "publication note of the document (此件公开发布)"
    if _REPOST.match(k):
        return "repost header of a mirror site"
    if _PAGE_FIELDS.match(k) and len(k) <= 80:
        return "page furniture of the web page (source, date, views)"
    if re.search(r"[。；;]", s):
        return None                       # boilerplate has no sentences; an item that names 微信 does
    if marker(view(s)) is not None:
        return None                       # 4.推进政务微信矩阵建设: a numbered item or heading
    if _FOOTER.search(k) and len(k) <= 120:
        return "site footer (主办/承办, licence numbers)"
    if _BUTTONS.match(k) or _BUTTON_ROW.match(s.strip()):
        return "navigation boilerplate of the web page"
    # a site menu names places (首页, 政务新媒体); a task cell opens with its verb (推进政务微信矩阵建设)
    if any(w in s for w in NAV_WORDS) and len(k) <= 40 and not re.search(r"[，,、]", s) and not TASK_VERB.match(k):
        return "navigation boilerplate of the web page"   # 加强政务新媒体监管，开展…: a clause is content
    toks = s.split()
    # "中国政府网 重庆市人民政府网": the site's banner of links to other sites
    if len(toks) >= 2 and all(re.fullmatch(r"[\u4e00-\u9fff]{2,12}网", t) for t in toks):
        return "site banner (links to other sites)"
    # "微信 微信 微信二维码", "中山市 中山市 中山市": one word repeated as widget labels
    if len(toks) >= 2 and len(set(t.replace("二维码", "") for t in toks)) == 1:
        return "navigation boilerplate of the web page"
    if (">>" in s or re.search(r"\s>\s|>\s*正文", s.replace("\u00a0", " "))) and len(k) <= 80:
        return "breadcrumb navigation of the web page"
    return None
