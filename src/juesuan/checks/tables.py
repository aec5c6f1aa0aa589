"""Tables: the arithmetic inside the nine standard tables and between them.

Reads ``report.tables`` (see :mod:`juesuan.extract.tables`).  Inside a table:
every row's 合计 equals its parts (合计 = 基本支出 + 项目支出 …), the 合计 row
equals the sum of the 类 rows, each 总表 side adds up (本年收入合计 = Σ 收入项,
总计 = 本年合计 + 结余/结转) and balances (收入总计 = 支出总计), a 政府性基金 row
carries over (年末 = 年初 + 收入 − 支出).  Between tables: the same 类 in the
总表 and the 支出决算表, the 财政拨款总表's columns and their own tables, no
财政拨款 line above the 支出决算表's line, the 基本支出 of the 一般公共预算 table
and the 基本支出表.  Between a table and the narrative: each 类/款/项 the
narrative states.  (类 = Σ 款 = Σ 项 in the 决算/基本/项目 columns is JS-R201's,
fed by the tables' line items; a table figure stated again in the narrative
is JS-R501's, fed by the tables' figures.)

An empty cell counts as 0 in a row that prints other amounts; a row that
prints nothing is not checked, nor is an empty table (空表).  Every
comparison goes through :func:`juesuan.interval.compare`; a gap that
rounding explains is information, not an error.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from ..catalog import normalize as class_name_norm
from ..document import Span
from ..extract.tables import (ECONOMIC_KINDS, FUNCTIONAL_KINDS, LINE_COLUMNS, column_index, kind_name,
                              lexicon, main_column, norm, ordinal_style, row_entry, strip_label)
from ..interval import Interval, total
from ..model import Amount, Report, StandardTable, TableRow
from .base import Rule, Skip, money, place, rule, stated

ZERO = Interval.exact(Decimal(0))


def _tables(report: Report, kinds=None) -> list[StandardTable]:
    return [t for t in report.tables if not t.is_empty and t.complete and (kinds is None or t.kind in kinds)]


def _name(t: StandardTable) -> str:
    return kind_name(t)


def _row_name(row: TableRow) -> str:
    return f"“{row.name}”" + (f"（{row.code}）" if row.code and row.code not in row.name else "")


def _where(report: Report, t: StandardTable, row: TableRow) -> str:
    doc = report.document
    return f"{_name(t)}{_row_name(row)}行（{place(doc, row.span.start, page=True)}）"


def _parts_total(stated_amount: Amount, parts: list[Amount | None]) -> tuple[Interval, Decimal, Decimal] | None:
    """The parts' sum as an interval, the step to compare it with the stated total at,
    and the sum of the printed parts (None parts are printed empty: 0); None when the sum's
    interval overlaps the stated total's (they agree at any step: nothing to report)."""
    printed = [p for p in parts if p is not None]
    computed = total(p.interval for p in printed)
    if computed.gap(stated_amount.interval) == 0:
        return None
    step = max([stated_amount.step] + [p.step for p in printed])
    return computed, step, sum((p.yuan for p in printed), Decimal(0))


def _terms(parts: list[Amount | None]) -> str:
    return " + ".join(stated(p) if p is not None else "0（空）" for p in parts)


def _sum_fields(said: Amount, parts: list[Amount | None], s: Decimal) -> dict[str, str]:
    """expected/actual/arithmetic of a total that is not the sum ``s`` of its parts."""
    return dict(expected=money(s, said), actual=stated(said),
                arithmetic=f"{_terms(parts)} = {money(s, said)} ≠ {stated(said)}")


def _equal_fields(said: Amount, ref: Amount) -> dict[str, str]:
    """expected/actual/arithmetic of an amount that should equal ``ref``."""
    return dict(expected=stated(ref), actual=stated(said),
                arithmetic=f"{stated(said)} − {stated(ref)} = {money(said.yuan - ref.yuan, said)}")


def _cell_span(row: TableRow, a: Amount) -> Span:
    """The row from its label to the cell: what a reader looks at."""
    return Span(min(row.span.start, a.span.start), a.span.end)


