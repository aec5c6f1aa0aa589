"""The performance-evaluation parts as typed records (预算绩效).

What :mod:`juesuan.extract.performance` reads from a disclosure's 绩效 parts:
overall and project scores with their grades, the grade-band tables a
document states, the self-evaluation form (项目支出绩效自评表: funds rows and the
indicator tree), indicator/target tables with weights, tracking tables and
tracking lists, and the narrative claims the checks recompute (预算执行率,
counts, count shares, coverage ratios, tracking summaries).

Money is an :class:`~juesuan.model.Amount` and a rate a
:class:`~juesuan.model.Percent`, as everywhere.  Points, weights and counts
are neither, so they are a :class:`Quantity`: the printed number with its
decimals, span and unit word ("分", "%", "个"), and the same interval rule.
Records are immutable; every number keeps the span where it is printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterator

from .document import Span
from .interval import Interval
from .model import Amount, Percent


@dataclass(frozen=True)
class Quantity:
    """A printed number that is not money: points, a weight, a count."""

    value: Decimal
    decimals: int
    span: Span
    text: str
    unit: str | None = None       # "分", "%", "个" … as printed (None: bare number)

    @property
    def interval(self) -> Interval:
        return Interval.printed(self.value, self.decimals)

    @property
    def step(self) -> Decimal:
        return Decimal(1).scaleb(-self.decimals)


# ---- grades -----------------------------------------------------------------

@dataclass(frozen=True)
class GradeBand:
    """One band: ``grade`` for scores in [lo, hi) (hi None: no upper bound).

    ``lo_inclusive`` is the document's "（含）"; by 财预〔2020〕10号 the lower bound
    is included unless the document says otherwise.
    """

    grade: str
    lo: Decimal
    hi: Decimal | None = None
    lo_inclusive: bool = True


@dataclass(frozen=True)
class BandTable:
    """Grade bands, as the document states them or the default ones."""

    bands: tuple[GradeBand, ...]
    span: Span | None = None           # None for the default table
    text: str = ""

    def grade_of(self, score: Decimal) -> str | None:
        """The grade of an exact score (the printed score is the score).

        Bands are tried from the highest lower bound down; the first whose
        lower bound the score reaches wins, so 90 is 优 under "90（含）-100分为优、
        80（含）-90分为良" and 良 under "90分以上（不含90分）为优".
        """
        for b in sorted(self.bands, key=lambda b: (b.lo, b.lo_inclusive), reverse=True):
            if score > b.lo or (score == b.lo and b.lo_inclusive):
                return b.grade
        return None

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(b.grade for b in self.bands)


@dataclass(frozen=True)
class ScoreStatement:
    """"综合得分91.29分，评价等次为“优”": a score, its grade, or both."""

    scope: str                         # "overall" | "project"
    score: Quantity | None
    grade: str | None
    grade_span: Span | None
    span: Span                         # from the score (or grade) to the grade (or score)


# ---- self-evaluation form ---------------------------------------------------

@dataclass(frozen=True)
class FundsRow:
    """A row of the form's 项目资金 block (年度资金总额, 其中：当年财政拨款 …)."""

    label: str
    budget_initial: Amount | None
    budget: Amount | None
    executed: Amount | None
    weight: Quantity | None
    rate: Percent | None
    score: Quantity | None
    span: Span

    @property
    def is_total(self) -> bool:
        return not self.label.startswith("其中") and ("总额" in self.label or "合计" in self.label)


@dataclass(frozen=True)
class Indicator:
    """One 三级指标 with its place in the tree and its numbers."""

    name: str
    level1: str | None = None
    level2: str | None = None
    group: str | None = None           # activity/task column, when the table has one
    nature: str | None = None          # "≥", "≤", "=", "定性", "定量" as printed
    target_text: str | None = None
    target: Quantity | None = None
    actual_text: str | None = None
    actual: Quantity | None = None
    unit: str | None = None
    weight: Quantity | None = None
    weight_text: str | None = None
    score: Quantity | None = None
    score_text: str | None = None
    span: Span = Span(0, 0)


