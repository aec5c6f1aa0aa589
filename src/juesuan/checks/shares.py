"""Shares: every "占…%" recomputed as part ÷ whole × 100.

The whole is what the sentence names (占收入合计, 占本年财政拨款支出 …); a bare
"占比" takes the total its list is about (the "其中" total, or the nearest
total stated before it in the same section).  When the share is wrong for
the named whole but right for another total of the document, the finding
names that whole.
"""

from __future__ import annotations

from bisect import bisect_left
from decimal import Decimal

from ..extract.lexicon import LEXICON
from ..interval import Interval, Verdict, compare, total
from ..model import Amount, Figure, Report, ShareStatement
from .base import Rule, Skip, money, pct, rule, stated

HUNDRED = Decimal(100)


def derived_whole(report: Report, key: str) -> tuple[Interval, str, Figure | None] | None:
    """Interval, description and anchor figure of a whole key, derived if not stated."""
    fig = report.first(key)
    if fig is not None:
        return fig.amount.interval, f"{fig.name}{stated(fig.amount)}", fig
    if key == "fiscal.expenditure":
        parts = [report.first(k) for k in ("fiscal.general_expenditure", "fiscal.fund_expenditure",
                                           "fiscal.soe_expenditure")]
        if parts[0] is None:
            return None
        present = [p for p in parts if p is not None]
        iv = present[0].amount.interval
        for p in present[1:]:
            iv = iv + p.amount.interval
        return iv, f"本年财政拨款支出{money(iv.mid, present[0].amount)}", present[0]
    return _sum_of_parts(report, key)


def _sum_of_parts(report: Report, key: str) -> tuple[Interval, str, Figure | None] | None:
    """A total the document does not state, as the sum of its complete decomposition when every part is stated
    (“三公”经费 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费)."""
    for identity in LEXICON.identities:
        if identity.total != key or not identity.complete:
            continue
        parts = [report.first(k) for k in identity.parts]
        if any(p is None for p in parts):
            continue
        iv = total(p.amount.interval for p in parts)
        terms = " + ".join(stated(p.amount) for p in parts)
        finest = max(parts, key=lambda p: p.amount.decimals)
        return iv, f"各项合计（{terms}）{money(iv.mid, finest.amount)}", finest
    return None


def implicit_wholes(report: Report) -> tuple[list[int], list[Figure]]:
    """The figures a bare "占比" may refer to, with where each starts, in text order (those
    starting together in the report's order): the keyed prose figures.  A figure that has a
    share of its own ("基本支出X，占A%；项目支出Y，占B%") is a sibling in the list, never its whole."""
    siblings = {id(s.part) for s in report.shares}
    ranked = sorted((f.amount.span.start, i) for i, f in enumerate(report.figures_list)
                    if f.key and f.source != "table" and id(f) not in siblings)
    return [start for start, _ in ranked], [report.figures_list[i] for _, i in ranked]


def implicit_whole(report: Report, share: ShareStatement, wholes: tuple[list[int], list[Figure]]) -> Figure | None:
    """The total a bare "占比" refers to: the list's total, else the last figure of
    :func:`implicit_wholes` before it in its section that is larger than its part (of
    those starting there, the first in the report's order)."""
    for en in report.enumerations:
        if any(p is share.part for p in en.parts):
            return en.total
    section = report.section_at(share.part.amount.span.start)
    lo = section.body.start if section else 0
    starts, figures = wholes
    best = None
    for k in range(bisect_left(starts, share.part.amount.span.start) - 1, bisect_left(starts, lo) - 1, -1):
        if best is not None and starts[k] != best.amount.span.start:
            break
        if figures[k].amount.value > share.part.amount.value:
            best = figures[k]
    return best


WHOLE_KEYS = ("income.total", "expenditure.total", "totals.grand", "fiscal.grand", "income.fiscal",
              "fiscal.general_expenditure", "fiscal.fund_expenditure", "fiscal.soe_expenditure",
              "procurement.total", "expenditure.basic", "expenditure.project")