def _cells_span(row: TableRow, cells: list[Amount | None]) -> Span:
    """The row from its label to the last of ``cells``: a row's sum that does not hold is
    broken at one of its cells, and the place shows them all."""
    printed = [a for a in cells if a is not None]
    return Span(min(row.span.start, *(a.span.start for a in printed)), max(a.span.end for a in printed))


# ---- inside a row ---------------------------------------------------------

def row_sum_groups(t: StandardTable, pane: int):
    """(total column, [(part concept, part column)], complete) for each sum in a pane's header.

    Columns sharing a header path (and phase) are siblings; the one named 合计/小计
    is their total.  A sibling with sub-columns counts by its own 小计; a sibling
    whose sub-columns have no 小计, or one the lexicon does not know, makes the sum
    incomplete (then only parts exceeding the total are reported).
    """
    cols = t.pane(pane)
    groups: dict[tuple, dict[str, int]] = defaultdict(dict)
    for i, c in enumerate(cols):
        if c.concepts:
            groups[(c.concepts[:-1], c.phase)][c.concepts[-1]] = i
    out = []
    for (prefix, phase), members in groups.items():
        if "total" not in members:
            continue
        parts = {x: i for x, i in members.items() if x != "total"}
        deeper = {c.concepts[len(prefix)] for c in cols
                  if c.phase == phase and len(c.concepts) > len(prefix) + 1 and c.concepts[:len(prefix)] == prefix}
        missing = False
        for x in deeper - set(parts):
            sub = groups.get((prefix + (x,), phase), {})
            if "total" in sub:
                parts[x] = sub["total"]
            else:
                missing = True           # a part split into sub-columns without a 小计
        if not parts:
            continue
        for tot, names in lexicon().row_sums:
            if tot == "total" and set(parts) <= set(names):
                out.append((members["total"], sorted(parts.items(), key=lambda kv: kv[1]), not missing))
                break
        else:
            # Parts of one known sum, the one most of them belong to: a 合计 beside the
            # “三公” columns and 会议费/培训费 may total either (provinces differ).
            known = max((set(parts) & set(names) for _, names in lexicon().row_sums), key=len, default=set())
            if known:
                out.append((members["total"], sorted(((x, parts[x]) for x in known), key=lambda kv: kv[1]), False))
    return out


@rule
class TableRowSum(Rule):
    """表中每一行的合计栏应等于其所合计各栏之和：本年支出合计 = 基本支出 + 项目支出 + 上缴上级支出 + 经营支出 + 对附属单位补助支出；
    本年收入合计 = 财政拨款收入 + 上级补助收入 + 事业收入 + 经营收入 + 附属单位上缴收入 + 其他收入；
    财政拨款总表的合计 = 一般公共预算 + 政府性基金 + 国有资本经营；
    “三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费（小计 = 购置费 + 运行维护费），预算数和决算数均如此。
    该行有其他金额时空格按0计。按舍入区间比较，末位尾差为提示，其余为错误。
    错误示例：一行 "201 一般公共服务支出 69,335,999.46 | 39,340,773.16 | 29,995,262.30"（分项合计为 69,336,035.46）。
    正确示例："… 69,335,999.46 | 39,340,773.16 | 29,995,226.30"。"""

    id = "JS-R210"
    family = "tables"
    title = "表内合计列与分项列之和不符"

    def check(self, report: Report):
        tables = _tables(report)
        if not tables:
            raise Skip("没有读出标准决算表")
        ran = False
        for t in tables:
            for pane in range(t.panes):
                cols = t.pane(pane)
                for total_i, parts, complete in row_sum_groups(t, pane):
                    ran = True
                    for row in t.rows:
                        if row.pane != pane:
                            continue
                        tot = row.values[total_i]
                        values = [row.values[i] for _, i in parts]
                        if tot is None or all(v is None for v in values):
                            continue
                        summed = _parts_total(tot, values)
                        if summed is None:
                            continue
                        computed, step, s = summed
                        if not complete and s <= tot.yuan:
                            continue      # an incomplete sum proves only parts exceeding the total
                        names = "、".join(cols[i].label.split("/")[-1] for (_, i), v in zip(parts, values)
                                         if v is not None)
                        yield from self.unless_agreed(tot.interval, computed, step, lambda: self.finding(
                            _cells_span(row, [tot, *values]),
                            f"{_name(t)}{_row_name(row)}行：“{cols[total_i].label.replace('/', '')}”"
                            f"{stated(tot)}，而{names}合计{money(s, tot)}，相差{money(abs(s - tot.yuan), tot)}。",
                            **_sum_fields(tot, values, s)))
        if not ran:
            raise Skip("表中没有“合计 = 分项”的列")


