"""Hierarchy: a 类 equals the sum of its 款, a 款 the sum of its 项, and a list
of 类 adds up to the total it breaks down.

Lines come from tables and from the narrative; a line's children are the
lines whose ``parent`` points at it.  Compared by rounding intervals in the
actual, basic, project and budget columns.  A total that is its children's
sum written in another unit (853.15元 for 853.15万元) is left to the units
rule, which says so plainly.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from ..interval import Verdict, compare, total
from ..model import UNIT_FACTORS, Amount, LineItem, Report
from .base import Rule, Skip, money, rule, stated

COLUMNS = (("actual", "决算数"), ("basic", "基本支出"), ("project", "项目支出"), ("budget", "年初预算数"))
UNIT_RATIOS = (Decimal(10000), Decimal("0.0001"))

OVERVIEW_TOTALS = {"general": "fiscal.general_expenditure", "fund": "fiscal.fund_expenditure",
                   "soe": "fiscal.soe_expenditure"}


def unit_slip(stated_amount: Amount, computed_yuan: Decimal) -> bool:
    """True when the stated amount is the computed one in the wrong unit."""
    if stated_amount.yuan == 0:
        return False
    return any(abs(stated_amount.yuan * r - computed_yuan) <= stated_amount.step * r for r in UNIT_RATIOS)


def slip_finding(rule: Rule, a: Amount, computed_yuan: Decimal, what: str):
    """The finding for an amount that is its parts' sum written in the wrong unit."""
    right = next(u for u, f in UNIT_FACTORS.items() if abs(computed_yuan / f - a.value) <= a.step / a.factor)
    expected = a.text.replace(" ", "").removesuffix(a.unit) + right
    return rule.finding(a.span, f"{what}写作{stated(a)}，其分项合计为{expected}：单位应为“{right}”。",
                        expected=expected, actual=stated(a), title="金额单位错误",
                        arithmetic=f"分项合计 = {computed_yuan:f}元；{stated(a)} = {a.yuan:f}元")


def compare_sum(parent_amount: Amount, children: list[Amount]):
    """The verdict on a stated amount against its children's sum, and the sum (None when they agree)."""
    computed = total(c.interval for c in children)
    if computed.gap(parent_amount.interval) == 0:
        return Verdict.AGREE, None           # overlapping intervals agree at any step
    step = max([parent_amount.step] + [c.step for c in children])
    s = sum(c.yuan for c in children)
    return compare(parent_amount.interval, computed, step), s


