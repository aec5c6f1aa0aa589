"""Sentence spans of a line of prose, for the extractors.

One regex per set of sentence-ending characters, compiled once: the
narrative extractor ends sentences at 。！？ and the performance extractor
also at ；.

No real sentence is longer than a few hundred characters (the longest of the
corpus has 385).  A longer run (a text whose line and sentence ends were lost)
is cut after a clause mark (，；) every ``MAX_SENTENCE`` characters or so, so
the work the extractors do per sentence stays bounded; the pieces still cover
the whole run, so no text is dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache

MAX_SENTENCE = 2000
_CLAUSE_MARKS = "，,；;"


@lru_cache(maxsize=8)
def _splitter(ends: str) -> re.Pattern:
    e = re.escape(ends)
    return re.compile(rf"[^{e}]*[{e}]|[^{e}]+$")


def sentence_spans(line: str, ends: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``line``, its ending character included."""
    spans = []
    for m in _splitter(ends).finditer(line):
        s, e = m.start(), m.end()
        while e - s > MAX_SENTENCE:
            cut = _clause_cut(line, s, e)
            if cut is None:
                break
            spans.append((s, cut))
            s = cut
        if e > s:
            spans.append((s, e))
    return spans


def _clause_cut(line: str, s: int, e: int) -> int | None:
    """Where a long run from ``s`` is cut: after its last clause mark within the limit,
    else after the first one past it (None when the run has none)."""
    within = max(line.rfind(ch, s, s + MAX_SENTENCE) for ch in _CLAUSE_MARKS)
    if within >= s:
        return within + 1
    later = [i for i in (line.find(ch, s + MAX_SENTENCE, e - 1) for ch in _CLAUSE_MARKS) if i != -1]
    return min(later) + 1 if later else None
