"""Legacy office files (.doc, .wps, .et, and .xls without xlrd) read through LibreOffice.

When ``soffice`` (LibreOffice) is installed, the file is converted headless
into a private temporary directory — its own user profile there
(``-env:UserInstallation``), so a running LibreOffice or another conversion
is not disturbed, no network, a time limit — to .docx (text documents) or
.xlsx (spreadsheets), and that is read.  Without LibreOffice the message
says what to install or how to save the file instead.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .errors import ReadError

TIMEOUT = 120            # seconds a conversion may take
_INSTALL = "请安装 LibreOffice（apt-get install libreoffice-writer libreoffice-calc），或将文件另存为 {target}"


def soffice() -> str | None:
    """The LibreOffice command, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(path: str, data: bytes, target: str, kind: str) -> bytes:
    """The bytes of the file converted to ``target`` ("docx" or "xlsx") by
    LibreOffice, or a ReadError naming what is missing or what went wrong.
    ``kind`` names the source format in the messages."""
    command = soffice()
    if command is None:
        raise ReadError(path, f"{kind} 格式需要 LibreOffice 转换后读取，本机未安装；" + _INSTALL.format(target=f".{target}")
                        + f"（{kind} needs LibreOffice, which is not installed）")
    with tempfile.TemporaryDirectory(prefix="juesuan-") as tmp:
        source = Path(tmp, "input" + (Path(path).suffix.lower() or ".bin"))
        source.write_bytes(data)
        profile = Path(tmp, "profile").as_uri()
        env = {**os.environ, "HOME": tmp, "no_proxy": "*", "http_proxy": "", "https_proxy": ""}
        try:
            returncode, stderr = _run([command, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                                       "--nolockcheck", "--convert-to", target,
                                       "--outdir", str(Path(tmp, "out")), str(source)], env)
        except subprocess.TimeoutExpired:
            raise ReadError(path, f"LibreOffice 转换 {kind} 超时（{TIMEOUT} 秒），未读取（conversion timed out）") from None
        except OSError as exc:
            raise ReadError(path, f"无法运行 LibreOffice（{exc}）") from None
        out = Path(tmp, "out", source.stem + "." + target)
        if returncode != 0 or not out.is_file():
            raise ReadError(path, f"LibreOffice 无法转换此 {kind} 文件，可能已损坏或加密"
                                  f"（conversion failed: {stderr.decode(errors='replace').strip()[:200]}）")
        return out.read_bytes()


def _run(argv: list[str], env: dict) -> tuple[int, bytes]:
    """Run LibreOffice in its own process group, which is killed whole on time-out
    (``soffice`` starts ``soffice.bin`` as a child)."""
    process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=env, start_new_session=True)
    try:
        _, stderr = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    return process.returncode, stderr
