"""The typed input of ``juesuan generate``: the nine tables and what they lack.

Every amount is a :class:`~decimal.Decimal` in the document's money unit
(``Meta.unit``: 元 or 万元), exactly as it is to be printed (at most two
decimals).  Tables hold their rows as :class:`Line` records (a
classification row: code, name, one amount per column field) and their
合计 row; everything the narrative says is computed from these records by
:mod:`juesuan.generate.compute`.

The model is the non-redundant core: the 收入支出决算总表 and the
财政拨款收入支出决算总表 are derived from the other tables plus a few
balances (:class:`Balances`), so they can never disagree with them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Mapping

ZERO = Decimal(0)

# Column fields of the classification tables, in the official column order.
INCOME_FIELDS = ("total", "fiscal", "superior", "business", "operating", "affiliated", "other")
EXPENDITURE_FIELDS = ("total", "basic", "project", "to_superior", "operating", "to_affiliated")
GENERAL_FIELDS = ("total", "basic", "project")
FUND_FIELDS = ("carryover_begin", "income", "total", "basic", "project", "carryover_end")
ECONOMIC_FIELDS = ("amount",)

TABLE_FIELDS = {"income": INCOME_FIELDS, "expenditure": EXPENDITURE_FIELDS, "general": GENERAL_FIELDS,
                "fund": FUND_FIELDS, "soe": FUND_FIELDS, "basic": ECONOMIC_FIELDS}
# Within a row, the "total" field is the sum of these fields.
ROW_PARTS = {"income": INCOME_FIELDS[1:], "expenditure": EXPENDITURE_FIELDS[1:], "general": ("basic", "project"),
             "fund": ("basic", "project"), "soe": ("basic", "project")}
# The three fiscal sources (一般公共预算 / 政府性基金 / 国有资本经营) and their tables.
SOURCES = ("general", "fund", "soe")
THREE_PUBLIC_ITEMS = ("overseas", "vehicle_purchase", "vehicle_operation", "reception")
PROCUREMENT_ITEMS = ("goods", "works", "services")
LEVELS = {3: "类", 5: "款", 7: "项"}


@dataclass(frozen=True)
class Line:
    """A classification row (类 3-digit code, 款 5, 项 7) with its amounts by field."""

    code: str
    name: str
    values: Mapping[str, Decimal]

    def __getitem__(self, field_name: str) -> Decimal:
        return self.values.get(field_name, ZERO)

    @property
    def level(self) -> str:
        return LEVELS[len(self.code)]

    @property
    def parent_code(self) -> str | None:
        return self.code[:-2] if len(self.code) > 3 else None


@dataclass(frozen=True)
class ClassTable:
    """A classification table: rows in order, and its 合计 row."""

    kind: str                       # income, expenditure, general, fund, soe, basic
    rows: tuple[Line, ...]
    total: Mapping[str, Decimal]

    def __getitem__(self, field_name: str) -> Decimal:
        return self.total.get(field_name, ZERO)

    @property
    def fields(self) -> tuple[str, ...]:
        return TABLE_FIELDS[self.kind]

    def level(self, level: str) -> list[Line]:
        return [r for r in self.rows if r.level == level]

    def children(self, code: str) -> list[Line]:
        return [r for r in self.rows if r.parent_code == code]

    def get(self, code: str) -> Line | None:
        return next((r for r in self.rows if r.code == code), None)

    @property
    def is_empty(self) -> bool:
        return not self.rows and not any(self.total.values())


@dataclass(frozen=True)
class Balances:
    """What the two 总表 state beyond the classification tables.

    ``fiscal_begin`` / ``fiscal_end``: 年初 / 年末 财政拨款结转和结余 of the
    一般公共预算 (the fund and soe ones are columns of their tables).
    """

    nonfiscal_balance_used: Decimal = ZERO      # 使用非财政拨款结余
    carryover_begin: Decimal = ZERO             # 年初结转和结余
    distribution: Decimal = ZERO                # 结余分配
    carryover_end: Decimal = ZERO               # 年末结转和结余
    fiscal_begin: Decimal = ZERO
    fiscal_end: Decimal = ZERO


@dataclass(frozen=True)
class ThreePublic:
    """财政拨款“三公”经费: budget and actual per item, and the counts the narrative states."""

    budget: Mapping[str, Decimal]
    actual: Mapping[str, Decimal]
    groups: int | None = None           # 因公出国（境）团组
    travellers: int | None = None       # 因公出国（境）人次
    receptions: int | None = None       # 公务接待批次
    guests: int | None = None           # 公务接待人次
    vehicles_bought: int | None = None  # 公务用车购置数
    vehicles_held: int | None = None    # 公务用车保有量

    def amount(self, phase: str, item: str) -> Decimal:
        values = self.budget if phase == "budget" else self.actual
        if item == "vehicle":
            return values.get("vehicle_purchase", ZERO) + values.get("vehicle_operation", ZERO)
        if item == "total":
            return sum((values.get(i, ZERO) for i in THREE_PUBLIC_ITEMS), ZERO)
        return values.get(item, ZERO)


@dataclass(frozen=True)
class SelfEvaluation:
    """项目支出绩效自评表: the form ``juesuan score`` reads, and the texts around it.

    ``form`` is a :class:`juesuan.score.FormInput` (funds, indicators with
    targets, actuals and weights); its scores come from :func:`juesuan.score.score_form`.
    """

    form: object
    department: str = ""        # 主管部门
    implementer: str = ""       # 实施单位
    goal: str = ""              # 年度总体目标：预期目标
    achieved: str = ""          # 年度总体目标：实际完成情况


@dataclass(frozen=True)
class Settings:
    percent_decimals: int = 2
    shares_sum_to_100: bool = False     # nudge composition shares by largest remainder
    grouping: bool | None = None        # thousands separators (default: 元 yes, 万元 no)


@dataclass(frozen=True)
class Meta:
    org: str
    year: int
    unit: str                           # 元 | 万元


@dataclass(frozen=True)
class GenerateInput:
    """Everything ``juesuan generate`` needs, typed and exact."""

    meta: Meta
    settings: Settings
    income: ClassTable
    expenditure: ClassTable
    general: ClassTable
    fund: ClassTable
    soe: ClassTable
    basic: ClassTable
    three_public: ThreePublic
    balances: Balances = Balances()
    last_year: Mapping[str, Decimal] = field(default_factory=dict)      # figure key → 上年数
    budgets: Mapping[tuple[str, str], Decimal] = field(default_factory=dict)    # (table, code) → 年初预算
    line_reasons: Mapping[tuple[str, str], str] = field(default_factory=dict)   # (table, code) → 原因
    reasons: Mapping[str, str] = field(default_factory=dict)            # figure key → 原因
    operation_cost: Decimal | None = None
    procurement: Mapping[str, Decimal] = field(default_factory=dict)    # goods/works/services/sme/small_micro
    assets: Mapping[str, int] = field(default_factory=dict)             # vehicles, large_equipment
    purchased_services: Decimal | None = None
    profile: Mapping[str, str] = field(default_factory=dict)            # duties, structure, staff
    self_evaluations: tuple[SelfEvaluation, ...] = ()

    def table(self, kind: str) -> ClassTable:
        return getattr(self, kind)

    def budget_of(self, table: str, line: Line) -> Decimal | None:
        """A line's 年初预算: stated, or the sum of its children's when all are stated."""
        stated = self.budgets.get((table, line.code))
        if stated is not None:
            return stated
        kids = self.table(table).children(line.code)
        budgets = [self.budget_of(table, k) for k in kids]
        if kids and all(b is not None for b in budgets):
            return sum(budgets, ZERO)
        return None
