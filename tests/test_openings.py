"""find_opening gives exactly what finditer gives, for patterns whose matches open with known strings."""

from __future__ import annotations

import re

from juesuan.openings import find_opening

TEXT = ("截至2024年底，本单位共有车辆3辆。。其中：一般公共服务支出（类）12.5万元，，占比为34；"
        "某某单位XX项目（款）按照规定填写。至2023年末，增长8.8，比重为50。\n"
        "（项）“教育支出”（类，含）%%至至2022年12月31日")


def _same(pattern: re.Pattern, openings: tuple[str, ...], start: int = 0, end: int | None = None) -> list:
    end = len(TEXT) if end is None else end
    expected = [(m.span(), m.groups()) for m in pattern.finditer(TEXT, start, end)]
    assert [(m.span(), m.groups()) for m in find_opening(pattern, TEXT, openings, start, end)] == expected
    return expected


def test_doubled_punctuation_from_its_pairs():
    doubled = re.compile(r"([。，、；：！？%％])(?:\1+|(?<=[。，；：])[。，；])")
    openings = tuple(c + c for c in "。，、；：！？%％") + tuple(a + b for a in "。，；：" for b in "。，；")
    found = _same(doubled, openings)
    assert [TEXT[a:b] for (a, b), _ in found] == ["。。", "，，", "%%"]


def test_alternatives_of_words_and_a_range():
    cutoff = re.compile(r"(?:截至|截止到?|至)\s*((?:19|20)\d\d)\s*年\s*(?:12\s*月\s*31\s*日|底|末)")
    found = _same(cutoff, ("截", "至"))
    assert [groups for _, groups in found] == [("2024",), ("2023",), ("2022",)]
    at = TEXT.index("至2023")
    assert _same(cutoff, ("截", "至"), at + 1) == found[2:]          # from inside a match: the next one
    assert _same(cutoff, ("截", "至"), 0, at + 4) == found[:1]        # a match cut by the end is none


def test_overlapping_openings_keep_the_leftmost_match():
    marker = re.compile(r"[（(](类|款|项)(?:[，,][^）)\n]{0,6})?[）)]")
    found = _same(marker, tuple(b + level for b in "（(" for level in "类款项"))
    assert [groups for _, groups in found] == [("类",), ("款",), ("项",), ("类",)]
