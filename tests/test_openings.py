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


def test_an_opening_that_starts_with_another():
    marker = re.compile(r"[（(](?:类|款|项)[）)]|（类，含）")
    found = _same(marker, ("（", "(", "（类，含）"))
    assert [TEXT[a:b] for (a, b), _ in found] == ["（类）", "（款）", "（项）", "（类，含）"]


def _paired_patterns():
    """Every ``NAME_OPENINGS`` of the package beside its pattern ``NAME`` (those found from
    the words they hold: tests/test_near_words.py)."""
    from package_patterns import paired_patterns

    return paired_patterns("_OPENINGS")


def test_every_pattern_found_from_its_openings_finds_what_finditer_finds():
    """A pattern changed without its openings would silently lose matches: on the real
    disclosures of tests/fixtures (and the made-up text above), each pattern the package
    finds from its openings gives exactly what finditer gives."""
    from pathlib import Path

    texts = [TEXT] + [p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))]
    pairs = list(_paired_patterns())
    assert len(pairs) >= 3
    for where, pattern, openings in pairs:
        for text in texts:
            want = [m.span() for m in pattern.finditer(text)]
            assert [m.span() for m in find_opening(pattern, text, openings)] == want, where


def test_longest_of_matches_the_longest_string_standing_at_each_place():
    """The lexicon finds its phrases with it: the longest phrase at a place wins, a shorter one
    it begins with is found where the longer is cut."""
    from juesuan.openings import longest_of

    phrases = ["基本", "基本支出", "基本支出预算数", "项目支出", "支出", "一般公共预算财政拨款"]
    found = re.compile(f"(?=({longest_of(phrases)}))")
    text = "基本支出预算数100万元，基本支出预算200万元，基本建设，一般公共预算财政拨款项目支出"
    expected = [(i, max((p for p in phrases if text.startswith(p, i)), key=len))
                for i in range(len(text)) if any(text.startswith(p, i) for p in phrases)]
    assert [(m.start(), m.group(1)) for m in found.finditer(text)] == expected
    assert expected[:3] == [(0, "基本支出预算数"), (2, "支出"), (13, "基本支出")]
