"""A 部门预算's narrative 科目 statements against its tables.

The 预算说明 restates the 功能分类 lines of its tables as "1．检察（款）行政运行（项）支出
7968.14 万元", "3．住房保障（类）支出3301.2万元", "检察（款）: 2018 年预算支出合计 16,444.36
万元" or "“公共安全支出（类）其他公共安全支出（款）其他公共安全支出（项）”科目257.80万元":
a name with its level mark (or a numbered line opening with a 类 name of the catalog,
"2．社会保障和就业支出 1,836.22 万元"), then (after a few words: 支出, 预算, 合计, 科目, the year) the
amount.  The amount is this year's budget of that line, as one of the 功能分类 tables
(一般公共预算支出表, 财政拨款支出表, 支出预算总表) prints it in one of its this-year
columns (合计, 基本支出, 项目支出 …).  A statement that equals none of them disagrees
with every table that prints the line.  A statement outside the 财政拨款 sections may
give the line's amount over all funds, which these tables do not print when the unit
has other money: it is compared only when the unit's whole income is 财政拨款.
"""

from __future__ import annotations

import re

from ..catalog import class_code, loose
from ..document import Span
from ..extract.tables import main_column, strip_label
from ..interval import Verdict, compare
from ..model import Amount, Report, StandardTable, TableRow
from .base import Rule, Skip, money, rule, stated
from .hierarchy import unit_slip
from .tables import _where

ITEM_TABLES = ("general_expenditure", "fiscal_expenditure", "expenditure")
FISCAL_TOPICS = ("general", "fiscal")     # sections about 财政拨款 money only
_MARK = re.compile(r"[（(]\s*(类|款|项)\s*[）)]")
# between the level mark and the amount: quotes, 科目, the year, 预算/支出/合计/数/为
_FILLER = re.compile(r"[\s”\"：:]*(?:科目)?[\s：:]*(?:20\d\d\s*年度?)?\s*(?:预算)?\s*(?:支出)?\s*(?:预算)?\s*"
                     r"(?:合计|数)?\s*(?:为)?\s*[：:]?\s*")
_CLAUSE_START = re.compile(r"[，。；,;：:、]")
# "2．社会保障和就业支出 1,836.22 万元": a numbered line opening with a 类 name of the catalog
_NUMBERED_CLASS = re.compile(r"\s*(?:\d{1,2}\s*[、.．]|[一二三四五六七八九十]{1,3}\s*、|[（(][一二三四五六七八九十\d]{1,2}[)）])"
                             r"\s*([\u4e00-\u9fa5]{2,20}?)\s*(?:支出)?\s*(?:预算)?\s*(?:为)?\s*(?=\d)")


def _statements(report: Report):
    """(where it starts, name, level, parent name or None, amount) of each 科目 statement."""
    doc = report.document
    amounts = {a.span.start: a for a in report.amounts}
    for offset, line in doc.prose_lines():
        numbered = _NUMBERED_CLASS.match(line)
        if numbered and class_code(numbered.group(1)) and (amount := amounts.get(offset + numbered.end())):
            yield offset, numbered.group(1), "类", None, amount
        marks = list(_MARK.finditer(line))
        for i, m in enumerate(marks):
            filler = _FILLER.match(line, m.end())
            amount = amounts.get(offset + filler.end())
            if amount is None:
                continue
            prev = marks[i - 1] if i else None
            joined = prev is not None and not _CLAUSE_START.search(line, prev.end(), m.start())
            start = prev.end() if joined else max((c.end() for c in _CLAUSE_START.finditer(line, 0, m.start())),
                                                  default=0)
            parent = None
            if joined:
                before = max((c.end() for c in _CLAUSE_START.finditer(line, 0, prev.start())), default=0)
                gap = marks[i - 2].end() if i >= 2 and marks[i - 2].end() > before else before
                parent = line[gap:prev.start()]
            yield offset + start, line[start:m.start()], m.group(1), parent, amount