# ---- down a column --------------------------------------------------------

def _line_attr(t: StandardTable, pane: int) -> dict[int, str]:
    """Which value columns are also line-item columns (checked by JS-R201)."""
    out = {}
    for attr, spec in LINE_COLUMNS.items():
        i = column_index(t, pane, *spec)
        if i is not None:
            out.setdefault(i, attr)
    return out


def _children(rows: list[TableRow]) -> dict[str, list[TableRow]]:
    """The coded rows under each code, one level down (its code and two more digits)."""
    out: dict[str, list[TableRow]] = defaultdict(list)
    for r in rows:
        if r.code:
            out[r.code[:-2]].append(r)
    return out


def _printed(row: TableRow) -> bool:
    return any(v is not None for v in row.values)


def _main_value(t: StandardTable, row: TableRow) -> Amount | None:
    i = main_column(t, row.pane)
    return row.values[i] if i is not None and i < len(row.values) else None


def _zero_when_empty(t: StandardTable, row: TableRow, i: int) -> bool:
    """An empty cell is 0 when its row prints an amount beside its total column
    (基本支出 empty beside 项目支出 printed); a row printing only its total is not
    broken down, and its empty cells say nothing."""
    main = main_column(t, row.pane)
    return any(v is not None for j, v in enumerate(row.values) if j != main and j != i)


@rule
class TableColumnSum(Rule):
    """分类表的每一栏，合计行应等于各类行之和；
    在 JS-R201 不检查的栏（财政拨款收入、事业收入……，以及下级行在有其他金额时该格为空即为0的情形）中，
    每个类应等于其款之和，每个款应等于其项之和。基本支出表中，人员经费合计 + 公用经费合计（或其合计）应等于各类行之和。
    按舍入区间比较，末位尾差为提示，其余为错误。
    错误示例：合计 180,567,629.26，而各类行合计为 180,576,629.26。
    正确示例：各类行合计等于合计行。"""

    id = "JS-R211"
    family = "tables"
    title = "表内合计行与明细行之和不符"

    def check(self, report: Report):
        tables = _tables(report, FUNCTIONAL_KINDS + ECONOMIC_KINDS)
        if not tables:
            raise Skip("没有读出按科目分类的决算表")
        for t in tables:
            rows = [r for r in t.rows if r.pane == 0] if t.panes == 1 else list(t.rows)
            classes = [r for r in t.rows if r.level == "类"]
            width = len(t.pane(0))
            for tot_row in (r for r in t.rows if r.level == "合计"):
                if t.panes == 1:
                    yield from self._sum(report, t, tot_row, classes, range(width), "类")
            if t.kind in ECONOMIC_KINDS:
                yield from self._subtotals(report, t, classes)
            if t.panes == 1:
                attrs = _line_attr(t, 0)
                children = _children(rows)
                for parent in (r for r in rows if r.code and len(r.code) < 7):
                    kids = children.get(parent.code, [])
                    if not kids or not _printed(parent):
                        continue
                    for i in range(width):
                        covered = i in attrs and parent.values[i] is not None and all(
                            k.values[i] is not None for k in kids)
                        if not covered:
                            yield from self._sum(report, t, parent, kids, [i], "下级科目")

    def _sum(self, report, t, parent: TableRow, kids: list[TableRow], columns, what: str):
        cols = t.pane(parent.pane)
        for i in columns:
            p = parent.values[i]
            values = [k.values[i] for k in kids]
            if p is None or all(v is None for v in values) or not kids:
                continue
            if any(v is None and not _zero_when_empty(t, k, i) for k, v in zip(kids, values)):
                continue                  # a row that prints only its total: not broken down
            summed = _parts_total(p, values)
            if summed is None:
                continue
            computed, step, s = summed
            col = cols[i].label.replace("/", "")
            yield from self.unless_agreed(p.interval, computed, step, lambda: self.finding(
                _cell_span(parent, p),
                f"{_name(t)}{_row_name(parent)}行“{col}”为{stated(p)}，而其{what}（{len(kids)}行）合计"
                f"{money(s, p)}，相差{money(abs(s - p.yuan), p)}。",
                **_sum_fields(p, values, s)))

    def _subtotals(self, report, t, classes):
        lex = lexicon()
        if t.panes > 1:               # a 合计 row of a two-sided table totals both sides
            for tot in (r for r in t.rows if r.level == "合计"):
                yield from self._totals(t, [tot], classes, tot.name)
        subs = [r for r in t.rows if norm(r.name) in lex.subtotal_rows]
        if len(subs) >= 2 and classes:
            yield from self._totals(t, subs, classes, "＋".join(r.name for r in subs))

    def _totals(self, t, subs, classes, names):
        amounts = [_main_value(t, r) for r in subs]
        parts = [_main_value(t, r) for r in classes]
        if any(a is None for a in amounts) or all(p is None for p in parts):
            return
        s_sub = sum(a.yuan for a in amounts)
        iv_sub = total(a.interval for a in amounts)
        printed = [p for p in parts if p is not None]
        s_cls = sum(p.yuan for p in printed)
        step = max(a.step for a in amounts + printed)
        like = amounts[0]
        yield from self.unless_agreed(iv_sub, total(p.interval for p in printed), step, lambda: self.finding(
            subs[0].span.cover(subs[-1].span),
            f"{_name(t)}：{names}为{money(s_sub, like)}，而各类（{'、'.join(r.name for r in classes)}）合计"
            f"{money(s_cls, like)}，相差{money(abs(s_sub - s_cls), like)}。",
            expected=money(s_cls, like), actual=money(s_sub, like),
            arithmetic=f"{' + '.join(stated(a) for a in amounts)} = {money(s_sub, like)}；"
                       f"{_terms(parts)} = {money(s_cls, like)}"))


