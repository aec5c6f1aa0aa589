"""Twin tables: a table that holds a part of another's money prints the same rows when
their totals agree — and a row that differs is located by the sums of its own table.

The 一般公共预算 table (功能分类) is a part of the 财政拨款支出 table (财政拨款 = 一般公共预算
+ 政府性基金 + 国有资本经营) and of the 支出决算表 / 支出预算总表 (all funds); the 一般公共
预算基本支出表 (经济分类) is a part of the 财政拨款基本支出表.  Row by row the part is at
most the whole (the other funds add nothing negative), so when the two 合计 agree the
other funds hold nothing anywhere and every row the two tables print must be equal.
A row that differs is wrong in one of them: in the table whose own sums it breaks
(the row is not the sum of its lower rows, or its upper row is not the sum of it and
its siblings) — the finding stands there.  When the sums do not tell, it stands at the
part's row and names both.  Two such tables whose 类 rows are equal row by row but
whose 合计 differ have one misprinted 合计: the one that is not the sum of its 类.
Tables read from padded PDF grids (whose own sums are not
checked: rows may be lost) are compared too: a row present in both is printed twice.
"""

from __future__ import annotations

from decimal import Decimal

from ..extract.tables import kind_name, main_column
from ..interval import Interval, Verdict, compare, total
from ..model import Amount, Report, StandardTable, TableRow
from .base import Rule, Skip, money, rule, stated
from .tables import _cell_span, _comparable, _row_name, _where

# (whole, part): every row of the part is at most the same row of the whole.
TWINS = (("fiscal_expenditure", "general_expenditure"), ("expenditure", "general_expenditure"),
         ("expenditure", "fiscal_expenditure"), ("fiscal_basic", "general_basic"))


class _Rows:
    """One table's coded rows and its total, by the table's main amount column."""

    def __init__(self, t: StandardTable):
        self.table = t
        col = main_column(t, 0)
        self.value: dict[str, Amount] = {}
        self.row: dict[str, TableRow] = {}
        self.total: Amount | None = None
        self.total_row: TableRow | None = None
        for r in t.rows:
            a = r.values[col] if col is not None and r.pane == 0 and col < len(r.values) else None
            if a is None:
                continue
            if r.code and r.code not in self.value:
                self.value[r.code], self.row[r.code] = a, r
            elif r.level == "合计" and self.total is None:
                self.total, self.total_row = a, r

    def whole(self) -> Interval | None:
        """The 合计, or the sum of the 类 rows when no 合计 row was read."""
        if self.total is not None:
            return self.total.interval
        classes = [a.interval for c, a in self.value.items() if len(c) == 3]
        return total(classes) if classes else None

    def classes(self) -> dict[str, Amount]:
        return {c: a for c, a in self.value.items() if len(c) == 3}

    def children(self, code: str) -> list[Amount]:
        return [a for c, a in self.value.items() if len(c) == len(code) + 2 and c.startswith(code)]

    def breaks_sums(self, code: str) -> bool:
        """True when the row ``code`` is not the sum of its lower rows, or its upper row
        (the 合计 for a 类) is not the sum of the row and its siblings."""
        kids = self.children(code)
        if kids and _differs(self.value[code], kids):
            return True
        parent = self.value.get(code[:-2]) if len(code) > 3 else self.total
        siblings = self.children(code[:-2]) if len(code) > 3 else [a for c, a in self.value.items() if len(c) == 3]
        return parent is not None and _differs(parent, siblings)


def _differs(said: Amount, parts: list[Amount]) -> bool:
    step = max([said.step] + [p.step for p in parts])
    return compare(said.interval, total(p.interval for p in parts), step) is Verdict.DIFFER


