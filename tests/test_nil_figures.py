"""Figures stated as none in words ("本年度无此项支出", "X：无") are zero figures."""

from __future__ import annotations

from decimal import Decimal

from juesuan.extract import build_report
from juesuan.readers import read_bytes

TEXT = """北京市某某区某某街道办事处2024年度部门决算
第二部分 2024年度部门决算说明
五、政府性基金预算财政拨款支出决算情况说明
本年度无此项支出
六、国有资本经营预算财政拨款收支情况
本年度未安排国有资本经营预算财政拨款收支。
七、财政拨款基本支出决算情况说明
2024年度使用一般公共预算财政拨款安排基本支出8,392.28万元，其中：
1.工资福利支出7,387.86万元；
2.其他资本性支出：无
"""


def _figures(text: str) -> dict:
    report = build_report(read_bytes("case.txt", text.encode("utf-8")))
    return {f.key: f for f in report.figures_list if f.key}


def test_sections_and_items_stated_as_none_are_zero():
    figures = _figures(TEXT)
    for key in ("fiscal.fund_expenditure", "fiscal.soe_expenditure", "basic.capital"):
        assert figures[key].amount.value == Decimal(0), key
        assert figures[key].amount.text == "无"
    report = build_report(read_bytes("case.txt", TEXT.encode("utf-8")))
    assert dict(report.figures())["fiscal.fund_expenditure"] == "0.00"


def test_a_section_with_an_amount_is_not_none():
    text = TEXT.replace("本年度无此项支出", "本年度无此项支出以外的政府性基金支出12.00万元。")
    assert "fiscal.fund_expenditure" not in _figures(text) or \
        _figures(text)["fiscal.fund_expenditure"].amount.text != "无"


def test_none_under_another_topic_takes_no_key():
    text = TEXT.replace("七、财政拨款基本支出决算情况说明", "八、其他重要事项的情况说明")
    assert "basic.capital" not in _figures(text)
