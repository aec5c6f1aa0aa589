"""The nine standard tables: recognition, typed rows, lines and figures.

The same extractor reads every format, so it is tested on seed 002's 支出决算表
in its txt form and as a real Word table, on the Shanghai PDF's nine tables,
and on small tables written here for the shapes those lack (split codes in
类/款/项 cells, wrapped header cells, a table continued after a page break, a
title-less table, a unit only in the header).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from docx_builder import build_docx_from_txt
from juesuan.checks import run_checks
from juesuan.extract import build_report
from juesuan.readers import read, read_bytes
from txt_tables import table

SEED_002 = "002_0a43d6d05142bb72.txt"
SHANGHAI = "shanghai-putuo-shgzb-2024.pdf"


def report_of(text: str):
    return build_report(read_bytes("case.txt", text.encode("utf-8")))


STANDARD = ("summary", "income", "expenditure", "fiscal_summary", "general_expenditure", "general_basic",
            "three_public", "fund", "soe")


def table_lines(report):
    return [ln for ln in report.lines if ln.table in STANDARD]


def table_figures(report):
    return {f.key: f.amount for f in report.figures_list if f.source == "table"}


# ------------------------------------------------------------ seed 002

@pytest.fixture(scope="module")
def seed_002(seeds_dir):
    return seeds_dir / SEED_002


def check_seed_002_expenditure(report):
    doc = report.document
    assert len(doc.tables[0].rows) == 124                   # as the reader rebuilt it
    [t] = report.tables
    assert t.kind == "expenditure" and t.title is None      # recognised by its header
    assert [c.concepts for c in t.columns] == [("total",), ("basic",), ("project",)]
    assert (t.unit, t.unit_source) == ("元", "matched")      # printed in 元 by the narrative
    assert len(t.rows) == 119                               # 5 header rows (one of them 栏次)
    total = t.rows[0]
    assert total.level == "合计" and [v.value for v in total.values] == [
        Decimal("180567629.26"), Decimal("65386631.60"), Decimal("115180997.66")]
    assert total.values[0].value == total.values[1].value + total.values[2].value
    assert doc.text[total.values[0].span.start:total.values[0].span.end] == "180,567,629.26"

    lines = table_lines(report)
    assert len(lines) == 119 and all(ln.table == "expenditure" for ln in lines)
    by_code = {ln.code: ln for ln in lines if ln.code}
    assert by_code["201"].actual.value == Decimal("69335999.46")
    assert by_code["201"].basic.value == Decimal("39340773.16")
    assert by_code["201"].project.value == Decimal("29995226.30")
    assert (by_code["201"].level, by_code["20103"].level, by_code["2010301"].level) == ("类", "款", "项")
    assert by_code["2010301"].name == "行政运行"
    assert by_code["2010301"].project is None               # an empty cell stays empty
    offset = report.lines.index(lines[0])
    assert lines[0].level == "合计" and lines[0].parent is None
    assert report.lines[by_code["2010301"].parent] is by_code["20103"]
    assert report.lines[by_code["20103"].parent] is by_code["201"]
    assert by_code["201"].parent is None
    for ln in lines:
        if ln.code and len(ln.code) > 3:
            assert report.lines[ln.parent].code == ln.code[:-2]
            assert ln.parent >= offset
    assert {lv for lv in (ln.level for ln in lines)} == {"合计", "类", "款", "项"}
    assert sum(1 for ln in lines if ln.level == "类") == len({c[:3] for c in by_code})

    figs = table_figures(report)
    assert figs["expenditure.total"].value == Decimal("180567629.26")
    assert figs["expenditure.basic"].value == Decimal("65386631.60")
    assert figs["expenditure.project"].value == Decimal("115180997.66")
    assert dict(report.figures())["expenditure.total"] == "180567629.26"


def test_seed_002_expenditure_table_txt(seed_002):
    check_seed_002_expenditure(build_report(read(str(seed_002))))


def test_seed_002_expenditure_table_docx(seed_002, tmp_path):
    docx_path = build_docx_from_txt(seed_002.read_text(encoding="utf-8"), tmp_path / "002.docx")
    from_docx = build_report(read(str(docx_path)))
    check_seed_002_expenditure(from_docx)
    from_txt = build_report(read(str(seed_002)))

    def shape(report):
        return [(ln.table, ln.code, ln.name, ln.level, ln.actual and ln.actual.value,
                 ln.basic and ln.basic.value, ln.project and ln.project.value,
                 ln.parent - report.lines.index(table_lines(report)[0]) if ln.parent is not None else None)
                for ln in table_lines(report)]
    assert shape(from_docx) == shape(from_txt)


def test_seed_002_table_checks_find_nothing(seed_002):
    """Its rows and columns add up (checked by hand): no table finding."""
    findings, coverage = run_checks(build_report(read(str(seed_002))))
    assert not [f for f in findings if f.rule.startswith("JS-R2")]
    skipped = {s["rule"] for s in coverage.rules_skipped}
    assert {"JS-R210", "JS-R211", "JS-R201"}.isdisjoint(skipped)


# ------------------------------------------------------------ the Shanghai PDF

@pytest.fixture(scope="module")
def shanghai(fixtures_dir):
    return build_report(read(str(fixtures_dir / SHANGHAI)))


def test_pdf_nine_tables(shanghai):
    kinds = [t.kind for t in shanghai.tables]
    assert kinds == ["summary", "income", "expenditure", "fiscal_summary", "general_expenditure",
                     "general_basic", "three_public", "fund", "soe"]
    assert all(t.unit == "万元" and t.unit_source == "stated" for t in shanghai.tables)
    empty = [t.kind for t in shanghai.tables if t.is_empty]
    assert empty == ["three_public", "fund", "soe"]
    for t in shanghai.tables:
        if t.is_empty:          # each with its 空表说明
            assert "本表无数据" in shanghai.document.quote(t.empty_note)


def test_pdf_columns(shanghai):
    by_kind = {t.kind: t for t in shanghai.tables}
    assert [c.concepts for c in by_kind["income"].columns] == [
        ("total",), ("fiscal",), ("superior",), ("business",), ("operating_income",), ("affiliated",),
        ("other_income",)]
    fiscal = by_kind["fiscal_summary"]
    assert fiscal.panes == 2
    assert [c.concepts for c in fiscal.pane(1)] == [("total",), ("general",), ("fund",), ("soe",)]
    three = by_kind["three_public"]
    assert [(c.concepts, c.phase) for c in three.columns][4:6] == [
        (("three_public", "vehicle", "total"), "budget"), (("three_public", "vehicle", "total"), "actual")]
    fund = by_kind["fund"]
    assert [c.concepts for c in fund.columns] == [
        ("carryover_begin",), ("income",), ("expenditure", "total"), ("expenditure", "basic"),
        ("expenditure", "project"), ("carryover_end",)]


def test_pdf_figures(shanghai):
    figs = {k: v.value for k, v in table_figures(shanghai).items()}
    d = Decimal
    assert figs == {
        "income.fiscal_general": d("307.82"), "income.total": d("307.82"), "expenditure.total": d("307.82"),
        "totals.income_grand": d("307.82"), "totals.expenditure_grand": d("307.82"), "totals.grand": d("307.82"),
        "income.fiscal": d("307.82"), "expenditure.basic": d("105.58"), "expenditure.project": d("202.24"),
        "fiscal.expenditure": d("307.82"), "fiscal.general_expenditure": d("307.82"), "fiscal.grand": d("307.82"),
        "fiscal.basic": d("105.58"), "fiscal.general_project": d("202.24"),
        "basic.personnel": d("95.36"), "basic.goods_services": d("10.23"), "basic.individual": d("0.00"),
        "basic.capital": d("0.00"),
    } | dict.fromkeys(                  # the 总表 items printed empty beside printed ones: 0
        ["income.fiscal_fund", "income.fiscal_soe", "income.superior", "income.business", "income.operating",
         "income.affiliated", "income.other", "income.nonfiscal_balance_used", "income.carryover_begin",
         "expenditure.distribution", "expenditure.carryover_end", "fiscal.carryover_begin", "fiscal.carryover_end",
         "fiscal.fund_expenditure", "fiscal.soe_expenditure"],        # and its 空表 of those funds
        d(0))
    out = dict(shanghai.figures())
    assert out["income.total"] == "3078200.00" and out["basic.personnel"] == "953600.00"


def test_pdf_lines(shanghai):
    lines = table_lines(shanghai)
    by_table = {}
    for ln in lines:
        by_table.setdefault(ln.table, []).append(ln)
    assert sorted((k, len(v)) for k, v in by_table.items()) == [
        ("expenditure", 18), ("general_basic", 65), ("general_expenditure", 18), ("income", 18)]
    general = {ln.code: ln for ln in by_table["general_expenditure"] if ln.code}
    assert (general["2013999"].actual.value, general["2013999"].basic, general["2013999"].project.value) == (
        Decimal("202.24"), None, Decimal("202.24"))
    assert shanghai.lines[general["2210203"].parent].code == "22102"
    basic = {ln.code: ln for ln in by_table["general_basic"]}
    assert shanghai.lines[basic["30299"].parent].code == "302"      # the right-hand side of the table
    assert basic["30239"].actual.value == Decimal("2.43")


def test_pdf_table_findings_are_none(shanghai):
    """The PDF's tables agree with each other and with the narrative (checked by hand)."""
    findings, coverage = run_checks(shanghai)
    assert not [f for f in findings if f.rule.startswith("JS-R2") or f.rule in ("JS-R501", "JS-R502")]
    skipped = {s["rule"] for s in coverage.rules_skipped}
    assert {"JS-R210", "JS-R211", "JS-R212", "JS-R220", "JS-R230"}.isdisjoint(skipped)


