"""Meta and format: section numbering, doubled punctuation, placeholders, wrong years.

Numbering follows the official hierarchy 第一部分 > 一、 > （一） > 1. > （1）.  Within
a parent, siblings count 1, 2, 3 …; a list that starts at 1 opens a nested
list, and a number that continues an outer list closes the inner ones.  A
number that continues no open list skips or repeats one.
"""

from __future__ import annotations

import re

from ..document import Span
from ..extract.outline import CIRCLED, STYLE_RANKS
from ..model import Report
from .base import Rule, Skip, rule

CN = "零一二三四五六七八九十"

# The whole-text patterns start with a character or a set of characters, never with a
# lookaround or a group of alternatives, so that re skips to the candidates in C.
_DOUBLED = re.compile(r"([。，、；：！？%％])(?:\1+|(?<=[。，；：])[。，；])")     # "%%", "。。", "。，"
_PLACEHOLDER = re.compile(r"[XxＸｘ×某](?<![A-Za-z0-9][XxＸｘ×某])(?:(?<=[XxＸｘ×])[XxＸｘ×]+|(?<=某)某)"
                          r"(?![A-Za-z0-9])")          # "XX", "××", "某某"
_CUTOFF = re.compile(r"(?:截至|截止到?|至)\s*((?:19|20)\d\d)\s*年\s*(?:12\s*月\s*31\s*日|底|末)")
_HEADING_YEAR = re.compile(r"((?:19|20)\d\d)\s*年度")
_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)\s*年度?[^，。；\n]{0,30}?决算(?:总)?表")


def _label(style: str, n: int) -> str:
    cn = CN[n] if n <= 10 else f"十{CN[n - 10]}" if n < 20 else str(n)
    return {"part": f"第{cn}部分", "cn、": f"{cn}、", "(cn)": f"（{cn}）", "n.": f"{n}.",
            "n、": f"{n}、", "(n)": f"（{n}）", "circled": CIRCLED[n - 1] if n <= 20 else str(n)}[style]


@rule
class SectionNumbering(Rule):
    """Section numbers at the 一、 and （一） levels count up without gaps or
    repeats within their parent.  (A part whose "第二部分" marker is left off the
    table pages is a layout convention of some provinces, not a gap.)  Bad: "五、国有资产占用情况" followed by "七、专业名词
    解释" (六 is missing), or two headings "6、".  Good: 五、 then 六、."""

    id = "JS-R701"
    family = "format"
    severity = "warning"
    title = "标题序号跳号或重复"

    def check(self, report: Report):
        headings = report.sections
        if not headings:
            raise Skip("没有编号标题")
        text = report.document.text
        open_lists: dict[str, list[list]] = {}
        prev_by_style: dict[str, object] = {}
        for h in headings:
            for style in [s for s in open_lists if STYLE_RANKS[s] > h.level]:
                del open_lists[style]
                prev_by_style.pop(style, None)
            lists = open_lists.setdefault(h.style, [])
            prev = prev_by_style.get(h.style)
            prev_by_style[h.style] = h
            if h.number == 1 or not lists:
                if h.number != 1 and h.level <= 2 and not lists and prev is None:
                    pass      # a section that starts part-way is not provable
                lists.append([h.number])
                continue
            resumed = next((i for i in range(len(lists) - 1, -1, -1) if lists[i][-1] + 1 == h.number), None)
            if resumed is not None:
                del lists[resumed + 1:]
                lists[resumed].append(h.number)
                continue
            last = lists[-1][-1]
            lists[-1].append(h.number)
            if h.number == last and prev is not None:
                yield self._finding(h, f"序号“{h.marker}”与上一个同级标题重复", _label(h.style, last + 1))
            elif h.number > last + 1 and 1 <= h.level <= 2:
                missing = [_label(h.style, n) for n in range(last + 1, h.number)]
                between = text[prev.span.end:h.span.start] if prev is not None else ""
                if any(m in between for m in missing):
                    continue      # the heading is there, run into a paragraph
                yield self._finding(h, f"“{_label(h.style, last)}”之后是“{h.marker}”，缺少“{'、'.join(missing)}”",
                                    _label(h.style, last + 1))

    def _finding(self, h, what: str, expected: str):
        return self.finding(h.span, what + "，标题序号应连续。", expected=expected, actual=h.marker)


@rule
class DoubledPunctuation(Rule):
    """Punctuation is not doubled ("%%", "。。", "，，", "。，").  Bad: "增长4.63%%".
    Good: "增长4.63%"."""

    id = "JS-R702"
    family = "format"
    severity = "warning"
    title = "标点符号重复"

    def check(self, report: Report):
        for m in report.document.prose_matches(_DOUBLED):
            yield self.finding(Span(m.start(), m.end()),
                               f"“{m.group(0)}”标点重复。", expected=m.group(0)[0], actual=m.group(0))


@rule
class Placeholder(Rule):
    """Template placeholders are filled in: no "XX", "××", "某某" left for a unit's
    name or a number.  Bad: "通州区XX街道".  Good: "通州区中仓街道"."""

    id = "JS-R703"
    family = "meta"
    severity = "warning"
    title = "模板占位符未替换"

    def check(self, report: Report):
        doc = report.document
        places: dict[str, list] = {}
        for m in doc.prose_matches(_PLACEHOLDER):
            places.setdefault(m.group(0), []).append(m)
        for text, ms in places.items():
            lines = sorted({doc.line_of(m.start()) for m in ms})
            where = "、".join(f"第{n}行" for n in lines[:10]) + ("等" if len(lines) > 10 else "")
            yield self.finding(Span(ms[0].start(), ms[0].end()),
                               f"“{text}”是模板占位符，应替换为实际名称或数字（共{len(ms)}处：{where}）。",
                               expected="实际内容", actual=text)


@rule
class YearMatchesReport(Rule):
    """Dates, headings and table titles name the report year: "截至YYYY年12月31日",
    a heading's "YYYY年度" and "YYYY年度…决算表" are the year of the accounts.  Bad: "截至2022年12月31日，本单位共有车辆5辆"
    in the 2023 accounts.  Good: "截至2023年12月31日…"."""

    id = "JS-R704"
    family = "meta"
    title = "年份与决算年度不符"

    def check(self, report: Report):
        year = report.meta.year
        if year is None:
            raise Skip("未识别出决算年度")
        budget = report.doc_type == "budget"       # a budget states holdings as of a date before its year
        for m in report.document.prose_matches(_CUTOFF):
            if int(m.group(1)) != year and not (budget and int(m.group(1)) < year):
                yield self.finding(Span(m.start(1), m.end(1)), f"决算年度为{year}年，此处“{m.group(0)}”的年份不符。",
                                   expected=str(year), actual=m.group(1))
        for m in report.document.prose_matches(_TITLE_YEAR):
            if int(m.group(1)) != year:
                yield self.finding(Span(m.start(1), m.end(1)), f"表名“{m.group(0)}”的年度与决算年度{year}年不符。",
                                   expected=str(year), actual=m.group(1))
        for s in report.sections:
            if s.level > 1:
                continue
            m = _HEADING_YEAR.search(s.title)
            if m and int(m.group(1)) != year:
                start = s.span.start + report.document.text[s.span.start:s.span.end].find(m.group(1))
                yield self.finding(Span(start, start + 4), f"标题中的“{m.group(0)}”与决算年度{year}年不符。",
                                   expected=str(year), actual=m.group(1))
