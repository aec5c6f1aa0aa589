"""Scans made from real PDFs, for the OCR tests and benchmark: each page
rendered to an image (optionally turned a little, as a sheet fed askew) and
the images saved as an image-only PDF, with no text layer; and what a scan
is compared on with the text layer (figures, error findings, table lines)."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium


def make_scan(pdf_bytes: bytes, out: Path, dpi: int, angle: float = 0.0, pages: list[int] | None = None) -> int:
    """Write the scan of ``pages`` (0-based; all by default) to ``out``; the number of pages."""
    from PIL import Image

    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        images = []
        for i in pages if pages is not None else range(len(pdf)):
            image = pdf[i].render(scale=dpi / 72).to_pil().convert("RGB")
            if angle:
                image = image.rotate(angle, fillcolor=(255, 255, 255), resample=Image.BICUBIC)
            images.append(image)
    finally:
        pdf.close()
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return len(images)


def only_pages(pdf_bytes: bytes, pages: list[int]) -> bytes:
    """The PDF with only ``pages`` (0-based), text layer and all."""
    source, out = pdfium.PdfDocument(pdf_bytes), pdfium.PdfDocument.new()
    out.import_pages(source, pages)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def pages_carrying(result) -> list[int]:
    """The pages (1-based) that carry a result's error findings, and, chosen greedily
    (the page with the most figures not yet carried first, then the most figures), pages that carry each
    of its figures once: the pages a scan must read to give them."""
    report = result.report
    doc = report.document
    keys = dict(report.figures())
    where: dict[str, set[int]] = {}
    spans = [(f.key, f.clause) for f in report.figures_list] + [(k, span) for k, (_, span) in report.counts.items()]
    spans += [("meta.org", report.meta.org_span), ("meta.year", report.meta.year_span)]
    for key, span in spans:
        if key in keys and span is not None:
            where.setdefault(key, set()).add(doc.page_of(span.start))
    pages = {doc.page_of(f.span.start) for f in result.findings if f.severity == "error"}
    missing = {k for k, on in where.items() if not on & pages}
    while missing:                        # a tie goes to the page carrying more figures
        best = max(sorted({p for k in missing for p in where[k]}),
                   key=lambda p: (sum(p in where[k] for k in missing), sum(p in on for on in where.values())))
        pages.add(best)
        missing = {k for k in missing if best not in where[k]}
    return sorted(pages)


def figures(result) -> dict:
    """The figures of a result (canonical key → value)."""
    return dict(result.report.figures())


def error_findings(result) -> set[tuple]:
    """(rule, expected, actual) of the error-level findings of a result."""
    return {(f.rule, f.expected, f.actual) for f in result.findings if f.severity == "error"}


def table_lines(result, pages: set[int] | None = None) -> set[tuple]:
    """(table, code, name, amounts) of the table lines of a result, those on ``pages`` (1-based) if given."""
    doc = result.report.document
    return {(ln.table, ln.code, ln.name, *(str(a.value) if a else None for a in (ln.actual, ln.basic, ln.project)))
            for ln in result.report.lines if ln.table and not ln.table.startswith(("narrative", "overview"))
            and (pages is None or doc.page_of(ln.span.start) in pages)}


def same_figures(want: dict, got: dict) -> int:
    """How many of the figures ``want`` holds ``got`` gives with the same value."""
    return sum(1 for key, value in want.items() if got.get(key) == value)
