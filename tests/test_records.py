"""The records made by the thousand (spans, cells, amounts, figures, sections, headings,
intervals, line items, changes, findings) write their fields in an ``__init__`` of their own: each must still take every
field, by name, and stay immutable, as the dataclass it is declares."""

from dataclasses import FrozenInstanceError, fields, replace
from decimal import Decimal

import pytest

from juesuan.document import Cell, Span
from juesuan.extract.outline import Heading
from juesuan.interval import Interval
from juesuan.model import Amount, ChangeStatement, Figure, Finding, LineItem, Percent, Section


@pytest.mark.parametrize("record", [Span, Cell, Amount, Percent, Section, Figure, Interval, Heading,
                                    LineItem, ChangeStatement, Finding])
def test_a_record_holds_every_field_it_is_given_and_stays_frozen(record):
    given = {f.name: object() for f in fields(record)}      # a distinct value per field
    built = record(**given)
    assert {name: getattr(built, name) for name in given} == given
    assert replace(built) == built
    with pytest.raises(FrozenInstanceError):
        setattr(built, next(iter(given)), None)


def test_a_figure_names_no_year_unless_given():
    amount = Amount(value=Decimal("17953.28"), unit="万元", decimals=2, span=Span(12, 22), text="17953.28")
    figure = Figure(key="totals.income", label="本年收入合计", amount=amount, source="narrative", topic=None,
                    clause=Span(6, 24))
    assert figure.year is None and figure.amount.span < Span(12, 23) and figure.name == "本年收入合计"


def test_an_amounts_interval_is_computed_on_first_read_and_kept():
    amount = Amount(value=Decimal("9.25"), unit="万元", decimals=2, span=Span(0, 4), text="9.25")
    assert "interval" not in vars(amount)
    interval = amount.interval
    assert (interval.lo, interval.hi) == (Decimal("92450.00"), Decimal("92550.00"))
    assert amount.interval is interval and vars(amount)["interval"] is interval


def test_the_defaults_of_a_line_item_and_a_finding_stay_as_declared():
    amount = Amount(value=Decimal("50.00"), unit="万元", decimals=2, span=Span(8, 13), text="50.00")
    line = LineItem(table="narrative:general", code="201", name="一般公共服务支出", level="类", actual=amount)
    assert (line.basic, line.project, line.budget, line.span, line.parent) == (None, None, None, Span(0, 0), None)
    finding = Finding(rule="JS-R101", severity="error", title="合计不等", message="合计不等于各项之和", span=Span(8, 13))
    assert (finding.expected, finding.actual, finding.arithmetic) == (None, None, None)
