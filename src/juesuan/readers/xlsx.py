"""Excel workbook (.xlsx) reader: every sheet a titled table (see :mod:`.sheets`).

The workbook is opened within the bounds of :mod:`juesuan.xlsx_input` (its
unpacked size before anything is read, at most 5,000 rows × 100 columns
read, and a value past them refused), so a zip bomb or a sheet of a million
rows is refused with a message, not read for hours; a sheet merely
formatted far below its table (a declared dimension of 65,536 rows) is read.  Values are the ones
the file stores (a formula's cached result: what Excel showed when it was
saved), written as the cell's number format shows them; numbers stored as
text are kept as written.  Merged ranges are read from the sheet XML.

Formulas are read too: one that is a SUM of ranges and cells, or cells added
and subtracted, is kept with the values it refers to
(``Document.formulas``), so JS-R216 can recompute it; a formula without a
cached result (a file written by a program that does not calculate) is
shown with the value it computes; an error value (#DIV/0!) is kept as text.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from dataclasses import dataclass, replace
from decimal import Decimal

from lxml import etree
from openpyxl.utils.cell import get_column_letter, range_boundaries

from ..document import Span
from ..xlsx_input import WorkbookError, open_workbook, sheet_rows
from .errors import ReadError
from .sheets import Row, SheetCell, cell_text, merge_roles, number_text, sheets_document

_MERGE = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}mergeCell"
_REF = r"\$?[A-Z]{1,3}\$?\d{1,7}"
_TERM = re.compile(rf"([+-]?)(?:SUM\(((?:{_REF}(?::{_REF})?,?)+)\)|({_REF}))", re.I)
_SIMPLE = re.compile(rf"=\s*(?:[+-]?(?:SUM\((?:{_REF}(?::{_REF})?,?)+\)|{_REF}))+\s*", re.I)
MAX_TERMS = 10_000          # cells one formula may add up (a whole-column SUM is not simple)


@dataclass(frozen=True)
class FormulaCell:
    """A formula cell of a sheet: where its value stands in the text, its
    formula, the value the file stores, and, for a simple formula (SUM of
    ranges, cells added and subtracted), the signed values it adds up."""

    place: str                                   # "Sheet!C7"
    formula: str
    cached: Decimal | None                       # as the cell shows it
    decimals: int                                # decimals the cell shows
    error: str | None                            # "#DIV/0!" …: the formula's error value
    terms: tuple[tuple[int, str, Decimal], ...] | None    # (sign, cell, value); None: not simple
    span: Span | None = None                     # the cell's text in the Document

    @property
    def computed(self) -> Decimal | None:
        """What a simple formula gives from the values it refers to."""
        return None if self.terms is None else sum((sign * value for sign, _, value in self.terms), Decimal(0))


def read_xlsx(path: str, data: bytes):
    with warnings.catch_warnings():             # openpyxl warns of features it skips (validation, styles)
        warnings.simplefilter("ignore")
        return _read(path, data)


def _read(path: str, data: bytes):
    try:
        values = open_workbook(data)
        formulas = open_workbook(data, formulas=True)
        sheets, pending = [], []
        for sheet, formula_sheet in zip(_worksheets(values), _worksheets(formulas)):
            cells = sheet_rows(sheet, values_only=False, by_declared=False)
            raw = {c.coordinate: c.value for row in sheet_rows(formula_sheet, values_only=False, by_declared=False)
                   for c in row if isinstance(c.value, str) and c.value.startswith("=")}
            merged = _merged_ranges(data, getattr(sheet, "_worksheet_path", ""))
            rows, found = _sheet(sheet.title, cells, raw, merged)
            sheets.append((sheet.title, rows))
            pending += found
    except WorkbookError as exc:
        raise ReadError(path, str(exc)) from None
    doc = sheets_document(path, sheets, "xlsx")
    where = {place: Span(start, end) for start, end, place in doc.places}
    doc.formulas = [replace(f, span=where[f.place]) for f in pending if f.place in where]
    return doc


def _worksheets(workbook) -> list:
    """The sheets that hold cells (a chart sheet holds none)."""
    return [sheet for sheet in workbook.worksheets if hasattr(sheet, "iter_rows")]


def _sheet(title: str, cells: list[list], formulas: dict[str, str],
           merged: list[tuple[int, int, int, int]]) -> tuple[list[Row], list[FormulaCell]]:
    """The sheet's rows of SheetCells (merged ranges applied) and its formula cells."""
    values = {c.coordinate: c.value for row in cells for c in row if getattr(c, "coordinate", None)}
    covered, below = merge_roles(merged)
    rows: list[Row] = []
    pending: list[FormulaCell] = []
    for r, row in enumerate(cells, start=1):
        out = []
        for c, cell in enumerate(row, start=1):
            if (r, c) in covered:
                continue
            ref = f"{get_column_letter(c)}{r}"
            text = "" if (r, c) in below else _display(cell)
            formula = formulas.get(ref)
            if formula:
                record = _formula(f"{title}!{ref}", formula, cell, values)
                pending.append(record)
                if cell.value is None and record.terms is not None:     # never calculated: show its value
                    text = number_text(record.computed, getattr(cell, "number_format", "General"))
            out.append(SheetCell(text, ref))
        rows.append(out)
    return rows, pending


