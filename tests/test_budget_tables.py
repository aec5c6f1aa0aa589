"""部门预算 tables: recognised under their budget titles, each column in its phase
(this year's budget, last year's budget, last year's 执行数), budget lines and
figures, and the rules that read them (written here as small budget documents
in the txt form of the readers)."""

from __future__ import annotations

from juesuan.checks import run_checks
from juesuan.extract import build_report
from juesuan.readers import read_bytes
from txt_tables import table


NARRATIVE = """上海市普陀区长风新村街道办事处2024年部门预算
一、部门预算编制说明
2024年收入预算合计300.00万元，支出预算合计300.00万元。
"""
SUMMARY = "1．2024年部门财务收支预算总表\n编制部门：上海市普陀区长风新村街道办事处 单位：万元\n" + table([
    ["本年收入", "本年支出"],
    ["项目", "预算数", "项目", "预算数"],
    ["一、财政拨款收入", "300.00", "一、一般公共服务支出", "200.00"],
    ["1. 一般公共预算", "300.00", "二、卫生健康支出", "100.00"],
    ["收入总计", "300.00", "支出总计", "300.00"],
])
EXPENDITURE = "2．2024年部门支出预算总表\n单位：万元\n" + table([
    ["功能分类科目编码", "功能分类科目名称", "合计", "基本支出", "项目支出"],
    ["201", "一般公共服务支出", "200.00", "150.00", "50.00"],
    ["20101", "人大事务", "200.00", "150.00", "50.00"],
    ["210", "卫生健康支出", "100.00", "100.00", "0"],
    ["合计", "", "300.00", "250.00", "50.00"],
])
GENERAL = "3．2024年部门一般公共预算支出功能分类预算表\n单位：万元\n" + table([
    ["科目编码", "科目名称", "2023年预算数", "2024年预算数"],
    ["201", "一般公共服务支出", "180.00", "200.00"],
    ["210", "卫生健康支出", "90.00", "100.00"],
    ["合计", "", "270.00", "300.00"],
])
THREE_PUBLIC = "4．2024年部门“三公”经费和机关运行经费预算表\n单位：万元\n" + table([
    ["2024年“三公”经费预算数", "2024年机关运行经费预算数"],
    ["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", ""],
    ["", "", "", "小计", "购置费", "运行费", ""],
    ["20.00", "0", "2.00", "18.00", "0", "18.00", "80.00"],
])
EMPTY_NOTE = "注：本部门2024年无“三公”经费预算，故本表为空表。\n"
DOCUMENT = NARRATIVE + SUMMARY + "\n" + EXPENDITURE + "\n" + GENERAL + "\n" + THREE_PUBLIC


def report_of(text: str):
    return build_report(read_bytes("budget.txt", text.encode("utf-8")))


def test_budget_tables_are_recognised_in_the_budget_phase():
    report = report_of(DOCUMENT)
    assert report.doc_type == "budget"
    assert [t.kind for t in report.tables] == ["summary", "expenditure", "general_expenditure", "three_public"]
    assert {t.phase for t in report.tables} == {"budget"}
    general = report.tables[2]
    assert [c.phase for c in general.columns] == ["prior_budget", "budget"]


def test_budget_figures_are_this_years_budget():
    figures = dict(report_of(DOCUMENT).figures())
    assert figures["meta.year"] == 2024
    assert figures["totals.grand"] == "3000000.00"
    assert figures["income.fiscal_general"] == "3000000.00"
    assert figures["expenditure.basic"] == "2500000.00"
    assert figures["fiscal.general_expenditure"] == "3000000.00"     # not last year's 270.00
    assert figures["three_public.total.budget"] == "200000.00"
    assert figures["operation_cost"] == "800000.00"
    assert "three_public.total.actual" not in figures


def test_budget_lines_carry_budget_and_last_years_budget():
    report = report_of(DOCUMENT)
    lines = {(ln.table, ln.code): ln for ln in report.lines if ln.table != "narrative"}
    exp = lines[("expenditure", "201")]
    assert exp.actual is None and str(exp.budget.value) == "200.00" and str(exp.basic.value) == "150.00"
    gen = lines[("general_expenditure", "210")]
    assert str(gen.budget.value) == "100.00" and str(gen.prior_budget.value) == "90.00"