def test_pdf_errors_in_tables_are_found(shanghai):
    """The PDF's own text with numbers changed: each change is caught by a table rule."""
    text = shanghai.document.text

    def changed(old: str, new: str, nth: int) -> str:
        pos = -1
        for _ in range(nth):
            pos = text.index("\t" + old + "\n", pos + 1)
        return text[:pos + 1] + new + text[pos + 1 + len(old):]

    cases = [
        (("29.42", "29.24", 1), {"JS-R212", "JS-R220"}),             # the 总表's 住房保障支出
        (("62.63", "62.36", 1), {"JS-R210", "JS-R211", "JS-R201", "JS-R220"}),   # 支出决算表 201 基本支出
        (("51.32", "51.23", 5), {"JS-R210", "JS-R201", "JS-R230"}),  # 一般公共预算表 行政运行
    ]
    for args, rules in cases:
        report = report_of(changed(*args))
        findings, _ = run_checks(report)
        got = {f.rule for f in findings if f.severity == "error"}
        assert rules <= got, (args, got)


# ------------------------------------------------------------ shapes

EXP_HEAD = [["项目", "本年支出合计", "基本支出", "项目支出"], ["科目编码", "科目名称", "", "", ""]]


def test_split_codes_in_separate_cells_are_joined_and_inherited():
    text = "支出决算表\n单位：元\n" + table([
        ["项目", "", "", "", "本年支出合计", "基本支出", "项目支出"],
        ["类", "款", "项", "科目名称", "", "", ""],
        ["", "", "", "合计", "300.00", "100.00", "200.00"],
        ["201", "", "", "一般公共服务支出", "300.00", "100.00", "200.00"],
        ["", "03", "", "政府办公厅（室）及相关机构事务", "300.00", "100.00", "200.00"],
        ["", "", "01", "行政运行", "100.00", "100.00", ""],
        ["201", "03", "99", "其他政府办公厅（室）及相关机构事务支出", "200.00", "", "200.00"]])
    report = report_of(text)
    [t] = report.tables
    assert [(r.code, r.level) for r in t.rows] == [
        (None, "合计"), ("201", "类"), ("20103", "款"), ("2010301", "项"), ("2010399", "项")]
    lines = table_lines(report)
    assert report.lines[lines[3].parent].code == "20103"
    assert (t.unit, t.unit_source) == ("元", "stated")


