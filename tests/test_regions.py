"""Disclosures of other provinces and unit levels than the corpus's: each a small
self-written document in the layout of one regional template (titles, table
set, section headings and numbering as those templates have them; our own
numbers), checked for its kind, its metadata, its tables' kinds, its figures
and the absence of findings a correct document must not get.

Templates: the national 9-table 部门决算 (Beijing), Yunnan's 11 tables (收入支出决算表
without 总, 一般公共预算财政拨款收入支出决算表, a 项目支出 table, two “三公” tables; no
总体情况 parts), Sichuan's 13-table 单位决算 (明细表, 项目支出, two 国有资本经营 tables),
Shaanxi's 收入决算总表 / 支出决算总表 and “三公”经费及会议费、培训费 table, Chongqing's
决算公开说明 without 部门/单位, and a Guizhou-style 部门预算 whose tables carry no 预算
in their titles (部门收支总表, 一般公共预算“三公”经费支出表)."""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import zip_longest

import pytest

from juesuan.checks import run_checks
from juesuan.extract import build_report
from juesuan.extract.meta import find_kind, find_org
from juesuan.readers import read_bytes
from txt_tables import table

UNIT = "\n单位：万元\n"


def report_of(text: str):
    return build_report(read_bytes("disclosure.txt", text.encode("utf-8")))


def findings_of(report):
    return run_checks(report)[0]


def figure(report, key: str) -> str | None:
    """The first figure of ``key`` as printed: "590.00万元"."""
    found = next((f for f in report.figures_list if f.key == key), None)
    return f"{found.amount.value}{found.amount.unit}" if found else None


# ---- the nine tables, under any title -----------------------------------------

FUNCTIONS = [("201", "一般公共服务支出"), ("208", "社会保障和就业支出"), ("210", "卫生健康支出")]


EXPENDITURE_LINES = ["一、一般公共服务支出", "二、社会保障和就业支出", "三、卫生健康支出"]


def sided(title, incomes, expenditures, closing):
    """A 总表: income rows beside the expenditure 类 (label, amount), then the closing
    rows (本年…合计, 结转和结余, 总计)."""
    body = [[*inc, *exp] for inc, exp in zip_longest(incomes, zip(EXPENDITURE_LINES, expenditures), fillvalue=("", ""))]
    return title + UNIT + table([["收入", "支出"], ["项目", "决算数", "项目", "决算数"], *body, *closing])


def summary(title):
    return sided(title, [("一、一般公共预算财政拨款收入", "500.00"), ("二、事业收入", "100.00"), ("三、其他收入", "0.00")],
                 ["400.00", "120.00", "70.00"],
                 [["本年收入合计", "600.00", "本年支出合计", "590.00"], ["年初结转和结余", "20.00", "年末结转和结余", "30.00"],
                  ["总计", "620.00", "总计", "620.00"]])


def fiscal_summary(title):
    return sided(title, [("一、一般公共预算财政拨款", "500.00"), ("二、政府性基金预算财政拨款", "0.00")],
                 ["320.00", "120.00", "50.00"],
                 [["本年收入合计", "500.00", "本年支出合计", "490.00"],
                  ["年初财政拨款结转和结余", "0.00", "年末财政拨款结转和结余", "10.00"], ["总计", "500.00", "总计", "500.00"]])


def by_function(title, header, lines, totals):
    """A table of 类 lines: code, name, then the amounts of each line; the 合计 row last."""
    return title + UNIT + table([["科目编码", "科目名称", *header],
                                 *([code, name, *amounts] for (code, name), amounts in zip(FUNCTIONS, lines)),
                                 ["合计", "", *totals]])


def income(title):
    return by_function(title, ["本年收入合计", "财政拨款收入", "事业收入", "其他收入"],
                       [("410.00", "330.00", "80.00", "0.00"), ("120.00", "120.00", "0.00", "0.00"),
                        ("70.00", "50.00", "20.00", "0.00")], ("600.00", "500.00", "100.00", "0.00"))


def expenditure(title):
    return by_function(title, ["本年支出合计", "基本支出", "项目支出"],
                       [("400.00", "300.00", "100.00"), ("120.00", "120.00", "0.00"), ("70.00", "30.00", "40.00")],
                       ("590.00", "450.00", "140.00"))


def general(title):
    return by_function(title, ["本年支出合计", "基本支出", "项目支出"],
                       [("320.00", "240.00", "80.00"), ("120.00", "120.00", "0.00"), ("50.00", "30.00", "20.00")],
                       ("490.00", "390.00", "100.00"))


def basic(title):
    return title + UNIT + table([
        ["科目编码", "科目名称", "决算数"],
        ["301", "工资福利支出", "280.00"],
        ["302", "商品和服务支出", "60.00"],
        ["303", "对个人和家庭的补助", "50.00"],
        ["人员经费合计", "", "330.00"],
        ["公用经费合计", "", "60.00"],
    ])


def economic_detail(title):
    """A 明细表 or 项目支出表 by economic class (Sichuan, Yunnan): no rule reads it."""
    return title + UNIT + table([
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["301", "工资福利支出", "280.00", "280.00", "0.00"],
        ["302", "商品和服务支出", "150.00", "60.00", "90.00"],
        ["303", "对个人和家庭的补助", "50.00", "50.00", "0.00"],
        ["310", "资本性支出", "10.00", "0.00", "10.00"],
        ["合计", "", "490.00", "390.00", "100.00"],
    ])


