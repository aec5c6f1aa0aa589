"""The one coordinate system: normalized text with lines, pages and table blocks.

Every reader turns its file into a :class:`Document`.  Everything downstream
(extraction, checks, rendering) refers to places in the document through
:class:`Span` (character offsets into ``Document.text``), so line, page and
verbatim quote come for free.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, fields
from itertools import accumulate

from .openings import find_opening


@dataclass(frozen=True, order=True, slots=True)
class Span:
    """A half-open range ``[start, end)`` of character offsets in the text."""

    start: int
    end: int

    def __init__(self, start: int, end: int) -> None:
        # The records made by the thousand write their fields once, straight into their
        # dict: half the time of the frozen dataclass's object.__setattr__ per field (and
        # where they are made by the thousand they are called positionally: keywords cost
        # a third of the call).  The most numerous (spans, intervals) have slots instead of
        # a dict, written by the slots' own setters: a third less again.
        _set_start(self, start)
        _set_end(self, end)

    def cover(self, other: "Span") -> "Span":
        """The smallest span containing both."""
        return Span(min(self.start, other.start), max(self.end, other.end))


def slot_setters(record: type) -> tuple:
    """The setters of a slotted record's fields, in their order (for its own ``__init__``)."""
    return tuple(getattr(record, f.name).__set__ for f in fields(record))


