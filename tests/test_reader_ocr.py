"""Scanned PDFs: the real fixture scanned (its pages rendered to images and saved
as an image-only PDF) at 150 dpi and at 300 dpi turned 0.7°, read back by OCR,
gives at least 95% of the figures of the text layer and the same error
findings; OCR reports each page as it goes, and ``-j 2`` gives what ``-j 1``
gives; an odd page image (blank, tiny, huge, corrupt) is read or listed as not
read, never a traceback; without the OCR extra a scan is refused with a
message naming it; a finding resting on a digit read with low confidence is
only a warning.

The scans hold only the pages that carry the text layer's error findings and
its figures (chosen from its own result, :func:`scans.pages_carrying`), and are
compared with the text layer of the same pages.  Each scan is recognised once
(session fixtures).  The OCR tests need rapidocr-onnxruntime (in the test
extra, and the ``ocr`` extra for users); without it they skip.
``benchmarks/ocr.py`` runs the whole document.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from scans import error_findings, figures, make_scan, only_pages, pages_carrying, same_figures, table_lines

from juesuan.cli import main
from juesuan.document import Document, Span
from juesuan.model import Finding
from juesuan.pipeline import SCAN_CAUTION, analyze, caution_on_scans
from juesuan.readers import ocr

PDF = Path(__file__).parent / "fixtures" / "shanghai-putuo-shgzb-2024.pdf"
SCANS = {"150dpi": (150, 0.0), "300dpi-turned": (300, 0.7)}
needs_ocr = pytest.mark.skipif(not ocr.available(), reason=f"OCR extra not installed ({ocr.INSTALL})")


@pytest.fixture(scope="session")
def text_layer():
    return analyze(str(PDF))


@pytest.fixture(scope="session")
def chosen_pages(text_layer) -> list[int]:
    return pages_carrying(text_layer)


@pytest.fixture(scope="session")
def reference(chosen_pages, tmp_path_factory):
    """The text layer of the chosen pages alone: what their scan should give."""
    path = tmp_path_factory.mktemp("text") / "pages.pdf"
    path.write_bytes(only_pages(PDF.read_bytes(), [p - 1 for p in chosen_pages]))
    return analyze(str(path))


@pytest.fixture(scope="session", params=list(SCANS))
def scanned(request, chosen_pages, tmp_path_factory):
    """(result, progress calls) of the chosen pages scanned and read back."""
    dpi, angle = SCANS[request.param]
    path = tmp_path_factory.mktemp("scan") / f"scan-{request.param}.pdf"
    make_scan(PDF.read_bytes(), path, dpi, angle, [p - 1 for p in chosen_pages])
    calls = []
    with ocr.page_progress(lambda *call: calls.append(call)):
        result = analyze(str(path))
    return result, calls


def test_the_pages_chosen_carry_the_figures_and_the_errors(text_layer, chosen_pages, reference):
    assert len(chosen_pages) < len(text_layer.report.document.page_starts) / 2
    assert error_findings(reference) == error_findings(text_layer) != set()
    assert same_figures(figures(text_layer), figures(reference)) >= 0.9 * len(figures(text_layer))


@needs_ocr
def test_a_scan_gives_the_figures_of_the_text_layer(scanned, reference):
    result, _ = scanned
    want = figures(reference)
    got = figures(result)
    assert len(want) >= 20
    assert same_figures(want, got) >= 0.95 * len(want), {k: (v, got.get(k)) for k, v in want.items() if got.get(k) != v}


@needs_ocr
def test_a_scan_gives_the_error_findings_of_the_text_layer(scanned, reference):
    result, _ = scanned
    assert error_findings(result) == error_findings(reference)


@needs_ocr
def test_a_scan_gives_the_table_lines_of_the_text_layer(scanned, reference):
    result, _ = scanned
    want = table_lines(reference)
    assert len(want) >= 50
    assert len(want & table_lines(result)) >= 0.95 * len(want), sorted(want - table_lines(result))


@needs_ocr
def test_ocr_reports_each_page_as_it_is_read(scanned, chosen_pages):
    result, calls = scanned
    n = len(chosen_pages)
    assert [(done, total) for _, done, total in calls] == [(i, n) for i in range(n + 1)]
    assert {path for path, _, _ in calls} == {result.path}


@needs_ocr
def test_a_scanned_page_inside_a_text_pdf_is_recognised(tmp_path, text_layer):
    """The page of the text layer's first error finding, scanned in place: the finding stands on it."""
    page = min(text_layer.report.document.page_of(f.span.start) for f in text_layer.findings
               if f.severity == "error") - 1
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
    assert len(result.report.document.page_starts) == len(text_layer.report.document.page_starts)
    assert error_findings(result) == error_findings(text_layer)
    doc = result.report.document
    assert any(doc.page_of(f.span.start) == page + 1 for f in result.findings if f.severity == "error")