def three_public(title):
    return title + UNIT + table([
        ["预算数", "决算数"],
        ["合计", "因公出国(境)费", "公务用车购置及运行维护费", "公务接待费",
         "合计", "因公出国(境)费", "公务用车购置及运行维护费", "公务接待费"],
        ["", "", "小计", "公务用车购置费", "公务用车运行维护费", "",
         "", "", "小计", "公务用车购置费", "公务用车运行维护费", ""],
        ["10.00", "0.00", "7.00", "0.00", "7.00", "3.00", "8.00", "0.00", "6.00", "0.00", "6.00", "2.00"],
    ])


def three_public_with_meetings(title, actual_total):
    """Shaanxi's “三公” table with 会议费 and 培训费 columns beside a bare 合计."""
    return title + UNIT + table([
        ["预算数", "决算数"],
        ["合计", "因公出国(境)费", "公务用车购置及运行维护费", "公务接待费", "会议费", "培训费",
         "合计", "因公出国(境)费", "公务用车购置及运行维护费", "公务接待费", "会议费", "培训费"],
        ["", "", "小计", "公务用车购置费", "公务用车运行维护费", "", "", "",
         "", "", "小计", "公务用车购置费", "公务用车运行维护费", "", "", ""],
        ["14.00", "0.00", "7.00", "0.00", "7.00", "3.00", "2.00", "2.00",
         actual_total, "0.00", "6.00", "0.00", "6.00", "2.00", "1.00", "2.00"],
    ])


def three_public_stats(title):
    """Yunnan's 财政拨款“三公”经费、行政参公单位机关运行经费情况表: a list of items."""
    return title + UNIT + table([
        ["项目", "预算数", "决算数"],
        ["一、“三公”经费支出", "10.00", "8.00"],
        ["二、机关运行经费", "", "60.00"],
    ])


def empty(title, what):
    return title + UNIT + table([
        ["科目编码", "科目名称", "本年收入", "本年支出", "年末结转和结余"],
        ["合计", "", "", "", ""],
    ]) + f"注：本单位2023年度无{what}财政拨款收入支出，故本表为空表。\n"


FUND, SOE = "政府性基金预算", "国有资本经营预算"

PART = {
    "overview": "2023年度收、支总计620.00万元。与2022年度相比，收、支总计各增加20.00万元，增长3.33%。主要原因是人员增加。",
    "income": "2023年度本年收入合计600.00万元，其中：财政拨款收入500.00万元，占83.33%；事业收入100.00万元，占16.67%；"
              "其他收入0.00万元，占0.00%。",
    "expenditure": "2023年度本年支出合计590.00万元，其中：基本支出450.00万元，占76.27%；项目支出140.00万元，占23.73%。",
    "fiscal": "2023年度财政拨款收、支总计500.00万元。与2022年度相比，财政拨款收、支总计各增加10.00万元，增长2.04%。",
    "general": "2023年度一般公共预算财政拨款支出490.00万元，占本年支出合计的83.05%。",
    "basic": "2023年度一般公共预算财政拨款基本支出390.00万元，其中：人员经费330.00万元，公用经费60.00万元。",
    "three_public": "2023年度“三公”经费财政拨款支出决算为8.00万元，完成预算的80.00%。其中：因公出国（境）费0.00万元；"
                    "公务用车购置及运行维护费6.00万元（公务用车购置费0.00万元，公务用车运行维护费6.00万元）；公务接待费2.00万元。",
    "fund": f"本单位2023年度无{FUND}财政拨款收入支出。",
    "soe": f"本单位2023年度无{SOE}财政拨款收入支出。",
    "operation_cost": "2023年度本单位机关运行经费支出60.00万元，比2022年度增加2.00万元，增长3.45%。",
    "procurement": "2023年度本单位政府采购支出总额0.00万元。",
    "assets": "截至2023年12月31日，本单位共有车辆2辆。",
    "glossary": "（一）财政拨款收入：指本级财政当年拨付的资金。",
}


def parts(*heads: tuple[str, str]) -> str:
    return "".join(f"{heading}\n{PART[key]}\n" for key, heading in heads)


OTHER_MATTERS = (("operation_cost", "（一）机关运行经费支出情况"), ("procurement", "（二）政府采购支出情况"),
                 ("assets", "（三）国有资产占用情况"))


# ---- the templates ---------------------------------------------------------------

def national() -> str:
    return ("2023年度北京市西城区人民政府测试街道办事处部门决算\n第一部分 2023年度部门决算报表\n"
            + summary("一、收入支出决算总表") + income("二、收入决算表") + expenditure("三、支出决算表")
            + fiscal_summary("四、财政拨款收入支出决算总表") + general("五、一般公共预算财政拨款支出决算表")
            + basic("六、一般公共预算财政拨款基本支出决算表") + three_public("七、财政拨款“三公”经费支出决算表")
            + empty("八、政府性基金预算财政拨款收入支出决算表", FUND) + empty("九、国有资本经营预算财政拨款支出决算表", SOE)
            + "第二部分 2023年度部门决算说明\n"
            + parts(("overview", "一、收入支出决算总体情况说明"), ("income", "二、收入决算情况说明"),
                    ("expenditure", "三、支出决算情况说明"), ("fiscal", "四、财政拨款收入支出决算总体情况说明"),
                    ("general", "五、一般公共预算财政拨款支出决算情况说明"),
                    ("basic", "六、一般公共预算财政拨款基本支出决算情况说明"),
                    ("three_public", "七、财政拨款“三公”经费支出决算情况说明"), ("operation_cost", "八、机关运行经费支出情况说明"),
                    ("procurement", "九、政府采购支出情况说明"), ("assets", "十、国有资产占用情况说明"),
                    ("glossary", "第三部分 名词解释")))


