"""Spreadsheet sheets written out as a Document, whatever the workbook format.

The .xlsx and .xls readers hand over each sheet as rows of :class:`SheetCell`
(text as displayed, and the cell's name such as ``B5``): a cell covered by a
horizontal merge is left out (one cell, as in Word), the cells below the top
of a vertical merge are empty.  Each sheet becomes one page:

* its title rows (the rows above the table that hold one text, or only the
  unit or the 编制单位) are lines of text; a sheet without one is titled by
  its sheet name;
* the table, from the first to the last row with two or more filled cells,
  in the text reader's tab-cell form (a cell per line starting with a tab, a
  blank line after each row), empty rows and columns left out;
* the rows after it (注：… notes) are lines of text again.

``Document.places`` names the cell every line came from, so a finding can
say ``收入决算表!C7``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import accumulate

from ..document import Document
from ..interval import round_to
from ..xlsx_input import MAX_COLUMNS, MAX_ROWS, WorkbookError
from .txt import find_tables

_DEFAULT_NAME = re.compile(r"(?i)sheet\d*|工作表\d*")
_HEADER_NOTE = re.compile(r"(?:金额)?单位[：:]|编制(?:单位|部门)[：:]|部门[：:]|公开\d+表|表[一二三四五六七八九十\d]+$")
_SECTION = re.compile(r'^[^"]*?(?:"[^"]*"[^"]*?)*;')        # the first section of a number format
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')        # literal text, colours, padding
GENERAL_DECIMALS = 10                                        # Excel's General shows at most ~10


@dataclass(frozen=True)
class SheetCell:
    """A cell as displayed, and its name (``B5``)."""

    text: str
    ref: str


Row = list[SheetCell]


def sheets_document(path: str, sheets: list[tuple[str, list[Row]]], source_format: str) -> Document:
    """One page per sheet: title lines, the table in tab-cell form, notes."""
    places: list[tuple[int, int, str]] = []
    page_texts: list[str] = []
    offset = 0
    for name, rows in sheets:
        lines = _sheet_lines(name, rows)
        if not lines:
            continue
        page = []
        for text, ref in lines:
            if ref:
                lead = text.startswith("\t")               # a cell's place is its text, not its tab
                places.append((offset + lead, offset + len(text), f"{name}!{ref}"))
            page.append(text + "\n")
            offset += len(text) + 1
        page_texts.append("".join(page))
    text = "".join(page_texts)
    starts = list(accumulate((len(t) for t in page_texts[:-1]), initial=0)) if page_texts else []
    return Document(path=path, text=text, tables=find_tables(text), page_starts=starts,
                    source_format=source_format, places=places)


def _sheet_lines(name: str, rows: list[Row]) -> list[tuple[str, str | None]]:
    """(line, cell name) of one sheet: a blank line is ("", None)."""
    filled = [[c for c in row if c.text] for row in rows]
    table_rows = [i for i, cells in enumerate(filled) if len(cells) >= 2 and not _is_header_note(cells)]
    if not table_rows:
        lines = [_prose(cells) for cells in filled if cells]
        return _titled(name, lines) if lines else []
    first, last = table_rows[0], table_rows[-1]
    head = [_prose(cells) for cells in filled[:first] if cells]
    tail = [_prose(cells) for cells in filled[last + 1:] if cells]
    body = [row for row, cells in zip(rows[first:last + 1], filled[first:last + 1]) if cells]
    lines = _titled(name, head)
    for row in _without_empty_columns(body):
        lines += [("\t" + c.text, c.ref) for c in row] + [("", None)]
    return lines + tail


def _titled(name: str, head: list[tuple[str, str]]) -> list[tuple[str, str | None]]:
    """The title lines, led by the sheet's name when none of them is a title."""
    if any(not _HEADER_NOTE.match(text) for text, _ in head) or _DEFAULT_NAME.fullmatch(name.strip()):
        return list(head)
    return [(" ".join(name.split()), None)] + list(head)


def _is_header_note(cells: Row) -> bool:
    """A row above a table that holds only its unit, 编制单位 or table number (no figure)."""
    return any(_HEADER_NOTE.match(c.text) for c in cells) and not any(_is_number(c.text) for c in cells)


def _prose(cells: Row) -> tuple[str, str]:
    return " ".join(c.text for c in cells), cells[0].ref


def _without_empty_columns(rows: list[Row]) -> list[Row]:
    """The rows without the cells of columns that are empty in every row."""
    filled = {_column(c.ref) for row in rows for c in row if c.text}
    return [[c for c in row if _column(c.ref) in filled] for row in rows]


def _column(ref: str) -> str:
    return ref.rstrip("0123456789")


def merge_roles(merged: list[tuple[int, int, int, int]]) -> tuple[set, set]:
    """For merged ranges (min col, min row, max col, max row; 1-based), the
    (row, column) of the cells merged ranges cover, and of those among them
    written as empty cells: a range is one cell in its first row (Word's
    convention) and an empty one in each row below.  Ranges are clipped to
    the cells a sheet may have (:mod:`juesuan.xlsx_input`'s bounds), and a
    sheet whose ranges cover more cells than it may have is refused."""
    covered, below = set(), set()
    area = sum((min(r1, MAX_ROWS) - r0 + 1) * (min(c1, MAX_COLUMNS) - c0 + 1) for c0, r0, c1, r1 in merged)
    if area > MAX_ROWS * MAX_COLUMNS:
        raise WorkbookError(f"合并单元格过多（共覆盖 {area} 个单元格，上限 {MAX_ROWS * MAX_COLUMNS}）")
    for c0, r0, c1, r1 in merged:
        for r in range(r0, min(r1, MAX_ROWS) + 1):
            for c in range(c0, min(c1, MAX_COLUMNS) + 1):
                if r > r0 and c == c0:
                    below.add((r, c))
                elif (r, c) != (r0, c0):
                    covered.add((r, c))
    return covered, below


def cell_text(value) -> str:
    """A text cell as one line: whitespace runs (line breaks, tabs) become one space."""
    return " ".join(str(value).split())


def number_text(value: float | int | Decimal, number_format: str = "General") -> str:
    """A number as the format shows it: its decimals (``0.00`` → 307.80), a
    percentage (``0.00%`` → 9.55%), no digit grouping; General: at most ten
    decimals, trailing zeros dropped (307.82000000000005 → 307.82).  Rounded
    half away from zero, as Excel shows 2.65 with one decimal as 2.7."""
    section = _QUOTED.sub("", (_SECTION.match(number_format or "") or [number_format or ""])[0]).rstrip(";")
    percent = "%" in section
    value = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if percent:
        value *= 100
    if "0" in section or "#" in section:
        decimals = len(re.match(r"[0#?]*", section.split(".", 1)[1]).group()) if "." in section else 0
        shown = f"{round_to(value, decimals):f}"             # half away from zero, as Excel rounds
    else:
        shown = f"{value:.{GENERAL_DECIMALS}f}"
        shown = shown.rstrip("0").rstrip(".") if "." in shown else shown
    if shown in ("-0", "") or re.fullmatch(r"-0\.0*", shown):
        shown = shown.lstrip("-")
    return shown + ("%" if percent else "")


def _is_number(text: str) -> bool:
    """Whether a cell's text is a number (also one stored as text: "1,234.50")."""
    try:
        Decimal(text.replace(",", "").strip())
    except InvalidOperation:
        return False
    return True
