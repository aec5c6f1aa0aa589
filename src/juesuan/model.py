"""The domain model: amounts, figures, narrative statements, line items, findings.

Every number is kept as printed (Decimal value, printed decimals, unit) with
the span where it stands; conversion to 元 and to rounding intervals happens
through properties, never by mutating the record.  Records are immutable.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterator

from .document import Document, Span, slot_setters
from .interval import Interval, round_to, unit_step

UNIT_FACTORS = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000), "千元": Decimal(1000)}
MONEY_UNIT = "|".join(sorted(UNIT_FACTORS, key=len, reverse=True))   # a regex alternation of the units
NOWHERE = Span(0, 0)     # the span of a line item given none

# What Figure.name takes off a label: the clauses before the last, a leading date, a trailing verb.
_CLAUSE_SEP = re.compile(r"[，,。；;：:]")
_LEADING_DATE = re.compile(r"^(截至|截止到?)?\s*(19|20)\d\d\s*年(度|\d{1,2}月\d{1,2}日|底|末)?")
_TRAILING_VERB = re.compile(r"[为是共达]$")


class computed_once:
    """A property computed on its first read and kept in the record's dict, which later reads
    find first: functools.cached_property without the lock that, up to Python 3.11, it takes
    on every first read (a few hundred reads a document)."""

    def __init__(self, compute):
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __get__(self, record, owner=None):
        if record is None:
            return self
        value = record.__dict__[self.name] = self.compute(record)
        return value


@dataclass(frozen=True)
class Amount:
    """A money amount as printed: ``value`` in ``unit`` with ``decimals`` digits."""

    value: Decimal
    unit: str
    decimals: int
    span: Span
    text: str

    def __init__(self, value: Decimal, unit: str, decimals: int, span: Span, text: str) -> None:
        # set once (see document.Span.__init__)
        self.__dict__.update({"value": value, "unit": unit, "decimals": decimals, "span": span, "text": text})

    @property
    def factor(self) -> Decimal:
        return UNIT_FACTORS[self.unit]

    @property
    def yuan(self) -> Decimal:
        return self.value * self.factor

    @computed_once
    def interval(self) -> Interval:
        """The interval in 元 that the printed number stands for (computed once).

        A printed zero means "none": it is exact, whatever its decimals.
        """
        if self.value == 0:
            return Interval.exact(self.value)
        return Interval.printed(self.value, self.decimals, self.factor)

    @property
    def step(self) -> Decimal:
        """One unit of the last printed digit, in 元."""
        return unit_step(self.decimals) * UNIT_FACTORS[self.unit]

    def in_unit(self, value_yuan: Decimal, decimals: int | None = None) -> str:
        """Format a yuan value in this amount's unit and precision."""
        d = self.decimals if decimals is None else decimals
        return format_number(value_yuan / self.factor, d, grouped="," in self.text) + self.unit


@dataclass(frozen=True)
class Percent:
    """A printed percentage (``value`` is in percent, e.g. 99.24)."""

    value: Decimal
    decimals: int
    span: Span
    text: str

    def __init__(self, value: Decimal, decimals: int, span: Span, text: str) -> None:
        # set once (see document.Span.__init__)
        self.__dict__.update({"value": value, "decimals": decimals, "span": span, "text": text})

    @computed_once
    def interval(self) -> Interval:
        """The interval the printed percentage stands for (computed once)."""
        return Interval.printed(self.value, self.decimals)

    @property
    def step(self) -> Decimal:
        return unit_step(self.decimals)


def format_number(value: Decimal, decimals: int, grouped: bool = False) -> str:
    """Fixed-point text of ``value`` rounded half-up to ``decimals`` places."""
    rounded = round_to(value, decimals)
    return f"{rounded:,f}" if grouped else f"{rounded:f}"


@dataclass(frozen=True, slots=True)
class Section:
    """A heading of the outline with the text range it governs."""

    title: str
    marker: str          # "第二部分", "一、", "（一）", "1." … as printed
    style: str           # numbering style id, e.g. "cn、", "(cn)", "n.", "n、", "(n)", "part"
    number: int
    level: int           # conventional rank: part 0, 一、 1, （一） 2, 1. 3, （1） 4, ① 5
    span: Span           # the heading line
    body: Span           # heading to the next heading of the same or a higher rank
    topic: str | None    # what the section is about (see extract.outline.TOPICS)

    def __init__(self, title: str, marker: str, style: str, number: int, level: int, span: Span, body: Span,
                 topic: str | None) -> None:
        # set once (see document.Span.__init__)
        set_title, set_marker, set_style, set_number, set_level, set_span, set_body, set_topic = _SECTION_SETTERS
        set_title(self, title)
        set_marker(self, marker)
        set_style(self, style)
        set_number(self, number)
        set_level(self, level)
        set_span(self, span)
        set_body(self, body)
        set_topic(self, topic)


