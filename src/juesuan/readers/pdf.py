"""PDF reader: page text and ruled tables rebuilt from character geometry.

pypdfium2 gives every character with its box and every vector path with its
bounds; the layout is rebuilt from that geometry alone (no second PDF
library, and fast: a 25-page disclosure reads in well under a tenth of a
second, some 1.8 times the instructions of pypdfium2's bare text;
``python benchmarks/run.py`` and ``benchmarks/instructions.py --pdf``
measure the whole check).

* Ruling lines (thin path objects, and the edges of rectangles) that touch
  one another form a table grid.  Characters inside the grid go to its
  cells; a grid cell with no rule between two neighbours is one merged cell,
  so "本年收入合\\n计" wrapped inside a cell reads "本年收入合计".
* The characters are columns of numpy arrays (:class:`Chars`): all the
  pages of a document are sorted, cut into lines and written out as text
  in a few array operations over all their characters (:func:`_read`);
  only the line breaks and fake-bold duplicates are looked at one character
  at a time, and only where they may be.
* The other characters are grouped into lines by height, then into
  paragraphs (a line that runs to the right margin continues on the next
  line when that one starts at the left margin), one paragraph per line.
* Runs of three or more lines with three or more widely spaced segments,
  some numeric, are tables without rules: their columns come from the rows
  with the most segments.
* A page without a text layer but with an image (a scan) is recognised by
  OCR when the extra is installed (:mod:`.ocr`), and laid out by the same
  code from the boxes OCR gives; without it, a mostly scanned PDF is refused.
* Pages pdfium could not read (it raises nothing for a damaged font or
  content stream) go to ``Document.unread_pages``: see :func:`_unread_pages`.

Tables are written in the convention of the text reader (a cell per line,
prefixed by a tab; a blank line after each row) and rebuilt by its
:func:`~juesuan.readers.txt.find_tables`, so every format gives the same
table shapes.  Rows follow the Word convention: a horizontally merged cell
is one cell; a vertically merged cell is empty in the rows below its first.
"""

from __future__ import annotations

import bisect
import ctypes
import re
import zlib
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate, compress, islice, repeat
from operator import attrgetter
from typing import Callable, Iterable, Iterator, NamedTuple

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..document import Document, Span
from .errors import ReadError
from .txt import find_tables

SCANNED = "PDF 没有文字层，可能是扫描件，无法核对（scanned PDF without a text layer）"
MIN_PAGE_CHARS = 20      # a page with fewer characters has no real text layer
RULE_WIDTH = 3.0         # a path box thinner than this is a ruling line (pt)
SNAP = 3.0               # coordinates closer than this are the same (pt)
SPACE_GAP = 0.15         # a gap wider than this × char height is a space
CJK_SPACE_GAP = 0.4      # the same between two CJK characters (justified text)
FULL_LINE_SLACK = 1.5    # a line ending this × its height short of the margin is full
COLUMN_GAP = 1.5         # a gap wider than this × char height splits columns
STREAM_START = re.compile(rb">>\s*stream\r?\n")
FLATE = re.compile(rb"/Filter\s*\[?\s*/FlateDecode\b")
SURROGATE = re.compile("[\ud800-\udfff]")
NUMBER = re.compile(r"[-+]?\d[\d,]*(\.\d+)?%?")
PAGE_NUMBER = re.compile(r"[-—–－\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*/\s*共?\s*\d{1,4}\s*页?)?[-—–－\s]*")
LEAD = re.compile(r"(?:\s?\S){1,8}")   # a line's first eight characters, with the spaces between them
ITEM_START = re.compile(                  # 第三部分 · 五、 · （二） · 3、 — a heading or list item
    r"第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、"
    r"|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．]\D")

Box = tuple[float, float, float, float]          # left, bottom, right, top
Transform = Callable[[Box], Box]


def _c_function(function, restype, *argtypes) -> Callable:
    """A pdfium function re-declared with plain C types (handles as integers
    or ctypes objects).

    Declared as PYFUNCTYPE, the call keeps the GIL (a tenth quicker than
    releasing and taking it again around each short call; pdfium is not
    thread-safe anyway).
    """
    return ctypes.PYFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value)


def _untyped(function, restype) -> Callable:
    """A pdfium function called per character or per page object: declared
    without argument types, so ctypes passes each argument as it is instead
    of converting it through a ``from_param`` call (half the cost of such a
    call).  Its arguments must be ctypes objects (handles, :class:`_Handle`,
    by-reference slots of :class:`_Records`) or integers that fit a C int
    (indexes): a handle given as a Python integer would be cut to 32 bits.
    """
    return _c_function(function, restype)


class _Handle(ctypes.c_void_p):
    """A handle returned by an untyped function: a subclass of c_void_p stays
    a ctypes object (c_void_p itself would return an integer) that untyped
    functions take as it is."""


_HANDLE, _INDEX = ctypes.c_void_p, ctypes.c_int
_count_chars = _c_function(pdfium_c.FPDFText_CountChars, ctypes.c_int, _HANDLE)
_page_text = _c_function(pdfium_c.FPDFText_GetText, ctypes.c_int, _HANDLE, _INDEX, _INDEX,
                         _HANDLE)                       # an unsigned short buffer's address
_char_unicode = _c_function(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint, _HANDLE, _INDEX)
_char_loose_box = _untyped(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_int)   # text page, index, FS_RECTF*
_page_objects = _c_function(pdfium_c.FPDFPage_CountObjects, ctypes.c_int, _HANDLE)
_page_object = _untyped(pdfium_c.FPDFPage_GetObject, _Handle)                 # page, index
_form_objects = _c_function(pdfium_c.FPDFFormObj_CountObjects, ctypes.c_int, _HANDLE)
_form_object = _c_function(pdfium_c.FPDFFormObj_GetObject, _Handle, _HANDLE, ctypes.c_ulong)
_object_type = _untyped(pdfium_c.FPDFPageObj_GetType, ctypes.c_int)           # object
_object_bounds = _untyped(pdfium_c.FPDFPageObj_GetBounds, ctypes.c_int)       # object, four float*
_object_matrix = _c_function(pdfium_c.FPDFPageObj_GetMatrix, ctypes.c_int, _HANDLE,
                             ctypes.POINTER(pdfium_c.FS_MATRIX))
_path_segments = _untyped(pdfium_c.FPDFPath_CountSegments, ctypes.c_int)      # object
_path_draw_mode = _untyped(pdfium_c.FPDFPath_GetDrawMode, ctypes.c_int)       # object, int* fill mode, int* stroke
_fill_color = _untyped(pdfium_c.FPDFPageObj_GetFillColor, ctypes.c_int)       # object, four unsigned* R, G, B, A


