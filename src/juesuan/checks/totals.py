"""Identities: totals equal the sum of their parts, balances balance.

The identities come from the lexicon (``identities``, ``equalities``,
``bounds``) and from the sentences themselves ("T，其中：A…，B…").
Parts are non-negative, so parts that exceed their total are always an
error; a shortfall is an error only when the parts are the whole
decomposition (基本支出 + 项目支出 of an expenditure total …).
"""

from __future__ import annotations

from decimal import Decimal

from ..extract.lexicon import LEXICON
from ..interval import Verdict, compare
from ..model import Figure, Report
from .base import Rule, Skip, money, rule, stated
from .hierarchy import compare_sum, slip_finding, unit_slip
from .sentence_span import with_same_sentence

# Part labels that together make a whole decomposition of their total.
COMPLETE_PART_SETS = [
    ("基本支出", "项目支出"),
    ("工资福利", "商品和服务", "对个人和家庭"),
    ("货物", "工程", "服务"),
    ("因公出国", "公务接待", "公务用车"),
    ("财政拨款收入", "上级补助收入", "事业收入", "经营收入"),
]


def years_stated(report: Report) -> list[str]:
    """Key suffixes of the years the document states figures for ("" = the report year)."""
    return [""] + sorted({f.key[f.key.index("@"):] for f in report.figures_list if f.key and "@" in f.key})


def _verdict(total_fig: Figure, parts: list[Figure]) -> tuple[Verdict, Decimal | None]:
    return compare_sum(total_fig.amount, [p.amount for p in parts])


def _sum_text(parts: list[Figure]) -> str:
    return " + ".join(stated(p.amount) for p in parts)


@rule
class TotalEqualsParts(Rule):
    """合计应等于各分项之和（本年收入合计 = 财政拨款收入 + 上级补助收入 + 事业收入 + 经营收入 + 附属单位上缴收入 + 其他收入；本年支出合计 = 基本支出 + 项目支出 + …；基本支出 = 工资福利 + 商品和服务 + 对个人和家庭的补助 + 资本性支出；“三公”经费 = 出国 + 公务用车 + 接待，决算与预算均如此；政府采购 = 货物 + 工程 + 服务；收入总计 = 本年收入合计 + 年初结转和结余）。
    按舍入区间比较（印出d位小数的数代表 ±0.5×10^-d 的区间），末位尾差为提示，其余为错误；
    文件中分解不完整时，只报告分项超过总数的情形。分解完整、合计与其他各分项均在文中（或表中）多处一致时，
    错的是唯一未被印证的分项，报告在该分项处（“公务用车购置预算支出3万元”，而公务用车购置及运行费与运行维护费均多处为183.6万元）。
    错误示例：收入总计184,258,110.99元，本年收入184,129,842.39元，
    上年结转128,378.60元（合计 184,258,220.99）。
    正确示例：同样的分项，收入总计184,258,220.99元。"""

    id = "JS-R101"
    family = "totals"
    title = "合计不等于各分项之和"

    def check(self, report: Report):
        ran = False
        for ident, suffix in ((i, y) for y in years_stated(report) for i in LEXICON.identities):
            tot = report.first(ident.total + suffix)
            parts = [report.first(k + suffix) for k in ident.parts]
            present = [p for p in parts if p is not None]
            if tot is None or not present:
                continue
            ran = True
            complete = ident.complete and len(present) == len(parts)
            verdict, s = _verdict(tot, present)
            if verdict is Verdict.AGREE:
                continue
            if unit_slip(tot.amount, s):
                yield slip_finding(self, tot.amount, s, f"“{tot.name}”")
                continue
            exceeds = s > tot.amount.yuan
            if not (complete or exceeds):
                continue
            severity = "info" if verdict is Verdict.ROUNDING else "error"
            names = "、".join(p.name for p in present)
            suspect = _lone_unconfirmed(report, tot, present) if complete else None
            if suspect is not None:
                yield self._on_part(tot, present, suspect, severity)
                continue
            yield self.finding(
                with_same_sentence(report.document.text, tot.clause, [p.amount.span for p in present]),
                f"“{tot.name}”为{stated(tot.amount)}，但其组成部分（{names}）合计为"
                f"{money(s, tot.amount)}，相差{money(abs(s - tot.amount.yuan), tot.amount)}"
                + ("（分项之和超过合计）" if exceeds else "") + "。",
                expected=money(s, tot.amount), actual=stated(tot.amount),
                arithmetic=f"{_sum_text(present)} = {money(s, tot.amount)} ≠ {stated(tot.amount)}",
                severity=severity)
        if not ran:
            raise Skip("文中没有可核对的合计及其分项")

    def _on_part(self, tot: Figure, present: list[Figure], suspect: Figure, severity: str):
        """The finding on the one part that the total and the other parts, each stated
        alike more than once, say is wrong."""
        others = sum((p.amount.yuan for p in present if p is not suspect), Decimal(0))
        should = tot.amount.yuan - others
        a = suspect.amount
        return self.finding(
            suspect.clause,
            f"“{suspect.name}”为{stated(a)}，而“{tot.name}”{stated(tot.amount)}与其他组成部分"
            f"（{'、'.join(p.name for p in present if p is not suspect)}）在文中多处一致，"
            f"据此“{suspect.name}”应为{money(should, a)}，相差{money(abs(a.yuan - should), a)}。",
            expected=money(should, a), actual=stated(a),
            arithmetic=f"{stated(tot.amount)} − ({' + '.join(stated(p.amount) for p in present if p is not suspect)})"
                       f" = {money(should, a)} ≠ {stated(a)}",
            severity=severity)


