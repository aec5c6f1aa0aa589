"""Performance evaluation (预算绩效): weights, scores, grades, tracking tables, rates, counts.

The rules read ``report.performance`` (see :mod:`juesuan.extract.performance`).
Money and rates go through the rounding-interval rule of
:mod:`juesuan.interval`; points (分值, 得分, 权重) and counts are exact numbers
as printed, since they are assigned, not measured: a total of scores is
the sum of the printed scores, and a one-unit gap in the last digit is
reported as information, not as an error.
"""

from __future__ import annotations

from decimal import Decimal

from ..extract.performance import default_bands, grade_rank, phrases
from ..interval import Interval, Verdict, compare, total
from ..document import Span
from ..model import UNIT_FACTORS, Amount, Finding, Percent, Report
from ..performance_model import (BandTable, IndicatorTable, Performance, PointsScheme, Quantity, RateClaim,
                                 TrackingTable)
from ..model import format_number
from .base import Rule, Skip, money, place, rule, stated
from .sentence_span import with_same_sentence

HUNDRED = Decimal(100)


def _perf(report: Report) -> Performance:
    perf = report.performance
    if perf is None:
        raise Skip("未读取绩效评价部分")
    return perf


def pct(value: Decimal, like: Percent) -> str:
    """A computed rate, to two decimals at least (99.96%, not 100.0%)."""
    return format_number(value, max(like.decimals, 2)) + "%"


def _pts(value: Decimal) -> str:
    """A number of points as a reader writes it (10, 9.5, 93.25)."""
    text = f"{value.normalize():f}"
    return text


def rate_interval(spent: Amount, budget: Amount) -> Interval | None:
    """spent ÷ budget × 100 as an interval, or None when the budget may be zero."""
    q = spent.interval / budget.interval
    return None if q is None else q.scale(HUNDRED)


def judge_rate(rule: Rule, printed: Percent, spent: Amount, budget: Amount, message,
               span: Span | None = None) -> tuple[bool, Finding | None]:
    """(checked, finding): whether a printed rate could be checked against
    spent ÷ budget × 100 (not when the budget may be zero), and the finding when it
    is wrong (else None), at ``span`` (the rate's own by default).

    ``message(value)`` words the finding from the computed rate.
    """
    computed = rate_interval(spent, budget)
    if computed is None:
        return False, None

    def finding() -> Finding:
        value = spent.yuan / budget.yuan * HUNDRED
        return rule.finding(
            span or printed.span, message(value), expected=pct(value, printed), actual=printed.text,
            arithmetic=f"{stated(spent)} ÷ {stated(budget)} × 100% = {pct(value, printed)}")
    return True, next(rule.unless_agreed(printed.interval, computed, printed.step, finding), None)


# ---- weights and scores ------------------------------------------------------------

def _weights(table: IndicatorTable) -> list[Quantity] | None:
    ws = [i.weight for i in table.indicators]
    if not ws or any(w is None for w in ws) or len({w.unit == "%" for w in ws}) != 1:
        return None
    return ws


@rule
class WeightsSumToTotal(Rule):
    """指标表的分值/权重应合计为100（100%，或合计行所列总数）；项目支出绩效自评表中，预算执行率一行的分值（10）与各指标分值（90）合计为100。
    正文中的计分方案（"年度总目标(100分)…（1）产出指标（60分）…"）及各项下的细目（"其中，数量指标20分，质量指标20分…"）同样须合计相符。
    有行被省略（"……"）或权重不全是数字的表不检查。不符为错误。
    错误示例：部门整体绩效目标表中六个指标权重各为10%（合计60%）。
    正确示例：同一表格权重合计为100%。"""

    id = "JS-R800"
    family = "performance"
    title = "指标权重（分值）合计不等于100"

    def check(self, report: Report):
        perf = _perf(report)
        ran = False
        forms = {id(f.indicators): f for f in perf.forms if f.indicators is not None}
        for table in perf.indicator_tables:
            if not table.has_weight:
                continue
            ws = _weights(table)
            if ws is None or not table.complete:
                continue
            ran = True
            form = forms.get(id(table))
            extra = []
            if form is not None:
                ft = form.funds_total
                if ft is None or ft.weight is None:
                    continue
                extra = [ft.weight]
            s = sum(w.value for w in ws + extra)
            percent = ws[0].unit == "%"
            expected = HUNDRED
            stated_total = None
            if form is None and table.totals and not table.has_score and len(table.totals) == 1:
                stated_total = table.totals[0]
                expected = stated_total.value
            if s == expected:
                continue
            groups = {}
            for ind in table.indicators:
                groups.setdefault(ind.group, []).append(ind.weight.value)
            if len(groups) > 1 and all(sum(v) == expected for v in groups.values()):
                continue
            unit = "%" if percent else "分"
            parts = " + ".join(_pts(w.value) for w in extra + ws)
            column = report.document.text[table.weight_header.start:table.weight_header.end].strip() \
                if table.weight_header else ""
            what = f"“{column}”" if column else "分值" if form is not None else "权重"
            where = table.total_span if stated_total is not None and table.total_span \
                else table.weight_header or table.span
            yield self.finding(
                where,
                f"{'自评表' if form is not None else '指标表'}共{len(ws) + len(extra)}项{what}，合计"
                f"{_pts(s)}{unit}，应为{_pts(expected)}{unit}" + ("（预算执行率分值计入）" if extra else "")
                + "。",
                expected=f"{_pts(expected)}{unit}", actual=f"{_pts(s)}{unit}",
                arithmetic=f"{parts} = {_pts(s)}{unit} ≠ {_pts(expected)}{unit}")
        for scheme in perf.schemes:
            ran = True
            yield from self._scheme(scheme)
        if not ran:
            raise Skip("没有带数字权重的指标表或分值方案")

    def _scheme(self, scheme: PointsScheme):
        s = sum(i.points.value for i in scheme.items)
        if s != scheme.total.value:
            yield self.finding(
                scheme.total.span,
                f"“{scheme.label}”{_pts(scheme.total.value)}分，下列各项"
                f"（{'、'.join(i.label for i in scheme.items)}）合计{_pts(s)}分，二者不等。",
                expected=f"{_pts(s)}分", actual=f"{_pts(scheme.total.value)}分",
                arithmetic=" + ".join(_pts(i.points.value) for i in scheme.items) + f" = {_pts(s)} ≠ "
                           f"{_pts(scheme.total.value)}")
        for item in scheme.items:
            if not item.parts:
                continue
            ps = sum(p.points.value for p in item.parts)
            if ps != item.points.value:
                yield self.finding(
                    item.points.span,
                    f"“{item.label}”{_pts(item.points.value)}分，其下各项（"
                    f"{'、'.join(p.label for p in item.parts)}）合计{_pts(ps)}分，二者不等。",
                    expected=f"{_pts(ps)}分", actual=f"{_pts(item.points.value)}分",
                    arithmetic=" + ".join(_pts(p.points.value) for p in item.parts) + f" = {_pts(ps)} ≠ "
                               f"{_pts(item.points.value)}")


