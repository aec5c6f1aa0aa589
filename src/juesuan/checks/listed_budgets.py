"""The budgets of a complete list of 科目 add up to the budget of their total.

"一般公共预算财政拨款支出年初预算为 0 万元，全年预算为 321.02 万元，支出决算为
307.82 万元 … 1、…行政运行（项）…全年预算为 52.00 万元，支出决算为 51.32 万元 …":
when the 科目 the narrative lists one by one add up to the total in 决算 (so the
list is the whole total), their budgets of the same kind (年初, 全年, 调整后) add
up to the total's budget of that kind, stated in the total's sentence.
"""

from __future__ import annotations

import re

from ..interval import Verdict
from ..model import Amount, Report
from .base import Rule, Skip, money, rule, stated
from .hierarchy import OVERVIEW_TOTALS, compare_sum

_BUDGET_WORDS = ("调整后预算", "全年预算", "年初预算")
LOOK_BACK = 12
_TRAILING_BUDGET_WORD = re.compile(r"(?:年初|全年|调整后)?预算数?$")


def budget_word(text: str, amount: Amount) -> str | None:
    """The kind of budget the words right before an amount name (the nearest of 年初预算,
    全年预算, 调整后预算), or None."""
    before = text[max(amount.span.start - LOOK_BACK, 0):amount.span.start]
    found = [(before.rfind(word), word) for word in _BUDGET_WORDS if word in before]
    return max(found)[1] if found else None


def _subject(budget_name: str) -> str:
    """"一般公共预算财政拨款支出年初预算" → "一般公共预算财政拨款支出"."""
    return _TRAILING_BUDGET_WORD.sub("", budget_name)


@rule
class ListedBudgetsAddUp(Rule):
    """支出决算具体情况中逐一列出的科目（类、款或项），其决算数之和等于总数（说明所列完整）时，其预算数（同一口径：年初预算、全年预算或调整后预算）之和
    应等于总数句中同一口径的预算数；按舍入区间比较，末位尾差为提示。所列预算之和超过总预算为错误（预算不为负，未列出的科目只会使总预算更大，
    所列各科目与总数的预算数必有一处写错）；小于总预算为警告（也可能是有预算、无支出的科目未列出，应补列）。
    错误示例：“一般公共预算财政拨款支出…全年预算为 321.02 万元，支出决算为 307.82 万元”，所列9个项的支出决算合计307.82万元，全年预算合计375.02万元。
    正确示例：所列各项全年预算合计321.02万元。"""

    id = "JS-R203"
    family = "hierarchy"
    title = "逐项列出的预算数之和与总预算不符"

    def check(self, report: Report):
        text = report.document.text
        ran = False
        for topic, key in OVERVIEW_TOTALS.items():
            total = report.first(key)
            if total is None:
                continue
            for level in ("类", "款", "项"):
                items = [ln for ln in report.lines if ln.table == f"narrative:{topic}" and ln.level == level]
                if len(items) < 2 or any(ln.actual is None or ln.budget is None for ln in items):
                    continue
                words = {budget_word(text, ln.budget) for ln in items}
                if len(words) != 1 or None in words \
                        or compare_sum(total.amount, [ln.actual for ln in items])[0] is not Verdict.AGREE:
                    continue        # budgets of mixed kinds, or a list that is not the whole total
                word = words.pop()
                first = min(ln.budget.span.start for ln in items)
                budgets = [(_subject(c.budget_name) or total.name, b) for c in report.completions
                           if c.actual.amount.yuan == total.amount.yuan and c.span.start < first
                           for b in (c.budget, *c.alternatives) if budget_word(text, b) == word]
                if not budgets:
                    continue
                ran = True
                yield from self._judge(*budgets[0], word, level, items)
        if not ran:
            raise Skip("没有决算数合计等于总数、且与总数写明同一口径预算数的逐项科目")

    def _judge(self, name: str, budget: Amount, word: str, level: str, items):
        verdict, s = compare_sum(budget, [ln.budget for ln in items])
        if verdict is Verdict.AGREE:
            return
        unlisted = "" if s > budget.yuan else "；若有预算而无支出的科目未列出，应补列"
        span = budget.span
        for ln in items:
            span = span.cover(ln.budget.span)
        yield self.finding(
            span,
            f"“{name}”{word}为{stated(budget)}，但逐一列出的{len(items)}个{level}级科目（其决算数合计等于总数，所列完整）"
            f"{word}合计{money(s, budget)}，相差{money(abs(s - budget.yuan), budget)}{unlisted}。",
            expected=money(s, budget), actual=stated(budget),
            arithmetic=" + ".join(stated(ln.budget) for ln in items) + f" = {money(s, budget)}",
            severity="info" if verdict is Verdict.ROUNDING else "error" if s > budget.yuan else "warning")
