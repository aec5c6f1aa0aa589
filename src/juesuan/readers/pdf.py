"""PDF reader: page text and ruled tables rebuilt from character geometry.

pypdfium2 gives every character with its box and every vector path with its
bounds; the layout is rebuilt from that geometry alone (no second PDF
library, and fast: a 25-page disclosure takes about a tenth of a second,
a seventh of what pdfplumber needs for its text alone).

* Ruling lines (thin path objects, and the edges of rectangles) that touch
  one another form a table grid.  Characters inside the grid go to its
  cells; a grid cell with no rule between two neighbours is one merged cell,
  so "本年收入合\\n计" wrapped inside a cell reads "本年收入合计".
* The other characters are grouped into lines by height, then into
  paragraphs (a line that runs to the right margin continues on the next
  line when that one starts at the left margin), one paragraph per line.
* Runs of three or more lines with three or more widely spaced segments,
  some numeric, are tables without rules: their columns come from the rows
  with the most segments.

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
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate
from typing import Callable, Iterator, NamedTuple

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
NUMBER = re.compile(r"[-+]?\d[\d,]*(\.\d+)?%?")
ITEM_START = re.compile(                  # 第三部分 · 五、 · （二） · 3、 — a heading or list item
    r"第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、"
    r"|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．]\D")

Box = tuple[float, float, float, float]          # left, bottom, right, top
Transform = Callable[[Box], Box]


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


def glyph(char: str, box: Box) -> Glyph:
    """A character with its box (left, bottom, right, top in display space)."""
    x0, y0, x1, y1 = box
    return Glyph(char, x0, y0, x1, y1, (x0 + x1) / 2, (y0 + y1) / 2, y1 - y0)


class Line:
    """Glyphs of one printed line, left to right; its extent, and the
    segments it falls into where glyphs stand a column gap apart."""

    __slots__ = ("glyphs", "x0", "x1", "top", "cy", "height", "segments")

    def __init__(self, glyphs: tuple[Glyph, ...]):
        self.glyphs = glyphs
        self.x0, self.x1 = glyphs[0].x0, glyphs[-1].x1
        self.top = max(g.y1 for g in glyphs)
        self.cy = glyphs[0].cy
        self.height = max(g.height for g in glyphs)
        self.segments = _segments(glyphs)


@dataclass(frozen=True)
class Rule:
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
        pages = [_lay_out(pdf[i]) for i in range(len(pdf))]
        if not pages:
            raise ReadError(path, "PDF 没有任何页面（PDF without pages）")
        doubtful = _recognise_scans(path, pdf, pages)
    except pdfium.PdfiumError as exc:
        raise ReadError(path, f"PDF 页面无法解析，文件可能已损坏（{exc}）") from None
    finally:
        pdf.close()
    texts = _page_texts(pages, _margins(pages))
    starts = list(accumulate((len(t) for t in texts[:-1]), initial=0))
    text = "".join(texts)
    return Document(path=path, text=text, tables=find_tables(text), page_starts=starts, source_format="pdf",
                    uncertain=_uncertain_spans(texts, starts, doubtful))


def _recognise_scans(path: str, pdf: pdfium.PdfDocument, pages: list[PageLayout]) -> dict[int, list[str]]:
    """Pages without a text layer but with an image, recognised by OCR in place
    (:mod:`.ocr`, when installed); the numbers each read with low confidence.
    Without OCR, a PDF of mostly such pages is refused (a scan)."""
    from . import ocr

    bare = [i for i, page in enumerate(pages) if page.glyph_count < MIN_PAGE_CHARS]
    if not bare or not ocr.available():
        if _is_scanned(pages):
            raise ReadError(path, f"{SCANNED}；安装 OCR 组件后可识别：{ocr.INSTALL}")
        return {}
    doubtful = {}
    for i in bare:
        if ocr.has_image(pdf[i]):
            pages[i], doubtful[i] = ocr.recognise(pdf[i])
    if _is_scanned(pages):
        raise ReadError(path, SCANNED)
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
    """Each page's text; a paragraph running on to the next page is not broken."""
    blocks = [page.blocks(margins[page.size]) for page in pages]
    texts = ["".join(b.text for b in page_blocks) for page_blocks in blocks]
    for i in range(1, len(pages)):
        same_layout = pages[i].size == pages[i - 1].size
        if same_layout and _runs_across(blocks[i - 1], blocks[i], margins[pages[i].size]):
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
    start, the leftmost start shared by two or more full lines.
    """
    margins = {}
    for size in {page.size for page in pages}:
        lines = [line for page in pages if page.size == size for line in page.lines]
        if not lines:
            margins[size] = (0.0, 0.0)
            continue
        ends = Counter(round(line.x1) for line in lines)
        right = max(ends, key=lambda x: (ends[x], x))
        full = [line for line in lines if line.x1 >= right - FULL_LINE_SLACK * line.height]
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

    def blocks(self, margins: tuple[float, float]) -> list[Block]:
        """The page's tables and paragraphs in reading order."""
        return sorted(self.tables + _flow_blocks(self.lines, *margins), key=lambda b: -b.top)


