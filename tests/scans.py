"""Scans made from real PDFs, for the OCR tests and benchmark: each page
rendered to an image (optionally turned a little, as a sheet fed askew) and
the images saved as an image-only PDF, with no text layer."""

from __future__ import annotations

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
