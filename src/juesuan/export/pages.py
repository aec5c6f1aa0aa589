"""PDF pages as pictures, with a box around each finding's quote.

Only the pages that hold a finding are rendered (pypdfium2, a 16-grey PNG at a
modest resolution, as data URIs).  A finding's box comes from the characters'
boxes: the page's characters in reading order (:func:`readers.pdf.page_glyphs`)
are searched for the finding's text preceded by as much of its line as
matches, so "100.00%" is found in its own sentence and not in the first
sentence that says "100.00%"; the glyphs found are merged into one rectangle
per printed line.  Coordinates are fractions of the page, so the boxes scale
with the picture.
"""

from __future__ import annotations

import base64
import io
import unicodedata
from dataclasses import dataclass, field

from ..document import Document
from .rows import Row

DPI = 80
GREYS = 16                 # grey levels kept: a 4-bit PNG, some 30 KB a page
MAX_PAGES = 60             # pages rendered for one document at most; past that, the text view
PREFIX = 40                # characters of the finding's line tried before its text


@dataclass
class Box:
    left: float            # fractions of the page width/height, from its top left corner
    top: float
    width: float
    height: float


@dataclass
class PageView:
    page: int
    image: str                                                  # data URI of the PNG
    ratio: float                                                # height / width
    marks: dict[int, list[Box]] = field(default_factory=dict)   # row number → boxes (empty: not found)


def render_pages(path: str, doc: Document, rows: list[Row]) -> list[PageView] | None:
    """The pages of a PDF that hold the rows' findings, each with its boxes; None when
    they cannot be rendered (no Pillow, the file gone or changed, too many pages)."""
    wanted = sorted({r.page for r in rows if r.page})
    if not wanted or len(wanted) > MAX_PAGES:
        return None
    return _render(path, doc, rows, wanted)


def render_page(path: str, doc: Document, rows: list[Row], number: int) -> PageView | None:
    """Page ``number`` of a PDF with the boxes of those of ``rows`` that stand on it; None
    when it cannot be rendered."""
    views = _render(path, doc, rows, [number])
    return views[0] if views else None


def _render(path: str, doc: Document, rows: list[Row], wanted: list[int]) -> list[PageView] | None:
    try:
        import pypdfium2 as pdfium
        from PIL import Image  # noqa: F401 — pypdfium2's to_pil needs it
    except ImportError:
        return None
    from ..readers.pdf import page_glyphs

    try:
        pdf = pdfium.PdfDocument(path)
    except (pdfium.PdfiumError, OSError):
        return None
    views = []
    try:
        for number in wanted:
            if not 1 <= number <= len(pdf):
                return None
            page = pdf[number - 1]
            glyphs, frame = page_glyphs(page)
            view = _picture(page, number)
            for row in rows:
                if row.page == number:
                    view.marks[row.number] = _boxes(glyphs, frame, *_needle(doc, row))
            views.append(view)
    finally:
        pdf.close()
    return views


def _picture(page, number: int) -> PageView:
    image = page.render(scale=DPI / 72, grayscale=True).to_pil().quantize(GREYS)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True, bits=4)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return PageView(number, f"data:image/png;base64,{data}", image.height / image.width)


def _needle(doc: Document, row: Row) -> tuple[str, str]:
    """(the text of the finding's line before it without whitespace, the finding's text)."""
    if row.start is None:
        return "", row.quote
    line_start = doc.text.rfind("\n", 0, row.start) + 1
    return _squeeze(doc.text[line_start:row.start])[-PREFIX:], doc.text[row.start:row.end]


def _squeeze(text: str) -> str:
    return "".join(_fold(ch) for ch in text if not ch.isspace())


def _fold(ch: str) -> str:
    """One character compared by its compatibility form (全角 ０ = 0), when that is one character."""
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


def _boxes(glyphs, frame, before: str, raw: str) -> list[Box]:
    """Boxes of ``raw`` on the page, found after as long a part of ``before`` as precedes it
    there; failing that (cells of a table row wrapped apart), its longest word alone."""
    text = _squeeze(raw)
    if not text:
        return []
    stream = "".join(_fold(g.char) for g in glyphs)
    for k in range(len(before), -1, -1):
        at = stream.find(before[len(before) - k:] + text)
        if at != -1:
            return _rectangles(glyphs[at + k: at + k + len(text)], frame)
    longest = _squeeze(max(raw.split(), key=len))
    at = stream.find(longest) if longest != text else -1
    return _rectangles(glyphs[at: at + len(longest)], frame) if at != -1 else []


def _rectangles(glyphs, frame) -> list[Box]:
    """One rectangle per printed line of the glyphs, as fractions of the page."""
    px0, py0, px1, py1 = frame
    width, height = (px1 - px0) or 1, (py1 - py0) or 1
    lines: list[list] = []
    for g in glyphs:
        last = lines[-1][-1] if lines else None
        if last is not None and abs(g.cy - last.cy) <= max(g.height, last.height) / 2 and g.x0 >= last.x0:
            lines[-1].append(g)
        else:
            lines.append([g])
    out = []
    for line in lines:
        x0, x1 = min(g.x0 for g in line), max(g.x1 for g in line)
        y0, y1 = min(g.y0 for g in line), max(g.y1 for g in line)
        out.append(Box((x0 - px0) / width, (py1 - y1) / height, (x1 - x0) / width, (y1 - y0) / height))
    return out
