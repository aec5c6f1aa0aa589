"""The change of a total is the sum of the changes of its parts.

"“三公”经费预算数为47.91万元，比上年增加25万元 … 公务用车购置及运行费46.56万元，
比上年增加25万元 … 因公出国（境）费0万元，与上年持平 … 公务接待费1.35万元，与上年持平":
when a total (a lexicon identity whose parts are its whole decomposition) and
every one of its parts state their change against the same basis, the signed
changes must add up — whatever last year's figures were.  A flipped direction
word or a mistyped change amount breaks the sum even where no base is stated.
"""

from __future__ import annotations

from decimal import Decimal

from ..extract.lexicon import LEXICON
from ..interval import Interval, Verdict, compare, total
from ..model import Amount, ChangeStatement, Report
from .base import Rule, Skip, money, rule

_SIGNED_WORD = {"up": "增加", "down": "减少"}
_ENUMERATION = "（(一二三四五六七八九十0123456789）)、.． "      # "（二）", "4、" before a name


def signed_change(cs: ChangeStatement) -> Interval | None:
    """This year minus the basis, as the statement gives it: from its stated base, its
    change amount and direction, or 0 within the printed precision for 持平; None when the
    statement does not say how much."""
    cur = cs.current.amount
    if cs.base is not None:
        return cur.interval - cs.base.interval
    if cs.direction == "flat":
        return Interval(-cur.step, cur.step)       # two values printed alike differ by less than a unit
    if cs.direction in _SIGNED_WORD and cs.delta is not None:
        return cs.delta.interval if cs.direction == "up" else -cs.delta.interval
    return None


def _signed(value: Decimal, like: Amount) -> str:
    if value == 0:
        return "无增减"
    return f"{'增加' if value > 0 else '减少'}{money(abs(value), like)}"


def _finest(cs: ChangeStatement) -> Amount:
    """The statement's amount printed with the most decimals (a 0万元 shows none)."""
    return max((a for a in (cs.current.amount, cs.base, cs.delta) if a is not None), key=lambda a: a.decimals)


def _name(cs: ChangeStatement) -> str:
    """The figure's name as the sentence gives it ("（二）" left off), or the lexicon's
    when the sentence names nothing ("2023年度决算数") or lists what the figure holds."""
    label = cs.current.name.lstrip(_ENUMERATION)
    if not label or "、" in label or LEXICON.names_nothing(label):
        return LEXICON.name_of(cs.current.key) or label
    return label


def _said(cs: ChangeStatement) -> str:
    if cs.direction == "flat" and cs.base is None:
        return f"“{_name(cs)}”{cs.direction_word}"
    return f"“{_name(cs)}”{_signed(signed_change(cs).mid, _finest(cs))}"


@rule
class ChangeOfTotalAgainstParts(Rule):
    """合计的增减额应等于各分项增减额之和（同一比较口径：比上年或比预算）：合计与构成它的全部分项都写明了增减（增加/减少X、持平，或写明基数）时，
    按舍入区间比较，不符为错误——不论上年数是多少，必有一处增减额或增减方向写错。只用分项即全部构成的恒等式（“三公”经费 = 出国 + 公务用车 + 接待，
    公务用车购置及运行费 = 购置费 + 运行费，基本支出的经济分类等）。
    错误示例：“三公”经费比上年减少25万元；因公出国（境）费与上年持平，公务用车购置及运行费比上年增加25万元，公务接待费与上年持平。
    正确示例：“三公”经费比上年增加25万元（其余同上）。"""

    id = "JS-R408"
    family = "changes"
    title = "合计的增减额不等于各分项增减额之和"

    def check(self, report: Report):
        stated_changes: dict[tuple[str, str], ChangeStatement] = {}
        for cs in report.changes:
            if cs.current.key and signed_change(cs) is not None:
                stated_changes.setdefault((cs.current.key, cs.basis), cs)
        if not stated_changes:
            raise Skip("文中没有写明增减额的合计及其分项")
        for ident in LEXICON.identities:
            if not ident.complete:
                continue
            for basis in ("last_year", "budget"):
                whole = stated_changes.get((ident.total, basis))
                parts = [stated_changes.get((key, basis)) for key in ident.parts]
                if whole is None or None in parts:
                    continue
                yield from self._judge(whole, parts)

    def _judge(self, whole: ChangeStatement, parts: list[ChangeStatement]):
        said = signed_change(whole)
        summed = total(signed_change(p) for p in parts)
        step = max(cs.current.amount.step for cs in (whole, *parts))
        if compare(said, summed, step) is not Verdict.DIFFER:
            return
        span = whole.span
        for p in parts:
            span = span.cover(p.span)
        unit = _finest(whole)
        yield self.finding(
            span,
            f"{_said(whole)}，而其各分项的增减合计为{_signed(summed.mid, unit)}"
            f"（{'；'.join(_said(p) for p in parts)}）：合计的增减应等于各分项增减之和，必有一处增减额或“增加/减少”写错。",
            expected=_signed(summed.mid, unit), actual=_signed(said.mid, unit),
            arithmetic=" + ".join(money(signed_change(p).mid, unit) for p in parts) + f" = {money(summed.mid, unit)}")

