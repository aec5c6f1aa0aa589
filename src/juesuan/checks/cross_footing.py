"""Cross-footing: the one cell that breaks both its row's sum and its column's.

A table that adds up across (合计 = 基本支出 + 项目支出 …) and down (类 = Σ款 = Σ项,
合计行 = Σ类) checks every cell twice.  When a row's sum and a column's sum are both
broken at the cell where they cross, and the one value that mends the row is the
value that mends the column, that cell is the wrong one: the finding stands on it
with the value both sums call for (the row and column rules report the two broken
sums at their totals).
"""

from __future__ import annotations

from decimal import Decimal

from ..interval import Interval, Verdict, compare, total
from ..model import Amount, Report, StandardTable, TableRow
from .base import Rule, Skip, money, rule, stated
from .tables import _children, _name, _row_name, _zero_when_empty, row_sum_groups

ZERO = Interval.exact(Decimal(0))


def _value(t: StandardTable, row: TableRow, i: int) -> tuple[Interval, Decimal] | None:
    """A cell as (interval, 元); an empty cell is 0 when its row prints other amounts."""
    a = row.values[i] if i < len(row.values) else None
    if a is not None:
        return a.interval, a.yuan
    return (ZERO, Decimal(0)) if _zero_when_empty(t, row, i) else None


def _sum(cells) -> tuple[Interval, Decimal] | None:
    if any(c is None for c in cells):
        return None
    return total(c[0] for c in cells), sum((c[1] for c in cells), Decimal(0))


def _minus(whole, others) -> tuple[Interval, Decimal] | None:
    rest = _sum(others)
    if whole is None or rest is None:
        return None
    return whole[0] - rest[0], whole[1] - rest[1]


class _Column:
    """What the rows above, below and beside a row say its cell in column ``i`` must be."""

    def __init__(self, t: StandardTable):
        self.t = t
        self.rows = [r for r in t.rows if r.pane == 0]
        self.kids = _children(self.rows)
        self.by_code = {r.code: r for r in self.rows if r.code}
        self.grand = next((r for r in self.rows if r.level == "合计"), None)
        self.classes = [r for r in self.rows if r.code and len(r.code) == 3]

    def needs(self, row: TableRow, i: int):
        """The values the column's sums call for at ``row``: the sum of its lower rows,
        its upper row less its siblings, for the 合计 row the sum of the 类."""
        def cell(r: TableRow):
            return _value(self.t, r, i)

        if row is self.grand and self.classes:
            yield _sum([cell(r) for r in self.classes])
            return
        if not row.code:
            return
        kids = self.kids.get(row.code, [])
        if kids:
            yield _sum([cell(k) for k in kids])
        parent = self.by_code.get(row.code[:-2]) if len(row.code) > 3 else self.grand
        siblings = self.kids.get(row.code[:-2], []) if len(row.code) > 3 else self.classes
        if parent is not None and row in siblings:
            yield _minus(cell(parent), [cell(s) for s in siblings if s is not row])


def cell_name(t: StandardTable, row: TableRow, i: int) -> str:
    """How a message names a cell: its table, its row (when the row has a label), its column."""
    column = t.pane(row.pane)[i].label.replace("/", "")
    return f"{_name(t)}{_row_name(row) + '行' if row.name else ''}“{column}”"


def _adds_up(t: StandardTable, row: TableRow, total_i: int, part_cols: list[int]) -> bool:
    """True when the row's total and the sum of its parts overlap (their intervals alone:
    as :func:`_value` reads the cells), which leaves nothing for the rule to say."""
    parts = [row.values[i].interval if i < len(row.values) and row.values[i] is not None
             else ZERO if _zero_when_empty(t, row, i) else None for i in part_cols]
    return None not in parts and row.values[total_i].interval.gap(total(parts)) == 0


def _agree(a: Interval, b: Interval, step: Decimal) -> bool:
    return compare(a, b, step) is not Verdict.DIFFER


@rule
class CrossFootLocatesCell(Rule):
    """表中一格同时使本行（合计 = 各分项）和本栏（上级科目 = 下级之和，合计行 = 各类之和）都不相加，且使两者都成立的是同一个数时，错的是这一格：报在该格，并给出两种算法共同得出的数。
    按舍入区间比较：两处之和都须确有不符（超出尾差），两种算法得出的数须在舍入范围内相同。
    错误示例：一行 "2120101 行政运行 71,441,338 | 71,441,335 | 0"（合计比基本支出、项目支出之和多 3），
    其上级 21201 的合计也比各项之和少 3：此格应为 71,441,335。
    正确示例：改正该格后行与栏都相符。"""

    id = "JS-R218"
    family = "tables"
    title = "表中一格与本行、本栏之和都不符"

    def check(self, report: Report):
        tables = [t for t in report.tables if t.complete and t.read and not t.is_empty and t.panes == 1]
        groups = [(t, total_i, [i for _, i in parts]) for t in tables
                  for total_i, parts, complete in row_sum_groups(t, 0) if complete]
        if not groups:
            raise Skip("没有既按行又按栏相加的表")
        for t, total_i, part_cols in groups:
            column = _Column(t)
            for row in column.rows:
                yield from self._row(t, column, row, total_i, part_cols)

    def _row(self, t: StandardTable, column: _Column, row: TableRow, total_i: int, part_cols: list[int]):
        if total_i < len(row.values) and (row.values[total_i] is None or _adds_up(t, row, total_i, part_cols)):
            return                        # (most rows: their 元 values are not worked out)
        tot = _value(t, row, total_i)
        parts = {i: _value(t, row, i) for i in part_cols}
        whole = _sum(parts.values())
        if tot is None or whole is None or row.values[total_i] is None or tot[0].gap(whole[0]) == 0:
            return                        # (overlapping intervals agree at any step)
        steps = [a.step for a in row.values if a is not None]
        step = max(steps)
        if _agree(tot[0], whole[0], step):
            return
        for i in [total_i, *part_cols]:
            said: Amount | None = row.values[i]
            if said is None:
                continue
            by_row = whole if i == total_i else _minus(tot, [v for j, v in parts.items() if j != i])
            for by_column in column.needs(row, i):
                if by_column is None or by_row is None or not _agree(by_column[0], by_row[0], step):
                    continue
                if _agree(said.interval, by_row[0], step) or _agree(said.interval, by_column[0], step):
                    continue      # the cell must break both sums: else another cell may be the wrong one
                value = by_row[1]
                yield self.finding(
                    said.span,
                    f"{cell_name(t, row, i)}为{stated(said)}：本行合计与分项、本栏上下级之和都不相符，"
                    f"两处算得此格都应为{money(value, said)}（相差{money(abs(said.yuan - value), said)}），"
                    f"改正此格后两处都相符。",
                    expected=money(value, said), actual=stated(said),
                    arithmetic=f"按行：{money(by_row[1], said)}；按栏：{money(by_column[1], said)}；"
                               f"文中 {stated(said)}")
                return