_SECTION_SETTERS = slot_setters(Section)


@dataclass(frozen=True)
class Figure:
    """A labelled amount in the narrative or a table, mapped to a key if known."""

    key: str | None
    label: str
    amount: Amount
    source: str                  # "narrative" | "table"
    topic: str | None
    clause: Span                 # the clause (sentence part) it stands in
    year: int | None = None      # the year its label names, if any

    def __init__(self, key: str | None, label: str, amount: Amount, source: str, topic: str | None, clause: Span,
                 year: int | None = None) -> None:
        # set once (see document.Span.__init__)
        self.__dict__.update({"key": key, "label": label, "amount": amount, "source": source, "topic": topic,
                              "clause": clause, "year": year})

    @computed_once
    def name(self) -> str:
        """The label's last clause without its year: what a reader calls it (computed once)."""
        tail = _CLAUSE_SEP.split(self.label)[-1]
        tail = _LEADING_DATE.sub("", tail)
        tail = _TRAILING_VERB.sub("", tail.strip())
        return tail.strip(" （(、") or self.label[-12:]


@dataclass(frozen=True)
class ShareStatement:
    """"X万元，占Y的Z%": a part, a printed share and the named whole."""

    part: Figure
    percent: Percent
    whole_label: str
    whole_key: str | None
    span: Span


@dataclass(frozen=True)
class ChangeStatement:
    """"比上年/比年初预算 增加/减少 X，增长/下降 Y%" attached to a current figure.

    ``base`` is the explicit base amount when the sentence gives one
    ("比年初预算9.25万元减少8.56万元"); ``basis`` says what is compared with.
    """

    current: Figure
    basis: str                    # "last_year" | "budget"
    base: Amount | None
    direction: str | None         # "up" | "down" | "flat" | "both" (增加减少)
    direction_word: str | None
    delta: Amount | None
    rate: Percent | None
    rate_direction: str | None
    rate_word: str | None
    span: Span

    def __init__(self, current: Figure, basis: str, base: Amount | None, direction: str | None,
                 direction_word: str | None, delta: Amount | None, rate: Percent | None, rate_direction: str | None,
                 rate_word: str | None, span: Span) -> None:
        # set once (see document.Span.__init__)
        self.__dict__.update({"current": current, "basis": basis, "base": base, "direction": direction,
                              "direction_word": direction_word, "delta": delta, "rate": rate,
                              "rate_direction": rate_direction, "rate_word": rate_word, "span": span})


@dataclass(frozen=True)
class CompletionStatement:
    """"决算X，完成年初预算的Y%" with the budget given beside it."""

    actual: Figure
    budget: Amount
    percent: Percent
    span: Span
    budget_name: str = "年初预算"
    alternatives: tuple[Amount, ...] = ()    # other budgets the sentence states


@dataclass(frozen=True)
class ComparisonClaim:
    """"决算数小于/大于/与…持平 预算数": a claim about two stated figures."""

    actual: Figure
    budget: Figure
    relation: str               # "lt" | "gt" | "eq"
    word: str
    span: Span


@dataclass(frozen=True)
class Enumeration:
    """"T，其中：A…，B…": amounts listed under a total in one sentence."""

    total: Figure
    parts: tuple[Figure, ...]
    span: Span


@dataclass(frozen=True)
class QuantityPart:
    """A physical quantity as printed (an area, a number of vehicles): not money."""

    value: Decimal
    decimals: int
    text: str
    span: Span


@dataclass(frozen=True)
class QuantityList:
    """"X平方米（其中A…，B…）": parts of a physical quantity listed under its total."""

    total: QuantityPart
    parts: tuple[QuantityPart, ...]
    unit: str
    span: Span