@rule
class ScoreWithinWeight(Rule):
    """得分不得超过其分值/权重：各指标如此，自评表的预算执行率一行也如此。仅在两者都是同一单位的数字时比较，超过为错误。
    错误示例：分值10，得分12。
    正确示例：分值10，得分9.8。"""

    id = "JS-R801"
    family = "performance"
    title = "得分超过分值"

    def check(self, report: Report):
        perf = _perf(report)
        ran = False
        for form in perf.forms:
            for row in form.funds:
                if row.weight is not None and row.score is not None and row.weight.unit == row.score.unit:
                    ran = True
                    if row.score.value > row.weight.value:
                        yield self._finding(row.score, row.weight, f"“{row.label}”")
        for table in perf.indicator_tables:
            for ind in table.indicators:
                if ind.weight is None or ind.score is None or (ind.weight.unit == "%") != (ind.score.unit == "%"):
                    continue
                ran = True
                if ind.score.value > ind.weight.value:
                    yield self._finding(ind.score, ind.weight, f"指标“{ind.name}”")
        if not ran:
            raise Skip("没有同时给出分值与得分的指标")

    def _finding(self, score: Quantity, weight: Quantity, what: str):
        return self.finding(score.span, f"{what}得分{_pts(score.value)}超过其分值{_pts(weight.value)}。",
                            expected=f"≤ {_pts(weight.value)}", actual=_pts(score.value),
                            arithmetic=f"{_pts(score.value)} > {_pts(weight.value)}")


@rule
class TotalScoreIsSum(Rule):
    """自评表的总分应等于各项得分之和：预算执行率一行的得分加上各指标得分。总分行只印一个数时，它应为分值之和（100）或得分之和。
    不符为错误。
    错误示例：各项得分 10 + 18 + 20 + 20 + 10 + 10 + 9 = 97，总分95。
    正确示例：总分97。"""

    id = "JS-R802"
    family = "performance"
    title = "总分不等于各项得分之和"

    def check(self, report: Report):
        perf = _perf(report)
        ran = False
        forms = {id(f.indicators): f for f in perf.forms if f.indicators is not None}
        for table in perf.indicator_tables:
            if not table.has_score or not table.totals or not table.complete:
                continue
            scores = [i.score for i in table.indicators]
            if not scores or any(s is None for s in scores):
                continue
            form = forms.get(id(table))
            extra = []
            if form is not None:
                ft = form.funds_total
                if ft is None or ft.score is None:
                    continue
                extra = [ft.score]
            if len({s.unit == "%" for s in scores + extra}) != 1:
                continue
            ran = True
            s_sum = sum(s.value for s in scores + extra)
            step = max(s.step for s in scores + extra)
            ws = _weights(table)
            w_sum = None
            if ws is not None and (form is None or form.funds_total.weight is not None):
                w_sum = sum(w.value for w in ws) + (form.funds_total.weight.value if form is not None else 0)
            stated_total = table.totals[-1]
            if len(table.totals) == 1 and w_sum is not None and stated_total.value == w_sum:
                continue          # the one number is the total of the weights
            # points are exact as printed; a gap of one unit of the last digit is rounding
            yield from self.unless_agreed(
                Interval.exact(stated_total.value), Interval.exact(s_sum), max(step, stated_total.step),
                lambda: self.finding(
                    stated_total.span,
                    f"总分写{_pts(stated_total.value)}，各项得分合计为{_pts(s_sum)}。",
                    expected=_pts(s_sum), actual=_pts(stated_total.value),
                    arithmetic=" + ".join(_pts(s.value) for s in extra + scores) + f" = {_pts(s_sum)}"))
        if not ran:
            raise Skip("没有逐项给出得分和总分的自评表")


@rule
class ExecutionScoreFollowsRate(Rule):
    """自评表中预算执行率一行的得分 = 执行率 × 分值（执行率以100%为上限）。按舍入区间比较：印出的执行率代表其舍入区间；
    舍入解释不了的差异为错误。
    错误示例：分值10，执行率85%，得分10（应为8.5）。
    正确示例：得分8.5。"""

    id = "JS-R803"
    family = "performance"
    title = "预算执行率得分与执行率不符"

    def check(self, report: Report):
        perf = _perf(report)
        ran = False
        for form in perf.forms:
            row = form.funds_total
            if row is None or row.weight is None or row.rate is None or row.score is None:
                continue
            ran = True
            rate = row.rate.interval
            capped = Interval(min(rate.lo, HUNDRED), min(rate.hi, HUNDRED))
            expected = capped.scale(row.weight.value / HUNDRED)
            value = min(row.rate.value, HUNDRED) * row.weight.value / HUNDRED
            yield from self.unless_agreed(
                Interval.exact(row.score.value), expected, row.score.step,
                lambda: self.finding(
                    row.score.span,
                    f"执行率{row.rate.text}、分值{_pts(row.weight.value)}，得分应为{_pts(value)}（执行率×分值），"
                    f"表中写{_pts(row.score.value)}。",
                    expected=_pts(value), actual=_pts(row.score.value),
                    arithmetic=f"{row.rate.text} × {_pts(row.weight.value)} = {_pts(value)}"))
        if not ran:
            raise Skip("自评表中没有分值、执行率和得分俱全的资金行")


