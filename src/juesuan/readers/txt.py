"""Plain-text reader: the Word-to-text form of the disclosures.

The text keeps the file's own characters and lines (so ``line`` in findings
is the file's line number).  Tables are rebuilt from the one-cell-per-line
convention: a line starting with a tab is a cell; a blank line ends a row; a
non-blank line without a tab right after a non-empty cell continues that cell
(a cell with a line break).  A run of cell lines is one table block; a block
of empty cells (a stray tab) is no table.

Encodings: UTF-8 (with or without BOM), then GB18030 (a superset of GBK and
GB2312), the common encodings of government sites.  UTF-16 and UTF-32 (what
Windows Notepad saves as "Unicode") are recognised by their byte-order mark,
and UTF-16 without one by its NUL bytes: the digits, spaces and line breaks
of a disclosure put a NUL in every other byte, nearly all on the same side
(a CJK character such as 一 U+4E00 puts the odd one on the other).
"""

from __future__ import annotations

import codecs

from ..document import Cell, Document, Span, Table
from .errors import ReadError

ENCODINGS = ("utf-8-sig", "gb18030")
# Byte-order marks, UTF-32 first (its little-endian mark starts with UTF-16's).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_NUL_SIDE_RATIO = 4     # NULs on one side of the byte pairs at least this many times the other
_BINARY = "不是文本文件：含有二进制内容（binary data, not text）"


def decode(data: bytes, path: str) -> str:
    """Decode bytes by the first encoding that fits, or raise ReadError."""
    wide = _wide_encoding(data)
    if wide:
        try:
            text = data.decode(wide)
        except UnicodeDecodeError:
            text = "\x00"
        if "\x00" in text:
            raise ReadError(path, _BINARY)
        return _text(text, path)
    if b"\x00" in data[:4096]:
        raise ReadError(path, _BINARY)
    for enc in ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        return _text(text, path)
    raise ReadError(path, "无法识别的文本编码（not UTF-8 or GB18030 text）")


def _text(text: str, path: str) -> str:
    """The decoded text with ``\n`` line ends, or a ReadError if it is blank."""
    if not text.strip():
        raise ReadError(path, "文件为空（empty file）")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _wide_encoding(data: bytes) -> str | None:
    """"utf-32"/"utf-16" (BOM) or "utf-16-le"/"utf-16-be" (NULs mostly on one side), else None."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    head = data[:4096]
    if len(head) < 2 or len(head) % 2 and len(head) == len(data):
        return None
    odd, even = head[1::2].count(0), head[0::2].count(0)
    if odd >= _NUL_SIDE_RATIO * max(even, 1):
        return "utf-16-le"
    if even >= _NUL_SIDE_RATIO * max(odd, 1):
        return "utf-16-be"
    return None


def read_txt(path: str, data: bytes) -> Document:
    text = decode(data, path)
    return Document(path=path, text=text, tables=find_tables(text), source_format="txt")


def find_tables(text: str) -> list[Table]:
    """Rebuild tab-cell table blocks from the text."""
    tables: list[Table] = []
    rows: list[tuple[Cell, ...]] = []
    row: list[list[int]] = []     # [start, end] pairs of the current row's cells
    block_start = None
    offset = 0
    last_was_cell = False
    for line in text.split("\n"):
        end = offset + len(line)
        if line[:1] == "\t":
            if block_start is None:
                block_start = offset
            row.append([offset + 1, end])
            last_was_cell = True
        elif not line or line.isspace():
            if row:
                rows.append(_cells(text, row))
                row = []
            last_was_cell = False
        elif last_was_cell and row and text[row[-1][0]:row[-1][1]].strip():
            row[-1][1] = end          # continuation of a multi-line cell
        else:
            if block_start is not None:
                tables += _table(text, rows, row, block_start, offset)
                rows, row, block_start = [], [], None
            last_was_cell = False
        offset = end + 1
    if block_start is not None:
        tables += _table(text, rows, row, block_start, len(text))
    return tables


def _table(text: str, rows: list[tuple[Cell, ...]], row: list[list[int]], start: int, end: int) -> list[Table]:
    """The block's table (with its last row), none if every cell is empty."""
    if row:
        rows.append(_cells(text, row))
    if any(cell.text for cells in rows for cell in cells):
        return [Table(rows=tuple(rows), span=Span(start, end))]
    return []


def _cells(text: str, row: list[list[int]]) -> tuple[Cell, ...]:
    """A row's cells, one for each [start, end) of the text: its text
    whitespace-trimmed, each run of whitespace in it one space; its span
    without the surrounding whitespace (empty, at the end, if blank)."""
    cells = []
    for start, end in row:
        raw = text[start:end]
        body = raw.strip()
        if not body:
            cells.append(Cell("", Span(end, end)))
        else:
            if len(body) != len(raw):
                start += len(raw) - len(raw.lstrip())
            cells.append(Cell(" ".join(body.split()), Span(start, start + len(body))))
    return tuple(cells)