@dataclass(frozen=True)
class IndicatorTable:
    """An indicator or target table, or the indicator part of a form.

    ``totals`` are the numbers of its 总分/合计 row, left to right; ``complete``
    is False when a "……" row says rows were left out.
    """

    kind: str                          # "form" | "targets"
    indicators: tuple[Indicator, ...]
    totals: tuple[Quantity, ...]
    total_span: Span | None
    complete: bool
    has_weight: bool
    has_score: bool
    span: Span
    weight_header: Span | None = None      # the header cell of the weight column (分值, 指标权重 …)


@dataclass(frozen=True)
class SelfEvaluationForm:
    """项目支出绩效自评表: the funds block and the indicator tree."""

    project: str | None
    unit: str
    funds: tuple[FundsRow, ...]
    indicators: IndicatorTable | None
    span: Span

    @property
    def funds_total(self) -> FundsRow | None:
        return next((r for r in self.funds if r.is_total), self.funds[0] if self.funds else None)


# ---- points schemes ("年度总目标(100分) …（1）产出指标（60分）") -------------------

@dataclass(frozen=True)
class SchemeItem:
    label: str
    points: Quantity
    parts: tuple["SchemeItem", ...] = ()


@dataclass(frozen=True)
class PointsScheme:
    """A points scheme stated in prose: a total and the items it is divided into."""

    label: str
    total: Quantity
    items: tuple[SchemeItem, ...]
    span: Span


# ---- tracking ---------------------------------------------------------------

@dataclass(frozen=True)
class TrackingRow:
    """A row of 跟踪项目预算执行情况表 (or its 合计 row)."""

    number: str | None
    department: str | None
    name: str
    initial: Amount | None
    added: Amount | None
    cut: Amount | None
    adjusted: Amount | None
    actual: Amount | None
    rate: Percent | None
    span: Span
    is_total: bool = False


@dataclass(frozen=True)
class TrackingTable:
    rows: tuple[TrackingRow, ...]
    total: TrackingRow | None
    unit: str
    complete: bool
    span: Span

    def rows_of(self, department: str) -> tuple[TrackingRow, ...]:
        return tuple(r for r in self.rows if r.department == department)


@dataclass(frozen=True)
class TrackingListItem:
    number: str | None
    name: str
    amount: Amount | None
    span: Span


@dataclass(frozen=True)
class TrackingList:
    """绩效跟踪清单: the tracked projects' amounts, their total and the coverage."""

    items: tuple[TrackingListItem, ...]
    total: Amount | None
    tracked: Amount | None            # 绩效跟踪金额
    base: Amount | None               # 项目支出总金额
    ratio: Percent | None             # 跟踪金额占项目支出总金额比例
    complete: bool
    span: Span


@dataclass(frozen=True)
class TrackingSummary:
    """A sentence summing tracked projects: "年初预算合计X，年中调减Y，调整后Z，实际支出W"."""

    subject: str | None               # the department named, None for all tracked projects
    count: Quantity | None
    initial: Amount | None
    added: Amount | None
    cut: Amount | None
    adjusted: Amount | None
    actual: Amount | None
    span: Span


@dataclass(frozen=True)
class TrackedCount:
    """"共选取了38个重点项目进行绩效跟踪" (what="projects"), "等7个科室" (what="departments")."""

    what: str
    count: Quantity
    span: Span


@dataclass(frozen=True)
class BelowThresholdClaim:
    """"跟踪的38个项目中有5个项目预算执行率不足80%"."""

    of_count: Quantity | None
    count: Quantity
    threshold: Percent
    span: Span


# ---- narrative claims -------------------------------------------------------

@dataclass(frozen=True)
class RateClaim:
    """A stated 预算执行率 with the budget and spending it is computed from.

    ``source`` says where the figures were found: "own" (the claim's own
    sentence), "section" (the overall budget figures of the 预算执行情况
    section), "previous" (an earlier paragraph of the same section, for a
    claim that restates a rate without figures) or None (no figures).
    """

    percent: Percent
    phrase: str
    subject: str                      # the words before the phrase in its clause
    budget: Amount | None
    budget_kind: str | None           # "adjusted" | "budget" | "initial"
    spent: Amount | None
    source: str | None
    span: Span                        # the claim ("预算执行率为98%")
    sentence: Span
    about_department: bool = False


