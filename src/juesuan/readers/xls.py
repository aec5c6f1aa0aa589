"""Legacy Excel workbook (.xls, BIFF) reader, with xlrd: every sheet a titled table.

xlrd (≥ 2, which reads only .xls) is an optional dependency
(``pip install 'juesuan[xls]'``); without it a .xls is converted with
LibreOffice when that is installed (:mod:`.legacy`), else refused with a
message naming both.  xlrd keeps the formats and merged ranges
(``formatting_info``), so numbers are written as the cells show them; a sheet
past the bounds of :mod:`juesuan.xlsx_input` is refused.  xlrd does not read
formulas, only their results.
"""

from __future__ import annotations

import xlrd
from openpyxl.utils.cell import get_column_letter

from ..document import Document
from ..xlsx_input import MAX_COLUMNS, MAX_ROWS, WorkbookError
from .errors import ReadError
from .sheets import Row, SheetCell, cell_text, merge_roles, number_text, sheets_document

_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!",
           0x2A: "#N/A"}


def read_xls(path: str, data: bytes) -> Document:
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True,
                                  logfile=_Silent())
    except Exception as exc:  # noqa: BLE001 — xlrd raises many kinds for a damaged file
        raise ReadError(path, f"无法打开 Excel（.xls）文件（{type(exc).__name__}: {exc}）") from None
    try:
        sheets = [_sheet(book, book.sheet_by_index(i)) for i in range(book.nsheets)]
    except WorkbookError as exc:
        raise ReadError(path, str(exc)) from None
    except Exception as exc:  # noqa: BLE001
        raise ReadError(path, f"Excel（.xls）工作表无法读取（{type(exc).__name__}: {exc}）") from None
    finally:
        book.release_resources()
    return sheets_document(path, sheets, "xls")


class _Silent:
    """xlrd's log goes nowhere (it warns on stdout by default)."""

    def write(self, _text: str) -> None:
        pass


def _sheet(book, sheet) -> tuple[str, list[Row]]:
    if sheet.nrows > MAX_ROWS or sheet.ncols > MAX_COLUMNS:
        raise WorkbookError(f"工作表“{sheet.name}”有 {sheet.nrows} 行 {sheet.ncols} 列，"
                            f"超过 {MAX_ROWS} 行 {MAX_COLUMNS} 列的上限；请删去表外的内容")
    covered, below = merge_roles([(c0 + 1, r0 + 1, c1, r1) for r0, r1, c0, c1 in sheet.merged_cells])
    rows = []
    for r in range(sheet.nrows):
        row = []
        for c in range(sheet.ncols):
            if (r + 1, c + 1) in covered:
                continue
            text = "" if (r + 1, c + 1) in below else _display(book, sheet, r, c)
            row.append(SheetCell(text, f"{get_column_letter(c + 1)}{r + 1}"))
        rows.append(row)
    return sheet.name, rows


def _display(book, sheet, r: int, c: int) -> str:
    cell = sheet.cell(r, c)
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        xf = book.xf_list[cell.xf_index] if cell.xf_index is not None else None
        fmt = book.format_map.get(xf.format_key) if xf is not None else None
        return number_text(cell.value, fmt.format_str if fmt else "General")
    if cell.ctype == xlrd.XL_CELL_TEXT:
        return cell_text(cell.value)
    if cell.ctype == xlrd.XL_CELL_DATE:
        return xlrd.xldate_as_datetime(cell.value, book.datemode).date().isoformat()
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "是" if cell.value else "否"
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return _ERRORS.get(cell.value, "#ERROR")
    return ""

