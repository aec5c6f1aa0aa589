"""Rates that cannot pass 100%: a share of a whole, and the rates that count a part
of their cases (满意率, 覆盖率, 办结率, 就业率 …).

"财政拨款收入 307.82 万元，占 103.00%" and "服务对象满意率 103%" are wrong
whatever the other figures say: a part is at most its whole.  A share of a
budget, of last year or of a plan ("占年初预算的 105%", "相当于上年的 120%") may pass
100%, so a share naming such a whole is left alone; so is a rate that may pass
its target (完成率, 执行率, 增长率).
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..document import Span
from ..model import Report
from .base import Rule, Skip, pct, rule

HUNDRED = Decimal(100)
# the words before the rate: "占（收入合计的）" or a rate of a part of the cases
_SHARE = re.compile(r"占(?P<whole>[^，。；,;：:\d%％]{0,20}?)(?:的|比例为|比重为|比例|比重)?\s*$")
_COUNTED = re.compile(r"(?P<word>满意率|满意度|覆盖率|办结率|合格率|知晓率|解决率|响应率|及时率|准确率|达标率|参保率|入学率"
                      r"|成功率|就业率|参与率|注册率|出勤率|签约率|普及率|整改率|完好率|收房率)"
                      r"[^，。；,;\d%％]{0,6}$")
# a whole that may be smaller than the part
_OPEN_WHOLES = ("预算", "上年", "去年", "年初", "计划", "同期", "目标", "标准", "限额", "定额")
LOOK_BACK = 30


@rule
class RateAboveWhole(Rule):
    """占比（“占……的X%”）和满意率、覆盖率、办结率、合格率、成功率、就业率等以部分计的比率不可能超过100%；超过即为错误。
    占预算、占上年、占计划等可以超过100%的比较不在此列，完成率、执行率、增长率也不在此列。
    按舍入区间比较：印出的数所代表的区间整体高于100%才报告。
    错误示例：“其中：财政拨款收入 307.82 万元，占 103.00%。”“服务对象满意率103%。”
    正确示例：“占 100.00%”“满意率98%”。"""

    id = "JS-R302"
    family = "shares"
    title = "占比或比率超过100%"

    def check(self, report: Report):
        doc = report.document
        above = [p for p in report.percents if p.interval.lo > HUNDRED and doc.in_prose(p.span.start)]
        if not report.percents:
            raise Skip("文中没有百分数")
        for p in above:
            before = doc.text[max(p.span.start - LOOK_BACK, 0):p.span.start]
            share = _SHARE.search(before)
            counted = _COUNTED.search(before)
            if share and any(w in share.group("whole") for w in _OPEN_WHOLES):
                share = None
            if not (share or counted):
                continue
            start = p.span.start - len((share or counted).group(0))
            what = "占比" if share else counted.group("word")
            yield self.finding(
                Span(start, p.span.end),
                f"{what}为{p.text.strip()}，超过了100%：部分不可能大于整体，应核实该比率或其计算所用的数。",
                expected=f"≤ {pct(HUNDRED, p)}", actual=p.text.strip())
