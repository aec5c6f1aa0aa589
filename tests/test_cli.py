"""The ``juesuan`` command from the outside: exit codes, bad input, output contracts.

Run through click's CliRunner (in process, fast).  Bad input of every kind
must give a clear message on stderr and exit 2 — never a traceback, never a
"no problems found" — and must not stop the other files of the same call.
``--format json`` must follow spec/report-json.md.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from docx_builder import build_docx_from_txt
from juesuan.checks import REGISTRY
from juesuan.checks.cross_year import CROSS_REGISTRY
from juesuan.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "zhongcang-2024.txt"

CLEAN = """\
北京市通州区永顺镇人民政府2024年度部门决算公开说明
第二部分 2024年度部门决算说明
二、收入支出决算总体情况说明
（一）收入决算说明
2024年度本年收入合计1000.00万元，其中：财政拨款收入1000.00万元，占100.00%。
（二）支出决算说明
2024年度本年支出合计1000.00万元，比上年增加100.00万元，增长11.11%；其中：基本支出600.00万元，占本年支出合计的60.00%；项目支出400.00万元，占本年支出合计的40.00%。
"""
WRONG_SHARE = CLEAN.replace("占本年支出合计的60.00%", "占本年支出合计的66.00%")

BUDGET = """\
北京市通州区永顺镇人民政府2024年部门预算公开
第一部分 2024年部门预算报表
一、收支预算总表
\t项目
\t预算数

\t本年收入合计
\t1000.00

\t本年支出合计
\t1000.00

