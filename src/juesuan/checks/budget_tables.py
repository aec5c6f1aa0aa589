"""Tables: what a table says about itself, and the tables a 部门预算 must print.

Reads ``report.tables`` (see :mod:`juesuan.extract.tables`).  A 空表说明 ("故本表
为空表", "本表无数据") belongs under a table that prints no amount; under a table
that prints amounts it is a template leftover that tells the reader the opposite
of the table.  A 部门预算 that prints its tables prints the whole set (收支预算总表,
收入预算总表, 支出预算总表, 财政拨款收支预算总表, 一般公共预算支出表, 一般公共预算基本
支出表, 政府性基金预算支出表, “三公”经费预算表), an empty one with its 空表说明; a
title in the 目录 is not the table.  The 项目资金 block of a 绩效目标表 adds up
(its parts make the 总额; ``report.fund_blocks``, see :mod:`juesuan.extract.fund_blocks`).
The 财政拨款支出预算表 is the sum of the 一般公共预算, 政府性基金 and 国有资本经营 tables.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..document import Span
from ..extract.tables import BUDGET_KIND_NAMES, kind_name, main_column
from ..interval import Verdict, compare
from ..interval import total as sum_of
from ..extract.numbers import parse_cell_number
from ..model import MONEY_UNIT, Amount, Report, StandardTable
from .base import Rule, Skip, money, rule, stated

# The tables every 部门预算 prints (国有资本经营预算 is not printed in every region).
REQUIRED_BUDGET_KINDS = ("summary", "income", "expenditure", "fiscal_summary", "general_expenditure",
                         "general_basic", "fund", "three_public")
MIN_PRINTED_TABLES = 5     # fewer of them recognised: attached elsewhere, or not read, rather than left out


def _largest(t: StandardTable):
    """The table's largest printed amount (what the reader sees first)."""
    amounts = [a for r in t.rows for a in r.values if a is not None and a.value != 0]
    return max(amounts, key=lambda a: a.yuan, default=None)


@rule
class EmptyNoteOnFilledTable(Rule):
    """列有金额的表不应附“空表说明”；表中有数而注明为空表，判为错误。
    错误示例：“三公”经费预算表列有 47.91（合计）和 443.18（机关运行经费），
    表下却注"注：本部门2024年无“三公”经费和机关运行经费预算，故本表为空表。"（照抄模板的说明）。
    正确示例：只在各格全空（或为0）的表下加此说明；有数的表下不加。"""

    id = "JS-R214"
    family = "tables"
    title = "空表说明与表中数字矛盾"

    def check(self, report: Report):
        noted = [t for t in report.tables if t.empty_note is not None and t.read]
        if not noted:
            raise Skip("没有附空表说明的表")
        doc = report.document
        for t in noted:
            largest = _largest(t)
            if largest is None:
                continue
            note = " ".join(doc.text[t.empty_note.start:t.empty_note.end].split())
            yield self.finding(
                t.empty_note,
                f"{kind_name(t)}注明“{note}”，但表中列有金额（如{stated(largest)}），"
                f"空表说明与表不符，应删除该说明或核实表中数字。",
                expected="删除空表说明（表中有数）", actual=note)


@rule
class BudgetTablesPresent(Rule):
    """印有报表的部门预算应印齐全部报表：收支预算总表、收入预算总表、支出预算总表、财政拨款收支预算总表、一般公共预算支出表、一般公共预算基本支出表、政府性基金预算支出表、“三公”经费预算表；
    本单位无数的表也要印出空表并附空表说明。只在目录中出现标题不算。缺表为警告。
    错误示例：所印报表中没有政府性基金预算支出表。
    正确示例：印出该空表，并注明 "本部门无政府性基金预算拨款安排的支出，故本表为空表"。"""

    id = "JS-R904"
    family = "completeness"
    severity = "warning"
    title = "预算报表不全"

    def check(self, report: Report):
        if report.doc_type != "budget":
            raise Skip("不是部门预算")
        kinds = {t.kind for t in report.tables}
        if len(kinds & set(BUDGET_KIND_NAMES)) < MIN_PRINTED_TABLES:
            raise Skip("预算报表未随文印出，无从核对是否齐全")
        missing = [BUDGET_KIND_NAMES[k] for k in REQUIRED_BUDGET_KINDS if k not in kinds]
        if missing:
            first = min(report.tables, key=lambda t: t.span.start)
            yield self.finding(first.title_span or first.span, f"文中印出了预算报表，但缺少：{'、'.join(missing)}。",
                               expected="、".join(missing), actual="缺失")


