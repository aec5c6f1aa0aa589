"""收支总计 (totals.grand) from 收入总计 and 支出总计 stated apart (``extract.grand_total``)."""

from __future__ import annotations

from juesuan.extract import build_report
from juesuan.readers import read_bytes

HEAD = "某街道办事处2019年度部门决算\n二、收入支出决算总体情况说明\n"


def figures(body: str) -> dict:
    return dict(build_report(read_bytes("grand.txt", (HEAD + body).encode("utf-8"))).figures())


def test_equal_totals_are_the_grand_total():
    f = figures("本年收入合计1000.00元，上年结转200.00元，收入总计1200.00元。"
                "本年支出合计900.00元，结转下年300.00元，支出总计1200.00元。\n")
    assert f["totals.grand"] == "1200.00"


def test_of_two_different_totals_the_one_its_parts_confirm():
    f = figures("本年收入合计1000.00元，上年结转200.00元，收入总计1100.00元。"
                "本年支出合计900.00元，结转下年300.00元，支出总计1200.00元。\n")
    assert f["totals.grand"] == "1200.00"


def test_no_grand_total_when_neither_side_is_confirmed():
    f = figures("收入总计1100.00元，支出总计1200.00元。\n")
    assert "totals.grand" not in f
