"""The level of government a disclosure belongs to, against the template's wording.

A disclosure says its level in its title ("上海市普陀区2024年区级部门预算"); its
own unit is then a 区级预算主管部门 with an 经费领拨关系 to the 区级财政.
Wording of another level in those two phrases is a template of another level
left unchanged.
"""

from __future__ import annotations

import re
from collections import Counter

from ..document import Span
from ..model import Report
from .base import Rule, Skip, rule
from .near_words import find_near_words

_LEVEL = "省|市|区|县"
_OWN_LEVEL = re.compile(rf"({_LEVEL})级部门(?:预算|决算)")
# Phrases that can only speak of the document's own unit and its own treasury.
_SELF_PHRASES = re.compile(rf"(?P<level>{_LEVEL})级预算主管部门|与(?P<level2>{_LEVEL})级财政有经费领拨关系")
# (the strings their matches start with, the words they hold and how far after their start:
#  found from the words, see checks.near_words — "市", "区" are frequent, the words rare)
_OWN_LEVEL_NEAR = (tuple(_LEVEL.split("|")), ("级部门",), 1)
_SELF_PHRASES_NEAR = (tuple(_LEVEL.split("|")) + ("与",), ("级预算主管部门", "级财政有经费领拨关系"), 2)


@rule
class TemplateOfAnotherLevel(Rule):
    """标题写明层级的公开文件（"区级部门预算"）描述本单位时应使用同一层级："X级预算主管部门"和 "与X级财政有经费领拨关系"（财政拨款收入、一般公共预算的名词解释）中的层级应一致。
    不符为警告。
    错误示例：在 "区级部门预算" 中写 "财政拨款收入：是市级预算主管部门及所属预算单位本年度从本级财政部门取得的财政拨款"（照搬市级模板未改）。
    正确示例："…是区级预算主管部门…"。"""

    id = "JS-R710"
    family = "meta"
    severity = "warning"
    title = "套用其他层级模板的表述"

    def check(self, report: Report):
        doc = report.document
        stated = Counter(m.group(1) for m in find_near_words(_OWN_LEVEL, doc.text, *_OWN_LEVEL_NEAR)
                         if doc.in_prose(m.start()))
        if len(stated) != 1:
            raise Skip("文件没有（或不止一种）“X级部门预算/决算”的层级表述")
        own = next(iter(stated))
        for m in find_near_words(_SELF_PHRASES, doc.text, *_SELF_PHRASES_NEAR):
            if not doc.in_prose(m.start()):
                continue
            level = m.group("level") or m.group("level2")
            if level != own:
                yield self.finding(
                    Span(m.start(), m.end()),
                    f"本文件为“{own}级部门{_kind(report)}”，此处却写“{m.group(0)}”，"
                    f"应为“{m.group(0).replace(level + '级', own + '级')}”（疑为套用{level}级模板未改）。",
                    expected=m.group(0).replace(level + "级", own + "级"), actual=m.group(0))


def _kind(report: Report) -> str:
    return "决算" if report.doc_type == "final_accounts" else "预算"
