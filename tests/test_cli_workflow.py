"""``juesuan check`` as a reviewer uses it on a folder of disclosures: folders, many
processes, rule selection, statistics, output files, CSV/SARIF, a baseline, help,
colour, wrapping and places a person can find (issue 10)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from docx_builder import build_docx_from_txt
from juesuan.cli import main
from juesuan.outcome import FileOutcome
from juesuan.render.text import render
from juesuan.render.wrap import wrap
from test_cli import CLEAN, WRONG_SHARE

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))
PDF = FIXTURES / "shanghai-putuo-shgzb-2024.pdf"



def invoke(*args, env=None):
    try:
        runner = CliRunner(mix_stderr=False, env=env)
    except TypeError:                      # click ≥ 8.2 keeps stderr apart already
        runner = CliRunner(env=env)
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


def json_lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


@pytest.fixture
def folder(tmp_path):
    """seeds at the top and in a nested folder, a hidden file and folder, a file of
    another format, and an unreadable PDF."""
    root = tmp_path / "autumn"
    (root / "district" / "street").mkdir(parents=True)
    (root / ".cache").mkdir()
    shutil.copy(SEEDS[0], root / "a.txt")
    shutil.copy(SEEDS[1], root / "district" / "b.txt")
    shutil.copy(SEEDS[4], root / "district" / "street" / "c.txt")
    shutil.copy(SEEDS[2], root / ".cache" / "hidden.txt")
    shutil.copy(SEEDS[3], root / "district" / ".hidden.txt")
    (root / "district" / "notes.csv").write_text("a,b\n", encoding="utf-8")
    (root / "district" / "street" / "broken.pdf").write_bytes(b"\x00\x01 not a pdf")
    return root


# ------------------------------------------------------------------ folders

def test_a_folder_is_checked_recursively_without_hidden_files(folder):
    result = invoke("check", "--format", "json", folder)
    files = [Path(o["file"]).relative_to(folder).as_posix() for o in json_lines(result.stdout)]
    assert files == ["a.txt", "district/b.txt", "district/street/broken.pdf", "district/street/c.txt"]
    assert result.exit_code == 2                                  # broken.pdf could not be read
    assert f"juesuan: {folder / 'district/street/broken.pdf'}:" in result.stderr
    broken = json_lines(result.stdout)[2]
    assert broken["error"] and broken["findings"] == []
    assert "Traceback" not in result.stdout + result.stderr


def test_a_folder_of_readable_files_exits_by_its_findings(folder, tmp_path):
    (folder / "district" / "street" / "broken.pdf").unlink()
    assert invoke("check", folder).exit_code == 1                 # the seeds have errors
    assert invoke("check", "--exit-zero", folder).exit_code == 0
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "x.txt").write_text(CLEAN, encoding="utf-8")
    assert invoke("check", clean).exit_code == 0


def test_a_summary_on_stderr_for_text_output(folder):
    result = invoke("check", folder)
    for word in ("核对汇总", "文件", "已核对", "有错误的文件", "无法读取", "发现：错误", "规则族："):
        assert word in result.stderr
    assert "核对汇总" not in invoke("check", "--format", "json", folder).stderr


def test_two_processes_give_the_same_json_in_the_same_order(tmp_path):
    files = [*SEEDS, PDF, *SEEDS[:2]]
    one = invoke("check", "--format", "json", "-j", "1", *files)
    two = invoke("check", "--format", "json", "-j", "2", *files)
    assert one.stdout == two.stdout and one.exit_code == two.exit_code
    assert [o["file"] for o in json_lines(two.stdout)] == [str(f) for f in files]


# ------------------------------------------------------------ selecting findings

def _rules_found(result) -> set[str]:
    return {f["rule"] for o in json_lines(result.stdout) for f in o["findings"]}


def test_select_ignore_and_severity(tmp_path):
    everything = _rules_found(invoke("check", "--format", "json", *SEEDS))
    assert any(r.startswith("JS-R3") for r in everything) and any(r.startswith("JS-R2") for r in everything)
    shares = _rules_found(invoke("check", "--format", "json", "--select", "JS-R3", *SEEDS))
    assert shares and all(r.startswith("JS-R3") for r in shares)
    by_family = _rules_found(invoke("check", "--format", "json", "--select", "shares,hierarchy", *SEEDS))
    assert by_family == {r for r in everything if r.startswith(("JS-R3", "JS-R20"))}
    ignored = _rules_found(invoke("check", "--format", "json", "--ignore", "JS-R3,JS-R201", *SEEDS))
    assert ignored == {r for r in everything if not r.startswith("JS-R3") and r != "JS-R201"}
    errors = invoke("check", "--format", "json", "--severity", "error", *SEEDS)
    assert {f["severity"] for o in json_lines(errors.stdout) for f in o["findings"]} == {"error"}
    bad = invoke("check", "--select", "JS-X9", *SEEDS)
    assert bad.exit_code == 2 and "JS-X9" in bad.stderr


def test_exit_status_follows_the_reported_findings(tmp_path):
    doc = tmp_path / "wrong.txt"
    doc.write_text(WRONG_SHARE, encoding="utf-8")
    assert invoke("check", doc).exit_code == 1
    assert invoke("check", "--ignore", "shares", doc).exit_code == 0


def test_statistics_counts_findings_per_rule():
    plain = json_lines(invoke("check", "--format", "json", *SEEDS).stdout)
    counted = json.loads(invoke("check", "--statistics", "--format", "json", *SEEDS).stdout)
    expected = {}
    for o in plain:
        for f in o["findings"]:
            expected[f["rule"]] = expected.get(f["rule"], 0) + 1
    assert {r["rule"]: r["count"] for r in counted} == expected
    text = invoke("check", "--statistics", *SEEDS).stdout
    assert "各规则发现数" in text and "JS-R201" in text


def test_output_file_holds_what_stdout_would(tmp_path):
    target = tmp_path / "out.jsonl"
    result = invoke("check", "--format", "json", "--output-file", target, *SEEDS[:2])
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == invoke("check", "--format", "json", *SEEDS[:2]).stdout


# ------------------------------------------------------------ CSV and SARIF

def test_csv_has_a_bom_one_row_per_finding_and_safe_cells(tmp_path):
    doc = tmp_path / "wrong.txt"
    doc.write_text(WRONG_SHARE.replace("北京市", "=HYPERLINK(1)北京市"), encoding="utf-8")
    out = invoke("check", "--format", "csv", doc).stdout
    assert out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert rows and {r["rule"] for r in rows} >= {"JS-R301"}
    assert all(not r[k].startswith("=") for r in rows for k in r)
    share = next(r for r in rows if r["rule"] == "JS-R301")
    assert share["where"] == f"第{share['line']}行" and "66.00%" in share["quote"] + share["actual"]


def test_sarif_is_a_valid_2_1_0_log():
    log = json.loads(invoke("check", "--format", "sarif", *SEEDS[:2], PDF).stdout)
    assert log["version"] == "2.1.0" and "sarif" in log["$schema"]
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)) and all(r["shortDescription"]["text"] for r in rules)
    assert {r["defaultConfiguration"]["level"] for r in rules} <= {"error", "warning", "note"}
    assert run["results"]
    for res in run["results"]:
        assert ids[res["ruleIndex"]] == res["ruleId"]
        assert res["level"] in ("error", "warning", "note") and res["message"]["text"]
        (loc,) = res["locations"]
        phys = loc["physicalLocation"]
        assert phys["artifactLocation"]["uri"].startswith("file://")
        assert phys["region"]["startLine"] >= 1 and phys["region"]["snippet"]["text"]
        assert res["partialFingerprints"]["juesuanBaseline/v1"]
    on_pdf = [r for r in run["results"] if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
              .endswith(".pdf")]
    assert all(r["properties"]["page"] >= 1 and r["properties"]["page_line"] >= 1 for r in on_pdf)


# ------------------------------------------------------------------ baseline

def test_baseline_round_trip(tmp_path):
    doc = tmp_path / "永顺镇2024.txt"
    doc.write_text(WRONG_SHARE, encoding="utf-8")
    base = tmp_path / "baseline.json"
    first = invoke("check", "--format", "json", "--write-baseline", base, doc)
    assert first.exit_code == 1 and json_lines(first.stdout)[0]["findings"]
    again = invoke("check", "--format", "json", "--baseline", base, doc)
    assert again.exit_code == 0 and json_lines(again.stdout)[0]["findings"] == []
    # an unrelated edit: a line added above, a heading reworded — nothing new
    doc.write_text("（本文件于2025年6月更新）\n" + WRONG_SHARE.replace("（一）收入决算说明", "（一）收入决算情况说明"),
                   encoding="utf-8")
    edited = invoke("check", "--format", "json", "--baseline", base, doc)
    assert edited.exit_code == 0 and json_lines(edited.stdout)[0]["findings"] == []
    # a number changed: the new finding shows
    doc.write_text(WRONG_SHARE.replace("占本年支出合计的40.00%", "占本年支出合计的44.00%"), encoding="utf-8")
    changed = invoke("check", "--format", "json", "--baseline", base, doc)
    new = json_lines(changed.stdout)[0]["findings"]
    assert changed.exit_code == 1 and [f["actual"] for f in new if f["rule"] == "JS-R301"] == ["44.00%"]


def test_a_baseline_that_cannot_be_read_is_an_error(tmp_path):
    base = tmp_path / "baseline.json"
    base.write_text("{not json", encoding="utf-8")
    result = invoke("check", "--baseline", base, SEEDS[0])
    assert result.exit_code == 2 and "基线" in result.stderr


# ------------------------------------------------------------ help and colour

@pytest.mark.parametrize("args", [[], ["check"], ["extract"], ["rules"], ["score"], ["generate"]])
def test_dash_h_is_help_everywhere(args):
    result = invoke(*args, "-h")
    assert result.exit_code == 0 and "Usage:" in result.stdout and "-h, --help" in result.stdout
    assert "显示此说明并退出" in result.stdout


def test_check_help_is_chinese():
    out = invoke("check", "-h").stdout
    assert "退出码" in out and "--select" in out and "只报告" in out


def test_colour_on_a_terminal_unless_no_color(tmp_path):
    doc = tmp_path / "wrong.txt"
    doc.write_text(WRONG_SHARE, encoding="utf-8")
    forced = {"FORCE_COLOR": "1", "TERM": "xterm-256color"}
    assert "\x1b[" in invoke("check", doc, env={**forced, "NO_COLOR": None}).stdout
    assert "\x1b[" not in invoke("check", doc, env={**forced, "NO_COLOR": "1"}).stdout
    assert "\x1b[" not in invoke("check", "--no-color", doc, env={**forced, "NO_COLOR": None}).stdout
    assert "\x1b[" not in invoke("check", doc, env={"NO_COLOR": None, "FORCE_COLOR": None}).stdout


# ------------------------------------------------------------------ wrapping

def test_wrapping_never_splits_a_number():
    text = "“社会保障及就业支出”（类）2024年度年初预算12,345.67万元，决算12,345.67万元，完成年初预算的100.00%。"
    for width in range(20, 60):
        lines = wrap(text, width, "      ")
        assert "".join(line.strip() for line in lines) == text
        assert sum(line.count("12,345.67万元") for line in lines) == 2, (width, lines)
        assert all(line.startswith("        ") for line in lines[1:])         # a hanging indent


def test_text_rendered_at_width_40_keeps_numbers_whole():
    finding = {"rule": "JS-R201", "severity": "error", "title": "类/款/项金额与下级科目合计不符",
               "message": "“社会保障及就业支出”（类）决算数12,345.67万元，其下级科目合计12,346.67万元，相差1.00万元。",
               "expected": "12,346.67万元", "actual": "12,345.67万元", "arithmetic": None,
               "location": {"page": 18, "page_line": 3, "line": 1613, "start": 0, "end": 9, "quote": "12,345.67万元"}}
    outcome = FileOutcome("x.pdf", {"findings": [finding], "coverage": {"rules_run": 1, "rules_skipped": []}},
                          [{"context": "2024年度决算12,345.67万元，完成年初预算的99.24%。", "section": "（文首）"}],
                          {"org": "某街道", "year": 2024, "unit": "万元", "doc_type": "final_accounts"})
    out = render(outcome, 40)
    assert out.count("12,345.67万元") == 3 and out.count("12,346.67万元") == 2
    assert "第18页 第3行" in out and "1613" not in out
    assert all(len(line) <= 40 for line in out.splitlines())


# ------------------------------------------------------------ findable places

def test_a_pdf_finding_names_its_page_and_the_line_on_that_page():
    result = invoke("check", "--format", "json", PDF)
    (obj,) = json_lines(result.stdout)
    assert obj["findings"]
    for f in obj["findings"]:
        loc = f["location"]
        assert loc["page"] >= 1 and 1 <= loc["page_line"] <= loc["line"]
    text = invoke("check", PDF).stdout
    first = obj["findings"][0]["location"]
    assert f"第{first['page']}页 第{first['page_line']}行" in text
    assert first["line"] == first["page_line"] or f"第{first['line']}行" not in text   # nor in messages


def test_a_word_finding_names_its_paragraph(tmp_path):
    doc = build_docx_from_txt(WRONG_SHARE, tmp_path / "wrong.docx")
    (obj,) = json_lines(invoke("check", "--format", "json", doc).stdout)
    share = next(f for f in obj["findings"] if f["rule"] == "JS-R301")
    assert share["location"]["paragraph"] == 7                    # the 7th paragraph of the document
    assert "第7段" in invoke("check", doc).stdout


def _direct(paths: list[str]) -> list[dict]:
    """The JSON objects as one process computes them with every Document at hand: read
    all, group by disclosure, check, cross-check all (the reference for the batch)."""
    from juesuan.crossdoc import cross_check
    from juesuan.pipeline import Result, analyze_disclosure, disclosures, read_all
    from juesuan.render.json import to_dict

    read = read_all(paths)
    docs = [d for d in read if not isinstance(d, Result)]
    results = {id(r): r for r in read if isinstance(r, Result)}
    for group in disclosures(docs):
        for doc, result in zip(group, analyze_disclosure(group)):
            results[id(doc)] = result
    ordered = [results[id(item)] for item in read]
    cross_check(ordered)
    return [to_dict(r) for r in ordered]


def test_the_batch_equals_checking_everything_in_one_process(tmp_path):
    """Two rounds in worker processes (each file alone, then the files of a split
    disclosure and the documents with a neighbour again) give what one process with
    every Document in memory gives."""
    import test_cross_year as cy
    import test_disclosure as td

    texts = {
        "jcy-2018.txt": cy.TABLES.format(y=2018, prior="9,000.00", now="10,000.00"),
        "jcy-2019.txt": cy.TABLES.format(y=2019, prior="10,500.00", now="11,000.00"),
        "永顺镇2024说明.txt": td.NARRATIVE,
        "永顺镇2024报表.txt": td.TABLES,
        "wrong.txt": WRONG_SHARE,
    }
    paths = []
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / name))
    paths.insert(1, str(SEEDS[0]))
    reference = _direct(paths)
    for jobs in ("1", "2"):
        got = json_lines(invoke("check", "--format", "json", "-j", jobs, *paths).stdout)
        for obj in got:
            for f in obj["findings"]:
                for key in ("page_line", "paragraph", "table", "row", "column"):
                    f["location"].pop(key, None)
        assert got == reference
    assert any(f["rule"].startswith("JS-R95") for f in reference[2]["findings"])     # the cross check ran
    assert reference[3].get("together") and reference[4].get("together")            # the split disclosure


def test_places_for_word_name_the_paragraph_or_the_table_cell():
    from juesuan.document import Cell, Document, Span, Table
    from juesuan.places import place

    text = "标题\n\n第一段文字。\n\t项目\n\t金额\n\n\t合计\n\t12,345.67\n\n最后一段。\n"
    cell = text.index("12,345.67")
    rows = ((Cell("项目", Span(text.index("项目"), text.index("项目") + 2)),
             Cell("金额", Span(text.index("金额"), text.index("金额") + 2))),
            (Cell("合计", Span(text.index("合计"), text.index("合计") + 2)), Cell("12,345.67", Span(cell, cell + 9))))
    table = Table(rows=rows, span=Span(text.index("\t项目"), text.index("最后")))
    doc = Document("a.docx", text, tables=[table], source_format="docx")
    assert place(doc, cell) == "表1第2行第2列"
    assert place(doc, text.index("最后")) == "第3段"           # blank paragraphs and the table not counted
    pdf = Document("a.pdf", "封面\n第一页\n正文一\n正文二\n", page_starts=[0, 3], source_format="pdf")
    assert place(pdf, pdf.text.index("正文二")) == "第2页第3行"
