"""Spreadsheets: the fixture's nine tables as an .xlsx (and a .xls made from it
by LibreOffice) give the same table lines and figures as the PDF; formulas,
merged cells, numbers stored as text, cell places; bad workbooks are refused
with a message, quickly."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook
from xlsx_builder import xlsx_bytes

from juesuan.cli import main
from juesuan.pipeline import analyze
from juesuan.readers import read, read_bytes

PDF = Path(__file__).parent / "fixtures" / "shanghai-putuo-shgzb-2024.pdf"
NUMBER = re.compile(r"-?\d+\.(\d+)")
NOTE = ("注", "说明", "无")


def table_facts(result) -> tuple[set, dict]:
    """Lines of the standard tables (not the narrative's), and the figures."""
    lines = {(ln.table, ln.code, ln.name, *(str(a.value) if a else None for a in
                                            (ln.actual, ln.basic, ln.project, ln.budget)))
             for ln in result.report.lines if not ln.table.startswith(("narrative", "overview"))}
    return lines, dict(result.report.figures())


def fixture_workbook(path: Path) -> Path:
    """The PDF's tables written as Excel sheets, as a finance system exports
    them: the title lines above each table, the table with its merged cells (a
    row shorter than the table merges its first cell across the missing
    columns), numbers as numbers shown with their printed decimals, notes below."""
    doc = read(str(PDF))
    book = Workbook()
    book.remove(book.active)
    previous_end, sheet = doc.page_starts[4], None          # the tables part starts on page 5
    for table in doc.tables[1:]:
        between = [ln for ln in doc.text[previous_end:table.span.start].split("\n") if ln.strip()]
        for note in (ln for ln in between if ln.startswith(NOTE) and sheet is not None):
            sheet.append([note])
        title = [ln for ln in between if not ln.startswith(NOTE)]
        sheet = book.create_sheet(re.sub(r"[“”]", "", title[-2])[:31])
        for line in title:
            sheet.append([line])
        for row in table.rows:
            r, short = sheet.max_row + 1, table.width - len(row)
            for j, cell in enumerate(row):
                _put(sheet, r, 1 if j == 0 else j + 1 + short, cell.text)
            if short:
                sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=1 + short)
        previous_end = table.span.end
    for note in (ln for ln in doc.text[previous_end:].split("\n") if ln.startswith(NOTE)):
        sheet.append([note])
    book.save(path)
    return path


def _put(sheet, row: int, column: int, text: str) -> None:
    number = NUMBER.fullmatch(text)
    cell = sheet.cell(row, column, float(text) if number else (text or None))
    if number:
        cell.number_format = "0." + "0" * len(number.group(1))


@pytest.fixture(scope="module")
def pdf_facts():
    return table_facts(analyze(str(PDF)))


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    return fixture_workbook(tmp_path_factory.mktemp("xlsx") / "决算报表.xlsx")


def test_xlsx_gives_the_pdf_tables(workbook, pdf_facts):
    result = analyze(str(workbook))
    lines, figures = table_facts(result)
    pdf_lines, pdf_figures = pdf_facts
    assert len(pdf_lines) > 100
    assert lines == pdf_lines
    assert figures and all(pdf_figures.get(key) == value for key, value in figures.items()
                           if key not in ("meta.org", "meta.year"))
    assert figures["expenditure.total"] == pdf_figures["expenditure.total"]


def test_each_sheet_is_a_titled_page_with_cell_places(workbook):
    doc = read(str(workbook))
    assert len(doc.page_starts) == 9 and doc.source_format == "xlsx"
    first_page = doc.text[: doc.page_starts[1]]
    assert first_page.startswith("中共上海市普陀区委社会工作部 2024 年度部门决算表\n收入支出决算总表\n单位：万元\n\t")
    offset = doc.text.index("\t307.82") + 1
    assert doc.place_of(offset) == "收入支出决算总表!B6"      # three title rows, two header rows


def test_xls_gives_the_pdf_tables(workbook, pdf_facts, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is needed to write a .xls")
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "xls", "--outdir", str(tmp_path), str(workbook)],
                   check=True, capture_output=True, timeout=180)
    xls = tmp_path / "决算报表.xls"
    result = analyze(str(xls))
    assert result.report.document.source_format in ("xls", "xlsx")     # xlrd, else LibreOffice again
    assert table_facts(result)[0] == pdf_facts[0]


def test_workbook_beside_its_narrative_is_one_disclosure(workbook, tmp_path):
    narrative = tmp_path / "决算.txt"
    narrative.write_text("中共上海市普陀区委社会工作部2024年度部门决算\n一、收入支出决算总体情况说明\n"
                         "2024年度收入总计307.82万元，支出总计307.82万元。\n", encoding="utf-8")
    tables = tmp_path / "决算报表.xlsx"
    tables.write_bytes(workbook.read_bytes())
    from juesuan.pipeline import disclosures, read_all

    assert [[Path(d.path).name for d in g] for g in disclosures(read_all([str(narrative), str(tables)]))] == \
        [["决算.txt", "决算报表.xlsx"]]


