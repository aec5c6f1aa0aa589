"""Wrapping Chinese text to a width, never inside a number.

Chinese has no spaces, so a wrapper that breaks at spaces folds a line at any
character — "12,345.\\n67万元".  Here a line is cut into tokens a line may
not break inside: a number with its grouping, decimals, sign, percent and
unit (12,345.67万元, -3.5%), a Latin word, a single Chinese character; a
closing punctuation mark stays with what it closes and an opening one with what
it opens.  Widths are terminal cells (a Chinese character is two).
"""

from __future__ import annotations

import re

from rich.cells import cell_len

_TOKEN = re.compile(
    r"[（(「“《【]*"                                       # opening marks stay with what follows
    r"(?:[-+−]?\d[\d,，]*(?:\.\d+)?(?:%|‰|万元|亿元|元|个|人|辆|项|年|月|日)?"   # a number with its unit
    r"|[A-Za-z][\w\-./:]*"                                   # a Latin word, an id like JS-R201
    r"|\s+|.)"
    r"[）)」”》】，。；：、！？,.;:!?%]*")                    # closing marks stay with what precedes


def wrap(text: str, width: int | None, indent: str = "", hanging: str | None = None) -> list[str]:
    """``text`` as lines of at most ``width`` cells (None: not wrapped), the first
    starting with ``indent``, the others with ``hanging`` (default: ``indent`` + 2)."""
    hanging = indent + "  " if hanging is None else hanging
    if width is None:
        return [indent + text]
    lines, current, used = [], indent, cell_len(indent)
    for token in _TOKEN.findall(text):
        size = cell_len(token)
        if used + size > width and current.strip():
            lines.append(current.rstrip())
            token = token.lstrip()
            current, used, size = hanging, cell_len(hanging), cell_len(token)
        current += token
        used += size
    lines.append(current.rstrip())
    return lines
