"""A stored document as the review desk shows it: its findings as export rows, with reviews.

The rows are those of every export (:mod:`juesuan.export.rows`): built from
the run's JSON report (kept by the upload worker, with each finding's
offsets) and the document's text read again from its file, so each row has
the place a person finds and the sentence or table row around it.  A
document checked into the store from the command line has no JSON report:
its rows come from the store's findings (page, line and quote only).  Row
number n is the run's stored finding of seq n-1, so each row has its
finding's id and review.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field, replace
from functools import lru_cache

from sqlalchemy import Engine, desc, select

from ..document import Document
from ..export.rows import Entry, Row, entry
from ..readers import ReadError, read
from ..store.schema import documents, figures, findings, lines, runs
from .reviews import Review, reviews_of
from .tables import reports, uploads

PDFIUM = threading.Lock()        # pdfium is not thread-safe: one reader or renderer at a time
LINES_SHOWN = 400


@dataclass
class DocumentPage:
    id: int
    name: str                                     # the file's name as uploaded
    path: str
    org: str
    unit_key: str | None
    year: int | None
    doc_type: str
    run_error: str | None
    entry: Entry
    text: Document | None
    finding_ids: dict[int, int] = field(default_factory=dict)     # row number → finding id
    reviews: dict[int, Review] = field(default_factory=dict)      # finding id → review
    figures: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    neighbours: dict[str, tuple[int, str]] = field(default_factory=dict)  # file name → (id, shown name)

    def review_of(self, row: Row) -> Review:
        return self.reviews[self.finding_ids[row.number]]

    def row_of(self, finding_id: int) -> Row | None:
        return next((r for r in self.entry.rows if self.finding_ids.get(r.number) == finding_id), None)


def display_names(conn, ids: list[int]) -> dict[int, str]:
    """Document id → the name it was uploaded as (else its file's name)."""
    named = {r.document_id: r.filename for r in conn.execute(
        select(uploads.c.document_id, uploads.c.filename).where(uploads.c.document_id.in_(ids))
        .order_by(desc(uploads.c.id)))} if ids else {}
    paths = {r.id: r.path for r in conn.execute(select(documents.c.id, documents.c.path)
                                                 .where(documents.c.id.in_(ids)))} if ids else {}
    return {i: named.get(i) or os.path.basename(paths.get(i, "")) for i in ids}


def load(engine: Engine, document_id: int) -> DocumentPage | None:
    with engine.connect() as conn:
        doc = conn.execute(select(documents).where(documents.c.id == document_id)).first()
        if doc is None:
            return None
        run = conn.execute(select(runs).where(runs.c.document_id == document_id)
                           .order_by(desc(runs.c.id)).limit(1)).first()
        stored = conn.execute(select(findings).where(findings.c.run_id == run.id)
                              .order_by(findings.c.seq)).all() if run else []
        saved = conn.execute(select(reports.c.report).where(reports.c.run_id == run.id)).scalar() if run else None
        name = display_names(conn, [document_id])[document_id]
        reviewed = reviews_of(conn, stored, doc.unit_key)
        shown_figures = conn.execute(select(figures).where(figures.c.run_id == run.id)
                                     .order_by(figures.c.seq)).all() if run else []
        shown_lines = conn.execute(select(lines).where(lines.c.run_id == run.id)
                                   .order_by(lines.c.seq, lines.c.id).limit(LINES_SHOWN)).all() if run else []
        neighbours = _neighbours(conn, doc)
    obj = json.loads(saved) if saved else _from_store(doc, run, stored)
    obj["file"] = name
    text = document_text(doc.path)
    item = entry(obj, text if saved else None)
    page = DocumentPage(doc.id, name, doc.path, doc.org or "", doc.unit_key, doc.year, doc.doc_type,
                        run.error if run else None, item, text, reviews=reviewed, figures=shown_figures,
                        lines=shown_lines, neighbours=neighbours)
    page.finding_ids = {f.seq + 1: f.id for f in stored}
    item.rows = [replace(r, opinion=page.review_of(r).opinion, reviewer=page.review_of(r).who)
                 if r.number in page.finding_ids else r for r in item.rows]
    return page


def _from_store(doc, run, stored) -> dict:
    """The JSON object of a run from the store's rows (no offsets)."""
    return {"file": doc.path, "doc_type": doc.doc_type, "error": run.error if run else None,
            "figures": {"meta.org": doc.org or "", "meta.year": doc.year},
            "findings": [{"rule": f.rule, "severity": f.severity, "title": f.title, "message": f.message,
                          "expected": f.expected, "actual": f.actual, "arithmetic": f.arithmetic,
                          "location": {"page": f.page, "line": f.line, "quote": f.quote}} for f in stored]}


def _neighbours(conn, doc) -> dict[str, tuple[int, str]]:
    """The unit's other documents by their file's name, as cross-document messages name them."""
    if not doc.unit_key:
        return {}
    others = conn.execute(select(documents.c.id, documents.c.path)
                          .where(documents.c.unit_key == doc.unit_key, documents.c.id != doc.id)).all()
    names = display_names(conn, [o.id for o in others])
    return {os.path.basename(o.path): (o.id, names[o.id]) for o in others}


def linked(text: str, neighbours: dict[str, tuple[int, str]]) -> list[tuple[str, int | None]]:
    """``text`` cut where it names another document: (text, None) and (shown name, its id)."""
    out: list[tuple[str, int | None]] = [(text, None)]
    for file_name, (other, shown) in neighbours.items():
        cut = []
        for part, target in out:
            if target is not None or file_name not in part:
                cut.append((part, target))
                continue
            pieces = part.split(file_name)
            for i, piece in enumerate(pieces):
                if i:
                    cut.append((shown, other))
                cut.append((piece, None))
        out = cut
    return [(part, target) for part, target in out if part]


def document_text(path: str) -> Document | None:
    """The document read again from its file (None when it is gone or unreadable); the
    last few are kept."""
    try:
        stamp = os.stat(path).st_mtime_ns
    except OSError:
        return None
    with PDFIUM:
        return _read(path, stamp)


@lru_cache(maxsize=16)
def _read(path: str, _stamp: int) -> Document | None:
    try:
        return read(path)
    except ReadError:
        return None
