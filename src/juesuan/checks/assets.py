"""国有资产: the fixed assets the document states at the year's end, stated one way.

A disclosure states its 固定资产 in the 国有资产占用 part and often again in the
performance part (资产管理).  At the same date the amount is one figure: the 原值
(gross), the 净值 (net) or an unqualified 总额 that must be one of them.  A figure of
another year ("2022年末", "上年末", "年初") is not compared.
"""

from __future__ import annotations

import re

from ..interval import Verdict, compare
from ..model import Figure, Report
from .base import Rule, Skip, place, rule, stated

_FIXED = re.compile(r"(?<!其他)固定资产(?:年末数)?(?:总额|总值|账面价值)?(?P<kind>原值|净值)?(?:合计)?(?:为|是|共)?\s*$")
_NET_AFTER = re.compile(r"^[，,、]?\s*净值(?:为)?\s*$")
_OTHER_TIME = re.compile(r"上年|年初|期初")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


def fixed_asset_figures(report: Report) -> list[tuple[str, Figure]]:
    """(kind, figure) of each 固定资产 amount of the report's year: kind "gross", "net"
    or "stated" (an unqualified 总额)."""
    found: list[tuple[str, Figure]] = []
    previous: Figure | None = None
    for f in report.figures_list:
        if f.source != "narrative" or ("固定资产" not in f.label and "净值" not in f.label):
            previous = f
            continue
        tail = re.split(r"[，,；;。：:]", f.label)[-1]
        m = _FIXED.search(tail)
        years = {int(y) for y in _YEAR.findall(f.label)}
        other_time = _OTHER_TIME.search(f.label) or (years and report.meta.year not in years)
        if m and not other_time:
            found.append(({"原值": "gross", "净值": "net"}.get(m.group("kind"), "stated"), f))
        elif _NET_AFTER.match(f.label) and found and found[-1][1] is previous and found[-1][0] == "gross":
            found.append(("net", f))
        previous = f
    return found


@rule
class FixedAssetsStatedOnce(Rule):
    """年末固定资产无论在何处陈述都应是同一金额：未加限定的“固定资产（总额）”应与其他未加限定的陈述相同，并等于文件所给的原值或净值；
    不符为警告。
    错误示例："截止2023年12月31日，本部门固定资产总额10073.84万元"与 "截至2023年，街道固定资产原值10600.55万元，净值4410.46万元" 并存。
    正确示例：总额10600.55万元（即原值），或写明是原值还是净值。"""

    id = "JS-R506"
    family = "consistency"
    severity = "warning"
    title = "固定资产金额前后不一"

    def check(self, report: Report):
        figures = fixed_asset_figures(report)
        stated_ones = [f for kind, f in figures if kind == "stated"]
        if not stated_ones or len(figures) < 2:
            raise Skip("固定资产金额只出现一次")
        doc = report.document
        for f in stated_ones:
            others = [(kind, g) for kind, g in figures if g is not f]
            a = f.amount
            if any(compare(a.interval, g.amount.interval, max(a.step, g.amount.step)) is not Verdict.DIFFER
                   for _, g in others):
                continue               # it is one of the amounts stated elsewhere
            words = {"gross": "原值", "net": "净值", "stated": ""}
            said = "、".join(f"{place(doc, g.amount.span.start)}{words[kind]}{stated(g.amount)}" for kind, g in others)
            yield self.finding(a.span, f"固定资产写作{stated(a)}，而{said}，同一时点的固定资产金额不一致"
                                       "（或未说明口径）。",
                               expected="与其他各处一致，或写明原值/净值", actual=stated(a))
            break                      # one finding says it: the others are listed in it
