"""Pages without a text layer (scans) recognised with OCR, laid out like text pages.

With the extra ``pip install 'juesuan[ocr]'`` (rapidocr-onnxruntime: the
PP-OCR models ship inside the package, nothing is downloaded at run time), a
PDF page that carries no characters but an image — a whole scanned
disclosure, or a scanned table page inside a text PDF — is rendered with
pypdfium2 and recognised, one page at a time.  Each recognised text box
becomes glyphs (its width shared among its characters, a CJK character
twice a digit) in the PDF reader's display space, so the PDF reader's own
layout builds the page: lines by height, paragraphs, rule-less tables by
column gaps.  Ruling lines are found in the image (long runs of black or
grey pixels, row by row and column by column, in thin strokes only: a
shaded cell is no rule; a red seal is no ink) and given to the same grid code,
so a ruled table is read cell by cell.  A slightly rotated scan is
straightened first: the boxes are turned back by the median slant of the
long ones, and the image by the same angle before rules are looked for.

A box read with low confidence whose text holds digits is kept: its numbers
are marked in the Document (``Document.uncertain``), and a finding resting
on them is only a warning asking to check the scan (``pipeline``).

A page is not read (:class:`PageNotRead`, the PDF reader lists it in
``Document.unread_pages``) when one of its images cannot be decoded, holds more
than ``MAX_IMAGE_PIXELS``, or the recognition itself fails; a blank page is
read and has no text.  Inside :func:`page_progress`, a callback hears of each
page as it is done (``juesuan check`` shows it when one file is checked on a
terminal).
"""

from __future__ import annotations

import ctypes
import math
import os
import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .pdf import Chars, PageLayout, Rule, lay_out_chars

RENDER_DPI = 200             # pixels per inch a page is rendered at for recognition
MAX_SIDE = 4000              # pixels on the longer side at most (a poster-sized page is rendered smaller)
MIN_CONFIDENCE = 0.95        # a box read with less is uncertain (its digits are marked)
RULE_MIN_PT = 28.0           # a horizontal run of dark pixels this long is a ruling line (pt)
RULE_MIN_HEIGHTS = 1.6       # a vertical one: this many text heights
RULE_MAX_PT = 1.5            # a ruling line is thinner than this (pt); thicker ink is a filled area
DARK = 200                   # a pixel whose every channel is below this is ink (anti-aliased rules are grey)
MIN_SKEW = 0.05              # degrees of slant worth straightening
MAX_IMAGE_PIXELS = 200_000_000   # an image with more is not decoded (a 600 dpi A0 scan has 140 million)
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?%?")
INSTALL = "pip install 'juesuan[ocr]'"
_ZERO_LOOKALIKE = re.compile(r"[〇Oo]")
_ZERO_IN_NUMBER = re.compile(r"(?<![A-Za-z])(?=[\d.,〇Oo]*\d)[\d〇Oo][\d.,〇Oo]*(?![A-Za-z])")
_ZERO_BEFORE_UNIT = re.compile(r"(?<![\d一二三四五六七八九十〇零])〇(?=\s*(?:万元|元|亿元|%))")


def available() -> bool:
    """Whether the OCR extra is installed."""
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


class PageNotRead(Exception):
    """A scanned page that could not be recognised; the reason in words."""


_on_page: ContextVar[Callable[[str, int, int], None] | None] = ContextVar("ocr_page_progress", default=None)


@contextmanager
def page_progress(callback: Callable[[str, int, int], None]) -> Iterator[None]:
    """Inside, ``callback(path, done, total)`` is called when the OCR of a file's
    scanned pages starts (``done`` 0) and after each page is recognised (or found
    unreadable), in the calling process."""
    token = _on_page.set(callback)
    try:
        yield
    finally:
        _on_page.reset(token)


THREADS_ENV = "JUESUAN_OCR_THREADS"    # threads of one recognition; default: every core


