"""Document.once: what grouping and extraction both ask of a document (its unit, year,
kind) is computed once."""

from juesuan.document import Document, Span
from juesuan.extract import meta


def test_the_unit_year_and_kind_of_a_document_are_found_once():
    doc = Document(path="a.txt", text="北京市西城区人民政府展览路街道办事处2023年度部门决算\n部门决算公开说明\n")
    calls = []

    def year(d: Document):
        calls.append(1)
        return meta._year(d)

    assert doc.once(year) == doc.once(year) == (2023, Span(18, 22)) and len(calls) == 1
    assert meta.find_org(doc) is meta.find_org(doc) and meta.find_kind(doc) == "final_accounts"
