"""Classification: 科目 codes and names against the catalog (政府收支分类科目).

The catalog (``juesuan.catalog``) knows each code's names and the years each
name is confirmed for.  A table row prints a code and a name; the prose names
科目 with their level, "卫生健康支出（类）计划生育事务（款）".  The rules here
say when a name is not the code's name, is a name of another year, or stands
at the wrong level.  Where the catalog is not sure (a code it does not list, a
year outside a name's years) they say nothing or only ``info``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..catalog import Entry, Name, entry, functional_entries_named, loose
from ..document import Span
from ..memo import content_cache, once
from ..model import Report, TableRow
from .base import Rule, Skip, rule

_MARKER = re.compile(r"[（(](类|款|项)(?:[，,][^）)\n]{0,6})?[）)]")
# the run is taken whole (possessive): giving characters back never lets the quote/blanks/end follow
_NAME_BEFORE = re.compile(r"((?:[\u4e00-\u9fa5]|[（(]室[）)])(?:[\u4e00-\u9fa5、]|[（(]室[）)]){1,39}+)[”\"]?\s*$")
# a character that cannot stand in _NAME_BEFORE's match: the match starts after the last one
_NOT_IN_NAME = re.compile(r"[^\u4e00-\u9fa5、（()）”\"\s]")
# words a 科目 name follows in a sentence ("主要用于一般公共服务支出（类）", "2024年…"); a
# name is only cut from the run after one of them ("其他灾害防治及应急管理支出" is one name)
_LEAD_WORDS = ("用于", "为", "是", "年", "中", "对", "在", "包括", "反映", "安排")
_LEVEL_WORD = {"类": "类级", "款": "款级", "项": "项级"}
_SIMILAR = 0.75       # difflib ratio from which a prose name is taken for a table row's name
_VERDICTS_CACHED = 4096   # (name, year) verdicts remembered: the same 科目 recur across documents


@dataclass(frozen=True)
class Mention:
    """A 科目 named in the prose with its level: "计划生育事务（款）"."""

    name: str
    level: str
    span: Span        # the name and its level marker


def prose_mentions(report: Report) -> list[Mention]:
    """Every "name（类|款|项）" of the prose: the run of characters before the
    marker (the whole of it when it stands in quotes: "“其他…支出”（款）"), or,
    when the run is no catalog name, the catalog name that ends it after a word
    such as "用于" ("…主要用于一般公共服务支出（类）").  Found once per report:
    four rules read them."""
    return once(report, _find_mentions)


def _find_mentions(report: Report) -> list[Mention]:
    doc = report.document
    found = []
    # (re's own scan: its words "（类" … stand in most lines about 科目, and finding them first took twice the time)
    for m in doc.prose_matches(_MARKER):
        window = max(0, m.start() - 48)
        last = _NOT_IN_NAME.search(doc.text[window:m.start()][::-1])      # searched backwards
        before = _NAME_BEFORE.search(doc.text, m.start() - last.start() if last else window, m.start())
        if before is None:
            continue
        run = before.group(1)
        quoted = doc.text[before.start(1) - 1:before.start(1)] in "“\"「"    # a quoted name is whole
        cut = 0 if quoted or functional_entries_named(run) else next(
            (i for i in range(1, len(run) - 3) if run[:i].endswith(_LEAD_WORDS) and _is_whole_name(run[i:])), 0)
        found.append(Mention(run[cut:], m.group(1), Span(before.start(1) + cut, m.end())))
    return found


def _is_whole_name(text: str) -> bool:
    """True when ``text`` is a catalog name with its "支出" suffix as printed
    (so that "普通教育" does not end in the 类 name "教育（支出）")."""
    return any(n.matches(text, allow_cut=False) and n.text.endswith("支出") == text.endswith("支出")
               for e in functional_entries_named(text) for n in e.names)


def coded_rows(report: Report) -> list[TableRow]:
    """Table rows that print a classification code the catalog can know (2…, 3…, 5…);
    found once per report: two rules read them."""
    return once(report, _coded_rows)


def _coded_rows(report: Report) -> list[TableRow]:
    return [r for t in report.tables for r in t.rows
            if r.code and r.code[0] in "235" and entry(r.code) is not None]


def _names(names: list[Name]) -> str:
    return "、".join(f"“{n.text}”" for n in names)


def _renamed(old: Name, new: Name) -> str:
    """How a reviewer is told a name is another year's."""
    if new.first == old.last + 1:
        return f"{new.first}年起该科目名称为“{new.text}”（“{old.text}”为{new.first - 1}年及以前的名称）"
    return f"“{old.text}”是{old.years()}年的科目名称，本年度该科目名称为“{new.text}”"


