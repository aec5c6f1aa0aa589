"""Report.once and Document.once: what several rules ask of a report is computed once, and
again when the figures it rests on have grown; what grouping and extraction both ask of a
document (its unit, year, kind) is computed once."""

from decimal import Decimal

from juesuan.document import Document, Span
from juesuan.model import Amount, Figure, Report


def _figure(at: int) -> Figure:
    amount = Amount(value=Decimal("1.00"), unit="万元", decimals=2, span=Span(at, at + 4), text="1.00")
    return Figure(key=None, label="支出", amount=amount, source="narrative", topic=None, clause=Span(at - 2, at + 6))


def test_an_answer_is_kept_until_the_figures_grow():
    report = Report(document=Document(path="a.txt", text="支出1.00万元。支出1.00万元。"))
    report.figures_list.append(_figure(2))
    calls = []

    def count(r: Report) -> list[int]:
        calls.append(1)
        return [f.amount.span.start for f in r.figures_list]

    assert report.once(count) == [2] and report.once(count) == [2] and len(calls) == 1
    report.figures_list.append(_figure(11))
    assert report.once(count) == [2, 11] and len(calls) == 2


def test_the_unit_year_and_kind_of_a_document_are_found_once():
    from juesuan.extract import meta

    doc = Document(path="a.txt", text="北京市西城区人民政府展览路街道办事处2023年度部门决算\n部门决算公开说明\n")
    calls = []

    def year(d: Document):
        calls.append(1)
        return meta._year(d)

    assert doc.once(year) == doc.once(year) == (2023, Span(18, 22)) and len(calls) == 1
    assert meta.find_org(doc) is meta.find_org(doc) and meta.find_kind(doc) == "final_accounts"
