"""Bad input never crashes ``score`` and ``generate``, and their output is safe (issue 9).

Each case builds the input the issue's author reproduced: expansion bombs
(a cell at XFD1048576, a zip member that inflates to gigabytes, YAML alias
bombs), values of the wrong kind (NaN, ±Infinity, 1e400, sexagesimal, a
text where a mapping belongs, 100,000-deep nesting, GBK and UTF-16 files,
an empty workbook), output paths (a folder, a missing folder, an
unwritable place, an existing file, a concurrent run) and injection
(Markdown/HTML markup and line breaks in data, CSV formulas, terminal
control characters).  Exit 2 means "cannot be read / written", with a
message naming the field; a traceback never shows.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import Workbook

import juesuan
from juesuan.cli import main
from juesuan.generate.publish import OutputError, publish
from juesuan.readers import read_bytes
from juesuan.render.csv import neutralised
from juesuan.render.text import visible

ROOT = Path(__file__).resolve().parents[1]
FORM = (ROOT / "examples" / "self-evaluation-form.yaml").read_text(encoding="utf-8")
ROW = "{code: 201, name: 一般公共服务支出, total: 10, %s: 10}"
SMALL_DATA = f"""org: 测试街道办事处
year: 2023
unit: 万元
tables:
  income: {{rows: [{ROW % 'fiscal'}]}}
  expenditure: {{rows: [{ROW % 'basic'}]}}
  general: {{rows: [{ROW % 'basic'}]}}
  basic: {{rows: [{{code: 301, name: 工资福利支出, amount: 10}}]}}
