"""HTML reader (stdlib ``html.parser``): block elements become lines, tables tab-cell blocks.

Paragraphs, headings, list items, captions and ``<br>`` end a line; the
content of ``<head>``, ``<script>``, ``<style>`` and ``<svg>`` is left out.
Each ``<table>`` is written in the txt convention (a cell per line starting
with a tab, a blank line after each row), like the Word reader does: a cell
with ``colspan`` is one cell; a cell with ``rowspan`` is written once, and
as an empty cell in the rows below it, as Word writes a vertically merged
cell (at most :data:`MAX_MERGED_CELLS` such cells in a document).  :func:`~juesuan.readers.txt.find_tables` then rebuilds the tables.
"""

from __future__ import annotations

from html.parser import HTMLParser

from ..document import Document
from .errors import ReadError
from .txt import decode, find_tables

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "caption", "figcaption", "section", "article",
           "header", "footer", "blockquote", "pre", "title", "dt", "dd", "tr"}
_SKIP = {"head", "script", "style", "svg", "noscript", "template"}
# Empty cells that rowspans may add to one document (a 50-row table of 20
# columns, all merged, needs 1,000).
MAX_MERGED_CELLS = 200_000


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.skip = 0
        self.tables: list[dict] = []        # stack of tables being read
        self.merged_budget = MAX_MERGED_CELLS   # empty cells rowspans may still add

    # -- text ---------------------------------------------------------------
    def _flush(self) -> None:
        text = " ".join("".join(self.buf).split())
        self.buf = []
        if text:
            self.lines.append(text.lstrip("\t"))

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.tables and self.tables[-1]["cell"] is not None:
            self.tables[-1]["cell"]["text"].append(data)
        else:
            self.buf.append(data)

    # -- tags ---------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        a = dict(attrs)
        if tag == "table":
            self._flush()
            self.tables.append({"rows": [], "row": None, "cell": None})
        elif self.tables and tag == "tr":
            self.tables[-1]["row"] = []
        elif self.tables and tag in ("td", "th"):
            t = self.tables[-1]
            if t["row"] is None:
                t["row"] = []
            t["cell"] = {"text": [], "colspan": _int(a.get("colspan")), "rowspan": _int(a.get("rowspan"))}
        elif tag == "br":
            if self.tables and self.tables[-1]["cell"] is not None:
                self.tables[-1]["cell"]["text"].append(" ")
            else:
                self._flush()
        elif tag in _BLOCKS and not self.tables:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if self.tables and tag in ("td", "th"):
            t = self.tables[-1]
            if t["cell"] is not None and t["row"] is not None:
                t["row"].append(t["cell"])
            t["cell"] = None
        elif self.tables and tag == "tr":
            t = self.tables[-1]
            if t["row"] is not None:
                t["rows"].append(t["row"])
            t["row"] = None
        elif tag == "table" and self.tables:
            lines, merged = _cell_lines(self.tables.pop()["rows"], self.merged_budget)
            self.lines.extend(lines)
            self.merged_budget -= merged
        elif tag in _BLOCKS and not self.tables:
            self._flush()

    def close(self) -> None:
        super().close()
        self._flush()


def _int(value) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def _cell_lines(rows: list[list[dict]], budget: int) -> tuple[list[str], int]:
    """The rows in the tab-cell convention, vertically merged cells as empty cells below.

    A rowspan reaches no further than the rows the table has, and each row is
    laid out in one pass over its cells and the spans pending from above
    (sorted by column), so the work is linear in what is written.  A table
    whose merged cells would still expand past ``budget`` empty cells (what
    is left of the document's :data:`MAX_MERGED_CELLS`) is refused: no real
    document has that many.  Returns the lines and the empty cells written.
    """
    out: list[str] = []
    pending: dict[int, list[int]] = {}     # grid column -> [rows left, colspan]
    merged = 0
    for index, row in enumerate(rows):
        rows_below = len(rows) - index - 1
        starts = sorted(pending)
        cells: list[str] = []
        below: dict[int, list[int]] = {}
        col = 0
        k = 0

        def merged_at(col: int) -> int:
            """Write the pending cells at ``col`` and right after it; the column after them."""
            nonlocal k, merged
            while k < len(starts) and starts[k] <= col:
                start = starts[k]
                k += 1
                left, span = pending[start]
                if left > 1:
                    below[start] = [left - 1, span]
                if start == col:
                    cells.append("")
                    col += span
                    merged += 1
            return col

        for cell in row:
            col = merged_at(col)
            cells.append(" ".join("".join(cell["text"]).split()))
            span_rows = min(cell["rowspan"] - 1, rows_below)
            if span_rows > 0:
                below[col] = [span_rows, cell["colspan"]]
            col += cell["colspan"]
        merged_at(col)
        while k < len(starts):                 # spans left of a wide cell: they still count this row
            left, span = pending[starts[k]]
            if left > 1:
                below[starts[k]] = [left - 1, span]
            k += 1
        if merged > budget:
            raise _TooManyMergedCells
        pending = below
        out.extend("\t" + c for c in cells)
        out.append("")
    return out, merged


class _TooManyMergedCells(Exception):
    """The document's rowspans expand past MAX_MERGED_CELLS."""


def read_html(path: str, data: bytes) -> Document:
    parser = _Parser()
    try:
        parser.feed(decode(data, path))
        parser.close()
    except _TooManyMergedCells:
        raise ReadError(path, f"HTML 表格的合并单元格（rowspan）展开后超过 {MAX_MERGED_CELLS:,} 个，"
                              "疑为异常文件，未读取（rowspan expansion too large）") from None
    text = "\n".join(parser.lines)
    if not text.strip():
        raise ReadError(path, "文档没有文字内容（no text）")
    return Document(path=path, text=text, tables=find_tables(text), source_format="html")


def looks_like_html(data: bytes) -> bool:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))
