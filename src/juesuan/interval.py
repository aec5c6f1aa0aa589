"""Rounding-interval arithmetic: the one place where numbers are compared.

A number printed with ``d`` decimals stands for every value within
``±0.5·10^-d`` of it.  Two statements agree when their intervals, propagated
through the arithmetic, overlap (the "calculation 1.1" rule of XBRL
validators).  A gap no wider than one unit of the last printed digit is a
rounding difference (information), anything wider is a real difference.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, getcontext, localcontext
from enum import Enum
from functools import lru_cache

HALF = Decimal("0.5")


@lru_cache(maxsize=None)
def unit_step(decimals: int) -> Decimal:
    """One unit of the last printed digit: 0.01 for two decimals."""
    return Decimal(1).scaleb(-decimals)


@lru_cache(maxsize=None)
def half_step(decimals: int) -> Decimal:
    """Half a unit of the last printed digit: 0.005 for two decimals."""
    return HALF * unit_step(decimals)


@dataclass(frozen=True, slots=True)
class Interval:
    """A closed interval ``[lo, hi]`` of exact decimals."""

    lo: Decimal
    hi: Decimal

    def __init__(self, lo: Decimal, hi: Decimal) -> None:
        _set_lo(self, lo)                # set once, by the slots' setters (see document.Span.__init__)
        _set_hi(self, hi)

    @classmethod
    def exact(cls, value: Decimal) -> "Interval":
        return cls(value, value)

    @classmethod
    def printed(cls, value: Decimal, decimals: int, factor: Decimal = Decimal(1)) -> "Interval":
        """The interval a printed number stands for, scaled by ``factor``."""
        h = half_step(decimals)
        return cls((value - h) * factor, (value + h) * factor)

    @property
    def mid(self) -> Decimal:
        return (self.lo + self.hi) / 2

    def __add__(self, other: "Interval") -> "Interval":
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: "Interval") -> "Interval":
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def __neg__(self) -> "Interval":
        return Interval(-self.hi, -self.lo)

    def scale(self, k: Decimal) -> "Interval":
        a, b = self.lo * k, self.hi * k
        return Interval(min(a, b), max(a, b))

    def __truediv__(self, other: "Interval") -> "Interval | None":
        """Quotient, or None when the divisor's interval contains zero."""
        if other.lo <= 0 <= other.hi:
            return None
        qs = [self.lo / other.lo, self.lo / other.hi, self.hi / other.lo, self.hi / other.hi]
        return Interval(min(qs), max(qs))

    def abs(self) -> "Interval":
        if self.lo >= 0:
            return self
        if self.hi <= 0:
            return -self
        return Interval(Decimal(0), max(-self.lo, self.hi))

    def gap(self, other: "Interval") -> Decimal:
        """Distance between the intervals (0 when they overlap)."""
        if self.hi < other.lo:
            return other.lo - self.hi
        if other.hi < self.lo:
            return self.lo - other.hi
        return Decimal(0)

    def contains_zero(self) -> bool:
        return self.lo <= 0 <= self.hi


_set_lo, _set_hi = Interval.lo.__set__, Interval.hi.__set__


def total(intervals) -> Interval:
    """Sum of intervals (exact zero for none)."""
    lo = hi = Decimal(0)
    for iv in intervals:
        lo += iv.lo
        hi += iv.hi
    return Interval(lo, hi)


class Verdict(Enum):
    """Outcome of comparing a stated number with what the arithmetic gives."""

    AGREE = "agree"
    ROUNDING = "rounding"
    DIFFER = "differ"


def compare(stated: Interval, computed: Interval, step: Decimal) -> Verdict:
    """Compare intervals; ``step`` is one unit of the coarsest printed digit.

    Overlap is agreement; a gap of at most ``step`` is a rounding difference;
    anything more is a difference.
    """
    g = stated.gap(computed)
    if g == 0:
        return Verdict.AGREE
    if g <= step:
        return Verdict.ROUNDING
    return Verdict.DIFFER


def round_to(value: Decimal, decimals: int) -> Decimal:
    """Round half up to ``decimals`` places (the convention of the tables).

    A result longer than the context's precision (an absurd quotient) is
    rounded in a context wide enough for it instead of raising.
    """
    exp = unit_step(decimals)
    digits = value.adjusted() + decimals + 2
    if digits <= getcontext().prec:
        return value.quantize(exp, rounding=ROUND_HALF_UP)
    with localcontext() as wide:
        wide.prec = digits
        return value.quantize(exp, rounding=ROUND_HALF_UP)
