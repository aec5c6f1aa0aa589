"""Physical quantities listed under a total with 其中: areas, vehicles, equipment.

"地上建筑面积为8013平方米（其中计容面积7998平方米，不计容面积105平方米）" or
"车辆7辆，其中一般公务用车3辆、执法执勤用车4辆" split a stock (an area, a fleet)
into parts.  Only the unambiguous shapes are taken, so that a later clause
about something else is never read as one more part:

* the parts stand in brackets right after the total ("X平方米（其中A…，B…）"),
  and the list ends where the bracket closes;
* or they follow "，其中" and are joined by "、" only, the list ending at the
  first other punctuation.

People and counts (人, 个) are left out: their "其中" lists often overlap
(女性…，党员…), while the parts of an area or a fleet do not.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..document import Document, Span
from ..model import QuantityList, QuantityPart

_UNIT = r"平方米|平米|亩|公顷|辆|台|套"
# A grouped number ("1,234.5") or a plain one; both start with the digit outside the
# alternatives, so re skips to the digits in C.
_QUANTITY = re.compile(rf"(?P<n>\d(?:\d{{0,2}}(?:,\d{{3}})++(?:\.\d++)?+|\d*+(?:\.\d++)?+))\s*+(?P<u>{_UNIT})")
# What may stand between a total and its 其中: a bracket (the parts close it) or a comma.
_OPENING = re.compile(r"\s*+(?P<open>[（(]|[，,])\s*+其中\s*+[：:]?")
_LABEL_END = {"（": "）", "(": ")"}


def quantity_lists(doc: Document) -> list[QuantityList]:
    """Every total of a physical quantity with the parts its 其中 lists."""
    found: list[QuantityList] = []
    for offset, line in doc.prose_lines():
        if "其中" not in line:
            continue
        quantities = list(_QUANTITY.finditer(line))
        for i, total in enumerate(quantities):
            opening = _OPENING.match(line, total.end())
            if opening is None:
                continue
            parts = _parts(line, opening, quantities[i + 1:], total.group("u"))
            if parts:
                found.append(QuantityList(
                    total=_part(total, offset), parts=tuple(_part(p, offset) for p in parts),
                    unit=total.group("u"), span=Span(offset + total.start(), offset + parts[-1].end())))
    return found


def _parts(line: str, opening: re.Match, after: list[re.Match], unit: str) -> list[re.Match]:
    """The quantities of the list that ``opening`` starts, or none when its end is unclear."""
    close = _LABEL_END.get(opening.group("open"))
    end = line.find(close, opening.end()) if close else len(line)
    if end < 0:
        return []
    parts, cursor = [], opening.end()
    for q in after:
        if q.start() >= end:
            break
        between = line[cursor:q.start()]
        if parts and not _separator_ok(between, bracketed=close is not None):
            break
        if "其中" in between or "（" in between or "(" in between:
            return []            # a nested list: its parts belong to another total
        if q.group("u") != unit:
            break
        parts.append(q)
        cursor = q.end()
    if close is not None and line[cursor:end].strip() and _QUANTITY.search(line, cursor, end):
        return []                # something in the bracket that is not a part of this unit
    return parts


def _separator_ok(between: str, *, bracketed: bool) -> bool:
    """Between two parts: a label after "、" (or "，"/"；" inside the bracket), no sentence end."""
    if any(stop in between for stop in "。；;") and not bracketed:
        return False
    if "。" in between:
        return False
    head = between.lstrip()[:1]
    return head == "、" or bracketed and head in "，,；;"


def _part(m: re.Match, offset: int) -> QuantityPart:
    text = m.group("n")
    digits = text.replace(",", "")
    decimals = len(digits.partition(".")[2])
    return QuantityPart(value=Decimal(digits), decimals=decimals, text=m.group(0),
                        span=Span(offset + m.start(), offset + m.end()))
