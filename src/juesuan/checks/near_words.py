"""A pattern's matches found from a rare word each of them holds.

``re`` scans a text for a pattern that starts with frequent characters ("（", "市") by
trying it at each of them; when every match holds one of a few rare words ("千分号",
"级预算主管部门") a short way after its start, :func:`find_near_words` finds the words
with ``str.find`` (a text without them is passed over many times faster than re scans
it) and tries the pattern only at the places before each that it can start at: the same
matches as ``pattern.finditer`` (leftmost first, none overlapping).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from ..document import Document
from ..openings import longest_of


def find_near_words(pattern: re.Pattern, text: str, openings: tuple[str, ...], words: tuple[str, ...],
                    reach: int) -> Iterator[re.Match]:
    """``pattern.finditer(text)``, for a pattern whose every match starts with one of
    ``openings`` and holds one of ``words`` starting at most ``reach`` characters after
    the match's start.  The pattern is tried only at the openings within ``reach`` before
    each word: a match starting at ``s`` holds a word at some ``k`` in ``[s, s + reach]``,
    so the first word found at or after ``s`` stands within ``reach`` of it, and every
    place before a match's end is tried in order."""
    found = sorted({at for word in words for at in _occurrences(text, word)})
    if not found:
        return
    opening = _openings_pattern(openings)
    longest = max(map(len, openings))
    done = 0                          # every place before this one is settled
    for k in found:
        at = max(k - reach, done)
        while at <= k:
            o = opening.search(text, at, k + longest)
            if o is None or o.start() > k:
                break
            m = pattern.match(text, o.start())
            if m is None:
                at = o.start() + 1
                continue
            yield m
            at = m.end()
        done = max(done, at, k + 1)


def prose_near_words(doc: Document, pattern: re.Pattern, near: tuple) -> Iterator[re.Match]:
    """:meth:`Document.prose_matches` of a pattern found from its words (``near``: the
    openings, words and reach of :func:`find_near_words`)."""
    return (m for m in find_near_words(pattern, doc.text, *near) if doc.in_prose(m.start()))


def _occurrences(text: str, word: str) -> Iterator[int]:
    """Where ``word`` starts in ``text``, every place (they may overlap)."""
    at = text.find(word)
    while at != -1:
        yield at
        at = text.find(word, at + 1)


@lru_cache(maxsize=None)
def _openings_pattern(openings: tuple[str, ...]) -> re.Pattern:
    """A pattern finding where any of the strings starts."""
    return re.compile(longest_of(openings))
