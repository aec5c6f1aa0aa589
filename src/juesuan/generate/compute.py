"""Every number the generated narrative states, computed in one place.

The formulas are the checks' own (``juesuan.checks.shares`` and
``juesuan.checks.changes``): change = current − base; rate = change ÷ base ×
100, none from a zero base; share = part ÷ whole × 100; completion = 决算 ÷
年初预算 × 100; all rounded half up by :func:`juesuan.interval.round_to`.
Shares of a whole decomposition are nudged to sum to exactly 100 by the
largest-remainder method only when the settings ask for it.

:func:`figures` gives the document's figures under the keys of
spec/report-json.md (derived totals included), in the document's unit;
:func:`problems` lists what is inconsistent in the input, judged by the
same rounding-interval rule as the checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from ..interval import Interval, Verdict, compare, round_to, total
from .data import PROCUREMENT_ITEMS, ROW_PARTS, SOURCES, THREE_PUBLIC_ITEMS, ZERO, ClassTable, GenerateInput

HUNDRED = Decimal(100)
MONEY_DECIMALS = 2


# ---- formulas ----------------------------------------------------------------

def share(part: Decimal, whole: Decimal, decimals: int) -> Decimal | None:
    """part ÷ whole × 100, rounded; None when the whole is zero."""
    if whole == 0:
        return None
    return round_to(part / whole * HUNDRED, decimals)


def composition(parts: list[Decimal], whole: Decimal, decimals: int, sum_to_100: bool) -> list[Decimal | None]:
    """The shares of ``parts`` in ``whole``.

    When ``sum_to_100`` is set and the parts are the whole decomposition
    (they add up to the whole exactly), the shares are nudged by the
    largest-remainder method so that they add up to exactly 100.
    """
    if whole == 0:
        return [None] * len(parts)
    if not sum_to_100 or sum(parts, ZERO) != whole:
        return [share(p, whole, decimals) for p in parts]
    return largest_remainder([p / whole * HUNDRED for p in parts], decimals)


def largest_remainder(raw: list[Decimal], decimals: int) -> list[Decimal]:
    """Round exact shares (summing to 100) so that the rounded ones sum to 100 too."""
    step = Decimal(1).scaleb(-decimals)
    floors = [(r / step).to_integral_value(rounding=ROUND_FLOOR) for r in raw]
    missing = int(HUNDRED / step - sum(floors, ZERO))
    order = sorted(range(len(raw)), key=lambda i: raw[i] / step - floors[i], reverse=True)
    for i in order[:missing]:
        floors[i] += 1
    return [(f * step).quantize(step) for f in floors]


@dataclass(frozen=True)
class Change:
    """current against base: the difference, its direction and its rate."""

    current: Decimal
    base: Decimal
    rate: Decimal | None        # unsigned percent, None from a zero base

    @property
    def delta(self) -> Decimal:
        return self.current - self.base

    @property
    def direction(self) -> str:
        return "up" if self.delta > 0 else "down" if self.delta < 0 else "flat"


def change(current: Decimal, base: Decimal, decimals: int) -> Change:
    rate = None if base == 0 else round_to(abs(current - base) / base * HUNDRED, decimals)
    return Change(current, base, rate)


def completion(actual: Decimal, budget: Decimal, decimals: int) -> Decimal | None:
    """决算 ÷ 年初预算 × 100; None for a zero budget."""
    return share(actual, budget, decimals)


# ---- the document's figures ---------------------------------------------------

INCOME_KEYS = {"fiscal": "income.fiscal", "superior": "income.superior", "business": "income.business",
               "operating": "income.operating", "affiliated": "income.affiliated", "other": "income.other"}
EXPENDITURE_KEYS = {"basic": "expenditure.basic", "project": "expenditure.project",
                    "to_superior": "expenditure.to_superior", "operating": "expenditure.operating",
                    "to_affiliated": "expenditure.to_affiliated"}
ECONOMIC_KEYS = {"301": "basic.personnel", "302": "basic.goods_services", "303": "basic.individual",
                 "310": "basic.capital"}


def figures(data: GenerateInput) -> dict[str, Decimal]:
    """Every figure of the document by key, in the document's unit."""
    b = data.balances
    f: dict[str, Decimal] = {"income.total": data.income["total"], "expenditure.total": data.expenditure["total"]}
    for fld, key in INCOME_KEYS.items():
        f[key] = data.income[fld]
    f["income.fiscal_fund"] = data.fund["income"]
    f["income.fiscal_soe"] = data.soe["income"]
    f["income.fiscal_general"] = f["income.fiscal"] - f["income.fiscal_fund"] - f["income.fiscal_soe"]
    f["income.nonfiscal_balance_used"] = b.nonfiscal_balance_used
    f["income.carryover_begin"] = b.carryover_begin
    f["totals.income_grand"] = f["income.total"] + b.nonfiscal_balance_used + b.carryover_begin
    for fld, key in EXPENDITURE_KEYS.items():
        f[key] = data.expenditure[fld]
    f["expenditure.distribution"] = b.distribution
    f["expenditure.carryover_end"] = b.carryover_end
    f["totals.expenditure_grand"] = f["expenditure.total"] + b.distribution + b.carryover_end
    f["totals.grand"] = f["totals.income_grand"]
    f["fiscal.general_expenditure"] = data.general["total"]
    f["fiscal.fund_expenditure"] = data.fund["total"]
    f["fiscal.soe_expenditure"] = data.soe["total"]
    f["fiscal.expenditure"] = sum((f[f"fiscal.{s}_expenditure"] for s in SOURCES), ZERO)
    f["fiscal.basic"] = data.general["basic"]
    f["fiscal.general_project"] = data.general["project"]
    f["fiscal.carryover_begin"] = b.fiscal_begin + data.fund["carryover_begin"] + data.soe["carryover_begin"]
    f["fiscal.carryover_end"] = b.fiscal_end + data.fund["carryover_end"] + data.soe["carryover_end"]
    f["fiscal.grand"] = f["income.fiscal"] + f["fiscal.carryover_begin"]
    for line in data.basic.level("类"):
        if line.code in ECONOMIC_KEYS:
            f[ECONOMIC_KEYS[line.code]] = line["amount"]
    tp = data.three_public
    for item in ("total", "overseas", "vehicle", "vehicle_purchase", "vehicle_operation", "reception"):
        for phase in ("budget", "actual"):
            f[f"three_public.{item}.{phase}"] = tp.amount(phase, item)
    if data.operation_cost is not None:
        f["operation_cost"] = data.operation_cost
    if data.procurement:
        for item in PROCUREMENT_ITEMS + ("sme", "small_micro"):
            f[f"procurement.{item}"] = data.procurement.get(item, ZERO)
        f["procurement.total"] = sum((data.procurement.get(i, ZERO) for i in PROCUREMENT_ITEMS), ZERO)
    if data.purchased_services is not None:
        f["purchased_services"] = data.purchased_services
    return f