_set_start, _set_end = slot_setters(Span)


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell: its text (whitespace-trimmed) and where it stands."""

    text: str
    span: Span

    def __init__(self, text: str, span: Span) -> None:
        set_text, set_span = _CELL_SETTERS      # set once (see Span.__init__)
        set_text(self, text)
        set_span(self, span)


_CELL_SETTERS = slot_setters(Cell)


@dataclass(frozen=True)
class Table:
    """A table block: rows of cells, in document order."""

    rows: tuple[tuple[Cell, ...], ...]
    span: Span

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class Document:
    """Normalized text of one input file, with its line, page and table index.

    ``page_starts`` holds the offset where each page begins (empty when the
    format has no pages).  ``tables`` are the table blocks the reader found.
    ``places`` names the spreadsheet cell each stretch of text came from
    (``(start, end, "Sheet!B5")``, ascending); ``uncertain`` holds the spans of
    digits that OCR read with low confidence, in text order; ``formulas`` the
    formula cells of a workbook.
    ``unread_pages`` numbers (from 1) the pages whose text could not be read
    (a damaged PDF): what the document says there is missing from ``text``.
    """

    path: str
    text: str
    tables: list[Table] = field(default_factory=list)
    page_starts: list[int] = field(default_factory=list)
    source_format: str = "txt"
    places: list[tuple[int, int, str]] = field(default_factory=list)
    uncertain: list[Span] = field(default_factory=list)
    formulas: list = field(default_factory=list)      # readers.xlsx.FormulaCell of a workbook
    unread_pages: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Each line starts one past the end of the one before (the last line's end starts nothing).
        self._line_starts = [0, *accumulate(len(line) + 1 for line in self.text.split("\n")[:-1])]

    def _table_bounds(self) -> tuple[list[int], list[int]]:
        """Starts and ends of the table blocks, in the order of their starts (computed once)."""
        if not hasattr(self, "_table_starts"):
            spans = sorted((t.span.start, t.span.end) for t in self.tables)
            self._table_starts = [a for a, _ in spans]
            self._table_ends = [b for _, b in spans]
        return self._table_starts, self._table_ends

    def in_table(self, offset: int) -> bool:
        """True when the offset lies inside a table block."""
        starts, ends = self._table_bounds()
        i = bisect.bisect_right(starts, offset) - 1
        return i >= 0 and offset < ends[i]

    def prose_lines(self) -> list[tuple[int, str]]:
        """(offset, line) of every non-blank line outside the tables (computed once)."""
        if not hasattr(self, "_prose"):
            starts, ends = self._table_bounds()
            prose, offset, last = [], 0, -1      # last: the last table starting at or before offset
            for line in self.text.split("\n"):
                if line and line[0] != "\t" and not line.isspace():
                    while last + 1 < len(starts) and starts[last + 1] <= offset:
                        last += 1                # the offsets only grow: in_table's bisection, walked
                    if last < 0 or offset >= ends[last]:
                        prose.append((offset, line))
                offset += len(line) + 1
            self._prose = prose
        return self._prose

    def prose_starts(self) -> list[int]:
        """The offset of each prose line (see :meth:`prose_lines`), ascending (computed once)."""
        if not hasattr(self, "_prose_starts"):
            self._prose_starts = [offset for offset, _ in self.prose_lines()]
        return self._prose_starts

    def prose_line_at(self, offset: int) -> int | None:
        """Index in :meth:`prose_lines` of the prose line holding the offset, if one does."""
        starts = self.prose_starts()
        i = bisect.bisect_right(starts, offset) - 1
        return i if i >= 0 and offset < starts[i] + len(self._prose[i][1]) else None

    def in_prose(self, offset: int) -> bool:
        """True when the offset lies outside the tables and off cell lines."""
        line_start = self._line_starts[bisect.bisect_right(self._line_starts, offset) - 1]
        return not self.text.startswith("\t", line_start) and not self.in_table(offset)

    def prose_matches(self, pattern, openings: tuple[str, ...] = ()):
        """Matches of a compiled regex in the text outside the tables and off cell lines
        (found from ``openings``, the strings every match starts with, when given: see
        :mod:`juesuan.openings`)."""
        found = find_opening(pattern, self.text, openings) if openings else pattern.finditer(self.text)
        return (m for m in found if self.in_prose(m.start()))

    def place_of(self, offset: int) -> str | None:
        """The spreadsheet cell (``"Sheet!B5"``) the text at ``offset`` came from, if any."""
        i = bisect.bisect_right(self.places, (offset, float("inf"))) - 1
        return self.places[i][2] if i >= 0 and offset <= self.places[i][1] else None

    def is_uncertain(self, span: Span) -> bool:
        """True when ``span`` overlaps digits OCR read with low confidence (the
        uncertain spans do not overlap, so the last one starting before the
        span's end has the furthest end)."""
        i = bisect.bisect_left(self.uncertain, Span(span.end, span.end)) - 1
        return i >= 0 and self.uncertain[i].end > span.start

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset."""
        return bisect.bisect_right(self._line_starts, offset)

    def page_of(self, offset: int) -> int | None:
        """1-based page number of an offset, or None for page-less formats."""
        if not self.page_starts:
            return None
        return bisect.bisect_right(self.page_starts, offset)

    def quote(self, span: Span, limit: int = 160) -> str:
        """Verbatim text at ``span`` with whitespace runs collapsed."""
        raw = self.text[span.start:span.end]
        collapsed = " ".join(raw.split())
        if len(collapsed) > limit:
            collapsed = collapsed[: limit - 1] + "…"
        return collapsed

    def context(self, span: Span, limit: int = 120) -> str:
        """The sentence(s) around a span, for showing a finding to a person."""
        text = self.text
        start = max(text.rfind(ch, 0, span.start) for ch in "。；\n") + 1
        ends = [i for i in (text.find(ch, span.end) for ch in "。；\n") if i != -1]
        end = min(ends) + 1 if ends else len(text)
        if end - start > limit:
            start = max(start, span.start - limit // 3)
            end = min(end, max(span.end, start + limit))
        return " ".join(text[start:end].split())

    def line_span(self, line: int) -> Span:
        """Span of a whole 1-based line (without its newline)."""
        start = self._line_starts[line - 1]
        end = self.text.find("\n", start)
        return Span(start, len(self.text) if end == -1 else end)

    @property
    def line_count(self) -> int:
        return len(self._line_starts)
