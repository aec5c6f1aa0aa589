"""Markdown output: headings, paragraphs, pipe tables, chart files beside the text.

Every text is plain text made Markdown here: characters that would make
markup (links, images, HTML tags, emphasis, code, table pipes) are escaped
with a backslash, and so is what would start a heading, list, quote or table
at the start of a line, so a name or reason in the data prints as it is and
can forge nothing (no ``<script>``, no ``javascript:`` link, no heading).

Merged header cells follow MultiMarkdown: a cell with nothing between its
pipes (``||``) continues the cell before it; a vertically merged cell is
empty below its first row.  juesuan's Markdown reader reads the tables back
in that convention.  Charts are written as SVG files next to the .md
(``NAME-fig1.svg``) and linked.
"""

from __future__ import annotations

import re
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


_MARKUP = re.compile(r"([\\`*_\[\]<>|~&])")
_LINE_START = re.compile(r"^([#>+=-]|\d{1,9}(?=[.)](?:\s|$)))")


def markdown_text(text: str, line_start: bool = True) -> str:
    """Plain text as Markdown that shows it verbatim (``line_start``: it begins a line)."""
    escaped = _MARKUP.sub(r"\\\1", " ".join(text.split()))
    if line_start:
        escaped = _LINE_START.sub(lambda m: m.group(1) + "\\" if m.group(1)[0].isdigit() else "\\" + m.group(1),
                                  escaped)
    return escaped


def pipe_table(grid: Grid) -> list[str]:
    rows = grid_rows(grid)
    out = []
    for i, row in enumerate(rows):
        out.append("|" + "".join("|" if cont else f" {markdown_text(text, line_start=False) or ' '} |" for text, cont in row))
        if i == 0:
            out.append("|" + "---|" * grid.width)
    return out


def render(blocks: list[Block], grids: dict[str, Grid], charts: dict[str, Chart], path: Path) -> dict[Path, bytes]:
    """The .md at ``path`` and its chart files beside it: every file's content."""
    lines: list[str] = []
    figures: dict[Path, bytes] = {}
    for b in blocks:
        if b.kind == "heading":
            lines += ["#" * (b.level + 1) + " " + markdown_text(b.text, line_start=False), ""]
        elif b.kind == "paragraph":
            lines += [markdown_text(b.text), ""]
        elif b.kind == "table":
            g = grids[b.text]
            lines += [markdown_text(g.unit or ""), ""] + pipe_table(g) + [""]
            lines += [markdown_text(f"注：{g.note}"), ""] if g.note else []
            lines += [markdown_text(f"说明：{g.empty_note}"), ""] if g.empty_note else []
        elif b.kind == "chart" and b.text in charts:
            chart = charts[b.text]
            fig = path.with_name(f"{path.stem}-fig{1 if b.text == 'income' else 2}.svg")
            figures[fig] = chart.svg
            lines += [f"![{markdown_text(chart.caption, False)}](<{fig.name}>)", "", markdown_text(chart.caption), ""]
    return {path: "\n".join(lines).encode("utf-8"), **figures}
