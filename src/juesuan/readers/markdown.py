"""Markdown reader: the text with its pipe tables written in the txt convention.

ATX headings lose their ``#`` marks (the outline reads "一、…" from the line
start); image lines are left out; every pipe table becomes a tab-cell block
(one cell per line starting with a tab, a blank line after each row), so
:func:`~juesuan.readers.txt.find_tables` rebuilds it as for a Word table.
The delimiter row (``|---|``) is dropped.  A cell with nothing between its
pipes (``||``) continues the cell before it (a merged cell, MultiMarkdown's
convention) and is left out, as Word has one cell for a merged one; a cell
holding only spaces is an empty cell.
"""

from __future__ import annotations

import re

from ..document import Document
from .txt import decode, find_tables

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_IMAGE = re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$")
# Possessive runs (each part starts with a character the run before it cannot take):
# linear time on a long line.
_DELIMITER = re.compile(r"^\s*+\|?+\s*+:?+-{3,}+:?+\s*+(?:\|\s*+:?+-{3,}+:?+\s*+)*+\|?+\s*+$")


def read_markdown(path: str, data: bytes) -> Document:
    text = to_cell_text(decode(data, path))
    return Document(path=path, text=text, tables=find_tables(text), source_format="md")


def to_cell_text(md: str) -> str:
    out: list[str] = []
    for line in md.split("\n"):
        if line.lstrip().startswith("|"):
            if _DELIMITER.match(line):
                continue
            out.extend("\t" + cell for cell in _cells(line))
            out.append("")
        elif _IMAGE.match(line):
            continue
        else:
            out.append(_HEADING.sub("", line))
    return "\n".join(out)


def _cells(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    parts = re.split(r"(?<!\\)\|", body)
    return [p.strip().replace("\\|", "|") for p in parts if p != ""]
