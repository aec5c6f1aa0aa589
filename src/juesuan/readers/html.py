"""HTML reader (stdlib ``html.parser``): block elements become lines, tables tab-cell blocks.

Paragraphs, headings, list items, captions and ``<br>`` end a line; the
content of ``<head>``, ``<script>``, ``<style>`` and ``<svg>`` is left out.
Each ``<table>`` is written in the txt convention (a cell per line starting
with a tab, a blank line after each row), like the Word reader does: a cell
with ``colspan`` is one cell; a cell with ``rowspan`` is written once, and
as an empty cell in the rows below it, as Word writes a vertically merged
cell.  :func:`~juesuan.readers.txt.find_tables` then rebuilds the tables.
"""

from __future__ import annotations

from html.parser import HTMLParser

from ..document import Document
from .errors import ReadError
from .txt import decode, find_tables

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "caption", "figcaption", "section", "article",
           "header", "footer", "blockquote", "pre", "title", "dt", "dd", "tr"}
_SKIP = {"head", "script", "style", "svg", "noscript", "template"}


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.skip = 0
        self.tables: list[dict] = []        # stack of tables being read

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
            self.lines.extend(_cell_lines(self.tables.pop()["rows"]))
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


def _cell_lines(rows: list[list[dict]]) -> list[str]:
    """The rows in the tab-cell convention, vertically merged cells as empty cells below."""
    out: list[str] = []
    pending: dict[int, tuple[int, int]] = {}     # grid column -> (rows left, colspan)
    for row in rows:
        cells: list[str] = []
        col = 0
        queue = list(row)
        while queue or any(c >= col for c in pending):
            if col in pending:
                left, span = pending[col]
                cells.append("")
                if left <= 1:
                    del pending[col]
                else:
                    pending[col] = (left - 1, span)
                col += span
                continue
            if not queue:
                break
            cell = queue.pop(0)
            cells.append(" ".join("".join(cell["text"]).split()))
            if cell["rowspan"] > 1:
                pending[col] = (cell["rowspan"] - 1, cell["colspan"])
            col += cell["colspan"]
        out.extend("\t" + c for c in cells)
        out.append("")
    return out


def read_html(path: str, data: bytes) -> Document:
    parser = _Parser()
    parser.feed(decode(data, path))
    parser.close()
    text = "\n".join(parser.lines)
    if not text.strip():
        raise ReadError(path, "文档没有文字内容（no text）")
    return Document(path=path, text=text, tables=find_tables(text), source_format="html")


def looks_like_html(data: bytes) -> bool:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))
