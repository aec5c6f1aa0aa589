"""Where a span stands: page, line, offsets, the verbatim quote — and the place as a
reviewer finds it in the original file (:mod:`juesuan.places`)."""

from __future__ import annotations

from ..document import Document, Span
from ..places import findable


def location(doc: Document, span: Span) -> dict:
    """The ``location`` object of spec/report-json.md.

    ``quote`` is the whole text at ``[start:end]`` with whitespace runs
    collapsed, never shortened: a consumer can find it again in the text.
    For the files of one disclosure checked as one (``disclosure.JoinedDocument``)
    it gains ``file`` and its page, line and offsets are that file's own.  A
    place in a spreadsheet gains ``cell`` (``"收入决算表!C7"``).
    Added fields: ``page_line`` (the line on its page, counted from the page's
    top), ``paragraph`` (the non-blank paragraph outside tables, Word) and
    ``table``/``row``/``column`` (1-based, a Word table cell).
    """
    quote = " ".join(doc.text[span.start:span.end].split())
    cell = {"cell": doc.place_of(span.start)} if doc.places and doc.place_of(span.start) else {}
    local = getattr(doc, "local", None)          # a disclosure of several files: the file's own place
    if local is not None:
        out = {**local(span), "quote": quote, **cell}
    else:
        out = {"page": doc.page_of(span.start), "line": doc.line_of(span.start),
               "start": span.start, "end": span.end, "quote": quote, **cell}
    out.update(findable(doc, span.start))
    return out
