"""收支总计 (totals.grand) of a document that states 收入总计 and 支出总计 apart.

"收入总计X…支出总计Y" with no "收支总计": the two are one figure, the 收支总计.
When they agree, it is theirs; when they differ, it is the one its own parts
confirm (收入总计 = 本年收入 + 上年结转, 支出总计 = 本年支出 + 结转下年) while the
other's parts do not — the other is the misprint the identity rules report.
"""

from __future__ import annotations

from dataclasses import replace

from ..interval import Verdict, compare, total
from ..model import Figure, Report

SIDES = (("totals.income_grand", ("income.total", "income.carryover_begin")),
         ("totals.expenditure_grand", ("expenditure.total", "expenditure.carryover_end")))


def grand_total(report: Report) -> Figure | None:
    """The 收支总计 the 收入总计 and 支出总计 state, as a figure of key totals.grand, or None."""
    if report.by_key("totals.grand"):
        return None
    grands = [report.first(key) for key, _ in SIDES]
    if any(g is None for g in grands):
        return None
    income, spending = grands
    if compare(income.amount.interval, spending.amount.interval,
               max(income.amount.step, spending.amount.step)) is Verdict.AGREE:
        return replace(spending, key="totals.grand")
    confirmed = [g for g, (_, parts) in zip(grands, SIDES) if _confirmed(report, g, parts)]
    return replace(confirmed[0], key="totals.grand") if len(confirmed) == 1 else None


def _confirmed(report: Report, grand: Figure, part_keys: tuple[str, ...]) -> bool:
    """True when the parts are stated and add up to ``grand``."""
    parts = [report.first(k) for k in part_keys]
    if any(p is None for p in parts):
        return False
    return compare(grand.amount.interval, total(p.amount.interval for p in parts),
                   grand.amount.step) is Verdict.AGREE
