"""Scanned PDFs: table pages of the real fixture scanned (rendered to images and
saved as an image-only PDF) read back by OCR give the table lines of the text
layer; without the OCR extra a scan is refused with a message naming it; a
finding resting on a digit read with low confidence is only a warning.

The OCR tests need the extra (``pip install 'juesuan[ocr]'``, about 140 MB
with onnxruntime and OpenCV, so not in the test extra): without it they skip.
``benchmarks/ocr.py`` runs the whole document.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from scans import make_scan

from juesuan.document import Document, Span
from juesuan.model import Finding
from juesuan.pipeline import SCAN_CAUTION, analyze, caution_on_scans
from juesuan.readers import ocr

PDF = Path(__file__).parent / "fixtures" / "shanghai-putuo-shgzb-2024.pdf"
TABLE_PAGES = [5, 6]                      # 0-based: 收入决算表 (two pages)
DENSE_PAGE = 12                           # 0-based: 一般公共预算财政拨款基本支出决算表, 65 lines on one page
needs_ocr = pytest.mark.skipif(not ocr.available(), reason=f"OCR extra not installed ({ocr.INSTALL})")


def table_lines(result, pages: list[int] | None = None) -> set:
    """(table, code, name, amounts) of the table lines, those on ``pages`` (1-based) if given."""
    doc = result.report.document
    return {(ln.table, ln.code, ln.name, *(str(a.value) if a else None for a in (ln.actual, ln.basic, ln.project)))
            for ln in result.report.lines
            if not ln.table.startswith(("narrative", "overview")) and (pages is None or doc.page_of(ln.span.start) in pages)}


@pytest.fixture(scope="module")
def text_layer():
    return analyze(str(PDF))


@needs_ocr
@pytest.mark.parametrize("dpi,angle,pages", [(150, 0.0, TABLE_PAGES), (300, 0.0, [DENSE_PAGE]),
                                             (200, 0.7, [DENSE_PAGE])])
def test_a_scan_gives_the_table_lines_of_the_text_layer(tmp_path, text_layer, dpi, angle, pages):
    scan = tmp_path / "scan.pdf"
    make_scan(PDF.read_bytes(), scan, dpi, angle, pages)
    result = analyze(str(scan))
    want = table_lines(text_layer, [p + 1 for p in pages])
    got = table_lines(result)
    assert len(want) >= 15
    assert len(want & got) >= 0.95 * len(want), sorted(want - got)


@needs_ocr
def test_a_scanned_page_inside_a_text_pdf_is_recognised(tmp_path, text_layer):
    page = DENSE_PAGE
    scan = tmp_path / "page.pdf"
    make_scan(PDF.read_bytes(), scan, 150, 0.0, [page])
    mixed = pdfium.PdfDocument(PDF.read_bytes())
    mixed.del_page(page)
    mixed.import_pages(pdfium.PdfDocument(scan.read_bytes()), index=page)
    out = io.BytesIO()
    mixed.save(out)
    path = tmp_path / "mixed.pdf"
    path.write_bytes(out.getvalue())
    result = analyze(str(path))
    assert len(result.report.document.page_starts) == 24
    want = table_lines(text_layer, [page + 1])
    assert len(want & table_lines(result, [page + 1])) >= 0.95 * len(want)
    assert {(f.rule, f.severity) for f in result.findings if f.severity == "error"} == \
        {(f.rule, f.severity) for f in text_layer.findings if f.severity == "error"}


def test_without_the_extra_a_scan_names_it(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    scan = tmp_path / "scan.pdf"
    make_scan(PDF.read_bytes(), scan, 72, 0.0, TABLE_PAGES)
    result = analyze(str(scan))
    assert result.error and "扫描件" in result.error and ocr.INSTALL in result.error


def test_a_finding_on_a_doubtful_digit_is_a_warning_to_check_the_scan():
    text = "一、收入支出决算总体情况说明\n收入总计307.82万元，支出总计301.82万元。\n"
    start = text.index("301.82")
    doc = Document(path="scan.pdf", text=text, uncertain=[Span(start, start + 6)])
    on_digit = Finding("JS-R101", "error", "收支总计不平衡", "……", Span(start - 4, start + 8))
    elsewhere = Finding("JS-R701", "error", "标题", "……", Span(0, 5))
    by_arithmetic = Finding("JS-R102", "error", "合计", "……", Span(0, 5), arithmetic="301.82 + 6.00 = 307.82")
    out = caution_on_scans([on_digit, elsewhere, by_arithmetic], doc)
    assert [f.severity for f in out] == ["warning", "error", "warning"]
    assert out[0].message.endswith(SCAN_CAUTION) and "请核对扫描件" in SCAN_CAUTION
    assert caution_on_scans([on_digit], Document(path="t.pdf", text=text)) == [on_digit]


@pytest.mark.parametrize("read,meant", [("年初预算为〇万元", "年初预算为0万元"), ("3O7.82万元", "307.82万元"),
                                        ("增长100.0O%", "增长100.00%"), ("二〇二四年", "二〇二四年"),
                                        ("Office 2024", "Office 2024")])
def test_zero_as_ocr_misreads_it_in_a_figure(read, meant):
    assert ocr._zeros(read) == meant


def test_rules_are_thin_long_runs_of_ink_not_shaded_cells_or_text():
    np = pytest.importorskip("numpy")
    ink = np.zeros((60, 200), dtype=bool)
    ink[10, 5:195] = True                     # a ruling line
    ink[20:50, 20:180] = True                 # a shaded cell
    ink[55, 5:30] = True                      # a stroke of a character
    rows = {row for row, _, _ in ocr._runs(ink, 100, 3)}
    assert 10 in rows and 55 not in rows
    assert not rows & set(range(23, 47))      # inside the shaded cell: only its edges remain


def test_the_slant_of_a_page_comes_from_boxes_on_one_line():
    import math

    slope = math.tan(math.radians(0.7))

    def box(x: float, y: float) -> ocr.Box:               # a short box, read upright although the page slants
        y -= x * slope                                     # the right end higher: counter-clockwise
        return ocr.Box("264.87", 0.99, [(x, y), (x + 60, y), (x + 60, y + 30), (x, y + 30)])

    rows = [[box(x, 400 + 48 * r) for x in (150, 600, 900, 1200, 1500)] for r in range(10)]
    assert abs(ocr._skew([b for row in rows for b in row]) - 0.7) < 0.05
    assert ocr._skew([box(150, 400)]) == 0.0
