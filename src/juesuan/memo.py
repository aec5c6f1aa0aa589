"""Values worked out once per record: what several passes ask of the same document or report.

A document's text does not change once read, and the rules never change the report they
check, so a value computed from either stays true for as long as the record lives: the
unit, year and kind of a document (asked when files are grouped and again for the
report), the prose mentions or restatements several rules read.

What recurs across documents — a printed cell, a row label, a 科目 name, a line of the
template every unit fills in — is remembered per process by :func:`content_cache`, a bounded
``lru_cache`` listed so that a benchmark can empty them all and measure documents never seen.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, TypeVar

T = TypeVar("T")
O = TypeVar("O")


def once(owner: O, compute: Callable[[O], T]) -> T:
    """``compute(owner)``, worked out the first time it is asked and kept on ``owner``."""
    kept = owner.__dict__.setdefault("_once", {})
    if compute not in kept:
        kept[compute] = compute(owner)
    return kept[compute]


_CONTENT_CACHES: list = []


def content_cache(maxsize: int):
    """``functools.lru_cache(maxsize)`` for a function of a document's text (a cell, a label,
    a line, a name), listed for :func:`clear_content_caches`."""
    def remembered(function):
        cached = lru_cache(maxsize=maxsize)(function)
        _CONTENT_CACHES.append(cached)
        return cached
    return remembered


def clear_content_caches() -> None:
    """Forget every document text remembered by :func:`content_cache` (the benchmarks'
    rounds start as if no document had been read)."""
    for cached in _CONTENT_CACHES:
        cached.cache_clear()
