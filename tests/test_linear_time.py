"""Every extractor runs in linear time on one long line.

A text whose line breaks were lost (a PDF read as one line, a table pasted
into a paragraph) can put 100 000 characters on one line or in one sentence.
Each case below is an input that made a regex backtrack or a loop rescan
(time growing with the square or cube of the length); it is timed at 10 000
and at 100 000 characters, and the second may take at most 20 times the
first (a quadratic extractor takes 100 times, a cubic one 1000).  The
garbage collector is paused while timing, and a time under ``FLOOR`` counts
as ``FLOOR``: below that, cache sizes, not the algorithm, set the pace.
"""

from __future__ import annotations

import gc
import time

import pytest

from juesuan.checks import run_checks
from juesuan.document import Document
from juesuan.extract import build_report, lines, numbers, outline, performance, statements
from juesuan.extract.lexicon import LEXICON
from juesuan.readers.markdown import to_cell_text

SMALL, LARGE = 10_000, 100_000
RATIO = 20
FLOOR = 0.005        # seconds


def _doc(text: str) -> Document:
    return Document(path="long.txt", text=text)


def _narrative(text: str):
    return statements.extract_narrative(_doc(text), lambda offset: None, 2023)


def _all(pattern, text: str) -> list:
    return list(pattern.finditer(text))


