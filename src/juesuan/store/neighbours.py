"""Stored documents as neighbours for the cross-document rules.

A run keeps what those rules read of a document: its figures by key, its line
items by code and its statements comparing a figure with last year's, each
with its page, line and quote.  ``neighbourhood`` rebuilds light
:class:`~juesuan.model.Report` objects from those rows, in at most four
queries whatever their number: the stored documents a disclosure is checked against
(last year's document of its kind, a 决算's same-year 预算) and the stored
documents checked against it (next year's, a 预算's same-year 决算), so that
:func:`juesuan.crossdoc.neighbours` pairs a document with a stored one exactly
as with one checked in the same call, and a document stored before its
neighbour is checked again when the neighbour comes.  A light report's text is
its amounts as printed and its statements' wording, one a line
(:class:`StoredDocument`), each mapped to the stored page, line and quote (the
sentence or table row: a figure's clause and a line item's row are its
amount's span).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from sqlalchemy import func, select

from ..crossdoc import dependent_kinds, neighbour_kinds, unit_key
from ..document import Span
from ..model import Amount, ChangeStatement, Figure, LineItem, Meta, Report
from . import schema


class StoredDocument:
    """A stored document's text as far as the rules read it: each amount as printed and
    each change statement's wording, one a line, remembering where each stands."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._pieces: list[str] = []
        self._length = 0
        self._places: dict[int, tuple[int | None, int, str, str | None]] = {}

    def add(self, row, printed: str) -> Span:
        """A span for ``printed`` (a stored row's amount or wording), remembering where the
        row says it stands."""
        start = self._length
        self._pieces.append(printed + "\n")
        self._length += len(printed) + 1
        self._places[start] = (row.page, row.line, row.quote, row.file)
        return Span(start, start + len(printed))

    @property
    def text(self) -> str:
        return "".join(self._pieces)

    def local(self, span: Span) -> dict:
        """``file`` (None unless the document is several files), ``page`` and ``line``, as
        ``disclosure.JoinedDocument.local`` gives them."""
        page, line, _, file = self._places[span.start]
        return {"file": file, "page": page, "line": line}

    def context(self, span: Span, limit: int = 120) -> str:
        return self._places[span.start][2]


@dataclass
class Stored:
    """A stored document as a light report, with its ids and path."""

    document_id: int
    run_id: int
    path: str
    report: Report


@dataclass
class Neighbourhood:
    """The stored documents around a disclosure: ``neighbours`` it is checked against (the
    first stored of each kind) and ``dependents`` checked against it, each with its
    relation; ``twin``: a document of its own unit, year and kind (other content) is
    stored, so the dependents have been checked against that one (and are not rebuilt)."""

    neighbours: list[Stored] = field(default_factory=list)
    dependents: list[tuple[str, Stored]] = field(default_factory=list)
    twin: bool = False


def neighbourhood(conn, report: Report, document_id: int | None = None) -> Neighbourhood:
    """The stored documents (each its latest run without error, in the order stored)
    around ``report``; ``document_id``: its own, left out."""
    key, year, kind = unit_key(report.meta.org), report.meta.year, report.doc_type
    if not key or not year:
        return Neighbourhood()
    before = {(y, k) for _, y, k in neighbour_kinds(year, kind)}
    after = {(y, k): relation for relation, y, k in dependent_kinds(year, kind)}
    d, runs = schema.documents, schema.runs
    latest = (select(func.max(runs.c.id)).where(runs.c.document_id == d.c.id, runs.c.error.is_(None))
              .scalar_subquery().label("run_id"))
    years = sorted({y for y, _ in before | set(after)} | {year})
    query = select(d, latest).where(d.c.unit_key == key, d.c.year.in_(years)).order_by(d.c.id)
    rows = [r for r in conn.execute(query).all() if r.run_id is not None and r.id != document_id]
    twin = any((r.year, r.doc_type) == (year, kind) for r in rows)
    first: dict[tuple, object] = {}
    for r in rows:
        if (r.year, r.doc_type) in before:
            first.setdefault((r.year, r.doc_type), r)
    dependents = [] if twin else [r for r in rows if (r.year, r.doc_type) in after]
    stored = _rebuilt(conn, list(first.values()), dependents)
    return Neighbourhood([stored[r.id] for r in first.values()],
                         [(after[r.year, r.doc_type], stored[r.id]) for r in dependents], twin)


def _rebuilt(conn, neighbours: list, dependents: list) -> dict[int, Stored]:
    """The light reports of stored documents (by document id), in three queries; a
    dependent's with its change statements (what it is checked again with)."""
    rows = neighbours + dependents
    if not rows:
        return {}
    run_ids = [r.run_id for r in rows]
    figures = _by_run(conn, schema.figures, run_ids)
    lines = _by_run(conn, schema.lines, run_ids)
    changes = _by_run(conn, schema.changes, [r.run_id for r in dependents]) if dependents else {}
    return {r.id: Stored(r.id, r.run_id, r.path, _rebuild(r, figures.get(r.run_id, []), lines.get(r.run_id, []),
                                                           changes.get(r.run_id, [])))
            for r in rows}


def _by_run(conn, table, run_ids: list[int]) -> dict[int, list]:
    """``table``'s rows of each run, in document order."""
    out: dict[int, list] = {}
    for row in conn.execute(select(table).where(table.c.run_id.in_(run_ids))
                            .order_by(table.c.run_id, table.c.seq, table.c.id)):
        out.setdefault(row.run_id, []).append(row)
    return out


def _amount(doc: StoredDocument, row) -> Amount:
    return Amount(value=Decimal(row.value), unit=row.unit, decimals=row.decimals,
                  span=doc.add(row, row.printed or row.text), text=row.text)


def _change(doc: StoredDocument, row) -> ChangeStatement:
    """A stored statement comparing a figure with last year's, its span on its wording."""
    at = SimpleNamespace(page=row.amount_page, line=row.amount_line, quote=row.quote, file=row.file)
    amount = Amount(value=Decimal(row.value), unit=row.unit, decimals=row.decimals, span=doc.add(at, row.printed),
                    text=row.text)
    span = doc.add(row, row.wording)
    delta = None if row.delta_value is None else Amount(value=Decimal(row.delta_value), unit=row.delta_unit,
                                                        decimals=row.delta_decimals, span=span, text=row.delta_text)
    current = Figure(key=row.key, label=row.label, amount=amount, source="narrative", topic=None, clause=span,
                     year=row.year)
    return ChangeStatement(current=current, basis=row.basis, base=None, direction=row.direction,
                           direction_word=None, delta=delta, rate=None, rate_direction=None, rate_word=None,
                           span=span)


def _rebuild(doc_row, figure_rows, line_rows, change_rows) -> Report:
    doc = StoredDocument(doc_row.path)
    figures = []
    for row in figure_rows:
        amount = _amount(doc, row)
        figures.append(Figure(key=row.key, label=row.label, amount=amount, source=row.source, topic=None,
                              clause=amount.span, year=row.year))
    items: dict[int, dict] = {}
    for row in line_rows:
        amount = _amount(doc, row)
        item = items.setdefault(row.seq, {"table": row.table_kind, "code": row.code, "name": row.name,
                                          "level": row.level, "actual": None, "span": amount.span})
        item[row.phase] = amount
    meta = Meta(org=doc_row.org, year=doc_row.year, unit=doc_row.money_unit)
    return Report(document=doc, doc_type=doc_row.doc_type, meta=meta, figures_list=figures,
                  lines=[LineItem(**items[seq]) for seq in sorted(items)],
                  changes=[_change(doc, row) for row in change_rows])
