"""Small .xlsx files written by hand, for the spreadsheet reader's tests.

openpyxl writes a formula without its cached result; a workbook saved by
Excel has both.  This writer gives each formula cell the cached value the
test says, so a result that disagrees with its formula can be built; cells
are inline strings, numbers (shown with two decimals unless given a format)
and ``{"f": "SUM(B2:B3)", "v": 5}`` formula cells.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from openpyxl.utils.cell import get_column_letter

_FORMATS = {"0.00": 1, "General": 0, "0.00%": 2, "0": 3}
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def xlsx_bytes(sheets: dict, merges: dict | None = None) -> bytes:
    """An .xlsx of ``{sheet name: rows}``, rows being lists of cells (None: empty)."""
    out = io.BytesIO()
    names = list(sheets)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                      for i in range(len(names))) + "</Types>"))
        z.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"))
        z.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {_NS} {_REL}><sheets>'
            + "".join(f'<sheet name="{escape(n, {chr(34): "&quot;"})}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                      for i, n in enumerate(names)) + "</sheets></workbook>"))
        z.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                      for i in range(len(names)))
            + f'<Relationship Id="rId{len(names) + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            "</Relationships>"))
        z.writestr("xl/styles.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {_NS}><fonts count="1"><font/></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0"/>'
            '<xf numFmtId="2" applyNumberFormat="1"/><xf numFmtId="10" applyNumberFormat="1"/>'
            '<xf numFmtId="1" applyNumberFormat="1"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'))
        for i, name in enumerate(names):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", _sheet(sheets[name], (merges or {}).get(name, [])))
    return out.getvalue()


def _sheet(rows: list, merges: list[str]) -> str:
    body = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(_cell(f"{get_column_letter(c)}{r}", v) for c, v in enumerate(row, start=1) if v is not None)
        body.append(f'<row r="{r}">{cells}</row>')
    merged = (f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges)
              + "</mergeCells>") if merges else ""
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}><sheetData>{"".join(body)}</sheetData>{merged}</worksheet>'


def _cell(ref: str, value) -> str:
    if isinstance(value, dict) and "f" in value:
        style = _FORMATS[value.get("fmt", "0.00")]
        cached = value.get("v")
        if isinstance(cached, str):
            return f'<c r="{ref}" t="e" s="{style}"><f>{escape(value["f"])}</f><v>{escape(cached)}</v></c>'
        v = "" if cached is None else f"<v>{cached}</v>"
        return f'<c r="{ref}" s="{style}"><f>{escape(value["f"])}</f>{v}</c>'
    if isinstance(value, dict):
        return f'<c r="{ref}" s="{_FORMATS[value["fmt"]]}"><v>{value["n"]}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}" s="1"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'
