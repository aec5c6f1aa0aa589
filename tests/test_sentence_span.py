"""A finding recomputing a sentence quotes every number of it its arithmetic rests on
(checks/sentence_span.py): a damaged base or part is inside the place shown."""

from __future__ import annotations

from juesuan.checks import REGISTRY
from juesuan.checks.base import run_rules
from juesuan.checks.sentence_span import with_same_sentence
from juesuan.document import Span
from juesuan.extract import build_report
from juesuan.readers import read_bytes


def _findings(text: str, rule_id: str):
    doc = read_bytes("case.txt", text.encode("utf-8"))
    findings, _ = run_rules(build_report(doc), [r for r in REGISTRY if r.id == rule_id])
    return doc, findings


def test_only_numbers_of_the_same_sentence_are_covered():
    text = "上年为84.45万元，本年为110.23万元。另一句10.00万元，本句增加30.53%。"
    rate = Span(text.index("30.53%"), text.index("30.53%") + 6)
    base = Span(text.index("84.45"), text.index("84.45") + 7)
    near = Span(text.index("10.00"), text.index("10.00") + 7)
    assert with_same_sentence(text, rate, [base]) == rate              # another sentence
    assert with_same_sentence(text, rate, [near]) == Span(near.start, rate.end)


def test_growth_rate_quotes_the_base_the_sentence_states_before_the_current_amount():
    text = ("2024年部门预算\n"
            "1. “一般公共服务支出（类）宣传事务（款）一般行政管理事务（项）”110.23万元，主要用于宣传。"
            "2023年当年预算执行数为87.45万元，2024年预算安排110.23万元，比2023年预算执行数增加30.53%。\n")
    doc, findings = _findings(text, "JS-R402")
    assert [f.severity for f in findings] == ["error"]
    quote = doc.text[findings[0].span.start:findings[0].span.end]
    assert quote.startswith("87.45万元") and quote.endswith("30.53%")


def test_total_of_a_sentence_quotes_its_parts():
    text = ("2019年度部门决算\n二、收入支出决算总体情况说明\n"
            "2019年椿树街道预算内收入资金184129842.39元，上年结转128378.60元，收入总计184258110.99元。\n")
    doc, findings = _findings(text, "JS-R101")
    assert [f.expected for f in findings] == ["184258220.99元"]
    assert doc.text[findings[0].span.start:findings[0].span.end] == \
        "184129842.39元，上年结转128378.60元，收入总计184258110.99元"


def test_budget_claim_quotes_the_two_amounts_it_compares():
    text = ("2024年度部门决算\n（一）项目支出\n"
            "全年预算为10.68万元，支出决算为11.31万元。决算数小于全年预算数的主要原因是节约开支。\n")
    doc, findings = _findings(text, "JS-R404")
    assert len(findings) == 1
    quote = doc.text[findings[0].span.start:findings[0].span.end]
    assert quote.startswith("10.68万元") and quote.endswith("决算数小于全年预算数")
