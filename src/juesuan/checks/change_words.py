"""Direction words the words around them contradict, where no change amount is read.

* A change and its rate told in opposite directions: "减少3013.68万元，增长7.59%".
  The change amount and its rate, one right after the other, describe the same
  change: an increase cannot grow down.  JS-R402 judges the changes the extraction
  ties to their current amount; JS-R407 reads every such pair of the prose,
  whatever its sentence names ("收入比上年增加…，增长…" after a total), and leaves
  the pairs of those changes to JS-R402.
* An increase to nothing: "政府性基金拨款支出预算0万元，比上年增加。"  A printed 0 is
  none; amounts are not negative, so nothing grew to it (JS-R409; with an amount,
  "0万元，比上年增加1421.25万元", JS-R401 reports it).
* Two years stated, then a direction with no amount: "2023年当年预算执行数为10.00万元，
  2024年预算安排12.00万元，比2023年预算执行数持平。" (JS-R410).
"""

from __future__ import annotations

import re

from ..document import Span
from ..interval import Verdict, compare
from ..model import MONEY_UNIT, Report
from .base import Rule, Skip, money, rule, stated

_UP = ("增加", "增长", "上升", "提高", "增幅")
_DOWN = ("减少", "下降", "降低", "降幅")
_WORDS = "|".join(_UP + _DOWN)
# "增加3013.68万元，增长7.59%", "减少 3,309.98 万元，降幅 54.9 %": a word, an amount, a word, a rate.
_PAIR = re.compile(rf"(?P<word>{_WORDS})了?(?:为|达)?\s*+(?P<amount>[\d,]+(?:\.\d+)?)\s*+(?P<unit>{MONEY_UNIT})"
                   rf"\s*+[，,]?\s*+(?P<rate_word>{_WORDS})(?:率)?了?(?:为|达)?\s*+(?P<rate>\d+(?:\.\d+)?)\s*+[%％]")


# "0.00万元，比2023年预算增加；": a zero amount, then a rise with no amount after it.  The
# pattern opens with its plain "0" (the look behind comes after it): re then skips in C to
# each "0" of the text, many times faster than trying the pattern (or str.find) at each.
_ZERO_THEN_UP = re.compile(rf"(?P<zero>0(?<![\d.,]0)(?:\.0+)?\s*+(?:{MONEY_UNIT}))\s*+[，,]\s*+(?:比|较|与)[^，。；,;%％]{{0,24}}?"
                           r"(?P<word>增加|增长|上升|提高)(?=\s*+[。；，,;]|\s*$)")


_AMOUNT = rf"[\d,]+(?:\.\d+)?\s*+(?:{MONEY_UNIT})"
# "2023年当年预算执行数为10.00万元，2024年预算安排12.00万元，比2023年预算执行数持平。"
_TWO_YEARS_THEN_WORD = re.compile(
    rf"(?P<y1>(?:19|20)\d\d)\s*+年[^，。；,;\d]{{0,20}}?(?P<a1>{_AMOUNT})\s*+[，,]\s*+"
    rf"(?P<y2>(?:19|20)\d\d)\s*+年[^，。；,;\d]{{0,20}}?(?P<a2>{_AMOUNT})\s*+[，,]\s*+"
    r"(?:比|较|与)\s*+(?P<y3>(?:19|20)\d\d)\s*+年[^，。；,;\d%％]{0,16}?"
    r"(?P<word>增加|减少|增长|下降|持平)(?=\s*+[。；，,;]|\s*$)")
_WORD_DIRECTION = {"增加": "up", "增长": "up", "减少": "down", "下降": "down", "持平": "flat"}


def _direction(word: str) -> str:
    return "up" if word in _UP else "down"


def _nonzero(number: str) -> bool:
    return any(ch in "123456789" for ch in number)


