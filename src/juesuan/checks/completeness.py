"""Completeness: the parts a 部门决算公开 must have, and their order.

The narrative follows a template set by the Ministry of Finance: 收入支出决算
总体情况, 收入决算, 支出决算, 财政拨款收入支出决算总体情况, 一般公共预算财政拨款
支出决算, 基本支出, “三公”经费, 机关运行经费, 政府采购, 国有资产占用 and 名词解释.
A part counts as present when a heading names it or its subject is written
about at all (a district that words a heading differently is not "missing"
a part, nor one whose template covers the part by others: see COVERED_BY).
Provinces order the later parts differently; the first five come in the same
order everywhere.
"""

from __future__ import annotations

import re

from ..document import Span
from ..extract.tables import KIND_NAMES, lexicon, norm
from ..model import Report
from .base import Rule, Skip, rule

REQUIRED = {
    "overview": ("收入支出决算总体情况", ("收支总计", "收入支出总计", "收、支总计")),
    "income": ("收入决算情况", ("本年收入合计", "收入合计")),
    "expenditure": ("支出决算情况", ("本年支出合计", "支出合计")),
    "fiscal": ("财政拨款收入支出决算总体情况", ("财政拨款收、支总计", "财政拨款收支总计", "财政拨款收入支出总计")),
    "general": ("一般公共预算财政拨款支出决算情况", ("一般公共预算财政拨款支出",)),
    "basic": ("一般公共预算财政拨款基本支出决算情况", ("基本支出",)),
    "three_public": ("“三公”经费支出决算情况", ("三公",)),
    "operation_cost": ("机关运行经费支出情况", ("机关运行经费", "运行经费")),
    "procurement": ("政府采购支出情况", ("政府采购",)),
    "assets": ("国有资产占用情况", ("国有资产", "资产占用", "固定资产")),
    "glossary": ("专业名词解释", ("名词解释",)),
}
# Parts some provinces' templates leave out because others say the same: Yunnan's
# starts with 收入决算 and 支出决算 (no 总体情况), and words 财政拨款 through its
# 一般公共预算财政拨款支出决算 part.  Such a part is present when the parts that
# cover it all are.
COVERED_BY = {"overview": ("income", "expenditure"), "fiscal": ("general",)}
ORDERED = ("overview", "income", "expenditure", "fiscal", "general")
MIN_BODY = 40        # a table-of-contents entry has next to no body
MIN_PRINTED_TABLES = 3   # fewer standard tables in the text: the tables are attached, not printed
# A regional table that gives what a standard one does: Yunnan's 2019 template prints the
# “三公” figures only in its 财政拨款“三公”经费、行政参公单位机关运行经费情况表.
STANDS_FOR = {"three_public_stats": "three_public"}


@rule
class RequiredSections(Rule):
    """决算公开应包含模板的全部内容：收入支出决算总体情况、收入决算、支出决算、财政拨款收入支出决算总体情况、一般公共预算财政拨款支出决算、基本支出、“三公”经费、机关运行经费、政府采购、国有资产占用、专业名词解释。
    缺少某部分为警告（写明“本单位无政府采购支出”也算有此部分；云南等地的模板不单列“收入支出决算总体情况”“财政拨款收入支出决算总体情况”，
    由收入决算、支出决算和一般公共预算财政拨款支出决算部分说明的，不算缺少）。
    错误示例：公开文件中对政府采购只字未提。
    正确示例："三、政府采购支出情况  2024年度政府采购支出总额…"。"""

    id = "JS-R901"
    family = "completeness"
    severity = "warning"
    title = "缺少规定的公开内容"

    def check(self, report: Report):
        if report.doc_type != "final_accounts":
            raise Skip("不是部门决算公开文件")
        topics = {s.topic for s in report.sections}
        prose = "\n".join(line for _, line in report.document.prose_lines())
        present = {topic for topic, (_, words) in REQUIRED.items()
                   if topic in topics or any(w in prose for w in words)}
        present |= {topic for topic, parts in COVERED_BY.items() if present.issuperset(parts)}
        missing = [name for topic, (name, _) in REQUIRED.items() if topic not in present]
        if missing:
            first = report.sections[0].span if report.sections else report.document.line_span(1)
            yield self.finding(first, f"未见以下规定公开的内容：{'、'.join(missing)}。",
                               expected="、".join(missing), actual="缺失")


