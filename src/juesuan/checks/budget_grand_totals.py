"""A 部门预算's "收入预算总计" and "支出预算总计" against its 收支预算总表.

The 说明 of a 部门预算 opens with "（一）收入预算总计 17996.68 万元 … （二）支出预算总计
17996.68 万元": with no fund named before it, the phrase is the whole 收入总计 / 支出总计
of the 收支预算总表 (or its 收支总计).  "财政拨款收入预算总计" or "其他资金收入预算总计"
name a part and are left alone: only a label that is the phrase alone (after its
numbering, the unit's name and the year) is compared.
"""

from __future__ import annotations

import re

from ..extract.tables import strip_label
from ..model import Figure, Report
from .base import Rule, Skip, money, rule, stated
from .hierarchy import unit_slip

# the phrase → the table figures it restates
GRAND_TOTALS = {"收入预算总计": ("totals.income_grand", "totals.grand"),
                "支出预算总计": ("totals.expenditure_grand", "totals.grand")}
_UNIT_AND_YEAR = re.compile(r"^.*?(?:19|20)\d\d年度?")


def _phrase(f: Figure) -> str | None:
    if not f.label.rstrip().endswith("计"):
        return None                       # only blanks and a beginning are taken off: the phrase ends the label
    label = strip_label("".join(f.label.split()))[0]
    label = _UNIT_AND_YEAR.sub("", label)
    return label if label in GRAND_TOTALS else None


@rule
class BudgetGrandTotalMatchesTable(Rule):
    """部门预算说明中的“收入预算总计”“支出预算总计”（前面不带资金来源）应等于收支预算总表的收入总计、支出总计（或收支总计）。
    “财政拨款收入预算总计”“其他资金收入预算总计”等分项不在此列。按舍入区间比较，末位尾差为提示，其余为错误。
    错误示例：“（一）收入预算总计 17999.68 万元”，收支预算总表收入合计为 17,996.68。
    正确示例：“（一）收入预算总计 17996.68 万元”。"""

    id = "JS-R507"
    family = "consistency"
    title = "收入、支出预算总计与收支预算总表不符"

    def check(self, report: Report):
        stated_totals = [(f, p) for f in report.figures_list if f.source == "narrative" and (p := _phrase(f))]
        if not stated_totals:
            raise Skip("说明中没有“收入预算总计”“支出预算总计”")
        for f, phrase in stated_totals:
            refs = [t for key in GRAND_TOTALS[phrase] for t in report.by_key(key) if t.source == "table"]
            a = f.amount
            if not refs or any(unit_slip(a, r.amount.yuan) for r in refs):
                continue
            ref = refs[0].amount
            yield from self.unless_one_agrees(a, [(r.amount.interval, r.amount.step) for r in refs], lambda: self.finding(
                f.clause,
                f"“{phrase}”为{stated(a)}，收支预算总表中为{stated(ref)}，相差{money(abs(a.yuan - ref.yuan), a)}。",
                expected=stated(ref), actual=stated(a),
                arithmetic=f"{stated(a)} − {stated(ref)} = {money(a.yuan - ref.yuan, a)}"))