def share_cores(workers: int) -> None:
    """In one of ``workers`` processes checking files at once: recognise with this
    process's share of the cores (``workers`` engines each using every core slow
    each other down), unless the user set the threads in ``JUESUAN_OCR_THREADS``."""
    os.environ.setdefault(THREADS_ENV, str(max(1, (os.cpu_count() or 1) // workers)))


def _threads() -> dict[str, int]:
    value = os.environ.get(THREADS_ENV, "")
    return {"intra_op_num_threads": int(value)} if value.isdigit() and int(value) > 0 else {}


@lru_cache(maxsize=1)
def _engine():
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(**_threads())


def recognise_pages(path: str, pdf: pdfium.PdfDocument, indexes: list[int]
                    ) -> Iterator[tuple[int, PageLayout | None, list[str]]]:
    """(index, layout, doubtful numbers) of each page of ``indexes`` that holds an
    image, one at a time; the layout is None when the page could not be read
    (:class:`PageNotRead`, or pdfium could not load the page)."""
    scanned = [i for i in indexes if _images(pdf[i])]
    report = _on_page.get() or (lambda path, done, total: None)
    if scanned:
        report(path, 0, len(scanned))
    for done, i in enumerate(scanned, 1):
        try:
            layout, doubtful = recognise(pdf[i])
        except (PageNotRead, pdfium.PdfiumError):
            layout, doubtful = None, []
        report(path, done, len(scanned))
        yield i, layout, doubtful


def _images(page: pdfium.PdfPage) -> list:
    """The page's image objects, valid while ``page`` is open (a page without text
    and without one is blank, not scanned)."""
    raw = page.raw
    objects = (pdfium_c.FPDFPage_GetObject(raw, i) for i in range(pdfium_c.FPDFPage_CountObjects(raw)))
    return [o for o in objects if pdfium_c.FPDFPageObj_GetType(o) == pdfium_c.FPDF_PAGEOBJ_IMAGE]


def _check_images(images: list) -> None:
    """Raise :class:`PageNotRead` when an image is too large to decode or cannot be
    decoded (pdfium would draw nothing in its place, and the page would look blank)."""
    for image in images:
        width, height = ctypes.c_uint(), ctypes.c_uint()
        pdfium_c.FPDFImageObj_GetImagePixelSize(image, ctypes.byref(width), ctypes.byref(height))
        if width.value * height.value > MAX_IMAGE_PIXELS:
            raise PageNotRead(f"图像过大（{width.value}×{height.value} 像素）")
        bitmap = pdfium_c.FPDFImageObj_GetBitmap(image)
        if not bitmap:
            raise PageNotRead("图像数据损坏，无法解码")
        pdfium_c.FPDFBitmap_Destroy(bitmap)


@dataclass
class Box:
    """A recognised text box: its text, confidence and corners (pixels, y down)."""

    text: str
    confidence: float
    corners: list[tuple[float, float]]


def recognise(page: pdfium.PdfPage) -> tuple[PageLayout, list[str]]:
    """The page laid out from OCR, and the numbers of the boxes read with low confidence."""
    _check_images(_images(page))
    width, height = page.get_size()
    scale = min(RENDER_DPI / 72, MAX_SIDE / max(width, height, 1))
    pt = 1 / scale                                                  # points per pixel
    image = page.render(scale=scale, rotation=0, may_draw_forms=True).to_pil().convert("RGB")
    try:
        found, _ = _engine()(image)
    except Exception as exc:  # noqa: BLE001 — onnxruntime and OpenCV raise their own kinds on odd images
        raise PageNotRead(f"OCR 失败：{exc}") from exc
    boxes = [Box(_zeros(text), float(score), [tuple(p) for p in quad]) for quad, text, score in found or ()]
    angle = _skew(boxes)
    centre = (image.width / 2, image.height / 2)
    if abs(angle) >= MIN_SKEW:
        boxes = [Box(b.text, b.confidence, [_turn(p, -angle, centre) for p in b.corners]) for b in boxes]
        image = image.rotate(-angle, center=centre, fillcolor=(255, 255, 255))   # PIL turns counter-clockwise
    height_pt = image.height * pt
    chars = Chars.from_boxes([c for b in boxes for c in _chars(b, height_pt, pt)])
    heights = sorted(max(y for _, y in b.corners) - min(y for _, y in b.corners) for b in boxes) or [20.0]
    horizontal, vertical = _rules(image, heights[len(heights) // 2] * RULE_MIN_HEIGHTS, height_pt, pt)
    layout = lay_out_chars(chars, horizontal, vertical, round(image.width * pt))
    uncertain = [n for b in boxes if b.confidence < MIN_CONFIDENCE for n in NUMBER.findall(b.text)]
    return layout, uncertain


def _zeros(text: str) -> str:
    """Zero as OCR misreads it in a figure: 〇 or the letter O inside digits
    (3O7.82), or 〇 alone before a unit (年初预算为〇万元), read as 0."""
    text = _ZERO_IN_NUMBER.sub(lambda m: _ZERO_LOOKALIKE.sub("0", m.group()), text)
    return _ZERO_BEFORE_UNIT.sub("0", text)


def _skew(boxes: list[Box]) -> float:
    """The slant of the page (degrees, counter-clockwise positive): the median
    slope between the centres of boxes that stand on one line far apart (the
    cells of a table row, the ends of a line of text).  Short boxes are read
    upright whatever the slant, so their own edges do not tell it."""
    centres = sorted(((sum(x for x, _ in b.corners) / 4, sum(y for _, y in b.corners) / 4,
                       max(y for _, y in b.corners) - min(y for _, y in b.corners)) for b in boxes),
                     key=lambda c: c[1])
    angles = []
    for i, (x0, y0, h0) in enumerate(centres):
        for x1, y1, h1 in centres[i + 1:]:
            if y1 - y0 > h0 / 2:
                break
            if abs(x1 - x0) > 5 * h0 and abs(h1 - h0) < h0 / 3:
                angles.append(math.degrees(math.atan2(y0 - y1, x1 - x0) if x1 > x0 else math.atan2(y1 - y0, x0 - x1)))
    angles.sort()
    return angles[len(angles) // 2] if angles else 0.0


def _turn(point: tuple[float, float], degrees: float, centre: tuple[float, float]) -> tuple[float, float]:
    """A point (y down) turned counter-clockwise on screen by ``degrees`` about ``centre``."""
    a = math.radians(degrees)
    x, y = point[0] - centre[0], point[1] - centre[1]
    return centre[0] + x * math.cos(a) + y * math.sin(a), centre[1] - x * math.sin(a) + y * math.cos(a)


def _chars(box: Box, height_pt: float, pt: float) -> list[tuple[str, float, float, float, float]]:
    """The box's characters, each a share of its width (a wide character two
    shares): (character, left, bottom, right, top) in points, y up."""
    xs, ys = [p[0] for p in box.corners], [p[1] for p in box.corners]
    left, right = min(xs) * pt, max(xs) * pt
    top, bottom = height_pt - min(ys) * pt, height_pt - max(ys) * pt
    weights = [1 if ch.isascii() else 2 for ch in box.text]
    step = (right - left) / max(sum(weights), 1)
    out, x = [], left
    for ch, w in zip(box.text, weights):
        if not ch.isspace():
            x1 = x + w * step
            out.append((ch, x, bottom, x1, top))
        x += w * step
    return out


def _rules(image, min_vertical_px: float, height_pt: float, pt: float) -> tuple[list[Rule], list[Rule]]:
    """Horizontal and vertical ruling lines: runs of ink long enough not to be text."""
    import numpy as np

    ink = np.asarray(image).max(axis=2) < DARK      # black or grey, not a red seal
    reach = max(2, round(RULE_MAX_PT / pt))
    horizontal = [Rule(height_pt - y * pt, x0 * pt, x1 * pt) for y, x0, x1 in _runs(ink, RULE_MIN_PT / pt, reach)]
    vertical = [Rule(x * pt, height_pt - y1 * pt, height_pt - y0 * pt)
                for x, y0, y1 in _runs(ink.T, min_vertical_px, reach)]
    return horizontal, vertical


def _runs(ink, min_length: float, reach: int) -> list[tuple[int, int, int]]:
    """(row, start, end) of the runs of ink in each row at least ``min_length``
    long and thin: a run most of whose pixels have ink ``reach`` rows above
    and below lies inside a filled area (a shaded cell), not on a rule."""
    import numpy as np

    padded = np.zeros((ink.shape[0], ink.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = ink
    steps = np.diff(padded, axis=1)
    rows, starts = np.nonzero(steps == 1)
    _, ends = np.nonzero(steps == -1)
    long = ends - starts >= min_length
    rows, starts, ends = rows[long], starts[long], ends[long]
    filled = np.zeros_like(ink)
    filled[reach:-reach] = ink[reach:-reach] & ink[:-2 * reach] & ink[2 * reach:]
    inside = np.zeros((ink.shape[0], ink.shape[1] + 1), dtype=np.int32)
    np.cumsum(filled, axis=1, out=inside[:, 1:])
    thin = (inside[rows, ends] - inside[rows, starts]) * 2 < ends - starts
    return list(zip(rows[thin].tolist(), starts[thin].tolist(), ends[thin].tolist()))
