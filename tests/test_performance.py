"""Extraction of the performance parts (绩效评价) on the seeds, and their findings.

The seeds are real disclosures; the numbers asserted here are the ones they
print (002's tracking table, 000's self-evaluation form, 003's and 004's
weights …), and the findings are the ones verified by hand.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from juesuan.checks import run_checks
from juesuan.extract import build_report
from juesuan.readers import read, read_bytes

D = Decimal


@pytest.fixture(scope="module")
def reports(seeds_dir):
    out = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        out[path.name[:3]] = build_report(read(str(path)))
    return out


def line(report, span):
    return report.document.line_of(span.start)


def test_tracking_table_of_002(reports):
    perf = reports["002"].performance
    [table] = perf.tracking_tables
    assert table.unit == "万元" and table.complete
    assert len(table.rows) == 38
    t = table.total
    assert (t.initial.value, t.added.value, t.cut.value, t.adjusted.value, t.actual.value, t.rate.value) == \
        (D("5342.16"), D("70.19"), D("499.56"), D("4912.79"), D("4717.56"), D("96.03"))
    first = table.rows[0]
    assert (first.number, first.department, first.name) == ("1", "综合办公室", "PDA（全响应终端）租赁服务费")
    assert (first.initial.value, first.cut.value, first.adjusted.value, first.rate.value) == \
        (D("80.52"), D("5.49"), D("75.03"), D("100.00"))
    assert len(table.rows_of("社区建设办公室")) == 9
    lines = [ln for ln in reports["002"].lines if ln.table == "tracking"]
    assert len(lines) == 39 and lines[-1].level == "合计"


def test_tracking_list_and_summaries_of_002(reports):
    perf = reports["002"].performance
    [tl] = perf.tracking_lists
    assert len(tl.items) == 38 and tl.complete
    assert tl.total.value == D("53421615.16") and tl.tracked.value == D("53421615.16")
    assert tl.base.value == D("120563772.54") and tl.ratio.value == D("44.31")
    ratios = sorted(r.percent.value for r in perf.coverage_ratios)
    assert ratios == [D("43.31"), D("44.31")]
    narrative = next(r for r in perf.coverage_ratios if r.percent.value == D("43.31"))
    assert narrative.base.value == D("12056.38")          # "12，056.38万元": a full-width comma as grouping
    subjects = {s.subject: s for s in perf.summaries if s.subject}
    assert subjects["社区建设办公室"].initial.value == D("747.53")
    assert subjects["党群工作办公室"].added.value == D("18.66")
    overall = next(s for s in perf.summaries if line(reports["002"], s.span) == 952)
    assert overall.subject is None and overall.count.value == 38 and overall.adjusted.value == D("4912.79")
    [below] = perf.below_claims
    assert (below.of_count.value, below.count.value, below.threshold.value) == (38, 5, 80)


def test_self_evaluation_form_of_000(reports):
    perf = reports["000"].performance
    [form] = perf.forms
    assert form.project == "中仓街道重点区域精细化管控项目" and form.unit == "万元"
    total = form.funds_total
    assert total.label == "年度资金总额"
    assert (total.budget_initial.value, total.budget.value, total.executed.value) == (D("67.97"),) * 3
    assert (total.weight.value, total.rate.value, total.score.value) == (D(10), D(100), D(10))
    assert [r.label for r in form.funds] == ["年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金"]
    table = form.indicators
    assert len(table.indicators) == 9 and table.kind == "form"
    first, last = table.indicators[0], table.indicators[-1]
    assert (first.level1, first.level2, first.name, first.target_text, first.actual_text) == \
        ("产出指标", "数量指标", "辖区高密度站", "2", "2")
    assert (last.level1, last.level2, last.name, last.actual_text) == ("满意度指标", "服务对象满意度标", "居民满意度", "优")
    assert first.weight is None and first.weight_text == "100-90%"      # not a number: weights not checked
    assert [q.value for q in table.totals] == [D(100)]


def test_scores_grades_and_bands(reports):
    p0 = reports["000"].performance
    assert [(b.grade, b.lo) for b in p0.band_tables[0].bands] == [("优", 90), ("良", 80), ("中", 60), ("差", 0)]
    project = next(s for s in p0.scores if s.scope == "project")
    assert (project.score.value, project.grade) == (D(100), "优")
    assert p0.overall_grade == "良"
    figures = dict(reports["001"].figures())
    assert figures["performance.overall_score"] == "91.29"
    assert figures["performance.overall_grade"] == "优"
    assert figures["performance.execution_rate"] == "90.91"
    assert figures["performance.projects_evaluated"] == 168
    f4 = dict(reports["004"].figures())
    assert (f4["performance.overall_score"], f4["performance.overall_grade"]) == ("93", "优秀")
    assert f4["performance.projects_evaluated"] == 71
    assert f4["performance.budget"] == "200602700.00"        # from the lexicon, not duplicated


def test_a_tracking_report_evaluates_its_tracked_projects(reports):
    """002's 绩效跟踪报告: "共选取了38个重点项目进行绩效跟踪", "调整后部门整体预算金额为18,425.82万元"."""
    figures = dict(reports["002"].figures())
    assert figures["performance.projects_evaluated"] == 38
    assert figures["performance.budget"] == "184258200.00"


