"""Cross-document rules: a unit's budgets of two years checked in one call."""

from __future__ import annotations

import json

from click.testing import CliRunner

from juesuan.cli import main
from juesuan.crossdoc import unit_key

TABLES = """江苏省人民检察院{y}年部门预算公开
第一部分 {y}年部门预算报表
一般公共预算支出表
单位：万元
\t科目编码
\t科目名称
\t上年预算数
\t本年预算数

\t204
\t公共安全支出
\t{prior}
\t{now}

\t2040401
\t行政运行
\t{prior}
\t{now}

"""

NARRATIVE = """江苏省人民检察院{y}年部门预算公开
第二部分 {y}年部门预算说明
一、一般公共预算财政拨款支出预算情况
江苏省人民检察院{y}年一般公共预算财政拨款支出预算{total}万元，与上年相比增加{up}万元。
二、“三公”经费预算情况
{y}年因公出国（境）费预算支出{abroad}万元，与上年预算数一致。
"""


def _check(tmp_path, *texts):
    paths = []
    for i, text in enumerate(texts):
        p = tmp_path / f"doc{i}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    result = CliRunner().invoke(main, ["check", "--format", "json", *paths])
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def _cross(obj):
    return [f for f in obj["findings"] if f["rule"].startswith("JS-R95")]


def test_prior_budget_column_against_last_years_budget(tmp_path):
    y2018 = TABLES.format(y=2018, prior="9,000.00", now="10,000.00")
    y2019 = TABLES.format(y=2019, prior="10,500.00", now="11,000.00")
    first, second = _check(tmp_path, y2018, y2019)
    assert _cross(first) == []
    found = _cross(second)
    assert [f["rule"] for f in found] == ["JS-R950", "JS-R950"]
    assert all(f["expected"] == "10,000.00万元" and f["actual"] == "10,500.00万元" for f in found)
    assert "doc0.txt" in found[0]["message"] and "2018年部门预算" in found[0]["message"]


def test_prior_budget_column_that_agrees_gives_nothing(tmp_path):
    y2018 = TABLES.format(y=2018, prior="9,000.00", now="10,000.00")
    y2019 = TABLES.format(y=2019, prior="10,000.00", now="11,000.00")
    assert _cross(_check(tmp_path, y2018, y2019)[1]) == []


def test_statements_compared_with_last_year(tmp_path):
    y2018 = NARRATIVE.format(y=2018, total="20,000.00", up="1,000.00", abroad="110.00")
    y2019 = NARRATIVE.format(y=2019, total="21,000.00", up="900.00", abroad="100.00")
    found = {f["location"]["line"]: f for f in _cross(_check(tmp_path, y2018, y2019)[1])}
    assert found[4]["severity"] == "warning" and found[4]["actual"] == "20,100.00万元"
    assert found[6]["severity"] == "error" and found[6]["expected"] == "110.00万元"   # "与上年预算数一致"


def test_statements_that_agree_with_last_year(tmp_path):
    y2018 = NARRATIVE.format(y=2018, total="20,000.00", up="1,000.00", abroad="100.00")
    y2019 = NARRATIVE.format(y=2019, total="21,000.00", up="1,000.00", abroad="100.00")
    assert _cross(_check(tmp_path, y2018, y2019)[1]) == []


def test_alone_the_cross_rules_say_they_did_not_run(tmp_path):
    (obj,) = _check(tmp_path, NARRATIVE.format(y=2019, total="21,000.00", up="900.00", abroad="100.00"))
    skipped = {s["rule"]: s["why"] for s in obj["coverage"]["rules_skipped"]}
    assert "上一年度" in skipped["JS-R951"]


def test_another_unit_is_not_a_neighbour(tmp_path):
    y2018 = TABLES.format(y=2018, prior="9,000.00", now="10,000.00").replace("人民检察院", "高级人民法院")
    y2019 = TABLES.format(y=2019, prior="10,500.00", now="11,000.00")
    assert _cross(_check(tmp_path, y2018, y2019)[1]) == []


def test_unit_names_written_two_ways_are_one_unit():
    assert unit_key("上海市普陀区人民政府万里街道办事处") == unit_key("上海市普陀区万里街道办事处")
    assert unit_key("中共北京市西城区委宣传部") == unit_key("北京市西城区委宣传部")
    assert unit_key("江苏省人力资源与社会保障厅") == unit_key("江苏省人力资源和社会保障厅")
    assert unit_key("江苏省人民检察院") != unit_key("江苏省高级人民法院")
