"""Consistency: one figure, one value, wherever the document states it.

A figure stated again (in the narrative, or in a table and the narrative)
must agree within rounding with the authoritative statement (the table's).
The same 类 in the 总体情况 list and in the 具体情况 paragraphs must agree.
A restatement in another unit with the same digits is left to the units rule.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..document import Span
from ..extract.lines import item_paragraphs, paragraph_restatements
from ..extract.tables import kind_name, norm
from ..interval import Verdict, compare, total
from ..model import Amount, Report, StandardTable
from ..memo import once
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


def restatement_finding(rule: Rule, span: Span, a: Amount, b: Amount, message: str):
    """The finding of ``a`` restating ``b`` differently (``message`` says where), or None when
    they agree or the difference is a unit slip (the units rules report that)."""
    verdict = restated(a, b)
    if verdict is Verdict.AGREE or unit_slip(a, b.yuan):
        return None
    return rule.finding(span, message, expected=stated(b), actual=stated(a),
                        arithmetic=f"{stated(a)} − {stated(b)} = {money(a.yuan - b.yuan, a)}",
                        severity="info" if verdict is Verdict.ROUNDING else "error")


@rule
class SameFigureSameValue(Rule):
    """同一数字多次出现时应为同一数值，不符为错误；元与万元两种写法之间的舍入差异不算问题。
    错误示例：本年支出合计在支出决算说明中为 17953.28万元，在财政拨款段落（或表中）为 17935.28万元。
    正确示例：各处数值相同。"""

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
    """同一类/款/项在两处出现（总体情况列举、具体情况段落、表格）时应为同一金额，按舍入区间比较，不符为错误。
    错误示例：国防支出在列举中为 1,342,372.72元，在其段落中为 1,243,372.72元。
    正确示例：两处金额相同。"""

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
                found = restatement_finding(
                    self, ln.span, a, b, f"“{ln.name}”此处为{stated(a)}，{place(doc, b.span.start)}为{stated(b)}。")
                if found:
                    yield found


_FISCAL_WORDS = ("财政拨款", "一般公共预算")


@rule
class SameCurrentSameBase(Rule):
    """部门预算中，本年数相同的数字与上年比较时，推出的上年数也应相同：两句增减从同一金额出发，推出的上年数却相差极小，说明其中一个增减额打错。
    为警告：不同项目可能本年相等而上年不同，故只比较财政拨款/一般公共预算数字（单位无其他拨款时二者相等），
    且推出的上年数相差不足1%。
    错误示例："一般公共预算收入预算21,940.96万元，与上年相比增加3,959.28万元"，
    后文"财政拨款支出21,940.96万元，与上年相比增加3,958.98万元"（上年 17,981.68 与 17,981.98）。
    正确示例：两处增加额相同。"""

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
    """以金额开头的科目段落，在同一年度、同一阶段重述金额时应为同一金额，不符为错误。
    其他年度（上年执行数）、其他阶段的金额及另有名称的金额（基本支出X）不比较。
    错误示例："16. “…机关事业单位职业年金缴费支出（项）”220.63万元，…2022年当年预算执行数为132.59万元，2023年预算安排441.25万元"（441.25 是上一科目的金额）。
    正确示例："…2023年预算安排220.63万元"。"""

    id = "JS-R504"
    family = "consistency"
    title = "科目段落内本年金额前后不一致"

    def check(self, report: Report):
        if not item_paragraphs(report):
            raise Skip("没有以科目名称和金额开头的段落")
        for f, title, clause in once(report, paragraph_restatements):
            a, b = f.amount, title.amount
            found = restatement_finding(
                self, f.clause, a, b,
                f"本段科目金额为{stated(b)}，此处“{clause}”写{stated(a)}，相差{money(abs(a.yuan - b.yuan), a)}。")
            if found:
                yield found


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
    """“人员经费/公用经费 X，主要包括：…”所列的应是基本支出表中有金额的项目。表中该项为0，报为警告；
    所列项目在表中（其款合计等于各类）根本没有，报为提示（列举是模板文字，不是本年项目）。
    错误示例："公用经费10.23万元，主要包括：办公费、邮电费…"，而表中印 30207 邮电费 0.00，
    或列出表中没有的印刷费。
    正确示例：只列表中有金额的项目。"""

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