第二部分 2024年部门预算说明
一、收支预算情况说明
2024年收入预算1000.00万元，比上年增加100.00万元，增长11.11%；支出预算1000.00万元，其中基本支出600.00万元，项目支出400.00万元。
"""

POEM = "静夜思\n床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n"

FALSE_ALL_CLEAR = ("均未发现问题", "no problems")


def runner() -> CliRunner:
    try:                                   # click < 8.2 mixes stderr into output by default
        return CliRunner(mix_stderr=False)
    except TypeError:
        return CliRunner()


def invoke(*args: str):
    return runner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def json_lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


# ------------------------------------------------------------ bad input files

def _docx_bytes(text: str, tmp_path: Path) -> bytes:
    return build_docx_from_txt(text, tmp_path / "built.docx").read_bytes()


def make_empty(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    return p


def make_blank(tmp_path):
    p = tmp_path / "blank.txt"
    p.write_bytes(b" \n\r\n\t\n")
    return p


def make_random_bytes(tmp_path):
    p = tmp_path / "random.txt"
    p.write_bytes(random.Random(1).randbytes(4096))
    return p


def make_random_high_bytes(tmp_path):
    """Random bytes without NUL, all ≥ 0x80: no binary marker, not valid text."""
    rng = random.Random(2)
    p = tmp_path / "high.txt"
    p.write_bytes(bytes(rng.randrange(0x80, 0x100) for _ in range(4096)))
    return p


def make_zip_not_docx(tmp_path):
    p = tmp_path / "report.docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "这不是Word文档")
        z.writestr("data/1.csv", "a,b\n1,2\n")
    p.write_bytes(buf.getvalue())
    return p


def make_truncated_docx(tmp_path):
    data = _docx_bytes(EXAMPLE.read_text(encoding="utf-8"), tmp_path)
    p = tmp_path / "truncated.docx"
    p.write_bytes(data[: len(data) // 2])
    return p


def make_text_named_docx(tmp_path):
    p = tmp_path / "plain.docx"
    p.write_text("这只是一段文字，扩展名却是 docx。\n", encoding="utf-8")
    return p


def make_legacy_doc(tmp_path):
    p = tmp_path / "old.doc"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    return p


def make_directory(tmp_path):
    p = tmp_path / "a-directory"
    p.mkdir()
    return p


def make_missing(tmp_path):
    return tmp_path / "no-such-file.txt"


def make_budget(tmp_path):
    p = tmp_path / "budget-2024.txt"
    p.write_text(BUDGET, encoding="utf-8")
    return p


def make_poem(tmp_path):
    p = tmp_path / "poem.txt"
    p.write_text(POEM, encoding="utf-8")
    return p


def make_budget_docx(tmp_path):
    p = tmp_path / "budget-2024.docx"
    p.write_bytes(_docx_bytes(BUDGET, tmp_path))
    return p


BAD_INPUTS = {
    "empty file": make_empty,
    "blank file": make_blank,
    "random bytes": make_random_bytes,
    "random high bytes": make_random_high_bytes,
    "zip that is not a docx": make_zip_not_docx,
    "truncated docx": make_truncated_docx,
    "text named .docx": make_text_named_docx,
    "legacy .doc": make_legacy_doc,
    "directory": make_directory,
    "missing file": make_missing,
    "unrelated text (a poem)": make_poem,
}


@pytest.fixture(params=list(BAD_INPUTS), ids=list(BAD_INPUTS))
def bad_file(request, tmp_path) -> Path:
    return BAD_INPUTS[request.param](tmp_path)


def assert_clean_failure(result, path: Path) -> None:
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert f"juesuan: {path}:" in result.stderr
    message = result.stderr.split(f"juesuan: {path}:", 1)[1].strip()
    assert len(message) >= 4, result.stderr
    for phrase in FALSE_ALL_CLEAR:
        assert phrase not in result.stdout


def test_bad_input_gives_clear_message_and_exit_2(bad_file):
    result = invoke("check", bad_file)
    assert_clean_failure(result, bad_file)
    assert "internal error" not in result.stderr          # a known kind of bad input, not a bug


def test_bad_input_in_json_gives_an_object_with_the_error(bad_file):
    result = invoke("check", "--format", "json", bad_file)
    assert_clean_failure(result, bad_file)
    (obj,) = json_lines(result.stdout)
    assert obj["file"] == str(bad_file)
    assert obj["error"]
    assert obj["findings"] == []
    assert obj["coverage"]["rules_run"] == 0
    assert obj["doc_type"] == "unknown"


def test_bad_input_in_extract_gives_exit_2(bad_file):
    result = invoke("extract", bad_file)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert f"juesuan: {bad_file}:" in result.stderr


@pytest.mark.parametrize("make", [make_budget, make_budget_docx], ids=["text", "docx"])
def test_budget_is_checked_as_a_budget(tmp_path, make):
    path = make(tmp_path)
    result = invoke("check", "--format", "json", path)
    (obj,) = json_lines(result.stdout)
    assert obj["doc_type"] == "budget" and not obj.get("error")
    assert obj["coverage"]["rules_run"] > 0


def test_good_file_after_bad_files_is_still_checked(tmp_path):
    bad = [make(tmp_path) for make in BAD_INPUTS.values()]
    result = invoke("check", *bad, EXAMPLE)
    assert result.exit_code == 2
    for path in bad:
        assert f"juesuan: {path}:" in result.stderr
    tail = result.stdout.split(f"== {EXAMPLE}", 1)[1]
    assert "JS-R201" in tail and "第65行" in tail          # the example's findings, in full
    assert "小结：错误" in tail


def test_good_file_after_bad_file_in_json(tmp_path):
    result = invoke("check", "--format", "json", make_random_bytes(tmp_path), make_missing(tmp_path), EXAMPLE)
    assert result.exit_code == 2
    objs = json_lines(result.stdout)
    assert [o["file"] for o in objs][-1] == str(EXAMPLE)
    assert objs[-1]["findings"] and "error" not in objs[-1]


def test_no_file_argument_is_a_usage_error():
    result = invoke("check")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


# ------------------------------------------------------------ exit codes

def test_exit_0_when_no_error_finding(tmp_path):
    p = tmp_path / "clean.txt"
    p.write_text(CLEAN, encoding="utf-8")
    result = invoke("check", p)
    assert result.exit_code == 0, result.stdout
    assert result.stderr == ""
    assert "核对规则" in result.stdout


def test_exit_1_when_an_error_finding(tmp_path):
    p = tmp_path / "wrong.txt"
    p.write_text(WRONG_SHARE, encoding="utf-8")
    result = invoke("check", p)
    assert result.exit_code == 1, result.stdout
    assert "JS-R301" in result.stdout and "第7行" in result.stdout
    assert "60.00%" in result.stdout


def test_exit_1_on_the_example():
    result = invoke("check", EXAMPLE)
    assert result.exit_code == 1
    assert result.stderr == ""


def test_exit_2_wins_over_1(tmp_path):
    result = invoke("check", EXAMPLE, make_empty(tmp_path))
    assert result.exit_code == 2


# ------------------------------------------------------------ the JSON contract

FINDING_KEYS = {"rule", "severity", "title", "message", "expected", "actual", "location"}
LOCATION_KEYS = {"page", "line", "start", "end", "quote"}
ALL_RULES = [*REGISTRY, *CROSS_REGISTRY]      # single-document rules, then cross-document ones
RULE_IDS = {cls.id for cls in ALL_RULES}


def seed_files(seeds_dir: Path) -> list[Path]:
    return sorted(seeds_dir.glob("*.txt"))


def check_json_object(obj: dict, path: Path, text: str) -> None:
    assert obj["file"] == str(path)
    assert obj["doc_type"] in ("final_accounts", "performance_report")
    assert {"file", "doc_type", "figures", "lines", "findings", "coverage"} <= obj.keys()
    assert isinstance(obj["figures"]["meta.year"], int)
    for key, value in obj["figures"].items():
        if key.startswith(("income.", "expenditure.", "totals.", "fiscal.", "basic.")):
            assert value.count(".") == 1 and len(value.split(".")[1]) == 2, (key, value)
    for ln in obj["lines"]:
        assert {"table", "code", "name", "level", "actual", "budget", "unit", "location"} <= ln.keys()
        assert ln["location"]["page"] is None and ln["location"]["line"] >= 1
    lines = text.split("\n")
    for f in obj["findings"]:
        assert FINDING_KEYS <= f.keys(), f
        assert f["rule"] in RULE_IDS
        assert f["severity"] in ("error", "warning", "info")
        assert f["title"] and f["message"]
        loc = f["location"]
        assert loc.keys() >= LOCATION_KEYS
        assert loc["page"] is None                          # plain text has no pages
        assert 0 <= loc["start"] < loc["end"] <= len(text)
        assert loc["quote"] == " ".join(text[loc["start"]:loc["end"]].split())
        assert loc["line"] == text.count("\n", 0, loc["start"]) + 1
        first = loc["quote"].split(" ")[0]
        assert first in lines[loc["line"] - 1], (loc, lines[loc["line"] - 1])
    cov = obj["coverage"]
    assert cov["rules_run"] > 0
    for skipped in cov["rules_skipped"]:
        assert skipped["rule"] in RULE_IDS and skipped["why"]
    assert cov["rules_run"] + len(cov["rules_skipped"]) == len(ALL_RULES)


def test_json_lines_one_object_per_file_with_the_spec_keys(seeds_dir):
    files = seed_files(seeds_dir)
    result = invoke("check", "--format", "json", *files)
    assert result.exit_code in (0, 1), result.stderr
    objs = json_lines(result.stdout)
    assert len(objs) == len(files) == len(result.stdout.strip().split("\n"))
    for obj, path in zip(objs, files):
        check_json_object(obj, path, path.read_text(encoding="utf-8-sig"))


def test_json_line_numbers_are_the_files_own_with_crlf(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8")
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    (lf,) = json_lines(invoke("check", "--format", "json", EXAMPLE).stdout)
    (cr,) = json_lines(invoke("check", "--format", "json", crlf).stdout)
    assert [f["location"]["line"] for f in cr["findings"]] == [f["location"]["line"] for f in lf["findings"]]
    raw_lines = crlf.read_bytes().decode("utf-8").split("\r\n")
    for f in cr["findings"]:
        assert f["location"]["quote"].split(" ")[0] in raw_lines[f["location"]["line"] - 1]


def test_the_example_finds_the_known_errors():
    (obj,) = json_lines(invoke("check", "--format", "json", EXAMPLE).stdout)
    by_line = {(f["rule"], f["location"]["line"]): f for f in obj["findings"]}
    unit = by_line[("JS-R601", 58)]
    assert unit["severity"] == "error"
    assert unit["location"]["quote"] == "853.15元" and unit["expected"] == "853.15万元"
    assert by_line[("JS-R201", 65)]["expected"] == "496.42万元"


# ------------------------------------------------------------ encodings

def findings_of(path: Path) -> list[tuple]:
    (obj,) = json_lines(invoke("check", "--format", "json", path).stdout)
    return [(f["rule"], f["severity"], f["location"]["line"], f["location"]["quote"], f["expected"],
             f["actual"], f["message"]) for f in obj["findings"]], obj["figures"]


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig"])
def test_encodings_give_the_same_findings(tmp_path, encoding):
    text = EXAMPLE.read_text(encoding="utf-8")
    other = tmp_path / f"example.{encoding}.txt"
    other.write_bytes(text.encode(encoding))
    base_findings, base_figures = findings_of(EXAMPLE)
    assert base_findings
    findings, figures = findings_of(other)
    assert findings == base_findings
    assert figures == base_figures


def test_every_seed_in_gb18030_and_bom(seeds_dir, tmp_path):
    for seed in seed_files(seeds_dir):
        text = seed.read_text(encoding="utf-8")
        expected = findings_of(seed)
        for encoding in ("gb18030", "utf-8-sig"):
            other = tmp_path / f"{seed.stem}.{encoding}.txt"
            other.write_bytes(text.encode(encoding))
            assert findings_of(other) == expected, (seed.name, encoding)


def test_docx_named_txt_is_read_as_word(tmp_path):
    data = _docx_bytes(EXAMPLE.read_text(encoding="utf-8"), tmp_path)
    misnamed = tmp_path / "misnamed.txt"
    misnamed.write_bytes(data)
    result = invoke("check", misnamed)
    assert result.exit_code == 1, result.stderr
    assert "JS-R201" in result.stdout


# ------------------------------------------------------------ extract and rules

def test_extract_json_has_figures_and_lines_without_findings():
    result = invoke("extract", EXAMPLE)
    assert result.exit_code == 0
    (obj,) = json_lines(result.stdout)
    assert obj["figures"]["expenditure.total"] == "179532800.00"
    assert obj["figures"]["meta.year"] == 2024
    assert obj["lines"]
    assert "findings" not in obj


def test_extract_csv(tmp_path):
    second = tmp_path / "second.txt"
    second.write_text(CLEAN, encoding="utf-8")
    result = invoke("extract", "--format", "csv", EXAMPLE, second)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert result.stdout.startswith("\ufefffile,kind,key_or_table,")    # a BOM: Excel reads UTF-8
    assert result.stdout.count("file,kind,key_or_table,") == 1          # one header for all files
    assert {r["file"] for r in rows} == {str(EXAMPLE), str(second)}
    figures = {(r["file"], r["key_or_table"]): r for r in rows if r["kind"] == "figure"}
    total = figures[(str(EXAMPLE), "expenditure.total")]
    assert total["value"] == "179532800.00" and total["unit"] == "元"
    assert figures[(str(EXAMPLE), "meta.org")]["unit"] == ""
    assert figures[(str(second), "income.total")]["value"] == "10000000.00"
    lines = [r for r in rows if r["kind"] == "line"]
    assert lines
    for r in lines:
        assert r["name"] and int(r["line"]) >= 1
        assert r["level"] in ("类", "款", "项", "")


def test_extract_csv_bad_file_keeps_header_and_other_rows(tmp_path):
    result = invoke("extract", "--format", "csv", make_empty(tmp_path), EXAMPLE)
    assert result.exit_code == 2
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert rows and {r["file"] for r in rows} == {str(EXAMPLE)}


def test_rules_lists_every_rule_with_id_family_severity_doc():
    result = invoke("rules", "--format", "json")
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert [r["id"] for r in listed] == [cls.id for cls in ALL_RULES]
    for cls, r in zip(ALL_RULES, listed):
        assert (r["family"], r["severity"], r["title"]) == (cls.family, cls.severity, cls.title)
        assert cls.id.startswith("JS-R") and cls.family and cls.title
        assert cls.severity in ("error", "warning", "info")
        assert len(r["doc"].strip()) >= 40, cls.id                # a real paragraph
        assert cls.doc().strip() == r["doc"].strip()
    assert len(RULE_IDS) == len(ALL_RULES)


def test_rules_text_is_for_a_chinese_reader():
    result = invoke("rules")
    assert result.exit_code == 0
    for cls in ALL_RULES:
        severity = {"error": "错误", "warning": "警告", "info": "提示"}[cls.severity]
        assert f"{cls.id}  [{severity}]  {cls.title}" in result.stdout
    assert "【合计（totals）】" in result.stdout and "【跨文件（cross_year）】" in result.stdout


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout.strip()


# ------------------------------------------------------------ the real command

def test_installed_command_runs_the_readme_example():
    """The README's first command, as a user types it (a real process)."""
    import shutil
    import subprocess

    exe = shutil.which("juesuan")
    if exe is None:
        pytest.skip("the juesuan command is not on PATH (package not installed)")
    proc = subprocess.run([exe, "check", "examples/zhongcang-2024.txt"], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert proc.returncode == 1, proc.stderr
    assert "北京市通州区中仓街道办事处" in proc.stdout
    assert "Traceback" not in proc.stderr