def yunnan() -> str:
    return ("楚雄彝族自治州测试局2023年度部门决算\n第一部分 部门概况\n一、主要职能\n负责全州测试工作。\n"
            "二、部门基本情况\n本部门无下属单位。\n第二部分 2023年度部门决算表\n"
            + summary("一、收入支出决算表") + income("二、收入决算表") + expenditure("三、支出决算表")
            + fiscal_summary("四、财政拨款收入支出决算表") + general("五、一般公共预算财政拨款收入支出决算表")
            + basic("六、一般公共预算财政拨款基本支出决算表") + economic_detail("七、一般公共预算财政拨款项目支出决算表")
            + empty("八、政府性基金预算财政拨款收入支出决算表", FUND)
            + empty("九、国有资本经营预算财政拨款收入支出决算表", SOE)
            + three_public_stats("十、财政拨款“三公”经费、行政参公单位机关运行经费情况表")
            + three_public("十一、一般公共预算财政拨款“三公”经费情况表")
            + "第三部分 2023年度部门决算情况说明\n"
            + parts(("income", "一、收入决算情况说明"), ("expenditure", "二、支出决算情况说明"),
                    ("general", "三、一般公共预算财政拨款支出决算情况说明"),
                    ("three_public", "四、财政拨款“三公”经费支出决算情况说明"))
            + "第四部分 其他重要事项及相关口径情况说明\n"
            + parts(("operation_cost", "一、机关运行经费支出情况"), ("assets", "二、国有资产占用情况"),
                    ("procurement", "三、政府采购支出情况"), ("glossary", "第五部分 名词解释")))


def sichuan() -> str:
    return ("2023年度泸州市测试医院单位决算\n目录\n第一部分 单位概况\n一、主要职责\n负责医疗服务。\n二、机构设置\n内设科室五个。\n"
            "第二部分 2023年度单位决算情况说明\n"
            + parts(("overview", "一、收入支出决算总体情况说明"), ("income", "二、收入决算情况说明"),
                    ("expenditure", "三、支出决算情况说明"), ("fiscal", "四、财政拨款收入支出决算总体情况说明"),
                    ("general", "五、一般公共预算财政拨款支出决算情况说明"),
                    ("basic", "六、一般公共预算财政拨款基本支出决算情况说明"),
                    ("three_public", "七、财政拨款“三公”经费支出决算情况说明"),
                    ("fund", "八、政府性基金预算支出决算情况说明"), ("soe", "九、国有资本经营预算支出决算情况说明"))
            + "十、其他重要事项的情况说明\n" + parts(*OTHER_MATTERS, ("glossary", "第三部分 名词解释"))
            + "第四部分 附表\n"
            + summary("一、收入支出决算总表") + income("二、收入决算表") + expenditure("三、支出决算表")
            + fiscal_summary("四、财政拨款收入支出决算总表") + economic_detail("五、财政拨款支出决算明细表")
            + general("六、一般公共预算财政拨款支出决算表") + economic_detail("七、一般公共预算财政拨款支出决算明细表")
            + basic("八、一般公共预算财政拨款基本支出决算明细表")
            + economic_detail("九、一般公共预算财政拨款项目支出决算表")
            + empty("十、政府性基金预算财政拨款收入支出决算表", FUND)
            + empty("十一、国有资本经营预算财政拨款收入支出决算表", SOE)
            + empty("十二、国有资本经营预算财政拨款支出决算表", SOE)
            + three_public("十三、财政拨款“三公”经费支出决算表"))


def shaanxi(actual_total="11.00") -> str:
    return ("柞水县测试局2023年部门决算\n第一部分 部门概况\n一、部门主要职责及内设机构\n负责测试。\n"
            "第二部分 2023年部门决算表\n"
            + summary("一、收入支出决算总表") + income("二、收入决算总表") + expenditure("三、支出决算总表")
            + fiscal_summary("四、财政拨款收入支出决算总表") + general("五、一般公共预算财政拨款支出决算表")
            + basic("六、一般公共预算财政拨款基本支出决算表")
            + three_public_with_meetings("七、一般公共预算财政拨款“三公”经费及会议费、培训费支出决算表", actual_total)
            + empty("八、政府性基金预算财政拨款收入支出决算表", FUND) + empty("九、国有资本经营预算财政拨款支出决算表", SOE)
            + "第三部分 2023年部门决算情况说明\n一、收入支出决算总体情况说明\n"
            + "".join(PART[k] + "\n" for k in ("overview", "income", "expenditure"))
            + "二、2023年度财政拨款收入支出总体情况说明\n" + PART["fiscal"] + "\n" + PART["general"] + "\n"
            + "三、2023年度“三公”经费、培训费及会议费支出情况说明\n" + PART["three_public"] + "会议费1.00万元，培训费2.00万元。\n"
            + "四、其他重要事项的情况说明\n" + parts(*OTHER_MATTERS, ("glossary", "第四部分 专业名词解释")))


