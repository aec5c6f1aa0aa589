"""Units and number format: 万元 written as 元, broken digit grouping, sub-fen amounts.

An amount whose digits equal another statement's in a different unit is the
same figure with a slipped unit; the wrong one is the one not in the
document's own unit.  Digit grouping must be groups of three with one
decimal point; an amount in 元 has at most two decimals (分).
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..document import Span
from ..extract.numbers import well_formed
from ..model import Amount, Report
from .base import Rule, Skip, place, rule, stated

# A grouped number with its unit, read backwards from the 元 (re skips to each 元 in C):
# 元, 万 or 亿, one optional space, and the digits with their separators, the whole run.
_GROUPED_MONEY_BACKWARDS = re.compile(r"元[万亿]?\s?(\d+(?:[,.]\d+)+)(?![\d.,])")


def significant_digits(a: Amount) -> int:
    return len(str(a.value).replace(".", "").replace("-", "").strip("0"))


@rule
class UnitSlip(Rule):
    """某金额与文件另一处陈述数字相同而单位不同，即同一数字写错了单位（万元写成元），判为错误。
    错误示例："“一般公共服务支出”（类）…2024年度决算853.15元"，而同一类为853.15万元，
    其各款合计也为853.15万元。
    正确示例："…决算853.15万元"。"""

    id = "JS-R601"
    family = "units"
    title = "金额单位错误"

    def check(self, report: Report):
        amounts = [a for a in report.amounts if a.value != 0]
        if report.meta.unit is None or not any(significant_digits(a) >= 3 for a in amounts):
            raise Skip("没有可比对单位的金额")
        by_digits: dict[tuple, list[Amount]] = {}
        for a in amounts:
            by_digits.setdefault((a.value, a.decimals), []).append(a)
        doc = report.document
        for group in by_digits.values():
            units = {a.unit for a in group}
            if len(units) < 2 or significant_digits(group[0]) < 3:     # the same digits all through a group
                continue
            usual = report.meta.unit if report.meta.unit in units else max(
                units, key=lambda u: sum(a.unit == u for a in group))
            witness = next(a for a in group if a.unit == usual)
            for a in group:
                if a.unit == usual:
                    continue
                yield self.finding(
                    a.span,
                    f"写作{stated(a)}，同一数字在{place(doc, witness.span.start)}为{stated(witness)}，"
                    f"单位应为“{usual}”（相差{'一万' if abs(a.factor - witness.factor) >= 9999 else ''}倍）。",
                    expected=f"{a.text.replace(' ', '').removesuffix(a.unit)}{usual}", actual=stated(a),
                    arithmetic=f"{stated(a)} = {a.yuan:f}元；{stated(witness)} = {witness.yuan:f}元")


@rule
class DigitGrouping(Rule):
    """数字分节应每三位用一个逗号，且只有一个小数点；分节符用错为错误。
    错误示例："30,003.372.11元"（该用逗号处用了点）。
    正确示例："30,003,372.11元"。"""

    id = "JS-R602"
    family = "units"
    title = "数字分节符错误"

    def check(self, report: Report):
        doc = report.document
        for span in _misgrouped_money(doc.text):
            if not doc.in_prose(span.start):
                continue
            num = doc.text[span.start:span.end]
            fixed = _regroup(num)
            yield self.finding(span, f"“{num}”的分节符号有误，应为“{fixed}”。",
                               expected=fixed, actual=num, arithmetic="千分位用逗号每三位分节，小数点只有一个")


@rule
class SubFenAmount(Rule):
    """以元为单位的金额最多两位小数（到分）；出现第三位小数多为笔误，为警告。
    错误示例："公务用车运行维护费8873.022元"。
    正确示例："8873.02元"。"""

    id = "JS-R603"
    family = "units"
    severity = "warning"
    title = "金额小数位超过“分”"

    def check(self, report: Report):
        if not report.amounts:
            raise Skip("没有金额")
        for a in report.amounts:
            if a.unit == "元" and a.decimals > 2:
                yield self.finding(a.span, f"“{stated(a)}”精确到了分以下（{a.decimals}位小数），应为两位小数。",
                                   expected="两位小数", actual=stated(a))


def _misgrouped_money(text: str) -> list[Span]:
    """Spans of the numbers with digit separators and a money unit that are not grouped
    well (:func:`well_formed`), in text order."""
    n = len(text)
    backwards = [Span(n - m.end(1), n - m.start(1)) for m in _GROUPED_MONEY_BACKWARDS.finditer(text[::-1])
                 if not well_formed(m.group(1)[::-1])]
    return backwards[::-1]


def _regroup(num: str) -> str:
    digits = num.replace(",", "")
    if digits.count(".") > 1:
        head, _, tail = digits.rpartition(".")
        digits = head.replace(".", "") + "." + tail
    int_part, _, frac = digits.partition(".")
    grouped = f"{Decimal(int_part):,}"
    return grouped + ("." + frac if frac else "")
