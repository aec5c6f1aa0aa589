"""Where a span stands: page, line, offsets, the verbatim quote — and the place as a
reviewer finds it in the original file.

The internal line number (``line``) counts the lines of the normalized text; it
means nothing in a PDF or a Word file.  A person needs the page and the line
counted from the page's top (PDF), the paragraph or the table cell (Word), or
the file's own line (plain text, Markdown, HTML).
"""

from __future__ import annotations

import bisect

from ..document import Document, Span


def location(doc: Document, span: Span) -> dict:
    """The ``location`` object of spec/report-json.md.

    ``quote`` is the whole text at ``[start:end]`` with whitespace runs
    collapsed, never shortened: a consumer can find it again in the text.
    For the files of one disclosure checked as one (``disclosure.JoinedDocument``)
    it gains ``file`` and its page, line and offsets are that file's own.
    Added fields: ``page_line`` (the line on its page, counted from the page's
    top), ``paragraph`` (the non-blank paragraph outside tables, Word) and
    ``table``/``row``/``column`` (1-based, a Word table cell).
    """
    quote = " ".join(doc.text[span.start:span.end].split())
    local = getattr(doc, "local", None)          # a disclosure of several files: the file's own place
    if local is not None:
        out = {**local(span), "quote": quote}
    else:
        out = {"page": doc.page_of(span.start), "line": doc.line_of(span.start),
               "start": span.start, "end": span.end, "quote": quote}
    out.update(_findable(doc, span.start))
    return out


def _findable(doc: Document, offset: int) -> dict:
    part_at = getattr(doc, "part_at", None)
    base = part_at(offset).start if part_at else 0      # the file's own start in a joined disclosure
    if doc.source_format == "docx":
        cell = _table_cell(doc, offset, base)
        if cell:
            return dict(zip(("table", "row", "column"), cell))
        starts = [o for o, _ in doc.prose_lines()]
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
    """A location object as a reviewer reads it: 第18页 第3行, 第12段, 表2 第3行第4列, 第65行."""
    if loc.get("table"):
        return f"表{loc['table']} 第{loc['row']}行第{loc['column']}列"
    if loc.get("paragraph"):
        return f"第{loc['paragraph']}段"
    if loc.get("page"):
        return f"第{loc['page']}页 第{loc.get('page_line', loc['line'])}行"
    return f"第{loc['line']}行"
