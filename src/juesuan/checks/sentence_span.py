"""The place of a finding whose arithmetic rests on several numbers of one sentence.

A rule that recomputes a sentence ("上年执行数为84.45万元，本年预算安排110.23万元，
比上年增加30.53%"; "本年收入A，上年结转B，收入总计C") shows the whole of it, so
that every number the arithmetic rests on is in the quote: any of them may be the
wrong one.  A number of another sentence (or one far away) is named in the message,
not quoted.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..document import Span

NEAR = 160                                   # characters: further away is another sentence's
_SENTENCE_END = re.compile(r"[。；;]|\n\n")          # a blank line ends a paragraph (and a table row)


def with_same_sentence(text: str, span: Span, others: Iterable[Span]) -> Span:
    """``span`` grown to cover each of ``others`` that stands in the same sentence."""
    grown = span
    for other in others:
        lo, hi = (other.end, span.start) if other.end <= span.start else (span.end, other.start)
        if hi - lo <= NEAR and (hi <= lo or not _SENTENCE_END.search(text, lo, hi)):
            grown = grown.cover(other)
    return grown
