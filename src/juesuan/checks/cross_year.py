"""Cross-document rules: a document against the unit's other disclosures.

They run when the other document is at hand (the same run of ``check``, or a
store of checked documents) and say so in ``coverage`` when it is not.  A
rule here gets, besides the report, its :class:`Neighbour` documents: the
unit's document of the year before ("previous", same kind) and, for a 决算,
the same year's 预算 ("budget").  Their findings stand in the document being
checked and name the other document with its page (or line) and quote.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal

from ..document import Span
from ..interval import Verdict, compare
from ..model import Amount, Finding, LineItem, Report
from .base import Rule, Skip, place, stated

CROSS_REGISTRY: list[type["CrossRule"]] = []


@dataclass(frozen=True)
class Neighbour:
    """Another document of the same unit: ``relation`` is "previous" or "budget"."""

    relation: str
    path: str
    report: Report

    def place(self, amount: Amount, around: Span) -> str:
        """Where ``amount`` stands in this document, as a reviewer finds it: the document,
        the page (or line) and the sentence or table row ``around`` it."""
        doc = self.report.document
        where = place(doc, amount.span.start, page=True, line=False)
        return (f"{self.report.meta.year}年{_KIND[self.report.doc_type]}"
                f"（{os.path.basename(self.path)}，{where}：「{doc.context(around)}」）")


_KIND = {"budget": "部门预算", "final_accounts": "部门决算", "performance_report": "绩效报告"}


class CrossRule(Rule):
    """A rule over a report and its neighbours; ``relation`` names the one it needs."""

    family = "cross_year"
    relation = "previous"
    kinds: tuple[str, ...] = ("budget", "final_accounts")     # the kinds of document it checks

    def run(self, report: Report, neighbours: list[Neighbour]) -> tuple[list[Finding], str | None]:
        """(findings, None), or ([], why) when the rule could not run."""
        if report.doc_type not in self.kinds:
            return [], "不适用于此类文件"
        other = next((n for n in neighbours if n.relation == self.relation), None)
        if other is None:
            want = "上一年度同类文件" if self.relation == "previous" else "同年度部门预算"
            return [], f"本次没有同一单位的{want}，未能跨文件核对"
        try:
            return list(self.check_against(report, other)), None
        except Skip as why:
            return [], str(why)

    def check(self, report: Report):
        raise Skip("跨文件规则：需要同一单位的其他文件")

    def check_against(self, report: Report, other: Neighbour):
        raise NotImplementedError

    def disagree(self, here: Amount, there: Amount, around: Span, other: Neighbour, subject: str, *,
                 ours: str, theirs: str, severity: str | None = None):
        """A finding when ``here`` and ``there`` differ beyond rounding (info within it);
        ``around`` is the sentence or table row of ``there``, quoted from the other document."""
        verdict = compare(here.interval, there.interval, max(_step(here), _step(there)))
        if verdict is Verdict.AGREE:
            return None
        return self.finding(
            here.span,
            f"{subject}：本文件{ours}{stated(here)}，{other.place(there, around)}{theirs}{stated(there)}，"
            f"相差{here.in_unit(abs(here.yuan - there.yuan))}。",
            expected=stated(there), actual=stated(here),
            arithmetic=f"{stated(here)} ≠ {stated(there)}",
            severity="info" if verdict is Verdict.ROUNDING else severity)


def _step(a: Amount) -> Decimal:
    """One unit of the last printed digit, in 元."""
    return a.factor * Decimal(1).scaleb(-a.decimals)


def cross_rule(cls: type[CrossRule]) -> type[CrossRule]:
    """Class decorator: register a cross-document rule (ids unique among them)."""
    assert cls.id and all(r.id != cls.id for r in CROSS_REGISTRY), cls.id
    CROSS_REGISTRY.append(cls)
    return cls


def _coded(lines: list[LineItem], column: str) -> dict[str, list[LineItem]]:
    out: dict[str, list[LineItem]] = {}
    for ln in lines:
        if ln.code and getattr(ln, column) is not None:
            out.setdefault(ln.code, []).append(ln)
    return out


def _same_table_first(candidates: list[LineItem], table: str) -> LineItem:
    return next((c for c in candidates if c.table == table), candidates[0])


def _coded_budgets_agree(rule: CrossRule, report: Report, other: Neighbour, column: str, ours: str,
                         none_why: str) -> list[Finding]:
    """The findings where this report's ``column`` of a 科目 code differs from the other
    document's budget for the same code (the same table kind first)."""
    mine = [ln for ln in report.lines if ln.code and getattr(ln, column) is not None]
    if not mine:
        raise Skip(none_why)
    theirs = _coded(other.report.lines, "budget")
    found = []
    for ln in mine:
        if ln.code in theirs:
            there = _same_table_first(theirs[ln.code], ln.table)
            f = rule.disagree(getattr(ln, column), there.budget, there.span, other, f"{ln.code} {ln.name}",
                              ours=ours, theirs="该科目预算数")
            if f:
                found.append(f)
    return found


