"""A table cell that its own table's sums and another statement of it both contradict.

A sum that does not hold says only that one of its cells is wrong; a figure stated
twice with two values says only that one of the two is wrong.  When the cell of a
broken sum is also stated elsewhere with another value — in the narrative, as another
table's figure of the same key, or as another table's row of the same 科目 code or 总表
item (not a table the other is part of: JS-R222 compares those) — and that other value is exactly
the one the sum calls for at the cell (its row's 合计 less the other parts, its upper
科目 less its siblings, a 总表's 小计 less the other items), two independent witnesses
agree against the cell: the cell is the wrong one, and the finding stands on it.  The
sum's rule reports the broken sum at its total and the consistency rule the other
statement; this one names the cell.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Iterator

from ..extract.tables import kind_name, main_column, strip_label
from ..interval import Interval, Verdict, compare, total
from ..model import Amount, Figure, Report, StandardTable, TableRow
from .base import Rule, Skip, money, place, rule, stated
from .consistency import restated
from .cross_footing import _Column, _minus, _sum, _value, cell_name
from .hierarchy import unit_slip
from .tables import row_sum_groups, side_sums
from .twin_tables import TWINS

ZERO = Interval.exact(Decimal(0))
_SUMMARIES = ("summary", "fiscal_summary")

Need = tuple[Interval, Decimal, str]      # the value a sum calls for at a cell, and how it is computed


def _printed_or_zero(row: TableRow, i: int) -> tuple[Interval, Decimal]:
    a = row.values[i] if i < len(row.values) else None
    return (a.interval, a.yuan) if a is not None else (ZERO, Decimal(0))


def _row_needs(t: StandardTable, row: TableRow, i: int) -> Iterator[Need]:
    """What the row's sums (合计 = 分项) call for at column ``i``."""
    for total_i, parts, complete in row_sum_groups(t, row.pane):
        part_cols = [j for _, j in parts]
        if not complete or (i != total_i and i not in part_cols):
            continue
        cells = {j: _value(t, row, j) for j in part_cols}
        if i == total_i:
            need = _sum(cells.values())
            how = "本行各分项之和"
        else:
            need = _minus(_value(t, row, total_i), [v for j, v in cells.items() if j != i])
            how = "本行合计减其他分项"
        if need is not None:
            yield need[0], need[1], how


def _side_needs(t: StandardTable, row: TableRow, i: int) -> Iterator[Need]:
    """What the sums down a 总表's sides (小计 = 各项 …) call for at ``row``."""
    for head, parts, _ in side_sums(t):
        if i >= len(head.values) or any(i >= len(r.values) for r in parts):
            continue
        cells = [_printed_or_zero(r, i) for r in parts]
        if row is head:
            yield total(c[0] for c in cells), sum((c[1] for c in cells), Decimal(0)), f"{head.name}所列各项之和"
        elif any(r is row for r in parts) and head.values[i] is not None:
            others = [c for r, c in zip(parts, cells) if r is not row]
            whole = head.values[i]
            yield (whole.interval - total(c[0] for c in others), whole.yuan - sum((c[1] for c in others), Decimal(0)),
                   f"{head.name}减其他各项")


