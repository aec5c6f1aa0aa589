"""人员经费 and 公用经费: the two halves of the 基本支出, against the 基本支出 table.

The 基本支出 paragraph splits the 基本支出 into 人员经费 (the economic classes 301
工资福利支出 and 303 对个人和家庭的补助) and 公用经费 (the rest: 302 商品和服务支出,
310 资本性支出 …): "基本支出预算 12308.48 万元，其中：（一）人员经费 9710.42 万元 …
（二）公用经费 2598.06 万元".  The 基本支出 table (一般公共预算 or 财政拨款, 决算 or
预算) prints those classes, so each half is recomputed from it: 人员经费 = 301 + 303,
公用经费 = 合计 − 人员经费.  A table is used only when its 类 rows add up to its 合计
(no class row lost: a class it does not print is 0); a 决算 table printing 人员经费
and 公用经费 side by side adds up to its two sides' 合计 rows.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..document import Span
from ..extract.tables import main_column
from ..interval import Interval, Verdict, compare, total
from ..model import Report, StandardTable
from .base import Rule, Skip, money, rule, stated
from .hierarchy import unit_slip

BASIC_TABLES = ("general_basic", "fiscal_basic")
HOW = {"人员经费": "工资福利支出与对个人和家庭的补助之和", "公用经费": "基本支出合计减去人员经费", "基本支出": "合计"}
PERSONNEL_CLASSES = ("301", "303")
_HALF = re.compile(r"(人员经费|公用经费)\s*+(?:支出|预算|合计|为|共|[：:])*\s*")
_HALF_OPENINGS = ("人员经费", "公用经费")    # (found from these: see juesuan.openings)
# "（一般公共预算）财政拨款基本支出预算 12308.48 万元": the 财政拨款 basic total, not a fund's
_BASIC_TOTAL = re.compile(r"(?:财政拨款|一般公共预算)(?:(?!政府性基金|国有资本)[^，。；,;\n\d]){0,12}?(基本支出)\s*+"
                          r"(?:预算|决算)?\s*(?:数)?\s*(?:为|合计|共)?\s*[：:]?\s*")
_BASIC_TOTAL_OPENINGS = ("财政拨款", "一般公共预算")
ZERO = Interval.exact(Decimal(0))
OTHER_FUNDS = ("政府性基金", "国有资本")
CLAUSE_BACK = 30
_CLAUSE_END = re.compile(r"[，。；,;\n]")


def _halves(t: StandardTable) -> dict[str, tuple[Interval, Decimal, Decimal]] | None:
    """{"人员经费": (interval, value in 元, step), "公用经费": …, "基本支出": …} from the
    table's classes and 合计, or None when its classes do not make its 合计."""
    classes = {}
    for r in t.rows:
        col = main_column(t, r.pane)
        if r.code and len(r.code) == 3 and col is not None and col < len(r.values) and r.values[col] is not None:
            classes.setdefault(r.code, r.values[col])
    totals = _totals(t)
    if not classes or not totals:
        return None
    amounts = list(classes.values())
    step = max(a.step for a in amounts + totals)
    whole = total(a.interval for a in totals)
    if compare(whole, total(a.interval for a in amounts), step) is not Verdict.AGREE:
        return None
    people = [classes[c] for c in PERSONNEL_CLASSES if c in classes]
    p_iv = total(a.interval for a in people) if people else ZERO
    p_val = sum((a.yuan for a in people), Decimal(0))
    w_val = sum((a.yuan for a in totals), Decimal(0))
    return {"人员经费": (p_iv, p_val, step), "公用经费": (whole - p_iv, w_val - p_val, step),
            "基本支出": (whole, w_val, step)}


def _totals(t: StandardTable) -> list:
    """The table's 合计; in the 决算 layout of two sides (人员经费 | 公用经费) without one,
    the 合计 row under each side ("人员经费合计 | 公用经费合计")."""
    col = main_column(t, 0)
    whole = next((r.values[col] for r in t.rows if r.level == "合计" and col is not None and col < len(r.values)
                  and r.values[col] is not None), None)
    if whole is not None or t.panes != 2:
        return [whole] if whole is not None else []
    sides = []
    for pane in (0, 1):
        col = main_column(t, pane)
        rows = [r for r in t.rows if r.pane == pane and not r.code and r.name.endswith("合计")
                and col is not None and col < len(r.values) and r.values[col] is not None]
        if len(rows) != 1:
            return []
        sides.append(rows[0].values[col])
    return sides


