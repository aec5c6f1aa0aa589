"""Values worked out once per record: what several passes ask of the same document or report.

A document's text does not change once read, and the rules never change the report they
check, so a value computed from either stays true for as long as the record lives: the
unit, year and kind of a document (asked when files are grouped and again for the
report), the prose mentions or restatements several rules read.
"""

from __future__ import annotations

from typing import Callable, TypeVar

T = TypeVar("T")
O = TypeVar("O")


def once(owner: O, compute: Callable[[O], T]) -> T:
    """``compute(owner)``, worked out the first time it is asked and kept on ``owner``."""
    kept = owner.__dict__.setdefault("_once", {})
    if compute not in kept:
        kept[compute] = compute(owner)
    return kept[compute]