def test_table_rules_run_on_budget_tables():
    broken = EXPENDITURE.replace("\t150.00\n\t50.00\n\n\t20101", "\t150.00\n\t60.00\n\n\t20101")
    findings, _ = run_checks(report_of(NARRATIVE + broken))
    assert any(f.rule == "JS-R210" and f.expected == "210.00万元" for f in findings)
    clean, _ = run_checks(report_of(DOCUMENT))
    assert not [f for f in clean if f.severity == "error"]


def test_empty_table_note_under_a_filled_table_is_an_error():
    findings, _ = run_checks(report_of(DOCUMENT + EMPTY_NOTE))
    found = [f for f in findings if f.rule == "JS-R214"]
    assert len(found) == 1 and found[0].severity == "error" and "80.00万元" in found[0].message


def test_a_total_row_left_after_the_table_is_its_total():
    """A PDF reader may leave a table's last row (alone on the next page) as a text line."""
    head, _, _ = EXPENDITURE.rpartition("\t合计")
    text = NARRATIVE + head + "\n第3页\n合计 300.00 250.00 50.00\n"
    figures = dict(report_of(text).figures())
    assert figures["expenditure.total"] == "3000000.00"
    assert figures["expenditure.project"] == "500000.00"



BASIC_WITH_HEADER_AS_LINES = "财政拨款基本支出预算表\n部门：江苏省长风研究院 单位：万元\n科目\n科目名称 金额\n编码\n合计 300.00\n"


def _basic_rows(personnel: str) -> str:
    return table([["301", "工资福利支出", personnel], ["30101", "基本工资", "200.00"],
                  ["302", "商品和服务支出", "100.00"], ["30201", "办公费", "100.00"]])


def test_a_header_left_as_text_lines_is_the_tables_header():
    """A PDF may print a table's header (and its 合计 row) as plain lines above its grid."""
    report = report_of(NARRATIVE + BASIC_WITH_HEADER_AS_LINES + _basic_rows("200.00"))
    t = next(t for t in report.tables if t.kind == "fiscal_basic")
    assert t.unit_source == "stated" and [c.label for c in t.columns] == ["金额"]
    assert [(r.level, r.name) for r in t.rows][:2] == [("合计", "合计"), ("类", "工资福利支出")]
    assert not [f for f in run_checks(report)[0] if f.rule == "JS-R211"]
    broken = report_of(NARRATIVE + BASIC_WITH_HEADER_AS_LINES + _basic_rows("230.00"))
    assert [(f.rule, f.expected) for f in run_checks(broken)[0] if f.rule in ("JS-R201", "JS-R211")] == [
        ("JS-R211", "330.00万元"), ("JS-R201", "200.00万元")]


def test_lines_of_prose_above_a_headerless_grid_are_no_header():
    text = NARRATIVE + "财政拨款基本支出预算表\n单位：万元\n以下为本年基本支出明细\n" + _basic_rows("200.00")
    t = next(t for t in report_of(text).tables if t.kind == "fiscal_basic")
    assert not t.rows

BUDGET_TITLE = "江苏省长风研究院2024年度部门预算公开\n一、部门预算说明\n2024年收支预算总计300.00万元。\n"
THREE_SIDES = "一、收支预算总表\n部门：江苏省长风研究院 单位：万元\n" + table([
    ["收入", "支出"],
    ["项目名称", "金额", "功能分类", "支出用途"],
    ["", "", "功能科目名称", "金额", "项目名称", "金额"],
    ["一、财政拨款", "300.00", "一、一般公共服务支出", "200.00", "一、基本支出", "250.00"],
    ["1.一般公共预算", "300.00", "二、卫生健康支出", "100.00", "二、项目支出", "50.00"],
    ["当年收入小计", "300.00", "当年支出小计", "300.00"],
    ["上年结转资金", "", "结转下年资金", ""],
    ["收入合计", "300.00", "支出合计", "300.00"],
])