def _statements(report: Report, pattern: re.Pattern = _HALF, openings: tuple[str, ...] = _HALF_OPENINGS):
    """(which half, span from the word to the amount, amount) in the 基本支出 sections."""
    doc = report.document
    amounts = {a.span.start: a for a in report.amounts}
    for m in doc.prose_matches(pattern, openings):
        clause = doc.text[max(m.start() - CLAUSE_BACK, 0):m.start()]
        if any(w in _CLAUSE_END.split(clause)[-1] for w in OTHER_FUNDS):
            continue                          # 政府性基金财政拨款安排基本支出: a fund's, not the table's
        amount = amounts.get(m.end())
        section = report.section_at(m.start())
        if amount is not None and section is not None and section.topic == "basic":
            yield m.group(1), Span(m.start(), amount.span.end), amount


@rule
class BasicSplitMatchesTable(Rule):
    """基本支出段落中的人员经费、公用经费应与基本支出表一致：人员经费 = 工资福利支出（301）+ 对个人和家庭的补助（303），
    公用经费 = 基本支出合计 − 人员经费（商品和服务支出、资本性支出等）。一般公共预算与财政拨款基本支出表有一张相符即可。
    按舍入区间比较，末位尾差为提示，其余为错误。
    错误示例：基本支出表工资福利支出 5,343.83、对个人和家庭的补助 4,366.59，说明写“人员经费 9710.45 万元”。
    正确示例：“人员经费 9710.42 万元”。"""

    id = "JS-R233"
    family = "tables"
    title = "人员经费、公用经费与基本支出表不符"
    pattern, openings = _HALF, _HALF_OPENINGS
    nothing = "没有可与基本支出表比对的人员经费、公用经费"

    def check(self, report: Report):
        tables = [(t, h) for t in report.tables if t.kind in BASIC_TABLES and t.read
                  and (h := _halves(t)) is not None]
        statements = list(_statements(report, self.pattern, self.openings)) if tables else []
        if not statements:
            raise Skip(self.nothing)
        for half, span, amount in statements:
            computed = [(t, h[half]) for t, h in self.candidates(report.document.text[span.start:span.end], tables)]
            if not computed:
                continue
            if any(unit_slip(amount, value) for _, (_, value, _) in computed):
                continue
            _, (_, value, _) = computed[0]
            yield from self.unless_one_agrees(amount, [(iv, step) for _, (iv, _, step) in computed], lambda: self.finding(
                span,
                f"“{half}”为{stated(amount)}，而按基本支出表（{HOW[half]}）为{money(value, amount)}，"
                f"相差{money(abs(amount.yuan - value), amount)}。",
                expected=money(value, amount), actual=stated(amount),
                arithmetic=f"{stated(amount)} − {money(value, amount)} = {money(amount.yuan - value, amount)}"))

    @staticmethod
    def candidates(said: str, tables: list) -> list:
        """The tables a statement may restate: any 基本支出 table."""
        return tables


@rule
class BasicTotalMatchesTable(BasicSplitMatchesTable):
    """基本支出段落中财政拨款（一般公共预算）基本支出的总额应等于基本支出表（一般公共预算或财政拨款基本支出表）的合计，有一张相符即可。
    按舍入区间比较，末位尾差为提示，其余为错误。
    错误示例：基本支出表合计 12,308.48，说明写“财政拨款基本支出预算 12301.48 万元，其中：……”。
    正确示例：“财政拨款基本支出预算 12308.48 万元”。"""

    id = "JS-R234"
    title = "基本支出总额与基本支出表合计不符"
    pattern, openings = _BASIC_TOTAL, _BASIC_TOTAL_OPENINGS
    nothing = "没有可与基本支出表合计比对的基本支出总额"

    @staticmethod
    def candidates(said: str, tables: list) -> list:
        """A "一般公共预算…基本支出" may be either table's 合计 (they are equal without other
        funds); a "财政拨款基本支出" alone is the 财政拨款 table's (more than the 一般公共预算
        one when a 政府性基金 pays basic costs)."""
        if "一般公共预算" in said:
            return tables
        return [(t, h) for t, h in tables if t.kind == "fiscal_basic"]
