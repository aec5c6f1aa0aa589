"""Grade bands and the scoring method of ``juesuan score``, as tables of cases."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from juesuan.cli import main
from juesuan.extract import build_report
from juesuan.performance_model import BandTable, GradeBand
from juesuan.readers import read_bytes
from juesuan.score import (FormError, FormInput, IndicatorInput, form_from_mapping, grade_of, load_form,
                           parse_value, qualitative_ratio, score_form, score_indicator)

D = Decimal
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "self-evaluation-form.yaml"

# score as printed → grade under 财预〔2020〕10号 (the lower bound of a band included)
DEFAULT_BANDS = [
    ("100", "优"), ("90", "优"), ("90.00", "优"), ("90.01", "优"), ("89.99", "良"), ("89.5", "良"),
    ("80", "良"), ("80.00", "良"), ("79.99", "中"), ("60", "中"), ("60.00", "中"), ("59.99", "差"),
    ("59.5", "差"), ("0", "差"),
]


@pytest.mark.parametrize("score,grade", DEFAULT_BANDS)
def test_default_bands(score, grade):
    assert grade_of(D(score)) == grade


OWN_BANDS = "90（含）-100分为优秀、80（含）-90分为良好、60（含）-80分为一般、60分以下为较差"
# a document's own band table, parsed from its text, with its own words
OWN_CASES = [("90", "优秀"), ("90.00", "优秀"), ("89.99", "良好"), ("80", "良好"), ("60", "一般"),
             ("59.5", "较差"), ("93", "优秀"), ("100", "优秀")]


@pytest.fixture(scope="module")
def own_bands() -> BandTable:
    doc = read_bytes("b.txt", f"第四部分 绩效评价情况\n（1）评价等级\n{OWN_BANDS}\n".encode())
    [bands] = build_report(doc).performance.band_tables
    return bands


@pytest.mark.parametrize("score,grade", OWN_CASES)
def test_document_bands(own_bands, score, grade):
    assert own_bands.grade_of(D(score)) == grade


@pytest.mark.parametrize("text,grades", [
    ("优秀（90（含）-100分）、良好80（含）-90分、一般60（含）-80分、较差60分以下", ["优秀", "良好", "一般", "较差"]),
    ("本次指标体系总分设置为100分，等级划分为四档：90（含）-100分为优、80（含）-90分为良、60（含）-80分为中、60分以下为差。",
     ["优", "良", "中", "差"]),
])
def test_band_tables_are_read(text, grades):
    doc = read_bytes("b.txt", f"第四部分 绩效评价情况\n{text}\n".encode())
    [bands] = build_report(doc).performance.band_tables
    assert [b.grade for b in bands.bands] == grades
    assert [b.lo for b in bands.bands] == [90, 80, 60, 0]


def test_exclusive_lower_bound():
    bands = BandTable((GradeBand("优", D(90), lo_inclusive=False), GradeBand("良", D(80)), GradeBand("中", D(60)),
                       GradeBand("差", D(0))))
    assert bands.grade_of(D(90)) == "良" and bands.grade_of(D("90.01")) == "优"


# (nature, target, actual, weight) → (method, score)
INDICATOR_CASES = [
    ("≥", "10", "10", "20", "positive", "20.00"),
    ("≥", "≥10个", "8个", "30", "positive", "24.00"),            # completion ratio 80%
    ("≥", "10", "12", "20", "positive", "20.00"),               # capped at the weight
    (None, "≥90%", "92%", "10", "positive", "10.00"),           # the sign in the target
    ("≥", "90%", "85%", "10", "positive", "9.44"),              # 85 ÷ 90 = 94.44%
    ("≤", "100", "80", "10", "reverse", "10.00"),               # under the cap: full marks
    ("≤", "100", "125", "10", "reverse", "8.00"),               # 100 ÷ 125
    (None, "≤1年", "2年", "10", "reverse", "5.00"),
    ("＝", "2", "2", "10", "equal", "10.00"),
    ("=", "4", "3", "10", "equal", "7.50"),
    ("定性", "优良中差", "优", "10", "qualitative", "10.00"),
    ("定性", "优良中差", "良", "10", "qualitative", "8.00"),
    ("定性", "优良中差", "中", "10", "qualitative", "6.00"),
    ("定性", "优良中差", "差", "10", "qualitative", "0.00"),
    ("定性", "优良中低差", "良好", "5", "qualitative", "4.00"),
    (None, "年底前完成", "年底前已完成", "10", "qualitative", "10.00"),
    (None, "年底前完成", "未完成", "10", "qualitative", "0.00"),
    ("定性", "符合标准", "基本符合", "10", "qualitative", "10.00"),   # 符合 contained: 100%
]


@pytest.mark.parametrize("nature,target,actual,weight,method,score", INDICATOR_CASES)
def test_indicator_scoring(nature, target, actual, weight, method, score):
    s = score_indicator(IndicatorInput(name="x", weight=D(weight), target=target, actual=actual, nature=nature))
    assert (s.method, str(s.score)) == (method, score)


def test_unscorable_indicator_is_reported_not_guessed():
    s = score_indicator(IndicatorInput(name="x", weight=D(10), target="有效", actual="见附件"))
    assert s.method == "unscored" and s.score is None and s.note


@pytest.mark.parametrize("text,cmp,value", [
    ("≥90%", "≥", D(90)), ("不低于95%", "≥", D(95)), ("≤1000万元", "≤", D(1000)), ("67.97", None, D("67.97")),
    ("100-90%", None, None), ("年底前完成", None, None), ("＝3级", "=", D(3)), ("1,200人", None, D(1200)),
])
def test_parse_value(text, cmp, value):
    assert parse_value(text) == (cmp, value)


def test_qualitative_scheme_of_the_form():
    assert qualitative_ratio("良", {"优": D(100), "良": D(85)}) == 85
    assert qualitative_ratio("良") == 80


# (budget, executed, weight) → (rate, score): the execution row scores rate × weight, capped
FUNDS_CASES = [("100", "95", "10", "95.00", "9.50"), ("68.00", "67.97", "10", "99.96", "10.00"),
               ("100", "110", "10", "110.00", "10.00"), ("100", "0", "10", "0.00", "0.00")]


@pytest.mark.parametrize("budget,executed,weight,rate,score", FUNDS_CASES)
def test_execution_row(budget, executed, weight, rate, score):
    form = FormInput(budget=D(budget), executed=D(executed), funds_weight=D(weight),
                     indicators=[IndicatorInput(name="x", weight=D(90), target="1", actual="1")])
    s = score_form(form)
    assert (f"{s.execution_rate:.2f}", str(s.funds_score)) == (rate, score)


# total → grade at the boundaries, through the whole form: nothing spent (0 of
# the 10 points) and one indicator of weight 90 with target 90, so the total is
# the actual.
@pytest.mark.parametrize("actual,total,grade", [("90", "90.00", "优"), ("90.00", "90.00", "优"),
                                                 ("89.99", "89.99", "良"), ("59.5", "59.50", "差"),
                                                 ("60", "60.00", "中")])
def test_total_and_grade_at_boundaries(actual, total, grade):
    form = FormInput(budget=D(100), executed=D(0), funds_weight=D(10), indicators=[
        IndicatorInput(name="a", weight=D(90), target="90", actual=actual)])
    s = score_form(form)
    assert (str(s.total), s.grade) == (total, grade)


def test_example_form_scores_100():
    s = score_form(load_form(str(EXAMPLE)))
    assert s.total_weight == 100 and s.complete
    assert (str(s.total), s.grade) == ("100.00", "优")


def test_form_with_own_bands():
    form = form_from_mapping({"funds": {"budget": 10, "executed": 10},
                              "indicators": [{"name": "a", "weight": 90, "target": "10", "actual": "9.5"}],
                              "bands": {"优秀": 95, "良好": 85, "合格": 60, "不合格": 0}})
    s = score_form(form)
    assert (str(s.total), s.grade) == ("95.50", "优秀")


def test_bad_forms_give_clear_errors(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("funds: {budget: 10}\nindicators: []\n", encoding="utf-8")
    with pytest.raises(FormError):
        load_form(str(bad))
    bad.write_text("indicators: [{name: a, weight: 十}]\n", encoding="utf-8")
    with pytest.raises(FormError):
        load_form(str(bad))
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(FormError):
        load_form(str(empty))


def _xlsx(path: Path, rows):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "项目支出绩效自评表"
    for r in rows:
        ws.append(r)
    wb.save(path)


XLSX_ROWS = [
    ["项目支出绩效自评表"], ["项目名称", "老旧小区环境提升项目"],
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["", "年度资金总额", 100, 100, 95, 10, "", ""],
    ["", "其中：当年财政拨款", 100, 100, 95, "—", "", "—"],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["", "产出指标", "数量指标", "改造小区数量", "≥10个", "8个", 30, "", ""],
    ["", "", "质量指标", "验收合格率", "100%", "100%", 20, "", ""],
    ["", "效益指标", "社会效益指标", "居民环境改善", "优良中差", "良", 30, "", ""],
    ["", "满意度指标", "服务对象满意度指标", "居民满意度", "≥90%", "92%", 10, "", ""],
    ["总分", 100],
]


def test_xlsx_form(tmp_path):
    path = tmp_path / "form.xlsx"
    _xlsx(path, XLSX_ROWS)
    s = score_form(load_form(str(path)))
    assert s.form.project == "老旧小区环境提升项目"
    assert [str(i.score) for i in s.indicators] == ["24.00", "20.00", "24.00", "10.00"]
    assert (str(s.funds_score), str(s.total), s.grade) == ("9.50", "87.50", "良")


def test_cli_score(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["score", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "总分 100.00" in result.output and "等级：优" in result.output
    result = runner.invoke(main, ["score", str(EXAMPLE), "--format", "json"])
    data = json.loads(result.output)
    assert data["total"] == "100.00" and data["grade"] == "优" and len(data["indicators"]) == 9
    result = runner.invoke(main, ["score", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2
    notform = tmp_path / "x.txt"
    notform.write_text("这不是自评表。\n", encoding="utf-8")
    result = runner.invoke(main, ["score", str(notform)])
    assert result.exit_code == 2
