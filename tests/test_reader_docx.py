"""The docx reader gives the same text form and tables as the txt reader.

The .docx fixtures are built here from the seeds' txt form with python-docx
(tests/docx_builder.py), so the two readers can be compared on the same content.
"""

from __future__ import annotations

import io
import os
import zipfile

import docx
import pytest
from docx.oxml import OxmlElement

from docx_builder import build_docx_from_txt
from juesuan.readers import ReadError, read
from juesuan.readers.docx import read_docx
from juesuan.readers.txt import read_txt

SEED_002 = "002_0a43d6d05142bb72.txt"


def rows_of(doc):
    return [[[c.text for c in row] for row in table.rows] for table in doc.tables]


def prose_lines(doc):
    """Non-blank lines outside the table blocks, in order."""
    lines = []
    offset = 0
    for line in doc.text.split("\n"):
        inside = any(t.span.start <= offset < t.span.end for t in doc.tables)
        if line.strip() and not inside:
            lines.append(line.strip())
        offset += len(line) + 1
    return lines


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def read_built(document):
    return read_docx("built.docx", docx_bytes(document))


@pytest.fixture(scope="module")
def seed_docs(seeds_dir, tmp_path_factory):
    """For every seed: the txt reader's Document and the docx reader's of the built .docx."""
    seeds = sorted(seeds_dir.glob("*.txt"))
    assert seeds, f"no seeds in {seeds_dir}"
    out = tmp_path_factory.mktemp("docx")
    docs = {}
    for seed in seeds:
        txt_doc = read_txt(seed.name, seed.read_bytes())
        docs[seed.name] = txt_doc, read(str(build_docx_from_txt(txt_doc.text, out / f"{seed.stem}.docx")))
    return docs


@pytest.fixture
def seed_002(seed_docs):
    return seed_docs[SEED_002]


# -- same content, same shape -------------------------------------------------


def test_seed_002_tables_match_txt_reader(seed_002):
    txt_doc, docx_doc = seed_002
    assert docx_doc.source_format == "docx"
    assert len(docx_doc.tables) == 3
    assert rows_of(docx_doc) == rows_of(txt_doc)
    expenditure, tracking = docx_doc.tables[0], docx_doc.tables[1]
    assert [c.text for c in expenditure.rows[0]] == ["项目", "本年支出合计", "基本支出", "项目支出"]
    assert expenditure.width == 7
    assert [c.text for c in tracking.rows[0]][3:5] == ["年初 预算", "年中 追加"]


def test_every_seed_reads_the_same_from_docx(seed_docs):
    for name, (txt_doc, docx_doc) in seed_docs.items():
        assert rows_of(docx_doc) == rows_of(txt_doc), name
        assert prose_lines(docx_doc) == prose_lines(txt_doc), name


def test_paragraphs_keep_their_order(seed_002):
    _, doc = seed_002
    headings = ["一、部门机构设置、职责", "四、决算主要支出情况", "五、部门“三公”经费财政决算情况及增减变化",
                "十二、2019年重点项目绩效反馈", "（三）各项目绩效目标完成情况及原因分析", "五、附件"]
    positions = [doc.text.index(h) for h in headings]
    assert positions == sorted(positions)


@pytest.mark.parametrize("index, before, after", [
    (0, "四、决算主要支出情况", "五、部门“三公”经费财政决算情况及增减变化"),
    (1, "单位：万元（保留两位小数）", "（三）各项目绩效目标完成情况及原因分析"),
])
def test_table_stays_between_its_paragraphs(seed_002, index, before, after):
    _, doc = seed_002
    table = doc.tables[index]
    assert doc.text.index(before) < table.span.start
    assert table.rows[-1][-1].span.end < doc.text.index(after)


def test_cell_spans_point_at_their_text(seed_002):
    _, doc = seed_002
    for table in doc.tables:
        for row in table.rows:
            for cell in row:
                assert " ".join(doc.text[cell.span.start:cell.span.end].split()) == cell.text
    assert doc.text[doc.tables[0].rows[6][2].span.start:].startswith("69,335,999.46")


# -- Word structures ----------------------------------------------------------


def test_merged_cells_are_written_once():
    document = docx.Document()
    document.add_paragraph("表一")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "项目"
    table.cell(0, 2).merge(table.cell(1, 2)).text = "合计"
    for col, text in enumerate(["类", "款"]):
        table.cell(1, col).text = text
    for col, text in enumerate(["201", "一般公共服务支出", "69,335,999.46"]):
        table.cell(2, col).text = text
    document.add_paragraph("表后文字")

    doc = read_built(document)

    assert rows_of(doc) == [[["项目", "合计"], ["类", "款", ""], ["201", "一般公共服务支出", "69,335,999.46"]]]
    assert doc.text.startswith("表一\n\t项目\n\t合计\n\n")
    assert doc.text.endswith("表后文字\n")


