"""Readers turn a file of any supported format into a :class:`Document`.

``read(path)`` picks the reader by the file's content (magic bytes) first and
its extension second, so a misnamed file is still read right, and a file
that is not what it claims gives a clear :class:`ReadError`.

Only regular files are read (a FIFO would block, a device never end), and
only up to a size limit: ``max_bytes`` if given, else the environment
variable ``JUESUAN_MAX_SIZE`` (in MB), else :data:`DEFAULT_MAX_MB`.  The same
limit bounds what a compressed format (.docx) may inflate to.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..document import Document
from .errors import ReadError
from .html import looks_like_html

__all__ = ["read", "ReadError", "max_bytes_default", "DEFAULT_MAX_MB"]

DEFAULT_MAX_MB = 200
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
MAX_SIZE_ENV = "JUESUAN_MAX_SIZE"
_IS_DIRECTORY = "是目录，不是文件（is a directory）"


def max_bytes_default() -> int:
    """The size limit in bytes: ``$JUESUAN_MAX_SIZE`` (MB) when it is a positive number, else the default."""
    try:
        mb = float(os.environ.get(MAX_SIZE_ENV, ""))
    except ValueError:
        mb = DEFAULT_MAX_MB
    return int((mb if mb > 0 else DEFAULT_MAX_MB) * 1024 * 1024)


def read(path: str, max_bytes: int | None = None) -> Document:
    limit = max_bytes if max_bytes is not None else max_bytes_default()
    return read_bytes(path, _read_regular_file(path, limit), max_bytes=limit)


def _read_regular_file(path: str, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, or a ReadError saying why not.

    The file is opened without blocking and checked on the open descriptor, so a
    FIFO or device is refused before anything waits on it.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except IsADirectoryError:
        raise ReadError(path, _IS_DIRECTORY) from None
    except OSError as exc:
        raise ReadError(path, f"无法打开文件（{exc.strerror or exc}）") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ReadError(path, _IS_DIRECTORY)
        if not stat.S_ISREG(info.st_mode):
            raise ReadError(path, f"不是普通文件（{_kind(info.st_mode)}），未读取（not a regular file）")
        if info.st_size > limit:
            raise ReadError(path, _too_large(info.st_size, limit))
        with os.fdopen(os.dup(fd), "rb") as f:
            data = f.read(limit + 1)            # the file may have grown since fstat
    except OSError as exc:
        raise ReadError(path, f"无法读取文件（{exc.strerror or exc}）") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise ReadError(path, _too_large(len(data), limit))
    return data


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "管道 FIFO"), (stat.S_ISCHR, "字符设备"), (stat.S_ISBLK, "块设备"),
             (stat.S_ISSOCK, "套接字"))
    return next((name for test, name in kinds if test(mode)), "特殊文件")


def _too_large(size: int, limit: int) -> str:
    return (f"文件过大（{size / 1048576:.1f} MB，上限 {limit / 1048576:g} MB；可用 --max-size 或环境变量 "
            f"{MAX_SIZE_ENV} 调整）（file too large）")


def read_bytes(path: str, data: bytes, max_bytes: int | None = None) -> Document:
    limit = max_bytes if max_bytes is not None else max_bytes_default()
    suffix = Path(path).suffix.lower()
    if data.startswith(b"PK\x03\x04") and (suffix in WORKBOOK_SUFFIXES or _zip_holds(data, "xl/workbook.xml")):
        from .xlsx import read_xlsx

        return read_xlsx(path, data)
    if data.startswith(b"PK\x03\x04") or suffix == ".docx":
        from .docx import read_docx

        return read_docx(path, data, max_unpacked=limit)
    if data.startswith(b"%PDF") or suffix == ".pdf":
        try:
            from .pdf import read_pdf
        except ImportError as exc:
            raise ReadError(path, f"无法读取 PDF：缺少 PDF 组件（PDF support is not installed: {exc}）") from None
        return read_pdf(path, data)
    if data.startswith(_OLE_MAGIC):
        return _read_legacy(path, data, suffix, limit)
    if suffix in (".html", ".htm") or looks_like_html(data):
        from .html import read_html

        return read_html(path, data)
    if suffix in (".md", ".markdown"):
        from .markdown import read_markdown

        return read_markdown(path, data)
    from .txt import read_txt

    return read_txt(path, data)


def _zip_holds(data: bytes, member: str) -> bool:
    """Whether a zip archive has the member (its central directory only is read)."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return member in archive.NameToInfo
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _ole_holds(data: bytes, stream: str) -> bool:
    """Whether an OLE container names the stream (directory names are UTF-16)."""
    return stream.encode("utf-16-le") in data


def _read_legacy(path: str, data: bytes, suffix: str, limit: int) -> Document:
    """A file in an OLE container: an encrypted .docx (refused by the Word reader
    with its message), a .xls workbook read by xlrd, else (a .doc, .wps or .et,
    or no xlrd) converted by LibreOffice."""
    from .docx import read_docx
    from .legacy import convert

    if _ole_holds(data, "EncryptedPackage"):
        return read_docx(path, data, max_unpacked=limit)
    if not _ole_holds(data, "WordDocument\0") and (
            _ole_holds(data, "Workbook\0") or _ole_holds(data, "Book\0") or suffix in (".xls", ".et")):
        try:
            from .xls import read_xls
        except ImportError:                       # xlrd is the optional extra 'xls'
            from .xlsx import read_xlsx

            return read_xlsx(path, convert(path, data, "xlsx", f"旧版 Excel / WPS 表格（{suffix or '.xls'}）"))
        return read_xls(path, data)
    kind = "WPS 文字（.wps）" if suffix == ".wps" else "旧版 Word（.doc）"
    return read_docx(path, convert(path, data, "docx", kind), max_unpacked=limit)
