"""The notebooks' helpers: readable colours, figures sized to their content, labels wrapped not cut, the CJK font
found right after it is installed, theme labels compared with punctuation folded, and the look-ups on the graph
(plan names, plan order, deadlines with their unit, what is due and who must do it)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from build_graph import compare, lookup, plotting  # noqa: E402


# -- colours and sizes ----------------------------------------------------------------------------------------

def test_text_on_a_dark_cell_is_white_and_on_a_light_one_black():
    assert plotting.text_colour((0.03, 0.19, 0.42, 1.0)) == "white"       # Blues' darkest (navy)
    assert plotting.text_colour((0.97, 0.98, 1.0, 1.0)) == "black"        # Blues' lightest
    assert plotting.text_colour((0.0, 0.0, 0.0)) == "white"
    assert plotting.text_colour((1.0, 1.0, 1.0)) == "black"


def test_heatmap_writes_each_count_in_the_colour_its_cell_needs():
    import matplotlib.pyplot as plt

    m = pd.DataFrame([[1, 10], [0, 5]], index=["a", "b"], columns=["x", "y"])
    fig, ax = plt.subplots()
    plotting.heatmap(m, ax=ax)
    colours = {t.get_text(): t.get_color() for t in ax.texts}
    plt.close(fig)
    assert colours["10"] == "white" and colours["1"] == "black"
    assert "0" not in colours                                            # empty cells stay empty


def test_figure_height_grows_with_rows_and_width_with_columns_both_capped():
    w5, h5 = plotting.figure_size(5, 10)
    w40, h40 = plotting.figure_size(40, 10)
    assert h40 > h5 and w40 == w5
    assert plotting.figure_size(5, 30)[0] > w5
    assert plotting.figure_size(5, 500)[0] == plotting.MAX_W
    assert plotting.figure_size(5000, 5)[1] == plotting.MAX_H


def test_heatmap_figure_is_sized_to_its_matrix():
    import matplotlib.pyplot as plt

    small = pd.DataFrame([[1] * 3] * 4, index=[f"r{i}" for i in range(4)], columns=list("abc"))
    tall = pd.DataFrame([[1] * 3] * 30, index=[f"r{i}" for i in range(30)], columns=list("abc"))
    f1, _ = plotting.heatmap_figure(small)
    f2, _ = plotting.heatmap_figure(tall)
    assert f2.get_size_inches()[1] > f1.get_size_inches()[1] + 5
    plt.close("all")


def test_legend_outside_is_right_of_the_axes():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.bar([0, 1], [1, 2], label="lead")
    leg = plotting.legend_outside(ax)
    fig.canvas.draw()
    assert leg.get_window_extent().x0 >= ax.get_window_extent().x1
    plt.close(fig)


# -- labels ---------------------------------------------------------------------------------------------------

def test_long_labels_are_wrapped_never_cut():
    text = "推进政府和社会资本合作（PPP）项目信息公开"
    wrapped = plotting.wrap(text, 16)
    assert wrapped.replace("\n", "") == text and wrapped.count("\n") >= 2
    assert all(plotting.text_width(line) <= 16 for line in wrapped.splitlines())


def test_pinyin_fallback_keeps_every_syllable_and_breaks_between_words(monkeypatch):
    pytest.importorskip("pypinyin")
    monkeypatch.setattr(plotting, "_FONT", [None])
    text = "广东省人力资源和社会保障厅广东省人力资源和社会保障厅"
    whole = plotting.label(text)
    assert len(whole) > 40 and whole.endswith("Ting")                    # not cut at 40 letters
    wrapped = plotting.label(text, 30)
    assert wrapped.replace("\n", " ") == whole                           # broken at spaces, nothing lost
    assert all(len(line) <= 30 for line in wrapped.splitlines())


# -- the CJK font ---------------------------------------------------------------------------------------------

def test_use_cjk_font_rebuilds_the_font_list_when_it_finds_none(monkeypatch, tmp_path):
    """A font installed after matplotlib cached its list is found at once: the list is rebuilt, searched again."""
    from matplotlib import font_manager

    fm = font_manager.fontManager
    saved_rc = matplotlib.rcParams.copy()
    monkeypatch.setattr(fm, "ttflist", [f for f in fm.ttflist if f.name not in plotting.CJK_FONTS])
    monkeypatch.setattr(fm, "afmlist", list(fm.afmlist))
    entry = font_manager.FontEntry(fname=str(tmp_path / "cjk.otf"), name="Noto Sans CJK SC")
    calls = []

    class Fresh:
        ttflist = fm.ttflist + [entry]
        afmlist = fm.afmlist

    def load(*, try_read_cache=True):
        calls.append(try_read_cache)
        return Fresh()

    monkeypatch.setattr(font_manager, "_load_fontmanager", load)
    monkeypatch.setattr(plotting, "_fc_list_files", lambda: [])
    monkeypatch.setattr(plotting, "_FONT", [])
    try:
        assert plotting.use_cjk_font() == "Noto Sans CJK SC"
        assert calls == [False]                                          # rebuilt, not read from the cache
        assert matplotlib.rcParams["font.sans-serif"][0] == "Noto Sans CJK SC"
    finally:
        matplotlib.rcParams.update(saved_rc)


def test_use_cjk_font_without_any_falls_back(monkeypatch):
    from matplotlib import font_manager

    fm = font_manager.fontManager
    monkeypatch.setattr(fm, "ttflist", [f for f in fm.ttflist if f.name not in plotting.CJK_FONTS])

    class Empty:
        ttflist = fm.ttflist
        afmlist = fm.afmlist

    monkeypatch.setattr(font_manager, "_load_fontmanager", lambda **kw: Empty())
    monkeypatch.setattr(plotting, "_fc_list_files", lambda: [])
    monkeypatch.setattr(plotting, "_FONT", [])
    assert plotting.use_cjk_font() is None and plotting._FONT == [None]


# -- comparing themes -----------------------------------------------------------------------------------------

def test_punctuation_folded_comparison_treats_quoted_and_unquoted_as_the_same_theme():
    assert compare.same_label("推进“公开”", '推进"公开"')
    assert compare.same_label("推进“放管服”改革信息公开", "推进放管服改革信息公开")
    assert compare.same_label("推进政府和社会资本合作（PPP）项目信息公开", "推进政府和社会资本合作(PPP)项目信息公开")
    assert not compare.same_label("推进政府和社会资本合作(PPP)项目信息公开", "推动政府和社会资本合作(PPP)项目信息公开")


def test_lead_change_ignores_collectives_one_level_down():
    assert not compare.lead_changed(["财政", "各地"], ["财政", "各镇区"])
    assert compare.lead_changed(["财政"], ["财政", "政务服务"])
    assert compare.lead_change(["粮食", "农业"], ["农业", "发展和改革"]) == "−粮食 +发展和改革"


def test_compare_themes_on_the_real_plans(corpus_build):
    _, out = corpus_build
    cmp = compare.compare_themes("https://w3id.org/zwgk/id/plan/440000-2017", "https://w3id.org/zwgk/id/plan/442000-2017",
                                 data=out / "zwgk.trig")
    by = cmp.set_index("ordinal")
    assert by.loc["五", "status"] == "kept"                  # 推进“放管服”改革信息公开 / 推进放管服改革信息公开
    assert by.loc["十九", "status"] == "kept"
    assert by.loc["四", "status"] == "changed"               # 推进 → 推动
    assert by.loc["九", "status"] == "heading missing"       # the province's heading is lost in its source
    assert "lead_changed" in cmp and "+政务服务" in by.loc["五", "lead_change"]


# -- look-ups on the graph ------------------------------------------------------------------------------------

def test_plan_names_and_plan_order(corpus_build):
    _, out = corpus_build
    data = out / "zwgk.trig"
    assert lookup.plan_names(data=data)["https://w3id.org/zwgk/id/plan/210000-2017"] == "辽宁省 2017"
    order = lookup.theme_order(data=data)
    gd = order[order.plan.str.endswith("/440000-2017")]
    assert list(gd.sort_values("rank").ordinal[:11]) == ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"]
    ln = order[order.plan.str.endswith("/210000-2017")].set_index("label")
    assert ln.loc["公开预期引导信息", "number"] == "(一)1"


def test_deadlines_keep_working_and_calendar_days_apart_and_say_who(corpus_build):
    _, out = corpus_build
    d = lookup.deadline_duties(data=out / "zwgk.trig")
    within = dict(zip(d.written, d.within))
    assert within["3个工作日内"] == "3 个工作日" and within["30日内"] == "30 天" and within["24小时内"] == "24 小时"
    row = d[d.written == "6月底前"].iloc[0]
    assert row.due == "6月底前,实现省电子政务外网与各市互联互通"
    assert row.who.startswith("辽宁省工业和信息化委员会（牵头）")
    assert d[d.written == "3个工作日内"].iloc[0].who.startswith("—")    # the plan names no one


def test_span_words():
    assert lookup.span(3, None, True) == "3 个工作日"
    assert lookup.span(3.0, None, False) == "3 天"
    assert lookup.span(None, 5.0) == "5 小时"