@cross_rule
class PriorBudgetColumn(CrossRule):
    """部门预算“上年预算数”一栏，应等于上年部门预算对同一科目编码的预算数；不符为警告。
    错误示例：2019年一般公共预算支出表印 2040401 行政运行 上年预算数 10,883.36，
    而2018年部门预算为 10,833.36。
    正确示例：两份文件均为 10,883.36。"""

    id = "JS-R950"
    kinds = ("budget",)
    severity = "warning"
    title = "上年预算数与上年部门预算不符"

    def check_against(self, report: Report, other: Neighbour):
        return _coded_budgets_agree(self, report, other, "prior_budget", "所列上年预算数",
                                    "本文件表中没有“上年预算数”列")


@cross_rule
class PriorYearStatement(CrossRule):
    """与上年比较的数字（"比上年增加X"、"与上年预算数持平"）隐含上年数（本年数 − X，或相同），应与上年同类文件所列相符；
    不符为警告，句中明说“上年预算/上年决算”时为错误。
    错误示例："因公出国（境）费预算支出100万元，与上年预算数相等"，而上年部门预算为110万元。
    正确示例："比上年减少10万元"。"""

    id = "JS-R951"
    severity = "warning"
    title = "与上年比较所隐含的上年数与上年文件不符"

    def check_against(self, report: Report, other: Neighbour):
        if other.report.doc_type != report.doc_type:
            raise Skip("上一年度文件不是同类文件")
        text = report.document.text
        statements = [c for c in report.changes
                      if c.basis == "last_year" and c.current.key and c.current.year in (None, report.meta.year)]
        if not statements:
            raise Skip("本文件没有与上年比较的主要数字")
        for c in statements:
            wording = text[c.span.start:c.span.end] + c.current.label
            if any(w in wording for w in ("执行", "决算", "实际")) and report.doc_type == "budget":
                continue           # compared with last year's spending: not last year's budget document
            implied = _implied(c)
            there = other.report.first(c.current.key)
            if implied is None or there is None:
                continue
            explicit = "上年预算" in wording or "上年决算" in wording
            f = self.disagree(implied, there.amount, there.clause, other, c.current.name,
                              ours="与上年比较所隐含的上年数为", theirs="所载为",
                              severity="error" if explicit else None)
            if f:
                yield f


def _implied(c) -> Amount | None:
    """Last year's amount a change statement implies, as an Amount at the current figure."""
    cur = c.current.amount
    if c.direction == "flat":
        return cur
    if c.delta is None or c.direction not in ("up", "down"):
        return None
    sign = -1 if c.direction == "up" else 1
    value_yuan = cur.yuan + sign * c.delta.yuan
    decimals = max(cur.decimals, c.delta.decimals)
    return Amount(value=value_yuan / cur.factor, unit=cur.unit, decimals=decimals,
                  span=c.span, text=cur.in_unit(value_yuan, decimals))


@cross_rule
class InitialBudgetMatchesBudget(CrossRule):
    """决算中某科目的年初预算数，应等于同年部门预算对该科目的预算数；不符为警告。
    错误示例：2024年决算写行政运行年初预算 1,200.00万元，而2024年部门预算为 1,150.00万元。
    正确示例：两份文件均为 1,150.00万元。"""

    id = "JS-R952"
    relation = "budget"
    kinds = ("final_accounts",)
    severity = "warning"
    title = "决算中的年初预算与同年部门预算不符"

    def check_against(self, report: Report, other: Neighbour):
        return _coded_budgets_agree(self, report, other, "budget", "所列年初预算数",
                                    "本决算没有按科目列出年初预算数")