def test_cell_paragraphs_are_continuation_lines():
    document = docx.Document()
    cell = document.add_table(rows=1, cols=2).cell(0, 0)
    cell.paragraphs[0].text = "年初"
    cell.add_paragraph("")                 # a blank line would end the row
    cell.add_paragraph("\t预算")           # a leading tab would start a new cell
    document.tables[0].cell(0, 1).text = "100.00"

    doc = read_built(document)

    assert doc.text == "\t年初\n预算\n\t100.00\n\n"
    assert rows_of(doc) == [[["年初 预算", "100.00"]]]


def test_paragraph_with_leading_tab_is_not_a_table():
    document = docx.Document()
    document.add_paragraph("\t缩进的段落")
    document.add_paragraph("第二段")
    doc = read_built(document)
    assert doc.text == "缩进的段落\n第二段\n"
    assert doc.tables == []


def test_content_controls_are_opened():
    document = docx.Document()
    paragraph = document.add_paragraph("控件里的文字")
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    paragraph._p.addprevious(sdt)
    sdt.append(content)
    content.append(paragraph._p)
    assert read_built(document).text == "控件里的文字\n"


# -- pages ----------------------------------------------------------------------


def add_rendered_break(paragraph, run_index=0):
    paragraph.runs[run_index]._r.insert(0, OxmlElement("w:lastRenderedPageBreak"))


def test_no_page_break_means_no_pages():
    document = docx.Document()
    document.add_paragraph("只有一页")
    doc = read_built(document)
    assert doc.page_starts == []
    assert doc.page_of(0) is None


def test_explicit_page_break_starts_a_page():
    document = docx.Document()
    document.add_paragraph("第一页")
    document.add_page_break()
    document.add_paragraph("第二页")
    doc = read_built(document)
    second = doc.text.index("第二页")
    assert doc.page_starts[0] == 0 and len(doc.page_starts) == 2
    assert doc.page_of(doc.text.index("第一页")) == 1
    assert doc.page_of(second) == 2


def test_break_recorded_twice_is_one_page():
    document = docx.Document()
    document.add_paragraph("第一页")
    document.add_page_break()
    add_rendered_break(document.add_paragraph("第二页"))
    doc = read_built(document)
    assert doc.page_starts == [0, doc.text.index("第二页")]


def test_break_inside_paragraph_and_table_row():
    document = docx.Document()
    paragraph = document.add_paragraph("第一页的话")
    paragraph.add_run("第二页的话")
    add_rendered_break(paragraph, run_index=1)
    table = document.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "项目", (0, 1): "金额", (1, 0): "合计", (1, 1): "100.00"}.items():
        table.cell(r, c).text = text
    add_rendered_break(table.cell(1, 1).paragraphs[0])

    doc = read_built(document)

    row_start = doc.tables[0].rows[1][0].span.start - 1      # the row's line, at its tab
    assert doc.page_starts == [0, doc.text.index("第二页的话"), row_start]
    assert doc.page_of(doc.tables[0].rows[0][1].span.start) == 2
    assert doc.page_of(doc.tables[0].rows[1][1].span.start) == 3


# -- bad input ------------------------------------------------------------------


def zip_of_text() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "这不是 Word 文档")
    return buffer.getvalue()


def damaged_xml() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(docx_bytes(docx.Document())))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in source.namelist():
            data = source.read(name)
            archive.writestr(name, data[:150] if name == "word/document.xml" else data)
    return buffer.getvalue()


def half_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("会被截断的文档")
    data = docx_bytes(document)
    return data[: len(data) // 2]


@pytest.mark.parametrize("make, words", [
    (zip_of_text, "不是 Word 文档"),
    (lambda: os.urandom(2000), "不是有效的 .docx"),
    (half_docx, "不是有效的 .docx"),
    (damaged_xml, "XML"),
    (lambda: b"\xd0\xcf\x11\xe0" + os.urandom(500), "加密"),
    (lambda: docx_bytes(docx.Document()), "没有文字"),
], ids=["zip-of-text", "random-bytes", "truncated", "damaged-xml", "encrypted-or-doc", "no-text"])
def test_bad_docx_raises_read_error(tmp_path, make, words):
    path = tmp_path / "bad.docx"
    path.write_bytes(make())
    with pytest.raises(ReadError) as caught:
        read(str(path))
    assert words in caught.value.reason
    assert "（" in caught.value.reason and caught.value.path == str(path)