def counts(data: GenerateInput) -> dict[str, int]:
    """The counts the document states under spec keys (公务用车保有量, 车辆数)."""
    out = {}
    if data.three_public.vehicles_held is not None:
        out["three_public.vehicles_held"] = data.three_public.vehicles_held
    if "vehicles" in data.assets:
        out["assets.vehicles"] = data.assets["vehicles"]
    return out


def personnel_and_public(data: GenerateInput) -> tuple[Decimal, Decimal]:
    """人员经费 (工资福利 + 对个人和家庭的补助) and 公用经费 (the other 类) of the 基本支出表."""
    personnel = sum((ln["amount"] for ln in data.basic.level("类") if ln.code in ("301", "303")), ZERO)
    return personnel, data.basic["amount"] - personnel


# ---- consistency of the input -------------------------------------------------

@dataclass(frozen=True)
class Problem:
    severity: str       # "error" (refused) | "warning" (a rounding difference)
    where: str
    message: str


def _iv(value: Decimal) -> Interval:
    return Interval.exact(value) if value == 0 else Interval.printed(value, MONEY_DECIMALS)


def _sum_problem(where: str, what: str, stated: Decimal, parts: list[Decimal], out: list[Problem]) -> None:
    """A stated total against the sum of its parts, by the rounding-interval rule."""
    step = Decimal(1).scaleb(-MONEY_DECIMALS)
    verdict = compare(_iv(stated), total(_iv(p) for p in parts), step)
    if verdict is Verdict.AGREE:
        return
    s = sum(parts, ZERO)
    severity = "warning" if verdict is Verdict.ROUNDING else "error"
    out.append(Problem(severity, where, f"{what}为{stated:f}，其组成部分合计{s:f}，相差{abs(stated - s):f}"))