# ---- the two sides of a 总表 ---------------------------------------------

def _side(t: StandardTable, pane: int):
    """(items, subtotal, adjustments, total, incomplete) rows of one side of a 总表."""
    rows = [r for r in t.rows if r.pane == pane and (r.name or _printed(r))]
    roles = [(r, (row_entry(t, r) or {}).get("role", "item")) for r in rows]
    sub_i = next((i for i, (_, role) in enumerate(roles) if role == "subtotal"), None)
    tot_i = next((i for i, (_, role) in enumerate(roles) if role == "total"), None)
    before = [r for r, _ in roles[:sub_i]] if sub_i is not None else []
    style = next((ordinal_style(r.name) for r in before if r.ordinal and not r.sub), None)
    items = [r for r in before if style and ordinal_style(r.name) == style and not r.sub]
    adjustments, unknown, groups = [], False, []
    if sub_i is not None and tot_i is not None and sub_i < tot_i:
        for r, role in roles[sub_i + 1:tot_i]:
            if role == "adjustment" and not r.ordinal:
                adjustments.append(r)
                groups.append((r, []))
            elif r.ordinal and groups:
                groups[-1][1].append(r)
            elif r.name and not r.sub:
                unknown = True
    subtotal = roles[sub_i][0] if sub_i is not None else None
    grand = roles[tot_i][0] if tot_i is not None else None
    return items, subtotal, adjustments, grand, unknown, groups


def side_sums(t: StandardTable) -> list[tuple[TableRow, list[TableRow], str]]:
    """(row, the rows it adds, how a message names them) for each sum down the sides of a
    总表: 小计 = the numbered items, 总计 = 小计 + its adjustments, an item = the items
    nested under it, 总计 = the numbered items of a side that prints only these and its
    总计; and in a 总表 of three sides (收入 | 支出 by function | 支出 by
    economic class: 基本支出, 项目支出 …), the third side's items, which have no 小计 of
    their own, add up to the expenditure side's 小计."""
    sums = []
    for pane in range(t.panes):
        items, subtotal, adjustments, grand, unknown, groups = _side(t, pane)
        if subtotal is not None and items:
            sums.append((subtotal, items, "所列各项"))
        if grand is not None and subtotal is not None and not unknown:
            sums.append((grand, [subtotal] + adjustments, "、".join(_row_name(r) for r in [subtotal] + adjustments)))
        sums += [(head, subrows, "其下各项") for head, subrows in groups if len(subrows) >= 2]
        if subtotal is None and grand is not None:
            numbered = _numbered(t, pane, grand)
            if len(numbered) >= 2:
                sums.append((grand, numbered, "、".join(_row_name(r) for r in numbered)))
        if pane >= 2 and subtotal is None and grand is None:
            numbered = _numbered(t, pane)
            spent = _side(t, 1)[1]
            if spent is not None and len(numbered) >= 2 and len(t.pane(pane)) == len(t.pane(1)):
                sums.append((spent, numbered, "、".join(_row_name(r) for r in numbered)))
    return sums


