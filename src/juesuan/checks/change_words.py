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
"""

from __future__ import annotations

import re

from ..document import Span
from ..model import MONEY_UNIT, Report
from .base import Rule, Skip, rule

_UP = ("增加", "增长", "上升", "提高", "增幅")
_DOWN = ("减少", "下降", "降低", "降幅")
_WORDS = "|".join(_UP + _DOWN)
# "增加3013.68万元，增长7.59%", "减少 3,309.98 万元，降幅 54.9 %": a word, an amount, a word, a rate.
_PAIR = re.compile(rf"(?P<word>{_WORDS})了?(?:为|达)?\s*+(?P<amount>[\d,]+(?:\.\d+)?)\s*+(?P<unit>{MONEY_UNIT})"
                   rf"\s*+[，,]?\s*+(?P<rate_word>{_WORDS})(?:率)?了?(?:为|达)?\s*+(?P<rate>\d+(?:\.\d+)?)\s*+[%％]")


# "0.00万元，比2023年预算增加；": a zero amount, then a rise with no amount after it.
_ZERO_THEN_UP = re.compile(rf"(?<![\d.,])(?P<zero>0(?:\.0+)?\s*+(?:{MONEY_UNIT}))\s*+[，,]\s*+(?:比|较|与)[^，。；,;%％]{{0,24}}?"
                           r"(?P<word>增加|增长|上升|提高)(?=\s*+[。；，,;]|\s*$)")


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
        found = list(report.document.prose_matches(_ZERO_THEN_UP, ("0",)))
        if not found:
            raise Skip("文中没有“0万元，比……增加”的表述")
        for m in found:
            word = m.group("word")
            yield self.finding(
                Span(m.start(), m.end()),
                f"本年数为{m.group('zero')}，却写“{word}”：金额不为负，"
                f"增加到0不可能，应为“减少”或“持平”。",
                expected="减少或持平", actual=word)