class _Records:
    """A buffer of records of four floats that pdfium writes into (a
    character's box, a path's bounds), with a by-reference argument to each
    float made once: an untyped call takes it as it is, where an address
    would be converted on every call, and making the references costs a
    third of a call.  One buffer of CHUNK records serves the process (pdfium
    runs one call at a time); more records are written a chunk at a time."""

    CHUNK = 4096

    def __init__(self):
        floats = (ctypes.c_float * (4 * self.CHUNK))()
        self._refs = [list(map(ctypes.byref, repeat(floats, self.CHUNK), range(4 * k, 16 * self.CHUNK, 16)))
                      for k in range(4)]                 # to each record's first, second, third, fourth float
        self._records = np.frombuffer(floats, dtype=np.float32).reshape(self.CHUNK, 4)

    def written(self, call: Callable, n: int, arguments: list[Iterable], fields: int) -> np.ndarray:
        """The ``n`` records (n × 4) ``call`` writes, called once per record
        with its item of each of ``arguments`` and references to its first
        ``fields`` floats (zeros where a call writes nothing)."""
        out = np.empty((n, 4), dtype=np.float32)
        items = [iter(argument) for argument in arguments]
        for start in range(0, n, self.CHUNK):
            size = min(self.CHUNK, n - start)
            self._records[:size] = 0
            for _ in map(call, *(islice(item, size) for item in items), *self._refs[:fields]):
                pass
            out[start:start + size] = self._records[:size]
        return out


_RECORDS = _Records()


class Glyph(NamedTuple):
    """One character and its box in display space (y grows upwards), with
    its centre and height (read in every comparison, so computed once)."""

    char: str
    x0: float
    y0: float
    x1: float
    y1: float
    cx: float
    cy: float
    height: float


_POS, _LO = attrgetter("pos"), attrgetter("lo")


NO_SPACE, SPACE, COLUMN, BREAK = 0, 1, 2, 3      # what stands before a character in the text read
_SEPARATORS = np.array([0, ord(" "), ord("\t"), ord("\n")], dtype=np.uint32)


class Chars:
    """A page's printed characters as columns: their text (one string
    character each), code points, and boxes in display space (y grows
    upwards) with centres and heights, as arrays for whole-page arithmetic."""

    def __init__(self, text: str, x0: Iterable[float], y0: Iterable[float], x1: Iterable[float],
                 y1: Iterable[float]):
        self.text = text
        self.points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        self.x0, self.y0, self.x1, self.y1 = (np.asarray(c, dtype=np.float64) for c in (x0, y0, x1, y1))
        self.cx = (self.x0 + self.x1) * 0.5
        self.cy = (self.y0 + self.y1) * 0.5
        self.height = self.y1 - self.y0

    @classmethod
    def from_boxes(cls, boxes: list[tuple[str, float, float, float, float]]) -> Chars:
        """From (character, left, bottom, right, top) tuples."""
        chars, *columns = zip(*boxes) if boxes else ((), (), (), (), ())
        return cls("".join(chars), *columns)

    @classmethod
    def joined(cls, parts: list[Chars]) -> Chars:
        """The characters of ``parts`` one after the other."""
        columns = ([getattr(part, name) for part in parts] or [[]] for name in ("x0", "y0", "x1", "y1"))
        return cls("".join(part.text for part in parts), *map(np.concatenate, columns))

    def __len__(self) -> int:
        return len(self.text)

    def glyphs(self, indexes: np.ndarray) -> list[Glyph]:
        """The characters at ``indexes``, in that order, one tuple each."""
        columns = (c[indexes].tolist() for c in (self.x0, self.y0, self.x1, self.y1, self.cx, self.cy, self.height))
        return list(map(Glyph, [self.text[i] for i in indexes.tolist()], *columns))


class Line:
    """One printed line outside ruled grids: the texts of the segments it
    falls into where characters stand a column gap apart (``text``: them
    joined by tabs), its extent, the centre of its first character, the
    height of its tallest, and each segment's left and right."""

    __slots__ = ("text", "texts", "x0", "x1", "top", "cy", "height", "spans")

    def __init__(self, text: str, x0: float, x1: float, top: float, cy: float, height: float,
                 spans: list[tuple[float, float]]):
        self.text, self.texts = text, text.split("\t")
        self.x0, self.x1, self.top, self.cy, self.height = x0, x1, top, cy, height
        self.spans = spans


class Rule(NamedTuple):
    """A ruling line: at ``pos`` (y if horizontal, x if vertical), from lo to hi."""

    pos: float
    lo: float
    hi: float


class Block(NamedTuple):
    """A piece of page text, the height of its top (for reading order) and,
    for a paragraph, its lines."""

    top: float
    text: str
    lines: tuple[Line, ...] = ()


# ---------------------------------------------------------------- document

def read_pdf(path: str, data: bytes) -> Document:
    pdf = _open(path, data)
    try:
        pages = _lay_out([_place_page(pdf, i) for i in range(len(pdf))])
        encrypted = pdfium_c.FPDF_GetSecurityHandlerRevision(pdf.raw) != -1
        if not pages:
            raise ReadError(path, "PDF 没有任何页面（PDF without pages）")
        if not any(page.loaded for page in pages):
            raise ReadError(path, "PDF 页面无法解析，文件可能已损坏（no page could be loaded）")
        doubtful = _recognise_scans(path, pdf, pages)
    finally:
        pdf.close()
    texts = _page_texts(pages, _margins(pages))
    starts = list(accumulate((len(t) for t in texts[:-1]), initial=0))
    text = "".join(texts)
    return Document(path=path, text=text, tables=find_tables(text), page_starts=starts,
                    source_format="pdf", unread_pages=_unread_pages(pages, data, encrypted),
                    uncertain=_uncertain_spans(texts, starts, doubtful))


def _recognise_scans(path: str, pdf: pdfium.PdfDocument, pages: list[PageLayout]) -> dict[int, list[str]]:
    """Pages without a text layer but with an image, recognised by OCR in place
    (:mod:`.ocr`, when installed); the numbers each read with low confidence.
    Without OCR, a PDF of mostly such pages is refused (a scan)."""
    from . import ocr

    bare = [i for i, page in enumerate(pages) if page.loaded and page.glyph_count < MIN_PAGE_CHARS]
    if not bare or not ocr.available():
        if _is_scanned(pages):
            raise ReadError(path, f"{SCANNED}；安装 OCR 组件后可识别：{ocr.INSTALL}")
        return {}
    doubtful = {}
    for i, layout, numbers in ocr.recognise_pages(path, pdf, bare):
        pages[i], doubtful[i] = layout or _unread_page(), numbers
    if _is_scanned(pages):
        unread = "、".join(str(n) for n, page in enumerate(pages, 1) if not page.loaded)
        raise ReadError(path, f"{SCANNED}；" + (f"第 {unread} 页的图像无法读出（unreadable pages: {unread}）" if unread
                                                else "OCR 未识别出文字（OCR found no text）"))
    return doubtful


