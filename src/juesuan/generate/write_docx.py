"""Word output (python-docx) in the layout of official documents (党政机关公文格式).

Body 仿宋_GB2312 三号 with fixed 28-point lines and a two-character first-line
indent; the title 方正小标宋简体 二号; 第一部分 and 一、 headings 黑体, （一）
楷体_GB2312, 1、 仿宋 bold; tables 宋体 小五 with merged header cells
repeated on every page, numbers right-aligned; the part with the nine tables
in a landscape section; page numbers "— 1 —" in the footer.  A font the
reader's machine lacks is replaced by Word or LibreOffice with a similar
Chinese font.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .charts import Chart
from .narrative import Block
from .tables import Grid

BODY_FONT, BODY_SIZE = "仿宋_GB2312", Pt(16)
LATIN_FONT = "Times New Roman"
HEADING_STYLE = {   # level → (font, size, bold, centred)
    0: ("方正小标宋简体", Pt(22), False, True),
    1: ("黑体", Pt(16), False, True),
    2: ("黑体", Pt(16), False, False),
    3: ("楷体_GB2312", Pt(16), False, False),
    4: ("仿宋_GB2312", Pt(16), True, False),
}   # levels 1–4 also get the styles Heading 1–4 (the outline), their look set as above
TABLE_FONT, TABLE_SIZE = "宋体", Pt(9)
TABLE_STYLE = "表格文字"
NOTE_SIZE = Pt(10.5)
LANDSCAPE_PARTS = ("决算表", "自评表")


def _font(run, name: str, size, bold: bool = False) -> None:
    """Chinese in ``name``, digits and Latin letters in Times New Roman (the official convention)."""
    run.font.size = size
    run.font.bold = bold
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), name)
    for attr in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), LATIN_FONT)


def _paragraph(doc_or_cell, text: str, font: str = BODY_FONT, size=BODY_SIZE, bold: bool = False,
               align=None, indent: bool = True, exact: bool = True):
    p = doc_or_cell.add_paragraph()
    fmt = p.paragraph_format
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(28) if size >= Pt(14) else Pt(size.pt * 1.5)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size.pt * 2)
    if align is not None:
        p.alignment = align
    _font(p.add_run(text), font, size, bold)
    return p


def _setup(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = BODY_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    cell_style = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell_style.base_style = normal
    cell_style.font.name = LATIN_FONT
    cell_style.font.size = TABLE_SIZE
    cell_style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), TABLE_FONT)
    pf = cell_style.paragraph_format
    pf.space_before = pf.space_after = Pt(0)
    pf.first_line_indent = Pt(0)
    pf.line_spacing = 1.0
    _margins(doc.sections[0])
    _page_number(doc.sections[0])


def _margins(section) -> None:
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.2), Cm(2.8)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)


def _page_number(section) -> None:
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("— "), BODY_FONT, Pt(14))
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    p._p.append(field)
    _font(p.add_run(" —"), BODY_FONT, Pt(14))


def _new_section(doc, landscape: bool) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _margins(section)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
        section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
        section.left_margin, section.right_margin = Cm(2.0), Cm(2.0)
    else:
        section.orientation = WD_ORIENT.PORTRAIT


def _shade(cell, color: str = "E7EEF7") -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), color)
    cell._tc.get_or_add_tcPr().append(shd)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _cell_margins(table, margin) -> None:
    """Narrow left/right cell margins: a 元 amount to the fen fits its column."""
    tbl_pr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(margin.twips))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tbl_pr.append(mar)


def _cell_text(cell, text: str, bold: bool, align) -> None:
    p = cell.paragraphs[0]
    p.alignment = align
    if text:
        _font(p.add_run(text), TABLE_FONT, TABLE_SIZE, bold)


def _table(doc, grid: Grid, usable_width) -> None:
    if grid.unit:
        _paragraph(doc, grid.unit, size=NOTE_SIZE, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, exact=False)
    rows = list(grid.header) + list(grid.body)
    table = doc.add_table(rows=len(rows), cols=grid.width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = grid.widths or (1,) * grid.width
    unit_width = usable_width / sum(widths)
    table.autofit = False
    _cell_margins(table, Cm(0.1))
    for i, col in enumerate(table._tbl.tblGrid.gridCol_lst):
        col.w = int(unit_width * widths[i])
    flat = table._cells            # row-major, fetched once (table.cell() recomputes it every call)
    style_id = doc.styles[TABLE_STYLE].style_id
    for i, cell in enumerate(flat):
        cell.width = int(unit_width * widths[i % grid.width])
        cell._tc.p_lst[0].style = style_id        # by id: python-docx looks a name up among all styles
    taken: set[tuple[int, int]] = set()
    for r, cells in enumerate(rows):
        header = r < len(grid.header)
        if header:
            _repeat_header(table.rows[r])
        col = 0
        for c in cells:
            while (r, col) in taken:
                col += 1
            if col >= grid.width:
                break
            target = flat[r * grid.width + col]
            if c.colspan > 1 or c.rowspan > 1:
                target = target.merge(flat[(r + c.rowspan - 1) * grid.width + col + c.colspan - 1])
            taken.update((r + dr, col + dc) for dr in range(c.rowspan) for dc in range(c.colspan))
            align = WD_ALIGN_PARAGRAPH.CENTER if header else (
                WD_ALIGN_PARAGRAPH.RIGHT if c.numeric else WD_ALIGN_PARAGRAPH.LEFT)
            _cell_text(target, c.text, c.bold or header, align)
            if header or c.rowspan > 1:
                target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            if header:
                _shade(target)
            col += c.colspan
    if grid.note:
        _paragraph(doc, "注：" + grid.note, size=NOTE_SIZE, indent=False, exact=False)
    if grid.empty_note:
        _paragraph(doc, "说明：" + grid.empty_note, size=NOTE_SIZE, indent=False, exact=False)


def _chart(doc, chart: Chart) -> None:
    if chart.png is None:
        return
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run().add_picture(io.BytesIO(chart.png), width=Cm(13))
    _paragraph(doc, chart.caption, size=Pt(12), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, exact=False)


def _heading(doc, b: Block) -> None:
    font, size, bold, centred = HEADING_STYLE.get(b.level, HEADING_STYLE[4])
    bold = bold or b.level in (1, 2)        # 黑体 headings stay heavy where the font is substituted
    p = _paragraph(doc, b.text, font, size, bold, align=WD_ALIGN_PARAGRAPH.CENTER if centred else None,
                   indent=not centred and b.level >= 2, exact=b.level > 0)
    p.paragraph_format.keep_with_next = True
    if b.level >= 1:        # an outline level: Word's navigation pane and automatic 目录 list it
        p.style = doc.styles[f"Heading {min(b.level, 4)}"]
        for run in p.runs:
            run.font.color.rgb = RGBColor(0, 0, 0)
            run.font.italic = False
    if b.level <= 1:
        p.paragraph_format.space_before = Pt(12)
        p.paragraph_format.space_after = Pt(12)
    if b.level == 0:
        for run in p.runs:
            run.font.color.rgb = RGBColor(0, 0, 0)


def _usable_width(doc):
    s = doc.sections[-1]
    return s.page_width - s.left_margin - s.right_margin


def render(blocks: list[Block], grids: dict[str, Grid], charts: dict[str, Chart], path: Path) -> dict[Path, bytes]:
    doc = Document()
    _setup(doc)
    for i, b in enumerate(blocks):
        if b.kind == "pagebreak":
            nxt = next((x for x in blocks[i + 1:] if x.kind == "heading"), None)
            _new_section(doc, landscape=bool(nxt and nxt.text.endswith(LANDSCAPE_PARTS)))
        elif b.kind == "heading":
            _heading(doc, b)
        elif b.kind == "paragraph":
            _paragraph(doc, b.text)
        elif b.kind == "table":
            _table(doc, grids[b.text], _usable_width(doc))
        elif b.kind == "chart" and b.text in charts:
            _chart(doc, charts[b.text])
    out = io.BytesIO()
    doc.save(out)
    return {path: out.getvalue()}
