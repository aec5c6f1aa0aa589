"""The 审核意见表 as an Excel workbook (openpyxl).

Sheet 审核意见: one row per finding (and one per file that could not be checked,
级别 未核对 with the reason), an autofilter over all columns, the header frozen,
set column widths, wrapped text, each row filled by its severity, and the
处理意见 / 复核人 columns (filled from the review desk's reviews, else empty for the reviewer).  Sheet 汇总: each unit's findings
counted by rule family and by severity.
"""

from __future__ import annotations

from collections import Counter

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .rows import FAMILY_LABEL, HEADER, SEVERITY_LABEL, UNCHECKED, Entry, table, xml_safe

WIDTHS = {"单位": 24, "年度": 7, "文件": 28, "页": 5, "位置": 18, "规则": 28, "级别": 7, "问题": 50,
          "原文": 50, "应为": 16, "算式": 36, "处理意见": 24, "复核人": 10}
FILLS = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7", UNCHECKED: "D9D9D9"}
HEADER_FILL = "1F4E78"
LINE_HEIGHT = 15          # points per line of 11-point text
MAX_LINES = 12


def write(entries: list[Entry], path: str) -> None:
    book = Workbook()
    findings = book.active
    findings.title = "审核意见"
    _findings_sheet(findings, entries)
    _summary_sheet(book.create_sheet("汇总"), entries)
    book.save(path)


def _findings_sheet(sheet, entries: list[Entry]) -> None:
    sheet.append(HEADER)
    _style_header(sheet)
    wrap = Alignment(wrap_text=True, vertical="top")
    for severity, cells in table(entries):
        sheet.append([xml_safe(c) if isinstance(c, str) else c for c in cells])
        fill = PatternFill("solid", fgColor=FILLS[severity])
        for cell in sheet[sheet.max_row]:
            cell.alignment = wrap
            cell.fill = fill
        sheet.row_dimensions[sheet.max_row].height = LINE_HEIGHT * _lines(cells)
    for i, name in enumerate(HEADER, 1):
        sheet.column_dimensions[get_column_letter(i)].width = WIDTHS[name]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADER))}{sheet.max_row}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _lines(cells: list) -> int:
    """Lines the tallest wrapped cell of a row takes (a CJK character is two widths wide):
    not every spreadsheet sizes such rows by itself."""
    def width(text: str) -> int:
        return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
    tallest = max(-(-width(str(c)) // WIDTHS[name]) for name, c in zip(HEADER, cells) if c)
    return min(max(tallest, 1), MAX_LINES)


def _style_header(sheet) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _summary_sheet(sheet, entries: list[Entry]) -> None:
    """Units × findings by family, then by severity, and the files not checked."""
    families = [f for f in FAMILY_LABEL if any(r.family == f for e in entries for r in e.rows)]
    others = any(r.family not in FAMILY_LABEL for e in entries for r in e.rows)
    columns = [FAMILY_LABEL[f] for f in families] + (["其他"] if others else [])
    severities = list(SEVERITY_LABEL)
    sheet.append(["单位", "年度", "文件数"] + columns + [SEVERITY_LABEL[s] for s in severities]
                 + ["合计", UNCHECKED])
    _style_header(sheet)
    units: dict[tuple[str, str], list[Entry]] = {}
    for item in entries:
        units.setdefault((item.unit, item.year), []).append(item)
    for (unit, year), items in units.items():
        rows = [r for e in items for r in e.rows]
        by_family = Counter(r.family_label for r in rows)
        by_severity = Counter(r.severity for r in rows)
        sheet.append([xml_safe(unit), year, len(items)] + [by_family[c] for c in columns]
                     + [by_severity[s] for s in severities] + [len(rows), sum(1 for e in items if e.error)])
    sheet.column_dimensions["A"].width = 30
    for i in range(3, len(columns) + len(severities) + 6):
        sheet.column_dimensions[get_column_letter(i)].width = 9
    sheet.freeze_panes = "B2"