@rule
class TwinTablesSameRows(Rule):
    """两张表中一张是另一张的一部分（一般公共预算支出表之于财政拨款支出表、支出决算表或支出预算总表；一般公共预算基本支出表之于财政拨款基本支出表）：
    两表合计相同时，说明没有其他资金，两表印出的每一行都应相同；某行不同，错在破坏了本表上下级之和的那张表，报在该处。
    两表各类逐行相同而合计不同时，不等于本表各类之和的那个合计有误。
    按舍入区间比较：合计须在舍入范围内相同才比较各行，行的末位尾差为提示，其余为错误。
    错误示例：财政拨款基本支出预算表与一般公共预算基本支出预算表合计均为 13,979.92，
    30101 基本工资在前表为 2,117.68，在后表为 2,120.68，且后表 301 工资福利支出不等于其各款之和。
    正确示例：两表 30101 均为 2,117.68。"""

    id = "JS-R222"
    family = "tables"
    title = "两表同一科目金额不一致"

    def check(self, report: Report):
        tables = [t for t in report.tables if t.read and not t.is_empty and t.panes == 1]
        first = {t.kind: t for t in reversed(tables)}
        pairs = [(first[w], first[p]) for w, p in TWINS if w in first and p in first and _comparable(first[w], first[p])]
        if not pairs:
            raise Skip("没有一张是另一张一部分的两张科目表")
        for whole, part in pairs:
            yield from self._pair(report, _Rows(whole), _Rows(part))

    def _pair(self, report: Report, whole: _Rows, part: _Rows):
        w_total, p_total = whole.whole(), part.whole()
        if w_total is None or p_total is None:
            return
        if w_total.gap(p_total) != 0:    # other funds hold money — or one 合计 is misprinted
            yield from self._misprinted_total(whole, part)
            return
        for code, a in part.value.items():
            b = whole.value.get(code)
            if b is None or compare(a.interval, b.interval, max(a.step, b.step)) is Verdict.AGREE:
                continue
            at_whole = whole.breaks_sums(code) and not part.breaks_sums(code)
            here, there = (whole, part) if at_whole else (part, whole)
            said, other = here.value[code], there.value[code]
            row = here.row[code]
            blame = ("此处与本表上下级科目之和不符，应为" + stated(other)) if here.breaks_sums(code) else \
                "两处必有一处有误"
            yield from self.unless_agreed(said.interval, other.interval, max(said.step, other.step), lambda: self.finding(
                _cell_span(row, said),
                f"{kind_name(here.table)}{_row_name(row)}为{stated(said)}，{_where(report, there.table, there.row[code])}"
                f"为{stated(other)}；两表合计相同（{kind_name(part.table)}是{kind_name(whole.table)}的一部分，"
                f"即没有其他资金），每一行都应相同，相差{money(abs(said.yuan - other.yuan), said)}，{blame}。",
                expected=stated(other), actual=stated(said),
                arithmetic=f"{stated(said)} − {stated(other)} = {money(said.yuan - other.yuan, said)}"))

    def _misprinted_total(self, whole: _Rows, part: _Rows):
        """Two tables with the same 类 rows, equal row by row, whose 合计 differ: the 合计
        that is not the sum of its 类 is the misprinted one."""
        w, p = whole.classes(), part.classes()
        if not w or w.keys() != p.keys() or any(_differs(w[c], [p[c]]) for c in w):
            return
        broken = [t for t in (whole, part) if t.total is not None and _differs(t.total, list(t.classes().values()))]
        if len(broken) != 1 or broken[0].total_row is None:
            return
        here = broken[0]
        there = part if here is whole else whole
        said = here.total
        s = sum((a.yuan for a in here.classes().values()), Decimal(0))
        yield self.finding(
            _cell_span(here.total_row, said),
            f"{kind_name(here.table)}合计为{stated(said)}，而本表各类合计{money(s, said)}；"
            f"{kind_name(there.table)}各类与本表逐行相同，其合计即为{money(s, said)}。合计应为{money(s, said)}。",
            expected=money(s, said), actual=stated(said),
            arithmetic=f"{' + '.join(stated(a) for a in here.classes().values())} = {money(s, said)} ≠ {stated(said)}")