def _display(cell) -> str:
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        return number_text(value, cell.number_format)
    return cell_text(value)


def _formula(place: str, formula: str, cell, values: dict) -> FormulaCell:
    """The formula cell (its span still unknown); terms only for a simple formula."""
    cached = cell.value if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool) else None
    error = cell.value if isinstance(cell.value, str) and cell.value.startswith("#") else None
    shown = number_text(cached, cell.number_format) if cached is not None else ""
    decimals = len(shown.rstrip("%").split(".", 1)[1]) if "." in shown else 0
    value = None
    if cached is not None:                       # the value as shown, in the cell's own units
        value = Decimal(shown[:-1]) / 100 if shown.endswith("%") else Decimal(shown)
        decimals += 2 if shown.endswith("%") else 0
    return FormulaCell(place, formula, value, decimals, error, _terms(formula.replace(" ", ""), values))


def _terms(formula: str, values: dict) -> tuple[tuple[int, str, Decimal], ...] | None:
    """The signed cell values a simple formula adds up, or None (not simple, a
    referenced cell holds text, or too many cells)."""
    if not _SIMPLE.fullmatch(formula):
        return None
    terms = []
    for m in _TERM.finditer(formula, 1):
        sign = -1 if m.group(1) == "-" else 1
        refs = [m.group(3)] if m.group(3) else [p for p in m.group(2).split(",") if p]
        for ref in refs:
            c0, r0, c1, r1 = range_boundaries(ref.replace("$", "").upper())
            if (c1 - c0 + 1) * (r1 - r0 + 1) + len(terms) > MAX_TERMS:
                return None
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    name = f"{get_column_letter(c)}{r}"
                    value = values.get(name)
                    if value is None and m.group(2):      # SUM skips empty and text cells
                        continue
                    if isinstance(value, bool) or not isinstance(value, (int, float, type(None))):
                        if m.group(2):
                            continue
                        return None
                    terms.append((sign, name, Decimal(repr(value)) if value is not None else Decimal(0)))
    return tuple(terms)


def _merged_ranges(data: bytes, member: str) -> list[tuple[int, int, int, int]]:
    """(min col, min row, max col, max row) of the sheet's merged ranges, read
    from its XML (a read-only openpyxl sheet does not give them)."""
    if not member:
        return []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(member) as xml:
            ranges = []
            for _, element in etree.iterparse(xml, events=("end",), tag=_MERGE):
                ref = element.get("ref", "")
                if re.fullmatch(r"[A-Z]{1,3}\d{1,7}:[A-Z]{1,3}\d{1,7}", ref):
                    ranges.append(range_boundaries(ref))
                element.clear()
            return ranges
    except (KeyError, zipfile.BadZipFile, etree.LxmlError) as exc:
        raise WorkbookError(f"工作表 {member} 无法读取（{type(exc).__name__}）") from None
