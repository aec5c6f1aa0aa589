"""How numbers and their comparisons are written: the document's conventions.

Money is printed in the document's unit with two decimals (元 with
thousands separators by default, 万元 without); percentages with the
configured decimals.  The phrase helpers turn a :class:`~.compute.Change`
into the standard wording the extractor and the checks know ("比上年增加X，
增长Y%", "与上年持平", "比年初预算数X减少Y"); a rate from a zero base is
never written.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..model import format_number
from .compute import MONEY_DECIMALS, Change, change, completion, share
from .data import Settings

TO_FILL = "（待填写）"
STEP = Decimal(1).scaleb(-MONEY_DECIMALS)      # one unit of the last printed digit
_UP_DOWN = {"up": ("增加", "增长"), "down": ("减少", "下降")}


@dataclass(frozen=True)
class Formatter:
    unit: str
    settings: Settings

    @property
    def grouped(self) -> bool:
        g = self.settings.grouping
        return self.unit == "元" if g is None else g

    @property
    def pd(self) -> int:
        return self.settings.percent_decimals

    def number(self, value: Decimal) -> str:
        return format_number(value, MONEY_DECIMALS, grouped=self.grouped)

    def money(self, value: Decimal) -> str:
        return self.number(value) + self.unit

    def cell(self, value: Decimal | None) -> str:
        """A table cell: blank for nothing or zero, else the number without unit."""
        return "" if value is None or value == 0 else self.number(value)

    def pct(self, value: Decimal) -> str:
        return format_number(value, self.pd) + "%"

    # ---- phrases --------------------------------------------------------------

    def share_of(self, part: Decimal, whole: Decimal, whole_name: str, printed: Decimal | None = None) -> str:
        """"占{whole_name}的Y%" (``printed`` is a nudged share), or "" for a zero whole."""
        value = printed if printed is not None else share(part, whole, self.pd)
        return "" if value is None else f"占{whole_name}的{self.pct(value)}"

    def vs_last_year(self, current: Decimal, last: Decimal | None) -> str:
        """"比上年增加X，增长Y%" / "与上年持平" / "" when last year is not given."""
        if last is None:
            return ""
        # A base within the rounding of the change (0.01) is stated, or a reader could not tell it from 0.
        anchor = f"比上年{self.money(last)}" if 0 < last <= STEP else "比上年"
        return self._change(change(current, last, self.pd), anchor, "（上年为0）", "与上年持平")

    def vs_budget(self, actual: Decimal, budget: Decimal) -> str:
        """"比年初预算数B减少X，下降Y%" with the budget stated (the 三公 convention)."""
        c = change(actual, budget, self.pd)
        if c.direction == "flat":
            return f"与年初预算数{self.money(budget)}持平"
        return self._change(c, f"比年初预算数{self.money(budget)}", "", "")

    def _change(self, c: Change, anchor: str, zero_note: str, flat: str) -> str:
        if c.direction == "flat":
            return flat
        amount_word, rate_word = _UP_DOWN[c.direction]
        text = f"{anchor}{amount_word}{self.money(abs(c.delta))}"
        if c.rate is not None:
            text += f"，{rate_word}{self.pct(c.rate)}"
        elif c.base == 0:
            text += zero_note
        return text

    def completion_of(self, actual: Decimal, budget: Decimal) -> str:
        """"，完成年初预算的Y%" or "" for a zero budget."""
        value = completion(actual, budget, self.pd)
        return "" if value is None else f"，完成年初预算的{self.pct(value)}"

    @staticmethod
    def relation(actual: Decimal, budget: Decimal) -> str:
        """The 决算-vs-预算 clause that asks for a reason ("决算数大于年初预算数")."""
        if actual > budget:
            return "决算数大于年初预算数"
        if actual < budget:
            return "决算数小于年初预算数"
        return "决算数与年初预算数持平"


def reason(text: str | None) -> str:
    """The reason as given, or the placeholder only a person can fill."""
    text = (text or "").strip().rstrip("。")
    return text if text else TO_FILL
