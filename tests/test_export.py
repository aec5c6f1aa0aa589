"""``juesuan report``: the 审核意见表 (.xlsx, .csv), the 整改通知 (.docx) and the HTML report.

Real inputs: the Shanghai PDF, a seed as .txt and rebuilt as .docx, an empty
file (not checkable), and saved JSON Lines, one of them with a hostile unit
name and a hostile quote.  Every output is read back with the library that a
reviewer's program would use (openpyxl, python-docx, the HTML text).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document as read_docx
from docx_builder import build_docx_from_txt

from juesuan.cli import main
from juesuan.export.command import safe_name
from juesuan.export.rows import HEADER

SHANGHAI = "shanghai-putuo-shgzb-2024.pdf"
SEED = "000_7a2d2a46f442ff4e.txt"
HOSTILE_UNIT = "<script>alert(1)</script>"
HOSTILE_TEXT = "一、说明\n本年收入合计<b>100.00</b>万元，=HYPERLINK(\"http://x\")。\n"


def invoke(*args: str):
    try:                                   # click < 8.2 mixes stderr into output by default
        runner = CliRunner(mix_stderr=False)
    except TypeError:
        runner = CliRunner()
    return runner.invoke(main, [str(a) for a in args])


def hostile_line(path: Path) -> str:
    """A saved `check --format json` object of ``path`` (HOSTILE_TEXT) whose unit is a script."""
    start = HOSTILE_TEXT.index("<b>")
    end = HOSTILE_TEXT.index("。", start)
    finding = {"rule": "JS-R101", "severity": "error", "title": "合计<i>不符</i>",
               "message": "=HYPERLINK(\"http://x\") 合计应为<b>200.00</b>万元", "expected": "200.00万元",
               "actual": "100.00万元", "arithmetic": "100 + 100 = 200 ≠ 100",
               "location": {"page": None, "line": 2, "start": start, "end": end,
                            "quote": HOSTILE_TEXT[start:end]}}
    return json.dumps({"file": str(path), "doc_type": "final_accounts",
                       "figures": {"meta.org": HOSTILE_UNIT, "meta.year": 2024},
                       "findings": [finding]}, ensure_ascii=False)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, fixtures_dir, seeds_dir):
    """A folder with the Shanghai PDF, a seed .txt and .docx and an empty file; a JSON Lines file."""
    root = tmp_path_factory.mktemp("export")
    folder = root / "公开文件"
    folder.mkdir()
    shutil.copy(fixtures_dir / SHANGHAI, folder / SHANGHAI)
    seed = (seeds_dir / SEED).read_text(encoding="utf-8")
    (folder / "a-seed.txt").write_text(seed, encoding="utf-8")
    build_docx_from_txt(seed, root / "seed-copy.docx")
    (folder / "empty.txt").write_bytes(b"")
    hostile = root / "hostile.txt"
    hostile.write_text(HOSTILE_TEXT, encoding="utf-8")
    saved = root / "saved.jsonl"
    saved.write_text(hostile_line(hostile) + "\n", encoding="utf-8")
    return {"root": root, "folder": folder, "docx": root / "seed-copy.docx", "saved": saved}


def report(inputs, name: str, *extra):
    out = inputs["root"] / "out" / name
    result = invoke("report", inputs["folder"], inputs["saved"], *extra, "-o", out, "--force")
    return result, out


@pytest.fixture(scope="module")
def workbook(inputs):
    result, out = report(inputs, "审核意见表.xlsx")
    assert result.exit_code == 2, result.stderr        # the empty file could not be checked
    assert "empty.txt" in result.stderr
    return openpyxl.load_workbook(out)


# ------------------------------------------------------------------- xlsx

def test_xlsx_one_row_per_finding_with_header_filter_freeze_and_fills(workbook):
    sheet = workbook["审核意见"]
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:M{sheet.max_row}"
    rows = [dict(zip(HEADER, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]
    pdf_rows = [r for r in rows if r["文件"].endswith(SHANGHAI)]
    assert pdf_rows and all(r["单位"] == "中共上海市普陀区委社会工作部" and r["年度"] == "2024" for r in pdf_rows)
    for r in pdf_rows:                  # a place a person finds: page, line from its top, table row
        assert re.fullmatch(r"第\d+页 第\d+行( 表格「.+」行)?", r["位置"]), r["位置"]
        assert r["页"] == int(re.match(r"第(\d+)页", r["位置"]).group(1))
    zero_base = next(r for r in pdf_rows if r["规则"].startswith("JS-R405"))
    assert "增长 100.00%" in zero_base["原文"] and zero_base["算式"]
    txt_rows = [r for r in rows if r["文件"].endswith("a-seed.txt")]
    assert txt_rows and all(re.fullmatch(r"第\d+行( 表格「.+」行)?", r["位置"]) for r in txt_rows)
    assert all(r["处理意见"] is None and r["复核人"] is None for r in rows)
    fills = {r["级别"]: row[0].fill.fgColor.rgb[-6:] for r, row in zip(rows, sheet.iter_rows(min_row=2))}
    assert fills["错误"] == "FFC7CE" and fills["警告"] == "FFEB9C" and fills["未核对"] == "D9D9D9"
    assert sheet["H2"].alignment.wrap_text
    assert sheet.column_dimensions["H"].width == 50


def test_xlsx_lists_the_file_that_could_not_be_checked_with_its_reason(workbook):
    rows = [[c.value for c in row] for row in workbook["审核意见"].iter_rows(min_row=2)]
    empty = [r for r in rows if r[2].endswith("empty.txt")]
    assert len(empty) == 1 and empty[0][6] == "未核对" and "空" in empty[0][7]


def test_xlsx_summary_counts_each_units_findings_by_family(workbook):
    findings = [[c.value for c in row] for row in workbook["审核意见"].iter_rows(min_row=2)]
    summary = workbook["汇总"]
    head = [c.value for c in summary[1]]
    assert head[:3] == ["单位", "年度", "文件数"] and "合计" in head and "错误" in head
    by_unit = {row[0].value: dict(zip(head, (c.value for c in row))) for row in summary.iter_rows(min_row=2)}
    shanghai = by_unit["中共上海市普陀区委社会工作部"]
    expected = sum(1 for r in findings if r[0] == "中共上海市普陀区委社会工作部" and r[6] != "未核对")
    assert shanghai["合计"] == expected
    families = head[3:head.index("错误")]
    assert sum(shanghai[f] for f in families) == expected
    assert by_unit["empty"]["未核对"] == 1


# -------------------------------------------------------------------- csv

def test_csv_has_a_bom_the_columns_and_no_formula(inputs):
    result, out = report(inputs, "审核意见表.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    hostile = next(r for r in rows if r[0] == HOSTILE_UNIT)
    assert hostile[7].startswith("'=HYPERLINK")            # neutralised: no spreadsheet runs it
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_extract_csv_starts_with_a_bom(seeds_dir):
    result = invoke("extract", "--format", "csv", seeds_dir / SEED)
    assert result.stdout.startswith("\ufefffile,kind,")


# ---------------------------------------------------------- saved JSON Lines

def test_a_bad_saved_line_is_named_and_the_others_still_used(inputs):
    saved = inputs["root"] / "mixed.jsonl"
    good = hostile_line(inputs["root"] / "hostile.txt")
    saved.write_text("\n".join([good, "{not json", json.dumps({"findings": []}),
                                json.dumps({"file": "x.pdf", "findings": [{"rule": "JS-R1", "severity": "fatal"}]}),
                                "[1, 2]"]) + "\n", encoding="utf-8")
    out = inputs["root"] / "out" / "mixed.xlsx"
    result = invoke("report", saved, "-o", out, "--force")
    assert result.exit_code == 2
    for number in (2, 3, 4, 5):
        assert f"mixed.jsonl:{number}:" in result.stderr
    assert "mixed.jsonl:1:" not in result.stderr
    assert "Traceback" not in result.stderr
    rows = list(openpyxl.load_workbook(out)["审核意见"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [HOSTILE_UNIT]
    assert rows[0][4] == "第2行" and "<b>100.00</b>" in rows[0][8]     # re-read: the sentence, not the quote


def test_an_existing_output_is_kept_without_force(inputs, tmp_path):
    out = tmp_path / "审核意见表.xlsx"
    out.write_bytes(b"reviewer's work")
    result = invoke("report", inputs["saved"], "-o", out)
    assert result.exit_code == 2 and "--force" in result.stderr
    assert out.read_bytes() == b"reviewer's work"


def test_an_unknown_output_form_is_refused(inputs, tmp_path):
    result = invoke("report", inputs["saved"], "-o", tmp_path / "out.pdf")
    assert result.exit_code == 2 and ".xlsx" in result.stderr


# ------------------------------------------------------------------- docx

@pytest.fixture(scope="module")
def notices(inputs):
    result, out = report(inputs, "整改通知/")
    assert result.exit_code == 2, result.stderr
    return out


def test_one_notice_per_unit_named_after_the_unit_safely(notices):
    names = sorted(p.name for p in notices.iterdir())
    assert any("中共上海市普陀区委社会工作部" in n for n in names)
    assert all(n.endswith("-整改通知.docx") and re.match(r"\d\d-", n) for n in names)
    assert not any("empty" in n for n in names)          # no unit named: no notice, but a message
    hostile = next(n for n in names if "script" in n)
    assert "/" not in hostile and "<" not in hostile and ".." not in hostile


def test_safe_name_keeps_nothing_that_makes_a_path():
    assert safe_name("../../etc/passwd", 3) == "etcpasswd"
    assert safe_name("a\x00b\nc\u202ed", 1) == "abcd"
    assert safe_name("...", 7) == "单位7"
    assert len(safe_name("很" * 500, 1)) == 40


def test_notice_has_heading_styles_and_every_finding(notices, workbook):
    path = next(p for p in notices.iterdir() if "普陀" in p.name)
    doc = read_docx(path)
    paragraphs = doc.paragraphs
    assert paragraphs[0].text.startswith("关于2024年度") and paragraphs[0].text.endswith("整改通知")
    assert paragraphs[1].text == "中共上海市普陀区委社会工作部："
    h1 = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    h2 = [p.text for p in paragraphs if p.style.name == "Heading 2"]
    rows = [r for r in workbook["审核意见"].iter_rows(min_row=2, values_only=True)
            if r[0] == "中共上海市普陀区委社会工作部"]
    assert len(h2) == len(rows)
    assert [int(t.split(".")[0]) for t in h2] == list(range(1, len(rows) + 1))
    assert any("需要更正的错误" in t for t in h1) and h1[-1].endswith("整改要求")
    text = "\n".join(p.text for p in paragraphs)
    assert "算式：" in text and "原文：" in text and "问题：" in text
    assert paragraphs[-1].text.endswith("年＿＿月＿＿日") and "盖章" in paragraphs[-2].text


def test_one_unit_gives_one_notice_at_the_name_given(inputs, tmp_path):
    out = tmp_path / "整改通知.docx"
    result = invoke("report", inputs["saved"], "-o", out)
    assert result.exit_code == 0, result.stderr
    doc = read_docx(out)
    assert doc.paragraphs[1].text == HOSTILE_UNIT + "："


# ------------------------------------------------------------------- html

@pytest.fixture(scope="module")
def page(inputs):
    result, out = report(inputs, "report.html", inputs["docx"])
    assert result.exit_code == 2, result.stderr
    return out


def test_html_escapes_every_text_of_the_documents(page):
    html = page.read_text(encoding="utf-8")
    assert HOSTILE_UNIT not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>100.00</b>" not in html and "&lt;b&gt;100.00&lt;/b&gt;" in html
    assert "<i>不符</i>" not in html


def test_html_is_standalone(page):
    html = page.read_text(encoding="utf-8")
    assert "data:image/png;base64," in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<link" not in html
    assert page.stat().st_size < 3_000_000


def test_html_every_finding_links_to_its_highlight(page):
    html = page.read_text(encoding="utf-8")
    links = re.findall(r'<a href="#(d\d+-f\d+)">', html)
    assert len(links) >= 10
    for target in links:
        element = re.search(rf'<(div|span) class="([^"]*)" id="{target}"', html)
        assert element and "hl" in element.group(2), target
    boxes = re.findall(r'class="hl" id="(d\d+-f\d+)" data-f="[^"]+" title="\d+" style="left:([\d.]+)%;'
                       r'top:([\d.]+)%;width:([\d.]+)%;height:([\d.]+)%"', html)
    assert boxes                                          # the PDF's findings boxed on their pages
    for _, *numbers in boxes:
        assert all(0 <= float(n) <= 100 for n in numbers)
    sections = html.split("<section ")
    pdf = next(s for s in sections if f"— {SHANGHAI}" in s or f"/{SHANGHAI}</h2>" in s)
    assert 'class="hl missing"' not in pdf and pdf.count('<figure class="page"') >= 2   # all placed


def test_html_text_view_marks_the_quote(page):
    html = page.read_text(encoding="utf-8")
    assert re.search(r'<mark data-f="d\d+-f1 ">&lt;b&gt;100.00&lt;/b&gt;万元，=HYPERLINK', html)


def test_a_name_pattern_places_each_notice_and_the_unit_never_makes_a_path(inputs, tmp_path):
    saved = tmp_path / "two.jsonl"
    line = json.loads(hostile_line(inputs["root"] / "hostile.txt"))
    other = dict(line, file=str(inputs["root"] / "missing.txt"), figures={"meta.org": "../../逃逸/单位\x07"})
    saved.write_text(json.dumps(line) + "\n" + json.dumps(other) + "\n", encoding="utf-8")
    result = invoke("report", saved, "-o", f"{tmp_path}/通知/{{n}}-{{unit}}.docx")
    assert result.exit_code == 0, result.stderr
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.docx"))
    assert written == ["通知/01-scriptalert(1)script.docx", "通知/02-逃逸单位.docx"]


def test_no_notice_for_a_unit_with_nothing_to_correct(tmp_path):
    clean = tmp_path / "clean.jsonl"
    clean.write_text(json.dumps({"file": "a.pdf", "figures": {"meta.org": "某单位"}, "findings": []}) + "\n",
                     encoding="utf-8")
    result = invoke("report", clean, "-o", tmp_path / "通知")
    assert result.exit_code == 0 and "未写入整改通知" in result.stderr
    assert not (tmp_path / "通知").exists()


def test_an_export_place_names_the_page_line_and_a_pdf_table_row():
    from juesuan.document import Cell, Document, Span, Table
    from juesuan.places import where_found

    text = "封面\n收入支出决算总表\n收入合计 120.00 支出合计 120.00\n说明文字。\n"
    label, amount = text.index("收入合计"), text.index("120.00")
    table = Table(rows=((Cell("收入合计", Span(label, label + 4)), Cell("120.00", Span(amount, amount + 6))),),
                  span=Span(label, text.index("\n说明")))
    pdf = Document("a.pdf", text, tables=[table], page_starts=[0, 3], source_format="pdf")
    assert where_found(pdf, amount) == "第2页 第2行 表格「收入合计」行"
    assert where_found(pdf, text.index("说明")) == "第2页 第3行"
    word = Document("a.docx", text, tables=[table], source_format="docx")
    assert where_found(word, amount) == "表1 第1行第2列"        # a Word cell is found by 表/行/列 already