def _confirmed(report: Report, key: str) -> bool:
    """A figure stated more than once (narrative or tables), every statement agreeing:
    one wrong number cannot be it."""
    found = report.by_key(key)
    if len(found) < 2:
        return False
    a = found[0].amount
    return all(compare(a.interval, f.amount.interval, max(a.step, f.amount.step)) is Verdict.AGREE
               for f in found[1:])


def _lone_unconfirmed(report: Report, tot: Figure, present: list[Figure]) -> Figure | None:
    """The one part of a whole decomposition that is not confirmed, when its total and
    every other part are: the arithmetic says it is the wrong one."""
    if not _confirmed(report, tot.key):
        return None
    unconfirmed = [p for p in present if not _confirmed(report, p.key)]
    return unconfirmed[0] if len(unconfirmed) == 1 else None


@rule
class EnumeratedPartsWithinTotal(Rule):
    """以“其中”列于总数之下的金额（"全年预算数X，其中：基本支出A，项目支出B"）合计不得超过总数；
    构成完整分解（基本支出 + 项目支出，货物 + 工程 + 服务……）时应恰好等于总数。
    按舍入区间比较，末位尾差为提示，其余为错误。
    错误示例："全年预算数20,060.27万元，其中：基本支出4,295.34万元，项目支出16,079.09万元"（合计 20,374.43）。
    正确示例：同样的分项，全年预算数20,374.43万元。"""

    id = "JS-R102"
    family = "totals"
    title = "“其中”所列分项与总数不符"

    def check(self, report: Report):
        enums = report.enumerations
        if not enums:
            raise Skip("文中没有“其中”分项列举")
        for en in enums:
            parts = list(en.parts)
            verdict, s = _verdict(en.total, parts)
            if verdict is Verdict.AGREE:
                continue
            if unit_slip(en.total.amount, s):
                yield slip_finding(self, en.total.amount, s, f"“{en.total.name}”")
                continue
            exceeds = s > en.total.amount.yuan
            labels = "".join(p.label for p in parts)
            complete = any(all(w in labels for w in ws) for ws in COMPLETE_PART_SETS)
            if not (exceeds or complete):
                continue
            severity = "info" if verdict is Verdict.ROUNDING else "error"
            yield self.finding(
                en.span,
                f"“{en.total.name}”为{stated(en.total.amount)}，其中所列各项合计"
                f"{money(s, en.total.amount)}，" + ("超过了总数" if exceeds else "与总数不符")
                + f"，相差{money(abs(s - en.total.amount.yuan), en.total.amount)}。",
                expected=money(s, en.total.amount), actual=stated(en.total.amount),
                arithmetic=f"{_sum_text(parts)} = {money(s, en.total.amount)} ≠ {stated(en.total.amount)}",
                severity=severity)


