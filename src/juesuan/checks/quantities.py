"""Physical quantities (areas, vehicles, equipment) against the parts listed under them."""

from __future__ import annotations

from ..interval import Interval, Verdict, compare, half_step, total
from ..model import QuantityPart, Report
from .base import Rule, Skip, rule


COUNTED = frozenset({"辆", "台", "套"})     # whole things: their numbers are exact, not rounded


def _interval(q: QuantityPart, unit: str) -> Interval:
    return Interval.exact(q.value) if unit in COUNTED else Interval.printed(q.value, q.decimals)


def _plain(value) -> str:
    return f"{value.normalize():f}"


@rule
class QuantityPartsWithinTotal(Rule):
    """面积或车辆等以“其中”列出的分项，合计不得超过其所属总数（车辆、设备是精确个数；面积按其印出小数位代表的区间比较）；超过为错误。
    错误示例："地上建筑面积为8013平方米（其中计容面积 7998平方米，不计容面积105平方米）"（7998 + 105 = 8103 > 8013）。
    正确示例："地上建筑面积为8103平方米（其中计容面积7998平方米，不计容面积105平方米）"。"""

    id = "JS-R106"
    family = "totals"
    title = "“其中”所列数量超过总数"

    def check(self, report: Report):
        if not report.quantity_lists:
            raise Skip("文中没有面积、车辆等数量的“其中”分项")
        for ql in report.quantity_lists:
            parts = total(_interval(p, ql.unit) for p in ql.parts)
            stated = _interval(ql.total, ql.unit)
            if parts.lo <= stated.hi:
                continue
            rounded = ql.unit not in COUNTED and compare(stated, parts, 2 * half_step(
                max([ql.total.decimals, *(p.decimals for p in ql.parts)]))) is Verdict.ROUNDING
            severity = "info" if rounded else "error"
            s = sum((p.value for p in ql.parts), start=ql.total.value * 0)
            listed = " + ".join(p.text for p in ql.parts)
            yield self.finding(
                ql.span,
                f"总数{ql.total.text}，其中所列各项合计{_plain(s)}{ql.unit}，超过了总数"
                f"{_plain(s - ql.total.value)}{ql.unit}；分项之和不能大于总数，总数或某一分项有误。",
                expected=f"{_plain(s)}{ql.unit}", actual=ql.total.text,
                arithmetic=f"{listed} = {_plain(s)}{ql.unit} > {ql.total.text}", severity=severity)