def _lay_out(page: pdfium.PdfPage) -> PageLayout:
    to_display = _display_transform(page.get_rotation())
    glyphs = _glyphs(page.get_textpage(), to_display)
    x0, y0, x1, y1 = to_display(page.get_mediabox())
    return lay_out_glyphs(glyphs, *(_rulings(page, to_display) if glyphs else ([], [])), round(x1 - x0))


def lay_out_glyphs(glyphs: list[Glyph], horizontal: list[Rule], vertical: list[Rule], size: int) -> PageLayout:
    """A page's ruled tables and lines from its glyphs and ruling lines (display space)."""
    glyph_count = len(glyphs)
    tables = []
    for grid in _grids(_join_collinear(horizontal), _join_collinear(vertical)) if glyphs else ():
        inside, glyphs = grid.split(glyphs)
        if inside:                                # an empty grid is decoration
            tables.append(Block(grid.ys[0], _table_text(grid.rows(inside))))
    return PageLayout(glyph_count, size, tables, _group_lines(glyphs))


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


def _glyphs(textpage: pdfium.PdfTextPage, to_display: Transform) -> list[Glyph]:
    """Printed characters with their loose (advance-wide) boxes."""
    raw = textpage.raw
    rect = pdfium_c.FS_RECTF()
    left, top, right, bottom = range(4)          # FS_RECTF's fields, read as one float array
    box = memoryview(rect).cast("B").cast("f")
    get_unicode, is_generated = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_IsGenerated
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    glyphs = []
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        code = get_unicode(raw, i)
        if code <= 32 or 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        if char.isspace() or is_generated(raw, i):
            continue
        get_box(raw, i, rect)
        glyphs.append(glyph(char, to_display((box[left], box[bottom], box[right], box[top]))))
    return glyphs


# ----------------------------------------------------------------- rulings

def _rulings(page: pdfium.PdfPage, to_display: Transform) -> tuple[list[Rule], list[Rule]]:
    """Horizontal and vertical ruling lines of the page, collinear pieces joined."""
    horizontal, vertical = [], []
    for box, obj in _path_boxes(page.raw, pdfium_c.FPDFPage_CountObjects,
                                pdfium_c.FPDFPage_GetObject, to_display):
        x0, y0, x1, y1 = box
        if y1 - y0 <= RULE_WIDTH and x1 - x0 > RULE_WIDTH:
            horizontal.append(Rule((y0 + y1) / 2, x0, x1))
        elif x1 - x0 <= RULE_WIDTH and y1 - y0 > RULE_WIDTH:
            vertical.append(Rule((x0 + x1) / 2, y0, y1))
        elif x1 - x0 > RULE_WIDTH and y1 - y0 > RULE_WIDTH and 4 <= pdfium_c.FPDFPath_CountSegments(obj) <= 5:
            horizontal += [Rule(y0, x0, x1), Rule(y1, x0, x1)]     # a rectangle's edges
            vertical += [Rule(x0, y0, y1), Rule(x1, y0, y1)]
    return horizontal, vertical


def _path_boxes(parent, count: Callable, get: Callable, to_page: Transform) -> Iterator[tuple[Box, object]]:
    """Bounds (in display space) of every path object, also inside forms, and the object.

    Raw pdfium calls: pypdfium2's object wrappers would cost as much as the
    whole layout.
    """
    get_type, path, form = pdfium_c.FPDFPageObj_GetType, pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
    bounds = [ctypes.c_float() for _ in range(4)]
    for i in range(count(parent)):
        obj = get(parent, i)
        kind = get_type(obj)
        if kind == path:
            pdfium_c.FPDFPageObj_GetBounds(obj, *bounds)
            yield to_page(tuple(b.value for b in bounds)), obj
        elif kind == form:
            matrix = pdfium_c.FS_MATRIX()
            pdfium_c.FPDFPageObj_GetMatrix(obj, matrix)
            yield from _path_boxes(obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject,
                                   lambda box, m=matrix: to_page(_apply(m, box)))


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
    for line in _clusters(sorted(rules, key=lambda r: r.pos), key=lambda r: r.pos):
        pos = sum(r.pos for r in line) / len(line)
        current = None
        for rule in sorted(line, key=lambda r: r.lo):
            if current and rule.lo <= current.hi + SNAP:
                current = Rule(pos, current.lo, max(current.hi, rule.hi))
                joined[-1] = current
            else:
                current = Rule(pos, rule.lo, rule.hi)
                joined.append(current)
    return joined