@rule
class SectionOrder(Rule):
    """前几部分应按模板顺序排列：收入支出决算总体情况、收入决算、支出决算、财政拨款收入支出决算总体情况、一般公共预算财政拨款支出决算。
    顺序不符为警告。
    错误示例：财政拨款部分排在收入决算部分之前。
    正确示例：按模板顺序排列。"""

    id = "JS-R902"
    family = "completeness"
    severity = "warning"
    title = "公开内容顺序与模板不符"

    def check(self, report: Report):
        if report.doc_type != "final_accounts":
            raise Skip("不是部门决算公开文件")    # budgets order their parts by region (Anhui: 财政拨款 first)
        first: dict[str, object] = {}
        for s in report.sections:
            if s.topic in ORDERED and s.topic not in first and s.body.end - s.span.end >= MIN_BODY:
                first[s.topic] = s
        present = [t for t in ORDERED if t in first]
        if len(present) < 2:
            raise Skip("没有可比较顺序的章节")
        for earlier, later in zip(present, present[1:]):
            a, b = first[earlier], first[later]
            if b.span.start < a.span.start:
                yield self.finding(b.span, f"“{b.marker}{b.title[:20]}”出现在“{a.marker}{a.title[:20]}”之前，"
                                           f"与决算公开模板的顺序不符。",
                                   expected=f"{REQUIRED[earlier][0]}在前", actual=f"{REQUIRED[later][0]}在前")


@rule
class NineTablesPresent(Rule):
    """印有报表的决算公开应印齐九张表；本单位无数的表也要印出空表并附空表说明。缺表为警告；报表为“详见附件”的文件不在此检查。
    错误示例：所印报表中没有政府性基金预算财政拨款收入支出决算表。
    正确示例：印出该空表并注明 "本单位无政府性基金预算财政拨款收入支出，故本表无数据"（或印出表名并附说明）。"""

    id = "JS-R903"
    family = "completeness"
    severity = "warning"
    title = "决算报表不全"

    def check(self, report: Report):
        if report.doc_type == "budget":
            raise Skip("部门预算：其报表由 JS-R904 核对")
        kinds = {t.kind for t in report.tables}
        kinds |= {STANDS_FOR[k] for k in kinds if k in STANDS_FOR}
        if len(kinds) < MIN_PRINTED_TABLES:
            raise Skip("报表未随文印出（如“详见附件”），无从核对九张表是否齐全")
        prose = norm("".join(line for _, line in report.document.prose_lines()))
        titles = lexicon().titles
        missing = [name for kind, name in KIND_NAMES.items()
                   if kind not in kinds and not any(k == kind and phrase in prose for phrase, k in titles)]
        if missing:
            first = min(report.tables, key=lambda t: t.span.start)
            yield self.finding(first.title_span or first.span, f"文中印出了决算报表，但缺少：{'、'.join(missing)}。",
                               expected="、".join(missing), actual="缺失")


# The economic classes a 基本支出 paragraph lists ("（1）工资福利支出包括…；（2）商品和服务支出…").
# A class heads its item ("工资福利支出包括…"); "其他工资福利支出" is a 款, not a class.
_ECONOMIC_CLASS = re.compile(r"(?<!其他)(?:工资福利支出|商品和服务支出|对个人和家庭(?:的)?补助(?:支出)?|资本性支出)"
                             r"(?=\s*(?:包括|主要|[：:]))")
_NUMBERING = re.compile(r"[（(]\d{1,2}[）)]|\d{1,2}[.．、]")


@rule
class EconomicClassesWithAmounts(Rule):
    """基本支出部分所列的每个经济分类（工资福利支出、商品和服务支出、对个人和家庭的补助、资本性支出）都应写明金额：一段列出两个及以上分类却都不给金额，
    基本支出就没有说清（写“无”也算有金额）。为警告。
    错误示例："基本支出11205.61万元，其中：（1）工资福利支出包括基本工资、津贴补贴…；（2）商品和服务支出包括办公费…"。
    正确示例："（1）工资福利支出…7387.86万元；（2）商品和服务支出…888.29万元"。"""

    id = "JS-R905"
    family = "completeness"
    severity = "warning"
    title = "基本支出经济分类未列金额"

    def check(self, report: Report):
        ran = False
        for offset, line in report.document.prose_lines():
            if "基本支出" not in line:
                continue
            found = list(_ECONOMIC_CLASS.finditer(line))
            if len(found) < 2:
                continue
            ran = True
            segments = [line[m.start():n.start() if n else len(line)] for m, n in zip(found, found[1:] + [None])]
            if any(re.search(r"\d", _NUMBERING.sub("", seg)) or "无" in seg for seg in segments):
                continue
            names = "、".join(m.group(0) for m in found)
            first = found[0]
            yield self.finding(Span(offset + first.start(), offset + found[-1].end()),
                               f"此处列出了{names}，但都没有写金额，基本支出的构成无从核对。",
                               expected="各类金额", actual="未列金额")
        if not ran:
            raise Skip("没有列举基本支出经济分类的段落")