def chongqing() -> str:
    return ("重庆市綦江区测试事务中心（本级）2023年度决算公开说明\n一、单位基本情况\n（一）职能职责\n负责测试。\n"
            "（二）机构设置\n内设科室三个。\n二、单位决算情况说明\n"
            + parts(("overview", "（一）收入支出决算总体情况说明。"), ("income", "（二）收入决算情况说明。"),
                    ("expenditure", "（三）支出决算情况说明。"), ("fiscal", "（四）财政拨款收入支出决算总体情况说明。"),
                    ("general", "（五）一般公共预算财政拨款支出决算情况说明。"),
                    ("basic", "（六）一般公共预算财政拨款基本支出决算情况说明。"),
                    ("three_public", "（七）“三公”经费支出决算情况说明。"),
                    ("operation_cost", "（八）机关运行经费支出情况说明。"), ("procurement", "（九）政府采购支出情况说明。"),
                    ("assets", "（十）国有资产占用情况说明。"), ("glossary", "三、专业名词解释")))


GUIZHOU = "德江县测试中心"


def guizhou_budget() -> str:
    def titled(n, name):
        return f"{n}、{GUIZHOU}2025年{name}"
    return (
        f"{GUIZHOU}2025年部门预算及“三公”经费公开信息\n目录\n第一部分：部门概况\n一、部门主要职能\n负责测试。\n"
        "第二部分：部门预算公开报表\n"
        + titled("一", "部门收支总表") + UNIT + table([
            ["收入", "支出"],
            ["项目", "预算数", "项目", "预算数"],
            ["一、一般公共预算拨款收入", "300.00", "一、一般公共服务支出", "200.00"],
            ["二、政府性基金预算拨款收入", "0.00", "二、卫生健康支出", "100.00"],
            ["本年收入合计", "300.00", "本年支出合计", "300.00"],
            ["上年结转结余", "0.00", "年终结转结余", "0.00"],
            ["收入总计", "300.00", "支出总计", "300.00"]])
        + titled("二", "部门收入总表") + UNIT + table([
            ["科目编码", "科目名称", "合计", "一般公共预算拨款收入"],
            ["201", "一般公共服务支出", "200.00", "200.00"],
            ["210", "卫生健康支出", "100.00", "100.00"],
            ["合计", "", "300.00", "300.00"]])
        + titled("三", "部门支出总表") + UNIT + table([
            ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
            ["201", "一般公共服务支出", "200.00", "150.00", "50.00"],
            ["210", "卫生健康支出", "100.00", "100.00", "0.00"],
            ["合计", "", "300.00", "250.00", "50.00"]])
        + titled("四", "财政拨款收支总表") + UNIT + table([
            ["收入", "支出"],
            ["项目", "预算数", "项目", "预算数"],
            ["一、一般公共预算拨款收入", "300.00", "一、一般公共服务支出", "200.00"],
            ["", "", "二、卫生健康支出", "100.00"],
            ["收入总计", "300.00", "支出总计", "300.00"]])
        + titled("五", "一般公共预算支出表") + UNIT + table([
            ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
            ["201", "一般公共服务支出", "200.00", "150.00", "50.00"],
            ["210", "卫生健康支出", "100.00", "100.00", "0.00"],
            ["合计", "", "300.00", "250.00", "50.00"]])
        + titled("六", "一般公共预算基本支出明细表（按经济分类）") + UNIT + table([
            ["科目编码", "科目名称", "合计", "人员经费", "公用经费"],
            ["301", "工资福利支出", "200.00", "200.00", ""],
            ["302", "商品和服务支出", "50.00", "", "50.00"],
            ["合计", "", "250.00", "200.00", "50.00"]])
        + titled("七", "一般公共预算“三公”经费支出表") + UNIT + table([
            ["合计", "因公出国（境）费", "公务接待费", "公务用车购置及运行费"],
            ["", "", "", "小计", "公务用车购置费", "公务用车运行费"],
            ["12.00", "0.00", "2.00", "10.00", "0.00", "10.00"]])
        + titled("八", "政府性基金预算支出表") + UNIT + table([
            ["科目编码", "科目名称", "合计"], ["合计", "", ""]])
        + "注：本部门2025年无政府性基金预算支出，故本表为空表。\n"
        + titled("九", "国有资本经营预算预算支出表") + UNIT + table([
            ["科目编码", "科目名称", "合计"], ["合计", "", ""]])
        + "注：本部门2025年无国有资本经营预算支出，故本表为空表。\n"
        + titled("十", "一般公共预算项目支出表") + UNIT + table([
            ["项目名称", "金额"], ["测试保障经费", "50.00"], ["合计", "50.00"]])
        + "第三部分：部门预算安排说明\n一、部门收支总体情况说明\n2025年收入预算合计300.00万元，支出预算合计300.00万元。\n"
        "二、财政拨款收支总体情况说明\n2025年财政拨款收入预算300.00万元，全部为一般公共预算拨款收入。\n"
        "三、基本支出预算总体情况说明\n2025年基本支出预算250.00万元，其中：人员经费200.00万元，公用经费50.00万元。\n"
        "四、财政拨款“三公”经费支出情况说明\n2025年“三公”经费预算12.00万元，其中：因公出国（境）费0.00万元，"
        "公务接待费2.00万元，公务用车购置及运行费10.00万元。\n"
        "第四部分：其他重要事项说明\n一、机关（机构）运行经费说明\n2025年机关运行经费预算50.00万元。\n")