@rule
class FormExecutionRate(Rule):
    """自评表中 执行率 = 全年执行数 ÷ 全年预算数，按舍入区间比较，不符为错误。
    错误示例：全年预算数68.00，全年执行数67.97，执行率98%（应为99.96%）。
    正确示例：执行率99.96%（或100%，即99.96%取整到百分位）。"""

    id = "JS-R804"
    family = "performance"
    title = "自评表执行率与预算数、执行数不符"

    def check(self, report: Report):
        perf = _perf(report)
        ran = False
        for form in perf.forms:
            for row in form.funds:
                if row.budget is None or row.executed is None or row.rate is None:
                    continue
                checked, finding = judge_rate(
                    self, row.rate, row.executed, row.budget,
                    lambda v, row=row: f"“{row.label}”全年执行数{stated(row.executed)}÷全年预算数"
                                       f"{stated(row.budget)}={pct(v, row.rate)}，表中执行率写{row.rate.text}。")
                ran |= checked
                if finding:
                    yield finding
        if not ran:
            raise Skip("自评表中没有预算数、执行数和执行率俱全的行")


_FUNDS_COLUMNS = {"budget_initial": "年初预算数", "budget": "全年预算数", "executed": "全年执行数"}


@rule
class FormFundsAddUp(Rule):
    """自评表中“年度资金总额”一行应等于其下各行（其中：当年财政拨款、上年结转资金、其他资金）之和，年初预算数、全年预算数、全年执行数各栏均如此；空格按0计。
    分项超过总额一律为错误；分项不足只在三项都列出时报告。
    错误示例：年度资金总额67.97，只有当年财政拨款60.97。
    正确示例：当年财政拨款67.97。"""

    id = "JS-R806"
    family = "performance"
    title = "自评表资金总额不等于各来源之和"

    def check(self, report: Report):
        perf = _perf(report)
        ran = False
        for form in perf.forms:
            head = form.funds_total
            subs = [r for r in form.funds if r is not head]
            if head is None or not subs:
                continue
            complete = len(subs) >= 3
            for role, name in _FUNDS_COLUMNS.items():
                said = getattr(head, role)
                cells = [getattr(r, role) for r in subs]
                present = [c for c in cells if c is not None]
                if said is None or not present:
                    continue
                ran = True
                s = sum(c.yuan for c in present)
                if s < said.yuan and not complete:
                    continue      # an incomplete list proves only parts exceeding the total
                yield from self.unless_agreed(
                    said.interval, total(c.interval for c in present), said.step,
                    lambda: self.finding(
                        said.span,
                        f"“{head.label}”的{name}写{stated(said)}，其下各资金来源合计{money(s, said)}。",
                        expected=money(s, said), actual=stated(said),
                        arithmetic=" + ".join(stated(c) for c in present) + f" = {money(s, said)}"))
        if not ran:
            raise Skip("自评表中没有分资金来源的行")


@rule
class FormBudgetMatchesReport(Rule):
    """自评表所列项目预算应与报告所述一致：报告中关于该项目的句子所述支出恰为自评表的全年执行数（"项目预算批复68.00万元…实际支出67.97万元"）时，
    自评表的全年预算数应为该预算。不符为警告。
    错误示例：在 "项目预算批复68.00万元…实际支出67.97万元" 之后，自评表全年预算数67.97、全年执行数67.97。
    正确示例：全年预算数68.00（执行率99.96%）。"""

    id = "JS-R809"
    family = "performance"
    severity = "warning"
    title = "自评表预算数与报告所述预算不符"

    def check(self, report: Report):
        perf = _perf(report)
        rows = [f.funds_total for f in perf.forms if f.funds_total is not None
                and f.funds_total.budget is not None and f.funds_total.executed is not None]
        claims = [c for c in perf.rate_claims if c.source == "own" and c.spent is not None and c.budget is not None]
        if not rows or not claims:
            raise Skip("没有可与正文对照的自评表资金行")
        for row in rows:
            same = [c for c in claims if c.spent.yuan == row.executed.yuan]
            budgets = {c.budget.yuan for c in same}
            if len(budgets) != 1:
                continue            # no sentence on this project, or sentences that disagree
            c = same[0]
            yield from self.unless_agreed(row.budget.interval, c.budget.interval, max(row.budget.step, c.budget.step),
                                          lambda row=row, c=c: self.finding(
                row.budget.span,
                f"自评表“{row.label}”全年预算数{stated(row.budget)}，而{place(report.document, c.span.start)}"
                f"写该项目预算{stated(c.budget)}（实际支出同为{stated(c.spent)}）。",
                expected=stated(c.budget), actual=stated(row.budget),
                arithmetic=f"{stated(row.budget)} ≠ {stated(c.budget)}"))


@rule
class IndicatorMoneyUnit(Rule):
    """以金额为值的指标（度量单位元/万元）应使用文件陈述该数字时的单位：指标值与正文某金额数字相同而单位不同，即单位错误（相差一万倍），判为错误。
    只比较带小数的值，以免整数偶然相同。
    错误示例：成本控制20060.27 元，而全年预算数为20,060.27万元。
    正确示例：成本控制20060.27 万元。"""

    id = "JS-R808"
    family = "performance"
    title = "指标值金额单位错误"

    def check(self, report: Report):
        perf = _perf(report)
        money_rows = [(t, i) for t in perf.indicator_tables for i in t.indicators
                      if i.unit in UNIT_FACTORS and i.target is not None]
        if not money_rows:
            raise Skip("没有以金额为度量单位的指标")
        amounts = report.amounts
        for _, ind in money_rows:
            if ind.target.decimals < 2:
                continue
            same = [a for a in amounts if a.value == ind.target.value and a.unit != ind.unit
                    and a.decimals == ind.target.decimals]
            if not same:
                continue
            a = same[0]
            yield self.finding(
                ind.target.span,
                f"指标“{ind.name}”的指标值{ind.target.text}{ind.unit}，与{place(report.document, a.span.start)}的"
                f"{a.text}数字相同而单位不同，度量单位应为“{a.unit}”（相差{_pts(UNIT_FACTORS[a.unit] / UNIT_FACTORS[ind.unit]) if UNIT_FACTORS[a.unit] > UNIT_FACTORS[ind.unit] else _pts(UNIT_FACTORS[ind.unit] / UNIT_FACTORS[a.unit])}倍）。",
                expected=f"{ind.target.text}{a.unit}", actual=f"{ind.target.text}{ind.unit}",
                arithmetic=f"{ind.target.text}{ind.unit} ≠ {a.text}")


