"""The PDF layout from character boxes (readers/pdf.py's array code), on
pages built here: fake bold, lines apart in one page, a grid's cells."""

from __future__ import annotations

import numpy as np

from juesuan.readers.pdf import Chars, Rule, _in_lines, _line_starts, _printed, lay_out_chars


def boxes(text: str, x: float, bottom: float, height: float = 10.0, bold: float = 0.0) -> list[tuple]:
    """(character, left, bottom, right, top) of ``text`` set from ``x``: a CJK
    character one height wide, another half; with ``bold``, each printed a
    second time that far to the right (fake bold)."""
    out = []
    for ch in text:
        width = height if not ch.isascii() else height / 2
        out.append((ch, x, bottom, x + width, bottom + height))
        if bold:
            out.append((ch, x + bold, bottom, x + width + bold, bottom + height))
        x += width
    return out


def test_fake_bold_reads_each_character_once():
    page = lay_out_chars(Chars.from_boxes(boxes("合计", 50, 700, bold=0.3) + boxes("100.00", 75, 700)), [], [], 595)
    assert [line.texts for line in page.lines] == [["合计 100.00"]]
    assert page.glyph_count == 10


def test_a_character_repeated_further_right_is_not_bold():
    page = lay_out_chars(Chars.from_boxes(boxes("11", 50, 700)), [], [], 595)
    assert [line.texts for line in page.lines] == [["11"]]


def test_lines_top_to_bottom_and_columns_apart():
    chars = boxes("二、支出", 50, 680) + boxes("一、收入", 50, 700) + boxes("307.80", 300, 700)
    page = lay_out_chars(Chars.from_boxes(chars), [], [], 595)
    assert [line.texts for line in page.lines] == [["一、收入", "307.80"], ["二、支出"]]
    first = page.lines[0]
    assert (first.x0, first.x1, first.spans) == (50.0, 330.0, [(50.0, 90.0), (300.0, 330.0)])


def test_a_cell_wrapped_on_two_lines_reads_as_one():
    horizontal = [Rule(y, 40, 400) for y in (720, 690, 660)]
    vertical = [Rule(x, 660, 720) for x in (40, 200, 400)]
    chars = (boxes("本年收入合", 45, 705) + boxes("计", 45, 693) + boxes("307.80", 210, 700)
             + boxes("年末结转", 45, 670) + boxes("0.00", 210, 670))
    page = lay_out_chars(Chars.from_boxes(chars), horizontal, vertical, 595)
    assert page.lines == []
    assert [table.text for table in page.tables] == ["\t本年收入合计\n\t307.80\n\n\t年末结转\n\t0.00\n\n"]


def test_printed_characters_are_those_neither_space_control_nor_surrogate():
    points = np.arange(0x110000, dtype=np.uint32)
    expected = np.array([c > 0x20 and not chr(c).isspace() and not 0xD800 <= c <= 0xDFFF for c in range(0x110000)])
    assert (_printed(points) == expected).all()


def test_characters_ordered_in_lines_as_a_stable_sort_by_line_then_left():
    """Lines of characters with equal lefts (also 0 and -0, and NaN), ties kept in their order."""
    rng = np.random.default_rng(7)
    lines = np.sort(rng.integers(0, 40, 2000))
    x0 = rng.choice(np.array([0.0, -0.0, 12.5, 12.5000001, 30.0, 301.75, np.nan]), 2000) + rng.integers(0, 3, 2000)
    assert np.array_equal(_in_lines(lines, x0), np.lexsort((x0, lines)))
    assert np.array_equal(_in_lines(np.zeros(0, dtype=np.int64), np.zeros(0)), np.zeros(0, dtype=np.intp))


def test_line_starts_are_the_characters_too_far_from_their_line_start():
    """Cells of one line, of several lines and of characters of mixed heights:
    each character is checked against the first of its line, as the rule says."""
    rng = np.random.default_rng(11)
    groups = np.sort(rng.integers(0, 60, 3000))
    heights, cys = np.empty(3000), np.empty(3000)
    for g in np.unique(groups):
        members = np.flatnonzero(groups == g)
        heights[members] = rng.choice(np.array([[10.0, 10.0], [9.0, 12.0], [0.0, 6.0]])[rng.integers(0, 3)], len(members))
        spread = rng.choice(np.array([0.0, 1.0, 2.0, 5.0, 40.0]))
        cys[members] = -np.sort(-(700 + rng.integers(0, 4, len(members)) * spread))
    expected, first = [], None
    for group, cy, height in zip(groups.tolist(), cys.tolist(), heights.tolist()):
        starts = first is None or group != first[0] or abs(first[1] - cy) > max(height, first[2]) / 2
        expected.append(starts)
        if starts:
            first = (group, cy, height)
    assert _line_starts(groups, cys, heights).tolist() == expected
