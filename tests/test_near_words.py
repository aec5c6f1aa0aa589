"""Patterns found from the rare words their matches hold (juesuan.checks.near_words)
give exactly what finditer gives."""

from __future__ import annotations

from pathlib import Path

from juesuan.checks.format import _INSTRUCTIONS
from juesuan.checks.near_words import find_near_words
from package_patterns import paired_patterns

MADE_UP = ("单位：万元（保留两位小数）（金额到分，加千分号）（比照上表格式填写）（请填写）\n"
           "根据实际情况填写。按照上年数填写；按规定（位小数）填写\n"
           "注：本表根据财政部门批复填写。\n" + "（" * 40 + "千分号）" + "根据" + "文" * 70 + "填写。"
           "（千分号（位小数））（）（比照格式）位小数\n"
           "上海市普陀区2024年区级部门预算。区级部门决算，市级部门预算市级部门；是市级预算主管部门及所属单位，"
           "与区级财政有经费领拨关系，与与市级财政有经费领拨关系；县级预算主管部门级预算主管部门\n"
           "一般公共服务支出（类）行政运行（款，含）(项)（（类）（类，(款）；增长4.63%%，。。；；，，％％！！？？、、"
           "某某单位XX项目，Xx与××、xX；截至2024年底，截止到 2023 年末，至2022年12月31日，至至2021年底；"
           "比上年增长8.8，下降3，增幅为5。占本年支出合计的99.92。比重为50\n执行率为98；完成率100）")


def _found_from_words():
    """(name, pattern, (openings, words, reach)) of every ``NAME_NEAR`` of the package
    beside its pattern ``NAME``, and of JS-R705's instructions found from their words."""
    yield from paired_patterns("_NEAR")
    for rx, _, near in _INSTRUCTIONS:
        if near:
            yield f"JS-R705 {rx.pattern[:20]}", rx, near


def test_each_pattern_found_from_its_words_finds_what_finditer_finds():
    """A pattern changed without its words or reach would silently lose matches: on the
    made-up text (matches of every pattern) and the seed fixtures, the same matches."""
    seeds = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))
    texts = [MADE_UP] + [p.read_text(encoding="utf-8") for p in seeds]
    found = list(_found_from_words())
    assert len(found) >= 4
    for where, rx, near in found:
        assert list(rx.finditer(MADE_UP)), where          # the made-up text exercises it
        for text in texts:
            want = [m.span() for m in rx.finditer(text)]
            assert [m.span() for m in find_near_words(rx, text, *near)] == want, where