# ---- what each template must give ----------------------------------------------

NINE = ["summary", "income", "expenditure", "fiscal_summary", "general_expenditure", "general_basic",
        "three_public", "fund", "soe"]
TEMPLATES = {
    "national": (national, "北京市西城区人民政府测试街道办事处", NINE),
    "yunnan": (yunnan, "楚雄彝族自治州测试局",
               ["summary", "income", "expenditure", "fiscal_summary", "general_expenditure", "general_basic",
                "project", "fund", "soe", "three_public_stats", "three_public"]),
    "sichuan": (sichuan, "泸州市测试医院",
                ["summary", "income", "expenditure", "fiscal_summary", "detail", "general_expenditure", "detail",
                 "general_basic", "project", "fund", "soe", "soe", "three_public"]),
    "shaanxi": (shaanxi, "柞水县测试局", NINE[:6] + ["three_public", "fund", "soe"]),
}


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_a_regional_final_accounts_template_is_read_whole(name):
    build, unit, kinds = TEMPLATES[name]
    report = report_of(build())
    assert report.doc_type == "final_accounts"
    assert (report.meta.org, report.meta.year, report.meta.unit) == (unit, 2023, "万元")
    assert [t.kind for t in report.tables] == kinds
    assert figure(report, "expenditure.total") == "590.00万元"
    assert figure(report, "fiscal.general_expenditure") == "490.00万元"
    assert figure(report, "fiscal.basic") == "390.00万元"
    assert figure(report, "basic.personnel") == "280.00万元"
    assert figure(report, "three_public.total.actual") == "8.00万元"


@pytest.mark.parametrize("name", list(TEMPLATES) + ["chongqing"])
def test_a_correct_regional_document_gets_no_finding(name):
    build = TEMPLATES[name][0] if name in TEMPLATES else chongqing
    assert [(f.rule, f.message) for f in findings_of(report_of(build()))] == []


def test_a_unit_level_disclosure_is_a_final_accounts_one():
    report = report_of(sichuan())
    assert report.doc_type == "final_accounts"
    assert report.tables[8].kind == "project"       # 项目支出决算表 is no 支出决算表


def test_a_title_without_department_word_and_a_self_level_mark():
    report = report_of(chongqing())
    assert report.doc_type == "final_accounts"
    assert (report.meta.org, report.meta.year) == ("重庆市綦江区测试事务中心", 2023)
    topics = [s.topic for s in report.sections if s.marker.startswith("（")]
    assert topics[2:12] == ["overview", "income", "expenditure", "fiscal", "general", "basic", "three_public",
                            "operation_cost", "procurement", "assets"]


def test_the_three_public_table_with_meetings_and_trainings():
    """Its 合计 may total the “三公” columns alone or with 会议费 and 培训费: either is
    no error, and neither is the 三公 total's figure."""
    for actual_total in ("11.00", "8.00"):
        report = report_of(shaanxi(actual_total))
        assert report.tables[6].kind == "three_public"
        assert findings_of(report) == []
        assert figure(report, "three_public.reception.actual") == "2.00万元"
        table_total = [f for f in report.figures_list if f.key == "three_public.total.actual" and f.source == "table"]
        assert table_total == []


def test_a_budget_whose_tables_carry_no_budget_word():
    report = report_of(guizhou_budget())
    assert report.doc_type == "budget"
    assert (report.meta.org, report.meta.year, report.meta.unit) == (GUIZHOU, 2025, "万元")
    assert [t.kind for t in report.tables] == ["summary", "income", "expenditure", "fiscal_summary",
                                               "general_expenditure", "general_basic", "three_public", "fund",
                                               "soe", "project"]
    assert figure(report, "three_public.total.budget") == "12.00万元"
    assert figure(report, "basic.personnel") == "200.00万元"
    assert figure(report, "operation_cost") == "50.00万元"
    assert [(f.rule, f.message) for f in findings_of(report)] == []


# ---- the unit's name and the kind from the title ---------------------------------

def name_of(text: str) -> str | None:
    return find_org(read_bytes("t.txt", text.encode("utf-8")))[0]


@pytest.mark.parametrize("title, name", [
    ("2023年度泸州市测试医院单位决算\n", "泸州市测试医院"),
    ("2021年湛江市测试服务中心部门决算\n", "湛江市测试服务中心"),
    ("柞水县测试局2020年部门决算\n", "柞水县测试局"),
    ("测试日报报业集团（本级）\n2024年度部门决算\n", "测试日报报业集团"),
    ("西双版纳傣族自治州测试局2024年度\n部门决算\n", "西双版纳傣族自治州测试局"),
    ("中共上海市普陀区委\n测试工作部 2024 年度\n部门决算\n", "中共上海市普陀区委测试工作部"),
    ("宿州市测试管理局\n2019年部门预算\n", "宿州市测试管理局"),
    ("测试县测试局关于2023年度部门决算的说明\n", "测试县测试局"),
], ids=["year first", "年 not 年度", "county unit", "本级", "two lines", "three lines", "budget", "关于"])
def test_the_unit_is_named_by_the_title(title, name):
    body = (f"一、主要职责\n根据四川省卫生健康委员会和四川省财政厅的通知，{name}负责测试工作。"
            f"四川省卫生健康委员会指导本单位。\n二、{name}机构设置\n")
    assert name_of(title + body) == name