def _uncertain_spans(texts: list[str], starts: list[int], doubtful: dict[int, list[str]]) -> list[Span]:
    """Spans of the numbers OCR read with low confidence: every place on its
    page where the number stands (the text does not say which box it came from)."""
    spans = set()
    for page, numbers in doubtful.items():
        for number in set(numbers):
            pattern = re.compile(rf"(?<![\d.,]){re.escape(number)}(?![\d])")
            spans.update(Span(starts[page] + m.start(), starts[page] + m.end()) for m in pattern.finditer(texts[page]))
    return sorted(spans)


def _place_page(pdf: pdfium.PdfDocument, index: int) -> Placed | None:
    """The page's characters placed in its grids (:func:`_place`); None when
    pdfium cannot load it.

    The page and its text page are raw handles, closed here: pypdfium2's
    wrappers (weak references and finalizers) cost a tenth of what reading
    the characters does.
    """
    page = pdfium_c.FPDF_LoadPage(pdf.raw, index)
    if not page:
        return None
    try:
        textpage = pdfium_c.FPDFText_LoadPage(page)
        if not textpage:
            return None
        to_display = _display_transform(90 * pdfium_c.FPDFPage_GetRotation(page))
        try:
            chars = _chars(textpage, to_display)
        finally:
            pdfium_c.FPDFText_ClosePage(textpage)
        paths: list[tuple[Box, _Handle]] = []
        text_objects = _objects(page, _page_objects, _page_object, to_display, paths)
        rulings = _rulings(paths) if len(chars) else ([], [])
        x0, _, x1, _ = to_display(_media_box(page))
    finally:
        pdfium_c.FPDF_ClosePage(page)
    return _place(chars, *rulings, round(x1 - x0), text_objects)


