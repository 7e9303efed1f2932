"""Small plotting helpers for the notebooks (matplotlib), kept here so notebooks hold no logic.

Figures are sized to what they hold (``figure_size``: height grows with rows, width with columns, both
capped), counts are written in a colour chosen by the cell's luminance (``text_colour``), long labels are
wrapped rather than cut (``wrap``), legends go beside the data (``legend_outside``), and Chinese labels use an
installed CJK font (``use_cjk_font``, which rebuilds matplotlib's font list when a font was installed after
the list was cached) or, without one, readable pinyin.
"""

from __future__ import annotations

import subprocess
import textwrap
import unicodedata
import warnings

CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Source Han Sans SC", "WenQuanYi Micro Hei",
             "WenQuanYi Zen Hei", "SimHei", "PingFang SC", "Microsoft YaHei", "Noto Serif CJK SC", "Noto Serif CJK JP")

# matplotlib's default size is 10 pt; the sizes below are in inches, for 7-pt tick labels
CELL_W = 0.34          # a heat-map column
CELL_H = 0.26          # a heat-map row
MAX_W = 12.0           # figures wider than this are shrunk by the page; cap and wrap instead
MAX_H = 40.0

_FONT: list[str | None] = []


def _installed(names) -> str | None:
    return next((n for n in CJK_FONTS if n in names), None)


def _fc_list_files() -> list[str]:
    """Files of the fonts fontconfig knows for Chinese (``fc-list :lang=zh file``); [] without fontconfig."""
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted({line.strip().rstrip(":").strip() for line in out.splitlines() if line.strip()})


def _rebuild_font_list() -> None:
    """Rescan the system fonts (matplotlib's cached list predates a font installed since) and add the files
    fontconfig lists for Chinese.  The existing FontManager is updated in place: the backends hold it."""
    from matplotlib import font_manager

    fm = font_manager.fontManager
    try:
        fresh = font_manager._load_fontmanager(try_read_cache=False)      # also rewrites the cache on disk
        fm.ttflist, fm.afmlist = list(fresh.ttflist), list(fresh.afmlist)
    except Exception:  # a private function: if it changes, fall back to adding files one by one
        pass
    known = {f.fname for f in fm.ttflist}
    for path in _fc_list_files():
        if path not in known:
            try:
                fm.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue
    try:
        font_manager.FontManager._findfont_cached.cache_clear()
    except AttributeError:
        pass


def use_cjk_font(rebuild: bool = True) -> str | None:
    """Use an installed Chinese font if there is one; return its name (None: labels fall back to pinyin).

    When none is in matplotlib's font list, the list is rebuilt (``rebuild``) and searched again, so a font
    installed after matplotlib cached its list (``apt-get install fonts-noto-cjk``) is found at once.
    """
    import matplotlib
    from matplotlib import font_manager

    name = _installed({f.name for f in font_manager.fontManager.ttflist})
    if name is None and rebuild:
        _rebuild_font_list()
        name = _installed({f.name for f in font_manager.fontManager.ttflist})
    if name is not None:
        rest = [n for n in matplotlib.rcParams["font.sans-serif"] if n != name]
        matplotlib.rcParams["font.sans-serif"] = [name] + rest
        matplotlib.rcParams["font.family"] = "sans-serif"
        matplotlib.rcParams["axes.unicode_minus"] = False
        _FONT[:] = [name]
        return name
    warnings.filterwarnings("ignore", message="Glyph .* missing from font")
    _FONT[:] = [None]
    return None


