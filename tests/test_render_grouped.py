"""Rates from a zero base: one JSON finding per place, one block in the text report."""

from __future__ import annotations

import json

from click.testing import CliRunner

from juesuan.cli import main

TWO_NEW_ITEMS = """\
上海市普陀区某街道办事处2023年部门预算
部门预算编制说明
收入预算16497.86万元，支出预算16497.86万元。
1. “一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”60.13万元。2022年当年预算执行数为0万元，2023年预算安排60.13万元，比2022年预算执行数增加100.00%。
2. “城乡社区支出（类）城乡社区管理事务（款）城管执法（项）”0.31万元。2022年当年预算执行数为0万元，2023年预算安排0.31万元，比2022年预算执行数增加100.00%。
"""


def _check(tmp_path, fmt: str) -> str:
    path = tmp_path / "budget.txt"
    path.write_text(TWO_NEW_ITEMS, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--exit-zero", "--format", fmt, str(path)])
    assert result.exit_code == 0, result.output
    return result.output


def test_json_keeps_one_finding_per_place(tmp_path):
    report = json.loads(_check(tmp_path, "json"))
    zero = [f for f in report["findings"] if f["rule"] == "JS-R405"]
    assert [f["location"]["line"] for f in zero] == [4, 5]
    assert {f["severity"] for f in zero} == {"warning"}


def test_text_lists_every_place_in_one_block(tmp_path):
    text = _check(tmp_path, "text")
    assert text.count("JS-R405") == 1
    assert "以零为基数的增长率（共2处）" in text
    assert "第4行：「" in text and "第5行：「" in text
