"""Build a real Word document from the txt form, for the docx reader's tests.

Lines outside table blocks become paragraphs; each tab-cell block becomes a
Word table with the same rows and cells.  A row shorter than the table is
padded by merging its last cell across the remaining grid columns (one
``w:tc`` with a ``gridSpan``), as Word does with merged cells.  A cell's lines
become the cell's paragraphs.
"""

from __future__ import annotations

from pathlib import Path

import docx

from juesuan.readers.txt import find_tables


def build_docx_from_txt(txt: str, path: str | Path) -> Path:
    """Write ``txt`` (the txt convention) as a .docx at ``path`` and return the path."""
    document = docx.Document()
    pos = 0
    for table in find_tables(txt):
        _add_paragraphs(document, txt[pos:table.span.start])
        _add_table(document, txt, table)
        pos = table.span.end
    _add_paragraphs(document, txt[pos:])
    document.save(str(path))
    return Path(path)


def _add_paragraphs(document, text: str) -> None:
    for line in text.splitlines():
        document.add_paragraph(line)


def _add_table(document, txt: str, table) -> None:
    word_table = document.add_table(rows=len(table.rows), cols=table.width)
    for cells, row in zip(table.rows, word_table.rows):
        if len(cells) < table.width:
            _span_last_cell(row, len(cells), table.width)
        for cell, word_cell in zip(cells, row.cells):
            _fill_cell(word_cell, txt[cell.span.start:cell.span.end])


def _span_last_cell(row, count: int, width: int) -> None:
    """Keep ``count`` cells, the last one spanning the rest of the grid (what merging does, faster)."""
    tcs = row._tr.tc_lst
    tcs[count - 1].grid_span = width - count + 1
    for extra in tcs[count:]:
        row._tr.remove(extra)


def _fill_cell(word_cell, raw: str) -> None:
    first, *rest = raw.split("\n")
    word_cell.paragraphs[0].text = first
    for line in rest:
        word_cell.add_paragraph(line)