@rule
class FundPartsMakeTheTotal(Rule):
    """绩效目标表“项目资金”栏中，总额之下各项之和应等于总额：年度资金申请总额 = 当年财政拨款 + 上年结转资金 + 其他资金，
    项目资金总额 = 财政资金 + 其他资金；任一分项都不得超过总额。
    按舍入区间比较：末位尾差为提示，分项超过总额为错误，少于总额为警告。
    错误示例：年度资金申请总额 10,903,043.00，"其中：当年财政拨款 11,419,043.00, 上年结转资金 0.00, 其他资金 0.00"。
    正确示例：当年财政拨款 10,903,043.00。"""

    id = "JS-R215"
    family = "tables"
    title = "项目资金各项之和与总额不符"

    def check(self, report: Report):
        if not report.fund_blocks:
            raise Skip("没有绩效目标表的项目资金栏")
        for block in report.fund_blocks:
            total = block.total
            amounts = [a for _, a in block.parts]
            verdict = compare(total.interval, sum_of(a.interval for a in amounts), max([total.step] +
                                                                                    [a.step for a in amounts]))
            if verdict is Verdict.AGREE:
                continue
            s = sum((a.yuan for a in amounts), Decimal(0))
            over = s > total.yuan
            names = "、".join(f"{label.removeprefix('其中：').removeprefix('其中')}{stated(a)}" for label, a in block.parts)
            yield self.finding(
                block.span,
                f"“{block.total_label}”为{stated(total)}，其下所列各项（{names}）合计{money(s, total)}，"
                f"{'超过了总额' if over else '少于总额'}{money(abs(s - total.yuan), total)}。",
                expected=money(s, total), actual=stated(total),
                arithmetic=f"{' + '.join(stated(a) for a in amounts)} = {money(s, total)} ≠ {stated(total)}",
                severity="info" if verdict is Verdict.ROUNDING else ("error" if over else "warning"))


# "编报绩效目标的项目5个，涉及项目预算资金3328.13万元": the projects with targets and their money.
_TARGETS_CLAIM = re.compile(r"绩效目标[^。\n]{0,12}?项目\s*(\d{1,4})\s*个[，,]\s*涉及[^。\n，,\d]{0,12}?资金\s*"
                            r"(\d[\d,]*(?:\.\d+)?)\s*(" + MONEY_UNIT + r")")


@rule
class TargetFormsAddUp(Rule):
    """“编报绩效目标的项目N个，涉及项目预算资金X万元”，而文后恰好附了N张绩效目标表时，
    X 应等于各表“项目资金”总额之和（任一总额栏的合计相符即可）；不符为警告（说明与所附表口径可能不同）。
    错误示例："编报绩效目标的项目5个，涉及项目预算资金3328.13万元"，所附5张表项目资金总额合计3,351.33万元。
    正确示例：写“涉及项目预算资金3351.33万元”，或所附表与说明为同一批项目、同一口径。"""

    id = "JS-R217"
    family = "tables"
    severity = "warning"
    title = "绩效目标项目资金与所附绩效目标表合计不符"

    def check(self, report: Report):
        doc = report.document
        claims = list(doc.prose_matches(_TARGETS_CLAIM))
        if not claims or not report.fund_blocks:
            raise Skip("没有“编报绩效目标的项目N个，涉及资金X”的说明，或没有所附绩效目标表")
        forms: dict[int, dict[int, Amount]] = {}
        for block in report.fund_blocks:
            forms.setdefault(block.form, {})[block.column] = block.total
        for m in claims:
            count = int(m.group(1))
            value = parse_cell_number(m.group(2))
            if count != len(forms) or value is None:
                continue                  # not every project's form is attached: the sum proves nothing
            stated_amount = Amount(value=value[0], unit=m.group(3), decimals=value[1],
                                   span=Span(m.start(2), m.end(3)), text=m.group(2) + m.group(3))
            columns = sorted({c for f in forms.values() for c in f})
            sums = [[f[c] for f in forms.values() if c in f] for c in columns]
            sums = [col for col in sums if len(col) == count]
            if not sums or any(compare(stated_amount.interval, sum_of(a.interval for a in col),
                                       max([stated_amount.step] + [a.step for a in col])) is not Verdict.DIFFER
                               for col in sums):
                continue
            first = sums[0]
            s = sum((a.yuan for a in first), Decimal(0))
            yield self.finding(
                Span(m.start(), m.end()),
                f"文中写编报绩效目标的项目{count}个、涉及资金{stated(stated_amount)}，所附{count}张绩效目标表的"
                f"项目资金总额合计{money(s, stated_amount)}，相差{money(abs(s - stated_amount.yuan), stated_amount)}。",
                expected=money(s, stated_amount), actual=stated(stated_amount),
                arithmetic=f"{' + '.join(stated(a) for a in first)} = {money(s, stated_amount)}")


