"""A pattern's matches found from the strings they open with.

``re`` scans a text for a pattern that starts with a set of characters
(``[。，；]``, ``增长|下降``) by testing every character against the set, many
times the work of ``str.find`` looking for a string.  When every match of a
pattern starts with one of a few strings (its *openings*), :func:`find_opening`
looks for those and tries the pattern only there: the same matches as
``pattern.finditer`` (leftmost first, none overlapping), for a fraction of the
work on a whole document.
"""

from __future__ import annotations

import re
from typing import Iterator


def find_opening(pattern: re.Pattern, text: str, openings: tuple[str, ...],
                 start: int = 0, end: int | None = None) -> Iterator[re.Match]:
    """``pattern.finditer(text, start, end)``, for a pattern whose every match starts with
    one of ``openings`` and is not empty."""
    end = len(text) if end is None else end
    places = sorted({at for opening in openings for at in _places(text, opening, start, end)})
    after = start
    for at in places:
        if at < after:
            continue              # inside the match before
        m = pattern.match(text, at, end)
        if m is not None:
            yield m
            after = m.end()


def _places(text: str, opening: str, start: int, end: int) -> Iterator[int]:
    at = text.find(opening, start, end)
    while at != -1:
        yield at
        at = text.find(opening, at + 1, end)
