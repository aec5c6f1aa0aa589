"""The 审核意见表 (.xlsx) and 整改通知 (.docx) of stored documents, carrying their reviews.

The writers are those of ``juesuan report`` (:mod:`juesuan.export.xlsx`,
:mod:`juesuan.export.docx`); each row's 处理意见 and 复核人 come from its
review.  A notice leaves out the findings a reviewer dismissed.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from sqlalchemy import Engine

from ..export import docx as write_docx
from ..export import xlsx as write_xlsx
from .documents import DocumentPage, load


def _pages(engine: Engine, document_ids: list[int]) -> list[DocumentPage]:
    return [page for i in document_ids if (page := load(engine, i)) is not None]


def workbook(engine: Engine, document_ids: list[int]) -> bytes:
    chosen = [page.entry for page in _pages(engine, document_ids)]
    return _written(lambda path: write_xlsx.write(chosen, path), ".xlsx")


def notice(engine: Engine, document_ids: list[int]) -> bytes:
    """One notice for the documents' unit (the first document's), without dismissed findings."""
    pages = _pages(engine, document_ids)
    kept = [replace(p.entry, rows=[r for r in p.entry.rows
                                   if r.number not in p.finding_ids or p.review_of(r).status != "dismissed"])
            for p in pages]
    unit = kept[0].unit if kept else ""
    return _written(lambda path: write_docx.write(unit, kept, path), ".docx")


def _written(write, suffix: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"out{suffix}"
        write(str(path))
        return path.read_bytes()