@dataclass(frozen=True)
class LineItem:
    """A functional-classification row (类/款/项) from a table or the narrative."""

    table: str                  # "general_expenditure", "expenditure", "narrative" …
    code: str | None
    name: str
    level: str | None           # "类" | "款" | "项" | "合计"
    actual: Amount | None
    basic: Amount | None = None
    project: Amount | None = None
    budget: Amount | None = None
    span: Span = NOWHERE
    parent: int | None = None   # index of the parent line in Report.lines
    prior_budget: Amount | None = None    # a budget table's 上年预算数
    prior_actual: Amount | None = None    # a budget table's 上年执行数 / 上年决算数

    def __init__(self, table: str, code: str | None, name: str, level: str | None, actual: Amount | None,
                 basic: Amount | None = None, project: Amount | None = None, budget: Amount | None = None,
                 span: Span = NOWHERE, parent: int | None = None, prior_budget: Amount | None = None,
                 prior_actual: Amount | None = None) -> None:
        # set once (see document.Span.__init__)
        self.__dict__.update({"table": table, "code": code, "name": name, "level": level, "actual": actual,
                              "basic": basic, "project": project, "budget": budget, "span": span, "parent": parent,
                              "prior_budget": prior_budget, "prior_actual": prior_actual})


@dataclass(frozen=True)
class TableColumn:
    """A money column of a standard table, named by its header cells.

    ``concepts`` are the lexicon's column concepts from the top header row
    down (``table_columns``: "expenditure", "total", "basic" …; an unknown
    header is kept as "?" + its text); the phase words (预算数/决算数) are
    left out of them and kept in ``phase``.
    """

    label: str                  # header texts from top to bottom, joined by "/"
    concepts: tuple[str, ...]
    phase: str | None           # "actual" | "budget" | "prior_budget" | "prior_actual" | None
    pane: int                   # side of a two-sided table (收入 | 支出), 0 on the left


@dataclass(frozen=True)
class TableRow:
    """One row (of one side) of a standard table, its amounts as printed.

    ``values`` line up with the row's pane columns (``StandardTable.pane``);
    None is an empty cell.
    """

    pane: int
    code: str | None            # classification code, split codes joined ("2010601")
    name: str                   # the row's label as printed (indentation removed)
    level: str | None           # "类" | "款" | "项" | "合计" | None
    values: tuple[Amount | None, ...]
    span: Span                  # label to last value cell
    ordinal: bool = False       # label numbered "一、" (an item of a 总表 side)
    sub: bool = False           # label starts with 其中
    label_column: int | None = None   # the last label column the row fills (deeper rows name their item further right)


@dataclass(frozen=True)
class StandardTable:
    """One of the nine standard tables (九张表), possibly continued across pages.

    ``kind``: summary (收入支出决算总表), income, expenditure, fiscal_summary
    (财政拨款收入支出决算总表), general_expenditure, general_basic, three_public,
    fund, soe.  ``unit_source`` says where the money unit comes from: "stated"
    (单位：万元 near the table or in its header), "matched" (its amounts are
    printed in the narrative with that unit), or "assumed" (the document's
    unit; figures are then not taken from the table).
    """

    kind: str
    title: str | None
    title_span: Span | None
    unit: str
    unit_source: str
    columns: tuple[TableColumn, ...]
    rows: tuple[TableRow, ...]
    span: Span
    empty_note: Span | None = None
    phase: str = "actual"       # "actual" (决算 tables) | "budget" (预算 tables: this year's 预算数)
    read: bool = True           # False: titled, but its layout was not understood (no rows)
    complete: bool = True       # False: read from a padded grid, rows may be missing (figures only)

    def pane(self, pane: int) -> tuple[TableColumn, ...]:
        """The columns of one side, in the order of its rows' values."""
        return tuple(c for c in self.columns if c.pane == pane)

    @property
    def panes(self) -> int:
        return max((c.pane for c in self.columns), default=0) + 1

    @property
    def is_empty(self) -> bool:
        """True when no cell holds an amount (an empty table, 空表)."""
        return not any(v is not None for r in self.rows for v in r.values)


@dataclass(frozen=True)
class Finding:
    """One proven inconsistency, with its place and its arithmetic."""

    rule: str
    severity: str               # "error" | "warning" | "info"
    title: str
    message: str
    span: Span
    expected: str | None = None
    actual: str | None = None
    arithmetic: str | None = None

    def __init__(self, rule: str, severity: str, title: str, message: str, span: Span, expected: str | None = None,
                 actual: str | None = None, arithmetic: str | None = None) -> None:
        # set once (see document.Span.__init__)
        self.__dict__.update({"rule": rule, "severity": severity, "title": title, "message": message, "span": span,
                              "expected": expected, "actual": actual, "arithmetic": arithmetic})