def test_the_narrative_unit_is_the_unit_of_its_totals(reports):
    """002 states its 决算 totals in 元 and the 绩效 report after it in 万元: the document is in 元."""
    assert reports["002"].meta.unit == "元"
    assert reports["001"].meta.unit == "万元"


def test_the_grand_total_is_the_side_its_parts_confirm(reports):
    """002: 收入总计184258110.99 (a misprint: 184129842.39 + 128378.60 = 184258220.99) and
    支出总计184258220.99 (= 180567629.26 + 3690591.73): the 收支总计 is the latter."""
    figures = dict(reports["002"].figures())
    assert figures["totals.income_grand"] == "184258110.99"
    assert figures["totals.grand"] == "184258220.99"


def test_weights_of_003_sum_to_100(reports):
    [table] = reports["003"].performance.indicator_tables
    assert len(table.indicators) == 26 and table.kind == "targets"
    assert sum(i.weight.value for i in table.indicators) == 100
    assert {i.group for i in table.indicators} >= {"04-综合工作/04-其他综合管理工作"}
    assert table.indicators[0].nature == "≥" and table.indicators[0].unit == "次"
    [b] = reports["003"].performance.breakdowns
    assert b.total.value == 109 and sum(q.value for _, q in b.parts) == 109 and b.complete


def test_weights_of_004_sum_to_60_percent(reports):
    perf = reports["004"].performance
    targets = perf.indicator_tables[0]
    assert [i.weight.value for i in targets.indicators] == [D(10)] * 6
    assert all(i.weight.unit == "%" for i in targets.indicators)
    dist = next(b for b in perf.breakdowns if b.kind == "distribution")
    assert dist.total.value == 71 and [q.value for _, q in dist.parts] == [60, 5, 4, 2] and dist.complete
    shares = {s.percent.value: s.whole.value for s in perf.count_shares}
    assert shares == {D("45.07"): 71, D("20.83"): 71}


def test_points_scheme_of_001(reports):
    [scheme] = reports["001"].performance.schemes
    assert scheme.total.value == 100
    assert [(i.label, i.points.value) for i in scheme.items] == \
        [("产出指标", 60), ("效益指标", 20), ("满意度指标", 10), ("执行率", 10)]
    assert [p.points.value for p in scheme.items[0].parts] == [20, 20, 20]
    assert [p.points.value for p in scheme.items[1].parts] == [10, 10]


def test_rate_claims_take_the_right_figures(reports):
    claims = {line(reports["000"], c.span): c for c in reports["000"].performance.rate_claims}
    assert claims[260].budget.value == D("68.00") and claims[260].spent.value == D("67.97")
    assert claims[261].source == "previous"
    c = next(c for c in reports["004"].performance.rate_claims if c.about_department)
    assert (c.budget.value, c.spent.value, c.source) == (D("20060.27"), D("20374.43"), "section")
    c952 = next(c for c in reports["002"].performance.rate_claims if line(reports["002"], c.span) == 952)
    assert c952.budget_kind == "adjusted" and c952.budget.value == D("4912.79")


# Every performance finding on the seeds, each verified by hand (see the closing note).
EXPECTED = {
    "000": {("JS-R809", 341), ("JS-R821", 261), ("JS-R820", 282)},
    "001": set(),
    "002": {("JS-R823", 935), ("JS-R832", 952), ("JS-R820", 1370), ("JS-R813", 1381)},
    "003": set(),
    "004": {("JS-R800", 265), ("JS-R808", 284), ("JS-R820", 313), ("JS-R831", 411)},
}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_performance_findings_on_the_seeds(reports, seed):
    report = reports[seed]
    findings, _ = run_checks(report)
    got = {(f.rule, line(report, f.span)) for f in findings if "JS-R800" <= f.rule < "JS-R850"}
    assert got == EXPECTED[seed]


def test_no_performance_part_no_performance_findings():
    doc = read_bytes("x.txt", "二、收入支出决算总体情况说明\n2024年度本年收入合计100.00万元。\n".encode())
    report = build_report(doc)
    findings, coverage = run_checks(report)
    assert not [f for f in findings if f.rule.startswith("JS-R8")]
    assert {s["rule"] for s in coverage.rules_skipped} >= {"JS-R800", "JS-R813", "JS-R820"}
