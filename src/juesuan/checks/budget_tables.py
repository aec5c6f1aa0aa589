"""Tables: what a table says about itself, and the tables a 部门预算 must print.

Reads ``report.tables`` (see :mod:`juesuan.extract.tables`).  A 空表说明 ("故本表
为空表", "本表无数据") belongs under a table that prints no amount; under a table
that prints amounts it is a template leftover that tells the reader the opposite
of the table.  A 部门预算 that prints its tables prints the whole set (收支预算总表,
收入预算总表, 支出预算总表, 财政拨款收支预算总表, 一般公共预算支出表, 一般公共预算基本
支出表, 政府性基金预算支出表, “三公”经费预算表), an empty one with its 空表说明; a
title in the 目录 is not the table.
"""

from __future__ import annotations

from ..extract.tables import BUDGET_KIND_NAMES, kind_name
from ..model import Report, StandardTable
from .base import Rule, Skip, rule, stated

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
    """A table that prints amounts does not carry a 空表说明.  Bad: the “三公”经费预算表
    prints 47.91 (合计) and 443.18 (机关运行经费), and below it "注：本部门2024年无“三公”
    经费和机关运行经费预算，故本表为空表。" (a note copied from the template).  Good: the
    note under a table whose cells are all empty (or 0), or no note under a filled one."""

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
    """A 部门预算 that prints its tables prints every one of them: 收支预算总表, 收入预算
    总表, 支出预算总表, 财政拨款收支预算总表, 一般公共预算支出表, 一般公共预算基本支出表,
    政府性基金预算支出表 and “三公”经费预算表; a table the unit has nothing for is still
    printed, empty, with its 空表说明.  A title in the 目录 does not count.  Bad: the
    tables printed without the 政府性基金预算支出表.  Good: that table printed empty
    with "本部门无政府性基金预算拨款安排的支出，故本表为空表"."""

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