# ---- grades ------------------------------------------------------------------------

def band_table_for(perf: Performance, offset: int) -> BandTable:
    """The document's own band table nearest the statement, else 财预〔2020〕10号's."""
    if not perf.band_tables:
        return default_bands()
    return min(perf.band_tables, key=lambda b: abs(b.span.start - offset))


@rule
class GradeMatchesScore(Rule):
    """所述等级应与所述得分按等级区间相符：文件自己给出区间表时按其区间（"90（含）-100分为优、80（含）-90分为良…"），
    否则按财预〔2020〕10号：90分及以上为优，80至90为良，60至80为中，60以下为差（含下限；优秀/良好/一般/较差同级）。
    以印出的得分为准：89.99为良，90和90.00为优，59.5为差。不符为错误。
    错误示例："综合得分89.5分，评价等次为“优”"。
    正确示例："综合得分91.29分，评价等次为“优”"。"""

    id = "JS-R805"
    family = "performance"
    title = "评价等级与得分不符"

    def check(self, report: Report):
        perf = _perf(report)
        pairs = [s for s in perf.scores if s.score is not None and s.grade]
        if not pairs:
            raise Skip("没有同时给出得分与等级的评价结论")
        for st in pairs:
            bands = band_table_for(perf, st.span.start)
            expected = bands.grade_of(st.score.value)
            if expected is None:
                continue
            stated_rank, expected_rank = grade_rank(st.grade), grade_rank(expected)
            if stated_rank is not None and expected_rank is not None:
                if stated_rank == expected_rank:
                    continue
                word = _word_in_vocabulary(expected, st.grade)
            else:
                if st.grade == expected:
                    continue
                word = expected
            source = "文中的等级标准" if bands.span is not None else "财预〔2020〕10号的等级标准"
            yield self.finding(
                st.grade_span or st.span,
                f"得分{_pts(st.score.value)}分，按{source}（{_bands_text(bands)}）应为“{word}”，文中写“{st.grade}”。",
                expected=word, actual=st.grade,
                arithmetic=f"{_pts(st.score.value)}分 → {word}")


@rule
class OverallScoreRestated(Rule):
    """部门整体绩效的得分和等级只写一次，或每次都相同：摘要中 "整体支出绩效评价综合得分91.29分"，结论中 "综合得分91.29分，评价等次为“优”"。
    前后不一为错误。
    错误示例：一处为91.29分，另一处为93.29分。
    正确示例：两处均为91.29分。"""

    id = "JS-R807"
    family = "performance"
    title = "整体绩效得分或等级前后不一"

    def check(self, report: Report):
        perf = _perf(report)
        overall = [s for s in perf.scores if s.scope == "overall"]
        if len(overall) < 2:
            raise Skip("整体绩效得分或等级只出现一次")
        doc = report.document
        first_score = next((s for s in overall if s.score is not None), None)
        first_grade = next((s for s in overall if s.grade), None)
        for s in overall:
            if first_score is not None and s is not first_score and s.score is not None \
                    and s.score.value != first_score.score.value:
                yield self.finding(s.score.span, f"整体绩效得分在{place(doc, first_score.span.start)}写作"
                                                 f"{_pts(first_score.score.value)}分，此处写{_pts(s.score.value)}分。",
                                   expected=f"{_pts(first_score.score.value)}分", actual=f"{_pts(s.score.value)}分",
                                   arithmetic=f"{_pts(first_score.score.value)} ≠ {_pts(s.score.value)}")
            if first_grade is not None and s is not first_grade and s.grade \
                    and grade_rank(s.grade) != grade_rank(first_grade.grade):
                yield self.finding(s.grade_span or s.span, f"整体绩效等级在{place(doc, first_grade.span.start)}"
                                                           f"写作“{first_grade.grade}”，此处写“{s.grade}”。",
                                   expected=first_grade.grade, actual=s.grade,
                                   arithmetic=f"{first_grade.grade} ≠ {s.grade}")


def _word_in_vocabulary(expected: str, like: str) -> str:
    """The expected grade in the stated grade's vocabulary (优 vs 优秀)."""
    ranks = phrases()["grade_ranks"]
    r = grade_rank(expected)
    for words in ranks:
        if like in words:
            pos = words.index(like)
            return ranks[r][min(pos, len(ranks[r]) - 1)]
    return expected


def _bands_text(bands: BandTable) -> str:
    parts = []
    for b in sorted(bands.bands, key=lambda b: b.lo, reverse=True):
        parts.append(f"{_pts(b.lo)}分{'及' if b.lo_inclusive else ''}以上为{b.grade}" if b.lo > 0
                     else f"其下为{b.grade}")
    return "，".join(parts)


# ---- tracking tables -----------------------------------------------------------------

def _has_column(table: TrackingTable, role: str) -> bool:
    return any(getattr(r, role) is not None for r in table.rows + ((table.total,) if table.total else ()))


def _iv(a: Amount | None) -> Interval:
    return a.interval if a is not None else Interval.exact(Decimal(0))