def _media_box(page) -> Box:
    """A raw page's MediaBox, or US Letter where it has none (as pypdfium2 reads it)."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPage_GetMediaBox(page, left, bottom, right, top):
        return (0, 0, 612, 792)
    return left.value, bottom.value, right.value, top.value


def _unread_page() -> PageLayout:
    """A page whose text could not be read (listed in ``Document.unread_pages``)."""
    return PageLayout(0, -1, [], [], 0, loaded=False)


def _unread_pages(pages: list[PageLayout], data: bytes, encrypted: bool) -> list[int]:
    """Numbers (from 1) of the pages pdfium could not read.

    A page that fails to load is unread.  A damaged content stream or font
    raises nothing: pdfium keeps the text objects and drops their
    characters, or drops the objects.  So a page that shows the symptom (no
    printed character, or fewer than it has text objects) is unread when
    the file has a compressed stream that does not decompress.
    """
    unloaded = [number for number, page in enumerate(pages, 1) if not page.loaded]
    suspect = [number for number, page in enumerate(pages, 1)
               if not page.loaded or page.glyph_count == 0 or page.glyph_count < page.text_objects]
    if unloaded == suspect or encrypted or not _has_damaged_stream(data):
        return unloaded
    return suspect


def _has_damaged_stream(data: bytes) -> bool:
    """Whether a FlateDecode stream of the file is corrupt: zlib finds an
    invalid code or a wrong checksum (a stream that merely lacks its
    checksum, as some writers leave it, is not counted)."""
    view = memoryview(data)
    for match in STREAM_START.finditer(data):
        dictionary = data[data.rfind(b"obj", max(0, match.start() - 4096), match.start()):match.start()]
        if not FLATE.search(dictionary):
            continue
        end = data.find(b"endstream", match.end())
        try:
            zlib.decompressobj().decompress(view[match.end():end if end >= 0 else len(data)])
        except zlib.error:
            return True
    return False


def _open(path: str, data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ReadError(path, _open_failure(data, exc)) from None


def _open_failure(data: bytes, exc: pdfium.PdfiumError) -> str:
    """Why pdfium could not open the file, in words a user can act on."""
    locked = (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY)
    if getattr(exc, "err_code", None) in locked:
        return "PDF 已加密，需要密码才能打开，请提供未加密的文件（password-protected PDF）"
    if not data.strip():
        return "文件为空（empty file）"
    if b"%PDF" not in data[:1024]:
        return "不是有效的 PDF 文件（not a PDF file）"
    if b"%%EOF" not in data[-1024:]:
        return "PDF 文件不完整，可能下载中断（truncated PDF）"
    return "PDF 文件已损坏，无法打开（corrupt PDF）"


def _is_scanned(pages: list[PageLayout]) -> bool:
    """True when most pages carry (almost) no characters: images of text."""
    bare = sum(1 for page in pages if page.glyph_count < MIN_PAGE_CHARS)
    return bare * 2 > len(pages)


def _page_texts(pages: list[PageLayout], margins: dict[int, tuple[float, float]]) -> list[str]:
    """Each page's text; a paragraph running on to the next page is not broken (the
    page number printed between its two halves is left out)."""
    blocks = [page.blocks(margins[page.size]) for page in pages]
    texts = ["".join(b.text for b in page_blocks) for page_blocks in blocks]
    for i in range(1, len(pages)):
        if pages[i].size != pages[i - 1].size:
            continue
        above = blocks[i - 1]
        body = len(above)
        while body > 1 and above[body - 1].lines and PAGE_NUMBER.fullmatch(above[body - 1].text.strip()):
            body -= 1                             # the page number printed below the last paragraph
        if _runs_across(above[:body], blocks[i], margins[pages[i].size]):
            if body < len(above):                 # a sentence is not cut by the page number
                texts[i - 1] = "".join(b.text for b in above[:body])
            before, after = texts[i - 1][-2], texts[i][0]
            texts[i - 1] = texts[i - 1][:-1] + (" " if _spaced(before, after) else "")
    return texts


def _runs_across(above: list[Block], below: list[Block], margins: tuple[float, float]) -> bool:
    """Whether the page ``below`` starts by carrying on the last paragraph of ``above``."""
    return bool(above and below and above[-1].lines and below[0].lines
                and _runs_on(above[-1].lines[-1], below[0].lines[0], *margins))


def _margins(pages: list[PageLayout]) -> dict[int, tuple[float, float]]:
    """Left and right text margin for each page size, from all its pages.

    The right margin is where most lines end (justified lines all end
    there); the left one is where the full lines that continue a paragraph
    start, the leftmost start shared by two or more full lines (a line
    running past the margin — a table's 部门/单位 line — is not one).
    """
    margins = {}
    for size in {page.size for page in pages}:
        lines = [line for page in pages if page.size == size for line in page.lines]
        if not lines:
            margins[size] = (0.0, 0.0)
            continue
        ends = Counter(round(line.x1) for line in lines)
        right = max(ends, key=lambda x: (ends[x], x))
        full = [line for line in lines if abs(line.x1 - right) <= FULL_LINE_SLACK * line.height]
        starts = Counter(round(line.x0) for line in full or lines)
        shared = [x for x, n in starts.items() if n >= 2] or list(starts)
        margins[size] = (float(min(shared)), float(right))
    return margins


# -------------------------------------------------------------------- page

@dataclass
class PageLayout:
    """A page taken apart: its ruled tables as text, and its other lines."""

    glyph_count: int
    size: int                 # display width, rounded: pages of one layout
    tables: list[Block]
    lines: list[Line]
    text_objects: int         # text objects on the page, read or not
    loaded: bool = True       # False: pdfium could not load the page

    def blocks(self, margins: tuple[float, float]) -> list[Block]:
        """The page's tables and paragraphs in reading order."""
        return sorted(self.tables + _flow_blocks(self.lines, *margins), key=lambda b: -b.top)


@dataclass
class Placed:
    """A page's characters, each in a group: a grid's cell (numbered from 1
    on, grid after grid), or 0 outside every grid; the grids holding text,
    each with its first group."""

    chars: Chars
    groups: np.ndarray
    grids: list[tuple[Grid, int]]
    group_count: int
    size: int                 # display width, rounded
    text_objects: int


def lay_out_chars(chars: Chars, horizontal: list[Rule], vertical: list[Rule], size: int) -> PageLayout:
    """A page's ruled tables and lines from its characters and ruling lines
    (display space), for a page read by OCR."""
    return _lay_out([_place(chars, horizontal, vertical, size)])[0]


def _place(chars: Chars, horizontal: list[Rule], vertical: list[Rule], size: int,
           text_objects: int = 0) -> Placed:
    """The characters placed in the grids the ruling lines form (collinear
    pieces are joined here)."""
    groups = np.zeros(len(chars), dtype=np.int64)
    outside = np.ones(len(chars), dtype=bool)
    filled: list[tuple[Grid, int]] = []
    first = 1
    for grid in _grids(_join_collinear(horizontal), _join_collinear(vertical)) if len(chars) else ():
        inside = outside & grid.holds(chars.cx, chars.cy)
        if inside.any():                          # an empty grid is decoration
            outside &= ~inside
            groups[inside] = first + grid.cells(chars.cx[inside], chars.cy[inside])
            filled.append((grid, first))
            first += grid.cols * grid.nrows
    return Placed(chars, groups, filled, first, size, text_objects)


def _lay_out(placed: list[Placed | None]) -> list[PageLayout]:
    """The pages laid out (None: a page not loaded), their characters read all
    in one go (:func:`_read`), each group of each page apart: whole-document
    array operations cost no more than one page's."""
    found = [page for page in placed if page is not None]
    offsets = list(accumulate((page.group_count for page in found), initial=0))
    chars = Chars.joined([page.chars for page in found])
    groups = np.concatenate([page.groups + offset for page, offset in zip(found, offsets)] or [[]])
    in_cell = np.concatenate([page.groups > 0 for page in found] or [[]])
    lines, cell_texts = _read(chars, groups.astype(np.int64, copy=False), in_cell.astype(bool, copy=False))
    layouts = iter([PageLayout(len(page.chars), page.size, _tables(page.grids, offset, cell_texts),
                               lines.get(offset, []), page.text_objects) for page, offset in zip(found, offsets)])
    return [_unread_page() if page is None else next(layouts) for page in placed]


def _tables(grids: list[tuple[Grid, int]], offset: int, cell_texts: dict[int, str]) -> list[Block]:
    """Each grid as a table: the texts of groups ``offset + its first group + cell``."""
    return [Block(grid.ys[0], _table_text(grid.rows(lambda cell, first=offset + first: cell_texts.get(first + cell, ""))))
            for grid, first in grids]


def page_glyphs(page: pdfium.PdfPage) -> tuple[list[Glyph], Box]:
    """The page's printed characters line by line (top to bottom, each left to
    right) with their boxes, and the page's box, both in display space: what
    a report needs to find a quote on the rendered page and draw around it."""
    to_display = _display_transform(page.get_rotation())
    textpage = page.get_textpage()
    chars = _chars(textpage.raw, to_display)
    order, _ = _reading_order(chars, np.zeros(len(chars), dtype=np.int64))
    return chars.glyphs(order), to_display(page.get_cropbox())


def _display_transform(rotation: int) -> Transform:
    """Map boxes from PDF user space to the page as displayed (/Rotate)."""
    def rotate(box: Box) -> Box:
        x0, y0, x1, y1 = box
        if rotation == 90:
            return (y0, -x1, y1, -x0)
        if rotation == 180:
            return (-x1, -y1, -x0, -y0)
        return (-y1, x0, -y0, x1)
    return _identity if rotation == 0 else rotate


def _identity(box: Box) -> Box:
    return box


def _chars(textpage, to_display: Transform) -> Chars:
    """Printed characters with their loose (advance-wide) boxes, from a raw
    text page handle.

    The characters pdfium generates (spaces and line breaks it infers) are
    all whitespace, so skipping whitespace skips them too
    (tests/test_reader_pdf.py checks this of the pdfium installed).
    pdfium writes the boxes one after the other into one float buffer
    (:class:`_Records`): the work per character is that one call (the
    printed characters are picked out by an array operation).
    """
    points = np.frombuffer(_char_text(textpage, _count_chars(textpage)).encode("utf-32-le", "surrogatepass"),
                           dtype=np.uint32)
    printed = np.flatnonzero(_printed(points))
    n = len(printed)
    boxes = _RECORDS.written(_char_loose_box, n, [repeat(textpage, n), printed.tolist()], 1)
    left, top, right, bottom = boxes.T.astype(np.float64)   # per character: left, top, right, bottom
    return Chars(points[printed].tobytes().decode("utf-32-le"), *to_display((left, bottom, right, top)))


def _printed_below_e000() -> np.ndarray:
    """Whether each code point up to U+E000 is printed (U+E000: all those above)."""
    table = np.ones(0xE001, dtype=bool)
    table[:0x3001] = [c > 0x20 and not chr(c).isspace() for c in range(0x3001)]
    table[0xD800:0xE000] = False                  # lone surrogates
    return table


_PRINTED_BELOW_E000 = _printed_below_e000()


def _printed(points: np.ndarray) -> np.ndarray:
    """Which code points are printed characters: not whitespace (none lies
    above U+3000), a control character (up to U+0020) or a lone surrogate
    (none lies above U+DFFF): one look-up in a table of the code points below U+E000."""
    return _PRINTED_BELOW_E000[np.minimum(points, 0xE000)]


def _char_text(raw, count: int) -> str:
    """The text page's ``count`` characters, one string character each.

    pdfium's page text has one UTF-16 unit per character when every
    character is printable and in the BMP: then one call reads them all.
    Where it writes U+FFFE (a hyphen it joined, a glyph without Unicode),
    and on any page whose text does not line up, each character is asked
    for on its own.
    """
    buffer = np.empty(count + 1, dtype=np.uint16)
    if count and _page_text(raw, 0, count, buffer.ctypes.data) == count + 1:
        text = buffer[:count].tobytes().decode("utf-16-le", "surrogatepass")
        if len(text) == count and not SURROGATE.search(text):
            if "\ufffe" not in text:
                return text
            return "".join(chr(_char_unicode(raw, i)) if c == "\ufffe" else c for i, c in enumerate(text))
    return "".join(chr(_char_unicode(raw, i)) for i in range(count))


# ----------------------------------------------------------------- rulings

def _rulings(paths: list[tuple[Box, _Handle]]) -> tuple[list[Rule], list[Rule]]:
    """Horizontal and vertical ruling lines among the paths (a path that draws nothing
    visible — a white background behind a cell's text — is none)."""
    horizontal, vertical = [], []
    invisible = _PAINT.invisible
    for box, obj in paths:
        x0, y0, x1, y1 = box
        wide, tall = x1 - x0 > RULE_WIDTH, y1 - y0 > RULE_WIDTH
        if wide and tall:
            if 4 <= _path_segments(obj) <= 5 and not invisible(obj):
                horizontal += [Rule(y0, x0, x1), Rule(y1, x0, x1)]     # a rectangle's edges
                vertical += [Rule(x0, y0, y1), Rule(x1, y0, y1)]
        elif wide:
            if not invisible(obj):
                horizontal.append(Rule((y0 + y1) / 2, x0, x1))
        elif tall and not invisible(obj):
            vertical.append(Rule((x0 + x1) / 2, y0, y1))
    return horizontal, vertical


class _Paint:
    """Reads how paths are painted, into buffers made once for the process
    (passed by references made once, read back through memoryviews: quicker
    than ctypes arrays; pdfium runs one call at a time)."""

    def __init__(self):
        modes, rgba = (ctypes.c_int * 2)(), (ctypes.c_uint * 4)()     # fill mode, stroke; R, G, B, A
        self._modes, self._rgba = (memoryview(b).cast("B").cast(t) for b, t in ((modes, "i"), (rgba, "I")))
        self._mode_refs = (ctypes.byref(modes), ctypes.byref(modes, 4))
        self._rgba_refs = tuple(ctypes.byref(rgba, offset) for offset in (0, 4, 8, 12))

    def invisible(self, obj: _Handle) -> bool:
        """A path neither stroked nor filled, or only filled white: it draws no line."""
        if not _path_draw_mode(obj, *self._mode_refs):
            return False
        fill, stroke = self._modes
        if stroke:
            return False
        if not fill:
            return True
        if not _fill_color(obj, *self._rgba_refs):
            return False
        red, green, blue, alpha = self._rgba
        return alpha == 0 or min(red, green, blue) >= 250


_PAINT = _Paint()


def _objects(parent, count: Callable, get: Callable, to_page: Transform,
             paths: list[tuple[Box, _Handle]], text_objects: int = 0) -> int:
    """Collect every path object, also inside forms, with its bounds in
    display space into ``paths`` (in content order); return the number of
    text objects.

    Raw pdfium calls, mapped over the objects by built-ins: pypdfium2's
    object wrappers, or a Python loop over the (mostly text) objects, would
    cost as much as the whole layout.
    """
    text, path, form = pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
    n = count(parent)
    objects = list(map(get, repeat(parent, n), range(n)))
    kinds = list(map(_object_type, objects))
    text_objects += kinds.count(text)
    if form not in kinds:                     # nearly every page: no Python loop over its objects
        paths += _path_boxes(list(compress(objects, map(path.__eq__, kinds))), to_page)
        return text_objects
    pending: list[_Handle] = []               # path objects before the next form
    for obj, kind in zip(objects, kinds):
        if kind == path:
            pending.append(obj)
        elif kind == form:
            paths += _path_boxes(pending, to_page)
            pending = []
            matrix = pdfium_c.FS_MATRIX()
            _object_matrix(obj, matrix)
            text_objects = _objects(obj, _form_objects, _form_object,
                                    lambda box, m=matrix: to_page(_apply(m, box)), paths, text_objects)
    paths += _path_boxes(pending, to_page)
    return text_objects


def _path_boxes(objects: list[_Handle], to_page: Transform) -> list[tuple[Box, _Handle]]:
    """The path objects with their bounds in display space; pdfium writes the
    bounds one after the other into one float buffer (as :func:`_chars` does)."""
    n = len(objects)
    floats = _RECORDS.written(_object_bounds, n, [objects], 4).ravel().tolist()   # left, bottom, right, top
    boxes = zip(floats[0::4], floats[1::4], floats[2::4], floats[3::4])
    return list(zip(boxes if to_page is _identity else map(to_page, boxes), objects))


def _apply(m: pdfium_c.FS_MATRIX, box: Box) -> Box:
    """Bounding box of ``box`` mapped through a form's matrix (to its parent)."""
    x0, y0, x1, y1 = box
    xs, ys = [], []
    for x in (x0, x1):
        for y in (y0, y1):
            xs.append(m.a * x + m.c * y + m.e)
            ys.append(m.b * x + m.d * y + m.f)
    return min(xs), min(ys), max(xs), max(ys)


def _join_collinear(rules: list[Rule]) -> list[Rule]:
    """Join rules on the same line whose extents touch or overlap."""
    joined: list[Rule] = []
    for line in _clusters(sorted(rules, key=_POS), key=_POS):
        pos = sum(map(_POS, line)) / len(line)
        ordered = sorted(line, key=_LO)
        lo, hi = ordered[0].lo, ordered[0].hi
        for rule in ordered[1:]:
            if rule.lo <= hi + SNAP:
                hi = max(hi, rule.hi)
            else:
                joined.append(Rule(pos, lo, hi))
                lo, hi = rule.lo, rule.hi
        joined.append(Rule(pos, lo, hi))
    return joined


def _clusters(items: list, key: Callable) -> Iterator[list]:
    """Split sorted items into runs whose keys lie within SNAP of the run's first."""
    run: list = []
    first = 0.0
    for item in items:
        at = key(item)
        if run and at - first > SNAP:
            yield run
            run = []
        if not run:
            first = at
        run.append(item)
    if run:
        yield run


# -------------------------------------------------------------------- grids

class Grid:
    """A ruled table: column edges ``xs`` (ascending), row edges ``ys``
    (descending, top first) and the rules that separate its cells."""

    def __init__(self, xs: list[float], ys: list[float],
                 horizontal: list[Rule], vertical: list[Rule]):
        self.xs, self.ys = xs, ys
        self._neg_ys = [-y for y in ys]
        self.cols, self.nrows = len(xs) - 1, len(ys) - 1
        self._horizontal, self._vertical = horizontal, vertical

    def holds(self, cx: np.ndarray, cy: np.ndarray) -> np.ndarray:
        """Which of the centres stand inside the grid."""
        left, right, bottom, top = self.xs[0], self.xs[-1], self.ys[-1], self.ys[0]
        return (left < cx) & (cx < right) & (bottom < cy) & (cy < top)

    def cells(self, cx: np.ndarray, cy: np.ndarray) -> np.ndarray:
        """The merged cell of each centre inside the grid (as :meth:`rows` numbers them)."""
        columns = np.searchsorted(self.xs, cx, side="right")          # column and row, + 1 each
        rows = np.searchsorted(self._neg_ys, -cy, side="right")
        return np.asarray(self._cell_of)[rows * self.cols + columns - (self.cols + 1)]

    def rows(self, text_of: Callable[[int], str]) -> list[list[str]]:
        """Cell texts row by row (Word convention for merged cells), given each merged cell's text."""
        cell_of = self._cell_of
        first_row = {}
        for index, cell in enumerate(cell_of):
            first_row.setdefault(cell, index // self.cols)
        rows = []
        for r in range(self.nrows):
            row, previous = [], None
            for cell in cell_of[r * self.cols:(r + 1) * self.cols]:
                if cell != previous:
                    row.append(text_of(cell) if first_row[cell] == r else "")
                previous = cell
            rows.append(row)
        return rows

    @cached_property
    def _cell_of(self) -> list[int]:
        """For each atomic cell (row by row), the merged cell it belongs to:
        neighbours that no rule separates are one cell."""
        cells = DisjointSets(self.cols * self.nrows)
        x_mids = [(self.xs[c] + self.xs[c + 1]) / 2 for c in range(self.cols)]
        y_mids = [(self.ys[r] + self.ys[r + 1]) / 2 for r in range(self.nrows)]
        vertical, horizontal = RuleIndex(self._vertical), RuleIndex(self._horizontal)
        rows_up = y_mids[::-1]                    # ascending, for the index
        for c in range(1, self.cols):             # the edge between column c-1 and c
            ruled = vertical.spanned(self.xs[c], rows_up)[::-1]
            for r in range(self.nrows):
                if not ruled[r]:
                    cells.union(r * self.cols + c - 1, r * self.cols + c)
        for r in range(1, self.nrows):            # the edge between row r-1 and r
            ruled = horizontal.spanned(self.ys[r], x_mids)
            for c in range(self.cols):
                if not ruled[c]:
                    cells.union((r - 1) * self.cols + c, r * self.cols + c)
        return cells.roots()


class DisjointSets:
    """Union-find over 0..n-1; a set is named by its smallest member."""

    def __init__(self, n: int):
        self._parent = list(range(n))

    def find(self, i: int) -> int:
        while self._parent[i] != i:
            self._parent[i] = self._parent[self._parent[i]]
            i = self._parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self._parent[max(a, b)] = min(a, b)

    def roots(self) -> list[int]:
        """The set of every member, in one pass: a member's parent is never
        above it, so its set is known by the time the member is reached."""
        roots = self._parent[:]
        for i, parent in enumerate(roots):
            roots[i] = roots[parent]
        return roots


class RuleIndex:
    """Rules of one direction sorted by position, to find those at an edge."""

    def __init__(self, rules: list[Rule]):
        self._rules = sorted(rules, key=lambda r: r.pos)
        self._positions = [r.pos for r in self._rules]

    def spanned(self, pos: float, points: list[float]) -> bytearray:
        """For each of the ascending ``points``: 1 if a rule lies at ``pos``
        (within SNAP) and spans it (within SNAP), else 0."""
        out = bytearray(len(points))
        first = bisect.bisect_left(self._positions, pos - 2 * SNAP)
        last = bisect.bisect_right(self._positions, pos + 2 * SNAP)
        for rule in self._rules[first:last]:
            if abs(rule.pos - pos) <= SNAP:
                lo = bisect.bisect_left(points, rule.lo - SNAP)
                hi = bisect.bisect_right(points, rule.hi + SNAP)
                out[lo:hi] = b"\x01" * max(hi - lo, 0)
        return out


def _grids(horizontal: list[Rule], vertical: list[Rule]) -> list[Grid]:
    """Tables: groups of crossing rules with at least two columns (a row of a table
    continued from the page before may stand alone)."""
    grids = []
    for hs, vs in _connected(horizontal, vertical):
        xs = _edges([v.pos for v in vs] + [min(h.lo for h in hs), max(h.hi for h in hs)])
        ys = _edges([h.pos for h in hs] + [min(v.lo for v in vs), max(v.hi for v in vs)])
        if len(xs) >= 3 and len(ys) >= 2:           # two cells side by side at least (a framed box is none)
            grids.append(Grid(xs, ys[::-1], hs, vs))
    return grids


def _edges(positions: list[float]) -> list[float]:
    """Distinct positions, ascending, near-equal ones merged."""
    return [sum(run) / len(run) for run in _clusters(sorted(positions), key=lambda p: p)]


def _connected(horizontal: list[Rule], vertical: list[Rule]) -> list[tuple[list[Rule], list[Rule]]]:
    """Groups of horizontal and vertical rules that cross or touch each other.

    Each vertical rule looks only at the horizontal ones whose height it
    spans (a bisection in their sorted positions), and skips runs of them
    already joined to it through an earlier rule: a full grid of N × N rules
    costs N log N, not N².
    """
    order = sorted(range(len(horizontal)), key=lambda i: horizontal[i].pos)
    positions = [horizontal[i].pos for i in order]
    sets = DisjointSets(len(horizontal) + len(vertical))
    after = list(range(1, len(order) + 1))   # order[k+1 : after[k]] are in order[k]'s set
    for j, v in enumerate(vertical):
        node = len(horizontal) + j
        k = bisect.bisect_left(positions, v.lo - SNAP)
        end = bisect.bisect_right(positions, v.hi + SNAP)
        run: list[int] = []                  # positions visited, all in node's set
        while k < end:
            h = horizontal[order[k]]
            if h.lo - SNAP <= v.pos <= h.hi + SNAP or sets.find(order[k]) == sets.find(node):
                sets.union(order[k], node)
                run.append(k)
                k = after[k]
            else:
                _skip_run(after, run, k)
                run = []
                k += 1
        _skip_run(after, run, k)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, h in enumerate(horizontal):
        groups.setdefault(sets.find(i), ([], []))[0].append(h)
    for j, v in enumerate(vertical):
        groups.setdefault(sets.find(len(horizontal) + j), ([], []))[1].append(v)
    return [(hs, vs) for hs, vs in groups.values() if hs and vs]


def _skip_run(after: list[int], run: list[int], stop: int) -> None:
    """Every position of ``run`` leads past the run, to ``stop``."""
    for k in run:
        after[k] = max(after[k], stop)


# -------------------------------------------------------------------- lines

def _read(chars: Chars, groups: np.ndarray, in_cell: np.ndarray) -> tuple[dict[int, list[Line]], dict[int, str]]:
    """The lines (top to bottom) of each group of characters outside grids,
    and the text of each group ``in_cell`` (a grid's cell: its lines joined as
    :func:`_join_lines` joins them).

    The text is built in one string, each character preceded by what stands
    before it (:func:`_separators`): a line break before each line outside
    grids and before each cell, tabs between the segments of a line.
    """
    if not len(chars):
        return {}, {}
    order, starts = _reading_order(chars, groups)
    groups, in_cell = groups[order], in_cell[order]
    separators = _separators(chars, order, starts, groups, in_cell)
    pieces = _text(chars.points[order], separators).split("\n")[1:]
    piece_starts = np.flatnonzero(separators == BREAK)
    piece_groups, piece_in_cell = groups[piece_starts].tolist(), in_cell[piece_starts].tolist()
    flow = ~in_cell
    lines: dict[int, list[Line]] = {}
    flow_lines = _lines(chars, order[flow], starts[flow], separators[flow],
                        [piece for piece, cell in zip(pieces, piece_in_cell) if not cell])
    for group, line in zip((g for g, cell in zip(piece_groups, piece_in_cell) if not cell), flow_lines):
        lines.setdefault(group, []).append(line)
    return lines, {g: piece for g, piece, cell in zip(piece_groups, pieces, piece_in_cell) if cell}


def _reading_order(chars: Chars, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The characters group by group, each group's lines top to bottom, each
    line left to right, without overprinted duplicates; and which of them
    starts a line."""
    by_height = np.lexsort((-chars.cy, groups))         # stable: ties keep the content order
    starts = _line_starts(groups[by_height], chars.cy[by_height], chars.height[by_height])
    order = by_height[_in_lines(np.cumsum(starts), chars.x0[by_height])]
    return _without_overprints(chars, order, starts)


def _in_lines(lines: np.ndarray, x0: np.ndarray) -> np.ndarray:
    """The order of characters by line, then from the left, ties in their
    order (``np.lexsort((x0, lines))``): the lefts ranked (equal ones rank
    equal) and sorted with the lines as one integer key, a tenth of the time
    a stable sort of the floats takes."""
    _, rank = np.unique(x0, return_inverse=True)
    return np.argsort(lines * (len(x0) + 1) + rank.reshape(-1), kind="stable")


def _line_starts(groups: np.ndarray, cys: np.ndarray, heights: np.ndarray) -> np.ndarray:
    """Which characters (sorted by group, then from the top) start a printed
    line: a line takes the characters whose centre lies within half the
    taller height of its first character's centre.

    A group whose centres lie no further apart than half its shortest
    height is one line (in a table, most cells): only its first character
    starts one.  In the other groups, a character whose group, centre and
    height are its predecessor's starts no line, so only the others are
    looked at one by one.
    """
    starts = np.zeros(len(cys), dtype=bool)
    if not len(cys):
        return starts
    new_group = np.concatenate(([True], groups[1:] != groups[:-1]))
    group_starts = np.flatnonzero(new_group)
    one_line = (np.maximum.reduceat(cys, group_starts) - np.minimum.reduceat(cys, group_starts)
                <= np.minimum.reduceat(heights, group_starts) / 2)
    starts[group_starts[one_line]] = True
    lines_apart = ~np.repeat(one_line, np.diff(group_starts, append=len(cys)))
    changed = new_group | np.concatenate(([True], (cys[1:] != cys[:-1]) | (heights[1:] != heights[:-1])))
    looked = np.flatnonzero(lines_apart & changed)
    first: list[int] = []
    first_group, first_cy, first_height = None, 0.0, 0.0
    for i, group, cy, height in zip(looked.tolist(), groups[looked].tolist(), cys[looked].tolist(),
                                     heights[looked].tolist()):
        if group != first_group or abs(first_cy - cy) > (height if height > first_height else first_height) / 2:
            first.append(i)
            first_group, first_cy, first_height = group, cy, height
    starts[first] = True
    return starts


def _without_overprints(chars: Chars, order: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``order`` without the characters printed again over the one kept
    before them in their line (fake bold): the same character, less than
    SPACE_GAP × its height to the right.  Lines where one may be are gone
    through one character at a time (a line without any keeps them all)."""
    points, x0, height = chars.points[order], chars.x0[order], chars.height[order]
    again = np.flatnonzero(~starts[1:] & (points[1:] == points[:-1])
                           & (x0[1:] - x0[:-1] < height[1:] * SPACE_GAP)) + 1
    if not len(again):
        return order, starts
    line_starts = np.flatnonzero(starts)
    lines = np.unique(np.searchsorted(line_starts, again, side="right") - 1)
    ends = np.append(line_starts[1:], len(order))[lines].tolist()
    points, x0, height = points.tolist(), x0.tolist(), height.tolist()
    keep = np.ones(len(order), dtype=bool)
    for kept, end in zip(line_starts[lines].tolist(), ends):
        for i in range(kept + 1, end):
            if points[i] == points[kept] and x0[i] - x0[kept] < height[i] * SPACE_GAP:
                keep[i] = False
            else:
                kept = i
    return order[keep], starts[keep]


def _separators(chars: Chars, order: np.ndarray, starts: np.ndarray, groups: np.ndarray,
                in_cell: np.ndarray) -> np.ndarray:
    """What stands before each character of ``order`` in the text.

    In a line: a column gap (wider than COLUMN_GAP × the taller height)
    between segments, else a space where the gap stands for one.  CJK text
    is set without spaces, and justified CJK lines spread their characters,
    so between two CJK characters only a wide gap is a space.  A line
    outside cells, and the first line of a cell, starts with a line break;
    the other lines of a cell follow the line before as :func:`_join_lines`
    joins them, and a column gap inside a cell is a space.
    """
    x0, x1, height = chars.x0[order], chars.x1[order], chars.height[order]
    ascii_near = chars.points[order] < 128
    ascii_near = ascii_near[1:] | ascii_near[:-1]                  # either neighbour is ASCII
    taller = np.maximum(height[1:], height[:-1])
    gap = x0[1:] - x1[:-1]
    space = gap > np.where(ascii_near, SPACE_GAP, CJK_SPACE_GAP) * taller
    in_line = np.where(gap > COLUMN_GAP * taller, COLUMN, np.where(space, SPACE, NO_SPACE))
    in_cell = in_cell[1:]
    in_line[in_cell & (in_line == COLUMN)] = SPACE
    next_line = np.where(in_cell & (groups[1:] == groups[:-1]), np.where(ascii_near, SPACE, NO_SPACE), BREAK)
    return np.concatenate(([BREAK], np.where(starts[1:], next_line, in_line))).astype(np.uint8)


def _text(points: np.ndarray, separators: np.ndarray) -> str:
    """The characters, each preceded by its separator."""
    pairs = np.empty((len(points), 2), dtype=np.uint32)
    pairs[:, 0], pairs[:, 1] = _SEPARATORS[separators], points
    shown = np.ones(pairs.shape, dtype=bool)
    shown[:, 0] = separators != NO_SPACE
    return pairs[shown].tobytes().decode("utf-32-le")


def _lines(chars: Chars, order: np.ndarray, starts: np.ndarray, separators: np.ndarray,
           texts: list[str]) -> list[Line]:
    """The lines of the characters ``order`` (outside cells, in reading order), given their texts."""
    if not len(order):
        return []
    x0, x1, y1, height = chars.x0[order], chars.x1[order], chars.y1[order], chars.height[order]
    first = np.flatnonzero(starts)
    last = np.append(first[1:], len(order)) - 1
    segment_starts = separators >= COLUMN
    segment_first = np.flatnonzero(segment_starts)
    segment_last = np.append(segment_first[1:], len(order)) - 1
    spans = list(zip(x0[segment_first].tolist(), x1[segment_last].tolist()))
    ends = np.cumsum(np.add.reduceat(segment_starts.astype(np.intp), first)).tolist()   # of each line's spans
    return list(map(Line, texts, x0[first].tolist(), x1[last].tolist(), np.maximum.reduceat(y1, first).tolist(),
                    chars.cy[order][first].tolist(), np.maximum.reduceat(height, first).tolist(),
                    map(spans.__getitem__, map(slice, [0] + ends[:-1], ends))))


def _spaced(left: str, right: str) -> bool:
    """Whether words are space-separated here: next to a non-CJK character."""
    return left.isascii() or right.isascii()


def _join_lines(lines: Iterable[list[str]]) -> str:
    """Wrapped lines of one cell or paragraph (the texts of each line's
    segments) as one line of text."""
    out = ""
    for texts in lines:
        text = " ".join(texts)
        if out and _spaced(out[-1], text[0]):
            out += " "
        out += text
    return out


# ------------------------------------------------------------ page flow

def _flow_blocks(lines: list[Line], left: float, right: float) -> list[Block]:
    """Blocks of the text outside ruled grids: rule-less tables and paragraphs."""
    blocks: list[Block] = []
    narrative: list[Line] = []
    i = 0
    while i < len(lines):
        end = _table_run_end(lines, i)
        if end - i >= 3 and _has_number(lines[i:end]):
            blocks += _paragraph_blocks(narrative, left, right)
            narrative = []
            rows = _aligned_rows(lines[i:end])
            blocks.append(Block(lines[i].top, _table_text(rows)))
            i = end
        else:
            narrative.append(lines[i])
            i += 1
    return blocks + _paragraph_blocks(narrative, left, right)


def _table_run_end(lines: list[Line], start: int) -> int:
    """End of the run of lines from ``start`` that have three or more segments."""
    end = start
    while end < len(lines) and len(lines[end].texts) >= 3:
        end += 1
    return end


def _has_number(lines: list[Line]) -> bool:
    return any(NUMBER.fullmatch(text) for line in lines for text in line.texts)


def _aligned_rows(lines: list[Line]) -> list[list[str]]:
    """Segments of a rule-less table placed into common columns.

    Columns are the x ranges of the rows with the most segments; each segment
    goes to the column it overlaps most, so a row with gaps gets empty cells.
    """
    widest = max(len(line.texts) for line in lines)
    spans = sorted(span for line in lines if len(line.texts) == widest for span in line.spans)
    columns: list[list[float]] = []
    for x0, x1 in spans:
        if columns and x0 <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    table = []
    for line in lines:
        cells = [""] * len(columns)
        for span, text in zip(line.spans, line.texts):
            c = max(range(len(columns)), key=lambda k: _overlap(columns[k], span))
            cells[c] = f"{cells[c]} {text}".strip()
        table.append(cells)
    return table


def _overlap(column: list[float], span: tuple[float, float]) -> float:
    """Overlap of a segment (its left and right) with a column; negative distance when apart."""
    return min(column[1], span[1]) - max(column[0], span[0])


def _paragraph_blocks(lines: list[Line], left: float, right: float) -> list[Block]:
    """Lines joined into paragraphs, one block (and one text line) each."""
    paragraphs: list[list[Line]] = []
    for i, line in enumerate(lines):
        if i and _continues(lines[i - 1], line, left, right):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return [Block(p[0].top, _join_lines(line.texts for line in p) + "\n", tuple(p)) for p in paragraphs]


def _continues(previous: Line, line: Line, left: float, right: float) -> bool:
    """Whether ``line`` carries on the paragraph of the line right above it."""
    return previous.cy - line.cy <= 2.5 * previous.height and _runs_on(previous, line, left, right)


def _runs_on(previous: Line, line: Line, left: float, right: float) -> bool:
    """Whether ``line`` can carry on the text of ``previous`` (wherever it stands)."""
    h = previous.height
    return (previous.x1 >= right - FULL_LINE_SLACK * h     # the line before is full
            and abs(line.x0 - left) <= h / 2                # this one is not indented
            and abs(line.height - h) <= h / 4               # is in the same type size
            and not ITEM_START.match(LEAD.match(line.text).group().replace("\t", " ")))   # and starts no item


def _table_text(rows: list[list[str]]) -> str:
    """Rows in the text reader's convention: tab-prefixed cells, blank line after a row."""
    return "".join("".join(f"\t{cell}\n" for cell in row) + "\n" for row in rows)
