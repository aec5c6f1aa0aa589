"""Consistency: one figure, one value, wherever the document states it.

A figure stated again (in the narrative, or in a table and the narrative)
must agree within rounding with the authoritative statement (the table's).
The same 类 in the 总体情况 list and in the 具体情况 paragraphs must agree.
A restatement in another unit with the same digits is left to the units rule.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..extract.lexicon import LEXICON
from ..document import Span
from ..extract.lines import item_paragraphs
from ..extract.tables import kind_name, norm
from ..interval import Verdict, compare, total
from ..model import Amount, Report, StandardTable
from .base import Rule, Skip, money, place, rule, stated
from .changes import base_interval
from .hierarchy import unit_slip


def restated(a: Amount, b: Amount) -> Verdict:
    """Two printings of one figure: equal within rounding, a rounding difference (at most one
    unit of the coarser last digit apart), or different (two units are no rounding: the same
    value rounded twice to the same digit prints the same digits)."""
    verdict = compare(a.interval, b.interval, max(a.step, b.step))
    if verdict is Verdict.ROUNDING and abs(a.yuan - b.yuan) > max(a.step, b.step):
        return Verdict.DIFFER
    return verdict


@rule
class SameFigureSameValue(Rule):
    """A figure stated more than once has one value.  Bad: 本年支出合计 17953.28万元
    in the 支出决算说明 and 17935.28万元 in the 财政拨款 paragraph (or in the table).
    Good: the same value everywhere (a rounding difference between 元 and 万元
    statements is not a finding)."""

    id = "JS-R501"
    family = "consistency"
    title = "同一数字前后不一致"

    def check(self, report: Report):
        keys = defaultdict(list)
        for f in report.figures_list:
            if f.key:
                keys[f.key].append(f)
        repeated = {k: fs for k, fs in keys.items() if len(fs) > 1}
        if not repeated:
            raise Skip("没有重复陈述的数字")
        doc = report.document
        for key, figs in repeated.items():
            ref = report.first(key)
            for f in figs:
                if f is ref:
                    continue
                a, b = f.amount, ref.amount
                verdict = restated(a, b)
                if verdict is Verdict.AGREE or unit_slip(a, b.yuan):
                    continue
                where = "表中" if ref.source == "table" else place(doc, b.span.start)
                yield self.finding(
                    f.clause, f"“{f.name}”此处为{stated(a)}，{where}为{stated(b)}，相差{money(abs(a.yuan - b.yuan), a)}。",
                    expected=stated(b), actual=stated(a),
                    arithmetic=f"{stated(a)} − {stated(b)} = {money(a.yuan - b.yuan, a)}",
                    severity="info" if verdict is Verdict.ROUNDING else "error")


@rule
class SameLineSameValue(Rule):
    """A 类/款/项 stated in two places (the 总体情况 list, the 具体情况 paragraph,
    a table) has one amount.  Bad: 国防支出 1,342,372.72元 in the list and 1,243,372.72元
    in its paragraph.  Good: the same amount in both."""

    id = "JS-R502"
    family = "consistency"
    title = "同一科目金额前后不一致"

    def check(self, report: Report):
        groups = defaultdict(list)
        for ln in report.lines:
            if ln.actual is not None and ln.level == "类" and ln.code:
                groups[(ln.table.split(":")[-1], ln.code)].append(ln)
        pairs = [g for g in groups.values() if len({ln.table for ln in g}) > 1]
        if not pairs:
            raise Skip("没有在两处陈述的类级科目")
        doc = report.document
        for lines in pairs:
            ref = next((ln for ln in lines if not ln.table.startswith(("narrative", "overview"))),
                       min(lines, key=lambda ln: ln.span.start))
            for ln in lines:
                if ln is ref or ln.table == ref.table:
                    continue
                a, b = ln.actual, ref.actual
                verdict = restated(a, b)
                if verdict is Verdict.AGREE or unit_slip(a, b.yuan):
                    continue
                yield self.finding(
                    ln.span, f"“{ln.name}”此处为{stated(a)}，{place(doc, b.span.start)}为{stated(b)}。",
                    expected=stated(b), actual=stated(a),
                    arithmetic=f"{stated(a)} − {stated(b)} = {money(a.yuan - b.yuan, a)}",
                    severity="info" if verdict is Verdict.ROUNDING else "error")


_FISCAL_WORDS = ("财政拨款", "一般公共预算")


@rule
class SameCurrentSameBase(Rule):
    """In a 部门预算, figures of one value this year compared with last year
    imply one value last year: when two change sentences start from the same
    amount and their changes imply last-year values a hair apart, one change is
    mistyped.  Bad: "一般公共预算收入预算21,940.96万元，与上年相比增加3,959.28万元"
    and later "财政拨款支出21,940.96万元，与上年相比增加3,958.98万元" (上年 17,981.68
    vs 17,981.98).  Good: the same increase in both.  A warning: two different
    items may have equal amounts this year and different ones last year, so only
    财政拨款 / 一般公共预算 figures (equal when the unit has no other appropriation)
    with implied last-year values less than 1% apart are compared."""

    id = "JS-R503"
    family = "consistency"
    severity = "warning"
    title = "同一本年数对应的上年数前后不一致"

    def check(self, report: Report):
        if report.doc_type != "budget":
            raise Skip("只核对部门预算")
        groups = defaultdict(list)
        for cs in report.changes:
            if cs.basis == "last_year" and cs.base is None and cs.delta is not None and cs.current.amount.value \
                    and any(w in cs.current.label for w in _FISCAL_WORDS):
                groups[cs.current.amount.yuan].append(cs)
        groups = {k: g for k, g in groups.items() if len(g) > 1}
        if not groups:
            raise Skip("没有从同一本年数出发的两处增减表述")
        doc = report.document
        for changes in groups.values():
            ref = changes[0]
            ref_base = base_interval(ref)
            for cs in changes[1:]:
                base = base_interval(cs)
                if base is None or ref_base is None:
                    continue
                step = max(cs.delta.step, ref.delta.step, cs.current.amount.step)
                gap = base.gap(ref_base)
                if compare(base, ref_base, step) is not Verdict.DIFFER or gap * 100 >= ref_base.mid:
                    continue
                cur = cs.current.amount
                yield self.finding(
                    cs.delta.span.cover(cs.span),
                    f"本年数同为{stated(cur)}，{place(doc, ref.span.start)}写比上年{ref.direction_word}"
                    f"{stated(ref.delta)}（上年{money(ref_base.mid, cur)}），此处写{cs.direction_word}{stated(cs.delta)}"
                    f"（上年{money(base.mid, cur)}），两处上年数不一致，其中一处增减额有误。",
                    expected=stated(ref.delta), actual=stated(cs.delta),
                    arithmetic=f"{stated(cur)} − {stated(ref.delta)} = {money(ref_base.mid, cur)}；"
                               f"{stated(cur)} − {stated(cs.delta)} = {money(base.mid, cur)}")


@rule
class ItemAmountRestated(Rule):
    """A 科目 paragraph that opens with its amount and restates it in the same
    year and phase must state the same amount.  Bad: "16. “…机关事业单位职业年金缴费支出（项）”
    220.63万元，…2022年当年预算执行数为132.59万元，2023年预算安排441.25万元" (441.25 is the
    previous item's amount).  Good: "…2023年预算安排220.63万元".  Amounts of another year
    (上年执行数) or another phase, and amounts with a name of their own (基本支出X), are
    not compared."""

    id = "JS-R504"
    family = "consistency"
    title = "科目段落内本年金额前后不一致"

    def check(self, report: Report):
        paragraphs = item_paragraphs(report)
        if not paragraphs:
            raise Skip("没有以科目名称和金额开头的段落")
        default = "budget" if report.doc_type == "budget" else "actual"
        year = report.meta.year
        for title, after in paragraphs:
            if title.year not in (None, year):
                continue
            for f in after:
                clause = f.label.split("，")[-1].split("。")[-1]
                if f.year not in (None, year) or not LEXICON.names_nothing(clause) \
                        or LEXICON.phase_of(clause, default) != default:
                    continue
                a, b = f.amount, title.amount
                verdict = restated(a, b)
                if verdict is Verdict.AGREE or unit_slip(a, b.yuan):
                    continue
                yield self.finding(
                    f.clause, f"本段科目金额为{stated(b)}，此处“{clause}”写{stated(a)}，相差{money(abs(a.yuan - b.yuan), a)}。",
                    expected=stated(b), actual=stated(a),
                    arithmetic=f"{stated(a)} − {stated(b)} = {money(a.yuan - b.yuan, a)}",
                    severity="info" if verdict is Verdict.ROUNDING else "error")


# "人员经费X万元。主要包括：基本工资、津贴补贴、…": the economic items a figure is said to consist of.
_LIST = re.compile(r"主要(?:包括|用于)[：:]?(?P<items>[^。；;\n]{2,400})")
_ECONOMIC_FIGURES = ("人员经费", "公用经费", "基本支出")
_ITEM_TRIM = re.compile(r"[（(][^）)]{3,40}[）)]|等[支经费用项]*$")
_BASIC_KINDS = ("general_basic", "fiscal_basic")


def _loose(name: str) -> str:
    return norm(name).replace("其它", "其他").replace("(", "").replace(")", "")


def _complete(t: StandardTable) -> bool:
    """True when every 类 row is the sum of its 款 rows and the 合计 the sum of the 类:
    an economic item the table does not list is then zero."""
    classes = [r for r in t.rows if r.level == "类" and r.code and r.values and r.values[0] is not None]
    if not classes:
        return False
    for c in classes:
        parts = [r.values[0] for r in t.rows if r.level == "款" and r.code and r.code.startswith(c.code)
                 and r.values and r.values[0] is not None]
        if not parts or total(p.interval for p in parts).gap(c.values[0].interval) > 0:
            return False
    grand = next((r.values[0] for r in t.rows if r.level == "合计" and r.values and r.values[0] is not None), None)
    return grand is None or total(c.values[0].interval for c in classes).gap(grand.interval) == 0


@rule
class ListedItemsWithoutAmount(Rule):
    """What "人员经费/公用经费 X，主要包括：…" lists must be items the 基本支出 table
    shows with an amount.  Bad: "公用经费10.23万元，主要包括：办公费、邮电费…" when the
    table prints 30207 邮电费 0.00 (a warning), or names 印刷费 that the table, whose 款
    add up to every 类, does not list (information: the list is template text, not this
    year's items).  Good: the list names only the table's items with an amount."""

    id = "JS-R505"
    family = "consistency"
    severity = "warning"
    title = "“主要包括”所列项目在表中没有金额"

    def check(self, report: Report):
        table = next((t for t in report.tables if t.kind in _BASIC_KINDS and t.read and t.complete
                      and not t.is_empty and _complete(t)), None)
        if table is None:
            raise Skip("没有各类等于各款之和的基本支出经济分类表")
        rows = [(_loose(r.name), r.values[0]) for r in table.rows if r.level == "款" and r.values]
        where = kind_name(table)
        doc = report.document
        found = False
        for m in doc.prose_matches(_LIST):
            head = doc.text[doc.line_span(doc.line_of(m.start())).start:m.start()]
            if not any(w in head[-40:] for w in _ECONOMIC_FIGURES):
                continue
            found = True
            zero, absent = [], []
            for item in m.group("items").split("、"):
                name = _loose(_ITEM_TRIM.sub("", item.strip()))
                if len(name) < 2:
                    continue
                amounts = [v for n, v in rows if v is not None and (name in n or n in name)]
                if not amounts:
                    absent.append(item.strip())
                elif all(v.value == 0 for v in amounts):
                    zero.append(item.strip())
            span = Span(m.start("items"), m.end("items"))
            if zero:
                yield self.finding(span, f"所列项目中{'、'.join(zero)}在{where}中为0，不应列为主要内容。",
                                   expected="只列表中有金额的项目", actual="、".join(zero))
            if absent:
                yield self.finding(span, f"所列项目中{'、'.join(absent)}在{where}中没有列出（表中各类均等于"
                                         f"所列各款之和，未列即为0），所列内容可能是模板文字。",
                                   expected="只列表中有金额的项目", actual="、".join(absent), severity="info")
        if not found:
            raise Skip("没有“人员经费/公用经费…主要包括”的表述")