@rule
class AdjustedBudgetIdentity(Rule):
    """调整后预算 = 年初预算 + 年中追加 − 年中追减：跟踪表的每一行、合计行，
    以及同时写明四个数的句子（"年初预算X，年中追加 Y，年中调减Z，调整后W"）均如此。
    按舍入区间比较，末位尾差为提示，其余为错误。
    错误示例：年初预算140.00、追加0.00、追减50.36、调整后90.64。
    正确示例：调整后89.64。"""

    id = "JS-R810"
    family = "performance"
    title = "调整后预算不等于年初预算加追加减追减"

    def check(self, report: Report):
        perf = _perf(report)
        text = report.document.text
        ran = False
        for table in perf.tracking_tables:
            if not (_has_column(table, "added") or _has_column(table, "cut")):
                continue
            for row in table.rows + ((table.total,) if table.total else ()):
                if row.initial is None or row.adjusted is None:
                    continue
                ran = True
                yield from self._identity(text, row.initial, row.added, row.cut, row.adjusted, row.name)
        for sm in perf.summaries:
            if sm.initial is None or sm.adjusted is None or sm.added is None or sm.cut is None:
                continue
            ran = True
            yield from self._identity(text, sm.initial, sm.added, sm.cut, sm.adjusted, sm.subject or "重点跟踪项目")
        if not ran:
            raise Skip("没有带年初预算、追加/追减与调整后预算的跟踪表")

    def _identity(self, text, initial, added, cut, adjusted, name):
        computed = _iv(initial) + _iv(added) - _iv(cut)
        step = max(a.step for a in (initial, added, cut, adjusted) if a is not None)
        value = initial.yuan + (added.yuan if added else 0) - (cut.yuan if cut else 0)
        terms = [a.span for a in (initial, added, cut) if a is not None]
        yield from self.unless_agreed(adjusted.interval, computed, step, lambda: self.finding(
            with_same_sentence(text, adjusted.span, terms),
            f"“{name}”年初预算{stated(initial)}" + (f"，追加{stated(added)}" if added else "")
            + (f"，追减{stated(cut)}" if cut else "") + f"，调整后预算应为{money(value, adjusted)}，"
            f"写作{stated(adjusted)}。",
            expected=money(value, adjusted), actual=stated(adjusted),
            arithmetic=f"{stated(initial)} + {stated(added) if added else '0'} − {stated(cut) if cut else '0'}"
                       f" = {money(value, adjusted)}"))


@rule
class TrackingRowRate(Rule):
    """跟踪表中 执行率 = 实际支出 ÷ 调整后预算，每一行及合计行均如此；按舍入区间比较，不符为错误。
    错误示例：调整后预算30.00，实际支出25.00，执行率88.33%。
    正确示例：执行率83.33%。"""

    id = "JS-R811"
    family = "performance"
    title = "跟踪表执行率与实际支出、调整后预算不符"

    def check(self, report: Report):
        perf = _perf(report)
        text = report.document.text
        ran = False
        for table in perf.tracking_tables:
            for row in table.rows + ((table.total,) if table.total else ()):
                if row.rate is None or row.actual is None or row.adjusted is None:
                    continue
                checked, finding = judge_rate(
                    self, row.rate, row.actual, row.adjusted,
                    lambda v, row=row: f"“{row.name}”实际支出{stated(row.actual)}÷调整后预算{stated(row.adjusted)}="
                                       f"{pct(v, row.rate)}，表中写{row.rate.text}。",
                    span=with_same_sentence(text, row.rate.span, [row.adjusted.span, row.actual.span]))
                ran |= checked
                if finding:
                    yield finding
        if not ran:
            raise Skip("没有带执行率的跟踪表")


_COLUMN_NAMES = {"initial": "年初预算", "added": "年中追加", "cut": "年中追减", "adjusted": "调整后预算",
                 "actual": "实际支出"}


@rule
class TrackingColumnTotals(Rule):
    """跟踪表的合计行应逐栏等于各行之和（年初预算、年中追加、年中追减、调整后预算、实际支出）。
    舍入后各行之和按区间比较，故38行精确到分的数与合计相差几分不报告；超出舍入范围为错误。
    错误示例：各行 80.52 + 140.00 + 83.10，合计313.62。
    正确示例：合计303.62。"""

    id = "JS-R812"
    family = "performance"
    title = "跟踪表合计不等于各行之和"

    def check(self, report: Report):
        perf = _perf(report)
        ran = False
        for table in perf.tracking_tables:
            if table.total is None or not table.complete:
                continue
            for role, name in _COLUMN_NAMES.items():
                stated_total = getattr(table.total, role)
                cells = [getattr(r, role) for r in table.rows]
                if stated_total is None or all(c is None for c in cells):
                    continue
                ran = True
                present = [c for c in cells if c is not None]
                s = sum(c.yuan for c in present)
                yield from self.unless_agreed(
                    stated_total.interval, total(c.interval for c in present), stated_total.step,
                    lambda: self.finding(
                        stated_total.span,
                        f"“{name}”列{len(present)}行合计{money(s, stated_total)}，合计行写{stated(stated_total)}。",
                        expected=money(s, stated_total), actual=stated(stated_total),
                        arithmetic=f"Σ{name}（{len(present)}行） = {money(s, stated_total)}"))
        if not ran:
            raise Skip("没有带合计行的跟踪表")