@needs_ocr
def test_two_jobs_read_two_scans_as_one_job_does(tmp_path, text_layer):
    pages = sorted({text_layer.report.document.page_of(f.span.start) - 1 for f in text_layer.findings
                    if f.severity == "error"})
    scans = []
    for page, dpi in zip(pages, (150, 300)):
        scans.append(tmp_path / f"scan-{page}.pdf")
        make_scan(PDF.read_bytes(), scans[-1], dpi, 0.0, [page])
    one, two = (CliRunner().invoke(main, ["check", "--format", "json", "-j", jobs, *map(str, scans)])
                for jobs in ("1", "2"))
    assert one.stdout == two.stdout and one.exit_code == two.exit_code
    first = json.loads(one.stdout.splitlines()[0])
    assert first["file"] == str(scans[0]) and any(f["severity"] == "error" for f in first["findings"])


# ------------------------------------------------------------ odd page images

def _image_pdf(width: int, height: int, dpi: float, colour: str = "white") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PDF", resolution=dpi)
    return out.getvalue()


def _corrupt(pdf: bytes) -> bytes:
    """The image stream's data zeroed past its header: the JPEG cannot be decoded."""
    start = re.search(rb"stream\r?\n", pdf).end()
    return pdf[:start + 600] + bytes(3000) + pdf[start + 3600:]


def _oversized(pdf: bytes) -> bytes:
    """The image declared 20,000 × 20,000 pixels (400 million)."""
    return re.sub(rb"/Width \d+\s*/Height \d+", b"/Width 20000\n/Height 20000", pdf)


def _joined(tmp_path, parts: list[bytes]) -> Path:
    out = pdfium.PdfDocument.new()
    for part in parts:
        out.import_pages(pdfium.PdfDocument(part))
    buffer = io.BytesIO()
    out.save(buffer)
    path = tmp_path / "odd.pdf"
    path.write_bytes(buffer.getvalue())
    return path


def _noisy(width: int = 1200, height: int = 1600) -> bytes:
    """A JPEG that holds enough data to corrupt past its header."""
    import random

    from PIL import Image

    rng = random.Random(1)
    grain = bytes(rng.randrange(200, 256) for _ in range(width * height // 64))
    image = Image.frombytes("L", (width // 8, height // 8), grain)
    out = io.BytesIO()
    image.resize((width, height)).convert("RGB").save(out, "PDF", resolution=150)
    return out.getvalue()


@needs_ocr
def test_odd_page_images_are_read_or_listed_as_not_read(tmp_path, text_layer):
    parts = [PDF.read_bytes(), _image_pdf(600, 400, 150), _image_pdf(2, 2, 72, "black"),
             _corrupt(_noisy()), _oversized(_image_pdf(1200, 1600, 150))]
    result = analyze(str(_joined(tmp_path, parts)))
    pages = len(text_layer.report.document.page_starts)
    assert result.report.document.unread_pages == [pages + 3, pages + 4]
    assert f"第 {pages + 3}–{pages + 4} 页的文字未能读出" in result.error
    assert figures(result) == figures(text_layer)


@needs_ocr
def test_a_scan_of_blank_and_tiny_pages_says_ocr_found_no_text(tmp_path):
    path = _joined(tmp_path, [_image_pdf(600, 400, 150), _image_pdf(1, 1, 72)])
    assert "OCR 未识别出文字" in analyze(str(path)).error


@pytest.fixture
def fake_engine(monkeypatch):
    """OCR "installed" with an engine that records the images it is given and finds no text."""
    seen = []

    def engine(image):
        seen.append(image.size)
        return None, None

    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "_engine", lambda: engine)
    return seen


def test_a_poster_sized_page_is_rendered_at_a_bounded_size(tmp_path, fake_engine):
    path = tmp_path / "poster.pdf"
    path.write_bytes(_image_pdf(100, 100, 0.5))            # 200 inches square
    result = analyze(str(path))
    assert "OCR 未识别出文字" in result.error
    assert fake_engine and max(fake_engine[0]) <= ocr.MAX_SIDE


def test_a_page_whose_recognition_fails_is_listed_as_not_read(tmp_path, monkeypatch, fake_engine):
    def failing(image):
        raise RuntimeError("onnxruntime: invalid input")

    monkeypatch.setattr(ocr, "_engine", lambda: failing)
    path = _joined(tmp_path, [_image_pdf(600, 400, 150), _image_pdf(600, 400, 150)])
    result = analyze(str(path))
    assert result.error.endswith("第 1、2 页的图像无法读出（unreadable pages: 1、2）")


def test_corrupt_and_oversized_images_are_not_decoded(tmp_path, fake_engine):
    path = _joined(tmp_path, [_corrupt(_noisy()), _oversized(_image_pdf(1200, 1600, 150))])
    result = analyze(str(path))
    assert "第 1、2 页的图像无法读出" in result.error
    assert fake_engine == []


# ------------------------------------------------------------ without OCR, and doubtful digits

def test_without_the_extra_a_scan_names_it(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    scan = tmp_path / "scan.pdf"
    make_scan(PDF.read_bytes(), scan, 72, 0.0, [5, 6])
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
