"""scan_numbers: the amounts and percentages of a text, each with its unit and span."""

from __future__ import annotations

from juesuan.extract.numbers import scan_numbers


def test_amounts_and_percents_with_their_units_and_spans():
    text = ("收入1,234.56万元，增长5%，支出12 元；,.30,003.372.11亿元，5千万元，.5元，"
            "2 万元x7 %，8  元，１２％，9万 元")
    amounts, percents = scan_numbers(text, base=100)
    assert [(a.text, a.unit, str(a.value), a.decimals, a.span.start - 100, a.span.end - 100) for a in amounts] == [
        ("1,234.56万元", "万元", "1234.56", 2, 2, 12),
        ("12 元", "元", "12", 0, 20, 24),               # one blank may stand before the unit
        ("30,003.372.11亿元", "亿元", "30003372.11", 2, 27, 42),   # broken grouping: the digits it shows
        ("5元", "元", "5", 0, 49, 51),                  # separators before the first digit are no part of it
        ("2 万元", "万元", "2", 0, 52, 56),
    ]                                                   # not 5千万元, 8  元 (two blanks), 9万 元
    assert [(p.text, str(p.value), p.decimals) for p in percents] == [("5%", "5", 0), ("7 %", "7", 0),
                                                                      ("１２％", "12", 0)]


def test_a_run_is_read_whole_from_its_start():
    amounts, _ = scan_numbers("编号2023-1,5元和1.2.3元")
    assert [a.text for a in amounts] == []             # "1,5" and "1.2.3" are no number
    amounts, _ = scan_numbers("共1234567890123456789元，12345678901234567元")
    assert [a.text for a in amounts] == ["12345678901234567元"]    # more than 18 digits is no figure
