"""The PDF reader: page text, paragraphs and ruled tables from geometry.

The real Shanghai disclosure (24 pages, the nine tables typeset) is the main
fixture; small PDFs written here by hand (Helvetica text, stroked rules) pin
down the cases the fixture lacks: split classification codes, tables without
rules, rotated pages, encryption.
"""

from __future__ import annotations

import io
import random
import time
import zlib
from itertools import repeat

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from click.testing import CliRunner

from juesuan.cli import main
from juesuan.pipeline import analyze, analyze_disclosure
from juesuan.readers import ReadError, read, read_bytes
from juesuan.readers.pdf import (
    _char_loose_box,
    _char_text,
    _has_damaged_stream,
    _Records,
    read_pdf,
)
from juesuan.readers.txt import find_tables

SHANGHAI = "shanghai-putuo-shgzb-2024.pdf"


# ------------------------------------------------------------ helpers

def make_pdf(pages, trailer_extra: str = "", compress: bool = False) -> bytes:
    """A minimal PDF; ``pages`` holds (content stream, (width, height), rotate);
    ``compress``: content streams FlateDecode-compressed."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, (content, (width, height), rotate) in enumerate(pages):
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] /Rotate {rotate} "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode())
        stream = zlib.compress(content.encode()) if compress else content.encode()
        flate = b" /Filter /FlateDecode" if compress else b""
        objects.append(b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(stream), flate, stream))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R {trailer_extra} >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


def text(x: float, y: float, s: str, size: int = 10) -> str:
    return f"BT /F1 {size} Tf {x} {y} Td ({s}) Tj ET\n"


def grid(xs, ys) -> str:
    """Stroked rules of a full grid."""
    rules = [f"{xs[0]} {y} m {xs[-1]} {y} l S\n" for y in ys]
    rules += [f"{x} {ys[-1]} m {x} {ys[0]} l S\n" for x in xs]
    return "".join(rules)


def one_page(content: str) -> bytes:
    return make_pdf([(content, (595, 842), 0)])


def cells(table):
    return [[c.text for c in row] for row in table.rows]


def table_with(doc, label):
    return next(t for t in doc.tables if any(c.text == label for row in t.rows for c in row))


def row_with(table, label):
    return next([c.text for c in row] for row in table.rows if any(c.text == label for c in row))


# ------------------------------------------------------ the real disclosure

@pytest.fixture(scope="module")
def shanghai(fixtures_dir):
    path = fixtures_dir / SHANGHAI
    return read_pdf(str(path), path.read_bytes())


def test_pages_and_format(shanghai):
    assert shanghai.source_format == "pdf"
    assert len(shanghai.page_starts) == 24
    assert shanghai.page_starts[0] == 0
    assert shanghai.page_starts == sorted(shanghai.page_starts)


def test_read_dispatches_pdf_by_content(fixtures_dir):
    doc = read(str(fixtures_dir / SHANGHAI))
    assert doc.source_format == "pdf"


@pytest.mark.parametrize("phrase, page", [
    ("收入支出决算总表\n单位：万元", 5),
    ("收入决算表\n单位：万元", 6),
    ("一般公共预算财政拨款基本支出决算表\n单位：万元", 13),
    ("国有资本经营预算财政拨款收入支出决算表\n单位：万元", 16),
    ("一、收入支出决算总体情况说明\n中共上海市", 17),
    ("第四部分 名词解释\n一、财政拨款收入", 23),
])
def test_page_starts_place_phrases_on_their_page(shanghai, phrase, page):
    assert shanghai.page_of(shanghai.text.index(phrase)) == page


def test_table_of_contents_is_on_page_two(shanghai):
    assert shanghai.page_of(shanghai.text.index("收入支出决算总表")) == 2


def test_totals_table_has_labels_and_amounts_in_separate_cells(shanghai):
    table = table_with(shanghai, "本年收入合计")
    assert shanghai.page_of(table.span.start) == 5
    assert row_with(table, "本年收入合计") == ["本年收入合计", "307.82", "本年支出合计", "307.82"]
    assert row_with(table, "一、一般公共预算财政拨款收入") == [
        "一、一般公共预算财政拨款收入", "307.82", "一、一般公共服务支出", "264.87"]
    assert cells(table)[0] == ["收入", "支出"]            # a header merged across two columns
    assert all(len(row) == 4 for row in table.rows[1:])


def test_income_table_rows_follow_the_grid(shanghai):
    table = table_with(shanghai, "财政拨款收入")
    widths = [len(row) for row in table.rows]
    assert widths.count(9) == len(widths) - 2            # code, name and seven amounts
    assert row_with(table, "2013901") == ["2013901", "行政运行", "51.32", "51.32", "", "", "", "", ""]
    assert row_with(table, "合计")[:3] == ["合计", "307.82", "307.82"]   # spans code and name


def test_table_continued_on_next_page_is_one_table(shanghai):
    table = table_with(shanghai, "财政拨款收入")
    assert shanghai.page_of(table.span.start) == 6
    assert shanghai.page_of(table.span.end - 1) == 7
    assert row_with(table, "2210203") == ["2210203", "购房补贴", "11.72", "11.72", "", "", "", "", ""]


def test_text_wrapped_inside_a_cell_is_one_cell(shanghai):
    table = next(t for t in shanghai.tables if shanghai.page_of(t.span.start) == 12)
    assert row_with(table, "2080505") == ["2080505", "机关事业单位基本养老保险缴费支出", "6.18", "6.18", ""]
    assert cells(table)[1][0] == "功能分类科目编码"


def test_vertically_merged_cells_are_empty_below_their_first_row(shanghai):
    table = table_with(shanghai, "财政拨款“三公”经费")
    rows = cells(table)
    assert rows[1] == ["合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"]
    assert rows[2] == ["", "", "小计", "公务用车购置费", "公务用车运行维护费", ""]
    assert rows[3] == ["预算数", "决算数"] * 6


def test_nine_tables_and_the_unit_list(shanghai):
    assert len(shanghai.tables) == 10                    # nine (two span two pages) + 单位构成


def test_tables_are_the_txt_readers_tables_of_the_text(shanghai):
    assert find_tables(shanghai.text) == shanghai.tables
    for table in shanghai.tables:
        for row in table.rows:
            for cell in row:
                assert shanghai.text[cell.span.start:cell.span.end] == cell.text


def test_paragraph_is_one_line(shanghai):
    line = next(l for l in shanghai.text.split("\n") if "统筹指导人民信访工作" in l)
    assert line.startswith("中共上海市普陀区委社会工作部负责贯彻落实党中央有关方针政策")
    assert line.endswith("指导社会工作人才队伍建设等。")


def test_headings_stay_on_their_own_lines(shanghai):
    lines = shanghai.text.split("\n")
    assert "二、部门决算单位构成" in lines
    assert "（二）政府采购支出情况" in lines


def test_paragraph_running_over_a_page_break_is_one_line(shanghai):
    sentence = "一般公共预算财政拨款支出 307.82 万元，占本年支出合计的 100.00%。"
    at = shanghai.text.index(sentence)
    assert shanghai.page_of(at) == 17
    assert shanghai.page_of(at + len(sentence) - 1) == 18
    assert "\n" not in shanghai.text[at:at + len(sentence)]


def test_numbers_and_words_are_spaced_as_printed(shanghai):
    assert "本年收入合计 307.82 万元，其中：财政拨款收入 307.82 万元，占 100.00%。" in shanghai.text
    assert "第一部分 中共上海市普陀区委社会工作部概况" in shanghai.text


def test_tables_inside_a_form_xobject(fixtures_dir):
    source = pdfium.PdfDocument(str(fixtures_dir / SHANGHAI))
    target = pdfium.PdfDocument.new()
    form = source.page_as_xobject(4, target)
    page = target.new_page(595, 842)
    obj = form.as_pageobject()
    obj.transform(pdfium.PdfMatrix().scale(0.8, 0.8).translate(40, 40))
    page.insert_obj(obj)
    page.gen_content()
    buffer = io.BytesIO()
    target.save(buffer)
    doc = read_pdf("form.pdf", buffer.getvalue())
    assert row_with(table_with(doc, "本年收入合计"), "总计") == ["总计", "307.82", "总计", "307.82"]


# ----------------------------------------------------- hand-made layouts

def test_split_code_stays_in_its_cell():
    content = grid([50, 130, 250, 330, 410], [700, 680, 660, 630])
    content += text(55, 686, "Code") + text(135, 686, "Name") + text(255, 686, "Total") + text(335, 686, "Basic")
    content += text(55, 666, "201") + text(75, 666, "06") + text(90, 666, "01")      # printed apart
    content += text(135, 666, "General") + text(255, 666, "100.00") + text(335, 666, "60.00")
    content += text(55, 645, "201 06 99") + text(135, 645, "General public")
    content += text(135, 634, "services") + text(255, 640, "40.00")                    # wrapped cell
    doc = read_pdf("codes.pdf", one_page(content))
    assert cells(doc.tables[0]) == [
        ["Code", "Name", "Total", "Basic"],
        ["201 06 01", "General", "100.00", "60.00"],
        ["201 06 99", "General public services", "40.00", ""],
    ]


def test_a_white_background_behind_a_cell_is_no_rule():
    """Header words wrapped in a merged cell stay one cell although a white rectangle
    (filled, not stroked) lies behind each of their lines."""
    content = grid([50, 150, 250, 350], [700, 660, 640])
    content += "1 g 52 682 96 14 re f 52 666 96 14 re f 152 666 96 14 re f 0 g\n"    # white fills
    content += text(55, 685, "Overseas") + text(55, 669, "travel") + text(155, 669, "Reception")
    content += text(255, 669, "Total")
    content += text(55, 646, "100.00") + text(155, 646, "116.50") + text(255, 646, "216.50")
    doc = read_pdf("white.pdf", one_page(content))
    assert cells(doc.tables[0]) == [["Overseas travel", "Reception", "Total"], ["100.00", "116.50", "216.50"]]


def test_a_row_alone_in_its_grid_is_a_table():
    """The last row of a table, carried over to the next page in a grid of its own."""
    content = grid([50, 150, 250, 350], [700, 680]) + text(55, 686, "30312") + text(155, 686, "Rent subsidy")
    content += text(255, 686, "1,018.01") + text(50, 650, "The fund table follows.")
    doc = read_pdf("row.pdf", one_page(content))
    assert [cells(t) for t in doc.tables] == [[["30312", "Rent subsidy", "1,018.01"]]]


def paragraph_page(lines: list[str], top: float, number: str | None) -> str:
    """Justified lines from the left margin (the first indented) and a page number below."""
    content = "".join(text(50 + (20 if i == 0 else 0), top - 16 * i, line) for i, line in enumerate(lines))
    return content + (text(290, 60, number) if number else "")


def test_a_sentence_is_joined_across_the_page_number_below_it():
    full = "x" * 90
    first = paragraph_page(["The travel budget is 100 " + "x" * 64, full, full,
                            "x" * 84 + " equal to last"], 800, "28")
    second = paragraph_page(["years budget.", "Next paragraph " + "x" * 75, full], 800, "29")
    second = second.replace(text(50 + 20, 800, "years budget."), text(50, 800, "years budget."))
    data = make_pdf([(first, (595, 842), 0), (second, (595, 842), 0)])
    doc = read_pdf("pages.pdf", data)
    assert "equal to last years budget." in doc.text
    assert "\n28\n" not in doc.text
    assert doc.page_of(doc.text.index("years budget.")) == 2


def test_table_without_rules_is_aligned_into_columns():
    rows = [("Code", "Name", "Total", "Basic", "Project"),
            ("201", "General", "100.00", "60.00", "40.00"),
            ("20101", "Admin", "60.00", "60.00", ""),
            ("20102", "Other", "40.00", "", "40.00")]
    content = text(50, 800, "The table below lists the amounts.")
    for r, row in enumerate(rows):
        content += "".join(text(x, 770 - 16 * r, s) for x, s in zip((50, 110, 250, 330, 410), row) if s)
    content += text(50, 690, "Text after the table.")
    doc = read_pdf("plain.pdf", one_page(content))
    assert [cells(t) for t in doc.tables] == [[list(row) for row in rows]]
    assert doc.text.startswith("The table below lists the amounts.\n\tCode\n")
    assert doc.text.endswith("\n\nText after the table.\n")


def test_rotated_page_reads_as_displayed():
    content = text(100, 520, "Title of the table") + grid([100, 200, 300, 400], [500, 480, 460])
    content += text(105, 485, "Code") + text(205, 485, "Name") + text(305, 485, "Total")
    content += text(105, 465, "201") + text(205, 465, "General") + text(305, 465, "100.00")
    upright = read_pdf("upright.pdf", make_pdf([(content, (842, 595), 0)]))
    # the same page stored portrait, drawn sideways and turned by /Rotate 90
    turned = read_pdf("turned.pdf", make_pdf([(f"q 0 1 -1 0 595 0 cm\n{content}Q\n", (595, 842), 90)]))
    assert turned.text == upright.text
    assert cells(turned.tables[0]) == [["Code", "Name", "Total"], ["201", "General", "100.00"]]


# ---------------------------------------------------- what pdfium gives

def test_pdfium_generates_only_whitespace(fixtures_dir):
    """The reader skips whitespace and so pdfium's generated characters
    (inferred spaces and line breaks) without asking for each: check that
    this pdfium generates nothing else."""
    pdf = pdfium.PdfDocument(str(fixtures_dir / SHANGHAI))
    generated = set()
    for page in pdf:
        textpage = page.get_textpage()
        raw = textpage.raw
        generated |= {chr(pdfium_c.FPDFText_GetUnicode(raw, i)) for i in range(pdfium_c.FPDFText_CountChars(raw))
                      if pdfium_c.FPDFText_IsGenerated(raw, i)}
    assert generated and all(c.isspace() for c in generated)


def test_page_text_read_at_once_is_each_characters_code(fixtures_dir):
    pdf = pdfium.PdfDocument(str(fixtures_dir / SHANGHAI))
    for page in pdf:
        textpage = page.get_textpage()
        raw = textpage.raw
        count = pdfium_c.FPDFText_CountChars(raw)
        assert _char_text(raw, count) == "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i)) for i in range(count))



def test_boxes_written_a_chunk_at_a_time_are_those_written_at_once(fixtures_dir):
    """pdfium writes the boxes into one reused buffer, a chunk of records at a time."""
    class Small(_Records):
        CHUNK = 7

    pdf = pdfium.PdfDocument(str(fixtures_dir / SHANGHAI))
    textpage = pdf[0].get_textpage()
    n = pdfium_c.FPDFText_CountChars(textpage.raw)
    whole = _Records().written(_char_loose_box, n, [repeat(textpage.raw, n), range(n)], 1)
    chunked = Small().written(_char_loose_box, n, [repeat(textpage.raw, n), range(n)], 1)
    assert n > 3 * Small.CHUNK and whole.shape == (n, 4) and np.array_equal(whole, chunked)
    assert (whole[:, 2] >= whole[:, 0]).all() and whole.any()


# ---------------------------------------------------- hostile geometry

def ruled_page(n: int, step: float, text_in_cells: bool) -> bytes:
    """A page ruled by n horizontal and n vertical hairlines ``step`` pt
    apart under a line of text; with an x in the cells of the diagonal."""
    end, size = 20 + step * (n - 1), 40 + step * n
    content = "0.1 w\n" + "".join(f"20 {20 + step * i} m {end} {20 + step * i} l S\n" for i in range(n))
    content += "".join(f"{20 + step * i} 20 m {20 + step * i} {end} l S\n" for i in range(n))
    content += text(20, size - 12, "A page ruled by many hairlines, with this line of text above them.")
    if text_in_cells:
        content += "".join(text(21 + step * i, 21 + step * i, "x", 4) for i in range(n - 1))
    return make_pdf([(content, (size, size + 20), 0)])


def seconds_to_read(data: bytes) -> float:
    """CPU seconds of the fastest of three reads."""
    times = []
    for _ in range(3):
        start = time.process_time()
        read_pdf("ruled.pdf", data)
        times.append(time.process_time() - start)
    return min(times)


def test_many_hairlines_without_text_in_them_are_skipped_fast():
    """1,000 × 1,000 hairlines once took 69 s (every pair of rules, every
    rule for every cell); an empty grid is now decoration found in near-linear time."""
    page = ruled_page(1000, 4, text_in_cells=False)
    doc = read_pdf("ruled.pdf", page)
    assert doc.tables == [] and doc.text.startswith("A page ruled by many hairlines")
    small, large = seconds_to_read(ruled_page(100, 4, text_in_cells=False)), seconds_to_read(page)
    assert large < 1.0
    assert large < 20 * max(small, 0.005)


def test_a_large_grid_with_text_costs_its_cells_only():
    page = ruled_page(400, 6, text_in_cells=True)
    [table] = read_pdf("ruled.pdf", page).tables
    assert len(table.rows) == 399 and all(len(row) == 399 for row in table.rows)
    assert [row[-1 - r].text for r, row in enumerate(table.rows)][:3] == ["x", "x", "x"]
    assert seconds_to_read(page) < 5.0        # 160,000 cells; scanning every rule per cell took minutes


# ---------------------------------------------------------------- errors

def test_scanned_pdf_without_text_layer(fixtures_dir):
    source = pdfium.PdfDocument(str(fixtures_dir / SHANGHAI))
    scan = pdfium.PdfDocument.new()
    for i in range(3):
        width, height = source[i].get_size()
        image = pdfium.PdfImage.new(scan)
        image.set_bitmap(source[i].render(scale=0.3))
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        page = scan.new_page(width, height)
        page.insert_obj(image)
        page.gen_content()
    buffer = io.BytesIO()
    scan.save(buffer)
    with pytest.raises(ReadError, match="扫描"):
        read_pdf("scan.pdf", buffer.getvalue())


def test_random_bytes_named_pdf(tmp_path):
    path = tmp_path / "random.pdf"
    path.write_bytes(b"\x00" + random.Random(7).randbytes(4000))
    with pytest.raises(ReadError, match="不是有效的 PDF"):
        read(str(path))


def test_truncated_pdf(fixtures_dir):
    data = (fixtures_dir / SHANGHAI).read_bytes()
    with pytest.raises(ReadError, match="不完整"):
        read_bytes("cut.pdf", data[: len(data) // 2])


def test_pages_lost_to_a_damaged_font_are_reported(fixtures_dir, tmp_path):
    """200 random bytes in the middle of the file break an embedded font:
    pdfium drops the characters of pages 5–16 without an error."""
    data = bytearray((fixtures_dir / SHANGHAI).read_bytes())
    middle = len(data) // 2
    data[middle:middle + 200] = random.Random(0).randbytes(200)
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(bytes(data))
    assert read_pdf("damaged.pdf", bytes(data)).unread_pages == list(range(5, 17))
    assert analyze(str(damaged)).error.startswith("PDF 第 5–16 页的文字未能读出")
    result = CliRunner().invoke(main, ["check", str(damaged)])
    assert result.exit_code == 2
    assert "第 5–16 页" in result.stderr
    damaged_part, whole_part = analyze_disclosure([read(str(damaged)), read(str(fixtures_dir / SHANGHAI))])
    assert damaged_part.error.startswith("PDF 第 5–16 页") and whole_part.error is None


def test_undamaged_pdfs_have_no_unread_pages(shanghai):
    assert shanghai.unread_pages == []
    pages = [(text(50, 800, "Figures of the year, as printed on each page " + str(i)), (595, 842), 0) for i in range(3)]
    assert read_pdf("fine.pdf", make_pdf(pages, compress=True)).unread_pages == []


def test_page_with_a_corrupt_content_stream_is_unread():
    pages = [(text(50, 800, f"Page {i}: the income and expenditure of the year in detail"), (595, 842), 0)
             for i in range(1, 4)]
    data = bytearray(make_pdf(pages, compress=True))
    second = data.index(b"stream\n", data.index(b"stream\n") + 1) + len(b"stream\n")
    data[second + 2:second + 12] = bytes(10)            # the compressed text of page 2 garbled
    doc = read_pdf("garbled.pdf", bytes(data))
    assert doc.unread_pages == [2]
    assert "Page 1:" in doc.text and "Page 3:" in doc.text


def test_a_stream_without_its_checksum_is_not_damage():
    """Some writers leave out zlib's checksum; pdfium reads such streams."""
    content = zlib.compress(b"BT /F1 10 Tf 50 800 Td (Figures) Tj ET")
    stream = b"4 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream\nendobj\n"
    assert not _has_damaged_stream(stream % (len(content) - 4, content[:-4]))
    assert _has_damaged_stream(stream % (len(content), content[:-4] + b"\0\0\0\0"))


def test_empty_pdf_file():
    with pytest.raises(ReadError, match="为空"):
        read_bytes("empty.pdf", b"")


def test_encrypted_pdf_needing_a_password():
    encrypt = (f"/Encrypt << /Filter /Standard /V 1 /R 2 /O <{'11' * 32}> /U <{'22' * 32}> /P -4 >> "
               f"/ID [<{'33' * 16}> <{'33' * 16}>]")
    data = make_pdf([(text(50, 800, "secret figures " * 3), (595, 842), 0)], encrypt)
    with pytest.raises(ReadError, match="已加密"):
        read_pdf("locked.pdf", data)
