"""The composition charts: 图1 收入决算 and 图2 支出决算 (pies with Chinese labels).

Drawn with matplotlib (the ``charts`` extra) from the same shares the text
prints, so a label never disagrees with a sentence.  SVG keeps its labels
as text (any viewer with a Chinese font shows them); PNG, for Word, needs a
CJK font on this machine: :func:`cjk_font` looks for one (Noto Sans CJK,
Source Han Sans, WenQuanYi, SimHei, Microsoft YaHei …).  Without matplotlib,
or for PNG without such a font, no chart is drawn and the reason is given.
"""

from __future__ import annotations

import io
import logging
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from .narrative import Part

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei",
                "WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei", "PingFang SC", "Hiragino Sans GB",
                "Noto Sans CJK JP", "Noto Serif CJK SC", "AR PL UMing CN")
CAPTIONS = {"income": "图1：收入决算", "expenditure": "图2：支出决算"}
COLORS = ("#2F5597", "#ED7D31", "#70AD47", "#FFC000", "#5B9BD5", "#A5A5A5", "#7030A0")


class ChartUnavailable(Exception):
    """No chart can be drawn here; the message says why and what to install."""


@dataclass(frozen=True)
class Chart:
    kind: str
    caption: str
    svg: bytes
    png: bytes | None          # None when no CJK font is installed


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The family name of an installed font with Chinese glyphs, or None."""
    try:
        from matplotlib import font_manager
    except ImportError:
        return None
    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((n for n in CJK_FAMILIES if n in names), None)


def draw(kind: str, parts: list[Part], fmt) -> Chart:
    """The chart of one composition, as SVG and (with a CJK font) PNG."""
    try:
        import matplotlib
    except ImportError:
        raise ChartUnavailable("未安装 matplotlib，未生成图表（pip install 'juesuan[charts]'）") from None
    matplotlib.use("Agg", force=False)
    shown = [p for p in parts if p.amount > 0]
    if not shown:
        raise ChartUnavailable(f"{CAPTIONS[kind]}：没有可画的数据")
    font = cjk_font()
    svg = _render(shown, fmt, CAPTIONS[kind], "svg", font)
    png = _render(shown, fmt, CAPTIONS[kind], "png", font) if font else None
    return Chart(kind, CAPTIONS[kind], svg, png)


@contextmanager
def _quiet_fonts():
    """matplotlib's font complaints silenced: without a CJK font it logs every family it
    could not find and warns for every missing glyph (dozens of lines); the one line that
    says what to install is given by the caller."""
    logger = logging.getLogger("matplotlib.font_manager")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font", category=UserWarning)
            yield
    finally:
        logger.setLevel(level)


def _render(parts: list[Part], fmt, caption: str, form: str, font: str | None) -> bytes:
    import matplotlib.pyplot as plt
    from matplotlib import rc_context

    families = ([font] if font else []) + list(CJK_FAMILIES) + ["sans-serif"]
    with _quiet_fonts(), rc_context({"font.family": "sans-serif", "font.sans-serif": families, "svg.fonttype": "none",
                     "axes.unicode_minus": False}):
        fig = plt.figure(figsize=(6.4, 2.6), dpi=200)
        ax = fig.add_axes((0.0, 0.02, 0.36, 0.96))
        try:
            wedges, _ = ax.pie([float(p.amount) for p in parts], colors=COLORS[:len(parts)], startangle=90,
                               counterclock=False, wedgeprops={"linewidth": 1, "edgecolor": "white"})
            labels = [f"{p.name}  {fmt.money(p.amount)}" + (f"  {fmt.pct(p.share)}" if p.share is not None else "")
                      for p in parts]
            ax.legend(wedges, labels, loc="center left", bbox_to_anchor=(1.08, 0.5), frameon=False, fontsize=11)
            ax.axis("equal")
            buf = io.BytesIO()
            fig.savefig(buf, format=form, bbox_inches="tight", metadata={"Date": None} if form == "svg" else None)
            return buf.getvalue()
        finally:
            plt.close(fig)