def test_wrapped_header_cells_and_a_table_continued_after_a_page_break():
    head = [["项目", "本年收入合\n计", "财政拨款收\n入", "事业收入"], ["功能分类科目编码", "科目名称", "", "", ""]]
    text = ("收入决算表\n单位：万元\n" + table(head + [
        ["合计", "30.00", "20.00", "10.00"],
        ["201", "一般公共服务支出", "20.00", "20.00", ""],
        ["20101", "人大事务", "20.00", "20.00", ""]])
        + "- 6 -\n" + table(head + [
            ["208", "社会保障和就业支出", "10.00", "", "10.00"],
            ["20805", "行政事业单位养老支出", "10.00", "", "10.00"]]))
    report = report_of(text)
    [t] = report.tables
    assert t.kind == "income"
    assert [c.concepts for c in t.columns] == [("total",), ("fiscal",), ("business",)]
    assert [r.code for r in t.rows] == [None, "201", "20101", "208", "20805"]
    findings, _ = run_checks(report)
    assert not [f for f in findings if f.rule.startswith("JS-R2")]
    figs = table_figures(report)
    assert (figs["income.total"].value, figs["income.business"].value) == (Decimal("30.00"), Decimal("10.00"))


def test_unit_in_the_header_and_an_unknown_unit():
    stated = report_of("一般公共预算财政拨款支出决算表\n" + table([
        ["项目", "合计（万元）", "基本支出", "项目支出"], ["科目编码", "科目名称", "", "", ""],
        ["合计", "5.00", "5.00", ""]]))
    assert (stated.tables[0].unit, stated.tables[0].unit_source) == ("万元", "stated")
    assert table_figures(stated)["fiscal.general_expenditure"].unit == "万元"
    unknown = report_of("一般公共预算财政拨款支出决算表\n" + table(EXP_HEAD[:1] + [
        ["科目编码", "科目名称", "", "", ""], ["合计", "5.00", "5.00", ""]]))
    assert unknown.tables[0].unit_source == "assumed"
    assert table_figures(unknown) == {}           # no figure in a unit we only guess