class _Cells:
    """Each amount cell of the report's tables, by its span, with the sums it takes part in
    and the other statements of it: the figure of the same key stated elsewhere, and in its
    table's amount column, the row of the same 科目 code (or 总表 item) in another table."""

    def __init__(self, report: Report):
        self.at: dict[tuple[int, int], tuple[StandardTable, TableRow, int, str | None]] = {}
        self.columns: dict[int, _Column] = {}
        self.by_item: dict[str, list[tuple[StandardTable, Amount]]] = defaultdict(list)
        for t in report.tables:
            if not (t.read and t.complete) or t.is_empty:
                continue
            mains: dict[int, int | None] = {}
            for row in t.rows:
                if row.pane not in mains:
                    mains[row.pane] = main_column(t, row.pane)
                m = mains[row.pane]
                main = row.values[m] if m is not None and m < len(row.values) else None
                item = _item(t, row) if main is not None else None
                for i, a in enumerate(row.values):
                    if a is not None:
                        self.at[(a.span.start, a.span.end)] = (t, row, i, item if a is main else None)
                if item:
                    self.by_item[item].append((t, main))
        self.stated: dict[tuple[int, int], list[tuple[Amount, str]]] = defaultdict(list)
        by_key: dict[str, list[Figure]] = defaultdict(list)
        for f in report.figures_list:
            if f.key:
                by_key[f.key].append(f)
        for figs in by_key.values():
            for f in figs:
                if f.source == "table":
                    self.stated[(f.amount.span.start, f.amount.span.end)] += [
                        (g.amount, "表中" if g.source == "table" else "说明中") for g in figs if g is not f]

    def candidates(self) -> Iterator[tuple[StandardTable, TableRow, int, str | None]]:
        """The cells that can have another statement: stated elsewhere under a key, or the
        amount column of a row with a 科目 code or 总表 item."""
        for span, cell in self.at.items():
            if cell[3] or span in self.stated:
                yield cell

    def witnesses(self, t: StandardTable, item: str | None, said: Amount) -> list[tuple[Amount, str]]:
        """The other statements of the cell that give another value, with where they stand
        (``item``: what the cell is the amount of, when it is its row's amount column)."""
        others = list(self.stated.get((said.span.start, said.span.end), ()))
        if item:
            others += [(a, kind_name(other)) for other, a in self.by_item[item]
                       if other is not t and other.phase == t.phase and not _twins(t, other)]
        return [(a, where) for a, where in others if _differs(said, a)]

    def needs(self, t: StandardTable, row: TableRow, i: int) -> Iterator[Need]:
        yield from _row_needs(t, row, i)
        if t.panes == 1:
            column = self.columns.setdefault(id(t), _Column(t))
            for need in column.needs(row, i):
                if need is not None:
                    yield need[0], need[1], "本栏上下级科目之和"
        if t.kind in _SUMMARIES:
            yield from _side_needs(t, row, i)


def _item(t: StandardTable, row: TableRow) -> str | None:
    """What a row is the amount of, across tables: its 科目 code, or in a 总表 the item its
    label names without its number ("三、单位预留机动经费")."""
    if row.code:
        return row.code
    return "总表:" + strip_label(row.name)[0] if t.kind in _SUMMARIES and row.ordinal else None


def _twins(a: StandardTable, b: StandardTable) -> bool:
    """One table is a part of the other (JS-R222 compares their rows)."""
    return (a.kind, b.kind) in TWINS or (b.kind, a.kind) in TWINS


def _differs(a: Amount, b: Amount) -> bool:
    return restated(a, b) is Verdict.DIFFER and not unit_slip(a, b.yuan) and not unit_slip(b, a.yuan)


@rule
class CellContradictedTwice(Rule):
    """表中一格使本表某一合计不成立（本行合计与分项、上级科目与下级之和、总表小计与各项），而说明或另一张表所写的同一数字（同一项目，或金额栏中同一科目编码、同一总表项目的行）恰是使该合计成立的数时，错的是表中这一格：报在该格，并给出合计与另一处共同得出的数。按舍入区间比较：该格须与合计所需确有不符（超出尾差），另一处须在舍入范围内等于合计所需。
    错误示例：“三公”经费预算表一行 "767.60 | 192.25 | 183.60 | 384.75"（小计 767.60 ≠ 192.25 + 183.60 + 384.75），
    说明写“因公出国（境）费预算支出199.25万元”：表中 192.25 应为 199.25。
    正确示例：表中印 199.25，与说明及小计都相符。"""

    id = "JS-R219"
    family = "tables"
    title = "表中一格与本表合计及另一处所写都不符"

    def check(self, report: Report):
        cells = _Cells(report)
        doc = report.document
        checked = False
        for (t, row, i, item) in cells.candidates():
            said = row.values[i]
            others = cells.witnesses(t, item, said)
            if not others:
                continue
            checked = True
            found = self._witnessed(said, others, cells.needs(t, row, i))
            if found is None:
                continue
            yuan, how, (witness, where) = found
            yield self.finding(
                said.span,
                f"{cell_name(t, row, i)}为{stated(said)}，而{where}"
                f"（{place(doc, witness.span.start)}）写{stated(witness)}；按{how}，此格应为{money(yuan, said)}，"
                f"与{where}所写相符，表中此格有误。",
                expected=money(yuan, said), actual=stated(said),
                arithmetic=f"{how} = {money(yuan, said)}；{where}：{stated(witness)}；表中 {stated(said)}")
        if not checked:
            raise Skip("没有在说明或另一张表中写作另一数值的表中数字")

    @staticmethod
    def _witnessed(said: Amount, others: list[tuple[Amount, str]], needs: Iterator[Need]):
        """The first sum the cell breaks whose called-for value another statement gives."""
        for need, yuan, how in needs:
            for other in others:
                step = max(said.step, other[0].step)
                if compare(said.interval, need, step) is Verdict.DIFFER \
                        and compare(other[0].interval, need, step) is not Verdict.DIFFER:
                    return yuan, how, other
        return None
