"""Bad input on the reading side (issue 9): never a crash, never a hang, never a false "clean".

Each test builds the input the issue's author reproduced the fault with:
absurd numbers, a text with nothing to check, a FIFO and a device, files
past the size limit, .docx expansion bombs, HTML rowspan amplification,
UTF-16/UTF-32 text and deeply nested Word tables.  The bombs run in a child
process whose own peak memory (VmHWM; ``ru_maxrss`` where there is no /proc) must
stay under 500 MB.
"""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest

import juesuan
from docx_builder import build_docx_from_txt
from juesuan.cli import main
from juesuan.readers import ReadError, read
from test_cli import CLEAN, WRONG_SHARE, json_lines, runner

SRC = Path(juesuan.__file__).resolve().parents[1]
MEMORY_LIMIT_KB = 500 * 1024

NOTHING_TO_CHECK = "某单位2024年度部门决算公开，部门决算说明见附件。\n"
NOT_CHECKED = "没有读出可核对的数字"


# ------------------------------------------------------------ helpers

def invoke(*args: str, env: dict | None = None):
    return runner().invoke(main, [str(a) for a in args], catch_exceptions=False, env=env)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def run_child(*args: str, timeout: float = 60) -> tuple[subprocess.CompletedProcess, int]:
    """``juesuan ARGS`` in a child process: the completed process and the child's peak memory in KB."""
    code = ("import resource, sys\n"
            "from juesuan.cli import main\n"
            "def peak_kb():\n"
            "    try:  # this process's own peak (ru_maxrss keeps the forking parent's peak across exec)\n"
            "        with open('/proc/self/status') as status:\n"
            "            return next(int(line.split()[1]) for line in status if line.startswith('VmHWM:'))\n"
            "    except (OSError, StopIteration):\n"
            "        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "try:\n"
            "    main(sys.argv[1:])\n"
            "except SystemExit as done:\n"
            "    status = done.code\n"
            "print(f'MAXRSS_KB={peak_kb()}', file=sys.stderr)\n"
            "sys.exit(status)\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))}
    env.pop("JUESUAN_DEBUG", None)
    done = subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=env)
    marker = [line for line in done.stderr.splitlines() if line.startswith("MAXRSS_KB=")]
    assert marker, done.stderr
    return done, int(marker[-1].split("=")[1])