@rule
class TrackingSummaryMatchesTable(Rule):
    """汇总跟踪项目的句子（"综合办公室…重点跟踪项目共计6个…年初预算合计金额963.62万元，年中调减预算金额155.72万元，调整后…807.90万元，实际支出总额806.48万元"）应与其所汇总的跟踪表各行相符（句中点名的部门的各行；未点名部门且全部计数时为全部各行）：项目个数和各项金额都要一致。"跟踪的38个项目中有5个项目预算执行率不足80%" 也应与各行执行率相符。
    不符为错误。
    错误示例：年初预算合计747.53万元，而该部门九行合计547.53。
    正确示例：547.53万元。"""

    id = "JS-R813"
    family = "performance"
    title = "跟踪情况表述与跟踪表不符"

    def check(self, report: Report):
        perf = _perf(report)
        if not perf.tracking_tables or not (perf.summaries or perf.below_claims or perf.tracked_counts):
            raise Skip("没有跟踪表或对跟踪项目的汇总表述")
        table = perf.tracking_tables[0]
        for sm in perf.summaries:
            if sm.subject is not None:
                rows = table.rows_of(sm.subject)
                what = f"{sm.subject}的{len(rows)}个跟踪项目"
            elif sm.count is not None and int(sm.count.value) == len(table.rows) and table.complete:
                rows = table.rows
                what = f"全部{len(rows)}个跟踪项目"
            else:
                continue
            if not rows:
                continue
            if sm.count is not None and int(sm.count.value) != len(rows) and sm.subject is not None:
                yield self.finding(sm.count.span, f"文中写{sm.subject}跟踪项目{sm.count.text}，跟踪表中该部门有"
                                                  f"{len(rows)}个项目。",
                                   expected=f"{len(rows)}个", actual=sm.count.text,
                                   arithmetic=f"跟踪表中实施部门为“{sm.subject}”的行数 = {len(rows)}")
            for role, name in _COLUMN_NAMES.items():
                said = getattr(sm, role)
                cells = [getattr(r, role) for r in rows]
                if said is None or any(c is None for c in cells):
                    continue
                s = sum(c.yuan for c in cells)
                yield from self.unless_agreed(
                    said.interval, total(c.interval for c in cells), said.step,
                    lambda: self.finding(
                        said.span,
                        f"文中写{name}{stated(said)}，跟踪表中{what}的{name}合计为{money(s, said)}。",
                        expected=money(s, said), actual=stated(said),
                        arithmetic=" + ".join(stated(c) for c in cells[:12]) + (" + …" if len(cells) > 12 else "")
                                   + f" = {money(s, said)}"))
        if table.complete:
            departments = {r.department for r in table.rows if r.department}
            for tc in perf.tracked_counts:
                n = len(table.rows) if tc.what == "projects" else len(departments)
                if tc.what == "departments" and not departments:
                    continue
                if int(tc.count.value) != n:
                    what = "跟踪项目" if tc.what == "projects" else "实施部门（科室）"
                    yield self.finding(tc.count.span, f"文中写{what}{tc.count.text}，跟踪表中有{n}个。",
                                       expected=f"{n}个", actual=tc.count.text,
                                       arithmetic=f"跟踪表中{what}数 = {n}")
        for bc in perf.below_claims:
            rated = [r for r in table.rows if r.rate is not None]
            if len(rated) != len(table.rows) or not table.complete:
                continue
            if bc.of_count is not None and int(bc.of_count.value) != len(table.rows):
                continue
            below = [r for r in rated if r.rate.value < bc.threshold.value]
            if len(below) != int(bc.count.value):
                yield self.finding(
                    bc.count.span,
                    f"文中写执行率不足{bc.threshold.text}的项目{_pts(bc.count.value)}个，跟踪表中有{len(below)}个"
                    f"（{'、'.join(r.name for r in below[:8])}）。",
                    expected=f"{len(below)}个", actual=f"{_pts(bc.count.value)}个",
                    arithmetic=f"跟踪表中执行率 < {bc.threshold.text} 的行数 = {len(below)}")


@rule
class TrackingListTotal(Rule):
    """绩效跟踪清单应合计相符：合计 = Σ 项目金额，清单上方所述绩效跟踪金额等于该合计。不符为错误。
    错误示例：各项合计53,421,615.16元，而合计53,412,615.16元。
    正确示例：合计53,421,615.16元。"""

    id = "JS-R814"
    family = "performance"
    title = "跟踪清单合计或跟踪金额不符"

    def check(self, report: Report):
        perf = _perf(report)
        if not perf.tracking_lists:
            raise Skip("没有绩效跟踪清单")
        for tl in perf.tracking_lists:
            amounts = [i.amount for i in tl.items]
            if tl.total is not None and tl.complete and all(a is not None for a in amounts):
                s = sum(a.yuan for a in amounts)
                yield from self.unless_agreed(
                    tl.total.interval, total(a.interval for a in amounts), tl.total.step,
                    lambda: self.finding(
                        tl.total.span, f"清单{len(amounts)}个项目金额合计{money(s, tl.total)}，合计行写{stated(tl.total)}。",
                        expected=money(s, tl.total), actual=stated(tl.total),
                        arithmetic=f"Σ项目金额（{len(amounts)}项） = {money(s, tl.total)}"))
            if tl.total is not None and tl.tracked is not None:
                yield from self.unless_agreed(
                    tl.tracked.interval, tl.total.interval, max(tl.tracked.step, tl.total.step),
                    lambda: self.finding(
                        tl.tracked.span, f"绩效跟踪金额写{stated(tl.tracked)}，清单合计为{stated(tl.total)}。",
                        expected=money(tl.total.yuan, tl.tracked), actual=stated(tl.tracked),
                        arithmetic=f"{stated(tl.tracked)} ≠ {stated(tl.total)}"))


# ---- execution-rate claims ----------------------------------------------------------------

def _claim_message(claim: RateClaim, value: Decimal) -> str:
    budget_name = {"adjusted": "调整后预算", "initial": "年初预算"}.get(claim.budget_kind, "预算")
    text = (f"支出{stated(claim.spent)}÷{budget_name}{stated(claim.budget)}={pct(value, claim.percent)}，"
            f"文中写“{claim.phrase}{claim.percent.text}”")
    if claim.spent.interval.lo > claim.budget.interval.hi and claim.percent.value <= HUNDRED:
        text += "；支出超过了预算，执行率不会是" + claim.percent.text
    return text + "。"


@rule
class ExecutionRateClaim(Rule):
    """每一处预算执行率（以及预算完成比例、支出进度、"支出金额占全年预算金额比例"）应与其所依据的预算和支出相符：依据为所在句子所述的数（调整后预算优先于全年预算，再优先于年初预算；“其中”之后所列为分项，不是总数），
    或“预算执行情况”部分的部门执行率所依据的该部分全年预算数和资金总体支出。按区间比较："100%" 代表 99.5%–100.5%；
    超出为错误。
    错误示例："预算批复68.00万元…实际支出67.97万元，预算执行率为98%"（99.96%）；"全年预算数20,060.27万元…总体支出20,374.43万元…执行率为100%"（101.57%）。
    正确示例："…预算执行率为99.96%"（或100%）。"""

    id = "JS-R820"
    family = "performance"
    title = "预算执行率与预算、支出数不符"

    def check(self, report: Report):
        perf = _perf(report)
        claims = [c for c in perf.rate_claims if c.source in ("own", "section")]
        if not claims:
            raise Skip("没有附带预算与支出数的执行率表述")
        text = report.document.text
        for c in claims:
            _, finding = judge_rate(self, c.percent, c.spent, c.budget, lambda v, c=c: _claim_message(c, v),
                                    with_same_sentence(text, c.span, [c.spent.span, c.budget.span]))
            if finding:
                yield finding


