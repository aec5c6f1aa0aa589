"""政府采购: what small and medium enterprises won cannot exceed what was bought.

The 政府采购 part states, since the 2022 rules on reserving purchases for small and
medium enterprises, what SMEs won in the projects reserved for them and what they
won in the other projects ("在面向中小企业预留的政府采购项目中，由中小企业供应商中标或
成交的，采购金额X；…在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额Y"): the
two are parts of the whole 政府采购 and their sum never exceeds it.
"""

from __future__ import annotations

import re

from ..interval import Verdict, compare, total
from ..model import Report
from .base import Rule, Skip, money, rule, stated

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