def test_a_line_joined_to_the_title_adds_no_word_to_the_name():
    text = "欢迎访问\n泸州市测试医院\n2023年度单位决算\n一、泸州市测试医院主要职责\n"
    assert name_of(text) == "泸州市测试医院"


def test_a_longer_full_name_containing_the_titles_is_kept():
    text = "江苏省委测试厅2018年度部门预算公开\n中共江苏省委测试厅主要职能……中共江苏省委测试厅负责……\n"
    assert name_of(text) == "中共江苏省委测试厅"


def kind_of(text: str) -> str:
    return find_kind(read_bytes("t.txt", text.encode("utf-8")))


def test_a_budget_comparing_with_last_years_accounts_stays_a_budget():
    text = ("宿州市测试管理局2024年部门预算\n一、收支预算总体情况\n2024年收入预算100.00万元，"
            "比2023年支出决算数增加5.00万元；支出决算口径与上年一致，支出预算100.00万元。\n")
    assert kind_of(text) == "budget"


def test_a_performance_report_on_a_budget_is_still_a_performance_report():
    text = "测试局2023年度部门预算绩效自评报告\n一、部门整体绩效自评情况\n绩效评价结论：良好。\n"
    assert kind_of(text) == "performance_report"


def test_hubei_headings_and_suffixed_table_titles():
    """Hubei: 总体及增减变动情况, a 财政拨款支出决算情况 part, a colon after 第四部分,
    tables titled “…（公开01表）” in 元."""
    text = ("黄石港区测试局2023年部门决算公开\n第二部分：2023年部门决算情况说明\n"
            "一、2023 年度收入支出决算总体及增减变动情况\n2023年度收、支总计6,200,000.00元。\n"
            "二、2023 年度财政拨款支出决算情况\n2023年度一般公共预算财政拨款支出4,900,000.00元。\n"
            "第四部分：名词解释\n财政拨款收入：指本级财政当年拨付的资金。\n"
            "收入支出决算总表（公开01表）\n单位：元\n" + table([
                ["收入", "支出"],
                ["项目", "决算数", "项目", "决算数"],
                ["一、一般公共预算财政拨款收入", "5,000,000.00", "一、一般公共服务支出", "5,900,000.00"],
                ["二、事业收入", "1,000,000.00", "", ""],
                ["本年收入合计", "6,000,000.00", "本年支出合计", "5,900,000.00"],
                ["年初结转和结余", "200,000.00", "年末结转和结余", "300,000.00"],
                ["总计", "6,200,000.00", "总计", "6,200,000.00"]]))
    report = report_of(text)
    assert (report.doc_type, report.meta.org, report.meta.unit) == ("final_accounts", "黄石港区测试局", "元")
    assert [s.topic for s in report.sections] == [None, "overview", "general", "glossary"]
    assert [t.kind for t in report.tables] == ["summary"]
    assert figure(report, "expenditure.total") == "5900000.00元"
    assert [f for f in findings_of(report) if f.severity == "error"] == []


def test_a_table_caption_with_a_note_names_no_part():
    report = report_of(guizhou_budget())
    caption = next(s for s in report.sections if "按经济分类" in s.title or s.title.endswith("基本支出明细"))
    assert caption.topic is None


def tianjin() -> str:
    return ("天津市测试区测试局2023年度部门决算\n第一部分 概 况\n一、主要职责\n负责测试。\n第二部分 2023年度部门决算表\n"
            + summary("一、收入支出决算总表") + income("二、收入决算表(按功能分类列示)")
            + "三、收入决算表(按单位列示)" + UNIT + table([
                ["单位名称", "本年收入合计", "财政拨款收入", "事业收入", "其他收入"],
                ["天津市测试区测试局（本级）", "600.00", "500.00", "100.00", "0.00"],
                ["合计", "600.00", "500.00", "100.00", "0.00"]])
            + expenditure("四、支出决算表") + fiscal_summary("五、财政拨款收入支出决算总表")
            + general("六、一般公共预算财政拨款支出决算表") + basic("七、一般公共预算财政拨款基本支出决算表")
            + empty("八、政府性基金预算财政拨款收入支出决算表", FUND)
            + empty("九、国有资本经营预算财政拨款收入支出决算表", SOE)
            + three_public("十、财政拨款“三公”经费支出决算表") + economic_detail("十一、项目支出决算表")
            + "十二、关于空表的说明\n本单位无政府性基金和国有资本经营预算财政拨款收支，故第八、九表为空表。\n"
            + "第三部分 2023年度部门决算情况说明\n"
            + parts(("overview", "一、收支决算总体情况说明"), ("income", "二、收入决算情况说明"),
                    ("expenditure", "三、支出决算情况说明"), ("fiscal", "四、财政拨款收支决算总体情况说明"),
                    ("general", "五、一般公共预算财政拨款支出决算情况说明"),
                    ("basic", "六、一般公共预算财政拨款基本支出决算情况说明"),
                    ("fund", "七、政府性基金预算财政拨款收支决算情况说明"),
                    ("soe", "八、国有资本经营预算财政拨款收支决算情况说明"),
                    ("three_public", "九、财政拨款“三公”经费支出决算情况说明"),
                    ("operation_cost", "十、机关运行经费支出情况说明"), ("procurement", "十一、政府采购支出情况说明"),
                    ("assets", "十二、国有资产占有使用情况说明"), ("glossary", "第四部分 名词解释")))


