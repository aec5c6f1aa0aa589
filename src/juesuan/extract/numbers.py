"""Scan the text for money amounts and percentages, keeping each one's span.

An amount is a number followed by a money unit (元, 千元, 万元, 亿元); a percentage
is a number followed by ``%`` or ``％``.  Digit grouping with commas is
accepted; broken grouping ("30,003.372.11") is reported by the units checks
and parsed here as the digits it shows.  A number of more than
:data:`MAX_DIGITS` digits is no figure of any budget (and would overflow the
arithmetic of the checks): it is not read as a number.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from decimal import Decimal, InvalidOperation

from ..document import Document, Span
from ..memo import content_cache, once
from ..model import UNIT_FACTORS, Amount, Percent

# A token is a run of digits and separators, taken whole, and the unit or percent sign
# right after it (one optional space between) that decides what it is; the number is the
# run from its first digit.  The units are rarer than the digits, so the tokens are found
# in the text reversed, from the units: a pattern opening with a few plain characters,
# which re skips to in C, where the digits would each have to be tried.  Reversed, a
# token is the unit (its characters reversed, the longest first: "元万" before "元"),
# the optional space, and the run (possessive: all of it, as read forwards from its start).
UNITS = sorted(UNIT_FACTORS, key=len, reverse=True) + ["%", "％"]
_TOKEN_REVERSED = re.compile("(" + "|".join(re.escape(u[::-1]) for u in UNITS) + r")( ?)([\d,.]++)")
_WELL_FORMED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_BROKEN = re.compile(r"\d{1,3}(?:[,.]\d{3})+\.\d+")
_NUMBER = re.compile(f"{_WELL_FORMED.pattern}|{_BROKEN.pattern}")     # either, in one match
# Digits a number may have (10^18 元 is ten thousand times the world's GDP);
# with the 亿元 factor and two decimals it still fits Decimal's 28 digits.
MAX_DIGITS = 18


def to_decimal(text: str) -> tuple[Decimal, int] | None:
    """Value and printed decimals of a number text; None if not a number.

    Broken grouping keeps its last dot as the decimal point.  More than
    MAX_DIGITS digits are no number.
    """
    digits = text.replace(",", "")
    dots = digits.count(".")
    if len(digits) - dots > MAX_DIGITS:
        return None
    if dots > 1:
        head, _, tail = digits.rpartition(".")
        digits = head.replace(".", "") + "." + tail
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    return value, len(digits) - digits.index(".") - 1 if dots else 0


def well_formed(number: str) -> bool:
    """True for digits grouped by commas every three digits, with one decimal point at most."""
    return _WELL_FORMED.fullmatch(number) is not None


def scan_numbers(text: str, base: int = 0) -> tuple[list[Amount], list[Percent]]:
    """All money amounts and percentages in ``text`` (offsets shifted by ``base``)."""
    amounts: list[Amount] = []
    percents: list[Percent] = []
    n = len(text)
    for m in _TOKEN_REVERSED.finditer(text[::-1]):      # from the end of the text
        run_end = n - m.end(2)
        raw = text[n - m.end():run_end]
        if raw[0] in ",.":
            raw = raw.lstrip(",.")
        if _NUMBER.fullmatch(raw) is None:
            continue
        parsed = to_decimal(raw)
        if parsed is None:
            continue
        start, end = run_end - len(raw), n - m.start()
        unit = text[n - m.end(1):end]
        # positional: these records are made by the hundred a document (see document.Span.__init__)
        if unit in ("%", "％"):
            percents.append(Percent(parsed[0], parsed[1], Span(base + start, base + end), text[start:end]))
        else:
            amounts.append(Amount(parsed[0], unit, parsed[1], Span(base + start, base + end), text[start:end]))
    amounts.reverse()
    percents.reverse()
    return amounts, percents


def document_numbers(doc: Document) -> tuple[list[Amount], list[Percent]]:
    """``scan_numbers(doc.text)``, scanned once per document (the lists are shared: not to be changed)."""
    return once(doc, _scan_document)[:2]


def numbers_between(doc: Document, start: int, end: int) -> tuple[list[Amount], list[Percent]]:
    """``scan_numbers(doc.text[start:end], start)``: the document's numbers that lie within.

    A token of the piece is one of the whole text's unless the piece starts inside a run of
    digits and separators (it would read the digits after ``start`` alone): then the piece
    is scanned.  A token the piece's end cuts is no token of the piece either way (its
    unit is cut off, or its digits are read from the unit backwards past the end).  Each
    call makes new records, as a scan of the piece does (a record's identity tells the
    checks which reading of a figure they hold).
    """
    text = doc.text
    if 0 < start < len(text) and text[start - 1] in _RUN_CHARS and text[start] in _RUN_CHARS:
        return scan_numbers(text[start:end], start)
    amounts, percents, amount_starts, percent_starts = once(doc, _scan_document)
    return ([Amount(a.value, a.unit, a.decimals, a.span, a.text) for a in _within(amounts, amount_starts, start, end)],
            [Percent(p.value, p.decimals, p.span, p.text) for p in _within(percents, percent_starts, start, end)])


_RUN_CHARS = frozenset("0123456789,.")      # what a token's run of digits is made of


def _scan_document(doc: Document) -> tuple[list[Amount], list[Percent], list[int], list[int]]:
    amounts, percents = scan_numbers(doc.text)
    return amounts, percents, [a.span.start for a in amounts], [p.span.start for p in percents]


def _within(tokens: list, starts: list[int], start: int, end: int) -> list:
    """The tokens (in text order, not overlapping) from ``start`` to ``end``: only the last
    of those starting before ``end`` may run past it."""
    found = tokens[bisect_left(starts, start):bisect_left(starts, end)]
    if found and found[-1].span.end > end:
        found.pop()
    return found


@content_cache(8192)
def parse_cell_number(text: str) -> tuple[Decimal, int] | None:
    """A table cell's number ("1,234.50", "-3.2", "0"), or None if not numeric (remembered:
    a cell is asked about by the header, row and unit passes, and amounts repeat)."""
    t = text.strip().replace(" ", "")
    if not t or t in {"-", "—", "－"}:
        return None
    neg = t.startswith(("-", "－"))
    if neg:
        t = t[1:]
    if not _WELL_FORMED.fullmatch(t):
        return None
    parsed = to_decimal(t)
    if parsed is None:
        return None
    value, decimals = parsed
    return (-value if neg else value), decimals