def candidate_wholes(report: Report) -> list[tuple[Interval, str]]:
    """Totals a document might have divided by instead of the one it names."""
    seen, out = set(), []
    for f in report.figures_list:
        if f.key in WHOLE_KEYS and f.amount.value != 0 and f.amount.yuan not in seen:
            seen.add(f.amount.yuan)
            out.append((f.amount.interval, f"{f.name}{stated(f.amount)}"))
    d = derived_whole(report, "fiscal.expenditure")
    if d and d[0].mid not in seen:
        out.append((d[0], d[1]))
    return out


def precise(report: Report, fig: Figure) -> Amount:
    """The figure's amount, or the same figure printed with more decimals in a table
    ("110万元" in the prose, 110.00 in the 三公 table) when the two agree."""
    ref = report.first(fig.key) if fig.key else None
    if ref is None or ref.source != "table" or ref.amount.step >= fig.amount.step \
            or fig.amount.interval.gap(ref.amount.interval) > 0:
        return fig.amount
    return ref.amount


@rule
class ShareOfWhole(Rule):
    """每一处 “X，占Y的Z%” 应等于 X ÷ Y × 100，
    按舍入区间比较（印出d位小数的数代表 ±0.5×10^-d 的区间），末位尾差为提示，其余为错误；
    若文件中另一个总数能算对（例如说的是一般公共预算财政拨款支出，实际除以的是本年收入合计），则指出该总数，报为警告。
    错误示例："一般公共服务支出68,761,833.85元，占比34.3%"，
    其总数一般公共预算财政拨款支出为 199,295,826.51元（应为34.5%）。
    正确示例："…占比34.5%"。"""

    id = "JS-R301"
    family = "shares"
    title = "占比计算错误"

    def check(self, report: Report):
        if not report.shares:
            raise Skip("文中没有“占…%”的表述")
        candidates = None
        wholes: dict[str, tuple | None] = {}        # the whole of each key, derived once
        unnamed = None                              # implicit_wholes, read at the first bare "占比"
        for sh in report.shares:
            if not sh.whole_key and not sh.whole_label and unnamed is None:
                unnamed = implicit_wholes(report)
            whole = self._whole(report, sh, wholes, unnamed)
            if whole is None:
                continue
            iv, desc, _ = whole
            if iv.hi <= 0:
                continue
            part = precise(report, sh.part)
            computed = (part.interval / iv)
            if computed is None:
                continue
            verdict = compare(sh.percent.interval, computed.scale(HUNDRED), sh.percent.step)
            if verdict is Verdict.AGREE:
                continue
            right = part.yuan / iv.mid * HUNDRED
            if verdict is Verdict.ROUNDING:
                yield self.finding(sh.span, f"{stated(sh.part.amount)} ÷ {desc} = {pct(right, sh.percent)}，"
                                            f"文中写{sh.percent.text}（尾差，可能为使各项合计100%而调整）。",
                                   expected=pct(right, sh.percent), actual=sh.percent.text, severity="info",
                                   arithmetic=f"{stated(part)} ÷ {desc} × 100% = {pct(right, sh.percent)}")
                continue
            if candidates is None:
                candidates = candidate_wholes(report)
            other = next((d for civ, d in candidates if civ is not iv
                          and (q := part.interval / civ) is not None
                          and compare(sh.percent.interval, q.scale(HUNDRED), sh.percent.step) is Verdict.AGREE),
                         None)
            message = f"{stated(sh.part.amount)} ÷ {desc} = {pct(right, sh.percent)}，文中写{sh.percent.text}。"
            if other:
                message += f"文中的{sh.percent.text}是以{other}为分母算出的，与所称口径不符。"
            yield self.finding(sh.span, message, expected=pct(right, sh.percent), actual=sh.percent.text,
                               arithmetic=f"{stated(part)} ÷ {desc} × 100% = {pct(right, sh.percent)}",
                               severity="warning" if other else "error")

    @staticmethod
    def _whole(report: Report, sh: ShareStatement, wholes: dict, unnamed):
        if sh.whole_key:
            if sh.whole_key not in wholes:
                wholes[sh.whole_key] = derived_whole(report, sh.whole_key)
            return wholes[sh.whole_key]
        if sh.whole_label:
            return None          # a whole we cannot name: not checked
        fig = implicit_whole(report, sh, unnamed)
        if fig is None:
            return None
        return fig.amount.interval, f"{fig.name}{stated(fig.amount)}", fig