def test_merged_cells_header_rows_and_numbers_stored_as_text():
    data = xlsx_bytes({"收入决算表": [
        ["收入决算表"], [None, None, "单位：万元"],
        ["项目", None, "本年收入合计"],
        ["科目编码", "科目名称", None],
        ["合计", None, "1,307.80"],
        ["201", "一般公共服务支出", {"n": 1307.8, "fmt": "0.00"}],
    ]}, merges={"收入决算表": ["A3:B3", "C3:C4", "A5:B5"]})
    doc = read_bytes("t.xlsx", data)
    assert doc.text == ("收入决算表\n单位：万元\n\t项目\n\t本年收入合计\n\n\t科目编码\n\t科目名称\n\t\n\n"
                        "\t合计\n\t1,307.80\n\n\t201\n\t一般公共服务支出\n\t1307.80\n\n")
    assert doc.tables[0].rows[2][1].text == "1,307.80"


def test_a_formula_never_calculated_shows_its_value():
    data = xlsx_bytes({"支出决算表": [["科目名称", "本年支出合计"], ["一般公共服务支出", 264.87],
                                    ["住房保障支出", 42.95], ["合计", {"f": "SUM(B2:B3)"}]]})
    doc = read_bytes("t.xlsx", data)
    assert "\t合计\n\t307.82\n" in doc.text


def test_json_location_names_the_cell(tmp_path):
    path = tmp_path / "表.xlsx"
    path.write_bytes(xlsx_bytes({"支出决算表": [["某某街道2024年度部门决算"], ["支出决算表"], ["单位：万元"],
                                               ["科目名称", "本年支出合计"],
                                               ["合计", {"f": "SUM(B6:B7)", "v": 310.82}],
                                               ["一般公共服务支出", 264.87], ["住房保障支出", 42.95]]}))
    run = CliRunner().invoke(main, ["check", "--format", "json", "--exit-zero", str(path)])
    out = json.loads(run.output.splitlines()[0])
    found = [f for f in out.get("findings", []) if f["rule"] == "JS-R216"]
    assert found and found[0]["location"]["cell"] == "支出决算表!B5" and found[0]["expected"] == "307.82"
    assert [ln["location"].get("cell") for ln in out["lines"] if ln["name"] == "合计"] == ["支出决算表!A5"]


def _rezip(data: bytes, member: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, content if info.filename == member else src.read(info))
    return out.getvalue()


BASE = xlsx_bytes({"表": [["项目", "金额"], ["合计", 1.0]]})
SHEET = "xl/worksheets/sheet1.xml"
HEAD = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def _rows(count: int) -> bytes:
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i) for i in range(1, count + 1))
    return HEAD + b'<dimension ref="A1:A%d"/><sheetData>' % count + rows + b"</sheetData></worksheet>"


@pytest.mark.parametrize("name,make,words", [           # built when run: a million rows take a second
    ("zip bomb", lambda: _rezip(BASE, SHEET, HEAD + b"<sheetData>" + b" " * 60_000_000 + b"</sheetData></worksheet>"),
     "解压后过大"),
    ("a million rows", lambda: _rezip(BASE, SHEET, _rows(1_000_000)), "过大"),
    ("150,000 rows", lambda: _rezip(BASE, SHEET, _rows(150_000)), "上限"),
    ("holds more rows than it declares", lambda: _rezip(BASE, SHEET, _rows(6001).replace(b"A1:A6001", b"A1:A2")),
     "上限"),
    ("damaged sheet XML", lambda: _rezip(BASE, SHEET, HEAD + b"<sheetData><row>"), "无法"),
    ("not a workbook inside", lambda: b"PK\x03\x04" + b"\x00" * 100, "不是"),
])
def test_bad_workbooks_are_refused_with_a_message(tmp_path, name, make, words):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(make())
    start = time.perf_counter()
    result = analyze(str(path))
    assert result.error and words in result.error, (name, result.error)
    assert time.perf_counter() - start < 20


def test_a_sheet_formatted_far_below_its_table_is_read():
    data = _rezip(xlsx_bytes({"表": [["科目名称", "本年支出合计"], ["合计", 307.82]]}), SHEET,
                  HEAD + b'<dimension ref="A1:B65536"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
                  + "科目名称".encode() + b'</t></is></c><c r="B1"><v>307.82</v></c></row></sheetData></worksheet>')
    assert "\t科目名称\n\t307.82\n" in read_bytes("t.xlsx", data).text


def test_formulas_that_error_or_are_not_simple_do_not_break_the_check():
    data = xlsx_bytes({"支出决算表": [
        ["支出决算表"], ["科目名称", "本年支出合计", "占比"],
        ["一般公共服务支出", 264.87, {"f": "B3/B5", "v": "#DIV/0!"}],
        ["住房保障支出", 42.95, {"f": "SUM(A1:XFD1048576)", "v": 1.0}],
        ["合计", {"f": "SUM(B:B)", "v": 0}, {"f": "VLOOKUP(A1,A1:C5,2)", "v": 2.0}],
    ]})
    doc = read_bytes("t.xlsx", data)
    assert [f.terms for f in doc.formulas][1:] == [None, None, None]
    assert "#DIV/0!" in doc.text