COLUMN_NAMES = {"total": "合计", "fiscal": "财政拨款收入", "superior": "上级补助收入", "business": "事业收入",
                "operating": "经营收入/支出", "affiliated": "附属单位上缴收入", "other": "其他收入", "basic": "基本支出",
                "project": "项目支出", "to_superior": "上缴上级支出", "to_affiliated": "对附属单位补助支出",
                "carryover_begin": "年初结转和结余", "income": "本年收入", "carryover_end": "年末结转和结余",
                "amount": "决算数"}


def _table_problems(name: str, t: ClassTable, out: list[Problem]) -> None:
    parts = ROW_PARTS.get(t.kind, ())
    codes = {r.code for r in t.rows}
    for r in t.rows:
        where = f"{name} {r.code} {r.name}"
        if parts:
            _sum_problem(where, "合计（" + "+".join(COLUMN_NAMES[p] for p in parts) + "）", r["total"],
                         [r[p] for p in parts], out)
        if r.parent_code and r.parent_code not in codes:
            out.append(Problem("error", where, f"上级科目{r.parent_code}不在表中"))
        kids = t.children(r.code)
        if kids:
            for fld in t.fields:
                _sum_problem(where, f"{COLUMN_NAMES[fld]}（下级科目之和）", r[fld], [k[fld] for k in kids], out)
    classes = t.level("类")
    for fld in t.fields:
        _sum_problem(f"{name} 合计行", f"{COLUMN_NAMES[fld]}（各类之和）", t[fld], [c[fld] for c in classes], out)


TABLE_NAMES = {"income": "收入决算表", "expenditure": "支出决算表", "general": "一般公共预算财政拨款支出决算表",
               "fund": "政府性基金预算财政拨款收入支出决算表", "soe": "国有资本经营预算财政拨款收入支出决算表",
               "basic": "一般公共预算财政拨款基本支出决算表"}


def problems(data: GenerateInput) -> list[Problem]:
    """What does not add up in the input (errors refuse generation, warnings are rounding)."""
    out: list[Problem] = []
    for kind, name in TABLE_NAMES.items():
        _table_problems(name, data.table(kind), out)
    f = figures(data)
    _sum_problem("收入支出决算总表", "收入总计与支出总计：支出总计", f["totals.expenditure_grand"],
                 [f["totals.income_grand"]], out)
    if f["income.fiscal_general"] < 0:
        out.append(Problem("error", "收入决算表", "财政拨款收入小于政府性基金与国有资本经营预算财政拨款收入之和"))
    _sum_problem("财政拨款收入支出决算总表", "一般公共预算财政拨款：收入 + 年初结转和结余",
                 f["fiscal.general_expenditure"] + data.balances.fiscal_end,
                 [f["income.fiscal_general"], data.balances.fiscal_begin], out)
    for kind in ("fund", "soe"):
        t = data.table(kind)
        _sum_problem(TABLE_NAMES[kind], "本年支出 + 年末结转和结余", t["total"] + t["carryover_end"],
                     [t["income"], t["carryover_begin"]], out)
    _sum_problem("一般公共预算财政拨款基本支出决算表", "基本支出合计（一般公共预算财政拨款支出决算表）",
                 data.general["basic"], [data.basic["amount"]], out)
    for fld in ("basic", "project"):
        if data.general[fld] + data.fund[fld] + data.soe[fld] > data.expenditure[fld]:
            out.append(Problem("error", "支出决算表", f"财政拨款{fld}支出超过了支出决算表的{fld}支出"))
    proc = data.procurement
    if proc.get("sme", ZERO) > f.get("procurement.total", ZERO) or proc.get("small_micro", ZERO) > proc.get("sme", ZERO):
        out.append(Problem("error", "政府采购", "授予中小企业合同金额不能超过采购总额，小微企业不能超过中小企业"))
    for (table, code), budget in data.budgets.items():
        line = data.table(table).get(code)
        if line is None:
            out.append(Problem("error", f"年初预算 {code}", f"{TABLE_NAMES.get(table, table)}中没有科目{code}"))
            continue
        kids = data.table(table).children(code)
        kid_budgets = [data.budget_of(table, k) for k in kids]
        if kids and all(b is not None for b in kid_budgets):
            _sum_problem(f"年初预算 {code} {line.name}", "年初预算", budget, kid_budgets, out)
    for phase in ("budget", "actual"):
        values = data.three_public.budget if phase == "budget" else data.three_public.actual
        if any(values.get(i, ZERO) < 0 for i in THREE_PUBLIC_ITEMS):
            out.append(Problem("error", "财政拨款“三公”经费支出决算表", "金额不能为负数"))
    return out
