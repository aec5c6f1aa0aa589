"""Where a span stands: page, line, offsets and the verbatim quote."""

from __future__ import annotations

from ..document import Document, Span


def location(doc: Document, span: Span) -> dict:
    return {"page": doc.page_of(span.start), "line": doc.line_of(span.start),
            "start": span.start, "end": span.end, "quote": doc.quote(span)}