@rule
class ParentEqualsChildren(Rule):
    """每个类应等于其下各款之和，每个款应等于其下各项之和，文件所列各栏（决算、基本支出、项目支出、年初预算）均如此。
    按舍入区间比较（印出d位小数的数代表 ±0.5×10^-d 的区间），舍入可以解释的差异不报告，末位尾差为提示，其余为错误。
    错误示例："城乡社区支出12554.34万元"，
    其下各款为 11671.97万元 和 660.82万元（合计 12332.79：缺一款或金额有误）。
    正确示例：各款合计为 12554.34万元。"""

    id = "JS-R201"
    family = "hierarchy"
    title = "类/款/项金额与下级科目合计不符"

    def check(self, report: Report):
        children: dict[int, list[LineItem]] = defaultdict(list)
        for ln in report.lines:
            if ln.parent is not None:
                children[ln.parent].append(ln)
        if not children:
            raise Skip("没有可核对的类/款/项层级")
        derived = derived_budgets(report)
        for idx, kids in children.items():
            parent = report.lines[idx]
            yield from self._derived_budget(parent, kids, derived)
            for attr, col in COLUMNS:
                p = getattr(parent, attr)
                ks = [getattr(k, attr) for k in kids]
                if p is None or any(k is None for k in ks):
                    continue
                verdict, s = compare_sum(p, ks)
                if verdict is Verdict.AGREE:
                    continue
                if unit_slip(p, s):
                    yield slip_finding(self, p, s, f"“{parent.name}”{col}")
                    continue
                lower = "、".join(f"{k.name}{stated(getattr(k, attr))}" for k in kids)
                yield self.finding(
                    p.span,
                    f"“{parent.name}”（{parent.level or ''}）{col}{stated(p)}，其下级科目（{lower}）合计"
                    f"{money(s, p)}，相差{money(abs(s - p.yuan), p)}"
                    + ("，可能漏列了下级科目或金额有误。" if s < p.yuan else "。"),
                    expected=money(s, p), actual=stated(p),
                    arithmetic=" + ".join(stated(k) for k in ks) + f" = {money(s, p)} ≠ {stated(p)}",
                    severity="info" if verdict is Verdict.ROUNDING else "error")


    def _derived_budget(self, parent: LineItem, kids: list[LineItem], derived: dict):
        """Budgets given only as "比年初预算增加X" still add up: 决算 − 增加额 per line."""
        if parent.budget is not None or parent.actual is None or parent.actual.span not in derived:
            return
        spans = [k.actual.span if k.actual else None for k in kids]
        if any(sp not in derived for sp in spans):
            return
        p_iv = derived[parent.actual.span]
        k_iv = total(derived[sp] for sp in spans)
        step = max([parent.actual.step] + [k.actual.step for k in kids])
        verdict = compare(p_iv, k_iv, step)
        if verdict is Verdict.AGREE:
            return
        p_mid, k_mid = p_iv.mid, k_iv.mid
        yield self.finding(
            parent.span,
            f"由“比年初预算增（减）”推算，“{parent.name}”年初预算为{money(p_mid, parent.actual)}，其下级科目年初预算"
            f"合计{money(k_mid, parent.actual)}，相差{money(abs(p_mid - k_mid), parent.actual)}：增减额与下级科目不符。",
            expected=money(k_mid, parent.actual), actual=money(p_mid, parent.actual),
            arithmetic="年初预算 = 决算 − 增加额（或 + 减少额），逐项相加后比较",
            severity="info" if verdict is Verdict.ROUNDING else "error")


def derived_budgets(report: Report) -> dict:
    """Budget intervals implied by "比年初预算增加/减少X", keyed by the actual's span."""
    from .changes import base_interval

    out = {}
    for cs in report.changes:
        if cs.basis == "budget":
            iv = base_interval(cs)
            if iv is not None:
                out[cs.current.amount.span] = iv
    return out


@rule
class ClassesAddUpToTotal(Rule):
    """总体情况中逐类列出的支出（"主要用于以下方面（按大类）：一般公共服务支出…"）应合计等于其分解的总数（一般公共预算财政拨款支出、政府性基金…支出）。
    按舍入区间比较，末位尾差为提示，其余为错误。
    错误示例：十一个类合计 202,437,486.51元，而一般公共预算财政拨款支出为 199,295,826.51元。
    正确示例：各类合计等于总数。"""

    id = "JS-R202"
    family = "hierarchy"
    title = "各类支出合计与总数不符"

    def check(self, report: Report):
        groups: dict[str, list[LineItem]] = defaultdict(list)
        for ln in report.lines:
            if ln.table.startswith("overview:"):
                groups[ln.table.split(":", 1)[1]].append(ln)
        ran = False
        for topic, items in groups.items():
            tot = report.first(OVERVIEW_TOTALS.get(topic, ""))
            if tot is None or len(items) < 2:
                continue
            ran = True
            amounts = [ln.actual for ln in items]
            verdict, s = compare_sum(tot.amount, amounts)
            if verdict is Verdict.AGREE:
                continue
            if unit_slip(tot.amount, s):
                yield slip_finding(self, tot.amount, s, f"“{tot.name}”")
                continue
            yield self.finding(
                tot.clause,
                f"“{tot.name}”为{stated(tot.amount)}，但所列{len(items)}个类级科目合计{money(s, tot.amount)}，"
                f"相差{money(abs(s - tot.amount.yuan), tot.amount)}。",
                expected=money(s, tot.amount), actual=stated(tot.amount),
                arithmetic=" + ".join(stated(a) for a in amounts) + f" = {money(s, tot.amount)}",
                severity="info" if verdict is Verdict.ROUNDING else "error")
        if not ran:
            raise Skip("没有按类列出的支出总体情况")