def _repeat(unit: str, n: int) -> str:
    return unit * max(1, n // len(unit))


def _best(fn, arg, runs: int = 3) -> float:
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            start = time.perf_counter()
            fn(arg)
            best = min(best, time.perf_counter() - start)
    finally:
        gc.enable()
    return best


def _assert_linear(build, fn, small: int = SMALL, large: int = LARGE, large_runs: int = 3,
                   attempts: int = 3) -> None:
    """A busy machine can slow one measurement; a super-linear extractor is slow at every
    attempt (100× or more), so the ratio must hold at one of ``attempts`` measurements."""
    small_text, large_text = build(small), build(large)
    seen = []
    for _ in range(attempts):
        t_small = _best(fn, small_text)
        t_large = _best(fn, large_text, large_runs)
        if t_large <= RATIO * max(t_small, FLOOR):
            return
        seen.append((t_small, t_large))
    raise AssertionError(f"time at {large} over {RATIO}× the time at {small}: {seen}")


CASES = {
    # regexes: blank runs and digit runs that several quantifiers could share
    "performance._SCHEME_LINE": (lambda n: " " * n + "得分（满分）", performance._scheme_line),
    "outline._HEADING": (lambda n: " " * n + "x", lambda s: outline.find_headings(_doc(s))),
    "statements._THRESHOLD": (lambda n: "收入1万元" + " " * n + "x。", _narrative),
    "statements._CHANGE": (lambda n: "收入1万元，比上年" + " " * n + "x。", _narrative),
    "statements._SHARE": (lambda n: "收入1万元" + "\u3000" * n + "x5%。", _narrative),
    "lexicon._GENERIC blanks": (lambda n: " " * n + "x", LEXICON.names_nothing),
    "lexicon._GENERIC fillers": (lambda n: "为" * n + "x", LEXICON.names_nothing),
    "lines._LEAD": (lambda n: " " * n + "x“城乡社区支出”", lambda s: lines._items_in(s, 0, "general")),
    "lines quotes": (lambda n: _repeat("“城乡社区”", n), lambda s: lines._items_in(s, 0, "general")),
    "numbers._TOKEN_REVERSED": (lambda n: _repeat("1,", n) + "x", numbers.scan_numbers),
    "numbers._TOKEN_REVERSED run": (lambda n: _repeat("1,", n) + "1万元", numbers.scan_numbers),
    "numbers._TOKEN_REVERSED units": (lambda n: _repeat("万元 ", n), numbers.scan_numbers),
    "performance._TAIL_FILLER": (lambda n: "为" * n + "x", lambda s: performance._ends_with_any(s, ("个",))),
    "performance.parse_range digits": (lambda n: "优" + "1" * n, performance.parse_range),
    "performance.parse_range blanks": (lambda n: "优1" + " " * n + "x", performance.parse_range),
    "markdown._DELIMITER": (lambda n: "|---" + " " * n + "x", to_cell_text),
    "performance score pattern": (lambda n: "综合得分" + " " * n + "x", lambda s: _all(performance._score_patterns()[0], s)),
    "performance rate pattern": (lambda n: "预算执行率" + " " * n + "x", lambda s: _all(performance._rate_patterns()[0], s)),
    "performance derived-rate pattern": (
        lambda n: "预决算差异率1" + " " * n + "个", lambda s: [_all(rx, s) for _, rx in performance._derived_patterns()[1]]),
    "performance scheme 'each' pattern": (lambda n: "指" * n + "x", lambda s: _all(performance._scheme_each_rx(), s)),
    # loops: per sentence, per statement
    "statements._line sentences": (lambda n: _repeat("收入1万元。", n), _narrative),
    "statements._claims": (lambda n: _repeat("决算数1万元，预算数2万元，决算数小于预算数。", n), _narrative),
    "statements._claims one sentence": (lambda n: _repeat("决算数1万元，预算数2万元，决算数小于预算数，", n), _narrative),
    "statements._compared": (lambda n: _repeat("与上年相比，收入增加1万元。", n), _narrative),
    "statements._compared no subject": (lambda n: _repeat("与上年相比，某某增加1万元。", n), _narrative),
    "statements._named_years_change": (
        lambda n: _repeat("2018年支出资金1万元，2019年支出资金2万元。2019年支出资金较2018年增加1万元。", n), _narrative),
    "statements._unitless": (lambda n: _repeat("1,234.56，", n) + "1万元", _narrative),
    "statements changes in one sentence": (lambda n: _repeat("收入1万元，比上年增加1万元，", n), _narrative),
}


@pytest.mark.parametrize("name", list(CASES))
def test_linear(name):
    build, fn = CASES[name]
    _assert_linear(build, fn)


# A disclosure's narrative and performance part, every statement shape the
# extractors read; repeated with its line breaks replaced by blanks.
_DISCLOSURE = """第一部分 部门概况
一、收入支出决算总体情况说明
2023年度收入总计1,234.56万元，支出总计1,200.00万元。与2022年度相比，收入总计增加34.56万元，增长2.88%。
其中：基本支出800.00万元，占支出总计的66.67%；项目支出400.00万元，占支出总计的33.33%。
二、一般公共预算财政拨款支出决算情况说明
2023年度一般公共预算财政拨款支出1,000.00万元，比上年增加10.00万元，增长1.01%，完成年初预算的95.00%。
“一般公共服务支出”（类）年初预算100.00万元，决算数90.00万元，决算数小于年初预算数。
三、“三公”经费说明
公务用车购置及运行维护费支出12.00万元，较2022年减少1.00万元。公务用车保有量5辆。
第二部分 绩效评价情况
（一）评价结论
综合得分91.29分，评价等次为“优”。90（含）-100分为优、80（含）-90分为良、60（含）-80分为中、60分以下为差。
年度总目标（100分）
（1）产出指标（60分）
数量指标20分，质量指标20分，时效指标20分。
（2）效益指标（40分）
社会效益、可持续影响指标各20分。
评价项目71个，其中：优60个，良11个。项目年初预算500.00万元，全年预算520.00万元，实际支出494.00万元，预算执行率95.00%。
绩效跟踪金额130.00万元，占项目支出总金额的25.00%。
"""


def test_whole_document_one_line():
    one_line = _DISCLOSURE.replace("\n", " ")

    def run(n: int):
        report = build_report(_doc(_repeat(one_line, n)))
        run_checks(report)

    _assert_linear(lambda n: n, run, small=100_000, large=1_000_000, large_runs=1)


def test_whole_document_reads_the_statements():
    """The repeated disclosure is read as a disclosure (the timing above measures real work)."""
    report = build_report(_doc(_DISCLOSURE.replace("\n", " ") * 3))
    assert len(report.changes) >= 3 and report.shares and report.claims
    assert report.performance.rate_claims
