"""scan_numbers: the amounts and percentages of a text, each with its unit and span."""

from __future__ import annotations

from juesuan.document import Document
from juesuan.extract.numbers import numbers_between, scan_numbers


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


def test_numbers_between_are_those_a_scan_of_the_piece_reads():
    text = "预算1,234.56万元，执行率99.5%，支出1,230.00万元，其中12.5万元用于培训，占1.01%。"
    doc = Document(path="t.txt", text=text)

    def read(tokens):
        return [(t.text, t.span.start, t.span.end) for t in tokens]

    for start in range(len(text) + 1):          # every piece: starting inside a number or a unit, or cutting one
        for end in range(start, len(text) + 1):
            amounts, percents = numbers_between(doc, start, end)
            scanned = scan_numbers(text[start:end], start)
            assert (read(amounts), read(percents)) == (read(scanned[0]), read(scanned[1])), (start, end)
    first, again = numbers_between(doc, 0, 20)[0][0], numbers_between(doc, 0, 20)[0][0]
    assert first == again and first is not again    # new records each call, as a scan makes
