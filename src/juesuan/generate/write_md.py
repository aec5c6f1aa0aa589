"""Markdown output: headings, paragraphs, pipe tables, chart files beside the text.

Merged header cells follow MultiMarkdown: a cell with nothing between its
pipes (``||``) continues the cell before it; a vertically merged cell is
empty below its first row.  juesuan's Markdown reader reads the tables back
in that convention.  Charts are written as SVG files next to the .md
(``NAME-fig1.svg``) and linked.
"""

from __future__ import annotations

from pathlib import Path

from .charts import Chart
from .narrative import Block
from .tables import Grid


def grid_rows(grid: Grid) -> list[list[tuple[str, bool]]]:
    """Every row of the grid as (text, continues-a-merged-cell) per grid column."""
    rows: list[list[tuple[str, bool] | None]] = []
    below: dict[tuple[int, int], bool] = {}      # cells under a vertically merged one
    for r, cells in enumerate(list(grid.header) + list(grid.body)):
        row: list[tuple[str, bool] | None] = [None] * grid.width
        col = 0
        for c in cells:
            while col < grid.width and (r, col) in below:
                row[col] = ("", below[(r, col)])
                col += 1
            if col >= grid.width:
                break
            row[col] = (c.text, False)
            for k in range(1, c.colspan):
                if col + k < grid.width:
                    row[col + k] = ("", True)
            for dr in range(1, c.rowspan):
                for k in range(c.colspan):
                    below[(r + dr, col + k)] = k > 0       # one empty cell, spanning like the one above
            col += c.colspan
        for k in range(col, grid.width):           # merged cells from above, after the row's own cells
            if (r, k) in below:
                row[k] = ("", below[(r, k)])
        rows.append([x if x is not None else ("", False) for x in row])
    return rows


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def pipe_table(grid: Grid) -> list[str]:
    rows = grid_rows(grid)
    out = []
    for i, row in enumerate(rows):
        out.append("|" + "".join("|" if cont else f" {_escape(text) or ' '} |" for text, cont in row))
        if i == 0:
            out.append("|" + "---|" * grid.width)
    return out


def render(blocks: list[Block], grids: dict[str, Grid], charts: dict[str, Chart], path: Path) -> dict[Path, bytes]:
    """The .md at ``path`` and its chart files beside it: every file's content."""
    lines: list[str] = []
    figures: dict[Path, bytes] = {}
    for b in blocks:
        if b.kind == "heading":
            lines += ["#" * (b.level + 1) + " " + b.text, ""]
        elif b.kind == "paragraph":
            lines += [b.text, ""]
        elif b.kind == "table":
            g = grids[b.text]
            lines += [g.unit or "", ""] + pipe_table(g) + [""]
            lines += [f"注：{g.note}", ""] if g.note else []
            lines += [f"说明：{g.empty_note}", ""] if g.empty_note else []
        elif b.kind == "chart" and b.text in charts:
            chart = charts[b.text]
            fig = path.with_name(f"{path.stem}-fig{1 if b.text == 'income' else 2}.svg")
            figures[fig] = chart.svg
            lines += [f"![{chart.caption}]({fig.name})", "", chart.caption, ""]
    return {path: "\n".join(lines).encode("utf-8"), **figures}