@rule
class DepartmentRateAgainstAccounts(Rule):
    """部门整体预算执行率应与决算所述支出相符：绩效部分的“部门整体支出”不是决算的本年支出合计时，用本年支出合计重算执行率（结转下年的资金不算支出）。
    不符为警告。
    错误示例："部门整体支出18,425.82万元…比例为100%"，
    而决算本年支出合计为 180,567,629.26元（18,056.76 ÷ 18,425.82 = 98.00%）。
    正确示例："…比例为98.00%"。"""

    id = "JS-R823"
    family = "performance"
    severity = "warning"
    title = "部门预算执行率与决算支出合计不符"

    def check(self, report: Report):
        perf = _perf(report)
        accounts = report.first("expenditure.total")
        claims = [c for c in perf.rate_claims if c.about_department and c.spent is not None and c.budget is not None]
        if accounts is None or not claims:
            raise Skip("没有部门整体预算执行率，或决算未写本年支出合计")
        spent = accounts.amount
        for c in claims:
            if compare(c.spent.interval, spent.interval, max(c.spent.step, spent.step)) is not Verdict.DIFFER:
                continue          # the claim's own spending is the accounts': JS-R820 judges it
            checked, finding = judge_rate(
                self, c.percent, spent, c.budget,
                lambda v, c=c: f"文中部门整体支出写作{stated(c.spent)}，而决算本年支出合计为{stated(spent)}（"
                               f"{place(report.document, spent.span.start)}）；按{stated(spent)}÷{stated(c.budget)}，"
                               f"执行率为{pct(v, c.percent)}，文中写“{c.phrase}{c.percent.text}”。", c.span)
            if finding and finding.severity != "info":
                yield finding


@rule
class RestatedExecutionRate(Rule):
    """不带数字重述的预算执行率（"评价分析认为，该项目的预算执行率为98%"）应与紧前一段的数字及该段所述执行率相符；
    别处重述的部门执行率（"街道平均预算执行率为…"）应与“预算执行情况”部分相符。不符为错误。
    错误示例："实际支出67.97万元，预算执行率为100%。" 之后又写 "该项目的预算执行率为98%。"。
    正确示例：两处均为100%。"""

    id = "JS-R821"
    family = "performance"
    title = "同一执行率前后说法不一"

    def check(self, report: Report):
        perf = _perf(report)
        ran = False
        overall = next((c for c in perf.rate_claims if c.about_department and c.source in ("own", "section")),
                       None)
        for c in perf.rate_claims:
            if c.source == "previous":
                ran = True
                _, finding = judge_rate(self, c.percent, c.spent, c.budget,
                                        lambda v, c=c: self._restated(perf, c, v), c.span)
                if finding:
                    yield finding
            elif c.source is None and c.about_department and overall is not None and c is not overall:
                ran = True
                at = place(report.document, overall.span.start)
                computed = rate_interval(overall.spent, overall.budget)
                if computed is not None:
                    # judge against the figures: a wrong overall claim is R820's finding, not this one's
                    value = overall.spent.yuan / overall.budget.yuan * HUNDRED
                    said = (f"按{at}的支出{stated(overall.spent)}和预算{stated(overall.budget)}，部门预算执行率为"
                            f"{pct(value, c.percent)}")
                    expected, step = pct(value, c.percent), c.percent.step
                else:
                    computed, step = overall.percent.interval, max(c.percent.step, overall.percent.step)
                    said = f"部门预算执行率在{at}写作{overall.percent.text}"
                    expected = overall.percent.text
                yield from self.unless_agreed(c.percent.interval, computed, step, lambda: self.finding(
                    c.span, f"{said}，此处写{c.percent.text}。", expected=expected,
                    actual=c.percent.text, arithmetic=f"{expected} ≠ {c.percent.text}"))
        if not ran:
            raise Skip("没有重述的执行率")

    @staticmethod
    def _restated(perf: Performance, c: RateClaim, value: Decimal) -> str:
        earlier = [o for o in perf.rate_claims if o.span.end <= c.span.start and o.source == "own"
                   and o.spent is c.spent and o.budget is c.budget]
        said = f"前文写“{earlier[-1].phrase}{earlier[-1].percent.text}”，" if earlier else ""
        return (f"{said}按前文的支出{stated(c.spent)}和预算{stated(c.budget)}，执行率为"
                f"{pct(value, c.percent)}，此处写{c.percent.text}。")


@rule
class DerivedRate(Rule):
    """预决算差异率 = (决算 − 预算) ÷ 预算，资金结转结余率 = 结转结余 ÷ 全年预算，所用金额取自所在句子。
    单独一个 "0" 视为取整到百分位的0%。按舍入区间比较，不符为错误。
    错误示例："全年预算数31385.99万元，决算数30385.99万元，预决算差异率为0"（−3.19%）。
    正确示例："…预决算差异率为-3.19%"。"""

    id = "JS-R822"
    family = "performance"
    title = "差异率或结转结余率计算错误"

    def check(self, report: Report):
        perf = _perf(report)
        if not perf.derived_claims:
            raise Skip("没有附带金额的预决算差异率或结转结余率")
        for c in perf.derived_claims:
            if c.kind == "difference":
                q = (c.numerator.interval - c.budget.interval) / c.budget.interval
                value = (c.numerator.yuan - c.budget.yuan) / c.budget.yuan * HUNDRED if c.budget.yuan else None
                how = f"({stated(c.numerator)} − {stated(c.budget)}) ÷ {stated(c.budget)}"
            else:
                q = c.numerator.interval / c.budget.interval
                value = c.numerator.yuan / c.budget.yuan * HUNDRED if c.budget.yuan else None
                how = f"{stated(c.numerator)} ÷ {stated(c.budget)}"
            if q is None or value is None:
                continue
            yield from self.unless_agreed(c.value.interval, q.scale(HUNDRED), c.value.step, lambda: self.finding(
                c.span, f"{how} = {pct(value, c.value)}，文中写“{c.phrase}为{c.value.text}”。",
                expected=pct(value, c.value), actual=c.value.text, arithmetic=f"{how} × 100% = {pct(value, c.value)}"))


# ---- counts ---------------------------------------------------------------------------------------