@dataclass
class Meta:
    org: str | None = None
    org_span: Span | None = None
    year: int | None = None
    year_span: Span | None = None
    unit: str | None = None             # the narrative's unit (the rules' usual unit)
    table_unit: str | None = None       # the unit every standard table states, if they agree

    @property
    def stated_unit(self) -> str | None:
        """The document's money unit as reported: its tables' stated unit, else the narrative's."""
        return self.table_unit or self.unit


@dataclass
class Report:
    """Everything extracted from one document; checks read only this."""

    document: Document
    doc_type: str = "unknown"
    meta: Meta = field(default_factory=Meta)
    sections: list[Section] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    percents: list[Percent] = field(default_factory=list)
    figures_list: list[Figure] = field(default_factory=list)
    shares: list[ShareStatement] = field(default_factory=list)
    changes: list[ChangeStatement] = field(default_factory=list)
    completions: list[CompletionStatement] = field(default_factory=list)
    enumerations: list[Enumeration] = field(default_factory=list)
    quantity_lists: list[QuantityList] = field(default_factory=list)
    claims: list[ComparisonClaim] = field(default_factory=list)
    lines: list[LineItem] = field(default_factory=list)
    tables: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)     # key -> (int, Span)
    performance: "object | None" = None
    fund_blocks: list = field(default_factory=list)    # 项目资金 blocks of 绩效目标表 (extract.fund_blocks)

    def by_key(self, key: str) -> list[Figure]:
        """Figures stated for a key, in document order (indexed once extraction is done)."""
        index = getattr(self, "_key_index", None)
        if index is None or index[0] != len(self.figures_list):
            table: dict[str, list[Figure]] = {}
            for f in self.figures_list:
                table.setdefault(f.key, []).append(f)
            index = self._key_index = (len(self.figures_list), table)
        return index[1].get(key, [])

    def first(self, key: str) -> Figure | None:
        """The authoritative figure for a key: a table over the narrative."""
        found = self.by_key(key)
        if not found:
            return None
        tables = [f for f in found if f.source == "table"]
        return (tables or found)[0]

    def figures(self) -> Iterator[tuple[str, object]]:
        """Canonical keys of spec/report-json.md with their values."""
        if self.meta.org:
            yield "meta.org", self.meta.org
        if self.meta.year:
            yield "meta.year", self.meta.year
        if self.meta.stated_unit:
            yield "meta.unit", self.meta.stated_unit
        seen: set[str] = set()
        for f in self.figures_list:
            if f.key and "@" not in f.key and f.key not in seen:
                seen.add(f.key)
                best = self.first(f.key)
                yield f.key, f"{best.amount.yuan.quantize(Decimal('0.01'))}"
        for key, (n, _) in self.counts.items():
            yield key, n
        if self.performance is not None:
            yield from self.performance.figures()

    def section_at(self, offset: int) -> Section | None:
        """The innermost section whose body contains ``offset``.

        Bodies nest, so it is the latest-starting section before ``offset``
        whose body still runs past it.
        """
        index = getattr(self, "_section_index", None)
        if index is None or index[0] != len(self.sections):
            # The answer changes only where a body starts or ends: one answer per stretch between.
            bounds = sorted({s.body.start for s in self.sections} | {s.body.end for s in self.sections})
            index = self._section_index = (len(self.sections), [s.body.start for s in self.sections], bounds, {})
        _, starts, bounds, known = index
        stretch = bisect_right(bounds, offset) - 1
        if stretch not in known:
            known[stretch] = self._innermost(starts, offset)
        return known[stretch]

    def prose_lines_about(self, topics) -> Iterator[tuple[int, str, Section]]:
        """(offset, line, section) of each prose line whose innermost section is about one of
        ``topics``, in order.  Only the lines in the bodies of such sections are looked at:
        a line outside them has no such innermost section (its body would hold the line)."""
        bodies = sorted((s.body.start, s.body.end) for s in self.sections if s.topic in topics)
        lines, starts = self.document.prose_lines(), self.document.prose_starts()
        done = 0                                   # the lines before it are read
        for start, end in bodies:
            first = max(bisect_left(starts, start), done)
            done = max(bisect_left(starts, end), done)
            for offset, line in lines[first:done]:
                section = self.section_at(offset)
                if section is not None and section.topic in topics:
                    yield offset, line, section

    def _innermost(self, starts: list[int], offset: int) -> Section | None:
        i = bisect_right(starts, offset) - 1
        while i >= 0:
            s = self.sections[i]
            if offset < s.body.end:
                return s
            i -= 1
        return None