def test_unrecognised_tables_are_left_alone():
    report = report_of("表  跟踪项目预算执行情况表\n单位：万元\n" + table([
        ["序号", "项目名称", "年初预算", "调整后预算", "实际支出", "执行率"],
        ["1", "物业管理费", "80.52", "75.03", "75.03", "100.00%"]]))
    assert report.tables == [] and table_lines(report) == []


def test_three_public_figures():
    report = report_of("财政拨款“三公”经费支出决算表\n单位：万元\n" + table([
        ["财政拨款“三公”经费"],
        ["合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"],
        ["", "", "小计", "公务用车购置费", "公务用车运行维护费", ""],
        ["预算数", "决算数"] * 6,
        ["9.25", "0.70", "0.00", "0.00", "9.25", "0.70", "0.00", "0.00", "9.25", "0.70", "0.00", "0.00"]]))
    figs = {k: v.value for k, v in table_figures(report).items()}
    assert figs["three_public.total.budget"] == Decimal("9.25")
    assert figs["three_public.vehicle.actual"] == Decimal("0.70")
    assert figs["three_public.vehicle_operation.actual"] == Decimal("0.70")
    assert figs["three_public.reception.budget"] == Decimal("0.00")
    assert len(figs) == 12


def test_title_repeated_on_the_next_page_continues_the_table():
    rows1 = [["合计", "100.00", "60.00", "40.00"], ["201", "一般公共服务支出", "60.00", "60.00", ""],
             ["20101", "人大事务", "60.00", "60.00", ""]]
    rows2 = [["208", "社会保障和就业支出", "40.00", "", "40.00"], ["20805", "行政事业单位养老支出", "40.00", "", "40.00"]]
    text = ("支出决算表\n单位：万元\n" + table(EXP_HEAD + rows1) + "第 8 页\n支出决算表（续）\n单位：万元\n"
            + table(EXP_HEAD + rows2))
    report = report_of(text)
    [t] = report.tables
    assert [r.code for r in t.rows] == [None, "201", "20101", "208", "20805"]
    findings, _ = run_checks(report)
    assert not [f for f in findings if f.rule.startswith("JS-R2")]


