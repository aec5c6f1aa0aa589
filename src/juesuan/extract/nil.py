"""Figures a document states as none, in words instead of a zero.

"五、政府性基金预算财政拨款支出决算情况说明 / 本年度无此项支出" states that the
fund expenditure is zero; so does "4.其他资本性支出：无" under 基本支出.  Such a
statement becomes a figure of value 0 (exact, printed as "无"), keyed like a
number written in its place would be, so that a table showing an amount there
is caught, and the figure is reported rather than left absent.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from decimal import Decimal

from ..document import Document, Span
from ..model import Amount, Figure, Section
from .lexicon import LEXICON

# A section body that says its subject did not occur.
_NONE_BODY = re.compile(
    r"\s*+(?:本(?:年度?|单位|部门)?|[\u4e00-\u9fa5]{0,12}?(?:20\d\d年度?))?"
    r"(?:无此项(?:支出|收支|收入)|未安排[\u4e00-\u9fa5“”]{0,30}?(?:收支|支出)|没有[\u4e00-\u9fa5“”]{0,30}?(?:收支|支出))"
    r"[。.]?\s*+$")
# "4.其他资本性支出：无" — a labelled item whose value is "none".
_LABEL_NONE = re.compile(r"(?P<label>[^：:。；;，,\n]{2,40}+)[：:]\s*+(?P<none>无)\s*+[。；;]?\s*+$")
_TOPICS_OF_WHOLE_SECTIONS = ("fund", "soe")     # parts that say "本年度无此项支出" under their heading


def nil_figures(doc: Document, sections: list[Section], section_at, unit: str | None,
                amounts: list[Amount]) -> list[Figure]:
    """The figures stated as none, each with the span of its word."""
    whole = [s for s in sections if s.topic in _TOPICS_OF_WHOLE_SECTIONS]
    starts = sorted(a.span.start for a in amounts) if whole else []
    found = [f for s in whole if (f := _section_none(doc, s, unit, starts)) is not None]
    for offset, line in doc.prose_lines():
        m = _LABEL_NONE.fullmatch(line) if "无" in line else None
        if m is None:
            continue
        section = section_at(offset)
        topic = section.topic if section else None
        key = LEXICON.key_of(m.group("label"), topic)
        if key:
            found.append(_figure(key, m.group("label"), Span(offset + m.start("none"), offset + m.end("none")),
                                 topic, unit))
    return found


def _section_none(doc: Document, section: Section, unit: str | None, amount_starts: list[int]) -> Figure | None:
    """The figure of a part that says it has none, when no amount stands in its body
    (``amount_starts``: where the narrative's amounts start, ascending)."""
    body = Span(section.span.end, section.body.end)
    i = bisect_left(amount_starts, body.start)
    if i < len(amount_starts) and amount_starts[i] < body.end:
        return None
    text = doc.text[body.start:body.end]
    first = text.strip().split("\n", 1)[0] if text.strip() else ""
    if not first or not _NONE_BODY.fullmatch(first):
        return None
    key = LEXICON.key_of(section.title.replace("收支", "支出"), section.topic)
    if key is None:
        return None
    at = body.start + text.find(first)
    return _figure(key, section.title, Span(at, at + len(first)), section.topic, unit)


def _figure(key: str, label: str, span: Span, topic: str | None, unit: str | None) -> Figure:
    zero = Amount(value=Decimal(0), unit=unit or "元", decimals=2, span=span, text="无")
    return Figure(key=key, label=label, amount=zero, source="narrative", topic=topic, clause=span)