@rule
class BalancesAndBounds(Rule):
    """应当相等的两个数要相等（收入总计 = 支出总计），分项不得超过整体（授予中小企业合同金额 ≤ 政府采购支出总额；授予小微企业 ≤ 授予中小企业）。
    按舍入区间比较，不符为错误。
    错误示例：收入总计184,258,110.99元，支出总计184,258,220.99元。
    正确示例：两者均为184,258,220.99元。"""

    id = "JS-R103"
    family = "totals"
    title = "收支不平衡或分项超过总额"

    def check(self, report: Report):
        ran = False
        for (a_key, b_key), suffix in ((p, y) for y in years_stated(report) for p in LEXICON.equalities):
            a, b = report.first(a_key + suffix), report.first(b_key + suffix)
            if a is None or b is None:
                continue
            ran = True
            step = max(a.amount.step, b.amount.step)
            verdict = compare(a.amount.interval, b.amount.interval, step)
            if verdict is not Verdict.AGREE:
                yield self.finding(
                    a.clause.cover(b.clause),
                    f"“{a.name}”{stated(a.amount)}与“{b.name}”{stated(b.amount)}应当相等，"
                    f"相差{money(abs(a.amount.yuan - b.amount.yuan), a.amount)}。",
                    expected=stated(b.amount), actual=stated(a.amount),
                    arithmetic=f"{stated(a.amount)} − {stated(b.amount)} = "
                               f"{money(a.amount.yuan - b.amount.yuan, a.amount)}",
                    severity="info" if verdict is Verdict.ROUNDING else "error")
        for part_key, whole_key in LEXICON.bounds:
            part, whole = report.first(part_key), report.first(whole_key)
            if part is None or whole is None:
                continue
            ran = True
            if part.amount.interval.lo > whole.amount.interval.hi:
                yield self.finding(
                    part.clause,
                    f"“{part.name}”{stated(part.amount)}超过了“{whole.name}”"
                    f"{stated(whole.amount)}，分项不能大于总额。",
                    expected=f"≤ {stated(whole.amount)}", actual=stated(part.amount),
                    arithmetic=f"{stated(part.amount)} > {stated(whole.amount)}")
        if not ran:
            raise Skip("文中没有收支总计或采购总额等可比对的数")


@rule
class GrandTotalDoubleCounted(Rule):
    """收支总计 = 本年收入合计 + 年初结转和结余（= 本年支出合计 + 年末结转和结余），绝不是本年收入合计 + 本年支出合计。
    收支总计精确到分等于收入加支出、且未列结转结余时，即把本年算了两次，为警告。
    错误示例："收、支总计 404,347,110.22元"，本年收入合计200,602,725.11元，
    本年支出合计203,744,385.11元。
    正确示例：收、支总计 = 本年收入合计 + 年初结转和结余。"""

    id = "JS-R104"
    family = "totals"
    severity = "warning"
    title = "收支总计疑将收入与支出相加"

    def check(self, report: Report):
        income, spend = report.first("income.total"), report.first("expenditure.total")
        grands = [g for k in ("totals.grand", "fiscal.grand") for g in report.by_key(k)]
        if income is None or spend is None or not grands:
            raise Skip("没有收支总计及本年收入、支出合计")
        if report.first("income.carryover_begin") or report.first("expenditure.carryover_end"):
            return
        both = income.amount.interval + spend.amount.interval
        for g in grands:
            if compare(g.amount.interval, both, g.amount.step) is not Verdict.AGREE:
                continue
            if compare(g.amount.interval, income.amount.interval, g.amount.step) is Verdict.AGREE:
                continue
            s = income.amount.yuan + spend.amount.yuan
            yield self.finding(
                g.clause,
                f"“{g.name}”{stated(g.amount)}恰为本年收入合计{stated(income.amount)}与本年支出合计"
                f"{stated(spend.amount)}之和。收支总计应为本年收入合计加年初结转和结余（等于本年支出合计加年末结转和结余），"
                f"不应把收入和支出相加。",
                expected="本年收入合计 + 年初结转和结余", actual=stated(g.amount),
                arithmetic=f"{stated(income.amount)} + {stated(spend.amount)} = {money(s, g.amount)}")


@rule
class PerVehicleCost(Rule):
    """车均运行维护费 = 公务用车运行维护费 ÷ 公务用车保有量，按舍入区间比较，不符为错误。
    错误示例："运行维护费20,578.01元…保有量4辆，车均运行维护费5,414.50元"（20,578.01 ÷ 4 = 5,144.50）。
    正确示例："车均运行维护费 5,144.50元"。"""

    id = "JS-R105"
    family = "totals"
    title = "车均运行维护费计算错误"

    def check(self, report: Report):
        average = report.first("three_public.vehicle_average")
        operation = report.first("three_public.vehicle_operation.actual")
        held = report.counts.get("three_public.vehicles_held")
        if average is None or operation is None or held is None:
            raise Skip("没有车均运行维护费及其运行维护费、保有量")
        n = held[0]
        if n == 0:
            return
        computed = operation.amount.interval.scale(Decimal(1) / Decimal(n))
        verdict = compare(average.amount.interval, computed, average.amount.step)
        if verdict is Verdict.AGREE:
            return
        right = operation.amount.yuan / n
        yield self.finding(
            average.clause,
            f"公务用车运行维护费{stated(operation.amount)}÷保有量{n}辆={money(right, average.amount)}，"
            f"文中车均运行维护费写{stated(average.amount)}。",
            expected=money(right, average.amount), actual=stated(average.amount),
            arithmetic=f"{stated(operation.amount)} ÷ {n} = {money(right, average.amount)}",
            severity="info" if verdict is Verdict.ROUNDING else "error")