def _numbered(t: StandardTable, pane: int, grand: TableRow | None = None) -> list[TableRow]:
    """The numbered rows (一、二、…) of a side that prints no 小计 row, when every row it
    prints but its 总计 is one of them."""
    rows = [r for r in t.rows if r.pane == pane and (r.name or _printed(r)) and r is not grand]
    style = next((ordinal_style(r.name) for r in rows if r.ordinal and not r.sub), None)
    items = [r for r in rows if style and r.ordinal and not r.sub and ordinal_style(r.name) == style]
    return items if len(items) == len(rows) else []


@rule
class SummaryTableBalance(Rule):
    """收入支出决算总表和财政拨款收入支出决算总表的每一方、每一栏都应合计相符：本年收入合计 = 各编号收入行（一、…八、）之和，
    本年支出合计 = 各编号支出行之和；
    收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余，
    支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余（年初财政拨款结转和结余 = 其一般公共预算 + 政府性基金 + 国有资本经营各行）；
    两个总计相等。按舍入区间比较，末位尾差为提示，其余为错误。
    错误示例：收入总计 184,258,110.99，本年收入合计 184,129,842.39，
    年初结转和结余 128,378.60（合计 184,258,220.99）。
    正确示例：收入总计 184,258,220.99 = 支出总计。"""

    id = "JS-R212"
    family = "tables"
    title = "决算总表收支不平衡"

    def check(self, report: Report):
        tables = _tables(report, ("summary", "fiscal_summary"))
        if not tables:
            raise Skip("没有读出收入支出决算总表或财政拨款收入支出决算总表")
        for t in tables:
            for head, parts, what in side_sums(t):
                yield from self._sum(t, head, parts, what)
            grands = {pane: _side(t, pane)[3] for pane in range(t.panes)}
            grands = {pane: grand for pane, grand in grands.items() if grand is not None}
            if len(grands) == 2:
                yield from self._balance(t, grands[0], grands[1])

    def _sum(self, t, head: TableRow, parts: list[TableRow], what: str):
        cols = t.pane(head.pane)
        width = len(cols)
        for i in range(width):
            p = head.values[i]
            values = [r.values[i] for r in parts]
            if p is None or all(v is None for v in values):
                continue
            summed = _parts_total(p, values)
            if summed is None:
                continue
            computed, step, s = summed
            col = cols[i].label.replace("/", "") if width > 1 else ""
            yield from self.unless_agreed(p.interval, computed, step, lambda: self.finding(
                _cell_span(head, p),
                f"{_name(t)}{_row_name(head)}{col}为{stated(p)}，而{what}合计{money(s, p)}，"
                f"相差{money(abs(s - p.yuan), p)}。",
                **_sum_fields(p, values, s)))

    def _balance(self, t, left: TableRow, right: TableRow):
        a = left.values[main_column(t, 0)] if t.pane(0) else None
        b = right.values[main_column(t, 1)] if t.pane(1) else None
        if a is None or b is None:
            return
        yield from self.unless_agreed(a.interval, b.interval, max(a.step, b.step), lambda: self.finding(
            Span(left.span.start, a.span.end).cover(Span(right.span.start, b.span.end)),
            f"{_name(t)}收入方“总计”{stated(a)}与支出方“总计”{stated(b)}应当相等，"
            f"相差{money(abs(a.yuan - b.yuan), a)}。",
            **_equal_fields(a, b)))


