"""分组小计: a 收入表 that groups its rows under named groups adds up.

Jiangsu's 收入预算总表 (and any table laid out the same way) prints no codes: each
group is a row naming it with 小计 in the next label column ("一般公共预算资金 |
小计 | 17,981.68"), its items follow naming themselves in that next column
("| 公共财政拨款(补助)资金 | 17,981.68"), and the 收入总计 row totals the groups.  The
extractor nests the rows by label column (:func:`.procurement.nested_parts`); each
group's 小计 is the sum of its items, the 总计 the sum of the groups.  A cell
printed empty is 0 when its group (or the 总计) and another of its parts are printed;
a group whose parts are all empty is not broken down and says nothing.  "其中" rows
are part of their row, not beside it.
"""

from __future__ import annotations

from ..extract.tables import kind_name, main_column
from ..interval import Verdict
from ..model import Amount, Report, StandardTable, TableRow
from .base import Rule, Skip, money, rule, stated
from .hierarchy import compare_sum
from .procurement import nested_parts
from .tables import _cell_span, _terms

GROUPED_KINDS = ("income",)


def grouped_tables(report: Report) -> list[StandardTable]:
    """The one-sided tables of a grouped kind whose rows have no codes, each labelled,
    one 合计 row at most, some row nested under another."""
    out = []
    for t in report.tables:
        if t.kind not in GROUPED_KINDS or t.panes != 1 or t.is_empty or not t.complete:
            continue
        rows = [r for r in t.rows if r.level != "合计"]
        if (any(r.code for r in t.rows) or any(r.label_column is None for r in rows)
                or len(t.rows) - len(rows) > 1 or main_column(t, 0) is None):
            continue
        if len({r.label_column for r in rows}) >= 2:
            out.append(t)
    return out


@rule
class GroupedRowsAddUp(Rule):
    """分组列示的收入表（如“一般公共预算资金 | 小计”下列“公共财政拨款(补助)资金”“专项收入”等）中，
    每组小计应等于其下各项之和，收入总计应等于各组小计之和；组内印为空的格在该组已印出其他金额时为0。
    按舍入区间比较，末位尾差为提示，其余为错误。
    错误示例："一般公共预算资金 小计 17,984.68"，而其下"公共财政拨款(补助)资金 17,981.68""专项收入（空）"合计 17,981.68。
    正确示例：小计 17,981.68，各组小计合计等于收入总计。"""

    id = "JS-R244"
    family = "tables"
    title = "分组小计与其下各项之和不符"

    def check(self, report: Report):
        tables = grouped_tables(report)
        if not tables:
            raise Skip("没有读出分组列示小计的收入表")
        for t in tables:
            main = main_column(t, 0)
            totals = [r for r in t.rows if r.level == "合计"]
            rows = [r for r in t.rows if r.level != "合计"]
            nesting = {i: [k for k in kids if not k.sub] for i, kids in nested_parts(rows).items()}
            top = nesting.get(-1, [])
            confirmed = bool(totals and top) and self._agrees(totals[0], top, main)
            for i, parts in nesting.items():
                parent = rows[i] if i >= 0 else (totals[0] if totals else None)
                if parent is not None and parts:
                    yield from self._sum(t, parent, parts, main, confirmed and i >= 0)

    @staticmethod
    def _agrees(parent: TableRow, kids: list[TableRow], main: int) -> bool:
        p = parent.values[main]
        printed = [v for v in (k.values[main] for k in kids) if v is not None]
        return p is not None and bool(printed) and compare_sum(p, printed)[0] is Verdict.AGREE

    def _sum(self, t: StandardTable, parent: TableRow, kids: list[TableRow], main: int, confirmed: bool):
        """The group's sum; when the groups add up to the 总计 (the 小计 is confirmed) and the
        group prints one item, the item is the wrong cell and the finding stands on it."""
        p = parent.values[main]
        values: list[Amount | None] = [k.values[main] for k in kids]
        printed = [v for v in values if v is not None]
        if p is None or not printed:
            return
        verdict, s = compare_sum(p, printed)
        if verdict is Verdict.AGREE:
            return
        severity = "info" if verdict is Verdict.ROUNDING else None
        if confirmed and len(printed) == 1:
            item = next(k for k in kids if k.values[main] is not None)
            v = printed[0]
            yield self.finding(
                _cell_span(item, v),
                f"{kind_name(t)}“{item.name}”行金额为{stated(v)}，而其所在组“{parent.name}”小计为{stated(p)}"
                f"（各组小计合计与{_total_name(t)}相符），组内其他各项为空，该行应为{stated(p)}。",
                expected=stated(p), actual=stated(v),
                arithmetic=f"{_terms(values)} = {money(s, p)} ≠ {stated(p)}", severity=severity)
            return
        yield self.finding(
            _cell_span(parent, p),
            f"{kind_name(t)}“{parent.name}”行金额为{stated(p)}，而其下{len(kids)}行"
            f"（{'、'.join(k.name for k in kids)}）合计{money(s, p)}，相差{money(abs(s - p.yuan), p)}。",
            expected=money(s, p), actual=stated(p),
            arithmetic=f"{_terms(values)} = {money(s, p)} ≠ {stated(p)}", severity=severity)


def _total_name(t: StandardTable) -> str:
    return next((f"“{r.name}”" for r in t.rows if r.level == "合计"), "总计")