def _clusters(items: list, key: Callable) -> Iterator[list]:
    """Split sorted items into runs whose keys lie within SNAP of the run's first."""
    run: list = []
    for item in items:
        if run and key(item) - key(run[0]) > SNAP:
            yield run
            run = []
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

    def split(self, glyphs: list[Glyph]) -> tuple[list[Glyph], list[Glyph]]:
        """The glyphs inside the grid, and the others."""
        left, right, bottom, top = self.xs[0], self.xs[-1], self.ys[-1], self.ys[0]
        inside, outside = [], []
        for g in glyphs:
            (inside if left < g.cx < right and bottom < g.cy < top else outside).append(g)
        return inside, outside

    def rows(self, glyphs: list[Glyph]) -> list[list[str]]:
        """Cell texts row by row (Word convention for merged cells)."""
        cells = self._merged_cells()
        texts = self._cell_texts(glyphs, cells)
        first_row = {}
        for index in range(self.cols * self.nrows):
            first_row.setdefault(cells.find(index), index // self.cols)
        rows = []
        for r in range(self.nrows):
            row, previous = [], None
            for c in range(self.cols):
                cell = cells.find(r * self.cols + c)
                if cell != previous:
                    row.append(texts.get(cell, "") if first_row[cell] == r else "")
                previous = cell
            rows.append(row)
        return rows

    def _cell_texts(self, glyphs: list[Glyph], cells: DisjointSets) -> dict[int, str]:
        by_cell: dict[int, list[Glyph]] = {}
        for g in glyphs:
            c = bisect.bisect_right(self.xs, g.cx) - 1
            r = bisect.bisect_right(self._neg_ys, -g.cy) - 1
            by_cell.setdefault(cells.find(r * self.cols + c), []).append(g)
        return {cell: _join_lines(_group_lines(gs)) for cell, gs in by_cell.items()}

    def _merged_cells(self) -> DisjointSets:
        """Atomic cells joined where no rule separates two neighbours."""
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
        return cells


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
    """Tables: groups of crossing rules with at least two rows and two columns."""
    grids = []
    for hs, vs in _connected(horizontal, vertical):
        xs = _edges([v.pos for v in vs] + [min(h.lo for h in hs), max(h.hi for h in hs)])
        ys = _edges([h.pos for h in hs] + [min(v.lo for v in vs), max(v.hi for v in vs)])
        if len(xs) >= 3 and len(ys) >= 3:
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

def _group_lines(glyphs: list[Glyph]) -> list[Line]:
    """Glyphs grouped into printed lines, top to bottom, each left to right."""
    lines, current = [], []
    first = None
    for g in sorted(glyphs, key=_by_cy, reverse=True):
        if current:
            fh, gh = first.height, g.height
            if abs(first.cy - g.cy) > (gh if gh > fh else fh) / 2:
                lines.append(_line(current))
                current = []
        if not current:
            first = g
        current.append(g)
    if current:
        lines.append(_line(current))
    return lines


def _by_cy(g: Glyph) -> float:
    return g.cy


def _by_x0(g: Glyph) -> float:
    return g.x0


def _line(glyphs: list[Glyph]) -> Line:
    """A line of glyphs in x order, without overprinted duplicates (fake bold)."""
    kept: list[Glyph] = []
    previous = None
    for g in sorted(glyphs, key=_by_x0):
        if previous and g.char == previous.char and g.x0 - previous.x0 < g.height * SPACE_GAP:
            continue
        kept.append(g)
        previous = g
    return Line(tuple(kept))


def _segments(glyphs: tuple[Glyph, ...]) -> list[list[Glyph]]:
    """A line's glyphs cut where they stand far apart (column gaps)."""
    previous = glyphs[0]
    segment = [previous]
    segments = [segment]
    for g in glyphs[1:]:
        gh, ph = g.height, previous.height
        if g.x0 - previous.x1 > COLUMN_GAP * (ph if ph > gh else gh):
            segment = []
            segments.append(segment)
        segment.append(g)
        previous = g
    return segments


def _text(glyphs: list[Glyph]) -> str:
    """Glyphs of one line as text, with a space where a gap stands for one.

    CJK text is set without spaces, and justified CJK lines spread their
    characters, so between two CJK characters only a wide gap counts.
    """
    previous = glyphs[0]
    out = [previous.char]
    for g in glyphs[1:]:
        ratio = SPACE_GAP if previous.char.isascii() or g.char.isascii() else CJK_SPACE_GAP
        gh, ph = g.height, previous.height
        if g.x0 - previous.x1 > ratio * (ph if ph > gh else gh):
            out.append(" ")
        out.append(g.char)
        previous = g
    return "".join(out)


def _spaced(left: str, right: str) -> bool:
    """Whether words are space-separated here: next to a non-CJK character."""
    return left.isascii() or right.isascii()


def _join_lines(lines: list[Line]) -> str:
    """Wrapped lines of one cell or paragraph as one line of text."""
    out = ""
    for line in lines:
        text = " ".join(_text(seg) for seg in line.segments)
        if out and _spaced(out[-1], text[0]):
            out += " "
        out += text
    return out


# ------------------------------------------------------------ page flow

def _flow_blocks(lines: list[Line], left: float, right: float) -> list[Block]:
    """Blocks of the text outside ruled grids: rule-less tables and paragraphs."""
    blocks: list[Block] = []
    segmented = [line.segments for line in lines]
    narrative: list[Line] = []
    i = 0
    while i < len(lines):
        end = _table_run_end(segmented, i)
        if end - i >= 3 and _has_number(segmented[i:end]):
            blocks += _paragraph_blocks(narrative, left, right)
            narrative = []
            rows = _aligned_rows(segmented[i:end])
            blocks.append(Block(lines[i].top, _table_text(rows)))
            i = end
        else:
            narrative.append(lines[i])
            i += 1
    return blocks + _paragraph_blocks(narrative, left, right)


def _table_run_end(segmented: list[list[list[Glyph]]], start: int) -> int:
    """End of the run of lines from ``start`` that have three or more segments."""
    end = start
    while end < len(segmented) and len(segmented[end]) >= 3:
        end += 1
    return end


def _has_number(rows: list[list[list[Glyph]]]) -> bool:
    return any(NUMBER.fullmatch(_text(seg)) for row in rows for seg in row)


def _aligned_rows(rows: list[list[list[Glyph]]]) -> list[list[str]]:
    """Segments of a rule-less table placed into common columns.

    Columns are the x ranges of the rows with the most segments; each segment
    goes to the column it overlaps most, so a row with gaps gets empty cells.
    """
    widest = max(len(row) for row in rows)
    spans = sorted((seg[0].x0, seg[-1].x1) for row in rows if len(row) == widest for seg in row)
    columns: list[list[float]] = []
    for x0, x1 in spans:
        if columns and x0 <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    table = []
    for row in rows:
        cells = [""] * len(columns)
        for seg in row:
            c = max(range(len(columns)), key=lambda k: _overlap(columns[k], seg))
            cells[c] = f"{cells[c]} {_text(seg)}".strip()
        table.append(cells)
    return table


def _overlap(column: list[float], seg: list[Glyph]) -> float:
    """Overlap of a segment with a column; negative distance when apart."""
    return min(column[1], seg[-1].x1) - max(column[0], seg[0].x0)


def _paragraph_blocks(lines: list[Line], left: float, right: float) -> list[Block]:
    """Lines joined into paragraphs, one block (and one text line) each."""
    paragraphs: list[list[Line]] = []
    for i, line in enumerate(lines):
        if i and _continues(lines[i - 1], line, left, right):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return [Block(p[0].top, _join_lines(p) + "\n", tuple(p)) for p in paragraphs]


def _continues(previous: Line, line: Line, left: float, right: float) -> bool:
    """Whether ``line`` carries on the paragraph of the line right above it."""
    return previous.cy - line.cy <= 2.5 * previous.height and _runs_on(previous, line, left, right)


def _runs_on(previous: Line, line: Line, left: float, right: float) -> bool:
    """Whether ``line`` can carry on the text of ``previous`` (wherever it stands)."""
    h = previous.height
    return (previous.x1 >= right - FULL_LINE_SLACK * h     # the line before is full
            and abs(line.x0 - left) <= h / 2                # this one is not indented
            and abs(line.height - h) <= h / 4               # is in the same type size
            and not ITEM_START.match(_text(list(line.glyphs[:8]))))   # and starts no item


def _table_text(rows: list[list[str]]) -> str:
    """Rows in the text reader's convention: tab-prefixed cells, blank line after a row."""
    return "".join("".join(f"\t{cell}\n" for cell in row) + "\n" for row in rows)
