"""Changes: "比上年/比年初预算 增加/减少 X，增长/下降 Y%" and "完成年初预算的 Y%".

The base of a change is the amount the sentence gives ("比年初预算9.25万元")
or, when it gives none, this year's value minus the increase (plus the
decrease).  Growth rates are the change divided by the base; a rate from a
zero base is undefined.  Direction words must match the sign.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from ..document import Span
from ..extract.lines import paragraph_restatements
from ..interval import Interval, Verdict, compare
from ..model import ChangeStatement, Report
from ..memo import once
from .base import Rule, Skip, money, pct, rule, stated
from .sentence_span import with_same_sentence

HUNDRED = Decimal(100)
_BASIS_NAME = {"budget": "年初预算", "last_year": "上年"}


def base_interval(cs: ChangeStatement) -> Interval | None:
    """The interval of the base: stated, or current ∓ change."""
    if cs.base is not None:
        return cs.base.interval
    if cs.delta is None or cs.direction not in ("up", "down"):
        return None
    cur, d = cs.current.amount.interval, cs.delta.interval
    return cur - d if cs.direction == "up" else cur + d


def change_interval(cs: ChangeStatement) -> Interval | None:
    """The interval of the change: stated, or |current − stated base|."""
    if cs.delta is not None:
        return cs.delta.interval
    if cs.base is not None:
        return (cs.current.amount.interval - cs.base.interval).abs()
    return None


def statement_span(text: str, cs: ChangeStatement) -> Span:
    """Where a change statement stands, with every number its arithmetic rests on: the
    current amount to the rate, and the base when the same sentence states it
    ("上年执行数为84.45万元，本年预算安排110.23万元，比上年增加30.53%")."""
    numbers = [a.span for a in (cs.delta, cs.rate) if a is not None]
    span = with_same_sentence(text, cs.span, numbers)
    return with_same_sentence(text, span, [cs.base.span]) if cs.base is not None else span


def change_text(cs: ChangeStatement) -> str:
    """The change as the sentence gives it, or how it follows from the two stated figures."""
    if cs.delta is not None:
        return stated(cs.delta)
    return f"（{stated(cs.current.amount)} − {stated(cs.base)}）"


@rule
class ChangeAmountAndDirection(Rule):
    """写明比较基数的增减（"比年初预算9.25万元减少8.56万元"），增减额应等于 |决算 − 基数|，“增加/减少”“持平/一致”的用词应与差额正负一致；
    不符为错误。增减不为零而留有未选的模板用语（"增加减少18,125.00元"、"增加（减少）…"）报为警告。
    错误示例："决算数0.70万元，比年初预算9.25万元增加8.55万元"（实为减少）。
    正确示例："…比年初预算9.25万元减少8.55万元"。"""

    id = "JS-R401"
    family = "changes"
    title = "增减额或增减方向与数字不符"

    def check(self, report: Report):
        if not report.changes:
            raise Skip("文中没有“比上年/比预算增减”的表述")
        text = report.document.text
        for cs in report.changes:
            cur = cs.current.amount
            if cs.direction == "both":
                if cs.delta is not None and cs.delta.value != 0:
                    yield self.finding(cs.span, f"“{cs.direction_word}”未写明是增加还是减少（模板用语未改）。",
                                       severity="warning", title="增减方向未写明")
                continue
            if cs.base is None:
                if cs.direction == "up" and cs.delta is not None:
                    yield from self._exceeds_current(cs)
                continue
            diff = cur.interval - cs.base.interval
            # a printed zero is exact (none), so its digit widens no tolerance: 0万元 and 5.70万元 differ by 5.70
            step = max((a.step for a in (cur, cs.base, cs.delta) if a is not None and a.value != 0), default=Decimal(0))
            true_dir = "up" if diff.lo > 0 else "down" if diff.hi < 0 else "flat"
            real = cur.yuan - cs.base.yuan
            if cs.direction in ("up", "down") and true_dir not in (cs.direction, "flat"):
                yield self.finding(
                    statement_span(text, cs), f"写作“{cs.direction_word}”，但{stated(cur)}比{stated(cs.base)}"
                             f"{'多' if real > 0 else '少'}{money(abs(real), cur)}，方向相反。",
                    expected="增加" if real > 0 else "减少", actual=cs.direction_word,
                    arithmetic=f"{stated(cur)} − {stated(cs.base)} = {money(real, cur)}")
                continue
            if cs.direction == "flat":
                if compare(cur.interval, cs.base.interval, step) is Verdict.DIFFER:
                    yield self.finding(statement_span(text, cs),
                                       f"写作“{cs.direction_word}”，但{stated(cur)}与{stated(cs.base)}"
                                       f"相差{money(abs(real), cur)}。",
                                       expected=money(abs(real), cur), actual=cs.direction_word,
                                       arithmetic=f"{stated(cur)} − {stated(cs.base)} = {money(real, cur)}")
                continue
            if cs.delta is None:
                continue
            verdict = compare(cs.delta.interval, diff.abs(), step)
            if verdict is not Verdict.AGREE:
                yield self.finding(
                    statement_span(text, cs),
                    f"“{cs.current.name}”{stated(cur)}与比较基数{stated(cs.base)}相差{money(abs(real), cur)}，"
                    f"文中写{stated(cs.delta)}。",
                    expected=money(abs(real), cs.delta), actual=stated(cs.delta),
                    arithmetic=f"|{stated(cur)} − {stated(cs.base)}| = {money(abs(real), cs.delta)}",
                    severity="info" if verdict is Verdict.ROUNDING else "error")

    def _exceeds_current(self, cs: ChangeStatement):
        """"支出0万元，比上年增加1421.25万元": an increase larger than the amount it ends at."""
        cur, d = cs.current.amount, cs.delta
        if compare(d.interval, cur.interval, max(cur.step, d.step)) is not Verdict.DIFFER or d.yuan < cur.yuan:
            return
        yield self.finding(
            d.span.cover(cs.span),
            f"“{cs.current.name}”为{stated(cur)}，却写比{_BASIS_NAME.get(cs.basis, '基数')}“{cs.direction_word}”"
            f"{stated(d)}：增加额大于本年数，上年数将为负{money(d.yuan - cur.yuan, d)}，不可能。",
            expected=f"不大于{stated(cur)}", actual=stated(d),
            arithmetic=f"{stated(cur)} − {stated(d)} = {money(cur.yuan - d.yuan, d)} < 0")


def _printed_base(cs: ChangeStatement) -> Decimal:
    """The base as the printed numbers give it (stated, or current ∓ change)."""
    if cs.base is not None:
        return cs.base.yuan
    sign = -1 if cs.direction == "up" else 1
    return cs.current.amount.yuan + sign * cs.delta.yuan


def rated_changes(report: Report) -> list[ChangeStatement]:
    """Changes with a rate and a change amount (stated, or from a stated base)."""
    return [c for c in report.changes if c.rate is not None and (c.delta is not None or c.base is not None)]


def zero_base(cs: ChangeStatement) -> bool:
    """True when the printed base is 0 while the rate and the change are not."""
    base = base_interval(cs)
    change = change_interval(cs)
    return (base is not None and base.contains_zero() and _printed_base(cs) == 0 and cs.rate.value != 0
            and change is not None and change.hi > 0 and (cs.delta is None or cs.delta.value != 0))


def _rate_verdict(cs: ChangeStatement) -> tuple[Verdict, Interval, Interval] | None:
    """The printed rate against change ÷ base, with the base and change; None when the base
    is not known or is zero (JS-R405)."""
    base, change = base_interval(cs), change_interval(cs)
    if base is None or change is None or base.contains_zero():
        return None
    computed = change / base
    if computed is None:
        return None
    return compare(cs.rate.interval, computed.scale(HUNDRED), cs.rate.step), base, change


@rule
class GrowthRate(Rule):
    """增长率 = 增减额 ÷ 基数（上年数或预算数），而不是除以本年数；基数为零时增长率无定义（“增长100%”由 JS-R405 作为警告报告）；“增长/下降”应与增减方向一致。
    不符为错误。基数仅在舍入范围内为零（如 0.03，增加 0.02）时无法证明对错，不报告。
    科目段落中重述的本年金额与段首金额不符、而增长率按段首金额算对时，错的是重述的金额，只由 JS-R504 报告一次。
    错误示例："比上年增加26,565,560.88元，增长6.6%"，
    本年为 404,347,110.22元（6.6% 是用本年数作除数；以上年 377,781,549.34元 为基数应为 7.0%）。
    正确示例："…增长7.0%"。"""

    id = "JS-R402"
    family = "changes"
    title = "增长率计算错误"

    def check(self, report: Report):
        rated = rated_changes(report)
        if not rated:
            raise Skip("文中没有带增长率的增减表述")
        titles = None          # the paragraphs' own amounts, read only for a rate that disagrees
        text = report.document.text
        for cs in rated:
            if cs.rate_direction and cs.direction in ("up", "down") and cs.rate_direction != cs.direction \
                    and cs.delta is not None and cs.delta.value != 0:
                yield self.finding(statement_span(text, cs),
                                   f"增减额写“{cs.direction_word}”，增长率却写“{cs.rate_word}”，方向矛盾。",
                                   expected=cs.direction_word, actual=cs.rate_word,
                                   title="增减方向前后矛盾")
                continue
            judged = _rate_verdict(cs)
            if judged is None:
                continue
            verdict, base, change = judged
            if verdict is Verdict.AGREE:
                continue
            if titles is None:
                titles = {id(f): title for f, title, _ in once(report, paragraph_restatements)}
            title = titles.get(id(cs.current))
            if title is not None and (again := _rate_verdict(replace(cs, current=title))) \
                    and again[0] is Verdict.AGREE:
                continue      # right for the paragraph's own amount: the restated one is the slip (JS-R504)
            basis = _BASIS_NAME.get(cs.basis, "基数")
            base_mid, change_mid = base.mid, change.mid
            right = change_mid / base_mid * HUNDRED
            on_current = change / cs.current.amount.interval
            unit = cs.current.amount
            if on_current is not None and compare(cs.rate.interval, on_current.scale(HUNDRED),
                                                  cs.rate.step) is Verdict.AGREE:
                message = (f"{cs.rate.text}是增减额{change_text(cs)}除以本年数{stated(cs.current.amount)}所得；"
                           f"增长率应以{basis}数{money(base_mid, unit)}为基数，为{pct(right, cs.rate)}。")
            else:
                message = (f"增减额{change_text(cs)}÷{basis}数{money(base_mid, unit)}"
                           f"={pct(right, cs.rate)}，文中写{cs.rate.text}。")
            yield self.finding(
                statement_span(text, cs), message, expected=pct(right, cs.rate), actual=cs.rate.text,
                arithmetic=f"{money(change_mid, cs.delta or unit)} ÷ {money(base_mid, unit)} × 100% = "
                           f"{pct(right, cs.rate)}",
                severity="info" if verdict is Verdict.ROUNDING else "error")


@rule
class RateFromZeroBase(Rule):
    """以零为基数的增长率无定义：上年为 0 却写 "比上年增加60.13万元，增长100%"。
    许多文件按惯例对新增项目写 100%，故为警告，文字报告把所有位置集中列出。
    基数仅在舍入范围内为零（如 0.03，增加 0.02）时不报告。
    错误示例："2022年执行数为0万元，2023年预算安排60.13万元，比2022年执行数增加100.00%"。
    正确示例："…2023年新增，上年无此项支出"（不写增长率）。"""

    id = "JS-R405"
    family = "changes"
    severity = "warning"
    title = "以零为基数的增长率"
    grouped = True

    def check(self, report: Report):
        rated = rated_changes(report)
        if not rated:
            raise Skip("文中没有带增长率的增减表述")
        for cs in rated:
            if not zero_base(cs):
                continue
            basis = _BASIS_NAME.get(cs.basis, "基数")
            yield self.finding(
                cs.rate.span,
                f"{basis}为0，增长率无从计算（不宜写“{cs.rate_word}{cs.rate.text}”），"
                f"应写“{basis}为0，本年新增”或不写增长率。",
                expected="不适用（基数为0）", actual=cs.rate.text, arithmetic=f"{change_text(cs)} ÷ 0 无意义")


# "…减少2.98%。主要原因是：宣传事务经费增加。": a one-clause reason right after a change, ending in its direction.
_REASON = re.compile(r"\s*[。，,；;]?\s*(?:其|这)?主要(?:原因)?(?:是|为)?[：:]?\s*(?P<reason>[^，,；;。、：:\n]{0,40}?)"
                     r"(?P<word>增加|减少|增长|下降|保持不变|不变)。")
_REASON_DIRECTION = {"增加": "up", "增长": "up", "减少": "down", "下降": "down", "保持不变": "flat", "不变": "flat"}


@rule
class ReasonAgainstDirection(Rule):
    """紧随增减之后的原因说明应与增减方向一致：减少却解释为 "…经费增加"（或增加解释为 "…减少"、有增减却解释为 "…保持不变"）与数字矛盾，
    多为照抄其他科目的原因。只读单一原因的说明（列举多项原因时其中一项可能是增加）；为警告，需人工确认。
    错误示例："2023年预算执行数为114.00万元，2024年预算安排110.60万元，比2023年预算执行数减少2.98%。主要原因是：宣传事务一般行政管理事务经费增加。"
    正确示例："…主要原因是：宣传事务一般行政管理事务经费减少。"。"""

    id = "JS-R406"
    family = "changes"
    severity = "warning"
    title = "原因说明与增减方向矛盾"

    def check(self, report: Report):
        if not report.changes:
            raise Skip("文中没有“比上年/比预算增减”的表述")
        text = report.document.text
        for cs in report.changes:
            direction = _true_direction(cs)
            m = _REASON.match(text, cs.span.end)
            if direction is None or m is None:
                continue
            said = _REASON_DIRECTION[m.group("word")]
            if said == direction or said == "flat" and cs.direction == "flat":
                continue
            word = {"up": "增加", "down": "减少", "flat": "持平"}[direction]
            yield self.finding(
                Span(m.start("reason"), m.end("word")),
                f"前文{_change_words(cs)}，为{word}，原因却写“{m.group('reason')}{m.group('word')}”，"
                f"方向相反，可能照抄了其他科目的原因。", expected=f"与“{word}”一致的原因", actual=m.group("word"))


def _change_words(cs: ChangeStatement) -> str:
    """"比上年减少2.98%" as the sentence says it, with the base when it states one."""
    said = f"{cs.direction_word}{' '.join(x.text for x in (cs.delta, cs.rate) if x is not None)}"
    return f"{stated(cs.current.amount)}比{stated(cs.base)}{said}" if cs.base is not None else said


def _true_direction(cs: ChangeStatement) -> str | None:
    """The direction the numbers prove (stated base), else the one the sentence states."""
    if cs.base is not None:
        diff = cs.current.amount.interval - cs.base.interval
        return "up" if diff.lo > 0 else "down" if diff.hi < 0 else None
    return cs.direction if cs.direction in ("up", "down") else None


def _agrees(c, budget) -> bool:
    ratio = c.actual.amount.interval / budget.interval
    return ratio is not None and compare(c.percent.interval, ratio.scale(HUNDRED), c.percent.step) is Verdict.AGREE


@rule
class CompletionRate(Rule):
    """“完成年初预算的Y%”应等于 决算 ÷ 年初预算 × 100，按舍入区间比较，不符为错误；年初预算为零时无完成率。
    错误示例："年初预算500.15万元，决算496.37万元，完成年初预算的96.24%"。
    正确示例："…完成年初预算的99.24%"。"""

    id = "JS-R403"
    family = "changes"
    title = "预算完成率计算错误"

    def check(self, report: Report):
        if not report.completions:
            raise Skip("文中没有“完成年初预算的%”表述")
        for c in report.completions:
            actual, budget = c.actual.amount, c.budget
            other = next((b for b in c.alternatives if b.value != 0 and _agrees(c, b)), None)
            hint = f"文中的{c.percent.text}是以{stated(other)}为分母算出的，应写明对应的预算口径。" if other else ""
            if budget.value == 0:
                yield self.finding(c.percent.span.cover(c.span), f"“{c.budget_name}”为0，完成率无从计算。" + hint,
                                   expected="不适用", actual=c.percent.text,
                                   arithmetic=f"{stated(actual)} ÷ 0 无意义")
                continue
            ratio = actual.interval / budget.interval
            if ratio is None:
                continue
            verdict = compare(c.percent.interval, ratio.scale(HUNDRED), c.percent.step)
            if verdict is Verdict.AGREE:
                continue
            right = actual.yuan / budget.yuan * HUNDRED
            yield self.finding(
                c.span, f"{stated(actual)} ÷ {stated(budget)} = {pct(right, c.percent)}，文中写{c.percent.text}。" + hint,
                expected=pct(right, c.percent), actual=c.percent.text,
                arithmetic=f"{stated(actual)} ÷ {stated(budget)} × 100% = {pct(right, c.percent)}",
                severity="info" if verdict is Verdict.ROUNDING else "error")


_RELATION_WORD = {"lt": "小于", "gt": "大于", "eq": "等于"}


@rule
class ActualVersusBudgetClaim(Rule):
    """“决算数小于/大于/与…持平 预算数”的表述应与其前面的两个数字相符，不符为错误（引文自这两个数字起，至该表述止）。
    两个印出的数相等却说有差异，报为警告（差异小于印出精度）。
    错误示例："全年预算为52.00万元，支出决算为52.68万元。决算数小于全年预算数的主要原因…"。
    正确示例："…支出决算为51.32万元。决算数小于全年预算数…"。"""

    id = "JS-R404"
    family = "changes"
    title = "决算数与预算数大小关系表述错误"

    def check(self, report: Report):
        if not report.claims:
            raise Skip("文中没有“决算数大于/小于/等于预算数”的表述")
        for c in report.claims:
            a, b = c.actual.amount, c.budget.amount
            true_rel = "gt" if a.yuan > b.yuan else "lt" if a.yuan < b.yuan else "eq"
            if true_rel == c.relation:
                continue
            severity = "error"
            if c.relation == "eq":
                verdict = compare(a.interval, b.interval, max(a.step, b.step))
                if verdict is Verdict.AGREE:
                    continue
                severity = "info" if verdict is Verdict.ROUNDING else "error"
            elif true_rel == "eq":
                severity = "warning"
            yield self.finding(
                c.span.cover(a.span).cover(b.span),
                f"决算{stated(a)}{_RELATION_WORD[true_rel]}预算{stated(b)}，文中却说“{c.word}”。",
                expected=_RELATION_WORD[true_rel], actual=c.word,
                arithmetic=f"{stated(a)} − {stated(b)} = {money(a.yuan - b.yuan, a)}", severity=severity)
