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

_LEVEL = "省|市|区|县"
_OWN_LEVEL = re.compile(rf"({_LEVEL})级部门(?:预算|决算)")
_OWN_LEVEL_OPENINGS = tuple(f"{level}级部门" for level in _LEVEL.split("|"))
# Phrases that can only speak of the document's own unit and its own treasury.
_SELF_PHRASES = re.compile(rf"(?P<level>{_LEVEL})级预算主管部门|与(?P<level2>{_LEVEL})级财政有经费领拨关系")
_SELF_PHRASES_OPENINGS = tuple(f"{level}级预算主管部门" for level in _LEVEL.split("|")) + \
    tuple(f"与{level}级财政" for level in _LEVEL.split("|"))       # (re tries an alternation at every place)


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
        stated = Counter(m.group(1) for m in doc.prose_matches(_OWN_LEVEL, _OWN_LEVEL_OPENINGS))
        if len(stated) != 1:
            raise Skip("文件没有（或不止一种）“X级部门预算/决算”的层级表述")
        own = next(iter(stated))
        for m in doc.prose_matches(_SELF_PHRASES, _SELF_PHRASES_OPENINGS):
            level = m.group("level") or m.group("level2")
            if level != own:
                yield self.finding(
                    Span(m.start(), m.end()),
                    f"本文件为“{own}级部门{_kind(report)}”，此处却写“{m.group(0)}”，"
                    f"应为“{m.group(0).replace(level + '级', own + '级')}”（疑为套用{level}级模板未改）。",
                    expected=m.group(0).replace(level + "级", own + "级"), actual=m.group(0))


def _kind(report: Report) -> str:
    return "决算" if report.doc_type == "final_accounts" else "预算"