@rule
class CountsAddUp(Rule):
    """总数之下所列的个数应合计等于总数：被评价项目的得分分布（"评价项目71个…90分以上的60个，80-90分的5个，60-80分的4个，60分以下的2个"：60+5+4+2 = 71），
    以及带“其中”的列举（"项目数量109个，其中：…43个、…7个…其他…28个"）。分项超过总数一律为错误；
    分项不足只在分项构成完整分解时（分数段覆盖0–100，或有“其他”一项）报告；没有“其他”的“其中”列举不检查，其类别可能重叠。
    同一评价个数以同一金额出现两次时应一致。
    错误示例："评价项目71个…60个、5个、4个、1个"（70）。
    正确示例：…2个（71）。"""

    id = "JS-R830"
    family = "performance"
    title = "分项个数之和与总数不符"

    def check(self, report: Report):
        perf = _perf(report)
        ran = False
        for b in perf.breakdowns:
            ran = True
            s = sum(q.value for _, q in b.parts)
            if s == b.total.value or (s < b.total.value and not b.complete):
                continue
            what = "各分数段项目" if b.kind == "distribution" else "各分项"
            yield self.finding(
                b.total.span,
                f"“{b.total_label}”{_pts(b.total.value)}个，{what}合计{_pts(s)}个"
                + ("（超过总数）" if s > b.total.value else "") + "。",
                expected=f"{_pts(s)}个", actual=f"{_pts(b.total.value)}个",
                arithmetic=" + ".join(_pts(q.value) for _, q in b.parts) + f" = {_pts(s)}")
        evaluated = [c for c in perf.counts if c.amount is not None
                     and any(w in c.label[-8:] for w in phrases()["evaluated_phrases"])]
        for i, a in enumerate(evaluated):
            for b in evaluated[:i]:
                if a.amount.value == b.amount.value and a.amount.unit == b.amount.unit:
                    ran = True
                    if a.count.value != b.count.value:
                        yield self.finding(
                            a.count.span,
                            f"涉及金额同为{stated(a.amount)}的评价项目，{place(report.document, b.count.span.start)}"
                            f"行写{b.count.text}，此处写{a.count.text}。",
                            expected=b.count.text, actual=a.count.text,
                            arithmetic=f"{b.count.text} ≠ {a.count.text}")
                    break
        if not ran:
            raise Skip("没有分项列举的个数")


@rule
class CountShare(Rule):
    """个数占比（"15个预算项目…占部门项目总数的20.83%"）= 个数 ÷ 句中所指的总数：句中同时给出的个数，
    或文件对该总数的陈述（"部门预算项目71个"）。按舍入区间比较，不符为错误。
    错误示例：71个中的15个写成20.83%（那是 15 ÷ 72），应为21.13%。
    正确示例：21.13%。"""

    id = "JS-R831"
    family = "performance"
    title = "个数占比计算错误"

    def check(self, report: Report):
        perf = _perf(report)
        shares = [c for c in perf.count_shares if c.whole is not None and c.whole.value > 0]
        if not shares:
            raise Skip("没有可核对的个数占比")
        for cs in shares:
            value = cs.part.value / cs.whole.value * HUNDRED
            yield from self.unless_agreed(cs.percent.interval, Interval.exact(value), cs.percent.step,
                                          lambda: self._finding(report, cs, value))

    def _finding(self, report: Report, cs, value: Decimal):
        implied = cs.part.value / cs.percent.value * HUNDRED if cs.percent.value else None
        hint = f"（{cs.percent.text}相当于以{_pts(implied.quantize(Decimal('1')))}个为分母）" \
            if implied is not None and abs(implied - implied.quantize(Decimal('1'))) < Decimal("0.05") else ""
        where = "同句" if cs.whole_source == "sentence" else place(report.document, cs.whole.span.start)
        return self.finding(
            cs.percent.span,
            f"{cs.part.text}÷{cs.whole_label}（{where}写{cs.whole.text}）={pct(value, cs.percent)}，"
            f"文中写{cs.percent.text}{hint}。",
            expected=pct(value, cs.percent), actual=cs.percent.text,
            arithmetic=f"{_pts(cs.part.value)} ÷ {_pts(cs.whole.value)} × 100% = {pct(value, cs.percent)}")


@rule
class CoverageRatio(Rule):
    """跟踪金额占比 = 跟踪金额 ÷ 项目支出总金额；文件两次陈述时应为同一数值。按舍入区间比较，不符为错误。
    错误示例："重点跟踪项目年初预算合计金额为5,342.16万元，全年项目支出财政预算金额为12,056.38万元。重点跟踪项目预算金额占全年项目年初预算金额43.31%"（44.31%），
    而跟踪清单为44.31%。
    正确示例：两处均为44.31%。"""

    id = "JS-R832"
    family = "performance"
    title = "跟踪金额占比计算错误"

    def check(self, report: Report):
        perf = _perf(report)
        ratios = perf.coverage_ratios
        if not ratios:
            raise Skip("没有跟踪金额占比的表述")
        with_figures = [r for r in ratios if r.tracked is not None and r.base is not None
                        and r.base.yuan >= r.tracked.yuan > 0]
        for r in with_figures:
            _, finding = judge_rate(self, r.percent, r.tracked, r.base,
                                    lambda v, r=r: self._message(report, ratios, r, v))
            if finding:
                yield finding
        checked = {id(r) for r in with_figures}
        for r in ratios:
            if id(r) in checked:
                continue
            for o in with_figures:
                verdict = compare(r.percent.interval, o.percent.interval, max(r.percent.step, o.percent.step))
                if verdict is Verdict.DIFFER:
                    yield self.finding(r.percent.span,
                                       f"跟踪金额占比在{place(report.document, o.span.start)}写作{o.percent.text}，"
                                       f"此处写{r.percent.text}。",
                                       expected=o.percent.text, actual=r.percent.text,
                                       arithmetic=f"{o.percent.text} ≠ {r.percent.text}")
                    break

    @staticmethod
    def _message(report: Report, ratios, r, value: Decimal) -> str:
        computed = rate_interval(r.tracked, r.base)
        others = [o for o in ratios if o is not r and compare(o.percent.interval, computed, o.percent.step)
                  is Verdict.AGREE]
        also = f"；{place(report.document, others[0].span.start)}写作{others[0].percent.text}" if others else ""
        return f"{stated(r.tracked)}÷{stated(r.base)}={pct(value, r.percent)}，文中写{r.percent.text}{also}。"