def test_tianjin_two_income_tables_and_a_section_on_empty_tables():
    """Tianjin: 收入决算表 by function and by unit, a 项目支出决算表, and a section
    “关于空表的说明” after the last table, which is no note of that table."""
    report = report_of(tianjin())
    assert [t.kind for t in report.tables] == ["summary", "income", "income", "expenditure", "fiscal_summary",
                                               "general_expenditure", "general_basic", "fund", "soe",
                                               "three_public", "project"]
    assert report.tables[-1].empty_note is None
    topics = [s.topic for s in report.sections if s.topic]
    assert topics[:4] == ["overview", "income", "expenditure", "fiscal"]
    assert [(f.rule, f.message) for f in findings_of(report)] == []


@pytest.mark.parametrize("title, kind", [
    ("一、部门收支总体情况表", "summary"), ("二、部门收入总体情况表", "income"), ("三、部门支出总体情况表", "expenditure"),
    ("四、财政拨款收支总体情况表", "fiscal_summary"), ("五、一般公共预算支出情况表", "general_expenditure"),
    ("六、一般公共预算基本支出情况表", "general_basic"), ("七、一般公共预算“三公”经费支出情况表", "three_public"),
    ("八、政府性基金预算支出情况表", "fund"), ("九、国有资本经营预算支出情况表", "soe"), ("十、项目支出表", "project"),
    ("五、项目收入支出决算表", "project"), ("八、一般公共预算财政拨款项目支出决算明细表", "project"),
    ("四、财政拨款收支预算表", "fiscal_summary"), ("七、财政拨款安排的基本支出预算表", "fiscal_basic"),
    ("表九：财政拨款安排的“三公”经费支出决算表", "three_public"),
])
def test_budget_tables_titled_as_situation_tables(title, kind):
    """Tianjin's budget tables (…情况表), Inner Mongolia's 项目 tables, Shandong's and
    Guangxi's titles."""
    from juesuan.extract.tables import lexicon
    assert lexicon().title_kind(title) == kind


@pytest.mark.parametrize("heading, topic", [
    ("一、关于收支总体情况表的说明", "overview"), ("二、关于收入总体情况表的说明", "income"),
    ("三、关于支出总体情况表的说明", "expenditure"), ("四、关于财政拨款收支总体情况表的说明", "fiscal"),
    ("五、关于一般公共预算支出情况的说明", "general"), ("一、收入支出总体情况", "overview"),
    ("五、一般公共预算支出决算情况说明", "general"), ("七、一般公共预算项目支出决算情况说明", "project_econ"),
])
def test_headings_of_tianjin_and_inner_mongolia(heading, topic):
    from juesuan.extract.outline import topic_of
    assert topic_of(heading.split("、", 1)[1]) == topic


def test_a_title_takes_the_first_topic_of_the_lexicon_it_names_wherever_the_words_stand():
    from juesuan.extract.lexicon import LEXICON
    order = [topic for topic, _ in LEXICON._topics]
    assert order.index("budget_execution") < order.index("three_public")
    assert LEXICON.topic_of("“三公”经费的预算执行情况") == "budget_execution"     # its words come later
    assert LEXICON.topic_of("三公经费支出") == "three_public"      # "三公经费" and "三公" stand at one place
    assert LEXICON.topic_of("其他说明") is None


def test_a_budget_of_tables_alone_is_a_budget_by_its_title():
    """Hebei publishes the tables under "2025年部门预算信息公开": too few budget words
    to count, but the title says which."""
    text = "2025年部门预算信息公开目录\n测试县测试镇财政所\n" + guizhou_budget().split("第二部分：部门预算公开报表\n")[1] \
        .split("第三部分")[0]
    assert kind_of(text) == "budget"


def test_yunnan_2019_prints_the_three_public_figures_in_its_statistics_table_alone():
    """Yunnan's 2019 template has no standard “三公” table: its 情况表 stands for it
    (JS-R903 does not call the nine tables incomplete)."""
    text = yunnan().replace(three_public("十一、一般公共预算财政拨款“三公”经费情况表"), "")
    report = report_of(text)
    assert "three_public" not in [t.kind for t in report.tables]
    assert [f.rule for f in findings_of(report)] == []


def test_an_article_on_the_central_budget_is_no_disclosure():
    assert kind_of("2024年中央预算公开情况\n财政部有关负责人介绍了今年的情况。\n") == "unknown"


def test_the_title_below_a_web_pages_header():
    """A disclosure saved from a web page: a dozen lines of the site's header first."""
    header = "".join(f"{line}\n\n" for line in ["欢迎来到测试医院", "24小时应诊电话：0830-0000000", "国家三级甲等医院",
                                                 "国家级胸痛中心", "住院医师规范化培训基地", "全科医师规范化培训基地",
                                                 "预约挂号电话：0830-0000001", "国家重点专科建设单位"])
    text = header + ("2023年度泸州市测试医院单位决算\n来源：泸州市测试医院 发布时间：2024-09-24\n目录\n"
                     "第一部分 单位概况\n一、主要职责\n泸州市测试医院负责医疗服务。\n")
    assert name_of(text) == "泸州市测试医院"


@pytest.mark.parametrize("line", ["部门：泸州市测试医院 金额单位：万元", "编制单位：泸州市测试医院  单位：万元",
                                  "预算主管部门：泸州市测试医院", "收支预算总表部门：泸州市测试医院 单位：万元"])
