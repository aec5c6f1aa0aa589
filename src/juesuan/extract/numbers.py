"""Scan the text for money amounts and percentages, keeping each one's span.

An amount is a number followed by a money unit (元, 万元, 亿元); a percentage
is a number followed by ``%`` or ``％``.  Digit grouping with commas is
accepted; broken grouping ("30,003.372.11") is reported by the units checks
and parsed here as the digits it shows.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..document import Span
from ..model import Amount, Percent

NUMBER = r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])|(?<![\d.,])\d+(?:\.\d+)?(?![\d])"
BROKEN_GROUPING = re.compile(r"(?<![\d.,])\d{1,3}(?:[,.]\d{3})*,\d{3}\.\d{3}\.\d+|(?<![\d.,])\d+(?:\.\d+){2,}")
_AMOUNT = re.compile(rf"(?P<num>{NUMBER}|\d{{1,3}}(?:[,.]\d{{3}})+\.\d+)\s?(?P<unit>亿元|万元|元)")
_PERCENT = re.compile(rf"(?P<num>{NUMBER})\s?[%％]")


def to_decimal(text: str) -> tuple[Decimal, int] | None:
    """Value and printed decimals of a number text; None if not a number.

    Broken grouping keeps its last dot as the decimal point.
    """
    digits = text.replace(",", "")
    if digits.count(".") > 1:
        head, _, tail = digits.rpartition(".")
        digits = head.replace(".", "") + "." + tail
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
    return value, decimals


def scan_amounts(text: str, base: int = 0) -> list[Amount]:
    """All money amounts in ``text`` (offsets shifted by ``base``)."""
    found = []
    for m in _AMOUNT.finditer(text):
        parsed = to_decimal(m.group("num"))
        if parsed is None:
            continue
        value, decimals = parsed
        found.append(Amount(value=value, unit=m.group("unit"), decimals=decimals,
                            span=Span(base + m.start(), base + m.end()), text=m.group(0)))
    return found


def scan_percents(text: str, base: int = 0) -> list[Percent]:
    found = []
    for m in _PERCENT.finditer(text):
        parsed = to_decimal(m.group("num"))
        if parsed is None:
            continue
        value, decimals = parsed
        found.append(Percent(value=value, decimals=decimals,
                             span=Span(base + m.start(), base + m.end()), text=m.group(0)))
    return found


def parse_cell_number(text: str) -> tuple[Decimal, int] | None:
    """A table cell's number ("1,234.50", "-3.2", "0"), or None if not numeric."""
    t = text.strip().replace(" ", "")
    if not t or t in {"-", "—", "－"}:
        return None
    neg = t.startswith(("-", "－"))
    if neg:
        t = t[1:]
    if not re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", t):
        return None
    parsed = to_decimal(t)
    if parsed is None:
        return None
    value, decimals = parsed
    return (-value if neg else value), decimals