"""
ALIAS_BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))


def invoke(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# ---- 4. expansion bombs, with the memory they take -------------------------------------

def run_measured(*args, timeout: int = 120) -> tuple[int, str, float]:
    """Exit status, stderr and peak memory (MB) of ``juesuan ARGS`` in a child process."""
    wrapper = ("import resource, subprocess, sys\n"
               "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
               "sys.stderr.write(r.stderr)\n"
               "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    env = dict(os.environ, PYTHONPATH=str(Path(juesuan.__file__).parents[1]))
    done = subprocess.run([sys.executable, "-c", wrapper, sys.executable, "-m", "juesuan", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, env=env)
    code, kilobytes = done.stdout.split()
    return int(code), done.stderr, int(kilobytes) / 1024


def far_cell_workbook(path: Path, keep_dimension: bool = True) -> Path:
    """31 KB that declare (or, without a <dimension>, merely hold) a cell at XFD1048576."""
    wb = Workbook()
    wb.active["A1"] = "项目名称"
    wb.active["XFD1048576"] = "x"
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item)
            if not keep_dimension and item.filename.endswith("sheet1.xml"):
                data = data.replace(b'<dimension ref="A1:XFD1048576"/>', b"")
            out.writestr(item, data)
    return path


@pytest.mark.parametrize("command", ["score", "generate"])
def test_far_cell_is_refused_quickly_and_in_little_memory(tmp_path, command):
    book = far_cell_workbook(tmp_path / "bomb.xlsx")
    args = [command, book] + (["-o", tmp_path / "out.md"] if command == "generate" else [])
    code, err, megabytes = run_measured(*args)
    assert code == 2 and "1048576 行 16384 列" in err
    assert megabytes < 500
    assert "Traceback" not in err


def test_a_sheet_that_hides_its_dimension_is_still_read_within_bounds(tmp_path):
    book = far_cell_workbook(tmp_path / "bomb.xlsx", keep_dimension=False)
    code, err, megabytes = run_measured("score", book)
    assert code == 2 and megabytes < 500 and "Traceback" not in err


def test_a_zip_member_that_inflates_to_gigabytes_is_refused_unread(tmp_path):
    book = tmp_path / "big.xlsx"
    buf = io.BytesIO()
    Workbook().save(buf)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item, src.read(item))
        out.writestr("xl/sharedStrings.xml", b"\0" * 60_000_000)
    assert book.stat().st_size < 200_000
    for args in (["score", book], ["generate", book, "-o", tmp_path / "out.md"]):
        result = invoke(*args)
        assert result.exit_code == 2 and "解压后过大" in result.output


@pytest.mark.parametrize("command", ["score", "generate"])
def test_yaml_alias_bomb_is_refused_before_it_expands(tmp_path, command):
    bomb = write(tmp_path / "bomb.yaml", ALIAS_BOMB)
    assert len(bomb.read_bytes()) < 500
    args = [command, bomb] + (["-o", tmp_path / "out.md"] if command == "generate" else [])
    code, err, megabytes = run_measured(*args)
    assert code == 2 and "锚点或别名" in err
    assert megabytes < 500


# ---- 8. values of the wrong kind: exit 2, the field named ----------------------------------

FORM_CASES = [
    ("budget: 67.97", "budget: .nan", "funds.budget"),
    ("budget: 67.97", "budget: .inf", "funds.budget"),
    ("budget: 67.97", "budget: -.inf", "funds.budget"),
    ("budget: 67.97", "budget: 1.0e400", "funds.budget"),
    ("budget: 67.97", "budget: 1:30:00.5", "funds.budget"),
    ("budget: 67.97", "budget: -67.97", "不能为负数"),
    ("weight: 10\nindicators", "weight: -10\nindicators", "funds.weight"),
    ("target: \"2\", actual: \"2\", weight: 15", "target: \"2\", actual: \"2\", weight: -15",
     "indicators[第1项].weight"),
    ("weight: 15}", "weight: 150}", "0至100"),
    ("project: 中仓街道重点区域精细化管控项目", "project: [1, 2]", "project"),
]


@pytest.mark.parametrize("old,new,named", FORM_CASES)
def test_score_refuses_bad_values_naming_the_field(tmp_path, old, new, named):
    assert old in FORM
    result = invoke("score", write(tmp_path / "f.yaml", FORM.replace(old, new, 1)))
    assert result.exit_code == 2
    assert named in result.output


@pytest.mark.parametrize("key,value,named", [("funds", "abc", "funds"), ("bands", [1, 2, 3], "bands"),
                                              ("qualitative", {"优": 150}, "qualitative.优"),
                                              ("indicators", 5, "indicators"), ("indicators", [], "indicators"),
                                              ("indicators", [{"name": "x"}], "indicators[第1项].weight")])
def test_score_refuses_wrong_kinds(tmp_path, key, value, named):
    form = dict(yaml.safe_load(FORM), **{key: value})
    result = invoke("score", write(tmp_path / "f.yaml", yaml.safe_dump(form, allow_unicode=True)))
    assert result.exit_code == 2
    assert named in result.output


def test_a_qualitative_scheme_above_100_would_score_above_the_weight_and_is_refused(tmp_path):
    result = invoke("score", write(tmp_path / "f.yaml", FORM + "qualitative: {优: 120, 良: 80}\n"))
    assert result.exit_code == 2 and "qualitative.优" in result.output


@pytest.mark.parametrize("suffix,text", [(".yaml", "a: " + "[" * 100_000 + "]" * 100_000),
                                         (".json", '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}")])
def test_deep_nesting_is_refused(tmp_path, suffix, text):
    path = write(tmp_path / f"deep{suffix}", text)
    assert invoke("score", path).exit_code == 2
    result = invoke("generate", path, "-o", tmp_path / "o.md")
    assert result.exit_code == 2 and "嵌套" in result.output


@pytest.mark.parametrize("encoding", ["gbk", "utf-16", "utf-8-sig"])
def test_gbk_and_utf16_files_are_read(tmp_path, encoding):
    result = invoke("score", write(tmp_path / "f.yaml", FORM, encoding), "--format", "json")
    assert result.exit_code == 0 and json.loads(result.output)["total"] == "100.00"
    result = invoke("generate", write(tmp_path / "d.yaml", SMALL_DATA, encoding), "-o", tmp_path / "d.md",
                    "--no-charts")
    assert result.exit_code == 0, result.output


def test_json_forms_are_scored_like_yaml(tmp_path):
    form = json.dumps({"funds": {"budget": 100, "executed": 90}, "indicators": [
        {"name": "完成率", "target": "100", "actual": "90", "weight": 90}]})
    result = invoke("score", write(tmp_path / "f.json", form), "--format", "json")
    assert result.exit_code == 0 and json.loads(result.output)["total"] == "90.00"
    result = invoke("score", write(tmp_path / "f.json", form.replace("90}", "NaN}")))
    assert result.exit_code == 2 and "indicators[第1项].weight" in result.output


def test_an_empty_workbook_is_refused(tmp_path):
    path = tmp_path / "empty.xlsx"
    Workbook().save(path)
    assert invoke("score", path).exit_code == 2
    result = invoke("generate", path, "-o", tmp_path / "o.md")
    assert result.exit_code == 2 and "缺少工作表" in result.output


GENERATE_CASES = [
    ("org: 测试街道办事处", "org: [a, b]", "org"),
    ("org: 测试街道办事处", "org: {a: 1}", "org"),
    ("year: 2023", "year: 1:30:00.5", "year"),
    ("year: 2023", "year: 99999", "year"),
    ("unit: 万元", "unit: 千元", "unit"),
    ("total: 10, fiscal: 10", "total: .nan, fiscal: 10", "tables.income 第1行 total"),
    ("total: 10, fiscal: 10", "total: 1.0e400, fiscal: 10", "tables.income 第1行 total"),
    ("total: 10, fiscal: 10", "total: .inf, fiscal: 10", "tables.income 第1行 total"),
    ("total: 10, fiscal: 10", "total: [1], fiscal: 10", "tables.income.rows[第1项].total"),
    ("income: {rows:", "income: {rows: abc, x:", "tables.income.rows"),
    ("year: 2023", "year: 2023\nsettings: [1, 2]", "settings"),
    ("year: 2023", "year: 2023\nbudgets: {general: {201: -5}}", "budgets.general.201：年初预算“-5”不能为负数"),
    ("year: 2023", "year: 2023\nprofile: {duties: \"a\\x1bb\"}", "profile.duties：含有控制字符或无效字符"),
]


@pytest.mark.parametrize("old,new,named", GENERATE_CASES)
def test_generate_refuses_bad_values_naming_the_field(tmp_path, old, new, named):
    assert old in SMALL_DATA
    result = invoke("generate", write(tmp_path / "d.yaml", SMALL_DATA.replace(old, new, 1)), "-o",
                    tmp_path / "d.md", "--no-charts")
    assert result.exit_code == 2, result.output
    assert named in result.output
    assert not (tmp_path / "d.md").exists()


# ---- 9. output paths -----------------------------------------------------------------------

def generate_to(tmp_path, out, *extra):
    return invoke("generate", write(tmp_path / "d.yaml", SMALL_DATA), "-o", out, "--no-charts", *extra)


def test_output_onto_a_folder_is_refused(tmp_path):
    (tmp_path / "out.md").mkdir()
    result = generate_to(tmp_path, tmp_path / "out.md")
    assert result.exit_code == 2 and "是一个文件夹" in result.output


@pytest.mark.parametrize("name", ["d.xlsx", "d.md", "d.docx"])
def test_a_missing_folder_is_created(tmp_path, name):
    out = tmp_path / "new" / "sub" / name
    assert generate_to(tmp_path, out).exit_code == 0
    assert out.is_file()
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]     # no temp file left


def test_an_unwritable_place_is_a_clear_error(tmp_path):
    (tmp_path / "file").write_text("x")
    for out in (tmp_path / "file" / "d.md", tmp_path / "file" / "d.xlsx"):
        result = generate_to(tmp_path, out)
        assert result.exit_code == 2 and "无法在" in result.output


def test_an_existing_output_needs_force(tmp_path):
    out = tmp_path / "d.md"
    out.write_text("the reviewer's edits")
    result = generate_to(tmp_path, out)
    assert result.exit_code == 2 and "--force" in result.output
    assert out.read_text() == "the reviewer's edits"
    assert generate_to(tmp_path, out, "--force").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# 测试街道办事处")
    assert oct(out.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_an_existing_chart_file_beside_the_md_needs_force(tmp_path):
    pytest.importorskip("matplotlib")
    fig = tmp_path / "d-fig1.svg"
    fig.write_text("mine")
    result = invoke("generate", write(tmp_path / "d.yaml", SMALL_DATA), "-o", tmp_path / "d.md")
    assert result.exit_code == 2 and "d-fig1.svg 已存在" in result.output
    assert fig.read_text() == "mine" and not (tmp_path / "d.md").exists()


def test_the_check_reads_this_runs_file_and_a_concurrent_one_is_not_overwritten(tmp_path):
    target = tmp_path / "d.md"
    seen = []

    def check(path: Path):
        seen.append((path, path.read_bytes()))
        target.write_bytes(b"another run's file")        # another run finishes meanwhile
        return 0

    with pytest.raises(OutputError, match="已存在"):
        publish({target: b"this run's file"}, force=False, check=check)
    assert seen[0][0] != target and seen[0][1] == b"this run's file"
    assert target.read_bytes() == b"another run's file"
    assert [p.name for p in tmp_path.iterdir()] == ["d.md"]
    assert publish({target: b"this run's file"}, force=True, check=lambda p: p.read_bytes()) == b"this run's file"
    assert target.read_bytes() == b"this run's file"


def test_concurrent_runs_each_check_their_own_file(tmp_path):
    data = write(tmp_path / "d.yaml", SMALL_DATA)
    other = write(tmp_path / "e.yaml", SMALL_DATA.replace("测试街道办事处", "另一街道办事处"))
    env = dict(os.environ, PYTHONPATH=str(Path(juesuan.__file__).parents[1]))
    out = tmp_path / "d.md"
    runs = [subprocess.Popen([sys.executable, "-m", "juesuan", "generate", str(d), "-o", str(out), "--no-charts",
                              "--force"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for d in (data, other)]
    results = [r.communicate(timeout=120) + (r.returncode,) for r in runs]
    assert all(code == 0 for _, _, code in results), results
    assert out.read_text(encoding="utf-8").splitlines()[0] in ("# 测试街道办事处2023年度部门决算",
                                                               "# 另一街道办事处2023年度部门决算")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# ---- 10. injection -------------------------------------------------------------------------

HOSTILE = SMALL_DATA.replace("year: 2023", """year: 2023
profile:
  duties: "# 伪造的标题"
  structure: "[[table income]]"
  staff: "<script>alert(1)</script> <img src=x onerror=alert(2)> [点此](javascript:alert(3))"