@rule
class CodeName(Rule):
    """表中每个科目编码应配以文件所属年度《政府收支分类科目》中的名称（和/及/与、括号、“支出”后缀、窄格中被截断的名称不计差异）。
    只有科目表确知该年度名称时，名称不同才是错误（仅措辞不同，如 "未归口管理行政单位离退休"，为提示）；年度不确定时为提示；
    科目表未收录的编码不报告。
    错误示例："2010301 一般行政管理事务"（2010301 是行政运行）。
    正确示例："2010301 行政运行"。"""

    id = "JS-R240"
    family = "classification"
    severity = "error"
    title = "科目编码与名称不符"

    def check(self, report: Report):
        rows = coded_rows(report)
        if not rows:
            raise Skip("表中没有分类目录所列的科目编码")
        year = report.meta.year
        for row in rows:
            e = entry(row.code)
            if e.matching(row.name) is not None:
                continue
            sure = e.names_in(year)
            if sure:
                near = max(_likeness(row.name, n.text) for n in sure) >= _SIMILAR
                other = [o.code for o in functional_entries_named(row.name) if o.code[:-2] == e.code[:-2]]  # a sibling's
                note = (f"“{row.name}”是科目{'、'.join(other)}的名称。" if other
                        else "名称用字与目录略有不同。" if near else "")
                yield self.finding(
                    row.span, f"科目{row.code}的名称应为{_names(sure)}（{year}年政府收支分类科目），"
                    f"表中写作“{row.name}”。{note}", expected=sure[0].text, actual=row.name,
                    severity="info" if near and not other else None)
            else:
                known = "；".join(f"{n.years()}年为“{n.text}”" for n in e.names)
                yield self.finding(
                    row.span, f"科目{row.code}在表中写作“{row.name}”，与分类目录所列名称不同（{known}）；"
                    f"目录不能确定该科目{year or '本'}年的名称，请核对。",
                    expected=e.names[0].text, actual=row.name, severity="info")


@rule
class FormerName(Rule):
    """科目应使用文件所属年度的名称，而不是其他年度的旧名（表中按编码核对，说明中按名称核对）。仅在科目表确知该年度名称时检查，为警告。
    错误示例：2024年公开文件中写 "医疗卫生与计划生育支出"（2019年起该科目名称为“卫生健康支出”）。
    正确示例："卫生健康支出"。"""

    id = "JS-R241"
    family = "classification"
    severity = "warning"
    title = "科目名称为其他年度的名称"

    def check(self, report: Report):
        year = report.meta.year
        if year is None:
            raise Skip("文件年度不明，无法判断科目名称的年度")
        rows, mentions = coded_rows(report), prose_mentions(report)
        if not rows and not mentions:
            raise Skip("没有带编码的科目行，正文也没有标明类/款/项的科目名称")
        for row in rows:
            hit = _former_of_code(row.code, row.name, year)
            if hit:
                yield self._finding(row.span, row.code, row.name, *hit)
        for m in mentions:
            hit = _former_named(m.name, year)
            if hit:
                yield self._finding(m.span, *hit)

    def _finding(self, span: Span, code: str, printed: str, old: Name, new: Name):
        return self.finding(span, f"科目{code}写作“{printed}”：{_renamed(old, new)}。",
                            expected=new.text, actual=printed)


@content_cache(_VERDICTS_CACHED)
def _former_of_code(code: str, printed: str, year: int) -> tuple[Name, Name] | None:
    """:func:`_former` of a table row's code and name (remembered: the same rows recur)."""
    return _former(entry(code), printed, year, allow_cut=True)


@content_cache(_VERDICTS_CACHED)
def _former_named(printed: str, year: int) -> tuple[str, str, Name, Name] | None:
    """(code, printed, the other year's name, this year's name) of a prose name that is another
    year's name of a code and this year's name of none (remembered: the same names recur)."""
    entries = functional_entries_named(printed)
    if any(e.matching(printed, allow_cut=False) in e.names_in(year) for e in entries):
        return None        # the name is this year's name of some code
    for e in entries:
        hit = _former(e, printed, year, allow_cut=False)
        if hit:
            return (e.code, printed, *hit)
    return None


def _former(e: Entry, printed: str, year: int, *, allow_cut: bool) -> tuple[Name, Name] | None:
    """(the other year's name printed, this year's name) when ``printed`` is a former or later name."""
    now = e.names_in(year)
    if not now or any(n.matches(printed, allow_cut=allow_cut) for n in now):
        return None
    old = e.matching(printed, allow_cut=allow_cut)
    return (old, now[0]) if old is not None else None