def text_width(text: str) -> int:
    """Display width: a Chinese (wide) character counts 2, others 1."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int = 24) -> str:
    """Break ``text`` into lines of at most ``width`` display columns (a Chinese character is 2): at spaces for
    Latin text (pinyin), anywhere between Chinese characters; nothing is cut off."""
    text = str(text)
    if text_width(text) <= width:
        return text
    if text_width(text) == len(text):          # no wide characters (pinyin, Latin): break at spaces only
        return "\n".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)) or text
    lines, line, w = [], "", 0
    for c in text:
        cw = 2 if unicodedata.east_asian_width(c) in "WF" else 1
        if w + cw > width and line:
            lines.append(line)
            line, w = "", 0
        line += c
        w += cw
    return "\n".join(lines + [line])


def label(text: str, width: int | None = None) -> str:
    """A tick label: as is with a Chinese font, else its pinyin, one capitalised word per syllable run, so the
    picture stays readable; wrapped at ``width`` display columns when given (never cut)."""
    if not _FONT:
        use_cjk_font()
    text = str(text)
    if not (_FONT[0] or text.isascii()):
        from pypinyin import lazy_pinyin

        text = " ".join(w[:1].upper() + w[1:] if w.strip() else "" for w in lazy_pinyin(text)).replace("  ", " ").strip()
        text = " ".join(unicodedata.normalize("NFKC", text).split())
    return wrap(text, width) if width else text


def luminance(rgba) -> float:
    """Relative luminance (WCAG) of an RGB(A) colour with components in 0–1."""
    def lin(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(float(c)) for c in tuple(rgba)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_colour(rgba) -> str:
    """The colour to write on a cell of colour ``rgba``: white on dark cells, black on light ones (whichever
    contrasts more, WCAG)."""
    lum = luminance(rgba)
    return "white" if (1.05 / (lum + 0.05)) > ((lum + 0.05) / 0.05) else "black"


def figure_size(rows: int, cols: int, row_label: int = 20, col_label: int = 12, cell_w: float = CELL_W,
                cell_h: float = CELL_H, title: bool = True, max_w: float = MAX_W, max_h: float = MAX_H):
    """(width, height) in inches for a heat map of ``rows`` × ``cols`` cells whose row labels take up to
    ``row_label`` display columns and whose column labels (written vertically) up to ``col_label``: height grows
    with the rows, width with the columns, each capped."""
    char = 0.075                                   # inches per display column at 7 pt (a Chinese character: 2)
    w = min(max_w, max(3.0, cols * cell_w + row_label * char + 0.6))
    h = min(max_h, max(1.6, rows * cell_h + col_label * char + (0.45 if title else 0.1) + 0.3))
    return round(w, 2), round(h, 2)


def heatmap(matrix, ax=None, title: str = "", cmap: str = "Blues", row_width: int = 28, col_width: int = 28,
            fontsize: float = 7):
    """Draw a DataFrame (rows × columns of counts) as a heat map with the counts written in, each in the colour
    that reads on its cell; labels wrapped at ``row_width`` / ``col_width`` display columns."""
    import matplotlib.pyplot as plt
    import numpy as np

    ax = ax or plt.gca()
    values = np.asarray(matrix.values, dtype=float)
    im = ax.imshow(values, cmap=cmap, aspect="auto", vmin=0, vmax=max(1.0, float(np.nanmax(values)) if values.size else 1))
    ax.set_xticks(range(len(matrix.columns)), [label(c, col_width) for c in matrix.columns], rotation=90,
                  fontsize=fontsize)
    ax.set_yticks(range(len(matrix.index)), [label(i, row_width) for i in matrix.index], fontsize=fontsize)
    ax.tick_params(length=0)
    ax.set_xticks(np.arange(-0.5, len(matrix.columns)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(matrix.index)), minor=True)
    ax.grid(which="minor", color="white", linewidth=0.6)
    ax.tick_params(which="minor", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            if v and v == v:
                ax.text(j, i, int(v), ha="center", va="center", fontsize=fontsize - 1,
                        color=text_colour(im.cmap(im.norm(v))))
    ax.set_title(title, fontsize=9, loc="left")
    return im


def _label_widths(matrix, row_width: int, col_width: int) -> tuple[int, int]:
    rw = max((min(text_width(label(i)), row_width) for i in matrix.index), default=4)
    cw = max((min(text_width(label(c)), col_width) for c in matrix.columns), default=4)
    return rw, cw


def heatmap_figure(matrix, title: str = "", cmap: str = "Blues", row_width: int = 28, col_width: int = 28):
    """A figure sized to ``matrix`` (see ``figure_size``) holding its heat map; returns (fig, ax)."""
    import matplotlib.pyplot as plt

    rw, cw = _label_widths(matrix, row_width, col_width)
    lines = max((label(c, col_width).count("\n") + 1 for c in matrix.columns), default=1)
    cell_w = max(CELL_W, 0.16 * lines + 0.1)
    fig, ax = plt.subplots(figsize=figure_size(len(matrix.index), len(matrix.columns), rw, cw, cell_w=cell_w),
                           layout="constrained")
    heatmap(matrix, ax=ax, title=title, cmap=cmap, row_width=row_width, col_width=col_width)
    return fig, ax


def legend_outside(ax, title: str | None = None, **kw):
    """Put the legend to the right of the axes, outside the data."""
    return ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, title=title, fontsize=8, **kw)


def timeline(items, date: str = "date", text: str = "text", group: str | None = None, title: str = "",
             width: int = 60):
    """A calendar of the plan year, one row per item: a dot at its date's place in its year (January to
    December, so plans of different years share one calendar) and, as the row's label, ``text`` (wrapped at
    ``width`` display columns), so no two labels overlap.  ``group`` colours the dots (legend beside the axes).
    Returns (fig, ax)."""
    import matplotlib.pyplot as plt
    import pandas as pd

    items = items.reset_index(drop=True)
    labels = [label(t, width) for t in items[text]]
    heights = [0.2 + 0.15 * (lb.count("\n") + 1) for lb in labels]
    lw = max((min(text_width(label(t)), width) for t in items[text]), default=10)
    fig, ax = plt.subplots(figsize=(min(9.5, 5.5 + lw * 0.075), min(MAX_H, 1.0 + sum(heights))),
                           layout="constrained")
    ys, y = [], 0.0
    for h in heights:
        ys.append(y + h / 2)
        y += h
    dates = pd.to_datetime(items[date])
    x = dates.dt.dayofyear.to_numpy()
    groups = items[group] if group else pd.Series([""] * len(items))
    for yy in ys:
        ax.axhline(yy, color="0.9", linewidth=0.8, zorder=1)
    for g in dict.fromkeys(groups):
        sel = (groups == g).to_numpy()
        ax.scatter(x[sel], [yy for yy, s in zip(ys, sel) if s], s=40, zorder=3, label=label(g) if group else None)
    starts = pd.date_range("2001-01-01", periods=12, freq="MS").dayofyear
    ax.set_xticks(list(starts), [f"{m}月" if _FONT and _FONT[0] else f"{m:02d}" for m in range(1, 13)], fontsize=7)
    ax.set_xlim(-4, 372)
    ax.grid(axis="x", color="0.93", linewidth=0.8)
    ax.set_yticks(ys, labels, fontsize=7)
    ax.set_ylim(y, 0)
    ax.tick_params(axis="y", length=0)
    for spine in ("top", "right", "left"):
        ax.spines[spine].set_visible(False)
    ax.set_title(title, fontsize=9, loc="left")
    if group:
        legend_outside(ax)
    return fig, ax