reasons:
  income.total: "| 伪 | 表 |"
""").replace("org: 测试街道办事处", 'org: "测试街道办事处\\n## 第九部分 伪造"')


def test_markdown_output_prints_data_text_and_forges_nothing(tmp_path):
    out = tmp_path / "d.md"
    result = invoke("generate", write(tmp_path / "d.yaml", HOSTILE), "-o", out, "--no-charts")
    assert result.exit_code == 0, result.output
    md = out.read_text(encoding="utf-8")
    assert not re.search(r"(?<!\\)(<script|<img|\]\(javascript:)", md)
    assert "\\<script\\>" in md and "\\[点此\\](javascript:alert(3))" in md
    lines = md.splitlines()
    assert not any(line.startswith(("## 第九部分", "# 伪造", "[[table", "| 伪")) for line in lines)
    assert lines[0] == "# 测试街道办事处 ## 第九部分伪造2023年度部门决算"      # one line: the title
    assert "＃ 伪造的标题" in lines and "［［table income\\]\\]" in lines
    headings = [s.title for s in read_outline(out)]
    assert not any("伪造" in h for h in headings)


def read_outline(path: Path):
    from juesuan.extract import build_report

    return build_report(read_bytes(str(path), path.read_bytes())).sections


def test_html_output_escapes_data_text(tmp_path):
    out = tmp_path / "d.html"
    assert invoke("generate", write(tmp_path / "d.yaml", HOSTILE), "-o", out, "--no-charts").exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<h2>第九部分" not in html


def test_word_output_holds_the_text_verbatim(tmp_path):
    from docx import Document

    out = tmp_path / "d.docx"
    assert invoke("generate", write(tmp_path / "d.yaml", HOSTILE), "-o", out, "--no-charts").exit_code == 0
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "<script>alert(1)</script>" in text


@pytest.mark.parametrize("cell,safe", [("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
                                       ("+cmd", "'+cmd"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
                                       ("\tx", "'\tx"), ("\rx", "'\rx"), ("-3.20", "-3.20"), ("12", "12"),
                                       ("一般公共服务支出", "一般公共服务支出"), (None, "")])
def test_csv_cells_are_never_formulas(cell, safe):
    assert neutralised(cell) == safe


def test_extract_csv_quotes_a_file_name_that_is_a_formula(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "=1+2.txt").write_text((ROOT / "examples" / "zhongcang-2024.txt").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    result = invoke("extract", "--format", "csv", "=1+2.txt")
    rows = result.output.splitlines()[1:]
    assert rows and all(r.startswith("'=1+2.txt,") for r in rows)


def test_terminal_output_shows_control_characters_as_escapes(tmp_path):
    text = (ROOT / "examples" / "zhongcang-2024.txt").read_text(encoding="utf-8")
    target = "行政事业单位养老支出"
    assert target in text
    path = tmp_path / "doc.txt"
    path.write_text(text.replace(target, "\x1b]0;pwned\x07\x1b[2J" + target + "\x9b"), encoding="utf-8")
    result = invoke("check", path)
    assert "\\x1b]0;pwned\\x07\\x1b[2J" in result.output
    assert not any(ch in result.output for ch in "\x1b\x07\x9b")


def test_visible_keeps_line_breaks_and_tabs():
    assert visible("a\tb\nc\x00d\x7f\x85") == "a\tb\nc\\x00d\\x7f\\x85"


def test_score_refuses_control_characters_in_form_text(tmp_path):
    form = yaml.safe_load(FORM)
    form["indicators"][0]["target"] = "2"
    path = tmp_path / "f.json"
    path.write_text(json.dumps(form, ensure_ascii=False), encoding="utf-8")
    assert invoke("score", path).exit_code == 0
    path.write_text(json.dumps(dict(form, project="a\x1b[2Jb"), ensure_ascii=False), encoding="utf-8")
    result = invoke("score", path)
    assert result.exit_code == 2 and "project：含有控制字符或无效字符 U+001B" in result.output


def test_a_bug_in_score_or_generate_is_exit_2_with_a_message(tmp_path, monkeypatch):
    import juesuan.generate.command as command
    import juesuan.score as score

    def boom(*args, **kwargs):
        raise KeyError("bug")

    monkeypatch.setattr(score, "score_form", boom)
    monkeypatch.setattr(command, "_run", boom)
    monkeypatch.delenv("JUESUAN_DEBUG", raising=False)
    for args in (["score", write(tmp_path / "f.yaml", FORM)], ["generate", tmp_path / "f.yaml", "-o", tmp_path / "o.md"]):
        result = invoke(*args)
        assert result.exit_code == 2 and "内部错误" in result.output and "KeyError" in result.output


@pytest.mark.parametrize("char", ["\ufffe", "\uffff", "\ud800", "\x00", "\x85"])
def test_text_that_xml_cannot_hold_is_refused_not_a_crash_of_the_word_writer(tmp_path, char):
    data = json.dumps({"org": f"测试{char}街道", "year": 2023, "unit": "万元"})      # ASCII, the character escaped
    result = invoke("generate", write(tmp_path / "d.json", data), "-o", tmp_path / "d.docx", "--no-charts")
    assert result.exit_code == 2 and "org：含有控制字符或无效字符" in result.output


def test_a_self_evaluation_sheet_that_cannot_be_scored_is_refused_not_dropped(tmp_path):
    from openpyxl import load_workbook

    wb = load_workbook(ROOT / "examples" / "generate" / "dayu-2023.xlsx")
    assert wb["自评表1"]["D12"].value == "设备验收合格率"
    wb["自评表1"]["G12"] = "-10"
    wb.save(tmp_path / "d.xlsx")
    result = invoke("generate", tmp_path / "d.xlsx", "-o", tmp_path / "d.md", "--no-charts")
    assert result.exit_code == 2 and "工作表“自评表1”" in result.output


def test_json_output_escapes_the_c1_controls_too(tmp_path):
    text = (ROOT / "examples" / "zhongcang-2024.txt").read_text(encoding="utf-8")
    path = tmp_path / "doc.txt"
    path.write_text(text.replace("行政事业单位养老支出", "\x1b[2J\x9b行政事业单位养老支出"), encoding="utf-8")
    result = invoke("check", "--format", "json", path)
    assert not any(ch in result.output for ch in "\x1b\x9b")
    assert "\\u009b" in result.output and json.loads(result.output.splitlines()[0])["file"] == str(path)
