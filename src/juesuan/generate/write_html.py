"""HTML output: one self-contained page (CSS inline, charts as embedded SVG).

The page template is ``templates/page.html.j2``; blocks come from the
narrative template, tables from the grids (``colspan``/``rowspan`` as in the
official layout), so juesuan's HTML reader reads the same tables back.
"""

from __future__ import annotations

import base64
from pathlib import Path

from .charts import Chart
from .narrative import Block, environment
from .tables import Grid


def render(blocks: list[Block], grids: dict[str, Grid], charts: dict[str, Chart], path: Path) -> dict[Path, bytes]:
    env = environment()
    env.autoescape = True
    env.filters["b64"] = lambda data: base64.b64encode(data).decode("ascii")
    title = next((b.text for b in blocks if b.kind == "heading"), "部门决算")
    html = env.get_template("page.html.j2").render(blocks=blocks, grids=grids, charts=charts, title=title)
    return {path: html.encode("utf-8")}