@rule
class FundCarryOver(Rule):
    """政府性基金和国有资本经营预算财政拨款收入支出决算表中，每一行都应衔接：年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出。
    按舍入区间比较，不符为错误。
    错误示例：年初 10.00，收入 50.00，支出 45.00，年末 10.00（应为 15.00）。
    正确示例：年末 15.00。"""

    id = "JS-R213"
    family = "tables"
    title = "年末结转和结余与年初、收入、支出不符"

    def check(self, report: Report):
        tables = _tables(report, ("fund", "soe"))
        if not tables:
            raise Skip("没有有数据的政府性基金或国有资本经营预算财政拨款收入支出决算表")
        for t in tables:
            idx = [column_index(t, 0, c) for c in ([("carryover_begin",)], [("income",)],
                                                    [("expenditure", "total"), ("expenditure",)],
                                                    [("carryover_end",)])]
            if any(i is None for i in idx):
                continue
            for row in t.rows:
                vals = [row.values[i] for i in idx]
                if vals[3] is None or all(v is None for v in vals[:3]):
                    continue
                computed = (vals[0].interval if vals[0] else ZERO) + (vals[1].interval if vals[1] else ZERO) \
                    - (vals[2].interval if vals[2] else ZERO)
                e = vals[3]
                step = max(v.step for v in vals if v is not None)
                s = sum((v.yuan * k for v, k in zip(vals[:3], (1, 1, -1)) if v is not None), Decimal(0))
                yield from self.unless_agreed(e.interval, computed, step, lambda: self.finding(
                    _cell_span(row, e),
                    f"{_name(t)}{_row_name(row)}行：年末结转和结余{stated(e)}，而年初结转和结余 + 本年收入 − "
                    f"本年支出 = {money(s, e)}，相差{money(abs(s - e.yuan), e)}。",
                    expected=money(s, e), actual=stated(e),
                    arithmetic=f"{_terms(vals[:2])} − {_terms(vals[2:3])} = {money(s, e)} ≠ {stated(e)}"))


# ---- between tables -------------------------------------------------------

def _class_rows(t: StandardTable, pane: int) -> dict[str, TableRow]:
    return {r.code: r for r in t.rows if r.pane == pane and r.level == "类" and r.code}


def _coded_rows(t: StandardTable) -> dict[str, TableRow]:
    return {r.code: r for r in t.rows if r.code}


def _first(tables, kind):
    return next((t for t in tables if t.kind == kind), None)


def unit_slip(a: Amount, yuan: Decimal) -> bool:
    """The hierarchy rules' test for an amount printed in the wrong unit (imported late:
    this module registers its rules before the hierarchy module's)."""
    from .hierarchy import unit_slip as slip
    return slip(a, yuan)


def _comparable(a: StandardTable, b: StandardTable) -> bool:
    """False when one table's unit is only assumed and the two units differ."""
    return a.unit == b.unit or "assumed" not in (a.unit_source, b.unit_source)


