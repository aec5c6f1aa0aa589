"""The 政府采购预算表 row that is wrong when a row and the one row under it disagree.

A row of the 政府采购预算表 with a single row nested under it (专项 "交通运行费" over the
one item "车辆维修和保养服务") must print the same amount.  When they differ, the sum
the upper row itself takes part in (it and its siblings make the row above them, or
the 合计) says which is wrong: if that sum holds with the upper row's amount, the upper
row is confirmed and the single item is the wrong one; the finding stands on the item
(JS-R108 reports the broken sum at the upper row).
"""

from __future__ import annotations

from ..interval import Verdict
from ..model import Report
from .base import Rule, money, rule, stated
from .hierarchy import compare_sum
from .procurement import procurement_trees


@rule
class ProcurementSingleItem(Rule):
    """政府采购预算表中，只有一个下级行的行，其金额应与该下级行相同。
    二者不符，而该行与其同级各行之和等于其上级行（或合计）时，上级行得到印证，错的是下级行：报在下级行。按舍入区间比较，末位尾差为提示，其余为错误。
    错误示例："交通运行费 267.80"之下只有"车辆维修和保养服务 260.80"，而"三、服务 C"等于其下各专项之和（含 267.80）：应为 267.80。
    正确示例："车辆维修和保养服务 267.80"。"""

    id = "JS-R109"
    family = "tables"
    title = "政府采购预算表唯一下级行与上级行不符"

    def check(self, report: Report):
        for t, main, nesting in procurement_trees(report):
            above = {id(kid): (parent, kids) for parent, kids in nesting for kid in kids}
            for parent, kids in nesting:
                if len(kids) != 1 or id(parent) not in above:
                    continue
                item, p = kids[0].values[main], parent.values[main]
                grand, siblings = above[id(parent)]
                g, amounts = grand.values[main], [s.values[main] for s in siblings]
                if item is None or p is None or g is None or any(a is None for a in amounts):
                    continue
                verdict, _ = compare_sum(p, [item])
                if verdict is Verdict.AGREE or compare_sum(g, amounts)[0] is not Verdict.AGREE:
                    continue
                yield self.finding(
                    kids[0].span,
                    f"“{kids[0].name}”是“{parent.name}”之下唯一的一行，金额应相同；“{parent.name}”{stated(p)}"
                    f"与其同级各行之和等于“{grand.name}”{stated(g)}，得到印证，此行{stated(item)}有误，"
                    f"应为{money(p.yuan, item)}。",
                    expected=money(p.yuan, item), actual=stated(item),
                    arithmetic=f"{' + '.join(stated(a) for a in amounts)} = {stated(g)}；"
                               f"{stated(item)} ≠ {stated(p)}",
                    severity="info" if verdict is Verdict.ROUNDING else None)