def test_a_summary_of_three_sides():
    """收入 | 支出 by function | 支出 by use: each side read, the totals across both."""
    report = report_of(BUDGET_TITLE + THREE_SIDES)
    figures = dict(report.figures())
    assert figures["income.fiscal_general"] == "3000000.00"
    assert figures["income.total"] == "3000000.00"
    assert figures["expenditure.total"] == "3000000.00"
    assert figures["expenditure.basic"] == "2500000.00"
    assert figures["totals.grand"] == "3000000.00"
    broken = THREE_SIDES.replace("\t二、卫生健康支出\n\t100.00", "\t二、卫生健康支出\n\t110.00")
    findings, _ = run_checks(report_of(BUDGET_TITLE + broken))
    assert any(f.rule == "JS-R212" and f.expected == "310.00万元" for f in findings)


def test_an_empty_item_of_a_summary_side_is_zero():
    """A 总表 item printing nothing where other rows of its side print amounts is 0: the
    narrative's "财政专户管理资金 3万元" contradicts it; an empty 其中 row says nothing."""
    sides = THREE_SIDES.replace("\t当年收入小计\n", "\t二、财政专户管理资金\n" + "\t\n" * 5 + "\n\t当年收入小计\n")
    assert dict(report_of(BUDGET_TITLE + sides).figures())["income.special_account"] == "0.00"
    said = BUDGET_TITLE + "二、收入预算情况\n2．财政专户管理资金收入预算总计3万元。\n"
    findings, _ = run_checks(report_of(said + sides))
    assert [f.expected for f in findings if f.rule == "JS-R501"] == ["0万元"]
    findings, _ = run_checks(report_of(said.replace("3万元", "0万元") + sides))
    assert not [f for f in findings if f.rule == "JS-R501"]
    fiscal = THREE_SIDES.replace("\t1.一般公共预算\n\t300.00", "\t其中：一般公共预算\n\t")
    assert "income.fiscal_general" not in dict(report_of(BUDGET_TITLE + fiscal).figures())

def test_an_empty_fund_table_said_empty_is_none_of_the_fund():
    """An empty 政府性基金 table with its 空表说明 is 0 of that fund; without one it says nothing."""
    fund = "九、政府性基金预算支出表\n单位：万元\n" + table([["科目编码", "科目名称", "金额"], ["合计", "", ""]])
    note = "注：本部门无政府性基金预算，故本表为空表。\n"
    said = BUDGET_TITLE + "七、政府性基金预算支出情况\n本部门2024年政府性基金支出预算支出3万元。\n"
    assert dict(report_of(BUDGET_TITLE + fund + note).figures())["fiscal.fund_expenditure"] == "0.00"
    findings, _ = run_checks(report_of(said + fund + note))
    assert [f.expected for f in findings if f.rule == "JS-R501"] == ["0万元"]
    assert "fiscal.fund_expenditure" not in dict(report_of(BUDGET_TITLE + fund).figures())

def test_a_padded_grid_gives_its_figures_but_no_sums():
    """A PDF grid that pads merged cells with empty ones (and wraps an amount onto the
    next row): read again without the empty cells; its figures are taken, its sums
    are not checked (rows may be lost)."""
    padded = "五、一般公共预算支出预算表\n" + table([
        ["", "部门：", "", "江苏省长风研究院", "", "单位：万元", ""],
        ["", "功能科目代码", "", "", "功能科目名称", "", "", "金额", ""],
        ["", "合 计", "", "", "300.00", ""],
        ["201", "一般公共服务支出", "", "", ""],
        ["", "", "", "200.00", ""],
        ["210", "卫生健康支出", "", "90.00", ""],
    ])
    report = report_of(BUDGET_TITLE + padded)
    t = report.tables[0]
    assert t.kind == "general_expenditure" and not t.complete and t.unit == "万元"
    assert [r.code for r in t.rows if r.code] == ["201", "210"]
    assert dict(report.figures())["fiscal.general_expenditure"] == "3000000.00"
    findings, _ = run_checks(report)
    assert not [f for f in findings if f.rule.startswith("JS-R2")]


def test_a_grid_padded_with_empty_edge_columns_is_read_whole():
    """Columns empty in every row (a grid's padded edges) are dropped, nothing else: the
    table is complete and its sums are checked."""
    def padded(total: str) -> str:
        return "五、一般公共预算支出预算表\n单位：万元\n" + table([
            ["", "功能科目代码", "功能科目名称", "金额", ""],
            ["", "合计", "", total, ""],
            ["", "201", "一般公共服务支出", "200.00", ""],
            ["", "210", "卫生健康支出", "100.00", ""],
        ])
    report = report_of(BUDGET_TITLE + padded("300.00"))
    t = report.tables[0]
    assert t.kind == "general_expenditure" and t.complete and [c.label for c in t.columns] == ["金额"]
    assert not [f for f in run_checks(report)[0] if f.rule == "JS-R211"]
    broken = report_of(BUDGET_TITLE + padded("330.00"))
    assert [f.expected for f in run_checks(broken)[0] if f.rule == "JS-R211"] == ["300.00万元"]

