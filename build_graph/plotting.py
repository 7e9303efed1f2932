"""Small plotting helpers for the notebooks (matplotlib), kept here so notebooks hold no logic."""

from __future__ import annotations

import warnings

CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "SimHei",
             "Source Han Sans SC", "PingFang SC", "Microsoft YaHei")


_FONT: list[str | None] = []


def use_cjk_font() -> str | None:
    """Use an installed Chinese font if there is one; return its name (None: labels may show as boxes)."""
    import matplotlib
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in names:
            matplotlib.rcParams["font.sans-serif"] = [name] + matplotlib.rcParams["font.sans-serif"]
            matplotlib.rcParams["axes.unicode_minus"] = False
            _FONT[:] = [name]
            return name
    warnings.filterwarnings("ignore", message="Glyph .* missing from font")
    _FONT[:] = [None]
    return None


def label(text: str) -> str:
    """A tick label: as is with a Chinese font, else its pinyin (so the picture stays readable)."""
    if not _FONT:
        use_cjk_font()
    if _FONT[0] or text.isascii():
        return text
    from pypinyin import lazy_pinyin

    return "".join(w.capitalize() for w in lazy_pinyin(text))[:40]


def heatmap(matrix, ax=None, title: str = "", cmap: str = "Blues"):
    """Draw a DataFrame (rows × columns of counts) as a heat map with the counts written in."""
    import matplotlib.pyplot as plt

    ax = ax or plt.gca()
    im = ax.imshow(matrix.values, cmap=cmap, aspect="auto")
    ax.set_xticks(range(len(matrix.columns)), [label(str(c)) for c in matrix.columns], rotation=90, fontsize=7)
    ax.set_yticks(range(len(matrix.index)), [label(str(i)) for i in matrix.index], fontsize=7)
    for (i, j), v in zip(((i, j) for i in range(matrix.shape[0]) for j in range(matrix.shape[1])), matrix.values.flat):
        if v:
            ax.text(j, i, int(v), ha="center", va="center", fontsize=6)
    ax.set_title(title, fontsize=9)
    return im
