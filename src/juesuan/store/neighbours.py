"""Stored documents as neighbours for the cross-document rules.

A run keeps what those rules read from a neighbour: its figures by key and its
line items by code, each amount with its page, line and quote.  ``stored_reports``
rebuilds a light :class:`~juesuan.model.Report` from those rows, so that
:func:`juesuan.crossdoc.neighbours` pairs a document with last year's document
from the store exactly as with one checked in the same call.  The amounts of a
light report stand at made-up offsets (0, 1, 2 …) that its
:class:`StoredDocument` maps to the stored page, line and quote (the sentence
or table row: a figure's clause and a line item's row are its amount's span).
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Engine, func, select

from ..crossdoc import neighbour_kinds, unit_key
from ..document import Span
from ..model import Amount, Figure, LineItem, Meta, Report
from . import schema


class StoredDocument:
    """The places of a stored document's amounts, by their made-up offsets."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._places: list[tuple[int | None, int, str, str | None]] = []

    def add(self, row) -> Span:
        """A span for a stored amount row, remembering where it stands."""
        self._places.append((row.page, row.line, row.quote, row.file))
        offset = len(self._places) - 1
        return Span(offset, offset + 1)

    def local(self, span: Span) -> dict:
        """``file`` (None unless the document is several files), ``page`` and ``line``, as
        ``disclosure.JoinedDocument.local`` gives them."""
        page, line, _, file = self._places[span.start]
        return {"file": file, "page": page, "line": line}

    def context(self, span: Span, limit: int = 120) -> str:
        return self._places[span.start][2]


def stored_reports(engine: Engine, reports: list[Report]) -> list[tuple[str, Report]]:
    """(path, light report) of each stored document that may be a neighbour of one of
    ``reports`` (its latest run): the unit's document of the same kind of the year
    before, and for a 决算 the same year's 预算."""
    wanted = {(unit_key(r.meta.org), year, kind) for r in reports if unit_key(r.meta.org) and r.meta.year
              for _, year, kind in neighbour_kinds(r.meta.year, r.doc_type)}
    if not wanted:
        return []
    d, runs = schema.documents, schema.runs
    latest = (select(func.max(runs.c.id)).where(runs.c.document_id == d.c.id, runs.c.error.is_(None))
              .scalar_subquery().label("run_id"))
    query = (select(d, latest).where(d.c.unit_key.in_(sorted({k for k, _, _ in wanted})),
                                     d.c.year.in_(sorted({y for _, y, _ in wanted})))
             .order_by(d.c.id))
    out = []
    with engine.connect() as conn:
        for doc_row in conn.execute(query).all():
            if doc_row.run_id is not None and (doc_row.unit_key, doc_row.year, doc_row.doc_type) in wanted:
                out.append((doc_row.path, _rebuild(conn, doc_row)))
    return out


def _amount(doc: StoredDocument, row) -> Amount:
    return Amount(value=Decimal(row.value), unit=row.unit, decimals=row.decimals, span=doc.add(row), text=row.text)


def _rebuild(conn, doc_row) -> Report:
    doc = StoredDocument(doc_row.path)
    figures = []
    for row in conn.execute(select(schema.figures).where(schema.figures.c.run_id == doc_row.run_id)
                            .order_by(schema.figures.c.seq)):
        amount = _amount(doc, row)
        figures.append(Figure(key=row.key, label=row.label, amount=amount, source=row.source, topic=None,
                              clause=amount.span, year=row.year))
    items: dict[int, dict] = {}
    for row in conn.execute(select(schema.lines).where(schema.lines.c.run_id == doc_row.run_id)
                            .order_by(schema.lines.c.seq, schema.lines.c.id)):
        amount = _amount(doc, row)
        item = items.setdefault(row.seq, {"table": row.table_kind, "code": row.code, "name": row.name,
                                          "level": row.level, "actual": None, "span": amount.span})
        item[row.phase] = amount
    meta = Meta(org=doc_row.org, year=doc_row.year, unit=doc_row.money_unit)
    return Report(document=doc, doc_type=doc_row.doc_type, meta=meta, figures_list=figures,
                  lines=[LineItem(**items[seq]) for seq in sorted(items)])
