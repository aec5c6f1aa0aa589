"""政府采购: the 政府采购预算表 adds up, and what small and medium enterprises won cannot
exceed what was bought.

The 政府采购预算表 nests its rows by label column (采购品目大类 | 专项名称 | 经济科目 |
采购物品名称 | 采购组织形式): a row is part of the nearest row above it whose label ends
in an earlier column than its own (an item row repeating its 专项 and 经济科目 is still
an item), and the 合计 row totals the rows nested in none.

The 政府采购 part states, since the 2022 rules on reserving purchases for small and
medium enterprises, what SMEs won in the projects reserved for them and what they
won in the other projects ("在面向中小企业预留的政府采购项目中，由中小企业供应商中标或
成交的，采购金额X；…在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额Y"): the
two are parts of the whole 政府采购 and their sum never exceeds it.
"""

from __future__ import annotations

import re

from ..document import Span
from ..extract.tables import kind_name, main_column
from ..interval import Verdict, compare, total
from ..model import Report, StandardTable, TableRow
from .base import Rule, Skip, money, rule, stated
from .hierarchy import compare_sum

# "由中小企业供应商中标或成交的，采购金额21.07万元" (not 小微企业: they are part of it)
_SME_WON = re.compile(r"由中小企业供应商中标或成交的?\s*[，,]?\s*(?:采购|合同)?金额(?:为)?\s*")


@rule
class SmeWinsWithinProcurement(Rule):
    """中小企业供应商在预留项目和其他项目中中标或成交的金额合计，不得超过政府采购总额；超过为错误。
    错误示例："政府采购金额为21.07万元…在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，采购金额21.07万元；…在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额21.07万元"（42.14 > 21.07）。
    正确示例："…在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额0万元"。"""

    id = "JS-R107"
    family = "totals"
    title = "中小企业中标金额超过政府采购总额"

    def check(self, report: Report):
        whole = report.first("procurement.total")
        if whole is None:
            raise Skip("没有政府采购总额")
        starts = {a.span.start: a for a in report.amounts}
        doc = report.document
        won = []
        for m in doc.prose_matches(_SME_WON):
            amount = starts.get(m.end())
            if amount is not None:
                won.append(amount)
        if len(won) < 2:
            raise Skip("没有分预留项目与其他项目写明的中小企业中标金额")
        w = whole.amount
        parts = total(a.interval for a in won)
        if parts.lo <= w.interval.hi:
            return
        s = sum(a.yuan for a in won)
        verdict = compare(w.interval, parts, max([w.step] + [a.step for a in won]))
        yield self.finding(
            won[-1].span,
            f"中小企业供应商在预留项目和其他项目中中标或成交的金额合计{money(s, w)}，超过了政府采购总额"
            f"{stated(w)}：其他项目中的中小企业成交金额应为总额减去预留项目成交额。",
            expected=f"≤ {stated(w)}", actual=money(s, w),
            arithmetic=f"{' + '.join(stated(a) for a in won)} = {money(s, w)} > {stated(w)}",
            severity="info" if verdict is Verdict.ROUNDING else None)


def nested_parts(rows: list[TableRow]) -> dict[int, list[TableRow]]:
    """Each row's parts (by its index in ``rows``; -1 for the rows nested in none):
    the rows whose nearest row above with a label ending in an earlier column is it."""
    parts: dict[int, list[TableRow]] = {}
    for i, row in enumerate(rows):
        parent = next((j for j in range(i - 1, -1, -1) if rows[j].label_column < row.label_column), -1)
        parts.setdefault(parent, []).append(row)
    return parts


def procurement_trees(report: Report) -> list[tuple[StandardTable, int, list[tuple[TableRow, list[TableRow]]]]]:
    """Each 政府采购预算表 whose rows all have labels, with its amount column and each row
    (the 合计 row for the rows nested in none) with the rows nested under it."""
    tables = [t for t in report.tables if t.kind == "procurement" and not t.is_empty and t.complete
              and t.panes == 1]
    if not tables:
        raise Skip("没有读出政府采购预算表")
    trees = []
    for t in tables:
        main = main_column(t, 0)
        totals = [r for r in t.rows if r.level == "合计"]
        rows = [r for r in t.rows if r.level != "合计" and r.label_column is not None]
        if main is None or len(totals) > 1 or len(rows) + len(totals) < len(t.rows):
            continue                  # rows without labels: where each belongs is not sure
        nesting = [(rows[i] if i >= 0 else totals[0], kids) for i, kids in nested_parts(rows).items()
                   if i >= 0 or totals]
        trees.append((t, main, nesting))
    return trees


@rule
class ProcurementTableAddsUp(Rule):
    """政府采购预算表中，每一行的金额应等于其下级各行之和：采购品目大类（货物、工程、服务）等于其下各专项、经济科目，
    专项或经济科目等于其下各采购物品，合计等于各大类之和。按舍入区间比较，末位尾差为提示，其余为错误。
    错误示例："一、货物 A 268.00"，而其下"信息网络及软件购置更新 60.00""办公设备购置 146.00""专用设备购置 40.00"合计 246.00。
    正确示例：其下各行合计 268.00。"""

    id = "JS-R108"
    family = "tables"
    title = "政府采购预算表金额与下级各行之和不符"

    def check(self, report: Report):
        for t, main, nesting in procurement_trees(report):
            for parent, kids in nesting:
                yield from self._sum(t, parent, kids, main)

    def _sum(self, t: StandardTable, parent: TableRow, kids: list[TableRow], main: int):
        p = parent.values[main]
        values = [k.values[main] for k in kids]
        if p is None or any(v is None for v in values):
            return
        verdict, s = compare_sum(p, values)
        if verdict is Verdict.AGREE:
            return
        yield self.finding(
            Span(min(parent.span.start, p.span.start), p.span.end),
            f"{kind_name(t)}“{parent.name}”行金额为{stated(p)}，而其下{len(kids)}行合计{money(s, p)}，"
            f"相差{money(abs(s - p.yuan), p)}。",
            expected=money(s, p), actual=stated(p),
            arithmetic=f"{' + '.join(stated(v) for v in values)} = {money(s, p)} ≠ {stated(p)}",
            severity="info" if verdict is Verdict.ROUNDING else None)