class _Names:
    """A table's coded rows by their names as :func:`_row` compares them (worked out once per table)."""

    def __init__(self, t: StandardTable) -> None:
        self.of_code = {r.code: loose(strip_label(r.name)[0]) for r in t.rows if r.code}
        self.rows: dict[tuple[str, str], list[TableRow]] = {}       # (level, name) -> left-side rows, in order
        for r in t.rows:
            if r.pane == 0 and r.level and r.code:
                self.rows.setdefault((r.level, loose(strip_label(r.name)[0])), []).append(r)


def _row(names: _Names, name: str, level: str, parent: str | None) -> TableRow | None:
    """The table's one row of that level and name (the parent's name deciding a tie)."""
    rows = names.rows.get((level, loose(name)), [])
    if len(rows) > 1 and parent:
        rows = [r for r in rows if names.of_code.get(r.code[:-2]) == loose(parent)]
    return rows[0] if len(rows) == 1 else None


def _this_year(t: StandardTable, row: TableRow) -> list[Amount]:
    cols = t.pane(row.pane)
    return [v for v, c in zip(row.values, cols) if v is not None and c.phase in (None, t.phase)]


def _fiscal_only(report: Report) -> bool:
    """True when the unit's whole income is 财政拨款 (its 收入合计 is its 财政拨款收入)."""
    whole, fiscal = report.first("income.total"), report.first("income.fiscal")
    return whole is not None and fiscal is not None and \
        compare(whole.amount.interval, fiscal.amount.interval, max(whole.amount.step, fiscal.amount.step)) \
        is Verdict.AGREE


@rule
class BudgetItemMatchesTables(Rule):
    """部门预算说明中带级次的科目金额（“检察（款）行政运行（项）支出7968.14万元”、“住房保障（类）支出3301.2万元”）
    应等于功能分类预算表（一般公共预算支出表、财政拨款支出表或支出预算总表）中该科目本年的某一栏（合计、基本支出、项目支出）。
    与所有印有该科目的表都不符时报告；按舍入区间比较，末位尾差为提示。
    错误示例：说明写“检察（款）行政运行（项）支出 7961.14 万元”，一般公共预算支出预算表 2040401 行政运行为 7,968.14。
    正确示例：说明写 7968.14 万元。"""

    id = "JS-R231"
    family = "tables"
    title = "预算说明中的科目金额与预算表不一致"

    def check(self, report: Report):
        if report.doc_type != "budget":
            raise Skip("只核对部门预算")
        tables = [t for kind in ITEM_TABLES for t in report.tables if t.kind == kind and t.read and t.rows]
        statements = list(_statements(report)) if tables else []
        if not statements:
            raise Skip("说明中没有带级次且可与预算表比对的科目金额")
        fiscal_only = _fiscal_only(report)
        named = None
        for start, name, level, parent, amount in statements:
            section = report.section_at(start)
            if not fiscal_only and (section is None or section.topic not in FISCAL_TOPICS):
                continue                  # may be all funds' amount, which no table here prints by 科目
            named = named or [(t, _Names(t)) for t in tables]
            found = [(t, r) for t, names in named if (r := _row(names, name, level, parent)) is not None]
            values = [v for t, r in found for v in _this_year(t, r)]
            if not values or any(unit_slip(amount, v.yuan) for v in values):
                continue
            yield from self.unless_one_agrees(amount, [(v.interval, v.step) for v in values],
                                              lambda: self._differs(report, start, name, level, amount, found, values))

    def _differs(self, report: Report, start: int, name: str, level: str, amount, found: list, values: list):
        t, r = found[0]
        col = main_column(t, 0)
        ref = r.values[col] if col is not None and r.values[col] is not None else _this_year(t, r)[0]
        label = f"“{loose(name)}”（{level}）"
        return self.finding(
            Span(start, amount.span.end),
            f"说明中{label}为{stated(amount)}，{_where(report, t, r)}为{stated(ref)}"
            f"{'，与其他预算表该科目各栏也都不符' if len(found) > 1 or len(values) > 1 else ''}，"
            f"相差{money(abs(amount.yuan - ref.yuan), amount)}。",
            expected=stated(ref), actual=stated(amount),
            arithmetic=f"{stated(amount)} − {stated(ref)} = {money(amount.yuan - ref.yuan, amount)}")