@rule
class TablesAgree(Rule):
    """各表对同一金额的陈述应一致：收入支出决算总表的每个类等于支出决算表中该类；
    财政拨款收入支出决算总表一般公共预算/政府性基金/国有资本经营各栏的每个类，等于一般公共预算财政拨款支出决算表/政府性基金/国有资本经营表中该类；
    财政拨款各表的类/款/项不超过支出决算表同一行（财政拨款是全部资金的一部分）；一般公共预算财政拨款支出决算表的基本支出等于基本支出决算表的合计。
    按舍入区间比较，不符为错误。
    错误示例：卫生健康支出在支出决算表为 2.71，在总表为 2.17。
    正确示例：两表均为 2.71。"""

    id = "JS-R220"
    family = "tables"
    title = "表与表之间数字不一致"

    def check(self, report: Report):
        tables = _tables(report)
        kinds = {t.kind for t in tables}
        pairs = [("summary", "expenditure"), ("fiscal_summary", "general_expenditure"),
                 ("fiscal_summary", "fund"), ("fiscal_summary", "soe"), ("general_expenditure", "expenditure"),
                 ("fund", "expenditure"), ("soe", "expenditure"), ("general_expenditure", "general_basic")]
        if not any(a in kinds and b in kinds for a, b in pairs):
            raise Skip("没有可相互比对的两张标准决算表")
        exp = _first(tables, "expenditure")
        summary = _first(tables, "summary")
        if summary and exp and summary.panes == 2:
            yield from self._summary_classes(report, summary, exp)
        fiscal = _first(tables, "fiscal_summary")
        for kind, concept in (("general_expenditure", "general"), ("fund", "fund"), ("soe", "soe")):
            own = _first(tables, kind)
            if fiscal and own and fiscal.panes == 2:
                yield from self._fiscal_column(report, fiscal, concept, own)
        if exp:
            yield from self._within_all_funds(report, tables, exp)
        general = _first(tables, "general_expenditure")
        basic = _first(tables, "general_basic")
        if general and basic and _comparable(general, basic):
            yield from self._basic_total(report, general, basic)

    def _equal(self, report, t_ref, r_ref, a_ref: Amount, t, r, a: Amount, what: str):
        if not _comparable(t, t_ref) or unit_slip(a, a_ref.yuan):
            return
        yield from self.unless_agreed(a.interval, a_ref.interval, max(a.step, a_ref.step), lambda: self.finding(
            _cell_span(r, a),
            f"{_name(t)}{_row_name(r)}{what}为{stated(a)}，{_where(report, t_ref, r_ref)}为{stated(a_ref)}，"
            f"相差{money(abs(a.yuan - a_ref.yuan), a)}。",
            **_equal_fields(a, a_ref)))

    def _summary_classes(self, report, summary, exp):
        col = main_column(summary, 1)
        ecol = column_index(exp, 0, *LINE_COLUMNS["actual"])
        if col is None or ecol is None:
            return
        lines = _class_rows(exp, 0)
        for code, row in _class_rows(summary, 1).items():
            a = row.values[col]
            ref = lines.get(code)
            if a is None or ref is None or ref.values[ecol] is None:
                continue
            yield from self._equal(report, exp, ref, ref.values[ecol], summary, row, a, "")

    def _fiscal_column(self, report, fiscal, concept, own):
        col = column_index(fiscal, 1, [(concept,)])
        ocol = column_index(own, 0, *LINE_COLUMNS["actual"])
        if col is None or ocol is None:
            return
        lines = _class_rows(own, 0)
        label = fiscal.pane(1)[col].label
        for code, row in _class_rows(fiscal, 1).items():
            a = row.values[col]
            ref = lines.get(code)
            if a is None or ref is None or ref.values[ocol] is None:
                continue
            yield from self._equal(report, own, ref, ref.values[ocol], fiscal, row, a, f"“{label}”")

    def _within_all_funds(self, report, tables, exp):
        lines = _coded_rows(exp)
        for attr in ("actual", "basic", "project"):
            ecol = column_index(exp, 0, *LINE_COLUMNS[attr])
            if ecol is None:
                continue
            sums: dict[str, list[tuple[StandardTable, TableRow, Amount]]] = defaultdict(list)
            for t in tables:
                if t.kind not in ("general_expenditure", "fund", "soe") or not _comparable(t, exp):
                    continue
                col = column_index(t, 0, *LINE_COLUMNS[attr])
                if col is None:
                    continue
                for code, r in _coded_rows(t).items():
                    if r.values[col] is not None:
                        sums[code].append((t, r, r.values[col]))
            for code, parts in sums.items():
                ref = lines.get(code)
                e = ref.values[ecol] if ref else None
                if e is None and ref is not None and _printed(ref):
                    e = Amount(Decimal(0), parts[0][2].unit, parts[0][2].decimals, ref.span, "0（空）")
                if e is None:
                    continue
                iv = parts[0][2].interval if len(parts) == 1 else total(a.interval for _, _, a in parts)
                if iv.lo <= e.interval.hi:
                    continue
                step = max([e.step] + [a.step for _, _, a in parts])
                s = sum(a.yuan for _, _, a in parts)
                t0, r0, a0 = parts[0]
                names = "、".join(f"{_name(t)}{stated(a)}" for t, _, a in parts)
                col_name = exp.pane(0)[ecol].label.replace("/", "")
                yield from self.unless_agreed(e.interval, iv, step, lambda: self.finding(
                    _cell_span(r0, a0),
                    f"{_row_name(r0)}“{col_name}”：财政拨款（{names}）超过了{_where(report, exp, ref)}的"
                    f"{stated(e)}，财政拨款支出是全部支出的一部分，不能更大。",
                    expected=f"≤ {stated(e)}", actual=money(s, a0),
                    arithmetic=f"{' + '.join(stated(a) for _, _, a in parts)} = {money(s, a0)} > {stated(e)}"))

    def _basic_total(self, report, general, basic):
        bcol = column_index(general, 0, *LINE_COLUMNS["basic"])
        if bcol is None:
            return
        tot_row = next((r for r in general.rows if r.level == "合计"), None)
        if tot_row is None or tot_row.values[bcol] is None:
            return
        a = tot_row.values[bcol]
        lex = lexicon()
        explicit = next((r for r in basic.rows if r.level == "合计"), None)
        subs = [r for r in basic.rows if norm(r.name) in lex.subtotal_rows]
        if explicit is not None:
            rows = [explicit]
        elif len(subs) >= 2:
            rows = subs
        else:
            rows = [r for r in basic.rows if r.level == "类"]
        amounts = [_main_value(basic, r) for r in rows]
        printed = [x for x in amounts if x is not None]
        if not printed:
            return
        summed = _parts_total(a, amounts)
        if summed is None:
            return
        computed, step, s = summed
        what = "、".join(r.name for r in rows)
        yield from self.unless_agreed(a.interval, computed, step, lambda: self.finding(
            _cell_span(tot_row, a),
            f"{_name(general)}合计行“基本支出”为{stated(a)}，而{_name(basic)}（{what}）合计{money(s, a)}，"
            f"相差{money(abs(s - a.yuan), a)}。",
            **_sum_fields(a, amounts, s)))


