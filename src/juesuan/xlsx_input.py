"""A user's .xlsx opened within bounds (``juesuan score`` forms, ``juesuan generate`` data).

An .xlsx is a zip of XML: 31 KB can declare a cell at XFD1048576, and
openpyxl then pads every row to 16,384 columns and every gap with empty rows
(gigabytes, hours).  Before anything is read, the zip's declared member sizes
are checked (zipfile never inflates a member past its declared size); each
sheet's declared dimension is checked before its rows are read, and the rows
are read with explicit bounds, so a sheet that understates its dimension
still cannot grow past them.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

MAX_UNPACKED = 40_000_000       # bytes of XML in all members; the example workbook has 150 KB
MAX_MEMBERS = 2_000
MAX_ROWS = 5_000                # a sheet of the nine tables or a 自评表 has tens of rows
MAX_COLUMNS = 100


class WorkbookError(ValueError):
    """The workbook cannot be read or exceeds the bounds; the message says which (in Chinese)."""


def open_workbook(source: bytes | str | Path, formulas: bool = False):
    """An openpyxl read-only workbook of a checked .xlsx: values (the cached
    results of formulas), or with ``formulas`` the formulas themselves."""
    from openpyxl import load_workbook

    if not isinstance(source, bytes):
        source = _read(Path(source))
    stream = io.BytesIO(source)
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise WorkbookError(f"不是有效的 Excel（.xlsx）文件（{exc}）") from None
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED:
        raise WorkbookError(f"Excel 文件解压后过大（{sum(m.file_size for m in members)} 字节、{len(members)} 个部件；"
                            f"上限 {MAX_UNPACKED} 字节）")
    stream.seek(0)
    try:
        workbook = load_workbook(stream, data_only=not formulas, read_only=True)
    except Exception as exc:  # noqa: BLE001 — openpyxl raises many kinds for a bad file
        raise WorkbookError(f"无法打开 Excel 文件（{type(exc).__name__}: {exc}）") from None
    if not workbook.worksheets:
        raise WorkbookError("Excel 文件中没有工作表")
    return workbook


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_UNPACKED:
            raise WorkbookError(f"Excel 文件过大（{path.stat().st_size} 字节，上限 {MAX_UNPACKED} 字节）")
        return path.read_bytes()
    except OSError as exc:
        raise WorkbookError(f"无法打开文件（{exc.strerror or exc}）") from None


def sheet_rows(sheet, values_only: bool = True, by_declared: bool = True) -> list[list]:
    """The values (or, not ``values_only``, the cells) of a sheet, row by row,
    refused when the sheet is larger than any form: when its declared
    dimension is (unless not ``by_declared``: a sheet formatted far below its
    table), or when a value stands past the bounds."""
    rows, columns = sheet.max_row or 0, sheet.max_column or 0
    if by_declared and (rows > MAX_ROWS or columns > MAX_COLUMNS):
        raise WorkbookError(f"工作表“{sheet.title}”声明的范围为 {rows} 行 {columns} 列，"
                            f"超过 {MAX_ROWS} 行 {MAX_COLUMNS} 列的上限；请删去表外的内容")
    try:
        out = [list(r) for r in sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS + 1,
                                                values_only=values_only)]
    except Exception as exc:  # noqa: BLE001 — a damaged sheet XML
        raise WorkbookError(f"工作表“{sheet.title}”无法读取（{type(exc).__name__}: {exc}）") from None
    value = (lambda v: v) if values_only else (lambda cell: cell.value)  # noqa: E731
    if (len(out) > MAX_ROWS and any(value(v) is not None for v in out[MAX_ROWS])) or any(
            len(r) > MAX_COLUMNS and value(r[MAX_COLUMNS]) is not None for r in out):
        raise WorkbookError(f"工作表“{sheet.title}”超过 {MAX_ROWS} 行 {MAX_COLUMNS} 列的上限；请删去表外的内容")
    return [r[:MAX_COLUMNS] for r in out[:MAX_ROWS]]