@rule
class ChangeAndRateWords(Rule):
    """紧接在一起的增减额与增减率说的是同一个变化，方向用词必须一致：“减少X万元，增长Y%”自相矛盾（增减额与增减率均不为零时），为错误。
    只读增减额后紧跟增减率的写法，不论句中是否写明本年数（本年数与增减额已由 JS-R402 核对的，由 JS-R402 报告）。
    错误示例：“收入比上年减少3013.68万元，增长7.59%”。
    正确示例：“收入比上年增加3013.68万元，增长7.59%”。"""

    id = "JS-R407"
    family = "changes"
    title = "增减额与增减率方向矛盾"

    def check(self, report: Report):
        doc = report.document
        pairs = list(doc.prose_matches(_PAIR, _UP + _DOWN))
        if not pairs:
            raise Skip("文中没有“增加/减少X元，增长/下降Y%”的表述")
        judged = {cs.rate.span.start for cs in report.changes if cs.rate is not None}
        for m in pairs:
            word, rate_word = m.group("word"), m.group("rate_word")
            if _direction(word) == _direction(rate_word) or m.start("rate") in judged \
                    or not (_nonzero(m.group("amount")) and _nonzero(m.group("rate"))):
                continue
            yield self.finding(
                Span(m.start(), m.end()),
                f"增减额写“{word}{m.group('amount')}{m.group('unit')}”，紧接的增减率却写“{rate_word}{m.group('rate')}%”，"
                f"同一变化的方向前后矛盾，应核实是增加还是减少。",
                expected=f"“{word}”与“{rate_word}”方向一致", actual=f"{word}……{rate_word}")


@rule
class IncreaseToZero(Rule):
    """本年数为0（印出的0即为“无”）却写“比上年（预算）增加/增长”：金额不为负，增加到0不可能，应为“减少”或“持平”；为错误。
    只读“X 0万元，比……增加”之后不带金额的写法（带金额的由 JS-R401 报告）。
    错误示例：“政府性基金拨款支出预算0.00万元，比2023年预算增加。”
    正确示例：“政府性基金拨款支出预算0.00万元，比2023年预算持平。”"""

    id = "JS-R409"
    family = "changes"
    title = "本年数为零却写增加"

    def check(self, report: Report):
        found = list(report.document.prose_matches(_ZERO_THEN_UP))
        if not found:
            raise Skip("文中没有“0万元，比……增加”的表述")
        for m in found:
            word = m.group("word")
            yield self.finding(
                Span(m.start(), m.end()),
                f"本年数为{m.group('zero')}，却写“{word}”：金额不为负，"
                f"增加到0不可能，应为“减少”或“持平”。",
                expected="减少或持平", actual=word)


@rule
class DirectionOfTwoStatedYears(Rule):
    """先写上年数、再写本年数，随后“比上年……增加/减少/持平”而不写增减额时，用词应与两个数相符：
    本年数小于上年数却写“增加”（或大于却写“减少”、按舍入区间不等却写“持平”）为错误；两个数印出相同却写“增加/减少”为警告（差异小于印出精度）。
    只读“比”字后的年份即前一个数的年份、后一个数的年份更晚的写法。
    错误示例：“2023年当年预算执行数为10.00万元，2024年预算安排10.00万元，比2023年预算执行数增加。”
    正确示例：“…比2023年预算执行数持平。”"""

    id = "JS-R410"
    family = "changes"
    title = "增减方向与前述两年数字不符"

    def check(self, report: Report):
        doc = report.document
        found = [m for m in doc.prose_matches(_TWO_YEARS_THEN_WORD) if m.group("y1") == m.group("y3") < m.group("y2")]
        if not found:
            raise Skip("文中没有“上年数，本年数，比上年增加/减少/持平”而不写增减额的表述")
        amounts = {a.span.start: a for a in report.amounts}
        for m in found:
            before, now = amounts.get(m.start("a1")), amounts.get(m.start("a2"))
            if before is None or now is None:
                continue
            word = m.group("word")
            verdict = compare(now.interval, before.interval, max(now.step, before.step))
            truth = "flat" if verdict is not Verdict.DIFFER else "up" if now.yuan > before.yuan else "down"
            said = _WORD_DIRECTION[word]
            if said == truth:
                continue
            printed_alike = now.yuan == before.yuan
            if truth == "flat" and not printed_alike:
                continue          # within rounding: either word may be right
            right = {"up": "增加", "down": "减少", "flat": "持平"}[truth]
            yield self.finding(
                Span(m.start(), m.end()),
                f"{m.group('y2')}年为{stated(now)}，{m.group('y1')}年为{stated(before)}，"
                f"{'两数相同' if printed_alike else ('多' if now.yuan > before.yuan else '少') + money(abs(now.yuan - before.yuan), now)}，"
                f"文中却写“{word}”。",
                expected=right, actual=word,
                arithmetic=f"{stated(now)} − {stated(before)} = {money(now.yuan - before.yuan, now)}",
                severity="warning" if printed_alike else "error")