# ---- a table and the narrative -------------------------------------------

NARRATIVE_TABLES = {"general": "general_expenditure", "fund": "fund", "soe": "soe"}


@rule
class NarrativeLinesMatchTables(Rule):
    """说明中所述每个类/款/项的金额（一般公共预算财政拨款支出按类及逐项、政府性基金、国有资本经营）应等于其表中该行（按编码核对，无编码时按表中唯一的名称核对）。
    按舍入区间比较，不符为错误。
    错误示例："行政运行（项）…支出决算为51.23万元"，
    而一般公共预算财政拨款支出决算表中 2013901 行政运行为 51.32。
    正确示例："…51.32万元"。"""

    id = "JS-R230"
    family = "tables"
    title = "说明中的科目金额与决算表不一致"

    def check(self, report: Report):
        by_kind = {t.kind: t for t in reversed(_tables(report)) if t.kind in NARRATIVE_TABLES.values()}
        narrative = [ln for ln in report.lines if ln.table.startswith(("narrative:", "overview:"))
                     and ln.actual is not None and NARRATIVE_TABLES.get(ln.table.split(":")[-1]) in by_kind]
        if not narrative:
            raise Skip("说明中没有可与决算表比对的科目金额")
        for ln in narrative:
            topic = ln.table.split(":")[-1]
            t = by_kind[NARRATIVE_TABLES[topic]]
            col = column_index(t, 0, *LINE_COLUMNS["actual"])
            row = self._match(t, ln)
            if row is None or col is None or row.values[col] is None:
                continue
            if ln.level == "类" and ln.code and topic == t.kind:
                continue                  # JS-R502 compares these (same table id)
            a, b = ln.actual, row.values[col]
            if unit_slip(a, b.yuan):
                continue                  # a unit slip: the units rule says so
            yield from self.unless_agreed(a.interval, b.interval, max(a.step, b.step), lambda: self.finding(
                ln.span,
                f"“{ln.name}”（{ln.level}）此处为{stated(a)}，{_where(report, t, row)}为{stated(b)}，"
                f"相差{money(abs(a.yuan - b.yuan), a)}。",
                **_equal_fields(a, b)))

    @staticmethod
    def _match(t: StandardTable, ln) -> TableRow | None:
        rows = [r for r in t.rows if r.pane == 0 and r.code]
        if ln.code:
            return next((r for r in rows if r.code == ln.code), None)
        want = class_name_norm(ln.name)
        found = [r for r in rows if r.level == ln.level and class_name_norm(_label(r)) == want]
        return found[0] if len(found) == 1 else None


def _label(row: TableRow) -> str:
    return strip_label(row.name)[0]