def test_income_table_grand_total():
    """A 收入预算总表's 收入总计 is the 收支总计; it is 本年收入 only without 上年结转."""
    def income(carried: str) -> str:
        return "二、收入预算总表\n单位：万元\n" + table([
            ["项目名称", "金额"],
            ["收入总计", "320.00"],
            ["一般公共预算资金", "300.00"],
            ["上年结转资金", carried],
        ])
    with_carry = dict(report_of(BUDGET_TITLE + income("20.00")).figures())
    assert with_carry["totals.grand"] == "3200000.00" and "income.total" not in with_carry
    without = dict(report_of(BUDGET_TITLE + income("").replace("320.00", "300.00")).figures())
    assert without["totals.grand"] == without["income.total"] == "3000000.00"


def test_one_grid_holding_several_tables_is_cut_at_their_titles():
    """A PDF whose tables the reader joined into one grid: each inner title row starts
    a table (and its 单位 in the same cell is the table's unit)."""
    grid = table([
        ["支出预算总表部门：江苏省长风研究院 单位：万元"],
        ["合计", "基本支出", "项目支出"],
        ["300.00", "250.00", "50.00"],
        ["一般公共预算支出预算表部门：江苏省长风研究院 单位：万元"],
        ["功能科目代码", "功能科目名称", "金额"],
        ["", "合计", "300.00"],
        ["201", "一般公共服务支出", "300.00"],
    ])
    report = report_of(BUDGET_TITLE + grid)
    assert [(t.kind, t.unit) for t in report.tables] == [("expenditure", "万元"), ("general_expenditure", "万元")]
    figures = dict(report.figures())
    assert figures["expenditure.basic"] == "2500000.00"
    assert figures["fiscal.general_expenditure"] == "3000000.00"


def test_a_table_gridded_otherwise_on_the_next_page_goes_on():
    """After a page break the grid of the same table may have other (padded) widths;
    a block that starts with a code of the same classification continues it."""
    first = "九、一般公共预算基本支出预算表\n单位：万元\n" + table([
        ["", "科目编码", "", "科目名称", "", "金额", ""],
        ["", "合 计", "", "", "300.00", ""],
        ["301", "工资福利支出", "", "200.00", ""],
    ])
    second = table([
        ["303", "对个人和家庭的补助", "100.00"],
    ])
    report = report_of(BUDGET_TITLE + first + "14\n" + second)
    assert len(report.tables) == 1
    figures = dict(report.figures())
    assert figures["basic.personnel"] == "2000000.00" and figures["basic.individual"] == "1000000.00"


PROCUREMENT = "5．2024年政府采购预算表\n单位：万元\n" + table([
    ["采购品目大类", "专项名称", "经济科目", "采购物品名称", "采购组织形式", "总计"],
    ["合计", "", "", "", "", "80.00"],
    ["一、货物 A", "", "", "", "", "50.00"],
    ["", "办公设备更新费", "办公设备购置", "", "", "50.00"],
    ["", "", "", "台式计算机", "分散自行组织", "50.00"],
    ["三、服务 C", "", "", "", "", "30.00"],
    ["", "物业管理费", "物业管理费", "", "", "30.00"],
    ["", "", "", "物业管理服务", "政府集中采购", "30.00"],
])


def test_procurement_table_gives_its_total_and_categories():
    report = report_of(NARRATIVE + PROCUREMENT)
    table_ = next(t for t in report.tables if t.kind == "procurement")
    assert [c.label for c in table_.columns] == ["总计"]             # the five label columns are labels
    assert [r.label_column for r in table_.rows] == [0, 0, 2, 4, 0, 2, 4]
    figures = dict(report.figures())
    assert figures["procurement.total"] == "800000.00"
    assert figures["procurement.goods"] == "500000.00"
    assert figures["procurement.services"] == "300000.00"
    assert "procurement.works" not in figures