@rule
class MentionLevel(Rule):
    """说明中带层级标注（"（类）"、"（款）"、"（项）"）的科目，应确为该层级的科目。类级名称标为款或项是错误；
    款或项的名称标为类是警告（类的目录是完整的）；
    款标为项（或反之）时，若文件自身的表中显示为另一层级则为警告，否则为提示（科目表未列全部项）。
    错误示例："卫生健康支出（类）卫生健康支出（款）计划生育事务（项）"（卫生健康支出是类，计划生育事务是款 21007）。
    正确示例："卫生健康支出（类）计划生育事务（款）计划生育服务（项）"。"""

    id = "JS-R242"
    family = "classification"
    severity = "error"
    title = "科目层级与名称不符"

    def check(self, report: Report):
        mentions = prose_mentions(report)
        if not mentions:
            raise Skip("正文中没有标明类/款/项的科目名称")
        table_levels: dict[str, set[str]] = {}
        for t in report.tables:
            for r in t.rows:
                if r.code and r.code[0] == "2" and r.level:
                    table_levels.setdefault(loose(r.name), set()).add(r.level)
        for m in mentions:
            entries = functional_entries_named(m.name)
            levels = {e.level for e in entries}
            if not entries or m.level in levels or m.level in table_levels.get(loose(m.name), ()):
                continue
            where = "、".join(f"{e.level}级科目{e.code}" for e in entries)
            message = f"“{m.name}”是{where}，不是{_LEVEL_WORD[m.level]}科目。"
            generic = m.name.startswith("其他")    # "其他…支出" names recur at every level
            if levels == {"类"} and not generic:
                yield self.finding(m.span, message, expected=f"{m.name}（类）", actual=f"{m.name}（{m.level}）")
            elif m.level == "类" and not generic:    # the 类 list is complete: a 款 or 项 name is never a 类
                yield self.finding(m.span, message, severity="warning",
                                   expected=f"{m.name}（{entries[0].level}）", actual=f"{m.name}（类）")
            elif table_levels.get(loose(m.name)):
                shown = "、".join(sorted(table_levels[loose(m.name)]))
                yield self.finding(m.span, message + f"本文件表中该科目为{shown}级。", severity="warning",
                                   expected=f"{m.name}（{shown}）", actual=f"{m.name}（{m.level}）")
            elif not generic:
                yield self.finding(m.span, message, severity="info",
                                   expected=f"{m.name}（{entries[0].level}）", actual=f"{m.name}（{m.level}）")


@rule
class MentionTableName(Rule):
    """说明中带层级标注的科目名称应与表中写法一致。
    某名称既不是科目表中的名称、也不是表中某行的名称，但与表中同层级某行名称相近时，报为提示，并给出表中的名称。
    错误示例："未归口管理行政单位离退休费（项）"，而表中印 "2080504 未归口管理的行政单位离退休"。
    正确示例："未归口管理的行政单位离退休（项）"。"""

    id = "JS-R243"
    family = "classification"
    severity = "info"
    title = "说明中的科目名称与表中不一致"

    def check(self, report: Report):
        rows = [r for t in report.tables for r in t.rows if r.code and r.code[0] == "2" and r.level]
        if not rows:
            raise Skip("没有列出功能分类科目的表")
        mentions = prose_mentions(report)
        if not mentions:
            raise Skip("正文中没有标明类/款/项的科目名称")
        table_names = {loose(r.name) for r in rows}
        for m in mentions:
            name = loose(m.name)
            if name in table_names or functional_entries_named(m.name):
                continue
            row = _closest(name, [r for r in rows if r.level == m.level])
            if row is not None:
                yield self.finding(m.span, f"说明中的“{m.name}”（{m.level}）与表中科目{row.code}的名称"
                                   f"“{row.name}”不一致。", expected=row.name, actual=m.name)


def _likeness(a: str, b: str) -> float:
    """How alike two names are, 0 to 1 (difflib's ratio of their loose forms)."""
    return SequenceMatcher(None, loose(a), loose(b)).ratio()


def _closest(name: str, rows: list[TableRow]) -> TableRow | None:
    """The row whose name is clearly the closest to ``name`` (None when none is close, or two are)."""
    scored = sorted(((_likeness(name, r.name), r) for r in rows), key=lambda s: -s[0])
    scored = [s for s in scored if s[0] >= _SIMILAR]
    names = {loose(r.name) for _, r in scored[:2]}
    if not scored or (len(names) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]
