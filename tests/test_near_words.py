"""JS-R705's instructions found from their rare words give exactly what finditer gives."""

from __future__ import annotations

from pathlib import Path

from juesuan.checks.format import _INSTRUCTIONS, _near_words

MADE_UP = ("单位：万元（保留两位小数）（金额到分，加千分号）（比照上表格式填写）（请填写）\n"
           "根据实际情况填写。按照上年数填写；按规定（位小数）填写\n"
           "注：本表根据财政部门批复填写。\n" + "（" * 40 + "千分号）" + "根据" + "文" * 70 + "填写。"
           "（千分号（位小数））（）（比照格式）位小数")


def _texts() -> list[str]:
    seeds = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))
    return [MADE_UP] + [p.read_text(encoding="utf-8") for p in seeds]


def test_each_instruction_found_from_its_words_finds_what_finditer_finds():
    """A pattern changed without its words or reach would silently lose matches."""
    near = [(rx, found_by) for rx, _, found_by in _INSTRUCTIONS if found_by]
    assert len(near) == 2
    for rx, found_by in near:
        for text in _texts():
            want = [m.span() for m in rx.finditer(text)]
            assert [m.span() for m in _near_words(rx, text, *found_by)] == want, rx.pattern[:20]


def test_the_made_up_text_holds_matches_of_both():
    """The made-up text exercises every pattern (matches found, not only none agreeing)."""
    for rx, _, found_by in _INSTRUCTIONS:
        if found_by:
            assert list(rx.finditer(MADE_UP)), rx.pattern[:20]
