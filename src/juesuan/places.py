"""A place in a document as a person finds it in the original file.

The internal line number (``Document.line_of``) counts the lines of the
normalized text; it means nothing in a PDF or a Word file.  A person needs the
page and the line counted from the page's top (PDF), the paragraph or the table
cell (Word), or the file's own line (plain text, Markdown, HTML).  Both the
rendering of findings and the rules' messages ("同一数字在第3页第12行为…") use
these helpers; the exports (审核意见表, 整改通知, report.html) use :func:`where_found`,
which names the table row too.
"""

from __future__ import annotations

import bisect

from .document import Document, Span

LABEL_LIMIT = 20


def findable(doc: Document, offset: int) -> dict:
    """``page_line`` (the line on its page, from the page's top) for a paged document;
    ``paragraph`` (non-blank paragraphs outside tables) or ``table``/``row``/``column``
    (1-based) for Word; nothing else for a format whose line numbers are its own."""
    part_at = getattr(doc, "part_at", None)
    base = part_at(offset).start if part_at else 0      # the file's own start in a joined disclosure
    if doc.source_format == "docx":
        cell = _table_cell(doc, offset, base)
        if cell:
            return dict(zip(("table", "row", "column"), cell))
        starts = doc.prose_starts()
        before = bisect.bisect_left(starts, base)
        return {"paragraph": max(bisect.bisect_right(starts, offset) - before, 1)}
    if doc.page_starts:
        page = doc.page_of(offset)
        return {"page_line": doc.line_of(offset) - doc.line_of(doc.page_starts[page - 1]) + 1}
    return {}


def _table_cell(doc: Document, offset: int, base: int) -> tuple[int, int, int] | None:
    own = [t for t in doc.tables if t.span.start >= base]
    for t_index, table in enumerate(own, 1):
        if table.span.start <= offset < table.span.end:
            for r_index, row in enumerate(table.rows, 1):
                for c_index, cell in enumerate(row, 1):
                    if cell.span.start <= offset < max(cell.span.end, cell.span.start + 1):
                        return t_index, r_index, c_index
    return None


def where(loc: dict) -> str:
    """A location (``page``, ``line`` and the fields of :func:`findable`) as a reviewer
    reads it: 表2 第3行第4列, 第12段, 第18页 第3行, 单元格 收入决算表!C7 第9行, 第65行."""
    if loc.get("cell"):                      # a spreadsheet: its cell, not a page
        return f"单元格 {loc['cell']} 第{loc['line']}行"
    if loc.get("table"):
        return f"表{loc['table']} 第{loc['row']}行第{loc['column']}列"
    if loc.get("paragraph"):
        return f"第{loc['paragraph']}段"
    if loc.get("page"):
        return f"第{loc['page']}页 第{loc.get('page_line', loc['line'])}行"
    return f"第{loc['line']}行"


def place(doc: Document, offset: int) -> str:
    """Where ``offset`` stands, for a rule's message: "第18页第3行", "第12段", "第65行"
    (in a disclosure of several files, in its own file)."""
    return where(_location(doc, offset)).replace(" ", "")


def where_found(doc: Document, offset: int) -> str:
    """Where ``offset`` stands, for a reviewer's table: :func:`where`, and inside a table
    of a PDF or a text file the row's label too ("第4页 第12行 表格「收入合计」行"); a Word
    table cell is already found by its 表/行/列."""
    found = where(_location(doc, offset))
    row = table_row(doc, offset) if doc.source_format != "docx" else None
    return f"{found} 表格「{row_label(row)}」行" if row else found


def _location(doc: Document, offset: int) -> dict:
    local = getattr(doc, "local", None)
    loc = local(Span(offset, offset)) if local else {"page": doc.page_of(offset), "line": doc.line_of(offset)}
    return {**loc, **findable(doc, offset)}


def table_row(doc: Document, offset: int):
    """The row of cells of the table that holds ``offset``, or None outside tables."""
    for table in doc.tables:
        if table.span.start <= offset < table.span.end:
            return next((row for row in table.rows if row and row[0].span.start <= offset <= row[-1].span.end),
                        None)
    return None


def row_label(row, limit: int = LABEL_LIMIT) -> str:
    """A table row's first filled cell, cut to ``limit`` characters: what a reader looks for."""
    label = next((c.text for c in row if c.text), "")
    return label if len(label) <= limit else label[: limit - 1] + "…"
