"""A pattern's matches found from the strings they open with.

``re`` scans a text for a pattern that starts with a set of characters
(``[。，；]``, ``增长|下降``) by trying the whole pattern at every character
of the set, many times the work of finding where one of a few plain strings
stands.  When every match of a pattern starts with one of a few strings (its
*openings*), :func:`find_opening` looks for those and tries the pattern only
there: the same matches as ``pattern.finditer`` (leftmost first, none
overlapping), for a fraction of the work on a whole document.

A few openings are each found by ``str.find`` (one pass over the text each, in
C, many times faster than ``re``'s test of every character against the set of
the first characters of an alternation); more are looked for together, by one
alternation of the plain strings with a branch per first character (``re`` skips
in C to the characters they start with, tries the branches there one after
another and the next characters of the one that starts right): one scan of the
text, however many openings, where a ``str.find`` per opening would read the
text once per opening.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Iterator


def find_opening(pattern: re.Pattern, text: str, openings: tuple[str, ...],
                 start: int = 0, end: int | None = None) -> Iterator[re.Match]:
    """``pattern.finditer(text, start, end)``, for a pattern whose every match starts with
    one of ``openings`` and is not empty."""
    if not openings:
        return
    end = len(text) if end is None else end
    needles = _needles(openings)
    if len(needles) > FOUND_APART:
        yield from _found_together(pattern, text, openings, start, end)
        return
    # Each needle's next place from ``pos`` on (-1: none left): one str.find pass per needle.
    places = [text.find(n, start, end) for n in needles]
    while True:
        at = min((p for p in places if p >= 0), default=-1)
        if at < 0:
            return
        m = pattern.match(text, at, end)
        pos = m.end() if m is not None else at + 1   # after a match; else an opening may start inside this one
        if m is not None:
            yield m
        for i, p in enumerate(places):
            if 0 <= p < pos:
                places[i] = text.find(needles[i], pos, end)


# Up to this many strings are each found by str.find (a pass over the text each, many times
# faster than re's test of every character against the set of their first characters); more
# are found together by one regex (see the module's doc).
FOUND_APART = 8


def _found_together(pattern: re.Pattern, text: str, openings: tuple[str, ...], start: int,
                    end: int) -> Iterator[re.Match]:
    """find_opening by one regex of all the openings."""
    find = _any_of(openings).search
    place = find(text, start, end)
    while place is not None:
        at = place.start()
        m = pattern.match(text, at, end)
        if m is not None:
            yield m
            place = find(text, m.end(), end)      # the next match starts after this one
        else:
            place = find(text, at + 1, end)       # an opening may start inside this one ("。。。")


@lru_cache(maxsize=None)
def _needles(openings: tuple[str, ...]) -> tuple[str, ...]:
    """The openings without those that start with another one (where they stand, it does)."""
    unique = set(openings)
    return tuple(sorted(o for o in unique if not any(o != p and o.startswith(p) for p in unique)))


@lru_cache(maxsize=None)
def _any_of(openings: tuple[str, ...]) -> re.Pattern:
    """A pattern matching where any of the (not empty) strings starts."""
    return re.compile(longest_of(openings))


def longest_of(strings: Iterable[str]) -> str:
    """A regex of the (not empty) strings that matches the longest of them standing at a
    place, with one branch per first character and so on ("。(?:。|，|；)|增(?:幅|长)|…"):
    at a place, ``re`` tries the few strings that start with its character, not all."""
    by_first: dict[str, set[str]] = {}
    for s in set(strings):
        if s:
            by_first.setdefault(s[0], set()).add(s[1:])
    return "|".join(re.escape(first) + _after(rests) for first, rests in sorted(by_first.items()))


def _after(rests: set[str]) -> str:
    """What may follow a first character: the longest of ``rests`` that stands there ("" is
    the string that ends with it, tried last)."""
    longer = rests - {""}
    if not longer:
        return ""
    if len(longer) == 1 and "" not in rests:
        return re.escape(next(iter(longer)))
    return f"(?:{longest_of(longer)})" + ("?" if "" in rests else "")