def assert_answered(result, files, codes=(0, 1, 2)):
    """Every file has its JSON line, no traceback, an exit status of the contract."""
    assert result.exit_code in codes, (result.exit_code, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    assert "内部错误" not in result.stdout + result.stderr
    objs = json_lines(result.stdout)
    assert [o["file"] for o in objs] == [str(f) for f in files]
    return objs


# ---------------------------------------------- 1. absurd numbers

def _amount_line(number: str, unit: str) -> str:
    return CLEAN + f"2024年度“三公”经费支出{number}{unit}，比上年增加1.00万元。\n"


ABSURD = {
    "25 digits 万元": _amount_line("1" * 25 + ".00", "万元"),
    "27 digits 元": _amount_line("9" * 27, "元"),
    "27 significant digits": _amount_line("1" * 13 + "." + "1" * 14, "万元"),
    "broken grouping, 4,400 digits": _amount_line("1" + ",234" * 1100 + ".567.89", "万元"),
    "count of 5,000 digits": CLEAN + "四、国有资产占有使用情况\n截至2024年12月31日，本单位共有车辆" + "7" * 5000 + "辆。\n",
    "performance counts of 5,000 digits": ("某单位2023年度部门整体绩效自评报告\n一、绩效评价工作开展情况\n"
                                           "本年度共开展绩效自评项目{0}个，涉及资金1000.00万元，其中：优秀{0}个，良好2个。\n"
                                           "跟踪的{0}个项目中有{0}个项目预算执行率不足80%。\n"
                                           "部门整体绩效自评得分95分，评价等级为优。\n").format("8" * 5000),
    "many decimals": _amount_line("0." + "0" * 40 + "1", "元"),
    "absurd quotient": CLEAN.replace("基本支出600.00万元", "基本支出99999999999999.99亿元")
                            .replace("本年支出合计1000.00万元", "本年支出合计0.0000000001万元"),
}


@pytest.mark.parametrize("name", sorted(ABSURD))
def test_an_absurd_number_never_ends_the_document_or_the_batch(tmp_path, name):
    bad = write(tmp_path, "absurd.txt", ABSURD[name])
    good = write(tmp_path, "wrong-share.txt", WRONG_SHARE)
    result = invoke("check", "--format", "json", bad, good)
    objs = assert_answered(result, [bad, good], codes=(1,))
    assert "error" not in objs[0]                      # the document itself is still checked
    assert objs[0]["coverage"]["rules_run"] > 0
    assert any(f["rule"] == "JS-R301" for f in objs[1]["findings"])
    for fmt in ("json", "csv"):
        extracted = invoke("extract", "--format", fmt, bad, good)
        assert extracted.exit_code == 0, extracted.stderr
        assert "内部错误" not in extracted.stderr


def test_broken_grouping_of_an_absurd_number_is_a_finding(tmp_path):
    bad = write(tmp_path, "absurd.txt", ABSURD["broken grouping, 4,400 digits"])
    obj = json_lines(invoke("check", "--format", "json", bad).stdout)[0]
    assert any(f["rule"] == "JS-R602" for f in obj["findings"])


def test_a_failure_while_rendering_is_that_files_error_only(tmp_path, monkeypatch):
    """Rendering runs inside the per-file guard: one file's failure does not stop the batch."""
    from juesuan.model import Report

    real = Report.figures

    def figures(self):
        if "永顺镇" in self.document.text and "三公" in self.document.text:
            raise ArithmeticError("simulated")
        return real(self)

    monkeypatch.setattr(Report, "figures", figures)
    monkeypatch.delenv("JUESUAN_DEBUG", raising=False)
    first = write(tmp_path, "first.txt", _amount_line("1.00", "万元"))
    second = write(tmp_path, "second.txt", WRONG_SHARE)
    result = invoke("check", "--format", "json", first, second)
    assert result.exit_code == 2
    objs = json_lines(result.stdout)
    assert [o["file"] for o in objs] == [str(first), str(second)]
    assert "内部错误" in objs[0]["error"] and "Traceback" not in result.stderr
    assert any(f["rule"] == "JS-R301" for f in objs[1]["findings"])
    extracted = invoke("extract", "--format", "csv", first, second)
    assert extracted.exit_code == 2 and str(second) in extracted.stdout


# ------------------------------------ 2. nothing checked is never "clean"

def test_a_text_without_figures_is_not_checked_not_clean(tmp_path):
    path = write(tmp_path, "nothing.txt", NOTHING_TO_CHECK)
    result = invoke("check", "--format", "json", path)
    assert result.exit_code == 2
    obj = json_lines(result.stdout)[0]
    assert obj["doc_type"] == "final_accounts" and NOT_CHECKED in obj["error"]
    assert NOT_CHECKED in invoke("check", path).stderr


def test_a_document_with_checked_figures_is_still_clean(tmp_path):
    assert invoke("check", write(tmp_path, "clean.txt", CLEAN)).exit_code == 0


# ------------------------------- 3. regular files only, and a size limit

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    good = write(tmp_path, "clean.txt", CLEAN)
    done, _ = run_child("check", "--format", "json", fifo, good, timeout=30)
    assert done.returncode == 2
    objs = json_lines(done.stdout)
    assert "不是普通文件" in objs[0]["error"] and "FIFO" in objs[0]["error"]
    assert "error" not in objs[1]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_device_is_refused_without_reading_it():
    done, peak_kb = run_child("check", "/dev/zero", timeout=30)
    assert done.returncode == 2 and "不是普通文件" in done.stderr
    assert peak_kb < MEMORY_LIMIT_KB


def test_a_file_past_the_size_limit_is_refused(tmp_path, monkeypatch):
    path = write(tmp_path, "clean.txt", CLEAN * 20)          # about 12 KB
    result = invoke("check", "--max-size", "0.005", path)
    assert result.exit_code == 2 and "文件过大" in result.stderr and "--max-size" in result.stderr
    monkeypatch.setenv("JUESUAN_MAX_SIZE", "0.005")
    assert "文件过大" in invoke("extract", path).stderr
    assert invoke("check", "--max-size", "1", path).exit_code == 0     # the option wins over the variable
    with pytest.raises(ReadError, match="文件过大"):
        read(str(path))


# ---------------------------------------- 4. .docx expansion bombs

def _deflate_bomb(size: int) -> bytes:
    """Raw deflate data that inflates to ``size`` bytes of XML-ish filler, built in milliseconds.

    A full flush resets the compressor, so one compressed chunk can be repeated.
    """
    chunk = b"<w:p/>" * (1 << 17)                         # 768 KiB
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = squeeze.compress(chunk) + squeeze.flush(zlib.Z_FULL_FLUSH)
    tail = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    return block * (size // len(chunk)) + tail


def _zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip archive of (name, raw deflate data, declared size, crc) members, written by hand."""
    out, central = bytearray(), bytearray()
    for name, data, size, crc in members:
        encoded = name.encode()
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(data), size,
                               len(encoded), 0, 0, 0, 0, 0, len(out)) + encoded
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0)
        out += encoded + data
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), len(out), 0)
    return bytes(out + central + end)


def _docx_with_body(tmp_path: Path, body: bytes | None = None, *, declared: int | None = None) -> bytes:
    """A real .docx whose word/document.xml is replaced by raw deflate ``body`` declaring ``declared`` bytes."""
    real = build_docx_from_txt(CLEAN, tmp_path / "real.docx").read_bytes()
    members = []
    with zipfile.ZipFile(io.BytesIO(real)) as archive:
        for info in archive.infolist():
            content = archive.read(info)
            if info.filename == "word/document.xml" and body is not None:
                members.append((info.filename, body, declared, 0))
                continue
            squeeze = zlib.compressobj(6, zlib.DEFLATED, -15)
            members.append((info.filename, squeeze.compress(content) + squeeze.flush(),
                            len(content), zlib.crc32(content)))
    return _zip(members)


def test_the_hand_written_zip_is_a_real_docx(tmp_path):
    doc = read(str(write(tmp_path, "plain.docx", _docx_with_body(tmp_path))))
    assert "本年支出合计1000.00万元" in doc.text


@pytest.mark.parametrize("gigabytes", [1, 4])
def test_a_docx_that_declares_gigabytes_is_refused_before_unpacking(tmp_path, gigabytes):
    size = min(gigabytes << 30, 0xFFFFFFFF)                 # the largest size a zip without zip64 declares
    bomb = write(tmp_path, "bomb.docx", _docx_with_body(tmp_path, _deflate_bomb(1 << 30), declared=size))
    good = write(tmp_path, "clean.txt", CLEAN)
    started = time.perf_counter()
    done, peak_kb = run_child("check", "--format", "json", bomb, good)
    assert time.perf_counter() - started < 30
    assert done.returncode == 2
    objs = json_lines(done.stdout)
    assert "压缩炸弹" in objs[0]["error"] and "error" not in objs[1]
    assert peak_kb < MEMORY_LIMIT_KB


def test_a_docx_member_that_lies_about_its_size_is_never_inflated_past_it(tmp_path):
    bomb = write(tmp_path, "liar.docx", _docx_with_body(tmp_path, _deflate_bomb(1 << 30), declared=100_000))
    done, peak_kb = run_child("check", bomb)
    assert done.returncode == 2 and "已损坏" in done.stderr
    assert peak_kb < MEMORY_LIMIT_KB


def test_the_unpack_limit_follows_the_size_option(tmp_path):
    path = write(tmp_path, "clean.docx", _docx_with_body(tmp_path))
    assert invoke("check", path).exit_code == 0
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    between = (path.stat().st_size + unpacked) / 2 / 1048576     # the file fits, its unpacked parts do not
    refused = invoke("check", "--max-size", f"{between:.6f}", path)
    assert refused.exit_code == 2 and "压缩炸弹" in refused.stderr


# ------------------------------------------ 7. HTML rowspan amplification

def _rowspan_html(cells: int, rowspan: int, rows_below: int) -> str:
    first = "".join(f'<td rowspan="{rowspan}">{i}</td>' for i in range(cells))
    below = "<tr><td>x</td></tr>" * rows_below
    return f"<html><body><p>某单位2024年度部门决算</p><table><tr>{first}</tr>{below}</table></body></html>"


def test_rowspan_of_one_row_costs_nothing(tmp_path):
    path = write(tmp_path, "span.html", _rowspan_html(1000, 100_000, 0))
    started = time.perf_counter()
    doc = read(str(path))
    assert time.perf_counter() - started < 2
    assert len(doc.tables[0].rows) == 1


def test_rowspan_amplification_is_bounded_in_time_and_memory(tmp_path):
    path = write(tmp_path, "span.html", _rowspan_html(1000, 100_000, 5000))
    started = time.perf_counter()
    done, peak_kb = run_child("check", path)
    assert time.perf_counter() - started < 20
    assert done.returncode == 2 and "rowspan" in done.stderr
    assert peak_kb < MEMORY_LIMIT_KB


def test_rowspan_still_lays_out_merged_cells(tmp_path):
    html = ("<table><tr><th>科目</th><th>决算数</th><th>备注</th></tr>"
            '<tr><td rowspan="2">一般公共服务支出</td><td>10.00</td><td rowspan="9">无</td></tr>'
            "<tr><td>20.00</td></tr><tr><td>合计</td><td>30.00</td></tr></table>")
    doc = read(str(write(tmp_path, "t.html", "<html><body>" + html + "</body></html>")))
    rows = [[c.text for c in row] for row in doc.tables[0].rows]
    assert rows == [["科目", "决算数", "备注"], ["一般公共服务支出", "10.00", "无"], ["", "20.00", ""],
                    ["合计", "30.00", ""]]


# ------------------------------------ 11. UTF-16/UTF-32 and nested tables

@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be"])
def test_unicode_text_from_notepad_is_read(tmp_path, encoding):
    data = WRONG_SHARE.replace("\n", "\r\n").encode(encoding)
    if encoding == "utf-32-be":
        data = b"\x00\x00\xfe\xff" + data
    path = write(tmp_path, f"{encoding}.txt", data)
    assert read(str(path)).text == WRONG_SHARE
    result = invoke("check", "--format", "json", path)
    assert result.exit_code == 1
    assert any(f["rule"] == "JS-R301" for f in json_lines(result.stdout)[0]["findings"])


def test_binary_with_nuls_on_both_sides_is_still_binary(tmp_path):
    path = write(tmp_path, "blob.txt", bytes(range(256)) * 8)
    with pytest.raises(ReadError, match="二进制"):
        read(str(path))


def _nested_tables_docx(tmp_path: Path, depth: int) -> bytes:
    real = build_docx_from_txt(CLEAN, tmp_path / "real.docx").read_bytes()
    inner = "<w:p><w:r><w:t>最里层</w:t></w:r></w:p>"
    for _ in range(depth):
        inner = f"<w:tbl><w:tr><w:tc>{inner}<w:p/></w:tc></w:tr></w:tbl>"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(real)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "word/document.xml":
                content = content.replace(b"<w:body>", b"<w:body>" + inner.encode(), 1)
            dst.writestr(info, content)
    return out.getvalue()


def test_deeply_nested_word_tables_are_named_not_called_damaged(tmp_path):
    path = write(tmp_path, "nested.docx", _nested_tables_docx(tmp_path, 90))
    with pytest.raises(ReadError) as refused:
        read(str(path))
    assert "嵌套" in refused.value.reason and "损坏" not in refused.value.reason


def test_moderately_nested_word_tables_are_read(tmp_path):
    doc = read(str(write(tmp_path, "nested.docx", _nested_tables_docx(tmp_path, 5))))
    assert "最里层" in doc.text and "本年支出合计1000.00万元" in doc.text