def test_a_tables_file_names_its_unit_on_a_labelled_line(line):
    text = f"收入支出决算总表\n{line}\n" + summary("") + f"财政拨款收入支出决算总表\n{line}\n"
    assert name_of(text) == "泸州市测试医院"


# ---- years in Chinese numerals, a unit line above the title, 千元 ---------------------

@pytest.mark.parametrize("title, year", [("二〇二三年度北京市西城区人民政府测试街道办事处部门决算", 2023),
                                         ("北京市西城区人民政府测试街道办事处二〇二四年部门决算", 2024),
                                         ("北京市西城区人民政府测试街道办事处二○二四年度部门决算", 2024)])
def test_a_title_writes_its_year_in_chinese_numerals(title, year):
    """The title's year counts over the body's (which names last year's as often)."""
    text = national().replace("2023年度北京市西城区人民政府测试街道办事处部门决算", title, 1)
    report = report_of(text)
    assert report.doc_type == "final_accounts"
    assert (report.meta.org, report.meta.year) == ("北京市西城区人民政府测试街道办事处", year)
    assert report.meta.year_span is not None


def test_a_unit_line_above_the_tables_title():
    text = national().replace("一、收入支出决算总表" + UNIT, UNIT.lstrip("\n") + "一、收入支出决算总表\n")
    report = report_of(text)
    summary_table = report.tables[0]
    assert (summary_table.kind, summary_table.title, summary_table.unit, summary_table.unit_source) == \
        ("summary", "一、收入支出决算总表", "万元", "stated")
    assert [t.kind for t in report.tables] == NINE
    assert [(f.rule, f.message) for f in findings_of(report)] == []


def in_thousands(text: str) -> str:
    """The tables in 千元: each cell's amount ten times, their unit lines 单位：千元."""
    text = re.sub(r"(?m)^\t(\d+\.\d\d)$", lambda m: f"\t{Decimal(m.group(1)) * 10:.2f}", text)
    return text.replace("单位：万元", "单位：千元")


def test_tables_in_thousands_beside_a_narrative_in_ten_thousands():
    report = report_of(in_thousands(national()))
    assert (report.meta.unit, report.meta.table_unit) == ("万元", "千元")
    assert [t.kind for t in report.tables] == NINE
    assert {(t.unit, t.unit_source) for t in report.tables} == {("千元", "stated")}
    assert report.tables[0].rows[0].values[0].yuan == Decimal(5000000)
    assert figure(report, "expenditure.total") == "590.00万元"
    assert [(f.rule, f.message) for f in findings_of(report)] == []


def test_a_document_in_thousands_throughout():
    text = re.sub(r"(\d+\.\d\d)万元", lambda m: f"{Decimal(m.group(1)) * 10:.2f}千元", in_thousands(national()))
    report = report_of(text)
    assert (report.meta.unit, report.meta.table_unit) == ("千元", "千元")
    assert figure(report, "expenditure.total") == "5900.00千元"
    assert figure(report, "three_public.total.actual") == "80.00千元"
    assert [(f.rule, f.message) for f in findings_of(report)] == []


def test_a_thousands_table_that_disagrees_with_the_narrative_is_compared_at_its_scale():
    """The same digits in 千元 are a tenth of the narrative's 万元: a true difference."""
    report = report_of(national().replace("单位：万元", "单位：千元", 1))
    messages = [f.message for f in findings_of(report) if f.rule == "JS-R501"]
    assert "“收、支总计”此处为620.00万元，表中为620.00千元，相差558.00万元。" in messages


def hebei_summary(title: str, income_grand: str = "620.00") -> str:
    """Hebei's 收支总表: a leading 序号 column numbering every row."""
    return title + UNIT + table([
        ["序号", "收入", "支出"], ["", "项目", "决算数", "项目", "决算数"],
        ["1", "一、一般公共预算财政拨款收入", "500.00", "一、一般公共服务支出", "400.00"],
        ["2", "二、事业收入", "100.00", "二、社会保障和就业支出", "120.00"],
        ["3", "三、其他收入", "0.00", "三、卫生健康支出", "70.00"],
        ["4", "本年收入合计", "600.00", "本年支出合计", "590.00"],
        ["5", "年初结转和结余", "20.00", "年末结转和结余", "30.00"],
        ["6", "总计", income_grand, "总计", "620.00"]])


def test_a_summary_table_with_a_serial_number_column():
    text = national().replace(summary("一、收入支出决算总表"), hebei_summary("一、收入支出决算总表"))
    report = report_of(text)
    assert [t.kind for t in report.tables] == NINE
    summary_table = report.tables[0]
    assert [r.name for r in summary_table.rows if r.pane == 0] == \
        ["一、一般公共预算财政拨款收入", "二、事业收入", "三、其他收入", "本年收入合计", "年初结转和结余", "总计"]
    assert [r.level for r in summary_table.rows if r.name in ("本年收入合计", "本年支出合计", "总计")] == ["合计"] * 4
    assert figure(report, "income.total") == "600.00万元"
    assert figure(report, "totals.grand") == "620.00万元"
    assert [(f.rule, f.message) for f in findings_of(report)] == []
    wrong = report_of(national().replace(summary("一、收入支出决算总表"), hebei_summary("一、收入支出决算总表", "630.00")))
    assert {f.rule for f in findings_of(wrong)} == {"JS-R212"}
