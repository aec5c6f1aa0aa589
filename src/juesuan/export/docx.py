"""The 整改通知 of one unit as a Word document (python-docx), ready to sign.

Laid out after the 公文 format (GB/T 9704): title in 小标宋, the unit as
addressee, body in 仿宋 三号, first-level headings in 黑体 and second-level in
楷体, each a real heading style (Heading 1 / Heading 2), so Word's navigation
pane lists every finding.  The findings are numbered and grouped by severity;
each gives the quote, what is wrong, the arithmetic, what the text should say.
A closing paragraph, the signature and a date line to fill in end it.
"""

from __future__ import annotations

from docx import Document as new_document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .rows import SEVERITY_LABEL, Entry, Row, xml_safe

SECTIONS = [("error", "需要更正的错误"), ("warning", "需要核实的问题"), ("info", "提示（尾差等，供参考）")]
CHINESE_NUMBERS = "一二三四五六七八九十"
BODY_FONT, TITLE_FONT, H1_FONT, H2_FONT = "仿宋", "方正小标宋简体", "黑体", "楷体"


def write(unit: str, entries: list[Entry], path: str) -> None:
    """The notice to ``unit`` about the findings of its files ``entries``."""
    doc = new_document()
    _page_and_styles(doc)
    rows = [r for e in entries for r in e.rows]
    years = sorted({e.year for e in entries if e.year})
    year = "、".join(years)
    title = doc.add_paragraph(f"关于{year + '年度' if year else ''}部门决算公开问题的整改通知")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.runs[0], TITLE_FONT, 22)
    doc.add_paragraph(xml_safe(f"{unit}：")).paragraph_format.first_line_indent = Pt(0)
    names = "、".join(f"《{xml_safe(_name(e.file))}》" for e in entries)
    counts = "，".join(f"{SEVERITY_LABEL[s]}{n}处" for s, _ in SECTIONS
                      if (n := sum(1 for r in rows if r.severity == s)))
    doc.add_paragraph(f"经审核，你单位公开的{names}中发现以下{len(rows)}个问题（{counts or '无'}），"
                      "每个问题列出原文、问题所在和核算过程。请逐项核实，予以更正。" if rows else
                      f"经审核，你单位公开的{names}中未发现算术和一致性问题。")
    number = 0
    heading = 0
    several_files = len(entries) > 1
    for severity, label in SECTIONS:
        chosen = [r for r in rows if r.severity == severity]
        if not chosen:
            continue
        doc.add_heading(f"{CHINESE_NUMBERS[heading]}、{label}（{len(chosen)}处）", level=1)
        heading += 1
        for row in chosen:
            number += 1
            _finding(doc, number, row, several_files)
    unchecked = [e for e in entries if e.error]
    if unchecked:
        doc.add_heading(f"{CHINESE_NUMBERS[heading]}、未能核对的文件", level=1)
        heading += 1
        for e in unchecked:
            doc.add_paragraph(xml_safe(f"《{_name(e.file)}》：{e.error}"))
    doc.add_heading(f"{CHINESE_NUMBERS[heading]}、整改要求", level=1)
    doc.add_paragraph("请你单位自收到本通知之日起＿＿个工作日内完成整改，更正后重新公开，"
                      "并将整改情况（逐项说明更正内容或不予更正的理由）书面报送。")
    doc.add_paragraph()
    for text in ("（审核单位盖章）", "＿＿＿＿年＿＿月＿＿日"):
        p = doc.add_paragraph(text)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.save(path)


def _finding(doc, number: int, row: Row, several_files: bool) -> None:
    where = f"《{_name(row.file)}》{row.place}" if several_files else row.place
    doc.add_heading(xml_safe(f"{number}. {row.title}（{where}）" if where else f"{number}. {row.title}"), level=2)
    lines = [("原文", f"“{row.context}”" if row.context else ""), ("问题", row.message),
             ("算式", row.arithmetic), ("应为", row.expected + (f"（文中为{row.actual}）" if row.actual else "")),
             ("规则", f"{row.rule} {row.title}")]
    for label, text in lines:
        if text and text.strip():
            p = doc.add_paragraph()
            _font(p.add_run(f"{label}："), H1_FONT)
            p.add_run(xml_safe(text))


def _name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def _page_and_styles(doc) -> None:
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = doc.styles["Normal"]
    _font(normal, BODY_FONT, 16)
    normal.paragraph_format.first_line_indent = Pt(32)
    normal.paragraph_format.line_spacing = Pt(28)
    for name, font, size in (("Heading 1", H1_FONT, 16), ("Heading 2", H2_FONT, 16)):
        style = doc.styles[name]
        _font(style, font, size)
        style.font.bold = name == "Heading 2"
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.first_line_indent = Pt(32)
        style.paragraph_format.space_before = Pt(6)
        style.paragraph_format.space_after = Pt(0)


def _font(target, name: str, size: float | None = None) -> None:
    """Set a run's or a style's font, for Chinese characters too (w:eastAsia)."""
    target.font.name = name
    if size:
        target.font.size = Pt(size)
    fonts = target._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