FUND_PARTS = ("general_expenditure", "fund", "soe")


@rule
class FiscalTableIsTheSumOfItsFunds(Rule):
    """部门预算的财政拨款支出预算表中，
    每个科目及合计应等于一般公共预算支出表、政府性基金预算支出表、国有资本经营预算支出表同一行之和（财政拨款 = 一般公共预算 + 政府性基金 + 国有资本经营）；
    按舍入区间比较，不符为错误。
    错误示例：2040401 行政运行在财政拨款支出预算表为 7,968.14，在一般公共预算支出预算表为 7,986.14，
    且无政府性基金。
    正确示例：两表均为 7,968.14。"""

    id = "JS-R221"
    family = "tables"
    title = "财政拨款支出表与分资金来源的表不符"

    def check(self, report: Report):
        usable = [t for t in report.tables if t.complete and not t.is_empty]
        fiscal = next((t for t in usable if t.kind == "fiscal_expenditure"), None)
        parts = [t for t in usable if t.kind in FUND_PARTS and t.unit == (fiscal.unit if fiscal else None)]
        if fiscal is None or not any(t.kind == "general_expenditure" for t in parts):
            raise Skip("没有可比对的财政拨款支出预算表与一般公共预算支出表")
        col = main_column(fiscal, 0)
        for row in fiscal.rows:
            key = row.code or (row.level == "合计" and "合计")
            stated_amount = row.values[col] if key and col is not None and col < len(row.values) else None
            if stated_amount is None:
                continue
            found = [(t, a) for t in parts if (a := _line_amount(t, key)) is not None]
            if not any(t.kind == "general_expenditure" for t, _ in found):
                continue                  # the line is not in the 一般公共预算 table: nothing to compare
            amounts = [a for _, a in found]
            verdict = compare(stated_amount.interval, sum_of(a.interval for a in amounts),
                              max([stated_amount.step] + [a.step for a in amounts]))
            if verdict is Verdict.AGREE:
                continue
            s = sum((a.yuan for a in amounts), Decimal(0))
            names = "、".join(f"{kind_name(t)}{stated(a)}" for t, a in found)
            label = f"“{row.name}”" + (f"（{row.code}）" if row.code else "")
            yield self.finding(
                Span(row.span.start, stated_amount.span.end),
                f"{kind_name(fiscal)}{label}为{stated(stated_amount)}，而按资金来源分列的表中（{names}）"
                f"合计{money(s, stated_amount)}，相差{money(abs(s - stated_amount.yuan), stated_amount)}。",
                expected=money(s, stated_amount), actual=stated(stated_amount),
                arithmetic=f"{' + '.join(stated(a) for a in amounts)} = {money(s, stated_amount)} ≠ "
                           f"{stated(stated_amount)}",
                severity="info" if verdict is Verdict.ROUNDING else "error")


def _line_amount(t: StandardTable, key: str):
    """The main amount of a table's line by code (or its 合计 row)."""
    col = main_column(t, 0)
    row = next((r for r in t.rows if (r.code == key if key != "合计" else r.level == "合计")), None)
    if row is None or col is None or col >= len(row.values):
        return None
    return row.values[col]