@dataclass(frozen=True)
class DerivedRateClaim:
    """"预决算差异率为0" (kind "difference": (决算 − 预算) ÷ 预算) or "资金结转结余率为0"
    (kind "carryover": 结转结余 ÷ 全年预算), with the two amounts of its sentence."""

    kind: str
    value: Percent                    # a bare "0" is read as an exact 0%
    numerator: Amount                 # 决算数 / 结转结余
    budget: Amount
    phrase: str
    span: Span


@dataclass(frozen=True)
class CountBreakdown:
    """A count and the counts it is divided into (其中…, score distributions)."""

    total: Quantity
    total_label: str
    parts: tuple[tuple[str, Quantity], ...]
    complete: bool                    # the parts are the whole decomposition
    kind: str                         # "list" | "distribution"
    span: Span


@dataclass(frozen=True)
class CountShare:
    """"15个预算项目…占部门项目总数的20.83%"."""

    part: Quantity
    percent: Percent
    whole_label: str
    whole: Quantity | None            # the count the whole names, when stated
    whole_source: str | None          # "sentence" | "document"
    span: Span


@dataclass(frozen=True)
class LabelledCount:
    """A count with the label before it ("评价项目71个")."""

    label: str
    count: Quantity
    clause: Span
    amount: Amount | None = None      # the amount stated right after ("涉及金额16,079.09万元")


@dataclass(frozen=True)
class CoverageRatio:
    """跟踪金额 ÷ 项目支出总金额 as stated, with its two amounts when found."""

    tracked: Amount | None
    base: Amount | None
    percent: Percent
    label: str
    span: Span


# ---- the whole ----------------------------------------------------------------

@dataclass
class Performance:
    """Everything read from a document's performance parts."""

    region: Span | None = None
    scores: list[ScoreStatement] = field(default_factory=list)
    band_tables: list[BandTable] = field(default_factory=list)
    forms: list[SelfEvaluationForm] = field(default_factory=list)
    indicator_tables: list[IndicatorTable] = field(default_factory=list)
    schemes: list[PointsScheme] = field(default_factory=list)
    tracking_tables: list[TrackingTable] = field(default_factory=list)
    tracking_lists: list[TrackingList] = field(default_factory=list)
    summaries: list[TrackingSummary] = field(default_factory=list)
    below_claims: list[BelowThresholdClaim] = field(default_factory=list)
    tracked_counts: list[TrackedCount] = field(default_factory=list)
    rate_claims: list[RateClaim] = field(default_factory=list)
    derived_claims: list[DerivedRateClaim] = field(default_factory=list)
    breakdowns: list[CountBreakdown] = field(default_factory=list)
    count_shares: list[CountShare] = field(default_factory=list)
    counts: list[LabelledCount] = field(default_factory=list)
    coverage_ratios: list[CoverageRatio] = field(default_factory=list)
    projects_evaluated: Quantity | None = None

    @property
    def overall(self) -> ScoreStatement | None:
        """The department's overall evaluation: the first overall statement with a score."""
        overall = [s for s in self.scores if s.scope == "overall"]
        return next((s for s in overall if s.score is not None), overall[0] if overall else None)

    @property
    def overall_grade(self) -> str | None:
        return next((s.grade for s in self.scores if s.scope == "overall" and s.grade), None)

    @property
    def execution_rate(self) -> RateClaim | None:
        """The department's overall 预算执行率: the first claim about the department."""
        return next((c for c in self.rate_claims if c.about_department), None)

    def figures(self) -> Iterator[tuple[str, object]]:
        """Spec keys of the performance part (budget/spent come from the lexicon)."""
        ov = self.overall
        if ov is not None and ov.score is not None:
            yield "performance.overall_score", f"{ov.score.value:f}"
        grade = self.overall_grade
        if grade:
            yield "performance.overall_grade", grade
        rate = self.execution_rate
        if rate is not None:
            yield "performance.execution_rate", f"{rate.percent.value:f}"
        if self.projects_evaluated is not None:
            yield "performance.projects_evaluated", int(self.projects_evaluated.value)