def test_two_tables_of_one_kind_each_with_its_total_stay_apart():
    one = table(EXP_HEAD + [["合计", "60.00", "60.00", ""], ["201", "一般公共服务支出", "60.00", "60.00", ""]])
    two = table(EXP_HEAD + [["合计", "40.00", "", "40.00"], ["208", "社会保障和就业支出", "40.00", "", "40.00"]])
    report = report_of("支出决算表\n单位：万元\n" + one + "支出决算表\n单位：万元\n" + two)
    assert [len(t.rows) for t in report.tables] == [2, 2]
    findings, _ = run_checks(report)
    assert not [f for f in findings if f.rule in ("JS-R210", "JS-R211")]


def test_pdf_tables_read_the_same_from_docx_and_txt(shanghai, tmp_path):
    """The PDF's text (the tab-cell convention) as a .txt and as real Word tables."""
    path = build_docx_from_txt(shanghai.document.text, tmp_path / "shanghai.docx")

    def shape(report):
        return [(t.kind, t.unit, [c.concepts for c in t.columns], t.empty_note is not None,
                 [(r.pane, r.code, r.name, r.level, [v and v.value for v in r.values]) for r in t.rows])
                for t in report.tables]

    def figures(report):
        return sorted((f.key, f.amount.value) for f in report.figures_list if f.source == "table")

    for other in (build_report(read(str(path))), report_of(shanghai.document.text)):
        assert shape(other) == shape(shanghai)
        assert figures(other) == figures(shanghai)


def test_summary_with_row_number_columns_and_a_counter_row():
    """A 总表 with 行次 columns and a 栏次 row (Beijing's layout), in 元 with grouping."""
    text = "部门收支决算总表\n金额单位：元\n" + table([
        ["收入", "支出"],
        ["项目", "行次", "金额", "项目", "行次", "金额"],
        ["栏次", "", "1", "栏次", "", "2"],
        ["一、一般公共预算财政拨款收入", "1", "1,000.00", "一、一般公共服务支出", "32", "900.00"],
        ["二、政府性基金预算财政拨款收入", "2", "", "二、外交支出", "33", ""],
        ["三、事业收入", "3", "200.00", "三、教育支出", "34", "200.00"],
        ["", "4", "", "四、社会保障和就业支出", "35", "100.00"],
        ["本年收入合计", "30", "1,200.00", "本年支出合计", "60", "1,200.00"],
        ["使用非财政拨款结余", "31", "", "结余分配", "61", ""],
        ["年初结转和结余", "32", "50.00", "年末结转和结余", "62", "50.00"],
        ["总计", "33", "1,250.00", "总计", "63", "1,260.00"]])
    report = report_of(text)
    [t] = report.tables
    assert (t.kind, t.unit, t.panes) == ("summary", "元", 2)
    assert [r.code for r in t.rows if r.pane == 1 and r.level == "类"] == ["201", "202", "205", "208"]
    figs = {k: v.value for k, v in table_figures(report).items()}
    assert figs["income.business"] == Decimal("200.00") and figs["income.carryover_begin"] == Decimal("50.00")
    # the two 总计 differ: the 收支总计 is the one its parts confirm (1,200.00 + 50.00 = 1,250.00)
    assert figs["totals.grand"] == Decimal("1250.00")
    findings, _ = run_checks(report)
    got = sorted((f.rule, f.expected) for f in findings if f.rule.startswith("JS-R2"))
    # 支出总计 ≠ 本年支出合计 + 年末结转和结余, and ≠ 收入总计
    assert got == [("JS-R212", "1,250.00元"), ("JS-R212", "1,260.00元")]
